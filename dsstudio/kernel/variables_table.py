"""Pages of a table for the data viewer: only the visible window leaves the kernel, and only it is
converted to text.

Spyder pickles a whole frame into the app and VS Code's viewer converts a whole frame to JSON;
here a request names a window (rows × columns) and gets that window's cells as strings, so a
10^8-row frame costs what a screenful costs. Sorting is done here too, as a permutation computed
once per (object, column, order) and kept while that object is the one shown. Lazy frames page
with the limit pushed down (polars `slice`, dask partition by partition, Spark `offset`/`limit`,
an xarray array by `isel` of the window) and refuse to sort: that would compute the whole frame.

Standard library only: libraries are reached through `sys.modules`, never imported.
"""

from __future__ import annotations

import numbers
import sys
import weakref

from .variables_describe import dataset_rows

CELL_CHARS = 200
# One sort permutation is kept, and one filter's row positions: those of the object being viewed.
# Keyed by the object's id, each with a reference to that object: once it is freed, its id goes to
# the next object made (a frame rebound by a cell often gets the old one's), which must not take
# the old object's order.
_sort_cache: dict[tuple, tuple] = {}
_filter_cache: dict[tuple, tuple] = {}
# Row counts of a dask frame's partitions computed so far, per object (with its reference).
_partition_rows: dict[int, tuple] = {}


class TableError(Exception):
    """The request cannot be answered (the message is for the user)."""


def page(value, row: int, rows: int, column: int, columns: int, sort=None,
         row_filter: str | None = None) -> dict:
    """{total_rows (None: unknown without computing), total_columns, columns: [names],
    index: [labels], cells: [[text]]} for the window; `sort` = [column position, ascending];
    `row_filter`: a pandas expression over the columns ("amount > 50"), pandas frames only."""
    row, rows, column, columns = max(0, row), max(0, rows), max(0, column), max(0, columns)
    owner = value  # what the caches are kept for: the user's object, not a frame made from it
    pd, pl = sys.modules.get("pandas"), sys.modules.get("polars")
    np = sys.modules.get("numpy")
    if pd is not None and isinstance(value, (pd.Series, pd.Index)):
        value = value.to_frame()
    if pd is not None and isinstance(value, pd.DataFrame):
        return _pandas_page(value, owner, row, rows, column, columns, sort, row_filter)
    if row_filter:
        raise TableError("Filtering rows works on pandas frames (this is "
                         f"{type(value).__name__})")
    if pl is not None and isinstance(value, pl.Series):
        value = value.to_frame()
    if pl is not None and isinstance(value, pl.DataFrame):
        return _polars_page(value, owner, row, rows, column, columns, sort)
    if pl is not None and isinstance(value, pl.LazyFrame):
        return _lazy_polars_page(value, row, rows, column, columns, sort)
    dd = sys.modules.get("dask.dataframe")
    if dd is not None and isinstance(value, (dd.DataFrame, dd.Series)):
        return _dask_page(value, owner, row, rows, column, columns, sort)
    if np is not None and isinstance(value, np.ndarray) and value.ndim in (1, 2):
        return _array_page(value, owner, row, rows, column, columns, sort)
    xr = sys.modules.get("xarray")
    if xr is not None and isinstance(value, xr.DataArray) and value.ndim in (1, 2):
        return _xarray_page(value, row, rows, column, columns, sort)
    if xr is not None and isinstance(value, xr.Dataset) and dataset_rows(value) is not None:
        return _dataset_page(value, dataset_rows(value), row, rows, column, columns, sort)
    tensor = _tensor_as_numpy(value)
    if tensor is not None:
        return _array_page(tensor, owner, row, rows, column, columns, sort)
    sql = sys.modules.get("pyspark.sql")
    if sql is not None and isinstance(value, sql.DataFrame):
        return _spark_page(value, row, rows, column, columns, sort)
    if isinstance(value, list):
        return _records_page(value, row, rows, column, columns, sort)
    raise TableError(f"{type(value).__name__} cannot be shown as a table")


def forget(value_id: int | None = None) -> None:
    """Drop cached permutations and partition sizes (of `value_id`, or all)."""
    for cache in (_sort_cache, _filter_cache):
        for key in [k for k in cache if value_id is None or k[0] == value_id]:
            del cache[key]
    for key in [k for k in _partition_rows if value_id is None or k == value_id]:
        del _partition_rows[key]


def _text(cell) -> str:
    if isinstance(cell, float) and cell == cell and abs(cell) != float("inf"):
        # Readable at a glance: thousands grouped, six decimals at most, tiny and huge in e-form.
        if cell != 0 and not 1e-4 <= abs(cell) < 1e15:
            return f"{cell:.6g}"
        return f"{cell:,.6f}".rstrip("0").rstrip(".")
    text = str(cell)
    return text if len(text) <= CELL_CHARS else text[:CELL_CHARS - 1] + "…"


def _order(owner, key: tuple, compute, cache: dict = _sort_cache):
    """The row positions for `key` of `owner`, computed once; a new key or another object drops
    the old one (one kept)."""
    key = (id(owner), *key)
    kept = cache.get(key)
    if kept is None or kept[0]() is not owner:
        cache.clear()
        cache[key] = (_reference(owner), compute())
    return cache[key][1]


def _reference(value):
    """A weak reference to `value` (a cache must not keep a frame the user deleted alive), or a
    strong one where its type has none (a list of records)."""
    try:
        return weakref.ref(value)
    except TypeError:
        return lambda: value


def _pandas_page(frame, owner, row, rows, column, columns, sort, row_filter) -> dict:
    window = frame.iloc[:, column:column + columns]
    positions = None  # None: every row, in the frame's order
    if row_filter:
        positions = _order(owner, (row_filter,), lambda: _pandas_filter(frame, row_filter),
                           _filter_cache)
    if sort is not None:
        position, ascending = int(sort[0]), bool(sort[1])
        kept = positions

        def sorted_positions():
            values = frame.iloc[:, position] if kept is None else frame.iloc[kept, position]
            try:
                order = (values.reset_index(drop=True)
                         .sort_values(ascending=ascending, kind="stable", na_position="last")
                         .index.to_numpy())
            except TypeError:  # mixed types ('<' between str and int): as _mixed_order says
                order = sys.modules["numpy"].asarray(_mixed_order(
                    values.tolist(), values.isna().tolist(), ascending))
            return order if kept is None else kept[order]

        positions = _order(owner, (row_filter, position, ascending), sorted_positions)
    taken = window.iloc[row:row + rows] if positions is None else \
        window.iloc[positions[row:row + rows]]
    names = list(frame.columns)
    return {"total_rows": len(frame) if positions is None else len(positions),
            "total_columns": len(names),
            "columns": [_text(n) for n in names[column:column + columns]],
            "index": [_text(i) for i in taken.index],
            "cells": [[_text(c) for c in line] for line in taken.itertuples(index=False, name=None)]}


def _pandas_filter(frame, expression: str):
    """Positions of the rows where `expression` (pandas' `eval` over the columns) is true."""
    np = sys.modules["numpy"]
    try:
        mask = frame.eval(expression)
    except Exception as error:  # noqa: BLE001 (the user's expression: its error is the answer)
        raise TableError(f"Filter {expression!r}: {type(error).__name__}: {error}") from None
    if getattr(mask, "dtype", None) != bool or len(mask) != len(frame):
        raise TableError(f"Filter {expression!r} must be true or false for each row, "
                         "as in: amount > 50 and region == 'N'")
    return np.flatnonzero(mask.to_numpy())


def _polars_page(frame, owner, row, rows, column, columns, sort) -> dict:
    pl = sys.modules["polars"]
    names = frame.columns
    shown = names[column:column + columns]
    if sort is not None:
        position, ascending = int(sort[0]), bool(sort[1])
        order = _order(owner, (position, ascending), lambda: frame.select(
            pl.col(names[position]).arg_sort(descending=not ascending, nulls_last=True)
        ).to_series())
        positions = order.slice(row, rows)
        taken = frame.select(shown)[positions]
        index = positions.to_list()
    else:
        taken = frame.select(shown).slice(row, rows)
        index = list(range(row, row + taken.height))
    return {"total_rows": frame.height, "total_columns": len(names),
            "columns": [_text(n) for n in shown], "index": [_text(i) for i in index],
            "cells": [[_text(c) for c in line] for line in taken.iter_rows()]}


def _lazy_polars_page(frame, row, rows, column, columns, sort) -> dict:
    if sort is not None:
        raise TableError("Sorting a LazyFrame would compute all of it: collect it first")
    names = frame.collect_schema().names()
    shown = names[column:column + columns]
    # slice() before collect(): polars pushes the limit down into the scan.
    taken = frame.select(shown).slice(row, rows).collect()
    return {"total_rows": None, "total_columns": len(names),
            "columns": [_text(n) for n in shown],
            "index": [_text(i) for i in range(row, row + taken.height)],
            "cells": [[_text(c) for c in line] for line in taken.iter_rows()]}


def _dask_page(frame, owner, row, rows, column, columns, sort) -> dict:
    if sort is not None:
        raise TableError("Sorting a dask frame would compute all of it: compute it first")
    dd = sys.modules["dask.dataframe"]
    if isinstance(frame, dd.Series):
        frame = frame.to_frame()
    names = list(frame.columns)
    shown = names[column:column + columns]
    # Partitions are computed one at a time, only up to the window's end; their lengths are kept
    # so that the next page starts at the right partition without computing earlier ones again.
    kept = _partition_rows.get(id(owner))
    if kept is None or kept[0]() is not owner:
        kept = _partition_rows[id(owner)] = (_reference(owner), [])
    sizes = kept[1]
    parts, start, end = [], 0, row + rows
    for number in range(frame.npartitions):
        if number < len(sizes) and start + sizes[number] <= row:
            start += sizes[number]
            continue
        if start >= end:
            break
        part = frame.partitions[number][shown].compute()
        if number == len(sizes):
            sizes.append(len(part))
        parts.append(part.iloc[max(0, row - start):end - start])
        start += len(part)
    complete = len(sizes) == frame.npartitions
    pd = sys.modules["pandas"]
    taken = pd.concat(parts) if parts else frame._meta[shown]
    return {"total_rows": sum(sizes) if complete else None, "total_columns": len(names),
            "columns": [_text(n) for n in shown], "index": [_text(i) for i in taken.index],
            "cells": [[_text(c) for c in line] for line in taken.itertuples(index=False, name=None)]}


def _array_page(array, owner, row, rows, column, columns, sort) -> dict:
    """`owner`: the user's object (`array`, or the tensor it is a view of), for the sort cache."""
    matrix = array.reshape(-1, 1) if array.ndim == 1 else array
    shown = list(range(matrix.shape[1]))[column:column + columns]
    if sort is not None:
        position, ascending = int(sort[0]), bool(sort[1])
        order = _order(owner, (position, ascending),
                       lambda: _array_order(matrix[:, position], ascending))
        index = order[row:row + rows]
        taken = matrix[index][:, column:column + columns]
    else:
        index = range(row, min(row + rows, matrix.shape[0]))
        taken = matrix[row:row + rows, column:column + columns]
    return {"total_rows": int(matrix.shape[0]), "total_columns": int(matrix.shape[1]),
            "columns": [str(c) for c in shown], "index": [str(int(i)) for i in index],
            "cells": [[_text(c) for c in line] for line in taken.tolist()]}


def _xarray_page(array, row, rows, column, columns, sort) -> dict:
    """Rows along the first dimension, columns along the second, labelled by their coordinates.
    Only the window is read: a dask-backed array computes the chunks it touches, a file-backed
    one reads that slice. Sorting needs the whole column, so only arrays in memory sort."""
    dims = array.dims
    positions, picked = _xarray_rows(
        array, dims[0], row, rows, sort,
        lambda position: array.variable if array.ndim == 1 else array.variable[:, position])
    if array.ndim == 2:
        picked[dims[1]] = slice(column, column + columns)
    taken = sys.modules["numpy"].asarray(array.isel(picked).values)
    if array.ndim == 1:  # one column: the values
        taken = taken.reshape(-1, 1)[:, column:column + columns]
        names = [array.name if array.name is not None else dims[0]][column:column + columns]
    else:
        shown = range(column, min(column + columns, array.shape[1]))
        names = [array.indexes[dims[1]][c] if dims[1] in array.indexes else c for c in shown]
    return {"total_rows": int(array.shape[0]),
            "total_columns": int(array.shape[1]) if array.ndim == 2 else 1,
            "columns": [_text(n) for n in names],
            "index": _xarray_labels(array, dims[0], positions),
            "cells": [[_text(c) for c in line] for line in taken.tolist()]}


def _dataset_page(dataset, dimension, row, rows, column, columns, sort) -> dict:
    """A Dataset whose variables all run along one dimension, as a table: a column per variable,
    computed or read for the window only (Spyder's proposal, to_dataframe(), reads all of it)."""
    names = list(dataset.data_vars)
    shown = names[column:column + columns]
    positions, picked = _xarray_rows(dataset, dimension, row, rows, sort,
                                     lambda position: dataset.variables[names[position]])
    # One compute for all the window's columns (none for a window of no column).
    window = dataset[shown].isel(picked).compute() if shown else None
    values = [window.variables[name].values.tolist() for name in shown]
    return {"total_rows": int(dataset.sizes[dimension]), "total_columns": len(names),
            "columns": [_text(n) for n in shown],
            "index": _xarray_labels(dataset, dimension, positions),
            "cells": [[_text(c) for c in line] for line in zip(*values)] if values else
            [[] for _ in positions]}


def _xarray_rows(owner, dimension, row, rows, sort, sort_variable):
    """The window's row positions, and the `isel` selection taking them; with `sort`, ordered by
    the Variable `sort_variable(column)`, which must be in memory (else all of it is read)."""
    positions = range(row, min(row + rows, owner.sizes[dimension]))
    if sort is None:
        return positions, {dimension: slice(row, row + rows)}
    position, ascending = int(sort[0]), bool(sort[1])
    variable = sort_variable(position)
    if not variable._in_memory:
        raise TableError("Sorting an array that is not in memory would compute or read all of "
                         "it: load it first")
    order = _order(owner, (position, ascending), lambda: _array_order(variable.values, ascending))
    positions = order[row:row + rows]
    return positions, {dimension: positions}


def _xarray_labels(owner, dimension, positions) -> list[str]:
    index = owner.indexes[dimension] if dimension in owner.indexes else None
    return [_text(int(i) if index is None else index[int(i)]) for i in positions]


def _tensor_as_numpy(value):
    """A 1-D or 2-D dense CPU tensor as a numpy view of its memory (no copy); None if `value`
    is no tensor."""
    torch = sys.modules.get("torch")
    if torch is None or not isinstance(value, torch.Tensor):
        return None
    # Checked first: on a subclass every attribute read runs its __torch_function__ (user code).
    if not any(type(value) is kind for kind in (torch.Tensor, torch.nn.Parameter)):
        raise TableError(f"{type(value).__name__} is a tensor subclass: the viewer shows "
                         "torch's own tensors only (it never runs a subclass's code)")
    if value.ndim not in (1, 2) or value.layout is not torch.strided or value.is_nested \
            or value.device.type != "cpu":
        raise TableError("Only 1-D and 2-D dense tensors in CPU memory can be shown as a table")
    try:
        return value.detach().numpy()
    except (TypeError, RuntimeError) as error:  # (bfloat16 has no numpy type, and the like)
        raise TableError(f"This tensor cannot be shown as a table: {error}") from None


def _spark_page(frame, row, rows, column, columns, sort) -> dict:
    """One bounded job per page: `offset(row).limit(rows)` (Spark plans it as a take of row+rows
    rows, scanning partitions only until it has them); the whole frame is never collected, as
    VS Code's viewer did (vscode-jupyter#14006). The row count is unknown: it would run a job."""
    if sort is not None:
        raise TableError("Sorting a Spark frame would run a job over all of it: sort it in a cell")
    if frame.isStreaming:
        raise TableError("A streaming frame has no rows until a query writes them: view the "
                         "table it writes to")
    names = frame.columns
    shown = names[column:column + columns]
    # A name twice (after a join) cannot be selected by name: then whole rows, cut here.
    unique = len(set(names)) == len(names)
    window = frame.select(*("`" + name.replace("`", "``") + "`" for name in shown)) if unique \
        else frame
    if row:
        window = window.offset(row)
    taken = [tuple(line) for line in window.limit(rows).collect()]
    if not unique:
        taken = [line[column:column + columns] for line in taken]
    return {"total_rows": row + len(taken) if len(taken) < rows else None,
            "total_columns": len(names), "columns": [_text(n) for n in shown],
            "index": [str(i) for i in range(row, row + len(taken))],
            "cells": [[_text(c) for c in line] for line in taken]}


def _records_page(records, row, rows, column, columns, sort) -> dict:
    if not all(isinstance(r, dict) for r in records[:100]):
        raise TableError("Only a list of dicts can be shown as a table")
    names: list = []
    for record in records[:100]:  # the columns: keys of the first rows, in order
        names.extend(k for k in record if k not in names)
    shown = names[column:column + columns]
    if sort is not None:
        position, ascending = int(sort[0]), bool(sort[1])
        key = names[position]

        def sorted_positions():
            values = [r.get(key) if isinstance(r, dict) else None for r in records]
            return _mixed_order(values, [_missing(v) for v in values], ascending)

        order = _order(records, (position, ascending), sorted_positions)
        index = order[row:row + rows]
    else:
        index = range(row, min(row + rows, len(records)))
    return {"total_rows": len(records), "total_columns": len(names),
            "columns": [_text(n) for n in shown], "index": [str(i) for i in index],
            "cells": [[_text(records[i].get(k, "")) if isinstance(records[i], dict) else ""
                       for k in shown] for i in index]}


def _array_order(values, ascending: bool):
    """Positions of a numpy column sorted, ties in their order and NaN last either way (as pandas
    and polars sort); a column of Python objects (None, mixed types) as _mixed_order says."""
    np = sys.modules["numpy"]
    if values.dtype.kind == "O":
        listed = values.tolist()
        return np.asarray(_mixed_order(listed, [_missing(v) for v in listed], ascending),
                          dtype=np.intp)  # (an empty list would make floats)
    if ascending:
        return values.argsort(kind="stable")
    # Sorted reversed, then turned round: descending with ties still in their order.
    order = (len(values) - 1 - values[::-1].argsort(kind="stable"))[::-1]
    nan = int(np.isnan(values).sum()) if values.dtype.kind in "fc" else 0
    return np.concatenate([order[nan:], order[:nan]])  # (NaN came first)


def _mixed_order(values: list, missing: list, ascending: bool) -> list[int]:
    """Positions of `values` sorted as a spreadsheet sorts a column of mixed types: numbers by
    value, then every other value by its text; the `missing` ones last either way."""
    present = [i for i, gone in enumerate(missing) if not gone]

    def rank(position: int) -> tuple:
        value = values[position]
        return (0, value) if isinstance(value, numbers.Real) else (1, str(value))

    return sorted(present, key=rank, reverse=not ascending) + \
        [i for i, gone in enumerate(missing) if gone]


def _missing(value) -> bool:
    """None or NaN (a NaN is not equal to itself)."""
    return value is None or isinstance(value, numbers.Real) and value != value  # noqa: PLR0124


def column_stats(value, column: int) -> dict:
    """Count, missing, and (numeric) min/max/mean, or (other) distinct count, of one column;
    asked for explicitly: it reads the whole column."""
    pd, pl = sys.modules.get("pandas"), sys.modules.get("polars")
    if pd is not None and isinstance(value, pd.Series):
        value = value.to_frame()
    if pd is not None and isinstance(value, pd.DataFrame):
        series = value.iloc[:, column]
        stats = {"column": _text(value.columns[column]), "count": int(series.count()),
                 "missing": int(series.isna().sum())}
        if pd.api.types.is_numeric_dtype(series) and not pd.api.types.is_bool_dtype(series):
            stats.update(min=_text(series.min()), max=_text(series.max()), mean=_text(series.mean()))
        else:
            stats["distinct"] = int(series.nunique())
        return stats
    if pl is not None and isinstance(value, pl.DataFrame):
        series = value.to_series(column)
        stats = {"column": series.name, "count": series.len() - series.null_count(),
                 "missing": series.null_count()}
        if series.dtype.is_numeric():
            stats.update(min=_text(series.min()), max=_text(series.max()), mean=_text(series.mean()))
        else:
            stats["distinct"] = series.drop_nulls().n_unique()  # (as pandas counts)
        return stats
    np = sys.modules.get("numpy")
    xr = sys.modules.get("xarray")
    label = str(column)
    if xr is not None and isinstance(value, xr.Dataset) and dataset_rows(value) is not None:
        label = list(value.data_vars)[column]  # a table's column is a variable
        value, column = value[label], 0
    if xr is not None and isinstance(value, xr.DataArray) and value.variable._in_memory:
        value = value.values
    tensor = _tensor_as_numpy(value)
    value = value if tensor is None else tensor
    if np is not None and isinstance(value, np.ndarray) and value.ndim in (1, 2):
        data = value if value.ndim == 1 else value[:, column]
        stats = {"column": _text(label), "count": int(data.size)}
        if data.dtype.kind in "biuf":
            stats.update(min=_text(data.min().item()), max=_text(data.max().item()),
                         mean=_text(data.mean().item()))
        return stats
    raise TableError(f"No statistics for {type(value).__name__} (it would have to be computed)")

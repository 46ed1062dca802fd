"""What the Variables pane shows of a value, read from what is free: shape from metadata, never
a computation.

Spyder builds the full `repr` of every variable after every cell and cuts it; VS Code and
jupyterlab-variableInspector call `repr`/`len`/`str` on everything; `len()` of a dask frame
computes it (dask#9857). Here each library has a describer that reads only metadata, and runs only
if that library is already in `sys.modules` (nothing is imported into the user's kernel); "?"
stands where knowing would compute (a LazyFrame's row count). Objects no describer knows get a
`repr` on a worker thread with a deadline and a size cap: a `__repr__` that sleeps or raises
costs the pane a short wait and a mark, never the kernel.

Standard library only: this source is sent into kernels in any environment.
"""

from __future__ import annotations

import sys
import threading
import types

UNKNOWN = "?"
PREVIEW_CHARS = 120
REPR_DEADLINE_S = 0.2
# Ids of objects whose repr is still running on a worker thread: never a second one for them.
_slow_reprs: set[int] = set()
_slow_lock = threading.Lock()


def describe(name: str, value) -> dict:
    """{name, type, kind, shape, memory, preview, viewable} of `value`; a describer that raises
    gives its error as the preview."""
    entry = {"name": name, "type": _type_name(type(value)), "kind": "data", "shape": "",
             "memory": None, "preview": "", "viewable": False}
    try:
        entry["kind"] = _kind(value)  # (isinstance may reach a __class__ property that raises)
        for describer in _DESCRIBERS:
            facts = describer(value)
            if facts is not None:
                entry.update(facts)
                return entry
        entry["preview"] = budgeted_repr(value)
    except Exception as error:  # noqa: BLE001 (a broken object shows its error, the pane goes on)
        entry["preview"] = f"<cannot describe: {type(error).__name__}: {error}>"[:PREVIEW_CHARS]
    return entry


def budgeted_repr(value, deadline_s: float = REPR_DEADLINE_S) -> str:
    """`repr(value)` cut to PREVIEW_CHARS, computed on a worker thread; "<repr still running>"
    if it takes longer than `deadline_s` (the thread is left to finish on its own)."""
    key = id(value)
    with _slow_lock:
        if key in _slow_reprs:
            return "<repr still running>"
    result: list[str] = []

    def run() -> None:
        try:
            result.append(_cut(repr(value)))
        except BaseException as error:  # noqa: BLE001 (a repr that raises is shown, not raised)
            result.append(f"<repr failed: {type(error).__name__}: {error}>"[:PREVIEW_CHARS])
        finally:
            with _slow_lock:
                _slow_reprs.discard(key)

    with _slow_lock:
        _slow_reprs.add(key)
    worker = threading.Thread(target=run, name="dsstudio-repr", daemon=True)
    # Hidden from an attached debugger as debugpy hides its own threads: a breakpoint in a
    # `__repr__` would stop this thread in the middle of the debugger's evaluate that describes
    # a paused frame, and ipykernel then paired the wrong answers with its requests.
    worker.pydev_do_not_trace = worker.is_pydev_daemon_thread = True
    worker.start()
    worker.join(deadline_s)
    return result[0] if result else "<repr still running>"


def _cut(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= PREVIEW_CHARS else text[:PREVIEW_CHARS - 1] + "…"


def _type_name(kind: type) -> str:
    module = kind.__module__
    return kind.__qualname__ if module in ("builtins", "__main__") else f"{module}.{kind.__qualname__}"


def _kind(value) -> str:
    """'module', 'function', 'class' (hidden by default in the pane) or 'data'."""
    if isinstance(value, types.ModuleType):
        return "module"
    if isinstance(value, type):
        return "class"
    if callable(value) and isinstance(value, (types.FunctionType, types.BuiltinFunctionType,
                                              types.MethodType, types.BuiltinMethodType)):
        return "function"
    return "data"


def _module(name: str):
    """The library `name` if the user imported it (never imported here)."""
    return sys.modules.get(name)


def _shape_text(shape) -> str:
    return " × ".join(UNKNOWN if n is None or n != n else f"{int(n):,}" for n in shape)


def _columns_preview(columns) -> str:
    names = [str(c) for c in list(columns)[:12]]
    more = len(columns) - len(names)
    return _cut("columns: " + ", ".join(names) + (f", … (+{more})" if more > 0 else ""))


# ---- Describers: each returns None for values it does not know.
def _describe_pandas(value):
    pd = _module("pandas")
    if pd is None:
        return None
    if isinstance(value, pd.DataFrame):
        memory = int(value.memory_usage(index=True, deep=False).sum())
        return {"shape": _shape_text(value.shape), "memory": memory,
                "preview": _columns_preview(value.columns), "viewable": True}
    if isinstance(value, pd.Series):
        return {"shape": _shape_text(value.shape), "memory": int(value.memory_usage(deep=False)),
                "preview": f"dtype: {value.dtype}" + (f", name: {value.name}"
                                                      if value.name is not None else ""),
                "viewable": True}
    if isinstance(value, pd.Index):
        return {"shape": _shape_text(value.shape), "memory": int(value.memory_usage(deep=False)),
                "preview": f"dtype: {value.dtype}", "viewable": True}
    return None


def _describe_numpy(value):
    np = _module("numpy")
    if np is None:
        return None
    if isinstance(value, np.ndarray):
        preview = f"dtype: {value.dtype}"
        if value.size <= 10 and value.dtype.kind in "biufcM":
            preview = _cut(np.array2string(value, threshold=10, separator=", "))
        return {"shape": _shape_text(value.shape), "memory": int(value.nbytes), "preview": preview,
                "viewable": value.ndim in (1, 2)}
    if isinstance(value, np.generic):
        return {"preview": _cut(repr(value.item())) if value.dtype.kind in "biufcM?" else ""}
    return None


def _describe_polars(value):
    pl = _module("polars")
    if pl is None:
        return None
    if isinstance(value, pl.DataFrame):
        return {"shape": _shape_text(value.shape), "memory": int(value.estimated_size()),
                "preview": _columns_preview(value.columns), "viewable": True}
    if isinstance(value, pl.Series):
        return {"shape": f"{value.len():,}", "memory": int(value.estimated_size()),
                "preview": f"dtype: {value.dtype}", "viewable": True}
    if isinstance(value, pl.LazyFrame):
        # The schema is metadata (a scan reads a header at most); the row count would compute.
        schema = value.collect_schema()
        return {"shape": f"{UNKNOWN} × {len(schema)}", "preview": _columns_preview(schema.names()),
                "viewable": True}
    return None


def _describe_dask(value):
    if _module("dask") is None:
        return None
    dd = _module("dask.dataframe")
    if dd is not None and isinstance(value, (dd.DataFrame, dd.Series)):
        columns = list(value.columns) if isinstance(value, dd.DataFrame) else [value.name]
        shape = f"{UNKNOWN} × {len(columns)}" if isinstance(value, dd.DataFrame) else UNKNOWN
        return {"shape": shape, "preview": _cut(f"{value.npartitions} partitions; "
                                                + _columns_preview(columns)), "viewable": True}
    da = _module("dask.array")
    if da is not None and isinstance(value, da.Array):
        known = all(n == n for n in value.shape)
        memory = int(value.nbytes) if known else None
        return {"shape": _shape_text(value.shape), "memory": memory,
                "preview": f"dtype: {value.dtype}, {value.npartitions} chunks"}
    return None


def _describe_xarray(value):
    xr = _module("xarray")
    if xr is None:
        return None
    if isinstance(value, (xr.DataArray, xr.Dataset)):
        sizes = ", ".join(f"{k}: {v:,}" for k, v in value.sizes.items())
        return {"shape": sizes, "memory": int(value.nbytes),
                "preview": _cut(f"vars: {', '.join(map(str, value.data_vars))}")
                if isinstance(value, xr.Dataset) else f"dtype: {value.dtype}"}
    return None


def _describe_pyarrow(value):
    pa = _module("pyarrow")
    if pa is None:
        return None
    if isinstance(value, (pa.Table, pa.RecordBatch)):
        return {"shape": _shape_text((value.num_rows, value.num_columns)),
                "memory": int(value.nbytes), "preview": _columns_preview(value.schema.names)}
    if isinstance(value, (pa.Array, pa.ChunkedArray)):
        return {"shape": f"{len(value):,}", "memory": int(value.nbytes), "preview": f"type: {value.type}"}
    return None


def _describe_torch(value):
    torch = _module("torch")
    if torch is None or not isinstance(value, torch.Tensor):
        return None
    return {"shape": _shape_text(tuple(value.shape)),
            "memory": int(value.element_size() * value.nelement()),
            "preview": f"dtype: {value.dtype}, device: {value.device}"}


def _describe_spark(value):
    sql = _module("pyspark.sql")
    if sql is None or not isinstance(value, sql.DataFrame):
        return None
    # Columns come from the analysed plan; counting rows would run a job.
    columns = value.columns
    return {"shape": f"{UNKNOWN} × {len(columns)}", "preview": _columns_preview(columns)}


def _describe_plain(value):
    if value is None or isinstance(value, (bool, int, float, complex)):
        return {"preview": _cut(repr(value))}
    if isinstance(value, (str, bytes, bytearray)):
        return {"shape": f"{len(value):,}", "memory": sys.getsizeof(value),
                "preview": _cut(repr(value[:PREVIEW_CHARS]))}
    if _exact_type(value, _CONTAINERS):
        items = list(value.items()) if isinstance(value, dict) else value
        first = []
        for item in _first(items, 6):
            first.append(f"{_short(item[0])}: {_short(item[1])}" if isinstance(value, dict)
                         else _short(item))
        more = ", …" if len(value) > len(first) else ""
        opening, closing = ("[]" if type(value) is list else "()" if type(value) is tuple
                            else "{}")
        viewable = type(value) is list and bool(value) and all(
            isinstance(row, dict) for row in _first(value, 20))
        return {"shape": f"{len(value):,}", "memory": sys.getsizeof(value),
                "preview": _cut(opening + ", ".join(first) + more + closing), "viewable": viewable}
    if isinstance(value, (types.ModuleType, type, types.FunctionType, types.BuiltinFunctionType,
                          types.MethodType)):
        return {"preview": _cut(getattr(value, "__qualname__", "") or value.__name__)}
    return None


_CONTAINERS = (list, tuple, set, frozenset, dict)


def _exact_type(value, kinds: tuple) -> bool:
    """type(value) is one of `kinds`, by identity: `type(value) in kinds` compares with `==`,
    which runs a user metaclass's __eq__."""
    kind = type(value)
    return any(kind is k for k in kinds)


def _first(items, count: int) -> list:
    taken = []
    for item in items:
        if len(taken) == count:
            break
        taken.append(item)
    return taken


def _short(item) -> str:
    """An item of a container, shown without calling into objects no describer knows."""
    if item is None or isinstance(item, (bool, int, float)):
        return repr(item)
    if isinstance(item, str):
        return repr(item[:20]) + ("…" if len(item) > 20 else "")
    if _exact_type(item, _CONTAINERS):
        return f"{type(item).__name__}({len(item)})"
    return type(item).__name__


_DESCRIBERS = (_describe_plain, _describe_pandas, _describe_numpy, _describe_polars,
               _describe_dask, _describe_xarray, _describe_pyarrow, _describe_torch,
               _describe_spark)

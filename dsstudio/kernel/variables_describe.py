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
    gives its error as the preview (on one line, cut as any preview: a pane row is one line)."""
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
        entry["preview"] = _cut(f"<cannot describe: {type(error).__name__}: {error}>")
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
            result.append(_cut(f"<repr failed: {type(error).__name__}: {error}>"))
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
    if xr is None or not isinstance(value, (xr.DataArray, xr.Dataset)):
        return None
    # Sizes, dtypes and coordinates are metadata; values are read only when already in memory
    # (a file-backed array would be read, a dask-backed one computed: xarray#6722, spyder#18434).
    facts = {"shape": ", ".join(f"{k}: {v:,}" for k, v in value.sizes.items()),
             "memory": int(value.nbytes)}
    if isinstance(value, xr.Dataset):
        lazy = sum(not value.variables[name]._in_memory for name in value.data_vars)
        notes = [f"vars: {', '.join(map(str, value.data_vars))}"] + (
            [f"{lazy} not in memory"] if lazy else [])
        return {**facts, "preview": _cut("; ".join(notes)),
                "viewable": dataset_rows(value) is not None}
    notes = [f"dtype: {value.dtype}"]
    variable = value.variable
    if variable.chunks is not None:  # dask, or another chunked array (cubed)
        library = type(variable._data).__module__.partition(".")[0]
        chunks = 1
        for along in variable.chunks:
            chunks *= len(along)
        notes.append(f"{library}, {chunks:,} chunks")
    elif not variable._in_memory:
        notes.append("not in memory")
    elif 0 < value.size <= 10 and value.dtype.kind in "biufcM":
        np = _module("numpy")
        notes.append(np.array2string(variable.values, threshold=10, separator=", "))
    if value.coords:
        notes.append("coords: " + ", ".join(map(str, value.coords)))
    return {**facts, "preview": _cut("; ".join(notes)), "viewable": value.ndim in (1, 2)}


def dataset_rows(dataset) -> str | None:
    """The one dimension all of a Dataset's variables run along (it is then a table: a column
    per variable, a row per step of that dimension), or None."""
    shapes = {dataset.variables[name].dims for name in dataset.data_vars}
    only = shapes.pop() if len(shapes) == 1 else ()
    return only[0] if len(only) == 1 else None


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
    if torch is None:
        return None
    if isinstance(value, torch.Tensor):
        # A subclass's __torch_function__ is user code, run on every attribute read (.shape,
        # .dtype, …): with it switched off the tensor's own metadata is read.
        switch_off = getattr(torch._C, "DisableTorchFunctionSubclass", None) or \
            torch._C.DisableTorchFunction
        with switch_off():
            return _tensor_facts(torch, value)
    if isinstance(value, (torch.UntypedStorage, torch.TypedStorage)):
        # A storage's repr prints every element on a line of its own (debugpy#1660: a billion).
        typed = isinstance(value, torch.TypedStorage)
        raw = value._untyped_storage if typed else value
        notes = ([f"dtype: {str(value.dtype).removeprefix('torch.')}"] if typed else []) + [
            f"device: {raw.device}"]
        return {"shape": f"{value._size() if typed else raw.nbytes():,}",
                "memory": None if raw.device.type == "meta" else raw.nbytes(),
                "preview": ", ".join(notes)}
    return None


def _tensor_facts(torch, tensor) -> dict:
    notes = [f"dtype: {str(tensor.dtype).removeprefix('torch.')}", f"device: {tensor.device}"]
    layout = tensor.layout
    if tensor.is_nested:  # tensors of different lengths: their sizes are not one shape
        return {"shape": _nested_shape(tensor), "preview": _cut(", ".join(notes + ["nested"]))}
    memory = _tensor_bytes(tensor)
    if tensor.device.type == "meta":
        memory = None  # shape and dtype only: nothing is allocated
    elif layout is torch.sparse_coo:
        memory = _tensor_bytes(tensor._indices()) + _tensor_bytes(tensor._values())
        notes.append(f"sparse, {tensor._nnz():,} stored")
    elif layout is not torch.strided:
        memory = None
        notes.append(str(layout).removeprefix("torch."))
    if tensor.requires_grad:
        notes.append("requires grad")
    values = _tensor_values(torch, tensor)
    if values:
        notes.append(values)
    return {"shape": _shape_text(tuple(tensor.shape)), "memory": memory,
            "preview": _cut(", ".join(notes)),
            "viewable": tensor.ndim in (1, 2) and _plain_cpu_tensor(torch, tensor)}


def _nested_shape(tensor) -> str:
    """The number of tensors, then each dimension, "?" where their lengths differ (a jagged
    tensor's shape holds a symbol there; a strided nested tensor has no shape at all)."""
    try:
        dims = tuple(tensor.shape)
    except RuntimeError:
        return f"{tensor.size(0):,} × {UNKNOWN}"
    return " × ".join(f"{n:,}" if isinstance(n, int) else UNKNOWN for n in dims)


def _tensor_bytes(tensor) -> int:
    return int(tensor.element_size() * tensor.nelement())


def _tensor_values(torch, tensor) -> str:
    """The first values of a plain dense CPU tensor, read through a view of its first row (never
    a copy of the tensor); "" for others (a GPU read would wait for the device, a subclass's
    dispatch is user code)."""
    if not _plain_cpu_tensor(torch, tensor) or tensor.nelement() == 0:
        return ""
    if tensor.ndim == 0:
        return f"value: {_number(tensor.item())}"
    row = tensor
    while row.ndim > 1:
        row = row[0]
    first = row[:6].tolist()
    more = ", …" if tensor.nelement() > len(first) else ""
    return "values: " + ", ".join(_number(v) for v in first) + more


def _plain_cpu_tensor(torch, tensor) -> bool:
    """A dense tensor in CPU memory, of torch's own types (a subclass's dispatch is user code)."""
    return (_exact_type(tensor, (torch.Tensor, torch.nn.Parameter))
            and tensor.device.type == "cpu" and tensor.layout is torch.strided
            and not tensor.is_nested and not tensor.is_quantized)


def _number(value) -> str:
    return f"{value:.6g}" if isinstance(value, float) else str(value)


def _describe_spark(value):
    sql = _module("pyspark.sql")
    if sql is None or not isinstance(value, sql.DataFrame):
        return None
    # Columns come from the analysed plan; counting rows would run a job. A streaming frame has
    # no rows until a query writes it somewhere: nothing to page.
    columns, streaming = value.columns, value.isStreaming
    return {"shape": f"{UNKNOWN} × {len(columns)}",
            "preview": _cut(("streaming; " if streaming else "") + _columns_preview(columns)),
            "viewable": not streaming}


def _describe_plain(value):
    # Exact types: numpy's float64 is a float (its describer shows the value, not
    # "np.float64(…)"), and a subclass's __repr__ is user code, for the repr thread.
    if value is None or _exact_type(value, (bool, int, float, complex)):
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

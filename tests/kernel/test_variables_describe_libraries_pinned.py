"""What the Variables pane shows of polars, dask, xarray, pyarrow and torch values
(kernel/variables_describe.py), run in this process on real values: read from metadata only, "?"
where knowing would compute, and nothing of the value computed, read from disk or run as user
code. (pandas, numpy and plain values: test_variables_describe_pinned.py; Spark needs a JVM and is
in test_variables_more_libraries.py, in a kernel.)
"""

from __future__ import annotations

import warnings

import dask.array as da
import dask.dataframe as dd
import numpy as np
import pandas as pd
import polars as pl
import pyarrow as pa
import pytest
import torch
import xarray as xr
from dask.callbacks import Callback
from xarray.backends import BackendArray
from xarray.core import indexing

from dsstudio.kernel.variables_describe import describe

# Mutation testing forks each mutant's run from a process that ran these tests: torch's pool of
# threads does not survive a fork (the child waits for threads it does not have, pytorch#17199).
torch.set_num_threads(1)


def shown(value) -> tuple:
    """The pane's columns for `value`: type, shape, memory, preview; then whether it opens in the
    viewer."""
    entry = describe("v", value)
    return entry["type"], entry["shape"], entry["memory"], entry["preview"], entry["viewable"]


# ---- polars
def test_a_polars_frame_and_series_show_size_memory_and_columns():
    frame = pl.DataFrame({"x": [1, 2], "y": ["a", "b"]})
    assert shown(frame) == ("polars.dataframe.frame.DataFrame", "2 × 2", frame.estimated_size(),
                            "columns: x, y", True)
    series = pl.Series("n", range(1_500))
    assert shown(series) == ("polars.series.series.Series", "1,500", 12_000, "dtype: Int64", True)


def test_a_lazy_polars_frame_shows_its_columns_and_no_row_count():
    collects = []

    class Spied(pl.LazyFrame):
        def collect(self, *args, **kwargs):
            collects.append(1)
            return super().collect(*args, **kwargs)

    plan = pl.LazyFrame({"x": [1, 2, 3]}).with_columns(y=pl.col("x") * 2)
    plan.__class__ = Spied
    assert shown(plan)[1:] == ("? × 2", None, "columns: x, y", True)
    assert collects == []


# ---- dask
def test_a_dask_frame_shows_partitions_and_columns_without_computing():
    computed = []

    def part(i):
        computed.append(i)
        return pd.DataFrame({"a": range(i * 3, i * 3 + 3), "b": 0.5})

    meta = pd.DataFrame({"a": pd.Series([], dtype="int64"), "b": pd.Series([], dtype="float64")})
    lazy = dd.from_map(part, range(4), meta=meta)
    assert shown(lazy)[1:] == ("? × 2", None, "4 partitions; columns: a, b", True)
    assert shown(lazy["a"])[1:] == ("?", None, "4 partitions; columns: a", True)
    assert computed == []


def test_a_dask_array_shows_shape_memory_dtype_and_chunks():
    grid = da.ones((1_000, 10), chunks=(100, 10))
    assert shown(grid) == ("dask.array.core.Array", "1,000 × 10", 80_000,
                           "dtype: float64, 10 chunks", False)
    # After a boolean mask the length is not known without computing: "?" and no memory.
    masked = grid[grid[:, 0] > 0]
    assert shown(masked)[1:4] == ("? × 10", None, "dtype: float64, 10 chunks")


def test_dask_values_run_no_task_when_described():
    tasks = []

    class Counter(Callback):
        def _pretask(self, key, dsk, state):
            tasks.append(key)

    with Counter():
        describe("a", da.arange(100, chunks=10) * 2)
        describe("f", dd.from_pandas(pd.DataFrame({"a": range(10)}), npartitions=2) + 1)
    assert tasks == []


# ---- xarray
def test_a_small_data_array_shows_sizes_dtype_values_and_coordinates():
    temperature = xr.DataArray(np.array([[11.5, 12.0], [9.25, 10.0], [14.0, 13.5]]),
                               dims=("time", "site"),
                               coords={"time": [2001, 2002, 2003], "site": ["north", "south"]})
    assert shown(temperature) == (
        "xarray.core.dataarray.DataArray", "time: 3, site: 2", 48,
        "dtype: float64; [[11.5 , 12. ], [ 9.25, 10. ], [14. , 13.5 ]]; coords: time, site",
        True)
    assert shown(xr.DataArray(np.arange(10), dims="t"))[3] == (
        "dtype: int64; [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]")
    assert shown(xr.DataArray(np.float32(4.5)))[1:] == ("", 4, "dtype: float32; 4.5", False)


def test_a_data_array_of_dates_shows_them_and_one_of_durations_its_dtype():
    dates = xr.DataArray(np.array(["2020-01-01"], dtype="datetime64[ns]"), dims="t")
    assert shown(dates)[3] == "dtype: datetime64[ns]; ['2020-01-01T00:00:00.000000000']"
    durations = xr.DataArray(np.array([5], dtype="timedelta64[s]"), dims="t")
    assert shown(durations)[3] == "dtype: timedelta64[s]"


def test_the_users_print_options_never_hide_a_data_arrays_ten_values():
    with np.printoptions(threshold=3, precision=2):
        assert shown(xr.DataArray(np.arange(10) / 4, dims="t"))[3] == (
            "dtype: float64; [0. , 0.25, 0.5 , 0.75, 1. , 1.25, 1.5 , 1.75, 2. , 2.25]")


def test_a_larger_empty_or_text_data_array_shows_its_dtype_only():
    assert shown(xr.DataArray(np.arange(11), dims="t"))[1:4] == ("t: 11", 88, "dtype: int64")
    assert shown(xr.DataArray(np.zeros(0), dims="t"))[1:4] == ("t: 0", 0, "dtype: float64")
    assert shown(xr.DataArray(np.array(["a"]), dims="t"))[3] == "dtype: <U1"
    big = xr.DataArray(np.zeros((1_000, 2_000), dtype=np.int8), dims=("y", "x"))
    assert shown(big)[1:4] == ("y: 1,000, x: 2,000", 2_000_000, "dtype: int8")


def test_only_one_and_two_dimensional_data_arrays_open_in_the_viewer():
    assert [shown(xr.DataArray(np.zeros((1,) * n)))[4] for n in range(4)] == [
        False, True, True, False]


def test_a_dask_backed_data_array_shows_its_chunks_without_computing():
    made = []

    def block(x, block_info=None):
        made.append(block_info[None]["chunk-location"])
        return x

    lazy = xr.DataArray(da.ones((100, 4), chunks=(10, 2)).map_blocks(block, dtype=float),
                        dims=("row", "col"), coords={"col": list("abcd")})
    assert shown(lazy)[1:] == ("row: 100, col: 4", 3_200,
                               "dtype: float64; dask, 20 chunks; coords: col", True)
    assert made == []


class RecordingFile(BackendArray):
    """An array xarray reads from a file only when asked for values (as open_dataset gives)."""

    def __init__(self, data: np.ndarray, reads: list) -> None:
        self.data, self.shape, self.dtype, self.reads = data, data.shape, data.dtype, reads

    def __getitem__(self, key):
        return indexing.explicit_indexing_adapter(key, self.shape,
                                                  indexing.IndexingSupport.BASIC, self.read)

    def read(self, key):
        self.reads.append(key)
        return self.data[key]


def on_disk(data: np.ndarray, reads: list, dims=("y", "x")) -> xr.Variable:
    return xr.Variable(dims, indexing.MemoryCachedArray(
        indexing.LazilyIndexedArray(RecordingFile(data, reads))))


def test_a_file_backed_data_array_is_described_without_reading_the_file():
    # xarray#6722: a repr loaded every small variable of a cloud dataset.
    reads = []
    small = xr.DataArray(on_disk(np.arange(6.0).reshape(2, 3), reads))
    assert shown(small)[1:] == ("y: 2, x: 3", 48, "dtype: float64; not in memory", True)
    assert reads == []


def test_a_dataset_shows_its_variables_and_those_not_in_memory():
    reads = []
    weather = xr.Dataset({"rain": ("time", [3.0, 0.5, 1.0]),
                          "wind": ("time", da.ones(3, chunks=2)),
                          "soil": on_disk(np.arange(3.0), reads, dims=("time",))})
    assert shown(weather) == ("xarray.core.dataset.Dataset", "time: 3", 72,
                              "vars: rain, wind, soil; 2 not in memory", True)
    assert reads == []
    assert shown(xr.Dataset({"a": ("t", [1, 2])}))[3] == "vars: a"


def test_a_dataset_opens_in_the_viewer_only_when_its_variables_share_one_dimension():
    assert shown(xr.Dataset({"a": ("t", [1, 2]), "b": ("t", [3.0, 4.0])}))[4] is True
    assert shown(xr.Dataset({"a": ("t", [1, 2]), "b": ("u", [1.0])}))[4] is False
    assert shown(xr.Dataset({"a": (("r", "c"), np.zeros((2, 2)))}))[4] is False
    assert shown(xr.Dataset())[4] is False


# ---- pyarrow
def test_arrow_tables_and_batches_show_size_memory_and_columns():
    table = pa.table({"a": [1, 2], "b": ["x", "y"]})
    assert shown(table) == ("pyarrow.lib.Table", "2 × 2", table.nbytes, "columns: a, b", False)
    batch = pa.record_batch({"a": list(range(1_500))})
    assert shown(batch)[:4] == ("pyarrow.lib.RecordBatch", "1,500 × 1", 12_000, "columns: a")


def test_arrow_arrays_show_length_memory_and_type():
    assert shown(pa.array(range(1_500))) == ("pyarrow.lib.Int64Array", "1,500", 12_000,
                                             "type: int64", False)
    chunked = pa.chunked_array([[1.5], [2.5, 3.5]])
    assert shown(chunked)[:4] == ("pyarrow.lib.ChunkedArray", "3", 24, "type: double")


# ---- torch
def test_a_tensor_shows_dtype_device_memory_and_first_values():
    weights = torch.arange(12, dtype=torch.float32).reshape(3, 4) / 3
    assert shown(weights) == ("torch.Tensor", "3 × 4", 48,
                              "dtype: float32, device: cpu, values: 0, 0.333333, 0.666667, 1, …",
                              True)
    assert shown(torch.arange(6))[3:] == (
        "dtype: int64, device: cpu, values: 0, 1, 2, 3, 4, 5", True)
    assert shown(torch.zeros(2, 2, 2))[3:] == (
        "dtype: float32, device: cpu, values: 0, 0, …", False)
    assert shown(torch.arange(7))[3] == "dtype: int64, device: cpu, values: 0, 1, 2, 3, 4, 5, …"
    # The first row of a transposed tensor: read through a view, no copy of the tensor.
    assert shown(torch.arange(20.0).reshape(4, 5).T)[3].endswith("values: 0, 5, 10, 15, …")
    assert shown(torch.zeros(0, 3))[1:] == ("0 × 3", 0, "dtype: float32, device: cpu", True)


def test_a_scalar_tensor_and_a_trained_one_say_so():
    assert shown(torch.tensor(2.5, dtype=torch.float64))[1:] == (
        "", 8, "dtype: float64, device: cpu, value: 2.5", False)
    assert shown(torch.tensor(True))[3] == "dtype: bool, device: cpu, value: True"
    assert shown(torch.ones(2, requires_grad=True))[3] == (
        "dtype: float32, device: cpu, requires grad, values: 1, 1")
    parameter = torch.nn.Parameter(torch.ones(2, 2))
    assert shown(parameter) == ("torch.nn.parameter.Parameter", "2 × 2", 16,
                                "dtype: float32, device: cpu, requires grad, values: 1, 1, …",
                                True)


def test_sparse_and_meta_tensors_show_what_they_hold():
    sparse = torch.eye(3).to_sparse()
    # The indices (2 × 3 int64) and the values (3 float32), not the dense 3 × 3.
    assert shown(sparse)[1:] == ("3 × 3", 60, "dtype: float32, device: cpu, sparse, 3 stored",
                                 False)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # (sparse CSR support says it is in beta)
        compressed = torch.eye(3).to_sparse_csr()
    assert shown(compressed)[1:] == ("3 × 3", None, "dtype: float32, device: cpu, sparse_csr",
                                     False)
    planned = torch.empty(10**9, device="meta")
    assert shown(planned)[1:] == ("1,000,000,000", None, "dtype: float32, device: meta", False)


def test_nested_and_quantized_tensors_show_no_values():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # (nested tensors are a prototype, and say so)
        ragged = torch.nested.nested_tensor([torch.ones(2, 4), torch.ones(3, 4)])
        jagged = torch.nested.nested_tensor([torch.ones(2, 4), torch.ones(3, 4)],
                                            layout=torch.jagged)
        quantized = torch.quantize_per_tensor(torch.ones(3), 0.1, 0, torch.quint8)
    assert shown(ragged)[1:] == ("2 × ?", None, "dtype: float32, device: cpu, nested", False)
    assert shown(jagged)[1:4] == ("2 × ? × 4", None, "dtype: float32, device: cpu, nested")
    assert shown(quantized)[1:] == ("3", 3, "dtype: quint8, device: cpu", False)


def test_a_tensor_subclass_is_described_without_running_its_torch_function():
    calls = []

    class Logged(torch.Tensor):
        @classmethod
        def __torch_function__(cls, func, types, args=(), kwargs=None):
            calls.append(getattr(func, "__name__", str(func)))
            return super().__torch_function__(func, types, args, kwargs or {})

    logged = torch.arange(6.0).reshape(2, 3).as_subclass(Logged)
    calls.clear()
    assert shown(logged) == (f"{__name__}.{Logged.__qualname__}", "2 × 3", 24,
                             "dtype: float32, device: cpu", False)
    assert calls == []


def test_a_storage_is_described_without_its_element_by_element_repr():
    # debugpy#1660: a storage's repr prints each element on a line of its own.
    raw = torch.zeros(1_000, dtype=torch.uint8).untyped_storage()
    assert shown(raw) == ("torch.storage.UntypedStorage", "1,000", 1_000, "device: cpu", False)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # (TypedStorage is deprecated, and says so)
        typed = torch.TypedStorage(1_500, dtype=torch.float64)
    assert shown(typed)[1:4] == ("1,500", 12_000, "dtype: float64, device: cpu")
    planned = torch.empty(10, device="meta").untyped_storage()
    assert shown(planned)[1:4] == ("40", None, "device: meta")


@pytest.mark.parametrize("library", ["polars", "dask", "xarray", "pyarrow", "torch"])
def test_an_object_of_no_library_is_shown_by_its_repr_whatever_is_imported(library):
    class Plain:
        columns = ("would", "be", "read")

        def __repr__(self):
            return f"plain beside {library}"

    assert shown(Plain())[1:] == ("", None, f"plain beside {library}", False)

"""The Variables pane on xarray, torch and Spark, in a real ipykernel: each read only from what is
free (shape from metadata, "?" when knowing it would compute), no user code run by accident, and
the data viewer paging them by the window (a dask-backed array computes the chunks the window
touches, a Spark frame runs one bounded job per page and is never collected whole)."""

from __future__ import annotations

import ast
import textwrap

import psutil
import pytest

from dsstudio.core.kernel.execute import execute_collect
from dsstudio.core.variables.variables_connection import (
    VariablesError,
)

MIB = 1024 * 1024


def run(client, code: str) -> dict:
    result = execute_collect(client, textwrap.dedent(code), 180)
    assert result["error"] is None, result["error"]
    return result


def value(client, expression: str) -> str:
    return run(client, expression)["data"][-1]["text/plain"]


def described(pane, *names: str) -> dict[str, dict]:
    return {v["name"]: v for v in pane.request("describe", names=list(names))["variables"]}


def page(pane, name: str, row=0, rows=50, column=0, columns=10, **more) -> dict:
    return pane.request("page", name=name, row=row, rows=rows, column=column, columns=columns,
                        **more)


# ---- xarray
def test_xarray_arrays_and_datasets_are_described_and_paged_by_their_labels(pane, runner):
    run(runner, """\
        import numpy as np, xarray as xr
        temperature = xr.DataArray(np.array([[11.5, 12.0], [9.25, 10.0], [14.0, 13.5]]),
                                   dims=("time", "site"), name="temperature",
                                   coords={"time": [2001, 2002, 2003], "site": ["north", "south"]})
        weather = xr.Dataset({"temperature": temperature, "rain": ("time", np.zeros(3))})
        level = xr.DataArray(np.float32(4.5))
        series = xr.Dataset({"rain": ("time", [3.0, 0.5, 1.0]), "wind": ("time", [10, 20, 30])},
                            coords={"time": [2001, 2002, 2003]})
    """)
    found = described(pane, "temperature", "weather", "level", "series")
    array = found["temperature"]
    assert (array["type"], array["shape"], array["memory"]) == (
        "xarray.core.dataarray.DataArray", "time: 3, site: 2", 48)
    assert array["preview"] == ("dtype: float64; [[11.5 , 12. ], [ 9.25, 10. ], [14. , 13.5 ]]; "
                                "coords: time, site")
    assert array["viewable"] is True
    dataset = found["weather"]
    assert (dataset["shape"], dataset["preview"], dataset["viewable"]) == (
        "time: 3, site: 2", "vars: temperature, rain", False)
    assert (found["level"]["preview"], found["level"]["viewable"]) == ("dtype: float32; 4.5", False)
    # The viewer: rows along the first dimension, columns along the second, both labelled.
    table = page(pane, "temperature")
    assert (table["total_rows"], table["total_columns"]) == (3, 2)
    assert (table["columns"], table["index"]) == (["north", "south"], ["2001", "2002", "2003"])
    assert table["cells"][1] == ["9.25", "10"]
    ordered = page(pane, "temperature", sort=[1, False])
    assert ordered["index"] == ["2003", "2001", "2002"]
    assert page(pane, "temperature", column=1, rows=1)["cells"] == [["12"]]
    # A Dataset whose variables share their one dimension is a table: a column per variable.
    assert found["series"]["viewable"] is True
    rainy = page(pane, "series", sort=[0, True])
    assert (rainy["columns"], rainy["index"]) == (["rain", "wind"], ["2002", "2003", "2001"])
    assert rainy["cells"] == [["0.5", "20"], ["1", "30"], ["3", "10"]]
    windy = pane.request("stats", name="series", column=1)
    assert (windy["column"], windy["max"], windy["mean"]) == ("wind", "30", "20")
    with pytest.raises(VariablesError, match="cannot be shown as a table"):
        page(pane, "weather")


def test_a_chunked_dask_xarray_is_described_with_no_task_and_paged_by_its_chunks(pane, runner):
    # spyder#18434 and dask#9857: a lazy value looked at is a lazy value computed. Counted twice:
    # every task the local scheduler starts, and every block the array's function makes.
    run(runner, """\
        import dask, dask.array as da, numpy as np, xarray as xr
        from dask.callbacks import Callback
        class TaskCounter(Callback):
            def __init__(self):
                super().__init__()
                self.tasks = 0
            def _pretask(self, key, dsk, state):
                self.tasks += 1
        counter = TaskCounter()
        counter.register()
        blocks_made = []
        def make_block(block, block_info=None):
            blocks_made.append(block_info[None]["chunk-location"])
            return block * 10
        lazy_grid = xr.DataArray(
            da.arange(4_000, chunks=1_000).reshape(1_000, 4).rechunk((100, 4))
              .map_blocks(make_block, dtype="int64"),
            dims=("row", "col"), coords={"col": ["a", "b", "c", "d"]}, name="grid")
        lazy_set = xr.Dataset({"grid": lazy_grid, "mean": lazy_grid.mean("col")})
        lazy_table = xr.Dataset({"a": lazy_grid[:, 0].drop_vars("col"),
                                 "d": lazy_grid[:, 3].drop_vars("col")})
    """)
    found = described(pane, "lazy_grid", "lazy_set")
    assert found["lazy_grid"]["shape"] == "row: 1,000, col: 4"
    assert found["lazy_grid"]["preview"] == "dtype: int64; dask, 10 chunks; coords: col"
    assert found["lazy_grid"]["viewable"] is True
    assert found["lazy_set"]["preview"] == "vars: grid, mean; 2 not in memory"
    assert value(runner, "counter.tasks, blocks_made") == "(0, [])"
    # The first page computes the first row-chunk only; the page at row 950 the last one only.
    first = page(pane, "lazy_grid", rows=3)
    assert first["cells"] == [["0", "10", "20", "30"], ["40", "50", "60", "70"],
                              ["80", "90", "100", "110"]]
    assert (first["columns"], first["index"], first["total_rows"]) == (
        ["a", "b", "c", "d"], ["0", "1", "2"], 1_000)
    assert value(runner, "blocks_made") == "[(0, 0)]"
    page(pane, "lazy_grid", row=950, rows=10)
    assert value(runner, "blocks_made") == "[(0, 0), (9, 0)]"
    with pytest.raises(VariablesError, match="not in memory would compute"):
        page(pane, "lazy_grid", sort=[0, True])
    assert value(runner, "blocks_made") == "[(0, 0), (9, 0)]"
    # As a table (spyder#5189 proposed to_dataframe(): all of it): both columns from one block.
    assert described(pane, "lazy_table")["lazy_table"]["viewable"] is True
    assert value(runner, "blocks_made") == "[(0, 0), (9, 0)]"
    table = page(pane, "lazy_table", row=500, rows=2)
    assert (table["columns"], table["cells"]) == (["a", "d"], [["20000", "20030"],
                                                             ["20040", "20070"]])
    assert value(runner, "blocks_made") == "[(0, 0), (9, 0), (5, 0)]"
    with pytest.raises(VariablesError, match="would have to be computed"):
        pane.request("stats", name="lazy_table", column=0)
    run(runner, "counter.unregister()")


def test_a_file_backed_xarray_is_described_without_reading_the_file(pane, runner):
    # xarray#6722 (a repr loaded every small variable of a cloud dataset, 36 s) and xarray#9185
    # (a lazily loaded backend array has no nbytes): what open_dataset returns without chunks.
    run(runner, """\
        import numpy as np, xarray as xr
        from xarray.backends import BackendArray
        from xarray.core import indexing
        reads = []
        class RecordingFile(BackendArray):
            def __init__(self, data):
                self.data, self.shape, self.dtype = data, data.shape, data.dtype
            def __getitem__(self, key):
                return indexing.explicit_indexing_adapter(
                    key, self.shape, indexing.IndexingSupport.BASIC, self.read)
            def read(self, key):
                reads.append(key)
                return self.data[key]
        on_disk = xr.DataArray(xr.Variable(("y", "x"), indexing.MemoryCachedArray(
            indexing.LazilyIndexedArray(RecordingFile(np.arange(600.0).reshape(200, 3))))))
    """)
    found = described(pane, "on_disk")["on_disk"]
    assert (found["shape"], found["memory"], found["preview"]) == (
        "y: 200, x: 3", 4_800, "dtype: float64; not in memory")
    assert value(runner, "reads") == "[]"
    window = page(pane, "on_disk", row=10, rows=2, column=1, columns=2)
    assert window["cells"] == [["31", "32"], ["34", "35"]]
    assert value(runner, "reads") == "[(slice(10, 12, 1), slice(1, 3, 1))]"


# ---- torch
def test_tensors_show_dtype_device_memory_and_first_values(pane, runner, kernel):
    run(runner, """\
        import torch
        weights = torch.arange(12, dtype=torch.float32).reshape(3, 4) / 4
        trained = torch.ones(5, requires_grad=True)
        scalar = torch.tensor(2.5, dtype=torch.float64)
        counts = torch.tensor([3, 1, 2])
        # 100 MB whose first row is not contiguous: a flatten() would copy all of it.
        wide = torch.zeros(5_000, 5_000).T
        # pytorch#9185, debugpy#1191: a big tensor's repr took seconds (and debuggers call it).
        tensor_reprs = []
        real_tensor_repr = torch.Tensor.__repr__
        def spy_repr(self, *args, **kwargs):
            tensor_reprs.append(1)
            return real_tensor_repr(self, *args, **kwargs)
        torch.Tensor.__repr__ = spy_repr
    """)
    process = psutil.Process(kernel.pid)
    before = process.memory_info().rss
    found = described(pane, "weights", "trained", "scalar", "counts", "wide")
    assert process.memory_info().rss - before < 16 * MIB
    assert (found["weights"]["type"], found["weights"]["shape"], found["weights"]["memory"]) == (
        "torch.Tensor", "3 × 4", 48)
    assert found["weights"]["preview"] == (
        "dtype: float32, device: cpu, values: 0, 0.25, 0.5, 0.75, …")
    assert found["trained"]["preview"] == (
        "dtype: float32, device: cpu, requires grad, values: 1, 1, 1, 1, 1")
    assert (found["scalar"]["shape"], found["scalar"]["memory"]) == ("", 8)
    assert found["scalar"]["preview"] == "dtype: float64, device: cpu, value: 2.5"
    assert found["wide"]["preview"].endswith("values: 0, 0, 0, 0, 0, 0, …")
    assert found["weights"]["viewable"] and found["counts"]["viewable"]
    assert not found["scalar"]["viewable"]
    # Paged as a numpy array (a view of the tensor's memory, no copy), sorted in the kernel.
    table = page(pane, "counts", sort=[0, False])
    assert (table["index"], table["cells"]) == (["0", "2", "1"], [["3"], ["2"], ["1"]])
    assert page(pane, "trained", rows=2)["cells"] == [["1"], ["1"]]
    assert page(pane, "weights", row=2, column=3, columns=1)["cells"] == [["2.75"]]
    assert pane.request("stats", name="weights", column=0)["max"] == "2"
    assert value(runner, "torch.Tensor.__repr__ = real_tensor_repr; tensor_reprs") == "[]"


def test_sparse_nested_and_meta_tensors_are_described_for_what_they_hold(pane, runner, kernel):
    run(runner, """\
        import torch, warnings
        sparse = torch.eye(3).to_sparse()
        # A billion floats on the meta device: shape and dtype, no memory at all.
        planned = torch.empty(10**9, device="meta")
        with warnings.catch_warnings():  # (nested tensors are a prototype, and say so)
            warnings.simplefilter("ignore")
            ragged = torch.nested.nested_tensor([torch.ones(2, 4), torch.ones(3, 4)])
            jagged = torch.nested.nested_tensor([torch.ones(2, 4), torch.ones(3, 4)],
                                                layout=torch.jagged)
        quantized = torch.quantize_per_tensor(torch.ones(3), 0.1, 0, torch.quint8)
    """)
    process = psutil.Process(kernel.pid)
    before = process.memory_info().rss
    found = described(pane, "sparse", "planned", "ragged", "jagged", "quantized")
    assert process.memory_info().rss - before < 16 * MIB
    # The indices (2 × 3 int64) and the values (3 float32), not the dense 3 × 3.
    assert (found["sparse"]["shape"], found["sparse"]["memory"]) == ("3 × 3", 60)
    assert found["sparse"]["preview"] == "dtype: float32, device: cpu, sparse, 3 stored"
    assert not found["sparse"]["viewable"]
    assert (found["planned"]["shape"], found["planned"]["memory"]) == ("1,000,000,000", None)
    assert found["planned"]["preview"] == "dtype: float32, device: meta"
    # A nested tensor has no one shape (a strided one raises when asked): "?" where lengths differ.
    assert (found["ragged"]["shape"], found["jagged"]["shape"]) == ("2 × ?", "2 × ? × 4")
    assert found["ragged"]["preview"] == "dtype: float32, device: cpu, nested"
    assert (found["quantized"]["shape"], found["quantized"]["memory"]) == ("3", 3)
    assert not any(found[n]["viewable"] for n in ("ragged", "jagged", "quantized"))
    for name in ("sparse", "ragged"):
        with pytest.raises(VariablesError, match="dense tensors in CPU memory"):
            page(pane, name)


def test_a_storage_is_described_without_its_element_by_element_repr(pane, runner):
    # debugpy#1660: a storage's repr prints each element on its own line (a billion of them
    # froze VS Code's debugger); this one's would take about a minute, on a thread left running.
    run(runner, """\
        import threading, torch
        storage = torch.zeros(10**6, dtype=torch.uint8).untyped_storage()
    """)
    found = described(pane, "storage")["storage"]
    repr_threads = "[t.name for t in threading.enumerate() if t.name == 'dsstudio-repr']"
    assert value(runner, repr_threads) == "[]"
    assert (found["shape"], found["memory"], found["preview"]) == (
        "1,000,000", 1_000_000, "device: cpu")


def test_a_tensor_subclass_is_described_without_running_its_torch_function(pane, runner):
    # A __torch_function__ runs on every attribute read of a subclass, .shape included.
    run(runner, """\
        import torch
        torch_calls = []
        class Logged(torch.Tensor):
            @classmethod
            def __torch_function__(cls, func, types, args=(), kwargs=None):
                torch_calls.append(getattr(func, "__name__", str(func)))
                return super().__torch_function__(func, types, args, kwargs or {})
        logged = torch.arange(6.0).reshape(2, 3).as_subclass(Logged)
        torch_calls.clear()
    """)
    found = described(pane, "logged")["logged"]
    assert value(runner, "torch_calls") == "[]"
    assert (found["type"], found["shape"], found["memory"]) == ("Logged", "2 × 3", 24)
    assert found["preview"] == "dtype: float32, device: cpu"
    assert found["viewable"] is False
    with pytest.raises(VariablesError, match="never runs a subclass's code"):
        page(pane, "logged")
    assert value(runner, "torch_calls") == "[]"


# ---- Spark (one JVM for the module: it takes seconds to start)
@pytest.fixture(scope="module")
def spark(kernel):
    client = kernel.client()
    run(client, """\
        from pyspark.sql import SparkSession
        spark = (SparkSession.builder.master("local[1]").appName("dsstudio-tests")
                 .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "1")
                 .getOrCreate())
        spark.sparkContext.setLogLevel("ERROR")
        _tracker = spark.sparkContext.statusTracker()
        def _jobs():
            return sorted(_tracker.getJobIdsForGroup(None))
        def _tasks_of(job):
            return sum(_tracker.getStageInfo(stage).numTasks
                       for stage in _tracker.getJobInfo(job).stageIds)
    """)
    yield client
    run(client, "spark.stop()")
    client.stop_channels()


def jobs(client) -> list[int]:
    return ast.literal_eval(value(client, "_jobs()"))


@pytest.mark.slow
def test_a_spark_frame_is_described_without_a_job_and_paged_by_bounded_jobs(pane, spark):
    run(spark, """\
        from pyspark.sql import functions as F
        events = spark.range(0, 10_000_000, numPartitions=8).withColumn("kind", F.col("id") % 3)
        tiny = spark.range(5).select("id", (F.col("id") * 2).alias("id2"))
    """)
    start = jobs(spark)
    found = described(pane, "events", "tiny")
    assert found["events"]["shape"] == "? × 2"
    assert found["events"]["preview"] == "columns: id, kind"
    assert found["events"]["viewable"] is True
    # spark.sql.repl.eagerEval makes a frame's repr run a job: the pane never asks for one.
    run(spark, 'spark.conf.set("spark.sql.repl.eagerEval.enabled", True)')
    described(pane, "events")
    run(spark, 'spark.conf.set("spark.sql.repl.eagerEval.enabled", False)')
    assert jobs(spark) == start
    # The first page is one job over the first partition (of 8), never a collect of the frame
    # (vscode-jupyter#14006 converted all of it for every page).
    first = page(pane, "events", rows=50)
    assert (first["total_rows"], first["columns"]) == (None, ["id", "kind"])
    assert len(first["cells"]) == 50
    assert first["cells"][4] == ["4", "1"] and first["index"][-1] == "49"
    new = jobs(spark)[len(start):]
    assert len(new) == 1 and value(spark, f"_tasks_of({new[0]})") == "1"
    deeper = page(pane, "events", row=1_000, rows=3, column=1, columns=1)
    assert (deeper["columns"], deeper["cells"], deeper["index"]) == (
        ["kind"], [["1"], ["2"], ["0"]], ["1000", "1001", "1002"])
    new = jobs(spark)[len(start) + 1:]
    assert len(new) == 1 and value(spark, f"_tasks_of({new[0]})") == "1"
    with pytest.raises(VariablesError, match="would run a job over all of it"):
        page(pane, "events", sort=[0, True])
    # A page that reaches the end knows the row count without another job.
    whole = page(pane, "tiny", rows=50)
    assert whole["total_rows"] == 5 and whole["cells"][-1] == ["4", "8"]


@pytest.mark.slow
def test_odd_spark_frames_page_or_say_why_not(pane, spark):
    run(spark, """\
        twice = spark.range(3).select("id", "id")
        odd = spark.range(2).selectExpr("id AS `a.b`", "id + 1 AS `tick``s`")
        stream = spark.readStream.format("rate").load()
    """)
    found = described(pane, "twice", "stream")
    assert found["twice"]["shape"] == "? × 2"
    assert found["stream"]["preview"] == "streaming; columns: timestamp, value"
    assert found["stream"]["viewable"] is False
    with pytest.raises(VariablesError, match="streaming frame has no rows"):
        page(pane, "stream")
    assert page(pane, "twice", row=1, column=1)["cells"] == [["1"], ["2"]]
    table = page(pane, "odd", column=1)
    assert (table["columns"], table["cells"]) == (["tick`s"], [["1"], ["2"]])

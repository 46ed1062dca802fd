"""The data viewer's pages of polars, dask, numpy, torch and xarray values, in the test process:
lazy frames paged without computing all of them, arrays sorted in memory, and the reason when a
value cannot be shown or sorted."""

from __future__ import annotations

import gc

import dask.array as da
import dask.dataframe as dd
import numpy as np
import pandas as pd
import polars as pl
import pytest
import torch
import xarray as xr

from dsstudio.kernel.variables_table import TableError, column_stats, page
from tests.kernel.data_viewer.pages import cells, index

NAN = float("nan")


def test_a_polars_frame_pages_and_sorts_with_nulls_last_both_ways(polars_computes):
    frame = pl.DataFrame({"name": ["b", "a", "c", "d"], "score": [2.5, None, 1.0, 2.5],
                          "n": [1, 2, 3, 4]})
    assert page(frame, 1, 2, 1, 5) == {
        "total_rows": 4, "total_columns": 3, "columns": ["score", "n"], "index": ["1", "2"],
        "cells": [["None", "2"], ["1", "3"]]}
    up = page(frame, 0, 10, 0, 1, sort=[1, True])
    assert (up["index"], up["cells"]) == (["2", "0", "3", "1"], [["c"], ["b"], ["d"], ["a"]])
    down = page(frame, 1, 2, 1, 1, sort=[1, False])
    assert (down["index"], down["cells"], down["total_rows"]) == (["3", "2"], [["2.5"], ["1"]], 4)
    assert index(frame, sort=[0, False]) == ["3", "2", "0", "1"]
    assert page(pl.Series("s", [3, None, 1]), 0, 5, 0, 5, sort=[0, False]) == {
        "total_rows": 3, "total_columns": 1, "columns": ["s"], "index": ["0", "2", "1"],
        "cells": [["3"], ["1"], ["None"]]}


def test_a_lazy_polars_frame_is_paged_without_reading_all_of_it(tmp_path, polars_computes):
    # Row 5,000 of the file does not parse: reading all of it would fail.
    path = tmp_path / "big.csv"
    path.write_text("a,b\n" + "".join(f"{i},{i * 2}\n" for i in range(5_000)) + "oops,1\n")
    lazy = pl.scan_csv(path, schema={"a": pl.Int64, "b": pl.Int64})
    with pytest.raises(pl.exceptions.ComputeError):
        lazy.collect()
    window = page(lazy.with_columns(c=pl.col("a") + 1), 10, 2, 1, 5)
    assert window == {"total_rows": None, "total_columns": 3, "columns": ["b", "c"],
                      "index": ["10", "11"], "cells": [["20", "11"], ["22", "12"]]}
    with pytest.raises(TableError) as refused:
        page(lazy, 0, 2, 0, 2, sort=[0, True])
    assert str(refused.value) == "Sorting a LazyFrame would compute all of it: collect it first"


# ---- dask
def counted_dask_frame(computed: list, parts: int = 4, rows: int = 3):
    def part(i):
        computed.append(i)
        return pd.DataFrame({"a": range(i * 10, i * 10 + rows), "b": [f"p{i}"] * rows},
                            index=range(i * rows, (i + 1) * rows))
    meta = pd.DataFrame({"a": pd.Series([], dtype="int64"), "b": pd.Series([], dtype="object")})
    return dd.from_map(part, range(parts), meta=meta)


def test_a_dask_frame_computes_only_the_partitions_the_window_reaches():
    computed: list[int] = []
    frame = counted_dask_frame(computed)
    first = page(frame, 0, 2, 0, 5)
    assert first == {"total_rows": None, "total_columns": 2, "columns": ["a", "b"],
                     "index": ["0", "1"], "cells": [["0", "p0"], ["1", "p0"]]}
    assert computed == [0]
    # Rows 7 and 8 are in the third partition: the second is computed for its length.
    assert page(frame, 7, 2, 1, 1)["cells"] == [["p2"], ["p2"]]
    assert computed == [0, 1, 2]
    # Known lengths let the next page start at its partition: the first two are not computed.
    straddling = page(frame, 8, 2, 0, 1)
    assert (straddling["index"], straddling["cells"]) == (["8", "9"], [["22"], ["30"]])
    assert computed == [0, 1, 2, 2, 3]
    # A page starting at a partition's first row: no partition before it computed again.
    assert page(frame, 6, 1, 0, 1)["cells"] == [["20"]]
    assert computed == [0, 1, 2, 2, 3, 2]
    # Every partition's length known: the row count is shown.
    end = page(frame, 10, 50, 0, 1)
    assert (end["total_rows"], end["cells"]) == (12, [["31"], ["32"]])
    past = page(frame, 40, 5, 0, 2)
    assert (past["cells"], past["index"], past["columns"], past["total_rows"]) == (
        [], [], ["a", "b"], 12)
    with pytest.raises(TableError) as refused:
        page(frame, 0, 2, 0, 2, sort=[0, True])
    assert str(refused.value) == "Sorting a dask frame would compute all of it: compute it first"


def test_a_dask_series_pages_as_one_column_and_each_frame_keeps_its_own_lengths():
    computed: list[int] = []
    series = counted_dask_frame(computed)["a"]
    window = page(series, 4, 2, 0, 5)
    assert (window["columns"], window["cells"], window["index"]) == (
        ["a"], [["11"], ["12"]], ["4", "5"])
    assert page(series, 3, 1, 0, 5)["cells"] == [["10"]]
    other: list[int] = []
    longer = counted_dask_frame(other, parts=2, rows=5)
    assert page(longer, 3, 4, 0, 1)["cells"] == [["3"], ["4"], ["10"], ["11"]]
    assert other == [0, 1]


def test_a_dask_frame_rebound_to_a_new_one_is_paged_as_the_new_one():
    computed: list[int] = []
    source = counted_dask_frame(computed, parts=3, rows=2)
    frame = counted_dask_frame(computed, parts=2, rows=5)
    page(frame, 6, 1, 0, 1)
    old = id(frame)
    del frame
    gc.collect()
    made = []  # (kept, so that each new frame takes another place)
    for _ in range(2_000):
        made.append(type(source)(source.expr))  # a frame object over the same partitions
        if id(made[-1]) == old:
            break
    else:
        pytest.skip("no new frame took the old one's id")
    # Rows 2 and 3 are in the second partition of 2 rows, not in the old frame's first of 5.
    assert page(made[-1], 2, 2, 0, 1)["cells"] == [["10"], ["11"]]


# ---- numpy, torch
def test_a_numpy_array_pages_by_position_and_sorts_with_nan_last_both_ways():
    grid = np.arange(12).reshape(4, 3)
    assert page(grid, 2, 10, 1, 5) == {
        "total_rows": 4, "total_columns": 3, "columns": ["1", "2"], "index": ["2", "3"],
        "cells": [["7", "8"], ["10", "11"]]}
    assert page(grid, 0, 1, 0, 3, sort=[2, False])["cells"] == [["9", "10", "11"]]
    column = np.array([2.0, NAN, 1.0, 2.0, NAN, 3.0])
    up = page(column, 0, 10, 0, 5, sort=[0, True])
    assert (up["columns"], up["index"]) == (["0"], ["2", "0", "3", "5", "1", "4"])
    assert up["cells"] == [["1"], ["2"], ["2"], ["3"], ["nan"], ["nan"]]
    assert index(column, sort=[0, False]) == ["5", "0", "3", "2", "1", "4"]
    assert index(column, 1, 2, sort=[0, False]) == ["0", "3"]
    assert index(np.array([3, 1, 2, 1]), sort=[0, False]) == ["0", "2", "1", "3"]
    ties = np.array([i % 3 for i in range(2_000)])  # (an unstable sort reorders these)
    assert index(ties, 0, 4, sort=[0, True]) == ["0", "3", "6", "9"]
    assert index(ties, 0, 4, sort=[0, False]) == ["2", "5", "8", "11"]
    assert cells(np.array(["b", "a", "c"]), sort=[0, False]) == [["c"], ["b"], ["a"]]
    objects = np.array([2.0, None, 1.0, NAN, 3.0], dtype=object)
    assert index(objects, sort=[0, False]) == ["4", "0", "2", "1", "3"]
    assert page(np.array([], dtype=object), 0, 5, 0, 5, sort=[0, True]) == {
        "total_rows": 0, "total_columns": 1, "columns": ["0"], "index": [], "cells": []}
    assert page(np.array([5, 6, 7]), 1, 5, 0, 1) == {
        "total_rows": 3, "total_columns": 1, "columns": ["0"], "index": ["1", "2"],
        "cells": [["6"], ["7"]]}


def test_tensors_page_as_arrays_and_those_that_cannot_say_why():
    weights = torch.tensor([[1.0, 2.0], [3.0, 0.5]])
    assert page(weights, 0, 5, 1, 1, sort=[1, True]) == {
        "total_rows": 2, "total_columns": 2, "columns": ["1"], "index": ["1", "0"],
        "cells": [["0.5"], ["2"]]}
    assert cells(torch.ones(3, requires_grad=True), 0, 2) == [["1"], ["1"]]
    assert index(torch.tensor([3, 1, 2]), sort=[0, False]) == ["0", "2", "1"]
    logged = torch.arange(3).as_subclass(type("Logged", (torch.Tensor,), {}))
    reasons = {
        "Logged is a tensor subclass: the viewer shows torch's own tensors only (it never runs "
        "a subclass's code)": logged,
        "This tensor cannot be shown as a table: Got unsupported ScalarType BFloat16":
            torch.ones(2, dtype=torch.bfloat16),
    }
    dense_only = "Only 1-D and 2-D dense tensors in CPU memory can be shown as a table"
    for reason, tensor in [*reasons.items(), (dense_only, torch.ones(2, 2, 2)),
                           (dense_only, torch.zeros(())), (dense_only, torch.eye(2).to_sparse()),
                           (dense_only, torch.empty(3, device="meta"))]:
        with pytest.raises(TableError) as refused:
            page(tensor, 0, 5, 0, 5)
        assert str(refused.value) == reason
    parameter = torch.nn.Parameter(torch.tensor([2.0, 1.0]))
    assert cells(parameter, sort=[0, True]) == [["1"], ["2"]]


def test_a_tensor_sorted_then_another_is_sorted_as_itself():
    # The tensor's numpy view is made afresh for each page: the kept order is the tensor's.
    first, second = torch.tensor([3, 1, 2]), torch.tensor([9, 7, 8, 6])
    assert index(first, sort=[0, True]) == ["1", "2", "0"]
    assert index(second, sort=[0, True]) == ["3", "1", "2", "0"]
    assert index(first, sort=[0, True]) == ["1", "2", "0"]


@pytest.mark.parametrize("value, reason", [
    (np.zeros((2, 2, 2)), "ndarray cannot be shown as a table"),
    (np.float64(1.5), "float64 cannot be shown as a table"),
    (xr.DataArray(np.zeros((2, 2, 2))), "DataArray cannot be shown as a table"),
    (xr.Dataset({"a": ("x", [1]), "b": ("y", [2])}), "Dataset cannot be shown as a table"),
    ({"a": 1}, "dict cannot be shown as a table"),
    ([{"a": 1}, [1, 2]], "Only a list of dicts can be shown as a table"),
])
def test_a_value_that_is_no_table_is_refused_naming_why(value, reason):
    with pytest.raises(TableError) as refused:
        page(value, 0, 5, 0, 5)
    assert str(refused.value) == reason


# ---- xarray
def test_an_xarray_array_is_paged_by_its_labels_and_sorted_in_memory():
    temperature = xr.DataArray(np.array([[11.5, 12.0], [9.25, 10.0], [14.0, 13.5]]),
                               dims=("time", "site"), name="temperature",
                               coords={"time": [2001, 2002, 2003], "site": ["north", "south"]})
    assert page(temperature, 1, 5, 1, 5) == {
        "total_rows": 3, "total_columns": 2, "columns": ["south"], "index": ["2002", "2003"],
        "cells": [["10"], ["13.5"]]}
    ordered = page(temperature, 0, 2, 0, 2, sort=[1, False])
    assert (ordered["index"], ordered["cells"]) == (["2003", "2001"], [["14", "13.5"],
                                                                      ["11.5", "12"]])
    assert page(temperature, 0, 1, 0, 1) == {
        "total_rows": 3, "total_columns": 2, "columns": ["north"], "index": ["2001"],
        "cells": [["11.5"]]}
    other = xr.DataArray([[1.0], [3.0], [2.0]], dims=("time", "site"))
    assert index(other, sort=[0, True]) == ["0", "2", "1"]
    assert index(temperature, sort=[0, True]) == ["2002", "2001", "2003"]
    bare = xr.DataArray(np.arange(6).reshape(3, 2), dims=("y", "x"))
    assert page(bare, 1, 1, 0, 5) == {"total_rows": 3, "total_columns": 2, "columns": ["0", "1"],
                                      "index": ["1"], "cells": [["2", "3"]]}
    named = xr.DataArray([3.0, NAN, 1.0], dims=("t",), name="level")
    assert page(named, 0, 5, 0, 5, sort=[0, False]) == {
        "total_rows": 3, "total_columns": 1, "columns": ["level"], "index": ["0", "2", "1"],
        "cells": [["3"], ["1"], ["nan"]]}
    unnamed = xr.DataArray([3, 1], dims=("t",))
    assert page(unnamed, 0, 5, 0, 5)["columns"] == ["t"]
    assert page(unnamed, 0, 5, 1, 5)["cells"] == [[], []]


def test_an_xarray_array_not_in_memory_pages_its_window_and_refuses_to_sort():
    lazy = xr.DataArray(da.arange(6, chunks=2).reshape(3, 2), dims=("row", "col"))
    assert cells(lazy, 1, 1) == [["2", "3"]]
    with pytest.raises(TableError) as refused:
        page(lazy, 0, 1, 0, 1, sort=[0, True])
    assert str(refused.value) == ("Sorting an array that is not in memory would compute or read "
                                  "all of it: load it first")
    one = xr.DataArray(da.arange(4, chunks=2), dims=("t",), name="v")
    with pytest.raises(TableError):
        page(one, 0, 1, 0, 1, sort=[0, True])


def test_a_dataset_along_one_dimension_is_a_table_with_a_column_per_variable():
    series = xr.Dataset({"rain": ("time", [3.0, 0.5, 1.0]), "wind": ("time", [10, 20, 30])},
                        coords={"time": [2001, 2002, 2003]})
    assert page(series, 1, 5, 1, 5) == {
        "total_rows": 3, "total_columns": 2, "columns": ["wind"], "index": ["2002", "2003"],
        "cells": [["20"], ["30"]]}
    rainy = page(series, 0, 5, 0, 5, sort=[0, True])
    assert (rainy["index"], rainy["cells"]) == (["2002", "2003", "2001"],
                                                [["0.5", "20"], ["1", "30"], ["3", "10"]])
    assert index(series, sort=[1, False]) == ["2003", "2002", "2001"]
    # No column in the window (scrolled past the last): the rows, empty.
    assert page(series, 1, 5, 2, 5) == {"total_rows": 3, "total_columns": 2, "columns": [],
                                        "index": ["2002", "2003"], "cells": [[], []]}
    bare = xr.Dataset({"a": ("n", [5, 6, 7])})
    assert page(bare, 1, 1, 0, 1) == {"total_rows": 3, "total_columns": 1, "columns": ["a"],
                                      "index": ["1"], "cells": [["6"]]}
    lazy = xr.Dataset({"a": ("n", da.arange(4, chunks=2))})
    assert cells(lazy, 2, 1) == [["2"]]
    with pytest.raises(TableError, match="not in memory"):
        page(lazy, 0, 1, 0, 1, sort=[0, True])


# ---- records
def test_a_polars_columns_statistics_count_missing_values_apart(polars_computes):
    frame = pl.DataFrame({"amount": [1.5, None, 3.0], "tag": ["x", None, "x"]})
    assert column_stats(frame, 0) == {"column": "amount", "count": 2, "missing": 1,
                                      "min": "1.5", "max": "3", "mean": "2.25"}
    # A missing value is no distinct value (as pandas counts).
    assert column_stats(frame, 1) == {"column": "tag", "count": 2, "missing": 1, "distinct": 1}


def test_array_tensor_and_xarray_statistics_read_the_column_in_memory_only():
    grid = np.array([[1, 5], [3, 7]])
    assert column_stats(grid, 1) == {"column": "1", "count": 2, "min": "5", "max": "7",
                                     "mean": "6"}
    assert column_stats(np.array([0.5, 1.5]), 0)["mean"] == "1"
    assert column_stats(np.array(["a", "b", "c"]), 0) == {"column": "0", "count": 3}
    assert column_stats(np.array([True, False]), 0)["max"] == "True"
    assert column_stats(torch.tensor([[1.0, 4.0], [2.0, 8.0]]), 1) == {
        "column": "1", "count": 2, "min": "4", "max": "8", "mean": "6"}
    assert column_stats(xr.DataArray([1, 2, 6]), 0)["mean"] == "3"
    series = xr.Dataset({"rain": ("time", [3.0, 0.5, 1.0]), "wind": ("time", [10, 20, 30])})
    assert column_stats(series, 1) == {"column": "wind", "count": 3, "min": "10", "max": "30",
                                       "mean": "20"}
    lazy = xr.DataArray(da.arange(4, chunks=2), dims=("t",))
    for value, kind in ((lazy, "DataArray"), (xr.Dataset({"a": lazy}), "DataArray"),
                        ([{"a": 1}], "list"), (np.zeros((2, 2, 2)), "ndarray")):
        with pytest.raises(TableError) as refused:
            column_stats(value, 0)
        assert str(refused.value) == f"No statistics for {kind} (it would have to be computed)"
    with pytest.raises(TableError, match="tensor subclass"):
        column_stats(torch.arange(3).as_subclass(type("Logged", (torch.Tensor,), {})), 0)

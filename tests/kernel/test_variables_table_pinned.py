"""The data viewer's pages, as the kernel answers them, in the test process (the Variables pane's
kernel tests send this source into a real kernel, where the mutation run's copy cannot go): each
window of rows × columns is what the user sees (headers, index labels, cells as text), sorted
and filtered as the viewer asks, lazy frames paged without computing all of them, and the reason
when a value cannot be shown."""

from __future__ import annotations

import gc
import os
import weakref

import dask
import dask.array as da
import dask.dataframe as dd
import numpy as np
import pandas as pd
import polars as pl
import pytest
import torch
import xarray as xr

from dsstudio.kernel import variables_table
from dsstudio.kernel.variables_table import CELL_CHARS, TableError, column_stats, page

NAN = float("nan")


@pytest.fixture(autouse=True)
def fresh_caches():
    """As in a fresh kernel, no sort order or partition size is kept from another test; dask
    computes in the calling thread (its thread pool, once started, hangs a forked process, and
    the mutation run forks each mutant's run from one that ran these tests)."""
    variables_table.forget()
    with dask.config.set(scheduler="synchronous"):
        yield
    variables_table.forget()


# Polars' thread pool, once started, hangs a forked process (pola-rs/polars#8032, #20284): in the
# mutation run's forked runs the tests that compute with polars are skipped, and its mutants
# measured in fresh processes (docs/mutation.md).
_forked = []
os.register_at_fork(after_in_child=lambda: _forked.append(True))


@pytest.fixture
def polars_computes():
    if _forked:
        pytest.skip("polars hangs in a forked process once its thread pool has started")


def cells(value, row=0, rows=50, column=0, columns=20, **more) -> list[list[str]]:
    return page(value, row, rows, column, columns, **more)["cells"]


def index(value, row=0, rows=50, column=0, columns=20, **more) -> list[str]:
    return page(value, row, rows, column, columns, **more)["index"]


# ---- pandas
def test_a_pandas_window_shows_its_headers_index_labels_and_cells_as_text():
    frame = pd.DataFrame({"id": [1, 2, 3, 4], "amount": [10.5, 0.25, -2.0, NAN],
                          "region": ["N", "S", "E", None], "ok": [True, False, True, False]},
                         index=pd.Index(["a", "b", "c", "d"], name="key"))
    assert page(frame, 1, 2, 1, 2) == {
        "total_rows": 4, "total_columns": 4, "columns": ["amount", "region"],
        "index": ["b", "c"], "cells": [["0.25", "S"], ["-2", "E"]]}
    # The window's end past the frame's: what there is.
    assert page(frame, 3, 10, 2, 10) == {
        "total_rows": 4, "total_columns": 4, "columns": ["region", "ok"], "index": ["d"],
        "cells": [["nan", "False"]]}
    assert cells(frame, 0, 1) == [["1", "10.5", "N", "True"]]


def test_numbers_are_grouped_with_six_decimals_at_most_and_tiny_or_huge_ones_in_e_form():
    shown = {
        1234567.891: "1,234,567.891", 100.0: "100", 2.0: "2", 1 / 3: "0.333333",
        0.0: "0", -1234.5: "-1,234.5", 0.0001: "0.0001", 0.00009999: "9.999e-05",
        0.000123456: "0.000123", 0.5: "0.5",
        -0.00001: "-1e-05", 999_999_999_999_999.0: "999,999,999,999,999", 1e15: "1e+15",
        -1e15: "-1e+15", 123456.0000004: "123,456",
    }
    column = pd.Series(list(shown), name="x")
    assert [line[0] for line in cells(column)] == list(shown.values())
    special = pd.Series([NAN, float("inf"), -float("inf")])
    assert cells(special) == [["nan"], ["inf"], ["-inf"]]
    # Labels and headers are numbers too.
    frame = pd.DataFrame({0.5: [1], 1e20: [2]}, index=[2500.0])
    assert page(frame, 0, 1, 0, 2)["columns"] == ["0.5", "1e+20"]
    assert index(frame) == ["2,500"]


def test_a_long_cell_header_or_label_is_cut_at_cell_chars_with_an_ellipsis():
    just, over = "y" * CELL_CHARS, "z" * (CELL_CHARS + 1)
    frame = pd.DataFrame({"h" * 300: ["x" * 250, just, over]}, index=["i" * 250, "j", "k"])
    window = page(frame, 0, 3, 0, 1)
    assert window["columns"] == ["h" * (CELL_CHARS - 1) + "…"]
    assert window["index"][0] == "i" * (CELL_CHARS - 1) + "…"
    cut = "…"
    assert window["cells"] == [["x" * (CELL_CHARS - 1) + cut], [just], ["z" * (CELL_CHARS - 1) + cut]]
    assert len(window["cells"][0][0]) == CELL_CHARS


def test_a_series_or_an_index_is_one_column_named_after_it():
    series = pd.Series([1.5, 2.0], name="price", index=["x", "y"])
    assert page(series, 0, 5, 0, 5) == {"total_rows": 2, "total_columns": 1, "columns": ["price"],
                                        "index": ["x", "y"], "cells": [["1.5"], ["2"]]}
    labels = pd.Index(["b", "a"], name="code")
    assert page(labels, 0, 5, 0, 5)["columns"] == ["code"]
    assert cells(labels, sort=[0, True]) == [["a"], ["b"]]


def test_a_window_asked_from_before_the_start_starts_at_the_first_row_and_column():
    frame = pd.DataFrame({"a": [1, 2, 3], "b": [4, 5, 6]})
    assert page(frame, -3, 2, -1, 1) == page(frame, 0, 2, 0, 1)
    assert page(frame, 0, 2, 0, 1)["cells"] == [["1"], ["2"]]
    assert cells(frame, 0, -5) == []
    assert page(frame, 0, 2, 0, -1)["columns"] == []


def test_sorting_a_pandas_column_keeps_ties_in_their_order_and_missing_values_last_both_ways():
    frame = pd.DataFrame({"name": list("abcdef"), "score": [2.5, NAN, 1.0, 2.5, NAN, 3.0]},
                         index=list("ABCDEF"))
    up = page(frame, 0, 10, 0, 2, sort=[1, True])
    assert up["index"] == ["C", "A", "D", "F", "B", "E"]
    assert up["cells"][:2] == [["c", "1"], ["a", "2.5"]]
    assert index(frame, sort=[1, False]) == ["F", "A", "D", "C", "B", "E"]
    # A window in the middle of the sorted rows, showing another column than the sorted one.
    middle = page(frame, 2, 2, 0, 1, sort=[1, False])
    assert (middle["index"], middle["cells"], middle["total_rows"]) == (
        ["D", "C"], [["d"], ["c"]], 6)
    # Many ties (past the size where an unstable sort keeps them by chance): in their order.
    ties = pd.DataFrame({"k": [i % 3 for i in range(60)]})
    assert index(ties, 0, 4, sort=[0, True]) == ["0", "3", "6", "9"]
    assert index(ties, 0, 4, sort=[0, False]) == ["2", "5", "8", "11"]
    # Sorting by the first column, then the other way, each its own order.
    assert index(frame, sort=[0, False]) == ["F", "E", "D", "C", "B", "A"]
    assert index(frame, sort=[0, 1]) == list("ABCDEF")


def test_a_column_of_mixed_types_sorts_numbers_first_then_text_missing_last():
    # pandas raises TypeError ('<' between str and int) for such a column, which the viewer
    # showed instead of the rows; an object column read from a spreadsheet is often so.
    frame = pd.DataFrame({"code": ["b", 10, None, "a", 9, 2.5, NAN]})
    assert cells(frame, sort=[0, True]) == [
        ["2.5"], ["9"], ["10"], ["a"], ["b"], ["None"], ["nan"]]
    assert cells(frame, sort=[0, False]) == [
        ["b"], ["a"], ["10"], ["9"], ["2.5"], ["None"], ["nan"]]
    mixed = np.array(["b", 10, None, 2.5], dtype=object)
    assert index(mixed, sort=[0, True]) == ["3", "1", "0", "2"]
    assert index(mixed, sort=[0, False]) == ["0", "1", "3", "2"]
    # Filtered first: the positions are the kept rows'.
    assert cells(frame, sort=[0, False], row_filter="index > 2") == [
        ["a"], ["9"], ["2.5"], ["nan"]]


def test_a_filter_keeps_the_rows_where_it_holds_and_composes_with_a_sort():
    frame = pd.DataFrame({"amount": [10, 70, 55, 90, 20], "region": list("NNSNS")},
                         index=[100, 101, 102, 103, 104])
    kept = page(frame, 0, 10, 0, 2, row_filter="amount > 50")
    assert (kept["total_rows"], kept["index"]) == (3, ["101", "102", "103"])
    assert kept["cells"] == [["70", "N"], ["55", "S"], ["90", "N"]]
    both = page(frame, 1, 5, 0, 1, row_filter="amount > 50 and region == 'N'", sort=[0, False])
    assert (both["total_rows"], both["index"], both["cells"]) == (2, ["101"], [["70"]])
    assert index(frame, row_filter="amount > 50", sort=[0, True]) == ["102", "101", "103"]
    # The same filter on another frame is that frame's.
    other = pd.DataFrame({"amount": [60, 1], "region": ["S", "N"]})
    assert page(other, 0, 10, 0, 1, row_filter="amount > 50")["cells"] == [["60"]]
    assert page(other, 0, 10, 0, 1, row_filter="amount > 50", sort=[0, True])["total_rows"] == 1
    # Another filter on the same frame is its own.
    assert page(frame, 0, 10, 0, 1, row_filter="region == 'S'")["index"] == ["102", "104"]
    assert page(frame, 0, 10, 0, 1)["total_rows"] == 5


def test_a_filter_that_fails_or_is_not_true_or_false_for_each_row_says_why():
    frame = pd.DataFrame({"n": [1, 2]})
    with pytest.raises(TableError) as failed:
        page(frame, 0, 5, 0, 5, row_filter="zzz > 1")
    assert str(failed.value) == (
        "Filter 'zzz > 1': UndefinedVariableError: name 'zzz' is not defined")
    for not_per_row in ("n + 1", "1 == 1"):
        with pytest.raises(TableError) as failed:
            page(frame, 0, 5, 0, 5, row_filter=not_per_row)
        assert str(failed.value) == (
            f"Filter {not_per_row!r} must be true or false for each row, as in: amount > 50 "
            "and region == 'N'")


@pytest.mark.parametrize("value, kind", [
    (np.arange(3), "ndarray"), (pl.DataFrame({"a": [1]}), "DataFrame"), ([{"a": 1}], "list")])
def test_filtering_anything_but_a_pandas_frame_is_refused_naming_its_type(value, kind):
    with pytest.raises(TableError) as refused:
        page(value, 0, 5, 0, 5, row_filter="a > 1")
    assert str(refused.value) == f"Filtering rows works on pandas frames (this is {kind})"


def test_a_frame_rebound_to_a_new_one_is_sorted_as_the_new_one():
    # Once the old frame is freed its id goes to the next object made: often the new frame a
    # cell binds to the same name, which took the old frame's order (rows missing or repeated).
    template = pd.DataFrame({"a": [10, 30, 20, 40]})
    frame = pd.DataFrame({"a": [3, 1, 2]})
    assert cells(frame, sort=[0, True]) == [["1"], ["2"], ["3"]]
    assert cells(frame, row_filter="a > 1") == [["3"], ["2"]]
    old = id(frame)
    del frame
    gc.collect()
    made = []  # (kept, so that each new frame takes another place)
    for _ in range(2_000):
        made.append(template.copy(deep=False))
        if id(made[-1]) == old:
            break
    else:
        pytest.skip("no new frame took the old one's id")
    assert cells(made[-1], sort=[0, True]) == [["10"], ["20"], ["30"], ["40"]]
    assert cells(made[-1], row_filter="a > 1") == [["10"], ["30"], ["20"], ["40"]]


def test_a_sorted_frame_deleted_by_the_user_is_freed():
    frame = pd.DataFrame({"a": [3, 1, 2]})
    cells(frame, sort=[0, True], row_filter="a > 1")
    gone = weakref.ref(frame)
    del frame
    gc.collect()
    assert gone() is None


def test_an_order_kept_for_one_object_is_dropped_when_another_is_shown_or_when_told():
    frame, other = pd.DataFrame({"a": [3, 1, 2]}), pd.DataFrame({"b": [2, 1]})
    assert cells(frame, sort=[0, True]) == [["1"], ["2"], ["3"]]
    frame.iloc[0, 0] = 0  # changed in place (the same object): the kept order is still used
    assert cells(frame, sort=[0, True]) == [["1"], ["2"], ["0"]]
    assert cells(other, sort=[0, True]) == [["1"], ["2"]]
    assert cells(frame, sort=[0, True]) == [["0"], ["1"], ["2"]]
    frame.iloc[0, 0] = 5
    variables_table.forget(id(frame))  # (the viewer closed)
    assert cells(frame, sort=[0, True]) == [["1"], ["2"], ["5"]]
    frame.iloc[0, 0] = -1
    variables_table.forget(id(other))  # another object's: this one's order is kept
    assert cells(frame, sort=[0, True]) == [["1"], ["2"], ["-1"]]
    variables_table.forget()
    assert cells(frame, sort=[0, True]) == [["-1"], ["1"], ["2"]]


# ---- polars
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
def test_a_list_of_dicts_is_a_table_of_their_keys():
    records = [{"id": 10, "tag": "x"}, {"id": 9}, {"id": None, "tag": "a", "note": "n" * 300},
               {"id": 2.5}, {"tag": "c"}, {"id": NAN}, {"id": "zz"}]
    window = page(records, 1, 3, 1, 5)
    assert window == {"total_rows": 7, "total_columns": 3, "columns": ["tag", "note"],
                      "index": ["1", "2", "3"],
                      "cells": [["", ""], ["a", "n" * (CELL_CHARS - 1) + "…"], ["", ""]]}
    # Numbers by value (not "10" before "9"), then text; missing values last both ways.
    up = page(records, 0, 10, 0, 1, sort=[0, True])
    assert up["cells"] == [["2.5"], ["9"], ["10"], ["zz"], ["None"], [""], ["nan"]]
    assert up["index"] == ["3", "1", "0", "6", "2", "4", "5"]
    assert index(records, sort=[0, False]) == ["6", "0", "1", "3", "2", "4", "5"]
    assert index(records, 1, 2, sort=[1, False]) == ["4", "2"]


def test_only_the_first_hundred_records_name_the_columns_and_are_checked():
    records = [{"a": i} for i in range(100)] + ["not a dict", {"late": 1}]
    window = page(records, 99, 5, 0, 5)
    assert (window["columns"], window["cells"], window["total_rows"]) == (
        ["a"], [["99"], [""], [""]], 102)
    with pytest.raises(TableError, match="Only a list of dicts"):
        page(records[:99] + ["not a dict"], 0, 5, 0, 5)
    assert index(records, 0, 3, sort=[0, False]) == ["99", "98", "97"]


# ---- a column's statistics
def test_a_pandas_columns_statistics_are_its_counts_and_its_range_or_distinct_values():
    frame = pd.DataFrame({"amount": [1.5, None, 3.0, 1.5], "ok": [True, False, True, True],
                          "tag": ["x", "y", None, "x"], "n": [4, 1, 2, 3]})
    assert column_stats(frame, 0) == {"column": "amount", "count": 3, "missing": 1,
                                      "min": "1.5", "max": "3", "mean": "2"}
    assert column_stats(frame, 1) == {"column": "ok", "count": 4, "missing": 0, "distinct": 2}
    assert column_stats(frame, 2) == {"column": "tag", "count": 3, "missing": 1, "distinct": 2}
    assert column_stats(frame, 3)["mean"] == "2.5"
    assert column_stats(pd.Series([2, 4], name="s"), 0) == {
        "column": "s", "count": 2, "missing": 0, "min": "2", "max": "4", "mean": "3"}


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


class Rows(list):
    """A user's list of records (a subclass: it can be weakly referenced)."""


def test_records_rebound_to_new_ones_are_sorted_as_the_new_ones():
    # A freed object's id is the next one's of its size (CPython reuses the memory at once).
    fresh = [{"n": 10}, {"n": 30}, {"n": 20}, {"n": 40}]
    records = Rows([{"n": 3}, {"n": 1}, {"n": 2}])
    assert cells(records, sort=[0, True]) == [["1"], ["2"], ["3"]]
    del records
    records = Rows(fresh)
    assert cells(records, sort=[0, True]) == [["10"], ["20"], ["30"], ["40"]]

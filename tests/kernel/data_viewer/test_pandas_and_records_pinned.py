"""The data viewer's pages, as the kernel answers them, in the test process (the Variables pane's
kernel tests send this source into a real kernel, where the mutation run's copy cannot go): a
pandas frame's or a list of records' window of rows x columns as the user sees it (headers, index
labels, cells as text), sorted and filtered as the viewer asks, a column's statistics, and the
kept order dropped when the value is another."""

from __future__ import annotations

import gc
import weakref

import numpy as np
import pandas as pd
import polars as pl
import pytest

from dsstudio.kernel import variables_table
from dsstudio.kernel.variables_table import CELL_CHARS, TableError, column_stats, page
from tests.kernel.data_viewer.pages import cells, index

NAN = float("nan")


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

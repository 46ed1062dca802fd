"""The Variables pane's and the data viewer's Qt-free parts: what is listed, and the viewer's
bounded memory of a table's blocks."""

from __future__ import annotations

from dsstudio.core.variables import table_window
from dsstudio.core.variables.table_window import BLOCK_ROWS, TableWindow
from dsstudio.core.variables.variable_list import VariableList, format_bytes


def entry(name: str, kind: str = "data", memory=None) -> dict:
    return {"name": name, "type": "pandas.DataFrame", "kind": kind, "shape": "1 × 1",
            "memory": memory, "preview": "", "viewable": True}


def test_code_objects_are_hidden_until_asked_and_the_filter_matches_names():
    listed = VariableList()
    listed.replace_all([entry("frame"), entry("np", "module"), entry("fit", "function"),
                        entry("Model", "class"), entry("frame_2")])
    assert [v.name for v in listed.shown()] == ["frame", "frame_2"]
    listed.show_code = True
    listed.filter_text = "F"
    assert [v.name for v in listed.shown()] == ["frame", "fit", "frame_2"]
    listed.update([entry("fresh")], removed=["frame"])
    assert [v.name for v in listed.shown()] == ["fit", "frame_2", "fresh"]


def test_memory_reads_as_people_read_it():
    assert [format_bytes(n) for n in (None, 856, 1536, 16_990_000, 5 * 1024 ** 4)] == [
        "", "856 B", "1.5 KiB", "16.2 MiB", "5120.0 GiB"]


def page(rows: int, first: int = 0, total=None) -> dict:
    return {"total_rows": total, "total_columns": 1, "columns": ["a"],
            "index": [str(first + i) for i in range(rows)],
            "cells": [[str(first + i)] for i in range(rows)]}


def test_blocks_are_asked_once_kept_within_a_bound_and_dropped_when_the_view_changes(monkeypatch):
    monkeypatch.setattr(table_window, "MAX_BLOCKS", 2)
    window = TableWindow()
    assert window.cell(0, 0) is None
    request = window.want(0, 0)
    assert window.want(5, 0) is None  # same block, already asked
    assert window.store(request, page(BLOCK_ROWS, total=10 ** 8))
    assert window.cell(5, 0) == "5" and window.row_count() == 10 ** 8
    for row in (BLOCK_ROWS * 10, BLOCK_ROWS * 20):
        asked = window.want(row, 0)
        window.store(asked, page(BLOCK_ROWS, row, total=10 ** 8))
    assert len(window.blocks) == 2 and window.cell(5, 0) is None  # the oldest went
    stale = window.want(0, 0)
    window.reset(sort=(0, False))
    assert not window.store(stale, page(BLOCK_ROWS, total=10 ** 8))  # an answer for the old order
    assert window.blocks == {}


def test_a_lazy_frame_grows_by_blocks_until_one_comes_back_short():
    window = TableWindow()
    window.store(window.want(0, 0), page(BLOCK_ROWS))
    assert window.row_count() == BLOCK_ROWS and window.can_grow()
    window.store(window.want(BLOCK_ROWS, 0), page(7, BLOCK_ROWS))
    assert window.row_count() == BLOCK_ROWS + 7 and not window.can_grow()


def test_a_selection_copies_as_tsv_and_says_what_was_not_loaded():
    window = TableWindow()
    window.store(window.want(0, 0), page(3, total=10 ** 6))
    assert window.tsv([0, 2], [0]) == ("a\n0\n2\n", 0)
    assert window.tsv([0, BLOCK_ROWS * 3], [0]) == ("a\n0\n\n", 1)


def table_cell(source: str, html: str = '<table border="1" class="dataframe"></table>') -> dict:
    return {"cell_type": "code", "source": source, "outputs": [
        {"output_type": "execute_result", "data": {"text/html": [html], "text/plain": "x"}}]}


def test_the_variable_behind_a_table_output_is_the_root_name_of_the_last_expression():
    from dsstudio.core.variables.output_variable import shown_variable

    assert shown_variable(table_cell("import pandas as pd\nsales")) == "sales"
    assert shown_variable(table_cell("sales[sales.amount > 3].sort_values('a').head()")) == "sales"
    assert shown_variable(table_cell("make_frame()")) is None  # a call's result has no name
    assert shown_variable(table_cell("x = sales")) is None
    assert shown_variable(table_cell("%time sales")) is None
    assert shown_variable(table_cell("sales", html="<b>not a table</b>")) is None


def test_columns_of_numbers_are_told_from_columns_of_text():
    window = TableWindow()
    request = window.want(0, 0)
    window.store(request, {"total_rows": 3, "total_columns": 3, "columns": ["n", "s", "x"],
                           "index": ["0", "1", "2"],
                           "cells": [["1,234.5", "N", "1e-09"], ["-3", "S", "nan"],
                                     ["0", "12 apples", "<NA>"]]})
    assert window.numeric_columns == {0, 2}

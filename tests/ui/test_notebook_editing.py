"""Editing a notebook as in JupyterLab (issue 14): a click edits where it lands, the keyboard
stays in the notebook after a run, the next cell comes into view, arrows cross cells."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QApplication

from dsstudio.ui.editor.editor_theme import monospace_font
from tests.ui.helpers import KERNEL_WAIT_MS

v4 = nbformat.v4


@pytest.fixture
def notebook_path(project: Path) -> Path:
    nb = v4.new_notebook(cells=[
        v4.new_code_cell("a = 1\nprint('hello')"),
        v4.new_markdown_cell("# Results\nSome *notes*."),
        v4.new_code_cell("b = 2"),
    ])
    path = project / "editing.ipynb"
    nbformat.write(nb, str(path))
    return path


def open_view(qtbot, window, path):
    view = window.open_file(path)
    qtbot.waitUntil(lambda: all(cell.built for cell in view.cells))
    return view


def click_source(qtbot, cell, line: int, text_before: str) -> None:
    """Click in `cell`'s source view just after `text_before` on `line`."""
    label = cell.widget.source_view
    metrics = QFontMetrics(QFont(*monospace_font()))  # the source's font
    x = metrics.horizontalAdvance(text_before) + 1
    y = line * metrics.lineSpacing() + metrics.lineSpacing() // 2
    qtbot.mouseClick(label, Qt.MouseButton.LeftButton, pos=QPoint(x, y))


def test_a_click_in_a_code_cell_edits_it_where_clicked(qtbot, window, notebook_path):
    view = open_view(qtbot, window, notebook_path)
    view.setFocus()
    click_source(qtbot, view.cells[0], 1, "print('")
    assert view.selected == 0 and view.cells[0].is_editing()
    editor = view.cells[0].widget.editor
    assert editor.cursor_position() == (1, 7)
    # What is typed right after the click is text, never command keys ("a" inserted a cell,
    # "m" made it markdown: issue 14).
    qtbot.keyClicks(editor, "import time")
    assert len(view.cells) == 3 and view.cells[0].cell.cell_type == "code"
    assert editor.text() == "a = 1\nprint('import timehello')"
    # A click in another code cell ends this edit and edits that one.
    click_source(qtbot, view.cells[2], 0, "b = ")
    assert not view.cells[0].is_editing() and view.cells[2].is_editing()
    assert view.cells[0].cell.source == "a = 1\nprint('import timehello')"
    assert view.cells[2].widget.editor.cursor_position() == (0, 4)


def test_a_click_in_a_markdown_cell_selects_it_and_a_double_click_edits(qtbot, window,
                                                                         notebook_path):
    view = open_view(qtbot, window, notebook_path)
    label = view.cells[1].widget.source_view
    qtbot.mouseClick(label, Qt.MouseButton.LeftButton, pos=QPoint(5, 5))
    assert view.selected == 1 and not view.cells[1].is_editing()
    qtbot.mouseDClick(label, Qt.MouseButton.LeftButton, pos=QPoint(5, 5))
    assert view.cells[1].is_editing()

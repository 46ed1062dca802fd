"""Editing a notebook as in JupyterLab (issue 14): a click edits where it lands, the keyboard
stays in the notebook after a run, the next cell comes into view, arrows cross cells."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QApplication, QWidget

from dsstudio.ui.editor.editor_theme import monospace_font
from tests.ui.helpers import KERNEL_WAIT_MS, png_b64

v4 = nbformat.v4


@pytest.fixture
def notebook_path(project: Path) -> Path:
    nb = v4.new_notebook(cells=[
        v4.new_code_cell("a = 1\nprint('hello')"),
        v4.new_markdown_cell("# Results\nSome *notes*."),
        v4.new_code_cell("\nb = 2"),  # (a leading blank line: clicks below it map right)
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
    click_source(qtbot, view.cells[2], 1, "b = ")
    assert not view.cells[0].is_editing() and view.cells[2].is_editing()
    assert view.cells[0].cell.source == "a = 1\nprint('import timehello')"
    assert view.cells[2].widget.editor.cursor_position() == (1, 4)


def test_code_cells_are_highlighted_when_not_edited(qtbot, window, notebook_path):
    from dsstudio.ui.editor.editor_theme import THEMES

    view = open_view(qtbot, window, notebook_path)
    shown = view.cells[0].widget.source_view.text()
    assert not view.cells[0].is_editing() and THEMES["light"]["keyword2"] in shown  # print
    assert THEMES["light"]["keyword"] not in view.cells[1].widget.source_view.text()  # markdown


def test_a_click_in_a_markdown_cell_selects_it_and_a_double_click_edits(qtbot, window,
                                                                         notebook_path):
    view = open_view(qtbot, window, notebook_path)
    label = view.cells[1].widget.source_view
    qtbot.mouseClick(label, Qt.MouseButton.LeftButton, pos=QPoint(5, 5))
    assert view.selected == 1 and not view.cells[1].is_editing()
    qtbot.mouseDClick(label, Qt.MouseButton.LeftButton, pos=QPoint(5, 5))
    assert view.cells[1].is_editing()


def tall_notebook(project: Path, count: int = 12) -> Path:
    path = project / "tall.ipynb"
    cells = [v4.new_code_cell("\n".join(f"x{i}_{line} = {line}" for line in range(12)))
             for i in range(count)]
    cells[3].source = "for i in range(40):\n    print(i)"  # its output pushes the next cell down
    nbformat.write(v4.new_notebook(cells=cells), str(path))
    return path


def on_screen(view, index: int) -> bool:
    """The whole of cell `index` is inside the notebook's viewport."""
    widget = view.cells[index].widget
    if widget is None:
        return False
    top = widget.mapTo(view.scroll.viewport(), QPoint(0, 0)).y()
    return top >= 0 and top + min(widget.height(), view.scroll.viewport().height()) \
        <= view.scroll.viewport().height()


def focus_in(view) -> bool:
    focused = QApplication.focusWidget()
    return focused is not None and (focused is view or view.isAncestorOf(focused))


def test_after_shift_enter_the_next_cell_is_in_view_with_the_keyboard(qtbot, window, project):
    window.resize(1000, 600)
    view = window.open_file(tall_notebook(project))
    window.activateWindow()
    qtbot.waitUntil(lambda: view.cells[0].built)
    view.select(3)
    view.current().start_editing()
    assert focus_in(view)
    view.run_and_advance()
    assert view.selected == 4 and focus_in(view) and not view.current().is_editing()
    qtbot.waitUntil(lambda: not view.runner.is_running(), timeout=KERNEL_WAIT_MS)
    qtbot.wait(50)  # (outputs are drawn once a frame; their growth must not push the cell away)
    assert "39" in view.cells[3].cell.outputs[0]["text"]
    assert on_screen(view, 4)
    # Command mode keys reach the notebook at once: no click needed.
    assert focus_in(view)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Down)
    assert view.selected == 5 and on_screen(view, 5)
    # Ctrl+Enter: the same cell stays selected, in command mode, with the keyboard.
    view.current().start_editing()
    view.run_selected()
    assert view.selected == 5 and focus_in(view) and not view.current().is_editing()
    # Alt+Enter: a new cell below, being edited, on screen.
    view.run_and_insert()
    assert view.selected == 6 and view.current().is_editing() and on_screen(view, 6)
    assert QApplication.focusWidget() is view.current().widget.editor
    qtbot.waitUntil(lambda: not view.runner.is_running(), timeout=KERNEL_WAIT_MS)


def test_shift_enter_on_the_last_visible_cell_scrolls_to_the_next(qtbot, window, project):
    window.resize(1000, 600)
    view = window.open_file(tall_notebook(project, count=40))
    qtbot.waitUntil(lambda: view.cells[0].built)
    for index in range(12):  # down a notebook whose cells are built as they come near
        view.run_and_advance()
        assert view.selected == index + 1 and on_screen(view, index + 1), index
    qtbot.waitUntil(lambda: not view.runner.is_running(), timeout=KERNEL_WAIT_MS)
    qtbot.wait(50)
    assert on_screen(view, 12)


def test_edit_mode_has_a_border_command_mode_only_the_bar(qtbot, window, notebook_path):
    from dsstudio.ui.notebook.cell_widget import selected_colour

    SELECTED_COLOUR = selected_colour()  # (the theme's accent)

    view = open_view(qtbot, window, notebook_path)
    cell = view.cells[0]
    view.select(0)
    widget = cell.widget
    assert widget.marker.palette().window().color() == SELECTED_COLOUR  # command mode: the bar
    border = widget.source_view.geometry().topLeft() + QPoint(widget.source_view.width() // 2, -1)
    assert widget.grab().toImage().pixelColor(border) != SELECTED_COLOUR
    cell.start_editing()
    qtbot.waitUntil(lambda: widget.editor.isVisible())
    border = widget.editor.geometry().topLeft() + QPoint(widget.editor.width() // 2, -1)
    assert widget.grab().toImage().pixelColor(border) == SELECTED_COLOUR  # edit mode: a border
    assert widget.marker.palette().window().color() == SELECTED_COLOUR
    view.command_mode()
    assert widget.grab().toImage().pixelColor(border) != SELECTED_COLOUR
    view.select(2)
    assert widget.marker.palette().window().color() != SELECTED_COLOUR


def test_arrows_at_an_editors_edge_go_on_to_the_next_cell(qtbot, window, notebook_path):
    view = open_view(qtbot, window, notebook_path)
    click_source(qtbot, view.cells[0], 0, "a = ")
    editor = view.cells[0].widget.editor
    qtbot.keyClick(editor, Qt.Key.Key_Down)  # inside the cell: to its second line
    assert view.selected == 0 and editor.cursor_position() == (1, 4)
    qtbot.keyClick(editor, Qt.Key.Key_Down, Qt.KeyboardModifier.ShiftModifier)  # a selection
    assert view.selected == 0
    qtbot.keyClick(editor, Qt.Key.Key_Down)  # the last line: on to the markdown cell's first
    assert view.selected == 1 and view.cells[1].is_editing() and not view.cells[0].is_editing()
    markdown = view.cells[1].widget.editor
    assert markdown.cursor_position()[0] == 0 and QApplication.focusWidget() is markdown
    qtbot.keyClick(markdown, Qt.Key.Key_Up)  # its first line: back up, caret on the last line
    assert view.selected == 0 and view.cells[0].widget.editor.cursor_position()[0] == 1
    qtbot.keyClick(view.cells[0].widget.editor, Qt.Key.Key_Up)
    qtbot.keyClick(view.cells[0].widget.editor, Qt.Key.Key_Up)  # the first cell: stays
    assert view.selected == 0 and view.cells[0].widget.editor.cursor_position()[0] == 0
    assert view.cells[0].cell.source == "a = 1\nprint('hello')"  # nothing lost on the way


def test_run_stale_stopped_by_a_failure_leaves_the_rest_marked(qtbot, window, project):
    path = project / "stale.ipynb"
    nbformat.write(v4.new_notebook(cells=[
        v4.new_code_cell("a = 1"), v4.new_code_cell("raise ValueError('stop')"),
        v4.new_code_cell("b = 2"), v4.new_code_cell("c = 3")]), str(path))
    view = window.open_file(path)
    for index in (0, 1, 2):
        view.cells[index].set_stale(True)
    view.run_stale()
    qtbot.waitUntil(lambda: not view.runner.is_running(), timeout=KERNEL_WAIT_MS)
    # The failing cell ran (its outputs are new); the one after it did not run: still stale.
    assert [cell.stale for cell in view.cells] == [False, False, True, False]
    assert view.stale.count() == 1 and view.cells[2].cell.outputs == []


def test_shift_enter_onto_a_long_cell_shows_its_top(qtbot, window, project):
    # jupyter/notebook#348, vscode#189735: running a short cell scrolled to the end of a long
    # next one, and the output just made went off screen.
    path = project / "long_next.ipynb"
    nbformat.write(v4.new_notebook(cells=[
        v4.new_code_cell("1 + 1"),
        v4.new_code_cell("\n".join(f"line_{i} = {i}" for i in range(200)))]), str(path))
    window.resize(1000, 600)
    view = window.open_file(path)
    qtbot.waitUntil(lambda: view.cells[1].built)
    view.run_and_advance()
    qtbot.waitUntil(lambda: not view.runner.is_running(), timeout=KERNEL_WAIT_MS)
    qtbot.wait(50)
    top = view.cells[1].widget.mapTo(view.scroll.viewport(), QPoint(0, 0)).y()
    assert 0 <= top < view.scroll.viewport().height() // 2  # its top on screen
    assert view.cells[0].widget.mapTo(view.scroll.viewport(), QPoint(0, 0)).y() >= 0


def test_a_double_click_on_an_output_does_not_edit(qtbot, window, project):
    # jupyter/notebook#581: double-clicking an output entered edit mode.
    path = project / "dclick.ipynb"
    cell = v4.new_code_cell("x")
    cell.outputs = [v4.new_output("display_data", data={"image/png": png_b64(120, 60)})]
    nbformat.write(v4.new_notebook(cells=[cell]), str(path))
    view = window.open_file(path)
    qtbot.waitUntil(lambda: view.cells[0].built)
    image = view.cells[0].widget.outputs_box.findChildren(QWidget, "ImageOutput")[0]
    qtbot.mouseDClick(image, Qt.MouseButton.LeftButton, pos=QPoint(5, 5))
    assert not view.cells[0].is_editing()

"""A notebook follows the app's theme and the editor preferences (issue 14): built cells are drawn
again on a switch, cells built later in the theme then in effect; the font reaches the cells'
views and editors, and the compare dialog."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from PySide6.QtGui import QPalette, QTextDocument
from PySide6.QtWidgets import QLabel, QScrollArea

from dsstudio.core.settings import Preferences
from dsstudio.ui.editor.editor_theme import STYLE_DEFAULT, THEMES, bgr
from dsstudio.ui.theme.app_theme import apply_app_theme
from dsstudio.ui.theme.theme_colours import COLOURS
from tests.ui.helpers import KERNEL_WAIT_MS
from tests.ui.test_source_highlight import coloured

v4 = nbformat.v4
DARK, LIGHT = COLOURS["dark"], COLOURS["light"]


@pytest.fixture
def light_after():
    """The theme is the app's: put light back whatever the test did."""
    yield
    apply_app_theme("light")


def view_background(cell) -> str:
    """The background colour of a built cell's source view, as Qt reads its HTML."""
    document = QTextDocument()
    document.setHtml(cell.widget.source_view.text())
    return document.begin().blockFormat().background().color().name()


def view_font_size(cell) -> float:
    document = QTextDocument()
    document.setHtml(cell.widget.source_view.text())
    return document.begin().charFormat().fontPointSize()


def output_labels(cell) -> list[QLabel]:
    layout = cell.widget.outputs_layout
    widgets = [layout.itemAt(i).widget() for i in range(layout.count())]
    # (An output that may be wide, a table, has its label in a scroller of its own; an error's
    # label sits in a box with its Debug button.)
    labels = []
    for widget in widgets:
        if isinstance(widget, QScrollArea):
            widget = widget.widget()
        labels.append(widget if isinstance(widget, QLabel) else widget.findChild(QLabel))
    return labels


def text_colour(label: QLabel) -> str:
    """A plain-text output's colour (its palette), or a rich one's (its HTML's first run)."""
    if label.textFormat() == label.textFormat().PlainText:
        return label.palette().color(QPalette.ColorRole.WindowText).name()
    document = QTextDocument()
    document.setHtml(label.text())
    return document.begin().charFormat().foreground().color().name()


def test_built_cells_follow_the_theme_and_later_ones_are_built_in_it(qtbot, window, project: Path,
                                                                    light_after):
    path = project / "themed.ipynb"
    far = [v4.new_code_cell(f"import os  # cell {i}") for i in range(150)]
    nbformat.write(v4.new_notebook(cells=[
        v4.new_code_cell("import sys\nprint('out')\nprint('err', file=sys.stderr)"), *far]), str(path))
    view = window.open_file(path)
    first, last = view.cells[0], view.cells[-1]
    view.run_selected()
    qtbot.waitUntil(lambda: not view.runner.is_running(), timeout=KERNEL_WAIT_MS)
    qtbot.waitUntil(lambda: len(first.cell.outputs) == 2)
    assert not last.built
    assert view_background(first) == LIGHT["code_bg"]
    out, err = output_labels(first)
    assert text_colour(out) == LIGHT["output_text"] and text_colour(err) == LIGHT["stderr_text"]

    apply_app_theme("dark")
    assert view_background(first) == DARK["code_bg"]
    assert coloured(first.widget.source_view.text())["import"] == THEMES["dark"]["keyword"]
    out, err = output_labels(first)
    assert text_colour(out) == DARK["output_text"] and text_colour(err) == DARK["stderr_text"]
    first.set_stale(True)
    view.stale.show_count()
    assert DARK["stale"] in first.widget.prompt.text() and DARK["stale"] in view.toolbar.stale_label.text()
    # A cell built after the switch (scrolled to) is drawn dark.
    view.select(len(view.cells) - 1)
    assert last.built and view_background(last) == DARK["code_bg"]
    assert coloured(last.widget.source_view.text())["import"] == THEMES["dark"]["keyword"]
    # A cell being edited: its editor takes the theme when opened and when it changes.
    last.start_editing()
    editor = last.widget.editor
    assert editor.styleBack(STYLE_DEFAULT) == bgr(THEMES["dark"]["background"])

    apply_app_theme("light")
    assert editor.styleBack(STYLE_DEFAULT) == bgr(THEMES["light"]["background"])
    view.command_mode()
    assert view_background(last) == LIGHT["code_bg"]
    assert coloured(last.widget.source_view.text())["import"] == THEMES["light"]["keyword"]
    view.select(0)
    assert view_background(first) == LIGHT["code_bg"]
    out, err = output_labels(first)
    assert text_colour(out) == LIGHT["output_text"] and text_colour(err) == LIGHT["stderr_text"]


def test_errors_and_tables_take_the_dark_colours(qtbot, window, project: Path, light_after):
    path = project / "outputs.ipynb"
    cell = v4.new_code_cell("df")
    cell.outputs = [v4.new_output("error", ename="ValueError", evalue="bad",
                                  traceback=["\x1b[0;31mValueError\x1b[0m: bad"]),
                    v4.new_output("execute_result", data={
                        "text/html": "<table border='1'><tr><th>a</th></tr><tr><td>1</td></tr></table>",
                        "text/plain": "   a\n0  1"}, execution_count=1)]
    nbformat.write(v4.new_notebook(cells=[cell]), str(path))
    apply_app_theme("dark")
    view = window.open_file(path)
    qtbot.waitUntil(lambda: view.cells[0].built)
    error, table = output_labels(view.cells[0])
    document = QTextDocument()
    document.setHtml(error.text())
    assert document.begin().blockFormat().background().color().name() == DARK["error_bg"]
    assert DARK["muted"] in table.text()  # the table's borders show on the dark background
    # Its text is the palette's (Qt hands the new palette to widgets at the next event loop turn).
    qtbot.waitUntil(lambda: table.palette().color(QPalette.ColorRole.WindowText).name() == DARK["text"])


def test_the_font_preferences_reach_the_cells_views_and_editors(qtbot, window, project: Path):
    from dsstudio.ui.window.window_preferences import apply_to_window

    Preferences().update({"editor_font_size": 15, "tab_width": 2})
    path = project / "fonts.ipynb"
    nbformat.write(v4.new_notebook(cells=[v4.new_code_cell("x = 1"), v4.new_code_cell("y = 2")]),
                   str(path))
    view = window.open_file(path)
    first, second = view.cells
    qtbot.waitUntil(lambda: second.built)
    assert view_font_size(first) == 15  # the unfocused view: the editor's size, no jump
    first.start_editing()
    editor = first.widget.editor
    assert editor.styleSize(STYLE_DEFAULT) == 15 and editor.tabWidth() == 2
    # Changed in Edit > Preferences: the open editor and the built views follow.
    values = dict(Preferences().values(), editor_font_size=18, editor_font_family="DejaVu Serif")
    apply_to_window(window, values)
    assert editor.styleSize(STYLE_DEFAULT) == 18
    assert bytes(editor.styleFont(STYLE_DEFAULT)) == b"DejaVu Serif"
    assert view_font_size(second) == 18 and "DejaVu Serif" in second.widget.source_view.text()


def test_the_compare_dialog_uses_the_editor_font(qtbot):
    from dsstudio.ui.editor.compare_dialog import CompareDialog

    Preferences().update({"editor_font_family": "DejaVu Serif", "editor_font_size": 17})
    dialog = CompareDialog("Compare", "a\n", "b\n", "disk", "mine", ())
    qtbot.addWidget(dialog)
    assert bytes(dialog.view.styleFont(STYLE_DEFAULT)) == b"DejaVu Serif"
    assert dialog.view.styleSize(STYLE_DEFAULT) == 17


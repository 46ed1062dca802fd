"""The status bar's Ln/Col are the focused editor's: the `.py` editor's or a notebook cell's
(issue 19: they followed the `.py` editor while a cell was edited), hidden when neither has the
keyboard."""

from __future__ import annotations

import nbformat
from PySide6.QtCore import Qt


def test_ln_col_follow_the_focused_editor_and_hide_without_one(qtbot, window, project):
    (project / "models.py").write_text("x = 1\ny = 2\nz = 3\n")
    path = project / "caret.ipynb"
    nbformat.write(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("a = 1\nbb = 22")]),
                   str(path))
    label = window.status.cursor_label
    editor = window.open_file(project / "models.py")
    window.activateWindow()
    editor.take_focus()
    editor.set_cursor(2, 1)
    qtbot.waitUntil(lambda: label.isVisible() and label.text() == "Ln 3, Col 2")
    view = window.open_file(path)
    qtbot.waitUntil(lambda: view.cells[0].built)
    view.current().start_editing()
    cell_editor = view.current().widget.editor
    cell_editor.set_cursor(1, 3)
    qtbot.waitUntil(lambda: label.text() == "Ln 2, Col 4")
    qtbot.keyClick(cell_editor, Qt.Key.Key_End)
    qtbot.waitUntil(lambda: label.text() == "Ln 2, Col 8")
    editor.set_cursor(0, 0)  # the `.py` editor's caret moves while the cell has the keyboard
    qtbot.wait(50)
    assert label.text() == "Ln 2, Col 8"
    qtbot.keyClick(cell_editor, Qt.Key.Key_Escape)  # command mode: no editor has the keyboard
    assert not label.isVisible()
    editor.take_focus()
    qtbot.waitUntil(lambda: label.isVisible() and label.text() == "Ln 1, Col 1")
    window.tree.setFocus()
    assert not label.isVisible()

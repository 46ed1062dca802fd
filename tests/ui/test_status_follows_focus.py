"""The status bar follows the keyboard (issue 19): Ln/Col are the focused editor's, the `.py`
editor's or a notebook cell's (they followed the `.py` editor while a cell was edited), hidden
when no editor has it; the notebook's mode (command or edit) shows while a notebook has it."""

from __future__ import annotations

import nbformat
from PySide6.QtCore import Qt


def test_ln_col_and_the_notebook_mode_follow_the_keyboard(qtbot, window, project):
    (project / "models.py").write_text("x = 1\ny = 2\nz = 3\n")
    path = project / "caret.ipynb"
    nbformat.write(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("a = 1\nbb = 22")]),
                   str(path))
    label, mode = window.status.cursor_label, window.status.mode_label
    editor = window.open_file(project / "models.py")
    window.activateWindow()
    editor.take_focus()
    editor.set_cursor(2, 1)
    qtbot.waitUntil(lambda: label.isVisible() and label.text() == "Ln 3, Col 2")
    assert not mode.isVisible()
    view = window.open_file(path)
    qtbot.waitUntil(lambda: view.cells[0].built)
    view.current().start_editing()
    cell_editor = view.current().widget.editor
    cell_editor.set_cursor(1, 3)
    qtbot.waitUntil(lambda: label.text() == "Ln 2, Col 4")
    assert mode.isVisible() and mode.text() == "Mode: Edit"
    qtbot.keyClick(cell_editor, Qt.Key.Key_End)
    qtbot.waitUntil(lambda: label.text() == "Ln 2, Col 8")
    editor.set_cursor(0, 0)  # the `.py` editor's caret moves while the cell has the keyboard
    qtbot.wait(50)
    assert label.text() == "Ln 2, Col 8"
    qtbot.keyClick(cell_editor, Qt.Key.Key_Escape)  # command mode: no editor has the keyboard
    assert not label.isVisible() and mode.isVisible() and mode.text() == "Mode: Command"
    window.open_file(project / "models.py")  # the notebook shares the main area: bring the file forward
    editor.take_focus()
    qtbot.waitUntil(lambda: label.isVisible() and label.text() == "Ln 1, Col 1")
    assert not mode.isVisible()  # letters typed now reach no notebook
    window.tree.setFocus()
    assert not label.isVisible()

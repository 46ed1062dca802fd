"""A file's editor moved to the side column (issue 19, point 7) keeps working there: its text,
unsaved mark and undo, Ctrl+S, Ctrl+F, the changed-on-disk notice, Run Line, the close and quit
questions, and the window remembers it sits there."""

from __future__ import annotations

from pathlib import Path

import nbformat
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication

from dsstudio.ui.editor.editor_tabs import UNSAVED_MARK
from dsstudio.ui.window.main_window import MainWindow
from tests.ui.helpers import KERNEL_WAIT_MS, open_project_window, wait_for_console

v4 = nbformat.v4


def move_with_tab_menu(window: MainWindow, editor) -> None:
    """What the tab's context menu, Move to Side Column, does."""
    menu = window.areas.tab_menu(window.tabs, window.tabs.indexOf(editor))
    assert menu is not None, "a file's tab offers no move"
    [action] = menu.actions()
    assert action.text() == "Move to Side Column"
    action.trigger()


def side_title(window: MainWindow, editor) -> str:
    return window.side_tabs.tabText(window.side_tabs.indexOf(editor))


def focus(qtbot, editor) -> None:
    editor.window().activateWindow()
    editor.take_focus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is editor)


def test_a_file_in_the_side_keeps_text_mark_and_undo_and_saves_with_ctrl_s(qtbot, window, project):
    path = project / "helpers.py"
    editor = window.open_file(path)
    editor.appendText(len("# mine\n"), "# mine\n")
    move_with_tab_menu(window, editor)
    assert window.areas.area_of(editor) == "side" and window.tabs.indexOf(editor) < 0
    assert editor.text().endswith("# mine\n") and side_title(window, editor).startswith(UNSAVED_MARK)
    assert window.tabs.editors() == [editor] and window.tabs.current_editor() is editor
    editor.undo()
    assert not editor.text().endswith("# mine\n") and side_title(window, editor) == "helpers.py"
    editor.redo()
    # Ctrl+S saves the file whose editor has the keys, there in the side column.
    focus(qtbot, editor)
    qtbot.keyClick(editor, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert path.read_text().endswith("# mine\n") and side_title(window, editor) == "helpers.py"
    # Ctrl+F opens the find bar under the side column, on this editor.
    qtbot.keyClick(editor, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.find_bar.isVisible() and window.find_bar.editor is editor
    assert window.find_bar.parentWidget() is window.side_tabs.parentWidget()
    # Opening it again (the tree, go to definition) brings it forward where it is.
    window.side_tabs.setCurrentWidget(window.console)
    assert window.open_file(path) is editor and window.side_tabs.currentWidget() is editor
    # The main area, empty now, says how to open a file (CudaText #651: a group left half-drawn).
    assert window.tabs.count() == 0 and window.tabs.placeholder.isVisible()
    # Renamed in the tree, it stays in the side column under its new name (vscode-fileutils #26:
    # a rename moved the file to the first group).
    renamed = path.rename(project / "maths.py")
    window.tabs.retarget_path(path, renamed)
    assert window.areas.area_of(editor) == "side" and side_title(window, editor) == "maths.py"
    # View > Move Tab to Other Side takes it back to the main area, with its tab title.
    focus(qtbot, editor)
    window.actions["move_tab"].trigger()
    assert window.areas.area_of(editor) == "main"
    assert window.tabs.tabText(window.tabs.indexOf(editor)) == "maths.py"


def test_a_change_on_disk_shows_its_notice_above_the_side_column(qtbot, window, project):
    path = project / "helpers.py"
    editor = window.open_file(path)
    window.areas.move(editor, "side")
    editor.appendText(len("# mine\n"), "# mine\n")
    path.write_text("def double(x):\n    return x + x\n")
    window.tabs.check_disk()
    side_bar = window.side_tabs.parentWidget().findChild(type(window.tabs.notice_bar))
    qtbot.waitUntil(lambda: side_bar.isVisible())
    assert "changed on disk" in side_bar.notice.text
    assert side_bar.button_labels() == ["Reload", "Keep Mine", "Compare"]
    assert window.tabs.notice_bar.isHidden()  # the main area's bar is for its own files
    assert editor.text().endswith("# mine\n")  # the user's text is never replaced unasked
    window.side_tabs.setCurrentWidget(window.console)
    assert side_bar.isHidden()  # the notice is the file's: it goes with its tab
    window.side_tabs.setCurrentWidget(editor)
    assert side_bar.isVisible()


def test_run_line_from_a_file_in_the_side_runs_in_the_console(qtbot, window, project):
    notebook = project / "analysis.ipynb"
    nbformat.write(v4.new_notebook(cells=[v4.new_code_cell("1 + 1")]), str(notebook))
    editor = window.open_file(project / "cells.py")
    window.areas.move(editor, "side")
    window.open_file(notebook)  # the main area shows a notebook; the file sits beside it
    focus(qtbot, editor)
    # The status bar speaks of it: caret place, encoding and line endings.
    qtbot.waitUntil(lambda: window.status.cursor_label.text() == "Ln 1, Col 1")
    assert window.status.encoding_label.text() == "UTF-8 · LF"
    qtbot.keyClick(editor, Qt.Key.Key_F9)
    wait_for_console(qtbot, window, lambda text: "a = 1" in text)
    # The file stays in front (the next F9 must find it), and the Run menu's button acts on it.
    assert window.side_tabs.currentWidget() is editor
    editor.goto_line(4)
    window.actions["run_selection"].trigger()
    wait_for_console(qtbot, window, lambda text: "second_cell = 40 + 2" in text)


def test_closing_a_file_in_the_side_asks_about_unsaved_changes(qtbot, window, project):
    editor = window.open_file(project / "helpers.py")
    window.areas.move(editor, "side")
    editor.appendText(len("# mine\n"), "# mine\n")
    asked = []
    window.tabs.ask_unsaved = lambda names: asked.append(names) or "cancel"
    # The quit question lists it.
    assert not window.maybe_close_documents() and asked == [["helpers.py"]]
    # Its tab's close button asks too; cancel keeps it, discard closes it.
    window.side_tabs.tabCloseRequested.emit(window.side_tabs.indexOf(editor))
    assert asked == [["helpers.py"]] * 2 and window.side_tabs.indexOf(editor) >= 0
    window.tabs.ask_unsaved = lambda names: asked.append(names) or "discard"
    window.side_tabs.tabCloseRequested.emit(window.side_tabs.indexOf(editor))
    assert len(asked) == 3 and window.tabs.editors() == []
    assert window.side_tabs.indexOf(window.console) >= 0


def test_the_files_in_the_side_are_remembered_across_a_reopen(qtbot, window, project: Path):
    models = window.open_file(project / "helpers.py")
    window.open_file(project / "cells.py")
    # Dragged by its tab onto the side column.
    bar = window.tabs.tabBar()
    start = bar.tabRect(window.tabs.indexOf(models)).center()
    over_side = bar.mapFromGlobal(window.side_tabs.mapToGlobal(window.side_tabs.rect().center()))
    qtbot.mousePress(bar, Qt.MouseButton.LeftButton, pos=start)
    qtbot.mouseMove(bar, start + QPoint(0, 30))
    qtbot.mouseRelease(bar, Qt.MouseButton.LeftButton, pos=over_side)
    qtbot.waitUntil(lambda: window.areas.area_of(models) == "side")
    window.close()
    fresh = open_project_window(qtbot, project)
    fresh.tabs.ask_unsaved = lambda names: "discard"
    qtbot.waitUntil(lambda: len(fresh.tabs.editors()) == 2, timeout=KERNEL_WAIT_MS)
    by_name = {fresh.tabs.document(e).path.name: e for e in fresh.tabs.editors()}
    assert fresh.areas.area_of(by_name["helpers.py"]) == "side"
    assert fresh.areas.area_of(by_name["cells.py"]) == "main"
    # A file opened next goes to the main area: files are placed one by one.
    (project / "extra.py").write_text("x = 1\n")
    assert fresh.areas.area_of(fresh.open_file(project / "extra.py")) == "main"
    qtbot.waitUntil(lambda: fresh.kernel.state == "idle", timeout=KERNEL_WAIT_MS)
    fresh.close_project()


def test_a_file_in_the_side_gets_recovery_copies_and_its_save_reloads_the_module(
        qtbot, window, project):
    from tests.ui.test_recovery import copy_of

    qtbot.waitUntil(lambda: window.live_reload is not None and window.recovery is not None
                    and not window.live_reload.is_busy(), timeout=KERNEL_WAIT_MS)
    window.console.run_code("from helpers import double")
    wait_for_console(qtbot, window, lambda text: "In [2]" in text)
    path = project / "helpers.py"
    editor = window.open_file(path)
    window.areas.move(editor, "side")
    assert window.areas.area_of(editor) == "side"
    editor.replace_text_keeping_place("def double(x):\n    return 20 * x\n")
    # Unsaved text there is copied for recovery like any other file's...
    qtbot.waitUntil(lambda: copy_of(project, path) is not None, timeout=5000)
    assert copy_of(project, path)["content"].endswith("return 20 * x\n")
    # ...and saving it reloads the module in the kernel.
    focus(qtbot, editor)
    qtbot.keyClick(editor, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: "helpers.py reloaded" in window.status.reload_label.text(),
                    timeout=KERNEL_WAIT_MS)
    window.console.run_code("print('doubled', double(2))")
    wait_for_console(qtbot, window, lambda text: "doubled 40" in text)
    qtbot.waitUntil(lambda: copy_of(project, path) is None, timeout=5000)

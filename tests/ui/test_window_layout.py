"""The window's layout (issue 19, point 7): notebooks open in the main area beside the files and
move to the side column and back (menu, View action, drag), keeping their cells, unsaved state
and kernel; a pane maximises and restores; View shows and hides the tree, the side column and
Problems, remembered across a reopen."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QLabel

from dsstudio.core.settings import ProjectState, save_project_state
from dsstudio.ui.window.main_window import MainWindow
from tests.ui.helpers import (
    KERNEL_WAIT_MS,
    console_text,
    open_project_window,
    wait_for_console,
)

v4 = nbformat.v4


@pytest.fixture
def notebook_path(project: Path) -> Path:
    (project / "models.py").write_text("def score():\n    return 41\n")
    path = project / "analysis.ipynb"
    nbformat.write(v4.new_notebook(cells=[v4.new_code_cell("from models import score\nscore() + 1"),
                                          v4.new_markdown_cell("# Notes")]), str(path))
    return path


def open_from_tree(qtbot, window: MainWindow, path: Path):
    window.tree.sig_open_file.emit(path)  # what a double-click in the tree does
    path = path.resolve()
    return next(view for view in window.notebooks.views if view.path == path)


def shown_outputs(cell) -> str:
    return "\n".join(label.text() for label in cell.widget.outputs_box.findChildren(QLabel))


def run_first_cell(qtbot, view) -> None:
    view.select(0)
    view.run_selected()
    qtbot.waitUntil(lambda: not view.runner.is_running() and "42" in shown_outputs(view.cells[0]),
                    timeout=KERNEL_WAIT_MS)


def reopen(qtbot, window: MainWindow, project: Path) -> MainWindow:
    """Close `window` as the user does, and open its project in a new window."""
    window.close()
    fresh = open_project_window(qtbot, project)
    qtbot.waitUntil(lambda: fresh.kernel.state == "idle", timeout=KERNEL_WAIT_MS)
    fresh.tabs.ask_unsaved = lambda names: "discard"
    return fresh


def test_a_notebook_from_the_tree_opens_in_the_main_area_beside_the_files(
        qtbot, window, project, notebook_path):
    editor = window.open_file(project / "models.py")
    view = open_from_tree(qtbot, window, notebook_path)
    assert window.areas.area_of(view) == "main"
    assert window.tabs.indexOf(view) >= 0 and window.tabs.indexOf(editor) >= 0
    assert window.tabs.currentWidget() is view
    assert window.side_tabs.indexOf(view) < 0 and window.side_tabs.indexOf(window.console) >= 0
    # The editor's tabs still know their files only (save all, unsaved checks, the status bar).
    assert window.tabs.editors() == [editor] and window.tabs.current_editor() is None
    assert window.tabs.open_paths() == [(project / "models.py").resolve()]
    window.tabs.setCurrentWidget(editor)
    assert window.tabs.current_editor() is editor


def test_a_moved_notebook_keeps_its_cells_unsaved_edits_and_kernel(qtbot, window, notebook_path):
    view = open_from_tree(qtbot, window, notebook_path)
    view.insert_cell(below=True)  # an unsaved change
    cells = len(view.cells)
    assert view.modified
    # A move never closes anything: no question about unsaved work or the kernel (JupyterLab's
    # first tab drags asked to restart the kernel: jupyter-js-plugins#159).
    window.tabs.ask_unsaved = lambda names: pytest.fail(f"asked about {names} on a move")
    window.confirm_restart = lambda: pytest.fail("asked to restart on a move")
    menu = window.areas.tab_menu(window.tabs, window.tabs.indexOf(view))
    assert [a.text() for a in menu.actions()] == ["Move to Side Column"]
    menu.actions()[0].trigger()
    assert window.areas.area_of(view) == "side" and window.side_tabs.currentWidget() is view
    assert window.tabs.indexOf(view) < 0
    _tree, main, side = window.splitter.sizes()
    assert side > main  # a notebook's column is widened, wherever it goes
    assert len(view.cells) == cells and view.modified
    assert window.side_tabs.tabText(window.side_tabs.indexOf(view)).startswith("●")
    run_first_cell(qtbot, view)  # the real kernel still answers it there
    # Back with View > Move Tab to Other Side, the keyboard in the notebook.
    view.setFocus()
    window.actions["move_tab"].trigger()
    assert window.areas.area_of(view) == "main" and window.tabs.currentWidget() is view
    assert window.tabs.tabText(window.tabs.indexOf(view)).startswith("●")
    view.cells[0].cell["outputs"] = []
    view.cells[0].refresh_outputs()
    run_first_cell(qtbot, view)
    # Closing its tab where it is now asks about the unsaved change, and closes it.
    asked = []
    window.tabs.ask_unsaved = lambda names: asked.append(names) or "discard"
    window.tabs.tabCloseRequested.emit(window.tabs.indexOf(view))
    assert asked == [["analysis.ipynb"]] and window.notebooks.views == []
    assert window.tabs.indexOf(view) < 0


def test_a_notebook_read_again_from_disk_stays_where_it_was(qtbot, window, project, notebook_path):
    view = open_from_tree(qtbot, window, notebook_path)
    window.areas.move(view, "side")
    window.areas.move(window.console, "main")  # the side column now holds the notebook alone...
    index = window.side_tabs.indexOf(view)
    window.notebooks.reload(view)
    fresh = window.notebooks.views[-1]
    assert fresh is not view and window.areas.area_of(fresh) == "side"
    assert window.side_tabs.indexOf(fresh) == index and window.side_tabs.currentWidget() is fresh
    bar = window.tabs.tabBar()  # ...and the console keeps no close button in the main area
    assert bar.tabButton(window.tabs.indexOf(window.console), bar.ButtonPosition.RightSide) is None


def test_a_tab_dragged_onto_the_other_side_moves_there(qtbot, window, project, notebook_path):
    window.open_file(project / "models.py")
    view = open_from_tree(qtbot, window, notebook_path)
    bar = window.tabs.tabBar()
    start = bar.tabRect(window.tabs.indexOf(view)).center()
    over_side = bar.mapFromGlobal(window.side_tabs.mapToGlobal(window.side_tabs.rect().center()))
    qtbot.mousePress(bar, Qt.MouseButton.LeftButton, pos=start)
    qtbot.mouseMove(bar, start + QPoint(0, 30))
    qtbot.mouseRelease(bar, Qt.MouseButton.LeftButton, pos=over_side)
    qtbot.waitUntil(lambda: window.areas.area_of(view) == "side")
    # A drag let go over its own tab bar only reorders: it stays.
    side_bar = window.side_tabs.tabBar()
    start = side_bar.tabRect(window.side_tabs.indexOf(view)).center()
    qtbot.mousePress(side_bar, Qt.MouseButton.LeftButton, pos=start)
    qtbot.mouseRelease(side_bar, Qt.MouseButton.LeftButton, pos=start + QPoint(-40, 0))
    qtbot.wait(50)
    assert window.areas.area_of(view) == "side"
    # A file's tab can be dragged too (tests/ui/test_editor_in_side.py).
    editor = window.tabs.editors()[0]
    assert window.areas.tab_menu(window.tabs, window.tabs.indexOf(editor)) is not None


def test_the_side_chosen_for_notebooks_is_where_the_next_opens_and_is_remembered(
        qtbot, window, project, notebook_path):
    view = open_from_tree(qtbot, window, notebook_path)
    window.areas.move(view, "side")
    other = project / "other.ipynb"
    nbformat.write(v4.new_notebook(), str(other))
    assert window.areas.area_of(open_from_tree(qtbot, window, other)) == "side"
    fresh = reopen(qtbot, window, project)
    # Both reopen with the project, in the side column, and a new one goes there too.
    qtbot.waitUntil(lambda: fresh._notebooks is not None and len(fresh.notebooks.views) == 2,
                    timeout=KERNEL_WAIT_MS)
    assert {fresh.areas.area_of(v) for v in fresh.notebooks.views} == {"side"}
    fresh.areas.move(fresh.notebooks.views[0], "main")
    third = project / "third.ipynb"
    nbformat.write(v4.new_notebook(), str(third))
    assert fresh.areas.area_of(open_from_tree(qtbot, fresh, third)) == "main"
    fresh.close_project()


def test_shift_enter_in_a_notebook_in_the_main_area_runs_its_cell(qtbot, window, project,
                                                                   notebook_path):
    """The editor's Shift+Enter (Run Cell and Advance) lives on the main area too: while a
    notebook there has the keys, only the notebook's own may answer (two were ambiguous and
    neither ran)."""
    window.open_file(project / "models.py")
    view = open_from_tree(qtbot, window, notebook_path)
    view.select(0)
    view.current().start_editing()
    editor = view.cells[0].widget.editor
    editor.take_focus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is editor)
    qtbot.keyClick(editor, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: "42" in shown_outputs(view.cells[0]), timeout=KERNEL_WAIT_MS)
    assert view.selected == 1
    # Back in the file's editor, Shift+Enter runs the editor's cell in the console.
    code = window.tabs.editors()[0]
    window.tabs.setCurrentWidget(code)
    code.take_focus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is code)
    qtbot.keyClick(code, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    wait_for_console(qtbot, window, lambda text: "def score" in text)


def test_the_console_moves_to_the_main_area_and_runs_lines_there(qtbot, window, project):
    window.areas.move(window.console, "main")
    assert window.tabs.indexOf(window.console) >= 0
    bar = window.tabs.tabBar()
    assert bar.tabButton(window.tabs.indexOf(window.console), bar.ButtonPosition.RightSide) is None
    editor = window.open_file(project / "cells.py")
    assert window.tabs.currentWidget() is editor
    window.run_selection()
    wait_for_console(qtbot, window, lambda text: "a = 1" in text)
    # The file whose line ran stays in front (the next Run Line must find it there).
    assert window.tabs.currentWidget() is editor
    window.tabs.tabCloseRequested.emit(window.tabs.indexOf(window.console))
    assert window.tabs.indexOf(window.console) >= 0  # the console never closes
    assert console_text(window)


def test_maximise_hides_the_other_panes_and_restore_brings_their_widths_back(qtbot, window, project):
    window.splitter.setSizes([200, 600, 480])
    before = window.splitter.sizes()
    editor = window.open_file(project / "cells.py")
    editor.take_focus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is editor)
    qtbot.keyClick(editor, Qt.Key.Key_M,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert window.panes.maximised == "editor"
    assert window.left_tabs.isHidden() and window.side_tabs.parentWidget().isHidden()
    qtbot.waitUntil(lambda: window.splitter.sizes()[1] > sum(before) - 10)
    qtbot.keyClick(editor, Qt.Key.Key_M,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert window.panes.maximised is None
    qtbot.waitUntil(lambda: window.splitter.sizes() == before)  # (once laid out)
    # The console's pane maximises the side column; code run there keeps it so.
    window.panes.toggle_maximised(window.console)
    assert window.panes.maximised == "side" and window.tabs.parentWidget().isHidden()
    window.console.run_code("1")
    assert window.panes.maximised == "side"
    window.panes.toggle_maximised()
    qtbot.waitUntil(lambda: window.splitter.sizes() == before)
    # Remembered as they were, even when closed while maximised.
    window.panes.toggle_maximised(editor)
    qtbot.waitUntil(lambda: window.splitter.sizes()[1] > sum(before) - 10)
    assert window.panes.widths_to_keep() == before


def test_view_toggles_hide_and_show_panes_and_are_remembered(qtbot, window, project):
    window.splitter.setSizes([240, 600, 440])
    before = window.splitter.sizes()
    actions = window.actions
    assert actions["show_tree"].isChecked() and actions["show_side_column"].isChecked()
    assert actions["show_problems"].isChecked()
    actions["show_tree"].trigger()
    assert window.left_tabs.isHidden() and not actions["show_tree"].isChecked()
    actions["show_side_column"].trigger()
    assert window.side_tabs.parentWidget().isHidden()
    qtbot.waitUntil(lambda: window.lint is not None, timeout=KERNEL_WAIT_MS)
    actions["show_problems"].trigger()
    assert not window.side_tabs.isTabVisible(window.side_tabs.indexOf(window.lint.pane))
    fresh = reopen(qtbot, window, project)
    assert fresh.left_tabs.isHidden() and fresh.side_tabs.parentWidget().isHidden()
    assert not fresh.actions["show_tree"].isChecked()
    assert not fresh.actions["show_side_column"].isChecked()
    qtbot.waitUntil(lambda: fresh.lint is not None, timeout=KERNEL_WAIT_MS)
    assert not fresh.actions["show_problems"].isChecked()
    assert not fresh.side_tabs.isTabVisible(fresh.side_tabs.indexOf(fresh.lint.pane))
    # Shown again: at the widths they had.
    fresh.actions["show_tree"].trigger()
    fresh.actions["show_side_column"].trigger()
    assert not fresh.left_tabs.isHidden() and not fresh.side_tabs.parentWidget().isHidden()
    qtbot.waitUntil(lambda: fresh.splitter.sizes() == before)
    # The lint counts' button brings Problems back.
    fresh.lint.status_button.click()
    assert fresh.actions["show_problems"].isChecked()
    assert fresh.side_tabs.currentWidget() is fresh.lint.pane
    # Running code in the console brings a hidden side column back.
    fresh.actions["show_side_column"].trigger()
    fresh.console.run_code("1")
    assert not fresh.side_tabs.parentWidget().isHidden()
    assert fresh.actions["show_side_column"].isChecked()
    fresh.close_project()


def test_a_damaged_pane_state_opens_the_usual_layout(qtbot, project, notebook_path):
    state = ProjectState()
    state.open_files = ["analysis.ipynb"]
    state.panes = {"hidden": ["editor", 5, "tree"], "areas": {"notebook": "nowhere", "console": 3},
                   "problems_shown": "no"}
    save_project_state(project, state)
    window = open_project_window(qtbot, project)
    window.tabs.ask_unsaved = lambda names: "discard"
    qtbot.waitUntil(lambda: window._notebooks is not None and bool(window.notebooks.views),
                    timeout=KERNEL_WAIT_MS)
    # Only what makes sense is taken: the tree hidden; the rest as usual.
    assert window.left_tabs.isHidden() and not window.tabs.parentWidget().isHidden()
    assert window.areas.area_of(window.notebooks.views[0]) == "main"
    assert window.areas.area_of(window.console) == "side" and window.areas.problems_shown
    window.close_project()


def test_maximise_survives_a_pane_toggle_and_a_window_resize(qtbot, window, project):
    """Sizes lost when un-maximising after another layout change (VS Code #212034, zen mode),
    after a window resize (VS Code #72969), or by maximising twice (PyScripter #245)."""
    window.splitter.setSizes([200, 300, 210])
    qtbot.waitUntil(lambda: window.splitter.sizes()[0] > 0)
    tree, _main, side = before = window.splitter.sizes()
    window.panes.toggle_maximised(window.tabs)
    window.actions["show_tree"].trigger()  # un-maximises, then hides the tree
    assert window.panes.maximised is None and window.left_tabs.isHidden()
    assert not window.side_tabs.parentWidget().isHidden()
    window.actions["show_tree"].trigger()
    qtbot.waitUntil(lambda: window.splitter.sizes() == before)
    window.panes.toggle_maximised(window.tabs)
    window.panes.toggle_maximised(window.tabs)  # twice: back, not stuck
    qtbot.waitUntil(lambda: window.splitter.sizes() == before)
    window.panes.toggle_maximised(window.console)
    window.resize(window.width() + 200, window.height())
    qtbot.waitUntil(lambda: window.splitter.sizes()[2] > side + 150)
    window.panes.toggle_maximised()
    # The tree and the side column get their widths back; the main area takes the new room.
    qtbot.waitUntil(lambda: window.splitter.sizes()[0] == tree and window.splitter.sizes()[2] == side)

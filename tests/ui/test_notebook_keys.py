"""The notebook's keys reach the notebook only (issue 19): Esc and command mode's letters typed in
the `.py` editor stay there, and JupyterLab's keys work in the notebook, on a real kernel."""

from __future__ import annotations

import ast
from pathlib import Path

import nbformat
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from tests.ui.helpers import KERNEL_WAIT_MS, wait_for_console

v4 = nbformat.v4


@pytest.fixture
def notebook_path(project: Path) -> Path:
    nb = v4.new_notebook(cells=[
        v4.new_code_cell("a = 1"),
        v4.new_markdown_cell("# Notes"),
        v4.new_code_cell("b = 2"),
    ])
    path = project / "keys.ipynb"
    nbformat.write(nb, str(path))
    return path


def open_view(qtbot, window, path):
    view = window.open_file(path)
    qtbot.waitUntil(lambda: all(cell.built for cell in view.cells))
    return view


def cells_of(view) -> list[tuple[str, str]]:
    return [(cell.cell.cell_type, cell.source()) for cell in view.cells]


def press(qtbot, keys: str) -> None:
    """Type `keys` ("Esc", "Shift+M", or letters) where the keyboard focus is, as a user does."""
    named = {"Esc": (Qt.Key.Key_Escape, Qt.KeyboardModifier.NoModifier),
             "Return": (Qt.Key.Key_Return, Qt.KeyboardModifier.NoModifier),
             "Shift+M": ("M", Qt.KeyboardModifier.ShiftModifier),
             "Shift+Up": (Qt.Key.Key_Up, Qt.KeyboardModifier.ShiftModifier),
             "Shift+Down": (Qt.Key.Key_Down, Qt.KeyboardModifier.ShiftModifier),
             "Shift+Tab": (Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)}
    if keys in named:
        qtbot.keyClick(QApplication.focusWidget(), *named[keys])
        return
    for letter in keys:
        qtbot.keyClick(QApplication.focusWidget(), letter)


def test_esc_and_command_letters_in_the_py_editor_stay_in_the_editor(qtbot, window, project,
                                                                     notebook_path):
    view = open_view(qtbot, window, notebook_path)
    before = cells_of(view)
    (project / "models.py").write_text("x = 1\n")
    editor = window.open_file(project / "models.py")
    window.activateWindow()
    editor.take_focus()
    editor.set_cursor(1, 0)
    for keys in ("Esc", "b", "a", "Esc", "dd", "m", "Esc", "y", "Return", "Esc", "Shift+M"):
        press(qtbot, keys)
        assert QApplication.focusWidget() is editor, keys
    # Every letter reached the editor (Shift+M is an M); no cell was inserted, deleted or changed.
    assert editor.text() == "x = 1\nbaddmy\nM"
    assert cells_of(view) == before and not view.modified


def test_run_keys_in_the_py_editor_run_its_cell_in_the_console_not_the_notebooks(
        qtbot, window, project, notebook_path):
    view = open_view(qtbot, window, notebook_path)
    (project / "models.py").write_text("from_the_editor = 6 * 7\nfrom_the_editor\n")
    editor = window.open_file(project / "models.py")
    window.activateWindow()
    editor.take_focus()
    # The notebook's Ctrl+Return was the window's too: the two clashed and neither ran.
    qtbot.keyClick(editor, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    wait_for_console(qtbot, window, lambda text: "Out[" in text and "42" in text)
    assert all(cell.cell.get("execution_count") is None for cell in view.cells
               if cell.cell.cell_type == "code")
    assert QApplication.focusWidget() is editor


def test_esc_in_the_py_editor_closes_its_call_tip_and_nothing_else(qtbot, window, project,
                                                                   notebook_path):
    view = open_view(qtbot, window, notebook_path)
    view.current().start_editing()  # a cell being edited elsewhere stays so
    (project / "models.py").write_text("print(\n")
    editor = window.open_file(project / "models.py")
    window.activateWindow()
    editor.take_focus()
    editor.callTipShow(6, "print(*values)")
    assert editor.callTipActive()
    press(qtbot, "Esc")
    assert not editor.callTipActive() and QApplication.focusWidget() is editor
    assert view.current().is_editing()


def test_esc_in_a_cell_leaves_edit_mode_while_the_editors_find_bar_stays_open(qtbot, window, project,
                                                                                notebook_path):
    (project / "models.py").write_text("x = 1\n")
    editor = window.open_file(project / "models.py")
    window.find_bar.show_find(editor)
    view = open_view(qtbot, window, notebook_path)
    window.activateWindow()
    view.current().start_editing()
    press(qtbot, "Esc")
    assert not view.current().is_editing() and QApplication.focusWidget() is view
    assert window.find_bar.isVisible()


def test_the_command_keys_act_when_the_notebook_has_the_keyboard(qtbot, window, notebook_path):
    view = open_view(qtbot, window, notebook_path)
    window.activateWindow()
    view.current().start_editing()
    press(qtbot, "Esc")
    assert QApplication.focusWidget() is view and window.status.mode_label.text() == "Mode: Command"
    press(qtbot, "b")
    assert len(view.cells) == 4 and view.selected == 1 and view.current().source() == ""
    press(qtbot, "m")
    assert view.current().cell.cell_type == "markdown"
    press(qtbot, "y")
    assert view.current().cell.cell_type == "code"
    press(qtbot, "dd")
    assert cells_of(view) == [("code", "a = 1"), ("markdown", "# Notes"), ("code", "b = 2")]
    press(qtbot, "Return")
    assert view.current().is_editing() and window.status.mode_label.text() == "Mode: Edit"
    press(qtbot, "x")  # typed into the cell
    assert view.current().widget.editor.text().startswith("x") and len(view.cells) == 3


def test_insert_above_leaves_only_the_new_cell_selected(qtbot, window, notebook_path):
    view = open_view(qtbot, window, notebook_path)
    window.activateWindow()
    view.setFocus()
    view.select(1)
    press(qtbot, "a")
    assert view.selected == 1 and view.current().source() == ""
    assert [cell.selected for cell in view.cells] == [False, True, False, False]


def test_shift_arrows_extend_the_selection_and_shift_m_merges_it(qtbot, window, notebook_path):
    view = open_view(qtbot, window, notebook_path)
    window.activateWindow()
    view.setFocus()
    press(qtbot, "Shift+Down")
    press(qtbot, "Shift+Down")
    assert [cell.selected for cell in view.cells] == [True, True, True] and view.selected == 2
    press(qtbot, "Shift+Up")
    assert [cell.selected for cell in view.cells] == [True, True, False]
    press(qtbot, "Shift+M")  # merges (M alone makes markdown)
    assert cells_of(view) == [("code", "a = 1\n\n# Notes"), ("code", "b = 2")]
    assert [cell.selected for cell in view.cells] == [True, False] and view.modified
    press(qtbot, "Shift+M")  # one cell selected: merged with the cell below
    assert cells_of(view) == [("code", "a = 1\n\n# Notes\n\nb = 2")]


def test_dd_deletes_the_selected_cells_and_z_brings_them_back(qtbot, window, notebook_path):
    view = open_view(qtbot, window, notebook_path)
    before = cells_of(view)
    window.activateWindow()
    view.setFocus()
    view.select(1)
    press(qtbot, "Shift+Down")
    press(qtbot, "dd")
    assert cells_of(view) == [("code", "a = 1")]
    press(qtbot, "z")
    assert cells_of(view) == before and [cell.selected for cell in view.cells] == [False, True, True]


def test_i_i_interrupts_the_kernel(qtbot, window, notebook_path):
    view = open_view(qtbot, window, notebook_path)
    view.cells[0].cell["source"] = "import time\ntime.sleep(60)"
    view.run_selected()
    qtbot.waitUntil(lambda: view.cells[0].state == "running", timeout=KERNEL_WAIT_MS)
    qtbot.wait(300)
    window.activateWindow()
    view.setFocus()
    press(qtbot, "i")
    assert view.runner.is_running()  # one I does nothing
    press(qtbot, "i")
    qtbot.waitUntil(lambda: not view.runner.is_running(), timeout=KERNEL_WAIT_MS)
    assert any("KeyboardInterrupt" in str(output) for output in view.cells[0].cell.outputs)


@pytest.mark.parametrize("answer", [False, True])
def test_0_0_restarts_the_kernel_after_asking(qtbot, window, notebook_path, answer):
    view = open_view(qtbot, window, notebook_path)
    asked = []
    window.confirm_restart = lambda: asked.append(True) or answer
    session = window.kernel.session
    pid = session.pid
    window.activateWindow()
    view.setFocus()
    press(qtbot, "0")
    assert not asked
    press(qtbot, "0")
    assert asked == [True]
    if answer:
        qtbot.waitUntil(lambda: window.kernel.session.pid not in (None, pid), timeout=KERNEL_WAIT_MS)
        qtbot.waitUntil(lambda: window.kernel.state == "idle", timeout=KERNEL_WAIT_MS)
    else:
        assert window.kernel.session.pid == pid


def test_shift_tab_in_a_cell_shows_the_help_of_the_name_at_the_caret(qtbot, window, project):
    path = project / "help.ipynb"
    nbformat.write(v4.new_notebook(cells=[v4.new_code_cell("import json\njson.dumps")]), str(path))
    qtbot.waitUntil(lambda: window.intelligence is not None, timeout=KERNEL_WAIT_MS)
    view = open_view(qtbot, window, path)
    window.activateWindow()
    view.current().start_editing()
    editor = view.current().widget.editor
    editor.set_cursor(1, 7)
    press(qtbot, "Shift+Tab")
    hover = window.intelligence.assist_of(editor).hover
    qtbot.waitUntil(lambda: "Serialize" in hover.shown_text, timeout=KERNEL_WAIT_MS)
    assert editor.text() == "import json\njson.dumps"  # no dedent


def test_no_shortcut_is_made_with_a_context_pyside_drops():
    """PySide6 ignores the context given to QShortcut(keys, parent, handler, context): the
    shortcut acts in the whole window. Shortcuts are made by ui/widget_shortcut.py instead."""
    root = Path(__file__).resolve().parents[2] / "dsstudio"
    wrong = []
    for path in root.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and getattr(node.func, "id", "") == "QShortcut"
                    and (len(node.args) > 2 or any(k.arg == "context" for k in node.keywords))):
                wrong.append(f"{path.relative_to(root)}:{node.lineno}")
    assert not wrong


def test_a_text_field_inside_the_notebook_keeps_its_keys(qtbot, window, notebook_path):
    """jupyterlab#1729: command-mode keys fired while typing in the input() box."""
    from PySide6.QtWidgets import QLineEdit

    view = open_view(qtbot, window, notebook_path)
    before = cells_of(view)
    field = QLineEdit()  # as the line that answers input() under a cell
    view.cells[0].widget.outputs_layout.addWidget(field)
    answered = []
    field.returnPressed.connect(lambda: answered.append(field.text()))
    window.activateWindow()
    field.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is field)
    assert window.status.mode_label.text() == "Mode: Edit"  # letters type text here
    press(qtbot, "bdd")
    press(qtbot, "Esc")
    qtbot.keyClick(field, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    assert answered == ["bdd"] and cells_of(view) == before and not view.runner.is_running()
    view.setFocus()  # the notebook's own keys are back
    qtbot.keyClick(view, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    assert view.selected == 1


def test_a_d_long_ago_or_before_the_keyboard_moved_never_makes_a_later_d_delete(
        qtbot, window, notebook_path, monkeypatch):
    from dsstudio.ui.notebook import command_keys

    view = open_view(qtbot, window, notebook_path)
    before = cells_of(view)
    window.activateWindow()
    view.setFocus()
    clock = [100.0]
    monkeypatch.setattr(command_keys, "monotonic", lambda: clock[0], raising=False)
    press(qtbot, "d")
    clock[0] += getattr(command_keys, "CHORD_SECONDS", 1.0) + 0.5  # (a pretend clock: nothing waits)
    press(qtbot, "d")
    assert cells_of(view) == before
    view.current().start_editing()  # the keyboard goes into a cell and back
    press(qtbot, "Esc")
    press(qtbot, "d")
    assert cells_of(view) == before
    press(qtbot, "d")  # D, D within the time: the cell goes
    assert len(view.cells) == 2


def test_shift_tab_dedents_in_leading_blanks_and_esc_closes_a_completion_list_first(
        qtbot, window, project):
    path = project / "dedent.ipynb"
    nbformat.write(v4.new_notebook(cells=[v4.new_code_cell("if True:\n        x = 1")]), str(path))
    view = open_view(qtbot, window, path)
    window.activateWindow()
    view.current().start_editing()
    editor = view.current().widget.editor
    editor.set_cursor(1, 8)
    press(qtbot, "Shift+Tab")
    assert editor.text() == "if True:\n    x = 1"
    editor.autoCShow(0, "alpha beta")
    assert editor.autoCActive()
    press(qtbot, "Esc")  # closes the list only
    assert not editor.autoCActive() and view.current().is_editing()
    press(qtbot, "Esc")
    assert not view.current().is_editing() and QApplication.focusWidget() is view


def test_the_toolbar_tooltips_give_the_keys_the_notebook_binds(qtbot, window, notebook_path):
    from PySide6.QtWidgets import QToolButton

    view = open_view(qtbot, window, notebook_path)
    tips = [action.toolTip() for action in view.toolbar.actions()]
    tips += [button.toolTip() for button in view.toolbar.findChildren(QToolButton)]
    for tip in ("Insert a cell below (B)", "Interrupt the kernel (I, I)",
                "Move the cell up (Ctrl+Shift+Up)"):
        assert tip in tips
    assert any(tip.startswith("Run the selected cells (Ctrl+Return)") for tip in tips)
    assert any(tip.startswith("Restart the kernel (0, 0)") for tip in tips)

"""The debugger on a real kernel with debugpy: breakpoints in a module hit from the console, a
notebook cell and Run File; the stack, variables, steps; detached when none are left."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest

from dsstudio.core.debug.breakpoints import Breakpoint
from dsstudio.core.variables.variable_list import COLUMNS
from dsstudio.ui.window.main_window import MainWindow
from tests.ui.helpers import KERNEL_WAIT_MS, wait_for_console


def armed(qtbot, debugger, path: Path, line: int) -> None:
    """A breakpoint at `line` of `path`, the debugger attached and told of it."""
    debugger.toggle_breakpoint(path, line)
    qtbot.waitUntil(lambda: debugger.state == "running"
                    and debugger.store.at(path, line).verified is not None, timeout=KERNEL_WAIT_MS)
    settled(qtbot, debugger)


def settled(qtbot, debugger) -> None:
    """The debugger answered every breakpoint change: the kernel's control thread takes them
    while its shell thread may already run what is sent next, so a test (a user is slower) waits
    for the answers before running code that must meet them."""
    qtbot.waitUntil(lambda: debugger.session.breakpoints_settled, timeout=KERNEL_WAIT_MS)


def stop_after(qtbot, debugger, action, *args) -> list[dict]:
    """The frames of the next stop, after `action(*args)` (a run, or a step while paused)."""
    with qtbot.waitSignal(debugger.sig_paused, timeout=KERNEL_WAIT_MS) as stop:
        action(*args)
    return stop.args[0]


def resumed(qtbot, debugger) -> None:
    debugger.session.resume()
    qtbot.waitUntil(lambda: debugger.state == "running", timeout=KERNEL_WAIT_MS)


def top(frames: list[dict]) -> tuple[str, int]:
    return Path(frames[0]["source"]["path"]).name, frames[0]["line"]


def listed(qtbot, tree, parent=None) -> dict:
    """The rows of the Debug pane's variables under `parent` (None: the frame's names), by
    name, once they came (expanding `parent` asks for them)."""
    def rows() -> dict:
        count = tree.topLevelItemCount() if parent is None else parent.childCount()
        items = [tree.topLevelItem(i) if parent is None else parent.child(i) for i in range(count)]
        return {item.text(0): item for item in items}

    if parent is not None:
        parent.setExpanded(True)
    qtbot.waitUntil(lambda: bool(rows()), timeout=KERNEL_WAIT_MS)
    return rows()


def previews(rows: dict) -> dict[str, str]:
    return {name: row.text(COLUMNS.index("Preview")) for name, row in rows.items()}


def ask(qtbot, call, *args):
    """The answer of one of the session's asynchronous requests."""
    answers = []
    call(*args, answers.append)
    qtbot.waitUntil(lambda: bool(answers), timeout=KERNEL_WAIT_MS)
    return answers[0]


def test_hit_from_the_console_shows_where_and_what(qtbot, window, debugger, project):
    armed(qtbot, debugger, project / "helpers.py", 2)
    assert debugger.store.at(project / "helpers.py", 2).verified is True
    frames = stop_after(qtbot, debugger, window.console.run_code,
                        "import helpers\nprint('got', helpers.double(4))")
    assert top(frames) == ("helpers.py", 2)
    assert [f["name"] for f in frames[:2]] == ["double", "<module>"]
    editor = window.tabs.current_editor()
    assert window.tabs.document(editor).path.name == "helpers.py" and editor.current_line() == 1
    assert previews(listed(qtbot, debugger.pane.variables)) == {"x": "4"}
    assert ask(qtbot, debugger.session.evaluate, "x * 10", frames[0]["id"]) == "40"
    resumed(qtbot, debugger)
    wait_for_console(qtbot, window, lambda text: "got 8" in text)


def test_hit_from_a_notebook_cell(qtbot, window, debugger, project):
    path = project / "calls.ipynb"
    nbformat.write(nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_code_cell("import helpers\nvalue = helpers.double(5)\nvalue")]), str(path))
    view = window.open_file(path)
    armed(qtbot, debugger, project / "helpers.py", 2)
    frames = stop_after(qtbot, debugger, view.run_all)
    assert top(frames) == ("helpers.py", 2)
    # The cell's own frame: the kernel's copy of the cell's code, at the calling line.
    cell_frame = frames[1]
    assert cell_frame["source"]["path"].startswith(debugger.session.debug_info["tmpFilePrefix"])
    assert cell_frame["line"] == 2
    resumed(qtbot, debugger)
    qtbot.waitUntil(lambda: not view.runner.is_running(), timeout=KERNEL_WAIT_MS)
    assert view.cells[0].cell.outputs[0]["data"]["text/plain"] == "10"


def test_hit_from_run_file_in_the_script_and_across_modules(qtbot, window, debugger, project):
    script = project / "script.py"
    script.write_text("from helpers import double\nresult = double(6)\nprint('result', result)\n")
    window.open_file(script)
    armed(qtbot, debugger, script, 2)
    armed(qtbot, debugger, project / "helpers.py", 2)
    assert top(stop_after(qtbot, debugger, window.actions["run_file"].trigger)) == ("script.py", 2)
    assert top(stop_after(qtbot, debugger, debugger.session.resume)) == ("helpers.py", 2)
    resumed(qtbot, debugger)
    wait_for_console(qtbot, window, lambda text: "result 12" in text)


def test_step_over_into_and_out(qtbot, window, debugger, project):
    script = project / "steps.py"
    script.write_text("from helpers import double\n\n\ndef twice(y):\n    a = double(y)\n"
                      "    b = a + 1\n    return b\n")
    armed(qtbot, debugger, script, 5)
    run = window.console.run_code
    assert top(stop_after(qtbot, debugger, run, "from steps import twice\nprint('twice', twice(3))")
               ) == ("steps.py", 5)
    assert top(stop_after(qtbot, debugger, debugger.session.step_in)) == ("helpers.py", 2)
    assert top(stop_after(qtbot, debugger, debugger.session.step_out)) == ("steps.py", 5)
    assert top(stop_after(qtbot, debugger, debugger.session.step_over)) == ("steps.py", 6)
    resumed(qtbot, debugger)
    wait_for_console(qtbot, window, lambda text: "twice 7" in text)


def test_conditional_breakpoint_stops_only_when_true(qtbot, window, debugger, project):
    debugger.store.set(project / "helpers.py", Breakpoint(2, condition="x == 3"))
    qtbot.waitUntil(lambda: debugger.state == "running", timeout=KERNEL_WAIT_MS)
    frames = stop_after(qtbot, debugger, window.console.run_code,
                        "import helpers\nprint('sum', sum(helpers.double(i) for i in range(5)))")
    assert ask(qtbot, debugger.session.evaluate, "x", frames[0]["id"]) == "3"
    resumed(qtbot, debugger)
    wait_for_console(qtbot, window, lambda text: "sum 20" in text)


def test_log_point_prints_without_stopping(qtbot, window, debugger, project, monkeypatch):
    from PySide6.QtWidgets import QInputDialog

    editor = window.open_file(project / "helpers.py")
    editor.goto_line(1)
    monkeypatch.setattr(QInputDialog, "getText", lambda *args, **kwargs: ("twice {x}", True))
    window.actions["log_point"].trigger()
    assert debugger.store.at(project / "helpers.py", 2).log_message == "twice {x}"
    qtbot.waitUntil(lambda: debugger.state == "running", timeout=KERNEL_WAIT_MS)
    window.console.run_code("import helpers\nprint('logged', helpers.double(21))")
    wait_for_console(qtbot, window, lambda text: "twice 21" in text and "logged 42" in text)
    assert not debugger.paused


def test_removing_the_last_breakpoint_detaches(qtbot, window, debugger, project):
    armed(qtbot, debugger, project / "helpers.py", 2)
    debugger.toggle_breakpoint(project / "helpers.py", 2)
    qtbot.waitUntil(lambda: debugger.state == "detached", timeout=KERNEL_WAIT_MS)
    info = ask(qtbot, debugger.session.request, "debugInfo", None)
    assert info["body"]["isStarted"] is False
    window.console.run_code("import helpers\nprint('free', helpers.double(1))")
    wait_for_console(qtbot, window, lambda text: "free 2" in text)
    assert not debugger.paused
    # Python 3.11 keeps debugpy's tracing after the detach: a restart is offered, and ends it.
    assert not debugger.pane.restart_button.isHidden()
    window.restart_now()
    qtbot.waitUntil(lambda: debugger.pane.restart_button.isHidden(), timeout=KERNEL_WAIT_MS)


def test_library_code_is_stepped_into_only_when_asked(qtbot, window, debugger, project):
    script = project / "lib_steps.py"
    # (colorsys: a library the kernel did not import itself; ipykernel never steps into those.)
    script.write_text("import colorsys\n\n\ndef go(v):\n    text = colorsys.rgb_to_hsv(v, v, v)\n"
                      "    return text[2]\n")
    armed(qtbot, debugger, script, 5)
    run = window.console.run_code
    stop_after(qtbot, debugger, run, "from lib_steps import go\nprint('go', go(0.5))")
    # justMyCode (the default): stepping into the library stays in the user's code.
    assert top(stop_after(qtbot, debugger, debugger.session.step_in)) == ("lib_steps.py", 6)
    resumed(qtbot, debugger)
    wait_for_console(qtbot, window, lambda text: "go 0.5" in text)
    debugger.pane.library_code.setChecked(True)
    qtbot.waitUntil(lambda: debugger.state == "running" and not debugger.session.just_my_code,
                    timeout=KERNEL_WAIT_MS)
    stop_after(qtbot, debugger, run, "print('again', go(0.25))")
    frames = stop_after(qtbot, debugger, debugger.session.step_in)
    assert frames[0]["source"]["path"].endswith("colorsys.py")
    resumed(qtbot, debugger)
    wait_for_console(qtbot, window, lambda text: "again 0.25" in text)


def test_gutter_click_and_keys_toggle_and_f5_continues_while_paused(qtbot, window, debugger, project):
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    from dsstudio.ui.debug.breakpoint_gutter import MARKER_MARGIN

    editor = window.open_file(project / "helpers.py")
    qtbot.waitUntil(lambda: getattr(editor, "breakpoint_gutter", None) is not None)
    editor.marginClicked.emit(editor.positionFromLine(1), 0, MARKER_MARGIN)
    assert editor.breakpoint_gutter.lines() == [1]
    editor.goto_line(0)
    window.actions["toggle_breakpoint"].trigger()  # Ctrl+F8 on the caret's line
    assert [b.line for b in debugger.store.in_file(project / "helpers.py")] == [1, 2]
    window.actions["toggle_breakpoint"].trigger()
    qtbot.waitUntil(lambda: debugger.state == "running", timeout=KERNEL_WAIT_MS)
    assert not window.actions["step_over"].isEnabled() and window.actions["run_file"].isEnabled()
    stop_after(qtbot, debugger, window.console.run_code, "import helpers\nprint('f5', helpers.double(9))")
    assert window.actions["step_over"].isEnabled() and not window.actions["run_file"].isEnabled()
    assert editor.markerGet(1) & (1 << 15)  # the stopped line is marked
    assert "paused" in window.status.kernel_label.text()
    assert debugger.pane.stack.count() >= 2 and "double" in debugger.pane.stack.item(0).text()
    window.activateWindow()
    QTest.keyClick(window, Qt.Key.Key_F5)
    wait_for_console(qtbot, window, lambda text: "f5 18" in text)
    qtbot.waitUntil(lambda: debugger.state == "running", timeout=KERNEL_WAIT_MS)
    assert "paused" not in window.status.kernel_label.text()
    assert not editor.markerGet(1) & (1 << 15)


@pytest.fixture
def models_file(project: Path) -> Path:
    """models.py, written before the window exists: written after, the project watcher could
    report it late, and its reload ran into the test's own (as in test_live_reload; a reload
    test here missed its report so in a loaded full run)."""
    path = project / "models.py"
    path.write_text(MODELS)
    return path


@pytest.fixture
def live(qtbot, models_file: Path, window: MainWindow, debugger, project: Path) -> MainWindow:
    qtbot.waitUntil(lambda: window.live_reload is not None and not window.live_reload.is_busy(),
                    timeout=KERNEL_WAIT_MS)
    window.console.run_code("import models")
    wait_for_console(qtbot, window, lambda text: "In [2]" in text)
    return window


MODELS = "def fit(n):\n    total = n + 1\n    return total\n"


def save_and_reload(qtbot, window: MainWindow, editor, text: str) -> None:
    editor.set_text(text)
    editor.insertText(0, "")  # set_text marks the buffer saved; Save writes it regardless
    with qtbot.waitSignal(window.live_reload.sig_report, timeout=KERNEL_WAIT_MS):
        window.save()
    settled(qtbot, window.debugger)


def test_still_hit_after_a_reload_that_keeps_the_line(qtbot, live, debugger, project):
    editor = live.open_file(project / "models.py")
    qtbot.waitUntil(lambda: getattr(editor, "breakpoint_gutter", None) is not None)
    editor.breakpoint_gutter.toggle(1)
    qtbot.waitUntil(lambda: debugger.state == "running", timeout=KERNEL_WAIT_MS)
    # fit is re-built by the reload (its body changed): the new code must still stop.
    save_and_reload(qtbot, live, editor, "def fit(n):\n    total = n + 2\n    return total\n")
    frames = stop_after(qtbot, debugger, live.console.run_code, "print('fit', models.fit(1))")
    assert top(frames) == ("models.py", 2)
    resumed(qtbot, debugger)
    wait_for_console(qtbot, live, lambda text: "fit 3" in text)


def test_still_hit_after_a_reload_that_moves_it_three_lines(qtbot, live, debugger, project):
    editor = live.open_file(project / "models.py")
    qtbot.waitUntil(lambda: getattr(editor, "breakpoint_gutter", None) is not None)
    editor.breakpoint_gutter.toggle(1)
    qtbot.waitUntil(lambda: debugger.state == "running", timeout=KERNEL_WAIT_MS)
    editor.insertText(0, "import math\n\nSCALE = 1\n")  # the marker moves with the text
    assert editor.breakpoint_gutter.lines() == [4]
    assert [b.line for b in debugger.store.in_file(project / "models.py")] == [5]
    with qtbot.waitSignal(live.live_reload.sig_report, timeout=KERNEL_WAIT_MS):
        live.save()
    settled(qtbot, debugger)
    frames = stop_after(qtbot, debugger, live.console.run_code, "print('moved', models.fit(1))")
    assert top(frames) == ("models.py", 5)
    resumed(qtbot, debugger)
    wait_for_console(qtbot, live, lambda text: "moved 2" in text)


def test_post_mortem_of_the_last_error_without_attaching(qtbot, window, debugger, project):
    window.console.run_code("import helpers\nvalue = helpers.double(None)")
    wait_for_console(qtbot, window, lambda text: "TypeError" in text)
    pane = debugger.pane
    pane.last_error_button.click()
    qtbot.waitUntil(lambda: pane.post_mortem is not None, timeout=KERNEL_WAIT_MS)
    assert "TypeError" in pane.status.text()
    assert pane.stack.item(0).text().startswith("double  helpers.py:2")
    assert "console input" in pane.stack.item(1).text()  # named: not a notebook cell
    assert previews(listed(qtbot, pane.variables)) == {"x": "None"}
    editor = window.tabs.current_editor()
    assert window.tabs.document(editor).path.name == "helpers.py" and editor.current_line() == 1
    pane.expression.setText("x is None")
    pane.expression.returnPressed.emit()
    qtbot.waitUntil(lambda: "True" in pane.results.toPlainText(), timeout=KERNEL_WAIT_MS)
    assert debugger.state == "detached"  # nothing attached: no cost to any later call
    window.console.run_code("print('names', sorted(n for n in dir() if 'dsstudio' in n))")
    wait_for_console(qtbot, window, lambda text: "names []" in text)

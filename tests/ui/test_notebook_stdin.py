"""Notebook cells that read stdin (issue 19): input(), getpass, pdb, on the real kernel the
console shares; and what a failing cell says about the cells queued after it."""

from __future__ import annotations

from pathlib import Path

import nbformat
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit

from tests.ui.helpers import KERNEL_WAIT_MS, wait_for_console

v4 = nbformat.v4


def open_notebook(window, project: Path, *sources: str):
    path = project / "asks.ipynb"
    nbformat.write(v4.new_notebook(cells=[v4.new_code_cell(source) for source in sources]), str(path))
    return window.open_file(path)


def shown_line(cell):
    """The cell's input line, or None."""
    return getattr(cell.widget.outputs_display, "input_line", None) if cell.widget else None


def input_line(qtbot, cell):
    """The cell's input line, once its run asks for input."""
    qtbot.waitUntil(lambda: shown_line(cell) is not None, timeout=KERNEL_WAIT_MS)
    return shown_line(cell)


def answer(qtbot, line, text: str) -> None:
    qtbot.keyClicks(line.edit, text)
    qtbot.keyClick(line.edit, Qt.Key.Key_Return)


def shown_text(cell) -> str:
    return "\n".join(label.text() for label in cell.widget.outputs_box.findChildren(QLabel))


def test_input_is_answered_from_a_line_under_the_cell(qtbot, window, project):
    view = open_notebook(window, project, "print('before')\nname = input('Name? ')\nprint('hello', name)")
    view.run_all()
    cell = view.cells[0]
    line = input_line(qtbot, cell)
    assert line.prompt.text() == "Name? " and not line.is_password()
    assert QApplication.focusWidget() is line.edit  # it takes the keyboard when it appears
    assert "before" in shown_text(cell)  # what was printed before it asked is above it
    # The console never took the notebook's request (it would read it at its own prompt).
    assert not window.console.console._reading
    answer(qtbot, line, "Ada")
    qtbot.waitUntil(lambda: not view.runner.is_running(), timeout=KERNEL_WAIT_MS)
    assert shown_line(cell) is None
    # The Enter was the answer's: it did not reach the notebook (where it opens a cell's editor).
    assert not cell.is_editing() and view.hasFocus()
    assert shown_text(cell).splitlines() == ["before", "Name? Ada", "hello Ada"]
    assert [output["name"] for output in cell.cell.outputs] == ["stdout", "stdin", "stdout"]
    assert not window.console.console._reading


def test_getpass_reads_in_password_mode_and_never_shows_the_answer(qtbot, window, project):
    view = open_notebook(window, project,
                         "import getpass\nsecret = getpass.getpass('Password: ')\nprint(len(secret))")
    view.run_all()
    cell = view.cells[0]
    line = input_line(qtbot, cell)
    assert line.is_password() and line.edit.echoMode() == QLineEdit.EchoMode.Password
    answer(qtbot, line, "hunter2")
    qtbot.waitUntil(lambda: not view.runner.is_running(), timeout=KERNEL_WAIT_MS)
    text = shown_text(cell)
    assert "7" in text.splitlines() and "hunter2" not in text and "Password: ········" in text
    assert "hunter2" not in str(cell.cell.outputs)


def test_pdb_set_trace_takes_commands_then_continues(qtbot, window, project):
    view = open_notebook(window, project, "import pdb\nx = 41\npdb.set_trace()\nprint('after', x + 1)")
    view.run_all()
    cell = view.cells[0]
    line = input_line(qtbot, cell)
    assert line.prompt.text() == "ipdb> " or line.prompt.text().startswith("(Pdb)")
    answer(qtbot, line, "p x")
    # A new request for the next command: a new line (the answered one went).
    qtbot.waitUntil(lambda: "41" in shown_text(cell).splitlines(), timeout=KERNEL_WAIT_MS)
    line = input_line(qtbot, cell)
    answer(qtbot, line, "c")
    qtbot.waitUntil(lambda: not view.runner.is_running(), timeout=KERNEL_WAIT_MS)
    assert "after 42" in shown_text(cell) and "StdinNotImplementedError" not in shown_text(cell)
    assert shown_line(cell) is None


def test_debug_magic_looks_at_the_failed_frame(qtbot, window, project):
    view = open_notebook(window, project, "def half(x):\n    y = x * 2\n    return 1 / 0\nhalf(21)",
                         "%debug")
    view.run_selected()
    qtbot.waitUntil(lambda: not view.runner.is_running(), timeout=KERNEL_WAIT_MS)
    view.select(1)
    view.run_selected()
    cell = view.cells[1]
    answer(qtbot, input_line(qtbot, cell), "p y")
    qtbot.waitUntil(lambda: "42" in shown_text(cell).splitlines(), timeout=KERNEL_WAIT_MS)
    answer(qtbot, input_line(qtbot, cell), "q")
    qtbot.waitUntil(lambda: not view.runner.is_running(), timeout=KERNEL_WAIT_MS)
    assert shown_line(cell) is None and "ipdb> p y" in shown_text(cell)


def test_a_cell_waiting_for_input_keeps_its_line_and_later_runs_wait(qtbot, window, project):
    """Running a cell again while it waited for input cleared its input box and left the
    notebook hanging (jupyter/notebook#2553, #4111, ipykernel#400); input() without a prompt
    once hung it too (jupyter/notebook#5200). Here the waiting cell keeps its line, cells run
    meanwhile wait their turn, and an empty prompt is a line like any other."""
    view = open_notebook(window, project, "x = input()", "print('then', x)")
    view.run_selected()
    cell = view.cells[0]
    line = input_line(qtbot, cell)
    assert line.prompt.text() == ""
    view.run_selected()  # again, while it waits: nothing is sent twice
    view.run_all()  # the cell after it is queued behind it
    assert shown_line(cell) is line and cell.state == "running" and view.cells[1].state == "queued"
    answer(qtbot, line, "42")
    qtbot.waitUntil(lambda: not view.runner.is_running(), timeout=KERNEL_WAIT_MS)
    assert shown_text(cell) == "42" and "then 42" in shown_text(view.cells[1])
    assert cell.cell.execution_count == 1  # it ran once


def test_interrupt_or_restart_while_waiting_removes_the_line(qtbot, window, project):
    view = open_notebook(window, project, "input('wait: ')", "print('queued')")
    view.run_all()
    cell = view.cells[0]
    input_line(qtbot, cell)
    view.interrupt()
    qtbot.waitUntil(lambda: not view.runner.is_running(), timeout=KERNEL_WAIT_MS)
    assert shown_line(cell) is None
    assert "KeyboardInterrupt" in shown_text(cell) and not view.cells[1].cell.outputs
    view.run_selected()
    input_line(qtbot, cell)
    window.kernel.restart()
    qtbot.waitUntil(lambda: shown_line(cell) is None, timeout=KERNEL_WAIT_MS)
    assert cell.state == "idle"
    qtbot.waitUntil(lambda: window.kernel.state == "idle", timeout=KERNEL_WAIT_MS)


def test_the_consoles_own_input_still_works(qtbot, window, project):
    """The console's requests stay the console's (its session), the notebook's the notebook's."""
    view = open_notebook(window, project, "print('console said', said)")
    console = window.console.console
    console.execute("said = input('console? ')", hidden=False)
    qtbot.waitUntil(lambda: console._reading, timeout=KERNEL_WAIT_MS)
    assert shown_line(view.cells[0]) is None
    console._control.setFocus()
    qtbot.keyClicks(console._control, "yes")
    qtbot.keyClick(console._control, Qt.Key.Key_Return)
    wait_for_console(qtbot, window, lambda text: "console? yes" in text)
    qtbot.waitUntil(lambda: not console._executing, timeout=KERNEL_WAIT_MS)
    view.run_all()
    qtbot.waitUntil(lambda: not view.runner.is_running(), timeout=KERNEL_WAIT_MS)
    assert "console said yes" in shown_text(view.cells[0])


def test_a_failing_cell_mentions_queued_cells_only_when_there_were_some(qtbot, window, project):
    view = open_notebook(window, project, "1 / 0", "print('two')", "print('three')")
    messages: list[str] = []
    view.sig_message.connect(messages.append)
    view.run_selected()  # one cell, nothing queued after it
    qtbot.waitUntil(lambda: not view.runner.is_running(), timeout=KERNEL_WAIT_MS)
    assert "ZeroDivisionError" in shown_text(view.cells[0])
    assert not any("queued" in message for message in messages)
    view.run_all()
    qtbot.waitUntil(lambda: not view.runner.is_running(), timeout=KERNEL_WAIT_MS)
    assert "A cell failed; the 2 cells queued after it were not run." in messages
    assert not view.cells[1].cell.outputs and not view.cells[2].cell.outputs

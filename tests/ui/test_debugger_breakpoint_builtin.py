"""`breakpoint()` in a cell or a module (issues 19 and 23): it stops in dsstudio's debugger when
that is attached, and falls back to pdb, answered under the cell, when it is not. ipykernel's
debugpy hook ignored it silently while no debugger client was attached."""

from __future__ import annotations

from pathlib import Path

from dsstudio.ui.window.main_window import MainWindow
from tests.ui.helpers import KERNEL_WAIT_MS, console_text, wait_for_console
from tests.ui.test_debugger import armed, resumed, stop_after, top
from tests.ui.test_notebook_stdin import (
    answer,
    input_line,
    open_notebook,
    shown_line,
    shown_text,
)


def hook_installed(qtbot, window: MainWindow) -> None:
    """The kernel-side helpers (with the hook) are in: they go in with the live reloader."""
    qtbot.waitUntil(lambda: window.live_reload is not None and not window.live_reload.is_busy(),
                    timeout=KERNEL_WAIT_MS)


def test_breakpoint_in_a_cell_without_the_debugger_is_pdb(qtbot, window: MainWindow, project: Path):
    hook_installed(qtbot, window)
    view = open_notebook(window, project, "x = 41\nbreakpoint()\nprint('after', x + 1)")
    view.run_all()
    cell = view.cells[0]
    line = input_line(qtbot, cell)
    assert line.prompt.text() == "ipdb> " or line.prompt.text().startswith("(Pdb)")
    answer(qtbot, line, "p x")
    qtbot.waitUntil(lambda: "41" in shown_text(cell).splitlines(), timeout=KERNEL_WAIT_MS)
    answer(qtbot, input_line(qtbot, cell), "c")
    qtbot.waitUntil(lambda: not view.runner.is_running(), timeout=KERNEL_WAIT_MS)
    assert "after 42" in shown_text(cell) and shown_line(cell) is None


def test_breakpoint_in_a_module_stops_in_the_attached_debugger(qtbot, window: MainWindow, debugger,
                                                               project: Path):
    hook_installed(qtbot, window)
    (project / "stops.py").write_text("def halve(v):\n    w = v / 2\n    breakpoint()\n"
                                      "    return w\n")
    armed(qtbot, debugger, project / "helpers.py", 2)  # any breakpoint attaches the debugger
    frames = stop_after(qtbot, debugger, window.console.run_code,
                        "import stops\nprint('half', stops.halve(8))")
    # Stopped in the user's function, not inside the hook: at the line after the call, as
    # `debugpy.breakpoint()` and pdb stop (the hook hands debugpy the caller's frame).
    assert frames[0]["name"] == "halve" and top(frames) == ("stops.py", 4)
    resumed(qtbot, debugger)
    wait_for_console(qtbot, window, lambda text: "half 4.0" in text)


CHILD = "import subprocess, sys\n" \
        "def spawn():\n" \
        "    run = subprocess.run([sys.executable, '-c', 'print(6 * 7)'], capture_output=True,\n" \
        "                         text=True, timeout=20)\n" \
        "    return run.stdout.strip()\n"


def test_a_python_subprocess_runs_while_the_debugger_is_attached(qtbot, window: MainWindow, debugger,
                                                                 project: Path):
    # debugpy patches subprocess to debug each Python child, which then waits for a client to
    # take it (a `debugpyAttach` request only VS Code answers): with any breakpoint set, a cell
    # starting Python (joblib's and multiprocessing's workers) hung (debugpy #1168, vscode-jupyter
    # #16743). The children run undebugged, before and after a stop.
    hook_installed(qtbot, window)
    (project / "spawns.py").write_text(CHILD + "def stopped():\n    breakpoint()\n    return spawn()\n")
    armed(qtbot, debugger, project / "helpers.py", 2)
    window.console.run_code("import spawns\nprint('child said', spawns.spawn())")
    wait_for_console(qtbot, window, lambda text: "child said 42" in text or "Error" in text)
    assert "child said 42" in console_text(window)
    stop_after(qtbot, debugger, window.console.run_code, "print('after the stop', spawns.stopped())")
    resumed(qtbot, debugger)
    wait_for_console(qtbot, window, lambda text: "after the stop 42" in text or "Error" in text)
    assert "after the stop 42" in console_text(window)

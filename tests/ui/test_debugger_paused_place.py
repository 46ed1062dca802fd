"""Where the kernel waits, shown where the user looks (issue 23): the console says it, the
running notebook cell is marked at its line, and cell frames are named by their notebook cell
(the kernel's cell file names are hashes of the cells' code: ipykernel's debugInfo)."""

from __future__ import annotations

from pathlib import Path

import nbformat

from dsstudio.ui.window.main_window import MainWindow
from tests.ui.helpers import KERNEL_WAIT_MS, wait_for_console
from tests.ui.test_debugger import armed, resumed, stop_after, top

v4 = nbformat.v4


def notebook(window: MainWindow, project: Path, *sources: str):
    path = project / "calls.ipynb"
    nbformat.write(v4.new_notebook(cells=[v4.new_code_cell(s) for s in sources]), str(path))
    return window.open_file(path)


def test_the_running_cell_is_marked_and_frames_named_by_their_cell(qtbot, window, debugger, project):
    view = notebook(window, project, "x = 1", "import helpers\nvalue = helpers.double(5)\nvalue")
    armed(qtbot, debugger, project / "helpers.py", 2)
    assert top(stop_after(qtbot, debugger, view.run_all)) == ("helpers.py", 2)
    qtbot.waitUntil(lambda: view.cells[1].paused_line == 2, timeout=KERNEL_WAIT_MS)
    assert view.cells[0].paused_line is None
    assert "‖ line 2" in view.cells[1].widget.prompt.text()
    assert "calls.ipynb cell 2:2" in debugger.pane.stack.item(1).text()
    wait_for_console(qtbot, window, lambda text: "Paused in helpers.py:2 (double), from "
                     "calls.ipynb cell 2 line 2 — F5 continue" in text)
    resumed(qtbot, debugger)
    qtbot.waitUntil(lambda: not view.runner.is_running(), timeout=KERNEL_WAIT_MS)
    assert view.cells[1].paused_line is None and "‖" not in view.cells[1].widget.prompt.text()


def test_a_stop_in_a_cell_selects_that_cell(qtbot, window, debugger, project):
    view = notebook(window, project, "y = 2", "z = 3\nbreakpoint()\nw = z * 2\nprint('w', w)")
    armed(qtbot, debugger, project / "helpers.py", 2)
    view.select(0)
    view.run_all()
    qtbot.waitUntil(lambda: view.cells[1].paused_line is not None, timeout=KERNEL_WAIT_MS)
    assert view.selected == 1
    assert debugger.pane.stack.item(0).text().startswith("<module>  calls.ipynb cell 2:")
    resumed(qtbot, debugger)
    qtbot.waitUntil(lambda: not view.runner.is_running(), timeout=KERNEL_WAIT_MS)


def test_the_console_says_where_it_waits(qtbot, window, debugger, project):
    armed(qtbot, debugger, project / "helpers.py", 2)
    stop_after(qtbot, debugger, window.console.run_code, "import helpers\nprint('got', helpers.double(4))")
    wait_for_console(qtbot, window, lambda text: "Paused in helpers.py:2 (double), from console "
                     "input line 2 — F5 continue, F10 step over" in text)
    resumed(qtbot, debugger)
    wait_for_console(qtbot, window, lambda text: "got 8" in text)

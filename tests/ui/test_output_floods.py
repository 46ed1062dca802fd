"""Floods of output (issue 11): the console copies only a glimpse of a notebook's run."""

from __future__ import annotations

from pathlib import Path

import nbformat

from dsstudio.core.console_budget import MAX_LINES, NOTICE
from dsstudio.ui.window.main_window import MainWindow
from tests.ui.helpers import KERNEL_WAIT_MS, console_text, wait_for_console

v4 = nbformat.v4


def test_a_notebook_flood_reaches_the_console_as_a_glimpse(qtbot, window: MainWindow, project: Path):
    path = project / "flood.ipynb"
    nbformat.write(v4.new_notebook(cells=[
        v4.new_code_cell("for i in range(20000):\n    print('line', i)\nprint('the end')")]), str(path))
    view = window.open_file(path)
    view.run_all()
    qtbot.waitUntil(lambda: not view.runner.is_running(), timeout=KERNEL_WAIT_MS * 2)
    outputs = view.cells[0].cell["outputs"]
    text = "".join(o["text"] for o in outputs if o["output_type"] == "stream")
    assert text.count("\n") == 20001 and text.endswith("line 19999\nthe end\n")  # the notebook: all
    wait_for_console(qtbot, window, lambda shown: NOTICE.strip() in shown)
    shown = console_text(window)
    assert "line 0\n" in shown and "line 19999" not in shown
    assert shown.count("\nline ") <= MAX_LINES
    # The console still works for its own runs, in full.
    window.console.run_code("print('\\n'.join(str(i) for i in range(500)))")
    wait_for_console(qtbot, window, lambda shown: "\n499\n" in shown)

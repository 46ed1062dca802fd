"""The console beside notebooks (issue 14): it comes forward when editor code runs in it, its
own messages start on a line of their own, and a restart prints no debugger warning."""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest

from tests.ui.helpers import KERNEL_WAIT_MS, console_text, wait_for_console


def test_running_editor_code_brings_the_console_forward(qtbot, window, project: Path):
    path = project / "front.ipynb"
    nbformat.write(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("1")]), str(path))
    window.open_file(project / "cells.py")
    view = window.open_file(path)
    window.areas.move(view, "side")  # sharing the console's tabs
    assert window.side_tabs.currentWidget() is view
    for name in ("run_selection", "run_cell", "run_file"):
        window.side_tabs.setCurrentWidget(view)
        window.actions[name].trigger()
        # (Run File asks the kernel first whether the file is an imported module.)
        qtbot.waitUntil(lambda: window.side_tabs.currentWidget() is window.console,
                        timeout=KERNEL_WAIT_MS)
    wait_for_console(qtbot, window, lambda text: "second_cell" in text or "42" in text)


def test_a_message_after_an_output_starts_on_its_own_line(qtbot, window):
    window.console.run_code("0.98")
    # (Its result shown and the next prompt up: the message goes before that prompt.)
    wait_for_console(qtbot, window, lambda text: "]: 0.98" in text.split("In [1]: 0.98")[-1]
                     and text.rstrip().endswith("]:"))
    window.console.show_message("Reload of models failed (models.py, line 3): boom.")
    lines = console_text(window).splitlines()
    assert any(line.startswith("Reload of models failed") for line in lines), lines[-6:]
    assert not any("0.98Reload" in line for line in lines)


def test_a_restarted_kernel_prints_no_frozen_modules_warning(qtbot, window):
    window.restart_now()
    qtbot.waitUntil(lambda: window.kernel.state == "idle", timeout=KERNEL_WAIT_MS)
    window.console.run_code("print('after restart')")
    wait_for_console(qtbot, window, lambda text: "after restart\n" in text)
    qtbot.wait(500)  # (what the kernel printed as it started has arrived by now)
    assert "frozen modules" not in console_text(window).lower()
    assert "frozen_modules" not in console_text(window).lower()


RESTARTED_LINE = re.compile(r"^Kernel restarted at \d\d:\d\d:\d\d$", re.MULTILINE)


def test_a_restart_shows_one_line_and_no_stale_prompt(qtbot, window):
    """Issue 19: an empty `In [2]:` of the old kernel was left above the new `In [1]:`, and
    nothing said the kernel had restarted."""
    window.console.run_code("x = 1")
    wait_for_console(qtbot, window, lambda text: text.rstrip().endswith("In [2]:"))
    window.restart_now()
    wait_for_console(qtbot, window, lambda text: text.rstrip().endswith("In [1]:"))
    after_input = console_text(window).split("In [1]: x = 1", 1)[1]
    assert len(RESTARTED_LINE.findall(after_input)) == 1, after_input
    assert "In [2]" not in after_input
    window.console.run_code("print('fresh', 'x' in dir())")
    wait_for_console(qtbot, window, lambda text: "fresh False" in text)


def test_text_typed_at_the_prompt_survives_a_restart(qtbot, window):
    window.console.console.input_buffer = "half typed"
    window.restart_now()
    wait_for_console(qtbot, window, lambda text: bool(RESTARTED_LINE.search(text))
                     and text.rstrip().endswith("In [1]: half typed"))
    assert window.console.console.input_buffer == "half typed"


@pytest.mark.parametrize("waiting", ["import time; print('running'); time.sleep(60)",
                                     "print('running'); input('name? ')"])
def test_a_restart_during_a_run_or_an_input_leaves_a_working_console(qtbot, window, waiting):
    """Spyder #2696/#3169 and IPython #3710: after a restart during a run or an `input()`, the
    console kept waiting for the old run (Return added lines instead of running)."""
    window.console.run_code(waiting)
    wait_for_console(qtbot, window, lambda text: "running\n" in text)
    window.restart_now()
    wait_for_console(qtbot, window, lambda text: bool(RESTARTED_LINE.search(text))
                     and text.rstrip().endswith("In [1]:"))
    assert not RESTARTED_LINE.search(console_text(window).split("running", 1)[0])
    window.console.run_code("print('works again')")
    wait_for_console(qtbot, window, lambda text: "works again\n" in text)


def test_a_restart_that_fails_does_not_say_restarted(qtbot, window):
    import sys

    from dsstudio.core.kernel.launch import KernelLaunch, own_launch

    exits_at_once = KernelLaunch([sys.executable, "-c", "raise SystemExit(3)", "-f",
                                  "{connection_file}"], own_launch().env, "exits at once",
                                 kind="custom", python=Path(sys.executable), runs_ipykernel=False)
    window.kernel.restart(exits_at_once)  # as Select Interpreter restarts in another one
    window.console.show_kernel_restarted()
    qtbot.waitUntil(lambda: window.kernel.state == "dead", timeout=KERNEL_WAIT_MS)
    qtbot.wait(300)
    assert not RESTARTED_LINE.search(console_text(window)), console_text(window)

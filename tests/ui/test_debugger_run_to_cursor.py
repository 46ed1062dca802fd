"""Run to Cursor (a breakpoint kept for one run only) and Stop Debugging (the paused run
ended, the breakpoints kept) (issue 23)."""

from __future__ import annotations

from pathlib import Path

from tests.ui.helpers import KERNEL_WAIT_MS, wait_for_console
from tests.ui.test_debugger import armed, resumed, settled, stop_after, top

STEPS = "def twice(y):\n    a = y * 2\n    b = a + 1\n    if y > 100:\n        b = 0\n    return b\n"


def paused_in_twice(qtbot, window, debugger, project: Path, label: str):
    """steps.py stopped at its breakpoint on line 2, called from the console as
    `print(label, twice(3))`, its editor current: (the file, its editor)."""
    script = project / "steps.py"
    script.write_text(STEPS)
    editor = window.open_file(script)
    armed(qtbot, debugger, script, 2)
    stop_after(qtbot, debugger, window.console.run_code,
               f"from steps import twice\nprint({label!r}, twice(3))")
    window.open_file(script)
    return script, editor


def test_run_to_cursor_stops_at_the_caret_and_leaves_no_breakpoint(qtbot, window, debugger,
                                                                   project: Path):
    script, editor = paused_in_twice(qtbot, window, debugger, project, "twice")
    editor.goto_line(5)  # `return b`
    assert top(stop_after(qtbot, debugger, window.actions["run_to_cursor"].trigger)) == ("steps.py", 6)
    assert [b.line for b in debugger.store.in_file(script)] == [2]
    resumed(qtbot, debugger)
    wait_for_console(qtbot, window, lambda text: "twice 7" in text)


def test_a_cursor_never_reached_leaves_no_breakpoint(qtbot, window, debugger, project: Path):
    script, editor = paused_in_twice(qtbot, window, debugger, project, "never")
    editor.goto_line(4)  # `b = 0`: not run for y = 3
    window.actions["run_to_cursor"].trigger()
    wait_for_console(qtbot, window, lambda text: "never 7" in text)
    qtbot.waitUntil(lambda: [b.line for b in debugger.store.in_file(script)] == [2],
                    timeout=KERNEL_WAIT_MS)
    assert not debugger.paused


def test_stop_ends_the_paused_run_and_keeps_the_breakpoints(qtbot, window, debugger, project: Path):
    """vscode-jupyter#8069 (Stop ran the rest of the cell) and #17105 (interrupting a loop with a
    breakpoint in it timed out)."""
    helpers = project / "helpers.py"
    armed(qtbot, debugger, helpers, 2)
    # Without Stop ending it, this loop would run for hours (and stop at each call).
    stop_after(qtbot, debugger, window.console.run_code,
               "import helpers, itertools\nfor i in itertools.count():\n    helpers.double(i)")
    window.actions["stop_run"].trigger()
    wait_for_console(qtbot, window, lambda text: "KeyboardInterrupt" in text)
    qtbot.waitUntil(lambda: window.kernel.state == "idle", timeout=KERNEL_WAIT_MS)
    assert [b.line for b in debugger.store.in_file(helpers)] == [2]
    settled(qtbot, debugger)
    # Told to the debugger again: the next call stops there.
    assert top(stop_after(qtbot, debugger, window.console.run_code,
                          "print('again', helpers.double(5))")) == ("helpers.py", 2)
    resumed(qtbot, debugger)
    wait_for_console(qtbot, window, lambda text: "again 10" in text)


def test_breakpoints_stop_again_after_an_interrupt_took_the_tracing(qtbot, window, debugger,
                                                                    project: Path):
    """ipykernel#821, jupyterlab#15012: an interrupt landing inside debugpy's trace function
    unsets the thread's tracing, and no breakpoint stopped again (about one Stop in twenty)."""
    helpers = project / "helpers.py"
    armed(qtbot, debugger, helpers, 2)
    # What such an interrupt does, made certain:
    window.console.run_code("import sys, helpers\nsys.settrace(None)\nraise KeyboardInterrupt")
    wait_for_console(qtbot, window, lambda text: "KeyboardInterrupt" in text)
    qtbot.waitUntil(lambda: not window.console.console._executing and not debugger.retracing,
                    timeout=KERNEL_WAIT_MS)
    assert top(stop_after(qtbot, debugger, window.console.run_code,
                          "print('after', helpers.double(4))")) == ("helpers.py", 2)
    resumed(qtbot, debugger)
    wait_for_console(qtbot, window, lambda text: "after 8" in text)

"""The console beside notebooks (issue 14): it comes forward when editor code runs in it, its
own messages start on a line of their own, and a restart prints no debugger warning."""

from __future__ import annotations

from pathlib import Path

import nbformat

from tests.ui.helpers import KERNEL_WAIT_MS, console_text, wait_for_console


def test_running_editor_code_brings_the_console_forward(qtbot, window, project: Path):
    path = project / "front.ipynb"
    nbformat.write(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("1")]), str(path))
    window.open_file(project / "cells.py")
    view = window.open_file(path)
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

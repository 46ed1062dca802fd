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
    for run in (window.run_selection, window.run_cell, window.run_file):
        window.side_tabs.setCurrentWidget(view)
        run()
        assert window.side_tabs.currentWidget() is window.console, run.__name__
    wait_for_console(qtbot, window, lambda text: "second_cell" in text or "42" in text)


"""A line of dsstudio's own shown in the console before the kernel first answered stays: qtconsole
clears itself on that answer (to write the banner), and such a line (a recovered copy that could
not be read) was wiped unseen: test_recovery failed so in loaded runs."""

from __future__ import annotations

import os
import signal
import sys

import pytest

from tests.ui.helpers import KERNEL_WAIT_MS, console_text, open_project_window

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGSTOP")


def test_a_message_shown_before_the_kernel_answered_is_still_there_after(qtbot, project):
    window = open_project_window(qtbot, project)
    window.tabs.ask_unsaved = lambda names: "discard"
    pid = window.kernel.session.pid
    os.kill(pid, signal.SIGSTOP)  # the kernel cannot answer until the line is shown
    try:
        qtbot.waitUntil(lambda: window.console.console is not None, timeout=KERNEL_WAIT_MS)
        window.console.show_message("dsstudio: shown while the kernel was starting")
    finally:
        os.kill(pid, signal.SIGCONT)
    qtbot.waitUntil(lambda: "In [" in console_text(window), timeout=KERNEL_WAIT_MS)
    text = console_text(window)
    assert text.count("shown while the kernel was starting") == 1
    assert text.index("shown while the kernel was starting") < text.index("In [")
    window.close_project()

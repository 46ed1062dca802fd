"""A project window on a real kernel (its kernel must be gone after the test)."""

from __future__ import annotations

from pathlib import Path

import psutil
import pytest

from tests.ui.helpers import KERNEL_WAIT_MS, console_text, open_project_window


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "proj"
    root.mkdir()
    (root / "helpers.py").write_text("def double(x):\n    return 2 * x\n")
    (root / "cells.py").write_text(
        "a = 1\n# %% first\nfirst_cell = 'ran first'\n# %% second\nsecond_cell = 40 + 2\nprint(second_cell)\n"
    )
    return root


@pytest.fixture
def window(qtbot, project: Path):
    win = open_project_window(qtbot, project)
    controller = win.kernel
    qtbot.waitUntil(lambda: controller.state == "idle", timeout=KERNEL_WAIT_MS)
    # The console's own prompt appears once its client has talked to the kernel.
    qtbot.waitUntil(lambda: "In [" in console_text(win), timeout=KERNEL_WAIT_MS)
    # A test that fails half-way may leave unsaved documents, and pytest-qt closes the window
    # before this fixture ends: no modal question then. Tests of the question set their own.
    win.tabs.ask_unsaved = lambda names: "discard"
    yield win
    pid = controller.session.pid
    win.close_project()
    if pid is not None:
        assert not psutil.pid_exists(pid) or psutil.Process(pid).status() == psutil.STATUS_ZOMBIE



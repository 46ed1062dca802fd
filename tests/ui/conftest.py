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


# A closed window's kernel ends on a thread of its own (the window does not wait for it): each
# is checked once the tests are over, named by the test that closed it.
CLOSED_KERNELS: list[tuple[int, str]] = []


@pytest.fixture(scope="session", autouse=True)
def no_kernel_outlives_its_window():
    yield
    left = []
    for pid, test in CLOSED_KERNELS:
        try:
            process = psutil.Process(pid)
        except psutil.NoSuchProcess:
            continue
        _, alive = psutil.wait_procs([process], timeout=10)
        if alive and process.status() != psutil.STATUS_ZOMBIE:
            left.append(f"{test} (pid {pid})")
    assert not left, f"kernels left running after their window closed: {left}"


@pytest.fixture
def window(qtbot, project: Path, request):
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
        CLOSED_KERNELS.append((pid, request.node.nodeid))


@pytest.fixture
def debugger(qtbot, window):
    """The window's debugger, once made (after the first paint)."""
    qtbot.waitUntil(lambda: getattr(window, "debugger", None) is not None, timeout=KERNEL_WAIT_MS)
    return window.debugger

"""A window that opens another project keeps one Debug pane: the new project's (the old one's
tab stayed beside it, its debugger deleted under it)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QTabWidget

from dsstudio.app import start_kernel_session
from dsstudio.ui.kernel.kernel_controller import KernelController
from tests.ui.helpers import KERNEL_WAIT_MS


def debug_tabs(window) -> list[str]:
    return [tabs.tabText(i) for tabs in window.findChildren(QTabWidget)
            for i in range(tabs.count()) if tabs.tabText(i) == "Debug"]


def test_the_next_projects_debug_pane_replaces_the_last(qtbot, window, tmp_path: Path):
    qtbot.waitUntil(lambda: getattr(window, "debugger", None) is not None, timeout=KERNEL_WAIT_MS)
    first = window.debugger
    assert debug_tabs(window) == ["Debug"]
    second_root = tmp_path / "second"
    second_root.mkdir()
    window.close_project()
    controller = KernelController(start_kernel_session(second_root))
    window.open_project(second_root, controller)
    controller.start()
    try:
        qtbot.waitUntil(lambda: window.debugger is not first, timeout=KERNEL_WAIT_MS)
        assert debug_tabs(window) == ["Debug"]
        assert window.side_tabs.indexOf(window.debugger.pane) >= 0
    finally:
        window.close_project()

"""Waiting for what a window's console shows."""

from __future__ import annotations

from dsstudio.ui.window.main_window import MainWindow

KERNEL_WAIT_MS = 30_000


def console_text(window: MainWindow) -> str:
    """What the console shows ("" while qtconsole is still loading)."""
    console = window.console.console
    return console._control.toPlainText() if console is not None else ""


def wait_for_console(qtbot, window: MainWindow, predicate) -> None:
    """Wait until `predicate(console text)` holds; on timeout show what the console has."""
    try:
        qtbot.waitUntil(lambda: predicate(console_text(window)), timeout=KERNEL_WAIT_MS)
    except Exception as exc:
        raise AssertionError(f"console never matched; it shows:\n{console_text(window)}\n"
                             f"kernel state: {window.kernel.state}") from exc

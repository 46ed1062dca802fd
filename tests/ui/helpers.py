"""Waiting for what a window's console shows."""

from __future__ import annotations

from pathlib import Path

from dsstudio.app import start_kernel_session
from dsstudio.core.settings import RecentProjects
from dsstudio.ui.kernel.kernel_controller import KernelController
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


def open_project_window(qtbot, root: Path) -> MainWindow:
    """A shown window on `root`, its kernel started as the app starts it (not waited for)."""
    window = MainWindow(RecentProjects())
    qtbot.addWidget(window)
    controller = KernelController(start_kernel_session(root))
    window.open_project(root, controller)
    controller.start()
    window.show()
    window.attach_console()
    return window


def png_b64(width: int, height: int) -> str:
    """A plain PNG of that size, base64 (an image output's data)."""
    import base64

    from PySide6.QtCore import QBuffer, QByteArray, QIODevice
    from PySide6.QtGui import QColor, QImage

    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(QColor("#1565c0"))
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return base64.b64encode(bytes(data)).decode()



def menu_texts(menu) -> list[str]:
    """The menu's commands without their shortcut column ("" for a separator)."""
    return [action.text().split("\t")[0] for action in menu.actions()]


def menu_action(menu, text: str):
    return next(action for action in menu.actions() if action.text().split("\t")[0] == text)

"""A "Debug" button under a notebook cell's traceback, and the console's "Debug this error" links
(ui/console/error_links.py): the Debug pane's post-mortem view of the kernel's last error (its
frames and their variables, nothing run again)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QToolButton, QVBoxLayout, QWidget


def with_debug_button(traceback_block: QWidget, parent: QWidget | None) -> QWidget:
    box = QWidget(parent)
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(2)
    layout.addWidget(traceback_block)
    button = QToolButton(box, text="Debug")
    button.setObjectName("DebugErrorButton")
    # The kernel keeps only its last error (sys.last_traceback): an older traceback's frames
    # are gone once another run failed.
    button.setToolTip("Open the frames of the kernel's last error, with their variables, in the "
                      "Debug pane (this error's, unless a later run failed)")
    button.clicked.connect(lambda: open_post_mortem(button.window()))
    layout.addWidget(button, 0, Qt.AlignmentFlag.AlignLeft)
    return box


def open_post_mortem(window) -> None:
    debugger = getattr(window, "debugger", None)
    if debugger is None or debugger.pane is None:
        return
    window.areas.show(debugger.pane)
    debugger.post_mortem(debugger.pane.show_post_mortem)


def debug_console_error(window, still_there: bool) -> None:
    """A console traceback's link was clicked: its error's post-mortem, or, when a later error
    or a restart replaced it in the kernel, a word saying so (never another error's frames)."""
    debugger = getattr(window, "debugger", None)
    if debugger is None or debugger.pane is None:
        return
    if still_there:
        open_post_mortem(window)
    else:
        window.areas.show(debugger.pane)
        debugger.pane.show_gone_error()

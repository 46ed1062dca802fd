"""Status bar: kernel state (with one-click restart when dead), caret position, file encoding."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QPushButton, QStatusBar, QWidget

STATE_STYLE = {
    "starting": ("Kernel starting…", "#b07d00"),
    "idle": ("Kernel idle", "#2e7d32"),
    "busy": ("Kernel busy", "#1565c0"),
    "restarting": ("Kernel restarting…", "#b07d00"),
    "dead": ("Kernel dead", "#c62828"),
    "stopped": ("No kernel", "#666666"),
}


class MainStatusBar(QStatusBar):
    sig_restart_clicked = Signal()
    """The user clicked the restart button shown while the kernel is dead."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kernel_label = QLabel()
        self.kernel_label.setObjectName("KernelStateLabel")
        self.restart_button = QPushButton("Restart kernel")
        self.restart_button.setObjectName("RestartDeadKernelButton")
        self.restart_button.setVisible(False)
        self.restart_button.clicked.connect(self.sig_restart_clicked)
        self.cursor_label = QLabel()
        self.encoding_label = QLabel()
        for widget in (self.cursor_label, self.encoding_label, self.restart_button, self.kernel_label):
            self.addPermanentWidget(widget)
        self.set_kernel_state("stopped")

    def set_kernel_state(self, state: str) -> None:
        text, colour = STATE_STYLE.get(state, (f"Kernel {state}", "#666666"))
        self.kernel_label.setText(f"<span style='color:{colour}'>●</span> {text}")
        self.kernel_label.setProperty("state", state)
        self.restart_button.setVisible(state == "dead")

    def set_cursor(self, line: int, col: int) -> None:
        self.cursor_label.setText(f"Ln {line + 1}, Col {col + 1}")

    def set_file_format(self, encoding: str | None, newline: str | None) -> None:
        if encoding is None:
            self.encoding_label.clear()
            return
        endings = {"\n": "LF", "\r\n": "CRLF", "\r": "CR"}
        self.encoding_label.setText(f"{encoding.upper()} · {endings.get(newline, '?')}")

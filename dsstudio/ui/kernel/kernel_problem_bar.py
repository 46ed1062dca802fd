"""A bar above the console that says why the kernel is not running, and offers the fix.

"ipykernel missing" is the common case (a fresh venv, a conda environment made for something
else): the bar names the interpreter, shows the exact command, and installs only when the user
clicks Install. Other problems (an environment deleted, a python that does not run) offer
Select Interpreter… instead.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from dsstudio.ui.theme.themed_style import set_themed_style


class KernelProblemBar(QFrame):
    sig_install = Signal()
    """The user clicked Install (the command shown is to be run)."""

    sig_select_interpreter = Signal()
    """The user wants to choose another interpreter."""

    sig_restart = Signal()
    """The user clicked Restart Kernel (shown when the kernel is dead: the fix may be outside,
    such as a network drive back, and the reason and the retry belong together)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("KernelProblemBar")
        set_themed_style(self, "#KernelProblemBar {{ background: {warning_bg}; border-bottom: "
                               "1px solid {warning_border}; }} #KernelProblemBar QLabel "
                               "{{ color: {warning_text}; }}")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 8)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        # The whole command, wrapped and selectable: users copy it into their own terminal.
        self.command = QLabel()
        self.command.setObjectName("InstallCommand")
        self.command.setWordWrap(True)
        self.command.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        set_themed_style(self.command, "font-family: monospace; background: {base}; color: {text};"
                                       "border: 1px solid {warning_border}; padding: 4px;")
        buttons = QHBoxLayout()
        self.install_button = QPushButton("Install")
        self.install_button.setObjectName("InstallIpykernelButton")
        self.select_button = QPushButton("Select Interpreter…")
        self.restart_button = QPushButton("Restart Kernel")
        self.restart_button.setObjectName("ProblemBarRestartButton")
        buttons.addWidget(self.install_button)
        buttons.addWidget(self.restart_button)
        buttons.addWidget(self.select_button)
        buttons.addStretch(1)
        layout.addWidget(self.message)
        layout.addWidget(self.command)
        layout.addLayout(buttons)
        self.install_button.clicked.connect(self.sig_install)
        self.select_button.clicked.connect(self.sig_select_interpreter)
        self.restart_button.clicked.connect(self.sig_restart)
        self.hide()

    def show_problem(self, message: str, install_text: str | None = None,
                     restart: bool = False) -> None:
        """`restart`: offer Restart Kernel (the kernel is dead, and installing is not the fix)."""
        self.message.setText(message)
        self.command.setText(install_text or "")
        self.command.setVisible(bool(install_text))
        self.install_button.setVisible(bool(install_text))
        self.restart_button.setVisible(restart and not install_text)
        self.show()

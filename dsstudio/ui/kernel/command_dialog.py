"""A dialog that runs a background job (install ipykernel, create an environment) and shows it.

The job runs on a worker thread and reports through plain callbacks (`on_step(n, of, title)`,
`on_line(text)`), which become queued signals here. The dialog shows which step runs, a progress
bar, and the commands' own output; Cancel stops the job (its own clean-up removes what it made).
"""

from __future__ import annotations

import threading

from PySide6.QtCore import Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QProgressBar,
    QVBoxLayout,
    QWidget,
)

from dsstudio.ui.theme.themed_style import set_themed_style


class CommandDialog(QDialog):
    sig_finished = Signal(bool, str)
    """The job ended: (succeeded, message)."""

    _step = Signal(int, int, str)
    _line = Signal(str)
    _done = Signal(bool, str)

    def __init__(self, title: str, job, parent: QWidget | None = None) -> None:
        """`job` has `run(on_step, on_line) -> (ok, message)` (blocking) and `cancel()`."""
        super().__init__(parent)
        self.setObjectName("CommandDialog")
        self.setWindowTitle(title)
        self.resize(640, 360)
        self.job = job
        self.succeeded: bool | None = None
        self.step_label = QLabel("Starting…")
        self.step_label.setObjectName("CommandStep")
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)  # busy until the first step says how many there are
        self.output = QPlainTextEdit()
        self.output.setReadOnly(True)
        self.output.setFont(QFont("monospace"))
        self.output.setMaximumBlockCount(5000)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.rejected.connect(self._cancel_or_close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.step_label)
        layout.addWidget(self.progress)
        layout.addWidget(self.output, 1)
        layout.addWidget(self.buttons)
        self._step.connect(self._on_step)
        self._line.connect(self.output.appendPlainText)
        self._done.connect(self._on_done)

    def start(self) -> None:
        """Show the dialog and start the job (returns at once)."""
        self.show()

        def work() -> None:
            try:
                ok, message = self.job.run(self._step.emit, self._line.emit)
            except Exception as error:  # noqa: BLE001 (a failed job is reported, never lost)
                ok, message = False, f"{type(error).__name__}: {error}"
            self._done.emit(ok, message)

        threading.Thread(target=work, name="dsstudio-command", daemon=True).start()

    def _on_step(self, number: int, total: int, title: str) -> None:
        self.step_label.setText(f"Step {number} of {total}: {title}…")
        self.progress.setRange(0, total)
        self.progress.setValue(number - 1)

    def _on_done(self, ok: bool, message: str) -> None:
        self.succeeded = ok
        self.step_label.setText(message)
        set_themed_style(self.step_label, "" if ok else "color: {error};")
        self.progress.setRange(0, 1)
        self.progress.setValue(1 if ok else 0)
        self.buttons.setStandardButtons(QDialogButtonBox.StandardButton.Close)
        self.sig_finished.emit(ok, message)
        if ok:
            self.accept()  # the caller goes on (starts the kernel); a failure stays to be read

    def _cancel_or_close(self) -> None:
        if self.succeeded is None:
            self.step_label.setText("Cancelling…")
            self.job.cancel()
        else:
            self.reject()

    def reject(self) -> None:  # Esc and the window's close button: cancel first
        if self.succeeded is None:
            self._cancel_or_close()
            return
        super().reject()


class InstallJob:
    """One command (the ipykernel or debugpy install) as a dialog job."""

    def __init__(self, argv: list[str], env: dict[str, str] | None = None,
                 package: str = "ipykernel") -> None:
        from dsstudio.core.command_run import CommandRun, command_text

        self.text = command_text(argv)
        self._run = CommandRun(argv, env=env)
        self.package = package

    def run(self, on_step, on_line) -> tuple[bool, str]:
        on_step(1, 1, f"Installing {self.package}")
        on_line(f"$ {self.text}")
        self._run.on_line = on_line
        code = self._run.run()
        if self._run.cancelled:
            return False, "Cancelled."
        if code != 0:
            return False, f"The install failed (exit status {code}): see its output above."
        return True, "ipykernel installed."

    def cancel(self) -> None:
        self._run.cancel()

"""The input line under a running cell that asked for input: `input()`, `getpass.getpass()`,
`breakpoint()`, `pdb.set_trace()`, `%debug` (JupyterLab's stdin box).

The kernel's input_request carries a prompt and whether the answer is a password. The line
shows the prompt, takes the keyboard when it appears (the cell waits for it), hides what is typed
for a password, and hands the answer on with Enter; the runner then sends the input_reply and
puts prompt and answer into the cell's outputs, as JupyterLab does.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QKeyEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QWidget

from dsstudio.ui.editor.editor_theme import monospace_font


class AnswerEdit(QLineEdit):
    """A line edit that keeps its Enter: QLineEdit passes it on (for a dialog's default button),
    and the notebook took it as its own Enter and opened the selected cell's editor."""

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt name)
        super().keyPressEvent(event)
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            event.accept()


class StdinLine(QWidget):
    """A prompt and a line edit: what a cell's `input()` reads."""

    sig_submitted = Signal(str)
    """The user pressed Enter: the answer (sent once; the line is removed after)."""

    def __init__(self, prompt: str, password: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("StdinLine")
        font = QFont(*monospace_font())
        self.prompt = QLabel(prompt, self)
        self.prompt.setObjectName("StdinPrompt")
        self.prompt.setTextFormat(Qt.TextFormat.PlainText)
        self.prompt.setFont(font)
        self.edit = AnswerEdit(self)
        self.edit.setObjectName("StdinEdit")
        self.edit.setFont(font)
        if password:
            self.edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.edit.returnPressed.connect(self._submit)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 2, 0, 2)
        layout.setSpacing(4)
        layout.addWidget(self.prompt)
        layout.addWidget(self.edit, 1)
        self._sent = False

    def take_focus(self) -> None:
        self.edit.setFocus(Qt.FocusReason.OtherFocusReason)

    def is_password(self) -> bool:
        return self.edit.echoMode() == QLineEdit.EchoMode.Password

    def _submit(self) -> None:
        if not self._sent:  # (a second Enter before the line goes would answer a later request)
            self._sent = True
            self.edit.setReadOnly(True)
            self.sig_submitted.emit(self.edit.text())


class CellInputs:
    """A notebook's input lines: each under the cell whose run asks, brought into view with the
    keyboard (a queued cell far down may not be built yet: it is then), gone when answered or
    when the run ends; the keyboard then goes back to the notebook, in command mode."""

    def __init__(self, view) -> None:
        self._view = view  # the NotebookView
        view.runner.sig_input_requested.connect(self._show)
        view.runner.sig_input_ended.connect(self._end)

    def _show(self, cell, prompt: str, password: bool) -> None:
        view = self._view
        if cell not in view.cells:
            return
        view.column.build(cell)
        line = cell.widget.outputs_display.show_input(prompt, password)
        line.sig_submitted.connect(lambda value: view.runner.answer_input(cell, value))
        view.column.place(view.cells)
        view.column.layout().activate()
        view.scroll.ensureWidgetVisible(line)
        line.take_focus()

    def _end(self, cell) -> None:
        if cell.widget is None:
            return
        display = cell.widget.outputs_display
        had_focus = display.input_line is not None and display.input_line.edit.hasFocus()
        display.end_input()
        if had_focus:
            self._view.setFocus()

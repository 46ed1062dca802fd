"""The Debug pane: where the kernel stopped, the call stack, the chosen frame's variables
(described as the Variables pane describes them, expanded on demand, a level at a time: never a
copy of a whole object), and an evaluate box that runs in that frame."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from dsstudio.core.debug.dap_session import is_cell_copy
from dsstudio.core.debug.frame_variables import describe_paused
from dsstudio.ui.debug.variables_tree import FrameVariablesTree
from dsstudio.ui.debug.watch_list import WatchList


class DebugPane(QWidget):
    sig_open_location = Signal(str, int)
    """A frame was chosen: its file and 1-based line (to show in the editor)."""

    def __init__(self, debugger, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.debugger = debugger
        self.frames: list[dict] = []
        # The last error's report while it is shown (post-mortem), else None.
        self.post_mortem: dict | None = None
        # path -> the name the user knows it by (a notebook's cell), set by the window.
        self.place_of: Callable[[str], str] | None = None
        self.status = QLabel("No breakpoints: the debugger is not attached.")
        self.status.setWordWrap(True)
        # A kernel without debugpy: the command that installs it, run only on a click.
        self.install_command = QLabel()
        self.install_command.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.install_command.setWordWrap(True)
        self.install_command.hide()
        self.install_button = QPushButton("Install debugpy")
        self.install_button.hide()
        # Python < 3.12 keeps debugpy's tracing after it detaches: a restart gets the speed back.
        self.restart_advice = QLabel(
            "No breakpoints left: the debugger is detached, but on this Python the kernel stays "
            "several times slower per call until it restarts (its variables are lost then).")
        self.restart_advice.setWordWrap(True)
        self.restart_advice.hide()
        self.restart_button = QPushButton("Restart Kernel…")
        self.restart_button.hide()
        self.last_error_button = QPushButton("Debug Last Error")
        self.last_error_button.setToolTip("The frames of the last traceback in the console or a "
                                          "notebook, with their variables (nothing is run again)")
        self.last_error_button.clicked.connect(lambda: debugger.post_mortem(self.show_post_mortem))
        self.library_code = QCheckBox("Step into library code")
        self.library_code.setToolTip("Off: only your code is stepped through and stopped in "
                                     "(debugpy's justMyCode).")
        self.library_code.toggled.connect(
            lambda on: debugger.session.set_just_my_code(not on))
        buttons = QHBoxLayout()
        session = debugger.session
        for text, keys, slot in (("Continue", "F5", session.resume),
                                 ("Step Over", "F10", session.step_over),
                                 ("Step Into", "F11", session.step_in),
                                 ("Step Out", "Shift+F11", session.step_out)):
            button = QToolButton(text=text)
            button.setToolTip(f"{text} ({keys})")
            button.clicked.connect(slot)
            buttons.addWidget(button)
        self.buttons = [buttons.itemAt(i).widget() for i in range(buttons.count())]
        buttons.addStretch(1)
        self.stack = QListWidget()
        self.stack.currentRowChanged.connect(self._on_frame_chosen)
        self.watches = WatchList(debugger.session)
        self.variables = FrameVariablesTree()
        self.expression = QLineEdit(placeholderText="Evaluate in the frame (Enter)")
        self.expression.returnPressed.connect(self._evaluate)
        self.results = QPlainTextEdit(readOnly=True)
        self.results.setMaximumBlockCount(500)
        split = QSplitter(Qt.Orientation.Vertical)
        for widget in (self.stack, self.watches, self.variables, self.results):
            split.addWidget(widget)
        split.setSizes([110, 110, 330, 90])  # (in proportion): the variables get most room
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.status)
        layout.addWidget(self.install_command)
        layout.addWidget(self.install_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.restart_advice)
        layout.addWidget(self.restart_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addLayout(buttons)
        options = QHBoxLayout()
        options.addWidget(self.library_code)
        options.addStretch(1)
        options.addWidget(self.last_error_button)
        layout.addLayout(options)
        layout.addWidget(split, 1)
        layout.addWidget(self.expression)
        debugger.sig_paused.connect(self.show_frames)
        debugger.sig_state_changed.connect(self._on_state)
        debugger.sig_install_command.connect(self._show_install_command)
        debugger.sig_restart_advised.connect(self._advise_restart)
        self._on_state(debugger.state)
        self._show_install_command(debugger.install_command)

    # ---- Public API
    def show_frames(self, frames: list[dict]) -> None:
        # The kernel's own start-up frames (code compiled from a string) are nobody's code.
        frames = [f for f in frames if not (f.get("source") or {}).get("path", "<").startswith("<")]
        self.frames = frames
        self.stack.clear()
        for frame in frames:
            path = (frame.get("source") or {}).get("path") or "?"
            self.stack.addItem(f"{frame.get('name')}  {self._place(path)}:{frame.get('line')}")
        if frames:
            top = frames[0]
            self.status.setText(f"Paused ({self.debugger.session.stop_reason or 'stopped'}) in "
                                f"{top.get('name')} at {self._place(top['source'].get('path', '?'))}"
                                f", line {top.get('line')}.")
            self.stack.setCurrentRow(0)

    def show_post_mortem(self, report: dict | None) -> None:
        """The last error's frames (innermost first); their variables as the error left them."""
        if self.debugger.paused:
            return
        if not report or not report.get("frames"):
            self.status.setText("No error to debug: the last run raised none (or the kernel "
                                "restarted since).")
            return
        self.post_mortem = report
        self.frames = [{"name": f["name"], "line": f["line"], "source": {"path": f["file"]}}
                       for f in report["frames"]]
        self.stack.clear()
        for frame in self.frames:
            self.stack.addItem(f"{frame['name']}  {self._place(frame['source']['path'])}:"
                               f"{frame['line']}")
        self.status.setText(f"Post-mortem of {report['error']}")
        self.expression.setEnabled(True)
        self.stack.setCurrentRow(0)

    def show_gone_error(self) -> None:
        """An older error was asked for: the kernel keeps only its last one."""
        if not self.debugger.paused:
            self.status.setText("That error is gone: the kernel keeps only its last error (a later "
                                "one, or a restart, replaced it). Debug Last Error shows the last.")

    def frame_id(self) -> int | None:
        row = self.stack.currentRow()
        return self.frames[row]["id"] if 0 <= row < len(self.frames) else None

    # ---- Internals
    def _place(self, path: str) -> str:
        if self.place_of is not None:
            return self.place_of(path)
        if is_cell_copy(path, self.debugger.session.debug_info):
            return "notebook or console cell"
        return Path(path).name

    def _advise_restart(self, advised: bool) -> None:
        self.restart_advice.setVisible(advised)
        self.restart_button.setVisible(advised)

    def _show_install_command(self, command: list[str]) -> None:
        from dsstudio.core.command_run import command_text

        shown = bool(command) and self.debugger.state == "unavailable"
        self.install_command.setText(command_text(command) if shown else "")
        self.install_command.setVisible(shown)
        self.install_button.setVisible(shown)

    def _on_state(self, state: str) -> None:
        self.post_mortem = None
        if state != "unavailable":
            self._show_install_command([])
        if state in ("attaching", "running"):
            self._advise_restart(False)
        paused = state == "paused"
        for button in self.buttons:
            button.setEnabled(paused)
        self.expression.setEnabled(paused)
        if not paused:
            self.frames = []
            self.stack.clear()
            self.variables.clear()
            self.watches.refresh(None)
            self.status.setText({
                "running": "Attached: the kernel stops at the breakpoints.",
                "attaching": "Attaching the kernel's debugger…",
                "detaching": "Detaching…",
                "unavailable": "Breakpoints are unavailable: this kernel has no debugger "
                               "(debugpy). This command installs it into the kernel's "
                               "environment; the kernel then restarts:",
            }.get(state, "No breakpoints: the debugger is not attached."))

    def _on_frame_chosen(self, row: int) -> None:
        self.variables.clear()
        if not 0 <= row < len(self.frames):
            return
        frame = self.frames[row]
        self.sig_open_location.emit((frame.get("source") or {}).get("path") or "",
                                    frame.get("line", 1))
        if self.post_mortem is not None:
            self.variables.show_frame(lambda path, done: self._post_mortem_listing(row, path, done))
            return
        if not self.debugger.session.frames_usable:
            return  # a step was sent: this stop's frames are gone
        self.watches.refresh(frame["id"])
        frames, session = self.frames, self.debugger.session
        # Asked now, for the chosen frame only: one evaluate, answered before a step sent after
        # it is taken (the kernel's control thread takes debug requests one at a time).
        self.variables.show_frame(
            lambda path, done: describe_paused(session, frames, row, path, done))

    def _post_mortem_listing(self, row: int, path: list, done) -> None:
        report = self.post_mortem or {}
        if row == 0 and not path and report.get("variables"):
            done(report["variables"])  # came with the report
            return

        def answered(answer: dict | None) -> None:
            if answer is None:
                return
            if answer.get("error") != report.get("error"):  # the kernel keeps one error only
                done({"error": f"This error is gone: the kernel's last error is now "
                               f"{answer.get('error') or 'none'}."})
            else:
                done(answer.get("variables") or {})

        self.debugger.post_mortem(answered, row, "", path)

    def _evaluate(self) -> None:
        expression = self.expression.text().strip()
        if expression and self.post_mortem is not None:
            self.debugger.post_mortem(
                lambda report: self.results.appendPlainText(
                    f">>> {expression}\n{(report or {}).get('result')}"),
                self.stack.currentRow(), expression)
        elif expression:
            self.debugger.session.evaluate(
                expression, self.frame_id(),
                lambda result: self.results.appendPlainText(f">>> {expression}\n{result}"))

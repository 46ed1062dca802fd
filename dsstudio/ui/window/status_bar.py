"""Status bar: live reload outcome, kernel state (one-click restart when dead), a notebook's
keyboard mode and the focused editor's caret, encoding."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QEvent, QMetaObject, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (QApplication, QLabel, QPushButton, QSizePolicy, QStatusBar,
                               QToolButton, QWidget)

from dsstudio.ui.theme.theme_colours import colour
from dsstudio.ui.widget_shortcut import takes_text

STATE_STYLE = {  # the text, and the colour of its dot (a key of theme_colours)
    "starting": ("Kernel starting…", "warning"),
    "idle": ("Kernel idle", "success"),
    "busy": ("Kernel busy", "accent"),
    "paused": ("Kernel paused (debugger)", "warning"),
    "restarting": ("Kernel restarting…", "warning"),
    "reconnecting": ("Kernel reconnecting…", "warning"),  # a server's kernel, the network down
    "dead": ("Kernel dead", "error"),
    "stopped": ("No kernel", "muted"),
}


# A good reload's line stays this long; a failure stays until the next reload.
RELOAD_OK_SHOWN_MS = 10_000


class MainStatusBar(QStatusBar):
    sig_restart_clicked = Signal()
    """The user clicked the restart button shown while the kernel is dead."""

    sig_interpreter_clicked = Signal()
    """The user clicked the interpreter's name: choose another."""

    sig_reload_link = Signal(str, int)
    """The user clicked the place of a failed reload: (file path, 1-based line or 0)."""

    sig_reload_history_clicked = Signal()
    """The user clicked a reload outcome that is not a link: show the session's reloads."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.reload_label = QLabel()
        self.reload_label.setObjectName("ReloadLabel")
        self.reload_label.setTextFormat(Qt.TextFormat.RichText)
        self.reload_label.linkActivated.connect(self._on_reload_link)
        # A long outcome (many names, a warning's text) is cut at the window's edge, whole in the
        # tooltip, rather than widening the window past the screen.
        self.reload_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.reload_label.installEventFilter(self)
        self._reload_fade = QTimer(self)
        self._reload_fade.setSingleShot(True)
        self._reload_fade.setInterval(RELOAD_OK_SHOWN_MS)
        self._reload_fade.timeout.connect(self.reload_label.clear)
        self.addWidget(self.reload_label, 1)
        self.kernel_label = QLabel()
        self.kernel_label.setObjectName("KernelStateLabel")
        self._kernel_state = "stopped"
        self._reloading = ""  # the files a long reload runs for, which is what keeps it busy
        self._reload_shown = None  # (text, failed_at) of the reload outcome shown, for restyle
        self.restart_button = QPushButton("Restart kernel")
        self.restart_button.setObjectName("RestartDeadKernelButton")
        self.restart_button.setVisible(False)
        self.restart_button.clicked.connect(self.sig_restart_clicked)
        self.interpreter_button = QToolButton()
        self.interpreter_button.setObjectName("InterpreterButton")
        self.interpreter_button.setAutoRaise(True)
        self.interpreter_button.setVisible(False)
        self.interpreter_button.clicked.connect(self.sig_interpreter_clicked)
        # JupyterLab's "Mode: Command" / "Mode: Edit", shown while a notebook has the keyboard:
        # whether letters act on cells or type text (and, absent, that they reach no notebook).
        self.mode_label = QLabel()
        self.mode_label.setObjectName("NotebookModeLabel")
        self.mode_label.setContentsMargins(0, 0, 8, 0)  # apart from Ln/Col beside it
        self.mode_label.setVisible(False)
        self.cursor_label = QLabel()
        self.cursor_label.setObjectName("CaretLabel")
        self.cursor_label.setVisible(False)
        # Ln/Col are those of the editor with the keyboard: a `.py` file's or a notebook cell's
        # (they showed the `.py` editor's while a cell was edited).
        self._caret_editor: QWidget | None = None
        self._caret_connection: QMetaObject.Connection | None = None
        QApplication.instance().focusChanged.connect(self._follow_focus)
        self.encoding_label = QLabel()
        for widget in (self.mode_label, self.cursor_label, self.encoding_label, self.interpreter_button,
                       self.restart_button, self.kernel_label):
            self.addPermanentWidget(widget)
        self.set_kernel_state("stopped")

    def set_kernel_state(self, state: str) -> None:
        self._kernel_state = state
        if state not in ("idle", "busy"):
            self._reloading = ""  # a restart or a death ends any reload
        text, dot = STATE_STYLE.get(state, (f"Kernel {state}", "muted"))
        tooltip = ""
        if state == "busy" and self._reloading:
            text = f"Kernel busy: reloading {self._reloading}"
            tooltip = (f"The kernel is running the live reload of {self._reloading} (its top "
                       "level runs again). Cells wait until it ends; Ctrl+C in the console "
                       "interrupts it, and the module then stays as it was.")
        self.kernel_label.setText(f"<span style='color:{colour(dot)}'>●</span> {escape(text)}")
        self.kernel_label.setToolTip(tooltip)
        self.kernel_label.setProperty("state", state)
        self.restart_button.setVisible(state == "dead")

    def show_reloading(self, names: str) -> None:
        """A long reload of `names` ("models.py") runs in the kernel; "" when it is over."""
        self._reloading = names
        if names:
            self.clearMessage()
            self._reload_fade.stop()
            self.reload_label.setText(f"<span style='color:{colour('accent')}'>⟳</span> "
                                      f"Reloading {escape(names)}…")
            self.reload_label.setProperty("failed", False)
        elif self.reload_label.text().endswith("…"):
            self.reload_label.clear()  # over with nothing to say (a file nobody imported)
        self.set_kernel_state(self._kernel_state)

    def set_interpreter(self, label: str | None, tooltip: str = "") -> None:
        """What the kernel runs in ("Python 3.12 (.venv)"); None hides it (no project)."""
        self.interpreter_button.setVisible(label is not None)
        self.interpreter_button.setText(label or "")
        self.interpreter_button.setToolTip(tooltip)

    def set_cursor(self, line: int, col: int) -> None:
        self.cursor_label.setText(f"Ln {line + 1}, Col {col + 1}")
        self.cursor_label.setVisible(True)

    def _follow_focus(self, _old: QWidget | None, new: QWidget | None) -> None:
        """Ln/Col follow the focused editor; they hide while anything else in this window has
        the keyboard (the tree, the console, a notebook in command mode), and stay as they are
        while another window or a menu has it."""
        if new is None or new.window() is not self.window():
            return
        # (Any CodeEditor has the signal; importing its class here would load Scintilla
        # before the first paint.)
        editor = new if hasattr(new, "sig_cursor_moved") else None
        self._show_notebook_mode(new, editing=editor is not None or takes_text(new))
        if editor is self._caret_editor:
            return
        if self._caret_connection is not None:
            QObject.disconnect(self._caret_connection)  # (False if the editor is gone)
        self._caret_editor, self._caret_connection = editor, None
        if editor is None:
            self.cursor_label.setVisible(False)
            return
        self._caret_connection = editor.sig_cursor_moved.connect(self.set_cursor)
        self.set_cursor(*editor.cursor_position())

    def _show_notebook_mode(self, focus: QWidget, editing: bool) -> None:
        """Edit mode while a cell's editor (or a text field, the `input()` line) has the keyboard,
        command mode while the rest of a notebook has it (the NotebookView, by its object name:
        its module is not loaded here)."""
        widget = focus
        while widget is not None and widget.objectName() != "NotebookView":
            widget = widget.parentWidget()
        self.mode_label.setVisible(widget is not None)
        self.mode_label.setText("Mode: Edit" if editing else "Mode: Command")
        self.mode_label.setToolTip(
            "Edit mode: keys type text; Esc goes to command mode." if editing else
            "Command mode: keys act on the selected cells (A, B, D D, M, Y, Shift+M…); Enter "
            "edits the cell. Help > Keyboard Shortcuts lists them.")

    def set_file_format(self, fmt) -> None:
        """The current file's encoding and line endings (a TextFileFormat; None: no file)."""
        if fmt is None:
            self.encoding_label.clear()
            return
        endings = {"\n": "LF", "\r\n": "CRLF", "\r": "CR"}
        self.encoding_label.setText(f"{fmt.encoding.upper()} · {endings.get(fmt.newline, '?')}")

    def show_reload(self, text: str, failed_at: tuple[str, int] | None = None) -> None:
        """Show a reload's outcome; `failed_at` (path, line) makes it a red link to that place."""
        # A temporary message ("Saved models.py") hides normal widgets: the outcome says more.
        self.clearMessage()
        self._reload_fade.stop()
        self._reload_shown = (text, failed_at)
        # The whole outcome is in the tooltip (the label is cut at the window's edge), then what a
        # click does.
        if failed_at is None:
            self.reload_label.setText(f"<span style='color:{colour('success')}'>⟳</span> {escape(text)}")
            self.reload_label.setProperty("failed", False)
            self.reload_label.setToolTip(
                f"{text}\n\nClick for this session's reloads (View > Reload History)")
            self._reload_fade.start()
            return
        path, line = failed_at
        self.reload_label.setText(
            f"<a href='{escape(path)}#{line}' style='color:{colour('error')}'>⚠ {escape(text)}</a>")
        self.reload_label.setProperty("failed", True)
        self.reload_label.setToolTip(f"{text}\n\nClick to open the failing line; View > Reload "
                                     "History lists this session's reloads")

    def restyle(self) -> None:
        """The kernel's state and a reload's outcome again, in the theme in effect."""
        self.set_kernel_state(self._kernel_state)
        shown = self._reload_shown
        if shown is not None and self.reload_label.text():
            fading = self._reload_fade.isActive()
            self.show_reload(*shown)
            if not fading:
                self._reload_fade.stop()

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 (Qt name)
        # A plain outcome (not a failure's link, which opens the failing line) opens the history.
        if (watched is self.reload_label and event.type() == QEvent.Type.MouseButtonRelease
                and event.button() == Qt.MouseButton.LeftButton and self.reload_label.text()
                and "<a " not in self.reload_label.text()):
            self.sig_reload_history_clicked.emit()
        return super().eventFilter(watched, event)

    def _on_reload_link(self, link: str) -> None:
        path, _, line = link.rpartition("#")
        self.sig_reload_link.emit(path, int(line) if line.isdigit() else 0)

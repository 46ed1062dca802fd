"""The IPython console pane: qtconsole's RichJupyterWidget on the project kernel.

qtconsole is the heaviest import of the app (about 0.3 s), so the pane starts as a light placeholder;
`load_and_attach` imports what qtconsole needs once the window is on screen: its Qt-free
dependencies (jupyter_client, zmq, IPython) on a worker thread, then the modules that touch Qt on
the GUI thread, one per turn of the event loop, then builds the console. Qt modules must not be
imported off the GUI thread: qtpy's `from PySide6.QtCore import *` there, while the GUI thread
builds widgets (a big notebook opening), crashed PySide6 6.11 (its types load lazily).
"""

from __future__ import annotations

import threading
import time
from collections import deque

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from dsstudio.ui.theme.themed_style import set_themed_style


class ConsolePane(QWidget):
    """Shows the console of the project kernel and runs editor code in it as if typed."""

    sig_interrupt_requested = Signal()
    """The user pressed Ctrl+C in the console: the owner interrupts the kernel it started."""

    sig_restart_requested = Signal()
    """The user asked the console to restart: the owner restarts the kernel (with confirmation)."""

    sig_executed = Signal(dict)
    """An execution shown in the console finished; carries the execute_reply content."""

    sig_code_run = Signal()
    """Code is to run in the console as if typed (from the editor): its output shows here."""

    sig_inputs_changed = Signal(int)
    """How many inputs ran in the console since the kernel (re)started (`session_inputs`)."""

    sig_debug_error = Signal(bool)
    """A traceback's "Debug this error" link was clicked: True when that error is still the
    kernel's last one (see error_links.py)."""

    _sig_modules_imported = Signal(str)  # from the import thread: "" or what went wrong

    # Imported on the GUI thread after the worker's part, one per event-loop turn.
    QT_MODULES = ("qtpy.QtCore", "qtpy.QtGui", "qtpy.QtWidgets", "qtconsole.client",
                  "qtconsole.rich_jupyter_widget")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ConsolePane")
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._placeholder = QLabel("Starting the project kernel…")
        self._placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        set_themed_style(self._placeholder, "color: {muted}; font-size: 13px;")
        self._layout.addWidget(self._placeholder)
        self.console = None  # RichJupyterWidget once attached
        self.error_links = None  # its tracebacks' "Debug this error" links, once attached
        # Code from the editor waits here while the console is busy, so nothing the user
        # typed at the prompt is replaced and runs keep their order.
        self._pending: deque[str] = deque()
        self._saved_input: str | None = None
        self._make_client = None  # set while qtconsole is being imported
        # What ran in the console since the kernel (re)started, for "Re-run setup".
        self.session_inputs: list[str] = []
        self._early_messages: list[str] = []
        self._shown_before_first_clear: list[str] | None = None  # see _keep_through_first_clear
        self._placeholder.setWordWrap(True)
        self._sig_modules_imported.connect(self._on_modules_imported)
        # Output is published on iopub; until the kernel has seen the client's subscription,
        # what it publishes is lost. Runs wait for the kernel's owner to say it does
        # (`follow_kernel`), after the client is made and after every restart, whoever asks it.
        self._iopub_ready = lambda: True
        self._kernel_busy = lambda: False
        self._restart_to_announce = False  # said once the restarted kernel is ready

    # ---- Public API
    def load_and_attach(self, make_client, gui_imports_when=None) -> None:
        """Import qtconsole (worker thread, then GUI thread), then `attach(make_client())`.

        `make_client` is called only then, and may return None (the project closed meanwhile).
        `gui_imports_when(callback)`, if given, decides when the GUI-thread part may start.
        """
        if self.console is not None or self._make_client is not None:
            return
        self._make_client = make_client
        self._gui_imports_when = gui_imports_when or (lambda callback: callback())
        threading.Thread(target=self._import_modules, name="qtconsole-import", daemon=True).start()

    def attach(self, kernel_client) -> None:
        """Build the real console on `kernel_client` (a started qtconsole QtKernelClient)."""
        from qtconsole.rich_jupyter_widget import RichJupyterWidget

        console = RichJupyterWidget(parent=self)
        self._limit_other_output(console)  # before the client: it wraps what the client calls
        from dsstudio.ui.console.interactive_outputs import interactive_outputs_as_lines

        interactive_outputs_as_lines(console)
        from dsstudio.ui.console.error_links import ErrorLinks

        self.error_links = ErrorLinks(console)
        self.error_links.sig_debug_requested.connect(self.sig_debug_error)
        self._interrupt_any_run(console)
        console.kernel_client = kernel_client
        # We own the kernel process, not qtconsole: route its interrupt/restart requests to us.
        console.custom_interrupt = True
        console.custom_restart = True
        console.custom_interrupt_requested.connect(self.sig_interrupt_requested)
        console.custom_restart_requested.connect(self.sig_restart_requested)
        # The notebook and headless runs share this kernel: show their output here too.
        # The app reports restarts and shutdowns itself; qtconsole would otherwise answer another
        # client's shutdown with a modal "Close the Console?" question.
        console._handle_shutdown_reply = lambda msg: None
        console.include_other_output = True
        console.other_output_prefix = ""
        console.executed.connect(self._on_executed)
        console.executing.connect(self._on_executing)
        from dsstudio.ui.console.console_theme import apply_console_theme
        from dsstudio.ui.theme.theme_colours import current_theme

        apply_console_theme(console, current_theme())
        self._layout.removeWidget(self._placeholder)
        self._placeholder.deleteLater()
        self._layout.addWidget(console)
        self.console = console
        self._keep_through_first_clear(console)
        early, self._early_messages = self._early_messages, []
        for text in early:
            self.show_message(text)

    def apply_theme(self, theme: str) -> None:
        """The console (once built) in `theme`; the placeholder follows by itself."""
        if self.console is not None:
            from dsstudio.ui.console.console_theme import apply_console_theme

            apply_console_theme(self.console, theme)

    def _interrupt_any_run(self, console) -> None:
        """qtconsole's Ctrl+C interrupts only its own runs; a notebook cell or a hung reload
        kept the kernel busy with no way to stop it from the console."""
        from qtpy.QtCore import Qt as QtpyQt
        from qtpy.QtGui import QKeySequence

        handle = console._event_filter_console_keypress

        def keypress(event) -> bool:
            if (event.key() == QtpyQt.Key.Key_C and console._control_key_down(event.modifiers())
                    and not console._executing and self._kernel_busy()
                    and not (console.can_copy() and event.matches(QKeySequence.StandardKey.Copy))):
                self.sig_interrupt_requested.emit()
                return True
            return handle(event)

        console._event_filter_console_keypress = keypress

    @staticmethod
    def _limit_other_output(console) -> None:
        """Copy only a glimpse of each notebook run (see core/console_budget.py): qtconsole's
        insertion above a waiting prompt costs more with every line, and a flood froze it."""
        from dsstudio.core.console_budget import NOTICE, ForeignOutputBudget

        budget = ForeignOutputBudget()
        include = console.include_output
        dispatch = console._dispatch

        def dispatch_own_copy(msg: dict) -> None:
            # The budget cuts a stream's text in the message itself, and notebooks receive the
            # same message objects from the shared client: the console gets a copy to cut.
            if msg.get("msg_type") == "stream" and not console.from_here(msg):
                msg = {**msg, "content": dict(msg["content"])}
            dispatch(msg)

        console._dispatch = dispatch_own_copy  # (connected by the kernel_client setter)

        def include_output(msg: dict) -> bool:
            if not include(msg):
                return False
            if console.from_here(msg):
                return True
            verdict = budget.admit(msg)
            if verdict == "notice":
                console._append_plain_text(NOTICE, before_prompt=True)
            return verdict == "show"

        console.include_output = include_output

    def follow_kernel(self, kernel) -> None:
        """Take the kernel's state from `kernel` (a KernelController): code runs only while
        the kernel sees the client's iopub subscription (what waits goes on when it does), and
        Ctrl+C interrupts whenever the kernel is busy, not only during the console's own runs."""
        self._iopub_ready = lambda: kernel.iopub_ready
        self._kernel_busy = lambda: kernel.state == "busy"
        kernel.sig_iopub_ready.connect(self._run_next)
        kernel.sig_ready.connect(self._on_kernel_ready)

    def is_attached(self) -> bool:
        return self.console is not None

    def run_code(self, code: str) -> None:
        """Run `code` in the console as if typed: input and output shown, history kept.

        If the console is busy the code waits for its turn; text the user was typing at the
        prompt is put back once the run is done.
        """
        code = code.rstrip("\n")
        if not code.strip():
            return
        self._pending.append(code)
        self.sig_code_run.emit()
        self._run_next()

    def show_kernel_restarted(self) -> None:
        """A restart was asked for: earlier output stays, the old prompt goes, and once the new
        kernel is ready one line says so ("Kernel restarted at 14:02:11") above its first
        prompt. A restart that fails says nothing here (the kernel's problem is shown).

        The prompt shown before the restart is taken away (its number is the old kernel's: an
        empty `In [20]:` was left above the new `In [1]:`); what the user had typed at it comes
        back at the new prompt. The new prompt is asked of the new kernel once it is ready:
        asked at once, the old kernel could take the question with it.
        """
        if self.console is None:
            return
        self._pending.clear()
        self.session_inputs = []
        self.sig_inputs_changed.emit(0)
        console = self.console
        typed = self._saved_input or ""
        self._saved_input = None
        if not console._executing:  # else no prompt is shown: the run's output ends the text
            typed = typed or self._remove_prompt()
        # qtconsole's reset(clear=False), but the prompt waits for the new kernel.
        console._executing = False
        console._request_info["execute"] = {}
        console._reading = False
        console._prompt_requested = False
        console._highlighter.highlighting_on = False
        console._input_buffer_pending = typed  # (qtconsole puts it at the next prompt)
        self._restart_to_announce = True

    def _on_kernel_ready(self, _info: dict) -> None:
        if self.error_links is not None:
            self.error_links.kernel_restarted()
        if self._restart_to_announce and self.console is not None:
            self._restart_to_announce = False
            console, text = self.console, self.console._control.toPlainText()
            lead = ("" if not text or text.endswith("\n\n")
                    else "\n" if text.endswith("\n") else "\n\n")  # one blank line above it
            console._append_plain_text(f"{lead}Kernel restarted at {time.strftime('%H:%M:%S')}\n")
            console._show_interpreter_prompt()

    def _remove_prompt(self) -> str:
        """Take the prompt shown (and what is typed at it) out of the console; returns the typed
        text. Nothing is removed unless the end of the console is that prompt."""
        from qtpy.QtGui import QTextCursor

        console = self.console
        typed = console.input_buffer
        cursor = console._get_end_cursor()
        cursor.setPosition(console._append_before_prompt_pos, QTextCursor.MoveMode.KeepAnchor)
        shown = cursor.selectedText().replace("\u2029", "\n").lstrip("\n")
        if console._prompt and shown.startswith(console._prompt):
            cursor.removeSelectedText()
        return typed

    def show_message(self, text: str) -> None:
        """Print a line of dsstudio's own in the console (not sent to the kernel).

        Before the console exists (qtconsole loads after the first paint) the line waits, and
        the placeholder shows it meanwhile: a kernel that cannot start says so at once.
        """
        if self.console is not None:
            if self._shown_before_first_clear is not None:
                self._shown_before_first_clear.append(text)
            # Its own line: before the prompt comes right after a result ("Out[3]: 0.98").
            if not self._at_line_start():
                text = "\n" + text
            self.console._append_plain_text(text + "\n", before_prompt=True)
        else:
            self._early_messages.append(text)
            self._placeholder.setText(text)

    def focus_console(self) -> None:
        if self.console is not None:
            self.console._control.setFocus()

    # ---- Internals
    def _keep_through_first_clear(self, console) -> None:
        """qtconsole clears itself when the kernel first answers (reset(clear=True), to write
        the banner): a message shown between attach and that answer (a recovered copy that
        could not be read) was wiped unseen. Those are shown again after that first clear."""
        self._shown_before_first_clear: list[str] | None = []
        qtconsole_reset = console.reset

        def reset(clear: bool = False) -> None:
            qtconsole_reset(clear)
            shown = self._shown_before_first_clear
            if clear and shown is not None:
                self._shown_before_first_clear = None
                for text in shown:
                    self.show_message(text)

        console.reset = reset

    def _at_line_start(self) -> bool:
        """Whether what show_message appends starts a line: where qtconsole will put it (before
        the prompt when there is one and nothing runs, else at the end) follows a line break."""
        console = self.console
        position = console._insert_text_cursor.position()
        before_prompt = console._append_before_prompt_pos
        if (console._reading or not console._executing) and position >= before_prompt \
                and before_prompt != console._get_end_pos():
            position = before_prompt
        elif position <= before_prompt and before_prompt != console._get_end_pos():
            position = console._get_end_pos()
        return position == 0 or console._control.document().characterAt(position - 1) in (
            "\n", "\u2029")

    def _import_modules(self) -> None:
        """Worker thread: qtconsole's dependencies that never touch Qt."""
        try:
            import IPython.core.interactiveshell  # noqa: F401 (imported for the module cache)
            import jupyter_client  # noqa: F401
            import pygments.lexers  # noqa: F401
            import zmq  # noqa: F401

            error = ""
        except Exception as exc:  # noqa: BLE001 (any failure is shown in the pane)
            error = f"The console could not be loaded: {exc}"
        try:
            self._sig_modules_imported.emit(error)
        except RuntimeError:
            pass  # the pane was deleted meanwhile (window closed during start-up)

    def _on_modules_imported(self, error: str) -> None:
        self._gui_imports_when(lambda: self._import_qt_modules(error, self.QT_MODULES))

    def _import_qt_modules(self, error: str, remaining: tuple) -> None:
        if not error and remaining:
            import importlib

            try:
                importlib.import_module(remaining[0])
            except Exception as exc:  # noqa: BLE001 (any failure is shown in the pane)
                error = f"The console could not be loaded: {exc}"
            else:
                QTimer.singleShot(0, self, lambda: self._import_qt_modules("", remaining[1:]))
                return
        make_client, self._make_client = self._make_client, None
        if error:
            self._placeholder.setText(error)
            return
        client = make_client() if make_client is not None else None
        if client is not None and self.console is None:
            self.attach(client)

    def _console_busy(self) -> bool:
        # qtconsole keeps this flag while an execution it started (ours or the user's) runs;
        # it has no public accessor.
        return bool(self.console._executing)

    def _run_next(self) -> None:
        if (self.console is None or not self._iopub_ready() or not self._pending
                or self._console_busy()):
            return
        if self._saved_input is None:
            self._saved_input = self.console.input_buffer
        self.console.execute(self._pending.popleft(), hidden=False, interactive=False)

    def _on_executing(self, source: str) -> None:
        self.session_inputs.append(source)
        self.sig_inputs_changed.emit(len(self.session_inputs))

    def _on_executed(self, msg: dict) -> None:
        self.sig_executed.emit(msg.get("content", {}))
        if self._pending:
            self._run_next()
            return
        if self._saved_input:
            self.console.input_buffer = self._saved_input
        self._saved_input = None

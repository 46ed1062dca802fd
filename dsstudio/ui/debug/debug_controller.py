"""Qt face of the kernel's debugger: the DebugSession fed from the console's client, its reports
as signals on the GUI thread.

Requests go on the client's control channel (answered even while the shell thread is stopped
at a breakpoint); replies come back on control as `debug_reply` and events on iopub as
`debug_event`, through the same batched iopub signal every pane listens to.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Signal

from dsstudio.core.debug.breakpoints import BreakpointStore
from dsstudio.core.debug.dap_session import DETACHED, DebugSession

UNAVAILABLE = "unavailable"
# An interrupt that lands inside debugpy's trace function takes the thread's tracing away (an
# exception there unsets it), and no breakpoint stops again until the kernel restarts
# (ipykernel#821, jupyterlab#15012; about one Stop in twenty here): debugpy's own call sets it
# again.
RETRACE_CODE = ("__import__('debugpy').trace_this_thread(True) "
                "if __import__('sys').gettrace() is None else None")


class DebugController(QObject):
    sig_state_changed = Signal(str)
    """'detached', 'attaching', 'running', 'paused', 'detaching', or 'unavailable' (the kernel
    has no debugger: ipykernel < 6 or no debugpy)."""

    sig_paused = Signal(list)
    """The kernel stopped: the stopped thread's frames, innermost first (DAP StackFrame dicts)."""

    sig_breakpoints_changed = Signal(str)
    """A file's breakpoints changed or were (un)verified by the debugger: its absolute path."""

    sig_output = Signal(str)
    """Text from the debugger: a log point's message."""

    sig_failure = Signal(str)
    """The debugger could not start (the message says why)."""

    sig_install_command = Signal(list)
    """The kernel has no debugger: the command that installs debugpy into its environment
    (empty when none can be told: a kernel that is not Python, an interpreter that did not
    answer)."""

    sig_restart_advised = Signal(bool)
    """True: the debugger was detached but the kernel's Python (before 3.12) stays slower until
    it restarts (see docs/benchmarks.md); False once it restarted."""

    _install_found = Signal(list)  # from the probing thread

    def __init__(self, kernel, store: BreakpointStore | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.kernel = kernel
        self.store = store if store is not None else BreakpointStore()
        self.store.on_change = self._on_store_changed
        self.session = DebugSession(self.store, self._send)
        self._install_found.connect(self._on_install_found)
        self.session.on_state = self._on_session_state
        self.session.on_paused = self.sig_paused.emit
        self.session.on_breakpoints = self.sig_breakpoints_changed.emit
        self.session.on_output = self.sig_output.emit
        self.session.on_failure = self.sig_failure.emit
        self._client = None
        self.available = True
        self.pane = None  # the window's Debug pane, once made
        self.install_command: list[str] = []  # while unavailable: what installs debugpy
        self.install_dialog = None  # the install's CommandDialog, once run
        # debugpy was attached in this kernel, on a Python whose tracing stays after detaching.
        self.slowed = False
        # execute msg_id -> (on_report, frame_index, expression, path, retries left)
        self._post_mortem_waiting: dict[str, tuple] = {}
        self._retrace_waiting: dict[str, int] = {}  # execute msg_id -> retries left
        kernel.sig_client_created.connect(self._on_client)
        kernel.sig_ready.connect(self._on_kernel_ready)
        if kernel.client is not None:
            self._on_client(kernel.client)
        if kernel.kernel_info:
            self._on_kernel_ready(kernel.kernel_info)

    # ---- Public API
    @property
    def state(self) -> str:
        return UNAVAILABLE if not self.available else self.session.state

    @property
    def paused(self) -> bool:
        return self.session.state == "paused"

    @property
    def retracing(self) -> bool:
        """The kernel is being given its tracing back after an interrupt (see RETRACE_CODE);
        code sent meanwhile may run ahead of it if ipykernel aborted it (sent just after the
        error), then untraced."""
        return bool(self._retrace_waiting)

    def toggle_breakpoint(self, path: Path | str, line: int) -> bool:
        """Add or remove the breakpoint at 1-based `line`; True when one is there now."""
        return self.store.toggle(path, line)

    def post_mortem(self, on_report, frame_index: int = 0, expression: str = "",
                    path: list | None = None, retries: int = 3) -> None:
        """`on_report(report)` gets the last error's frames (see core/debug/post_mortem.py), the
        variables at `path` in frame `frame_index`, and `expression`'s value there; None when
        the kernel could not tell."""
        from dsstudio.core.debug.post_mortem import post_mortem_request

        if self._client is None:
            return
        code, expressions = post_mortem_request(frame_index, expression, path)
        msg_id = self._client.execute(code, silent=True, store_history=False,
                                      user_expressions=expressions)
        self._post_mortem_waiting[msg_id] = (on_report, frame_index, expression, path, retries)

    def files_reloaded(self, paths: list[str]) -> None:
        """The live reloader recompiled these files: their code objects are new, so the
        debugger is told their breakpoints again, at the lines the markers are at now."""
        for path in paths:
            if self.store.in_file(path):
                self.session.send_breakpoints(str(Path(path).resolve()))

    def on_reload_report(self, report: dict) -> None:
        files = report.get("files", {})
        self.files_reloaded([files[name] for name in report.get("reloaded", []) if name in files])

    # ---- Internals
    def _send(self, request: dict) -> None:
        client = self._client
        if client is None:
            return
        client.control_channel.send(client.session.msg("debug_request", request))

    def _on_client(self, client) -> None:
        self._client = client
        client.control_channel.message_received.connect(self._on_control)
        client.iopub_channel.message_received.connect(self._on_iopub)
        client.shell_channel.message_received.connect(self._on_shell)
        if self.kernel.kernel_info:  # the kernel answered before the client was made
            self._on_kernel_ready(self.kernel.kernel_info)

    def _on_control(self, msg: dict) -> None:
        if msg.get("msg_type") == "debug_reply":
            self.session.handle_reply(msg.get("content") or {})

    def _on_shell(self, msg: dict) -> None:
        if msg.get("msg_type") != "execute_reply":
            return
        msg_id = msg.get("parent_header", {}).get("msg_id")
        content = msg.get("content") or {}
        if content.get("ename") == "KeyboardInterrupt" and self.session.state == "running":
            self._retrace()
        retries = self._retrace_waiting.pop(msg_id, None)
        if retries and content.get("status") == "aborted":
            self._retrace(retries - 1)  # (sent just after the error: asked again, it runs)
        waiting = self._post_mortem_waiting.pop(msg_id, None)
        if waiting is None:
            return
        on_report, frame_index, expression, path, retries = waiting
        if content.get("status") == "aborted" and retries:
            # ipykernel aborts what reaches it just after an error (the user clicked Debug as
            # the traceback appeared): asked again, it answers.
            self.post_mortem(on_report, frame_index, expression, path, retries - 1)
            return
        from dsstudio.core.debug.post_mortem import read_post_mortem

        on_report(read_post_mortem(content))

    def _retrace(self, retries: int = 3) -> None:
        """Give the kernel's main thread its debugger tracing back if an interrupt took it."""
        if self._client is not None:
            msg_id = self._client.execute(RETRACE_CODE, silent=True, store_history=False)
            self._retrace_waiting[msg_id] = retries

    def _on_iopub(self, msg: dict) -> None:
        if msg.get("msg_type") == "debug_event":
            self.session.handle_event(msg.get("content") or {})

    def _on_kernel_ready(self, info: dict) -> None:
        was = self.state
        if self.slowed:
            self.slowed = False
            self.sig_restart_advised.emit(False)
        self.available = has_debugger(info)
        if not self.available:
            self.session.state = DETACHED
            self._find_install_command()
        else:
            self.session.kernel_restarted()
        if self.state != was:
            self.sig_state_changed.emit(self.state)

    def _find_install_command(self) -> None:
        import threading

        from dsstudio.core.debug.debugpy_install import debugpy_install_command

        launch = self.kernel.launch
        threading.Thread(target=lambda: self._install_found.emit(debugpy_install_command(launch) or []),
                         name="dsstudio-debugpy-command", daemon=True).start()

    def _on_install_found(self, command: list) -> None:
        if not self.available:
            self.install_command = command
            self.sig_install_command.emit(command)

    def _on_store_changed(self, path: str, resend: bool) -> None:
        if resend and self.available and self._client is not None and self.kernel.kernel_info:
            self.session.send_breakpoints(path)
        self.sig_breakpoints_changed.emit(path)

    def _on_session_state(self, state: str) -> None:
        if state == "running" and not self.slowed and self._python_before_312():
            self.slowed = True
        self.sig_state_changed.emit(self.state)
        if state == DETACHED and self.slowed and not self.store:
            self.sig_restart_advised.emit(True)

    def _python_before_312(self) -> bool:
        version = self.kernel.kernel_info.get("language_info", {}).get("version", "")
        try:
            return tuple(int(part) for part in version.split(".")[:2]) < (3, 12)
        except ValueError:
            return False


def has_debugger(kernel_info: dict) -> bool:
    """The kernel answers debug requests: ipykernel 7 lists "debugger" in `supported_features`
    (protocol 5.5), ipykernel 6 said `debugger: true`; both only when debugpy imports."""
    return bool(kernel_info.get("debugger")) or "debugger" in kernel_info.get("supported_features", [])

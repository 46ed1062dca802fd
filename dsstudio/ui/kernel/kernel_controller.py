"""Qt face of the core KernelSession: state signals, a client for the console, dead detection.

The session (Qt-free) owns the kernel process. This object turns what it reports into Qt signals on
the GUI thread, and builds the qtconsole client lazily so that importing qtconsole never delays the
window.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal

from dsstudio.core.kernel.session import KernelSession

# How often the kernel process is checked for life; Popen.poll() costs microseconds.
ALIVE_POLL_MS = 400


class KernelController(QObject):
    """Tracks one project kernel: starting → idle/busy → dead or restarting, and back."""

    sig_state_changed = Signal(str)
    """The kernel state changed: 'starting', 'idle', 'busy', 'restarting', 'dead' or 'stopped'."""

    sig_ready = Signal(dict)
    """The kernel answered kernel_info (its content is carried); emitted after start and restart."""

    sig_died = Signal()
    """The kernel process exited without being asked to."""

    sig_client_created = Signal(object)
    """The GUI-thread client exists (the console's); others may send on it too."""

    _ready_from_thread = Signal(dict)

    def __init__(self, session: KernelSession, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.client = None  # qtconsole QtKernelClient, built by create_client()
        self._state = "stopped"
        self._ready_from_thread.connect(self._on_ready)
        self._alive_timer = QTimer(self)
        self._alive_timer.setInterval(ALIVE_POLL_MS)
        self._alive_timer.timeout.connect(self._check_alive)

    # ---- Public API
    @property
    def state(self) -> str:
        return self._state

    def start(self, schedule_watch=None) -> None:
        """Start the kernel unless the app already launched it before Qt was up.

        `schedule_watch(callback)`, if given, decides when the readiness watch begins: the app
        passes the window's after-first-paint hook, because the watch thread imports
        jupyter_client and would compete with the first paint for the interpreter.
        """
        if not self.session.is_alive():
            self.session.start()
        self._set_state("starting")
        watch = lambda: self.session.watch_ready(self._ready_from_thread.emit)  # noqa: E731
        if schedule_watch is None:
            watch()
        else:
            schedule_watch(watch)
        self._alive_timer.start()

    def create_client(self):
        """Connect a qtconsole client to the kernel (the console's channel to it)."""
        from qtconsole.client import QtKernelClient

        client = QtKernelClient()
        client.load_connection_info(self.session.connection_info)
        client.start_channels()
        client.iopub_channel.message_received.connect(self._on_iopub)
        self.client = client
        self.sig_client_created.emit(client)
        return client

    def interrupt(self) -> None:
        if self.session.is_alive():
            self.session.interrupt()

    def restart(self) -> None:
        """Restart on the same connection, so the console's client keeps working."""
        self._alive_timer.stop()
        self._set_state("restarting")
        self.session.restart()
        self.session.watch_ready(self._ready_from_thread.emit)
        self._alive_timer.start()

    def shutdown(self) -> None:
        """Stop the kernel for good (project closed or app quitting)."""
        self._alive_timer.stop()
        if self.client is not None:
            self.client.stop_channels()
            self.client = None
        self.session.shutdown()
        self._set_state("stopped")

    # ---- Internals
    def _set_state(self, state: str) -> None:
        if state != self._state:
            self._state = state
            self.sig_state_changed.emit(state)

    def _on_ready(self, content: dict) -> None:
        if self._state in ("starting", "restarting"):
            self._set_state("idle")
        self.sig_ready.emit(content)

    def _on_iopub(self, msg: dict) -> None:
        if msg.get("msg_type") != "status" or self._state in ("dead", "stopped", "restarting"):
            return
        execution_state = msg["content"].get("execution_state")
        if execution_state in ("busy", "idle"):
            self._set_state(execution_state)

    def _check_alive(self) -> None:
        if self._state in ("dead", "stopped", "restarting"):
            return
        if not self.session.is_alive():
            self._alive_timer.stop()
            self._set_state("dead")
            self.sig_died.emit()

"""Qt face of the core KernelSession: state signals, a client for the console, dead detection.

The session (Qt-free) owns the kernel process. This object turns what it reports into Qt signals on
the GUI thread, and builds the qtconsole client lazily so that importing qtconsole never delays the
window.
"""

from __future__ import annotations

import threading

from PySide6.QtCore import QObject, QTimer, Signal

from dsstudio.core.kernel.launch import KernelLaunch
from dsstudio.core.kernel.session import START_DEADLINE_S, KernelError, KernelSession

# How often the kernel process is checked for life; Popen.poll() costs microseconds.
ALIVE_POLL_MS = 400
# Kernels without the iopub welcome message (ipykernel < 7) never say they see a subscription;
# this long after the kernel answered kernel_info with no iopub message, it is assumed.
IOPUB_READY_FALLBACK_MS = 1500
# Comms of dsstudio's own (the Variables pane's): their messages are not the console's business.
OWN_COMM_PREFIX = "dsstudio-"


class KernelController(QObject):
    """Tracks one project kernel: starting → idle/busy → dead or restarting, and back."""

    sig_state_changed = Signal(str)
    """The kernel state changed: 'starting', 'idle', 'busy', 'restarting', 'dead' or 'stopped'."""

    sig_ready = Signal(dict)
    """The kernel answered kernel_info (its content is carried); emitted after start and restart."""

    sig_died = Signal()
    """The running kernel's process exited without being asked to."""

    sig_problem = Signal(object)
    """The kernel could not start: a KernelProblem (what is wrong, and the install command that
    fixes it when ipykernel is missing or too old)."""

    sig_interpreter_changed = Signal(object)
    """The kernel now runs in another interpreter (the KernelLaunch in use)."""

    sig_client_created = Signal(object)
    """The GUI-thread client exists (the console's); others may send on it too."""

    sig_iopub_ready = Signal()
    """The kernel sees the client's iopub subscription: what it publishes now is received (until
    then output is lost). Again after each restart."""

    _ready_from_thread = Signal(dict)
    _diagnosed = Signal(object)

    def __init__(self, session: KernelSession, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.client = None  # the one GUI-thread client (batched qtconsole), by create_client()
        self._state = "stopped"
        self.kernel_info: dict = {}  # the latest kernel_info reply's content
        # Code has run since the kernel started: switching interpreters would lose variables.
        self.has_state = False
        self.problem = None  # the latest KernelProblem, until the kernel starts
        self._ready_from_thread.connect(self._on_ready)
        self._diagnosed.connect(self._on_diagnosed)
        self._alive_timer = QTimer(self)
        self._alive_timer.setInterval(ALIVE_POLL_MS)
        self._alive_timer.timeout.connect(self._check_alive)
        self.iopub_ready = False
        self._iopub_fallback = QTimer(self)
        self._iopub_fallback.setSingleShot(True)
        self._iopub_fallback.setInterval(IOPUB_READY_FALLBACK_MS)
        self._iopub_fallback.timeout.connect(self._on_iopub_ready)
        # Starting and restarting end in "idle" or "dead" within this long, whatever the kernel
        # does: a kernel alive but silent was left on "restarting…" for good, with no restart
        # button (the readiness thread gave up quietly, and the liveness check saw it alive).
        self.start_deadline_s = START_DEADLINE_S
        self._start_deadline = QTimer(self)
        self._start_deadline.setSingleShot(True)
        self._start_deadline.timeout.connect(self._on_start_deadline)

    # ---- Public API
    @property
    def state(self) -> str:
        return self._state

    @property
    def launch(self) -> KernelLaunch:
        return self.session.launch

    @property
    def language(self) -> str:
        """The kernel's language ("python" unless a kernelspec of another language runs)."""
        info = self.kernel_info.get("language_info", {})
        return (info.get("name") or self.launch.language or "python").lower()

    @property
    def interpreter_label(self) -> str:
        """"Python 3.12 (.venv)": the launch's name, with the version once the kernel said it."""
        label = self.launch.label
        version = self.kernel_info.get("language_info", {}).get("version", "")
        if version and label.startswith("Python (") and self.language == "python":
            return f"Python {'.'.join(version.split('.')[:2])} {label[len('Python '):]}"
        if label == "dsstudio's Python" and version:
            return f"Python {'.'.join(version.split('.')[:2])} (dsstudio's own)"
        return label

    def start(self, schedule_watch=None) -> None:
        """Start the kernel unless the app already launched it before Qt was up.

        `schedule_watch(callback)`, if given, decides when the readiness watch begins: the app
        passes the window's after-first-paint hook, because the watch thread imports
        jupyter_client and would compete with the first paint for the interpreter.
        """
        self._set_state("starting")
        if not self.session.is_alive():
            try:
                self.session.start()
            except KernelError as error:
                self._fail_to_start(str(error))
                return
        self._start_deadline.start(int(self.start_deadline_s * 1000))
        watch = lambda: self.session.watch_ready(self._ready_from_thread.emit)  # noqa: E731
        if schedule_watch is None:
            watch()
        else:
            schedule_watch(watch)
        self._alive_timer.start()

    def create_client(self):
        """The GUI thread's one client of the kernel (the console's; notebooks send on it as
        sessions of their own): made on first use, the same one after."""
        if self.client is not None:
            return self.client
        from dsstudio.ui.kernel.batched_client import BatchedKernelClient, IopubDrain

        if getattr(self.session, "remote", False):  # a kernel on a Jupyter server
            from dsstudio.ui.kernel.remote_qt_client import remote_qt_client

            client = remote_qt_client(self.session)
        else:
            client = BatchedKernelClient()
            client.load_connection_info(self.session.connection_info)
        client.start_channels()
        # Every client's output reaches the console (a notebook's flood too): it is handed on,
        # as qtconsole's usual signal, within a time budget per turn of the loop, with a run's
        # consecutive stream messages joined (100,000 one-line messages froze it for 13.7 s).
        self._emit_iopub = client.iopub_channel.message_received.emit
        self._drain = IopubDrain(client, self._hand_on, self)
        client.iopub_channel.message_received.connect(self._on_iopub)
        self.client = client
        self._wait_for_iopub()
        self.sig_client_created.emit(client)
        return client

    def death_message(self) -> str:
        """What the console says when the kernel died (with the server's words for one there)."""
        why = self.session.exit_description() if getattr(self.session, "remote", False) else ""
        return (f"The kernel died{f' ({why})' if why else ''}. Your editor text is safe. "
                "Restart it from the status bar or Kernel > Restart.")

    def interrupt(self) -> None:
        if self.session.is_alive():
            self.session.interrupt()

    def restart(self, launch: KernelLaunch | None = None) -> None:
        """Restart on the same connection, so the console's client keeps working.

        With `launch`, the new kernel runs in that interpreter.
        """
        self._alive_timer.stop()
        self._set_state("restarting")
        self._wait_for_iopub()  # the new kernel must see the subscription again
        self.kernel_info = {}
        self.problem = None
        try:
            self.session.restart(launch)
        except KernelError as error:
            self._fail_to_start(str(error))
            return
        finally:
            if launch is not None:
                self.sig_interpreter_changed.emit(launch)
        self._start_deadline.start(int(self.start_deadline_s * 1000))
        self.session.watch_ready(self._ready_from_thread.emit)
        self._alive_timer.start()

    def shutdown(self) -> None:
        """Stop the kernel for good (project closed or app quitting)."""
        self._alive_timer.stop()
        self._start_deadline.stop()
        if self.client is not None:
            # (a remote client's channels live on the GUI thread: stopped here)
            getattr(self.client, "stop_channels_soon", self.client.stop_channels)()
            self.client = None
        self._wait_for_iopub()  # (no client: nothing to wait for until one is made)
        self.session.shutdown()
        self._set_state("stopped")

    # ---- Internals
    def _set_state(self, state: str) -> None:
        if state not in ("starting", "restarting"):
            self._start_deadline.stop()
        if state != self._state:
            self._state = state
            self.sig_state_changed.emit(state)

    def _on_ready(self, content: dict) -> None:
        if self.client is not None and not self.iopub_ready:
            self._iopub_fallback.start()
        self.kernel_info = content
        self.has_state = False
        self.problem = None
        if self._state in ("starting", "restarting"):
            self._set_state("idle")
        self.sig_ready.emit(content)

    def _fail_to_start(self, message: str) -> None:
        from dsstudio.core.kernel.diagnosis import KernelProblem

        self._alive_timer.stop()
        self._set_state("dead")
        # Queued: the window connects its handlers after starting the controller.
        QTimer.singleShot(0, self, lambda: self._on_diagnosed(KernelProblem(message)))

    def _on_start_deadline(self) -> None:
        if self._state not in ("starting", "restarting") or not self.session.is_alive():
            return  # answered or died meanwhile: reported by those paths
        self.session.kill()  # "dead" means no process: Restart starts a fresh one
        tail = self.session.output_tail()
        said = f" Its last output:\n{tail}" if tail else " It printed nothing."
        self._fail_to_start(f"The kernel ({self.launch.label}) did not answer within "
                            f"{self.start_deadline_s:.0f} s of its start and was stopped.{said}")

    def _diagnose_in_background(self) -> None:
        from dsstudio.core.kernel.diagnosis import diagnose

        launch, tail = self.session.launch, self.session.output_tail()
        ended = self.session.exit_description()
        threading.Thread(target=lambda: self._diagnosed.emit(diagnose(launch, tail, ended)),
                         name="dsstudio-kernel-diagnosis", daemon=True).start()

    def _on_diagnosed(self, problem) -> None:
        if self._state != "dead":
            return  # started meanwhile (restarted in another interpreter)
        self.problem = problem
        self.sig_problem.emit(problem)

    def _wait_for_iopub(self) -> None:
        self.iopub_ready = False
        self._iopub_fallback.stop()
        if self.client is not None and self._state not in ("starting", "restarting", "dead"):
            self._iopub_fallback.start()  # (else from _on_ready: a kernel still booting says nothing)

    def _on_iopub_ready(self) -> None:
        self._iopub_fallback.stop()
        if not self.iopub_ready:
            self.iopub_ready = True
            self.sig_iopub_ready.emit()

    def _hand_on(self, msg: dict) -> None:
        """To the console and notebooks: every message but the Variables pane's comm answers
        (qtconsole would log "No such comm" for each)."""
        if msg.get("msg_type") == "comm_msg" and \
                str(msg.get("content", {}).get("comm_id", "")).startswith(OWN_COMM_PREFIX):
            return
        self._emit_iopub(msg)

    def _on_iopub(self, msg: dict) -> None:
        if not self.iopub_ready and (msg.get("msg_type") == "iopub_welcome" or
                                     self._state not in ("starting", "restarting")):
            self._on_iopub_ready()  # any message received shows the subscription works
        if msg.get("msg_type") == "execute_input":
            self.has_state = True
        if msg.get("msg_type") != "status" or self._state in ("dead", "stopped", "restarting",
                                                               "reconnecting"):
            return
        if msg.get("parent_header", {}).get("subshell_id"):
            return  # a subshell's request (the Variables pane) says nothing of the main shell
        if msg.get("parent_header", {}).get("msg_type") == "debug_request":
            return  # the control thread's busy/idle: the shell may be running (or paused) still
        execution_state = msg["content"].get("execution_state")
        if execution_state in ("busy", "idle"):
            self._set_state(execution_state)

    def _check_alive(self) -> None:
        if self._state in ("dead", "stopped"):
            return
        if getattr(self.session, "reconnecting", False):  # a server's kernel, its network down
            self._set_state("reconnecting")
            return
        if self._state == "reconnecting":  # back: the truth comes with the next status message
            self._set_state(getattr(self.session, "last_execution_state", "") or "idle")
        if not self.session.is_alive():
            self._alive_timer.stop()
            starting = self._state in ("starting", "restarting")
            self._set_state("dead")
            if starting:
                self._diagnose_in_background()  # never ran: say why, and how to fix it
            else:
                self.sig_died.emit()

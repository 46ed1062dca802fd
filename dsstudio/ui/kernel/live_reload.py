"""Live reload, app side: saved files go to the kernel's reloader, reports come back as signals.

Saves in the editor are sent at once; saves by other programs (a watcher on the project) are
gathered for a moment first, since editors write in bursts. One request is in flight at a time
and the paths saved meanwhile go together in the next. Requests are silent executes on the
kernel's shell channel, so a busy kernel queues them before whatever the user runs next. They go
through the console's own client: a second client per project would cost sockets and threads, and
jupyter_client cannot stop a client with some channels off without confusing file descriptors.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal

from dsstudio.core.kernel.reload_history import ReloadRecord
from dsstudio.core.kernel.reload_protocol import (
    REPORT_EXPRESSION,
    ReloadProtocolError,
    install_code,
    read_report,
    reload_code,
)
from dsstudio.core.project.watcher import ProjectWatcher

# Saves by other programs arrive as several file events: wait this long for the rest.
EXTERNAL_SAVE_GATHER_MS = 60
# A reload still running this long is named in the status bar (a quicker one would only flicker).
RELOAD_NAMED_AFTER_MS = 150


class LiveReload(QObject):
    sig_report = Signal(dict)
    """A reload finished: the kernel's report (reloaded, failed, skipped, modules, files)."""

    sig_error = Signal(str)
    """A reload could not be done or read (the message says why)."""

    sig_running = Signal(str)
    """The kernel is running a reload that takes a while: the saved files' names ("models.py");
    "" once it is over. A module's top level runs again on reload, and a slow one (a sleep, a
    big read) keeps the kernel busy: cells wait behind it, and the user must see why."""

    _saved_elsewhere = Signal(object)  # from the watcher thread

    def __init__(self, kernel, project_root: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.kernel = kernel
        self.root = Path(project_root).resolve()
        self._enabled = True
        self.last_round_trip_s: float | None = None
        # Every reload of the session, oldest first (View > Reload History): recorded before
        # sig_report or sig_error is emitted, so their listeners find it there.
        self.history: list[ReloadRecord] = []
        self._client = None  # the console's client, once it exists
        self._ready = False
        self._install_id: str | None = None
        self._unavailable_said = False  # once per kernel start
        self._in_flight: str | None = None
        self._in_flight_names = ""  # the saved files of the request in flight
        self._running_named = False  # sig_running said a name that is not taken back yet
        self._name_running = QTimer(self)
        self._name_running.setSingleShot(True)
        self._name_running.setInterval(RELOAD_NAMED_AFTER_MS)
        self._name_running.timeout.connect(self._on_still_running)
        self._sent_at = 0.0
        self._pending: dict[Path, None] = {}  # an ordered set
        self._stamps: dict[Path, tuple[int, int]] = {}
        self._gather = QTimer(self)
        self._gather.setSingleShot(True)
        self._gather.setInterval(EXTERNAL_SAVE_GATHER_MS)
        self._gather.timeout.connect(self._send_next)
        self._saved_elsewhere.connect(self._on_saved_elsewhere)
        kernel.sig_ready.connect(self._install)
        kernel.sig_state_changed.connect(self._on_kernel_state)
        kernel.sig_client_created.connect(lambda _client: self._install())
        self._watcher = ProjectWatcher(self.root, self._saved_elsewhere.emit)
        self._watcher.start()
        if kernel.state == "idle":
            self._install()

    # ---- Public API
    @property
    def enabled(self) -> bool:
        return self._enabled

    @enabled.setter
    def enabled(self, on: bool) -> None:
        """Reload on save; switching it off also drops saves not sent yet."""
        self._enabled = on
        if not on:
            self._pending.clear()
            self._gather.stop()

    def request(self, paths, *, asked: bool = False) -> None:
        """Reload the modules saved at `paths` (editor saves: sent at once).

        asked: the user chose this reload (Run File's "Reload Module"), so it is done even while
        reload on save is off."""
        if not (self.enabled or asked):
            return
        for path in paths:
            path = Path(path).resolve()
            self._pending[path] = None
            self._stamps[path] = _stamp(path)
        self._send_next()

    def stop(self) -> None:
        self._watcher.stop()
        self._gather.stop()
        self._name_running.stop()
        if self._client is not None:
            self._client.shell_channel.message_received.disconnect(self._on_shell_message)
            self._client.iopub_channel.message_received.disconnect(self._on_iopub_message)
            self._client = None  # the console's: its owner stops it

    def is_busy(self) -> bool:
        """A request is in flight or waiting (tests and benchmarks wait on this)."""
        return bool(self._in_flight or self._pending or self._install_id)

    # ---- Internals
    @property
    def _wire(self):
        """How requests are written: a remote session's mirrored protocol (core/kernel/remote/
        mirror_protocol.py), else the local one (this module's imports)."""
        return getattr(self.kernel.session, "reload_wire", None) or _LOCAL_WIRE

    def _channel(self):
        if self._client is None and self.kernel.client is not None:
            self._client = self.kernel.client
            self._client.shell_channel.message_received.connect(self._on_shell_message)
            self._client.iopub_channel.message_received.connect(self._on_iopub_message)
        return self._client

    def _install(self, _info: dict | None = None) -> None:
        # Every kernel start (and restart) gets the reloader; requests wait for it. Called on
        # kernel ready and when the console's client appears, whichever comes last does it.
        if self.kernel.state not in ("idle", "busy") or self._channel() is None:
            return
        self._ready = False
        language = self.kernel.language
        if language != "python":
            # The reloader is Python: an R or Julia kernel runs code, but saves reload nothing.
            self._install_id = None
            if not self._unavailable_said:
                self._unavailable_said = True
                self._error(f"Live reload is not available: this kernel runs {language}, "
                            "not Python.")
            return
        self._in_flight = None
        self._install_id = self._client.execute(self._wire.install_code(self.root), silent=True,
                                                store_history=False)

    def _on_kernel_state(self, state: str) -> None:
        if state in ("restarting", "dead", "stopped"):
            self._unavailable_said = False
            self._ready = False
            self._install_id = None
            self._in_flight = None
            self._reload_over()

    def _on_saved_elsewhere(self, path: Path) -> None:
        path = Path(path).resolve()
        if not self.enabled or self._stamps.get(path) == _stamp(path):
            return  # our own save, already sent (or nothing changed)
        self._stamps[path] = _stamp(path)
        self._pending[path] = None
        self._gather.start()

    def _send_next(self) -> None:
        if not self._ready or self._in_flight or not self._pending or self._gather.isActive():
            return
        paths = list(self._pending)
        self._pending.clear()
        self._in_flight_names = ", ".join(path.name for path in paths)
        self._sent_at = time.perf_counter()
        self._in_flight = self._client.execute(
            self._wire.reload_code(paths), silent=True, store_history=False,
            user_expressions={"report": REPORT_EXPRESSION})

    def _on_shell_message(self, msg: dict) -> None:
        if msg.get("msg_type") != "execute_reply":
            return
        parent = msg.get("parent_header", {}).get("msg_id")
        content = msg.get("content", {})
        if parent == self._install_id:
            self._install_id = None
            if content.get("status") == "ok":
                self._ready = True
                self._send_next()
            else:
                self._error("Live reload could not start in this kernel: "
                            f"{content.get('ename')}: {content.get('evalue')}")
            return
        if parent != self._in_flight:
            return
        self._in_flight = None
        self._reload_over()
        self.last_round_trip_s = time.perf_counter() - self._sent_at
        try:
            report = self._wire.read_report(content)
        except ReloadProtocolError as error:
            self._error(f"Live reload failed: {error}", self._in_flight_names)
        else:
            self.history.append(ReloadRecord.from_report(self._in_flight_names, report))
            self.sig_report.emit(report)
        self._send_next()

    def _error(self, message: str, files: str = "") -> None:
        self.history.append(ReloadRecord.from_error(files, message))
        self.sig_error.emit(message)

    def _on_iopub_message(self, msg: dict) -> None:
        # The request's own "busy" says the kernel runs it now: until then it may wait behind
        # the user's cell, and naming the reload would blame it for that cell's time.
        if (self._in_flight and msg.get("msg_type") == "status"
                and msg.get("content", {}).get("execution_state") == "busy"
                and msg.get("parent_header", {}).get("msg_id") == self._in_flight):
            self._name_running.start()

    def _on_still_running(self) -> None:
        if self._in_flight:
            self._running_named = True
            self.sig_running.emit(self._in_flight_names)

    def _reload_over(self) -> None:
        self._name_running.stop()
        if self._running_named:
            self._running_named = False
            self.sig_running.emit("")


class _LocalWire:
    install_code = staticmethod(install_code)
    reload_code = staticmethod(reload_code)
    read_report = staticmethod(read_report)


_LOCAL_WIRE = _LocalWire()


def _stamp(path: Path) -> tuple[int, int]:
    try:
        info = os.stat(path)
    except OSError:
        return (0, -1)
    return (info.st_mtime_ns, info.st_size)

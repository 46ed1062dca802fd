"""The window's code intelligence: jedi in its engine process, results handed to the GUI thread.

The engine process (core/intelligence/engine_process.py) is started at the first request, after
the window's first paint, and kept for the next ones; it is ended with the window, and ends by
itself if dsstudio dies. Its answers arrive through QProcess's own notifications, on the GUI
thread: no Python thread in this process. A result is handed to its callback only if no newer
request of its lane was made meanwhile (the process checks too, but a keystroke may land between
its check and the delivery). If the process dies, the waiting askers get None, the user one
notice, and the next request starts a new process.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import shiboken6
from PySide6.QtCore import QObject, QProcess, Signal

from dsstudio.core.intelligence.engine_process import engine_command
from dsstudio.core.intelligence.jedi_engine import same_python
from dsstudio.core.intelligence.requests import LANES
from dsstudio.core.process_frames import FrameReader, encode_frame
from dsstudio.ui.helper_process import start_helper_process, stop_helper_process


def while_alive(widget: QObject, callback: Callable[[object], None]) -> Callable[[object], None]:
    """`callback`, called only while `widget` exists: an answer can come after its editor was
    closed (a tab closed, a notebook cell's editor dropped), and must then be let go."""
    return lambda value: callback(value) if shiboken6.isValid(widget) else None


class AnalysisService(QObject):
    """Runs jedi requests for one project, in the interpreter its kernel runs in."""

    sig_engine_stopped = Signal(str)
    """The engine process ended unexpectedly (a message for the user; the next request restarts it)."""

    def __init__(self, root: Path, python: Path | None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.root = Path(root)
        self.python = None if same_python(python) else Path(python)
        self._process: QProcess | None = None
        self._reader = FrameReader()
        self._generation = dict.fromkeys(LANES, 0)
        # The lane's newest request still unanswered: (id, on_result, on_progress).
        self._waiting: dict[str, tuple[int, Callable, Callable | None]] = {}
        self.delivered = 0  # results handed to their askers (tests and benchmarks)
        self.starts = 0  # engine processes started

    # ---- Public API
    def request(self, operation: str, args: tuple, on_result: Callable[[object], None],
                on_progress: Callable[[object], None] | None = None, lane: str = "typing") -> int:
        """Run the engine's `operation(*args)` in the engine process, then `on_result(value)` here
        (None if it raised). Returns the request's id.

        With `on_progress`, parts of the result (kinds arriving in chunks) reach it while the
        request is still its lane's newest. A request replaces only those of its `lane`."""
        self._generation[lane] += 1
        request_id = self._generation[lane]
        self._waiting[lane] = (request_id, on_result, on_progress)
        self._send(("request", lane, request_id, operation, args))
        return request_id

    def cancel(self, lane: str = "typing") -> None:
        """Drop the lane's request: its result is never delivered, a long one stops early."""
        self._generation[lane] += 1
        self._waiting.pop(lane, None)
        if self._process is not None:
            self._send(("cancel", lane))

    def is_current(self, request_id: int, lane: str = "typing") -> bool:
        return request_id == self._generation[lane]

    def set_python(self, python: Path | None) -> None:
        """The kernel moved to another interpreter: analyse in that one from now on."""
        self.cancel()
        self.python = None if same_python(python) else Path(python)
        if self._process is not None:
            self._send(self._engine_message())

    def process_id(self) -> int | None:
        """The engine process's id, while it runs (tests)."""
        process = self._process
        return process.processId() or None if process is not None else None

    def stop(self) -> None:
        """End the engine process (closing its input ends it; killed if it does not)."""
        for lane in LANES:
            self._generation[lane] += 1
        self._waiting.clear()
        process, self._process = self._process, None
        if process is not None:
            stop_helper_process(process)

    # ---- Internals
    def _engine_message(self) -> tuple:
        return ("engine", str(self.root), str(self.python) if self.python else None)

    def _send(self, message: tuple) -> None:
        self._ensure_process().write(encode_frame(message))

    def _ensure_process(self) -> QProcess:
        if self._process is not None:
            return self._process
        self._reader = FrameReader()
        process = start_helper_process(self, engine_command(), self._on_output,
                                       self._on_process_ended, self._on_process_error)
        self._process = process
        self.starts += 1
        process.write(encode_frame(self._engine_message()))
        return process

    def _on_output(self) -> None:
        if self._process is None:
            return
        for message in self._reader.feed(bytes(self._process.readAllStandardOutput().data())):
            kind, lane, request_id, value = message[:4]
            waiting = self._waiting.get(lane)
            if waiting is None or waiting[0] != request_id or not self.is_current(request_id, lane):
                continue  # superseded or cancelled meanwhile: never shown
            _, on_result, on_progress = waiting
            if kind == "progress":
                if on_progress is not None:
                    on_progress(value)
            elif kind == "result":
                del self._waiting[lane]
                self.delivered += 1
                # A failed analysis (jedi raises on some code) answers None: the asker stops waiting.
                on_result(value if message[4] is None else None)

    def _on_process_error(self, error: QProcess.ProcessError) -> None:
        if error == QProcess.ProcessError.FailedToStart:  # (no `finished` follows this one)
            self._on_process_ended()

    def _on_process_ended(self, *_args) -> None:
        """The process died (it never ends by itself otherwise): the askers stop waiting."""
        process, self._process = self._process, None
        if process is None:
            return
        process.deleteLater()
        waiting, self._waiting = self._waiting, {}
        for _request_id, on_result, _on_progress in waiting.values():
            on_result(None)
        self.sig_engine_stopped.emit("Code intelligence stopped unexpectedly; it restarts at the "
                                     "next completion or lookup")

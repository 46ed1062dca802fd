"""The Variables pane's link to the kernel, as Qt signals: a VariablesConnection driven from one
worker thread, so that no request (a page of a big frame, a describe waiting behind a busy
kernel without subshells) ever holds the GUI thread.

Requests run one after another on the worker, in the order asked; answers come back to the GUI
thread as `callback(result, error)`. The kernel's pushes (names changed by a cell) come as
`sig_changed`. A kernel restart drops the connection; the owner opens a new one when the kernel is
ready again.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable

from PySide6.QtCore import QObject, Signal

from dsstudio.core.variables.variables_connection import VariablesConnection, VariablesError


class VariablesBridge(QObject):
    sig_changed = Signal(list, list)
    """A cell changed these names (described next) and removed those."""

    sig_connected = Signal(list)
    """The connection is open and watching: every user variable's description."""

    sig_failed = Signal(str)
    """The connection could not be opened (the message says why)."""

    _done = Signal(object, object, str)  # callback, result, error: from the worker
    _event = Signal(dict)  # a push, from the connection's reader thread

    def __init__(self, kernel, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.kernel = kernel  # a KernelController
        self._jobs: queue.Queue = queue.Queue()
        self._connection: VariablesConnection | None = None
        self._generation = 0  # bumped when closed: answers of an older connection are dropped
        self._done.connect(self._on_done)
        self._event.connect(self._on_event)
        threading.Thread(target=self._work, name="dsstudio-variables-worker", daemon=True).start()

    # ---- Public API
    @property
    def connected(self) -> bool:
        return self._connection is not None

    def open(self) -> None:
        """Connect to the kernel and start watching (answers with sig_connected or sig_failed)."""
        self.close()
        session = self.kernel.session
        generation = self._generation

        def connect() -> list:
            connection = VariablesConnection(session.client(), self._event.emit)
            try:
                connection.open()
                listed = connection.request("watch")["variables"]
            except BaseException:
                connection.close()
                raise
            if generation != self._generation:  # closed meanwhile
                connection.close()
                return []
            self._connection = connection
            return listed

        self._jobs.put((connect, self._on_connected, generation))

    def call(self, op: str, callback: Callable[[object, str], None], **arguments) -> None:
        """Ask the kernel's service `op`; `callback(result, "")` or `callback(None, error)` on
        the GUI thread (not at all if the connection closes first)."""
        def ask():
            if self._connection is None:
                raise VariablesError("not connected to the kernel")
            return self._connection.request(op, **arguments)

        self._jobs.put((ask, callback, self._generation))

    def close(self) -> None:
        """Stop watching: the kernel's per-cell hook goes with the comm."""
        self._generation += 1
        connection, self._connection = self._connection, None
        if connection is not None:
            self._jobs.put((connection.close, None, self._generation))

    # ---- Internals
    def _work(self) -> None:
        while True:
            job, callback, generation = self._jobs.get()
            try:
                result, error = job(), ""
            except Exception as failure:  # noqa: BLE001 (reported to the pane, the worker goes on)
                result, error = None, str(failure) or type(failure).__name__
            if callback is not None and generation == self._generation:
                self._done.emit(callback, result, error)

    def _on_done(self, callback, result, error: str) -> None:
        callback(result, error)

    def _on_connected(self, listed, error: str) -> None:
        if error:
            self.sig_failed.emit(error)
        else:
            self.sig_connected.emit(listed)

    def _on_event(self, event: dict) -> None:
        if event.get("event") == "changed" and self._connection is not None:
            self.sig_changed.emit(event.get("changed", []), event.get("removed", []))

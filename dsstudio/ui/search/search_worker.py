"""Runs a ProjectSearch on a worker thread and hands its results to the GUI thread in batches.

One signal per file would flood the event loop on a search with thousands of matching files; the
worker gathers what it found and sends it at most every BATCH_SECONDS (the first file at once, so
the first result shows as soon as it is found). Each search has a generation number: batches of a
search cancelled or replaced meanwhile are recognised and dropped by the receiver.
"""

from __future__ import annotations

import threading
import time

from PySide6.QtCore import QObject, Signal

from dsstudio.core.search.find_in_files import FileMatches, ProjectSearch, SearchSummary

BATCH_SECONDS = 0.05


class SearchWorker(QObject):
    sig_batch = Signal(int, object)
    """(generation, list[FileMatches]) found since the last batch."""

    sig_finished = Signal(int, object)
    """(generation, SearchSummary): the search ended, done, stopped at the limit or cancelled."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.generation = 0
        self._cancel: threading.Event | None = None
        self._thread: threading.Thread | None = None

    # ---- Public API
    def start(self, search: ProjectSearch) -> int:
        """Cancel any running search and start `search`; returns its generation."""
        self.cancel()
        self.generation += 1
        cancel = threading.Event()
        self._cancel = cancel
        self._thread = threading.Thread(target=self._run, args=(search, self.generation, cancel),
                                        name="find-in-files", daemon=True)
        self._thread.start()
        return self.generation

    def cancel(self) -> None:
        """Stop the running search (it notices between files and between chunks of a file)."""
        if self._cancel is not None:
            self._cancel.set()
            self._cancel = None

    def is_running(self) -> bool:
        return self._cancel is not None and self._thread is not None and self._thread.is_alive()

    def wait(self, seconds: float = 5.0) -> None:
        """Block until the worker thread ends (closing the window, tests)."""
        if self._thread is not None:
            self._thread.join(seconds)

    # ---- Internals (worker thread)
    def _run(self, search: ProjectSearch, generation: int, cancel: threading.Event) -> None:
        pending: list[FileMatches] = []
        last_sent = [0.0]

        def on_file(found: FileMatches) -> None:
            pending.append(found)
            now = time.perf_counter()
            if now - last_sent[0] >= BATCH_SECONDS:
                self._send(generation, pending[:])
                pending.clear()
                last_sent[0] = now

        try:
            summary = search.run(on_file, cancel.is_set)
        except Exception as error:  # noqa: BLE001 (a bug must end the search visibly, not hang it)
            summary = SearchSummary(cancelled=True)
            summary.unreadable_names.append(f"the search failed: {error!r}")
        if pending:
            self._send(generation, pending)
        self.sig_finished.emit(generation, summary)

    def _send(self, generation: int, batch: list[FileMatches]) -> None:
        self.sig_batch.emit(generation, batch)

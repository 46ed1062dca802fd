"""Runs searches in the search process (core.search.search_process) and hands the results to the
GUI thread in batches, through QProcess's own notifications: no Python thread in this process.

The process is started with the first search and kept for the next ones (so only the first pays
its start, about 0.1 s); it is ended with the pane, and ends by itself if dsstudio dies. Each
search has a generation number: results of a search cancelled or replaced meanwhile are dropped.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QProcess, Signal

from dsstudio.core.search.find_in_files import ProjectSearch, SearchSummary
from dsstudio.core.process_frames import FrameReader, encode_frame
from dsstudio.core.search.search_process import file_matches, search_command
from dsstudio.ui.helper_process import start_helper_process, stop_helper_process


class SearchProcessClient(QObject):
    sig_batch = Signal(int, object)
    """(generation, list[FileMatches]) found since the last batch."""

    sig_finished = Signal(int, object)
    """(generation, SearchSummary): the search ended, done, stopped at the limit or cancelled."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.generation = 0
        self._running: int | None = None  # the generation still under way
        self._process: QProcess | None = None
        self._reader = FrameReader()

    # ---- Public API
    def start(self, search: ProjectSearch) -> int:
        """Cancel any running search and start `search`; returns its generation."""
        self.generation += 1
        process = self._ensure_process()
        buffers = {str(path): text for path, text in search.buffers.items()}
        process.write(encode_frame(("search", self.generation, str(search.root), search.query,
                                    buffers, search.max_results)))
        self._running = self.generation
        return self.generation

    def prepare(self) -> None:
        """Start the search process now, so that the first search does not wait for it."""
        self._ensure_process()

    def cancel(self) -> None:
        """Stop the running search (the process notices between files and chunks of a file)."""
        if self._running is not None and self._process is not None:
            self._process.write(encode_frame(("cancel", self._running)))
        self._running = None

    def is_running(self) -> bool:
        return self._running is not None

    def stop(self) -> None:
        """End the search process (closing its input ends it; killed if it does not)."""
        process, self._process = self._process, None
        self._running = None
        if process is not None:
            stop_helper_process(process)

    # ---- Internals
    def _ensure_process(self) -> QProcess:
        if self._process is not None and self._process.state() != QProcess.ProcessState.NotRunning:
            return self._process
        self._reader = FrameReader()
        self._process = start_helper_process(self, search_command(), self._on_output,
                                             self._on_process_ended, self._on_process_error)
        return self._process

    def _on_output(self) -> None:
        if self._process is None:
            return
        for message in self._reader.feed(bytes(self._process.readAllStandardOutput().data())):
            kind, generation = message[0], message[1]
            if generation != self.generation:
                continue  # from a search cancelled meanwhile
            if kind == "files":
                self.sig_batch.emit(generation, [file_matches(record) for record in message[2]])
            elif kind == "done":
                self._running = None
                self.sig_finished.emit(generation, message[2])

    def _on_process_error(self, error: QProcess.ProcessError) -> None:
        if error == QProcess.ProcessError.FailedToStart:  # (no `finished` follows this one)
            self._on_process_ended()

    def _on_process_ended(self, *_args) -> None:
        """The process died (it never ends by itself otherwise): end the search with the reason."""
        process, self._process = self._process, None
        if process is not None:
            process.deleteLater()
        if self._running is not None:
            generation, self._running = self._running, None
            summary = SearchSummary(cancelled=True, error="the search process stopped "
                                                          "unexpectedly: search again")
            self.sig_finished.emit(generation, summary)

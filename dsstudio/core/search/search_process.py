"""The search runs in a process of its own, which the window starts once and sends its searches to.

Why not a thread: any Python thread doing work holds the GIL in turns with the GUI thread, and
each time the GUI thread wants it back it waits up to the switch interval (5 ms), several times
per event: a busy Python thread alone stalls the window 15-30 ms on this machine. VS Code runs
ripgrep as a process for the same reason. A process also keeps the search's allocations out of
the GUI process's garbage collector.

Protocol, both ways: frames of a pickled tuple (core/process_frames.py).
- to the process:  ("search", id, root, SearchQuery, buffers {path: text}, max_results)
                   ("cancel", id)   (a new "search" cancels the running one too)
- from it:         ("files", id, [(file, rel, rows, count, packed rows, fingerprint,
                                from_buffer), ...])
                   ("done", id, SearchSummary)
Results are sent at most every BATCH_SECONDS (the first file at once). The process ends when its
input closes: when the window closes, or when dsstudio dies.
"""

from __future__ import annotations

import pickle
import queue
import sys
import threading
import time
from collections.abc import Sequence
from pathlib import Path
from typing import BinaryIO

from dsstudio.core.process_frames import FrameReader, encode_frame, helper_command, run_helper
from dsstudio.core.search.find_in_files import FileMatches, ProjectSearch, SearchSummary
from dsstudio.core.search.query import QueryError

SEARCH_SWITCH = "--dsstudio-search"
# Each batch makes the result list lay out and repaint: a few per second is what reads well.
BATCH_SECONDS = 0.1


def search_command() -> list[str]:
    """The command that starts the search process."""
    return helper_command(SEARCH_SWITCH)


def file_matches(record: tuple) -> FileMatches:
    file, rel, size, count, packed, mark, from_buffer = record
    return FileMatches(file, rel, PackedRows(packed, size), mark, from_buffer, count)


class PackedRows(Sequence):
    """A file's result rows as the search process sent them, unpacked when first read.

    The window reads the rows of the files on screen only; unpacked, 10,000 results are tens of
    thousands of fresh tuples, enough to set off the garbage collector's full pass (which stops
    the window) while results stream in.
    """

    __slots__ = ("_packed", "_size", "_rows")

    def __init__(self, packed: bytes, size: int) -> None:
        self._packed, self._size, self._rows = packed, size, None

    def __len__(self) -> int:
        return self._size

    def __getitem__(self, index):
        if self._rows is None:
            self._rows = pickle.loads(self._packed)
        return self._rows[index]


def _record(found: FileMatches) -> tuple:
    return (found.file, found.rel, len(found.rows), found.count,
            pickle.dumps(found.rows, protocol=pickle.HIGHEST_PROTOCOL), found.fingerprint,
            found.from_buffer)


# ---- The process's side
def serve(source: BinaryIO, sink: BinaryIO) -> None:
    """Answer searches read from `source` until it closes."""
    requests: queue.Queue = queue.Queue()
    # Search ids only grow: every search up to this id is cancelled (a newer one cancels all
    # before it). Set by the reading thread while the main thread searches.
    cancelled_upto = [0]

    def read() -> None:
        reader = FrameReader()
        while True:
            chunk = source.read1(65536) if hasattr(source, "read1") else source.read(65536)
            if not chunk:
                cancelled_upto[0] = sys.maxsize
                requests.put(None)
                return
            for message in reader.feed(chunk):
                if message[0] == "cancel":
                    cancelled_upto[0] = max(cancelled_upto[0], message[1])
                elif message[0] == "search":
                    cancelled_upto[0] = max(cancelled_upto[0], message[1] - 1)
                    requests.put(message)

    threading.Thread(target=read, name="search-requests", daemon=True).start()
    while True:
        message = requests.get()
        if message is None:
            return
        _, search_id, root, query, buffers, max_results = message
        _run_one(sink, search_id, root, query, buffers, max_results,
                 lambda: search_id <= cancelled_upto[0])


def _run_one(sink: BinaryIO, search_id: int, root: str, query, buffers: dict, max_results: int,
             cancelled) -> None:
    pending: list[tuple] = []
    last_sent = 0.0

    def send(message: tuple) -> None:
        sink.write(encode_frame(message))
        sink.flush()

    def on_file(found: FileMatches) -> None:
        nonlocal last_sent
        pending.append(_record(found))
        now = time.perf_counter()
        if now - last_sent >= BATCH_SECONDS:
            send(("files", search_id, pending[:]))
            pending.clear()
            last_sent = now

    try:
        search = ProjectSearch(Path(root), query, {Path(p): t for p, t in buffers.items()},
                               max_results=max_results)
        summary = search.run(on_file, cancelled)
    except (QueryError, OSError, ValueError) as error:
        summary = SearchSummary(cancelled=True, error=f"the search failed: {error}")
    if pending:
        send(("files", search_id, pending))
    send(("done", search_id, summary))


def main() -> int:
    return run_helper(serve)

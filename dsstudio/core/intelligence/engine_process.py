"""jedi runs in a process of its own, which the window starts with its code intelligence.

Why not a thread: jedi holds the GIL for tens of milliseconds at a time (parso's pickled caches
are loaded in one C call; its allocations make the shared heap's garbage collections long), so a
worker thread stalled the window ~70 ms while typing although no GUI handler took 2 ms. Find in
Files moved to a process for the same reason (core/search/search_process.py).

Protocol, both ways: frames of a pickled tuple (core/process_frames.py).
- to the process:  ("engine", root, python)   analyse this project in this interpreter from now on
                   ("request", lane, id, operation, args)   one of OPERATIONS, plain-data args
                   ("cancel", lane)   the lane's waiting request is dropped, its running one stale
- from it:         ("progress", lane, id, value)   part of a result (kinds, in chunks)
                   ("result", lane, id, value, error)   error: None, or the exception's text
Inside, requests go through a LatestRequestWorker (requests.py): per lane, a newer request
replaces the waiting one and makes the running one's result stale (never sent). The ids are the
window's; it checks them again when a result arrives. The process ends when its input closes:
when the window closes, or when dsstudio dies.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import BinaryIO

from dsstudio.core.intelligence.jedi_engine import Completions, JediEngine
from dsstudio.core.intelligence.requests import LatestRequestWorker
from dsstudio.core.process_frames import FrameReader, encode_frame, helper_command, run_helper

ENGINE_SWITCH = "--dsstudio-jedi"
# As the search process: background work gets the CPU after the window's process.
# The engine's methods the window may call, by name; "kinds" is served here (see EngineServer).
OPERATIONS = ("complete", "kinds", "call_tip", "help_text", "definitions", "references")


def engine_command() -> list[str]:
    """The command that starts the engine process."""
    return helper_command(ENGINE_SWITCH)


class EngineServer:
    """Answers the window's requests with a JediEngine, on a worker thread of this process."""

    def __init__(self, sink: BinaryIO) -> None:
        self._sink = sink
        self._write_lock = threading.Lock()  # results and progress come from the worker thread
        self.engine: JediEngine | None = None
        self.worker = LatestRequestWorker("dsstudio-jedi")
        # jedi's Completion objects of the newest list, by its request id: a "kinds" request
        # names the list it wants resolved (the objects themselves never leave this process).
        self._handles: tuple[int, list] = (0, [])

    def handle(self, message: tuple) -> None:
        kind = message[0]
        if kind == "engine":
            _, root, python = message
            self.worker.cancel()
            self.engine = JediEngine(Path(root), Path(python) if python else None)
        elif kind == "cancel":
            self.worker.cancel(message[1])
        elif kind == "request":
            _, lane, request_id, operation, args = message
            if operation not in OPERATIONS:
                self._send(("result", lane, request_id, None, f"unknown operation {operation!r}"))
                return
            engine = self.engine

            def job(still_wanted):
                return self._run(engine, lane, request_id, operation, args, still_wanted)

            def deliver(value, error):
                self._send(("result", lane, request_id, value,
                            None if error is None else f"{type(error).__name__}: {error}"))

            self.worker.submit(job, deliver, lane)

    def stop(self) -> None:
        self.worker.stop()

    # ---- Internals (worker thread)
    def _run(self, engine: JediEngine, lane: str, request_id: int, operation: str, args: tuple,
             still_wanted):
        if operation == "kinds":
            list_id, handles = self._handles
            if args[0] != list_id:
                return {}  # a list replaced meanwhile: nobody shows it any more
            found = Completions([], 0, handles)
            return engine.kinds(found, still_wanted, lambda value: self._progress(
                lane, request_id, value, still_wanted))
        result = getattr(engine, operation)(*args)
        if operation == "complete":
            self._handles = (request_id, result.handles)
            result = result._replace(handles=[])
        return result

    def _progress(self, lane: str, request_id: int, value, still_wanted) -> None:
        if still_wanted():
            self._send(("progress", lane, request_id, value))

    def _send(self, message: tuple) -> None:
        with self._write_lock:
            self._sink.write(encode_frame(message))
            self._sink.flush()


def serve(source: BinaryIO, sink: BinaryIO) -> None:
    """Answer requests read from `source` until it closes."""
    server = EngineServer(sink)
    reader = FrameReader()
    try:
        while True:
            chunk = source.read1(65536) if hasattr(source, "read1") else source.read(65536)
            if not chunk:
                return
            for message in reader.feed(chunk):
                server.handle(message)
    finally:
        server.stop()


def main() -> int:
    return run_helper(serve)

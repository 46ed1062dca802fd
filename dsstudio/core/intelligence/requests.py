"""A worker thread that runs analysis requests one at a time, keeping only the newest of each lane
(in the engine process, engine_process.py: the window's process has no analysis thread).

Typing makes requests faster than jedi answers them (a cold numpy takes a second). Answering each
in turn would show completions for text the user has already changed, so: at most one request
waits per lane (a newer one replaces it), and every request carries a generation number; a result
whose generation is no longer its lane's newest is discarded instead of delivered. A long job is
told it is no longer wanted through the `still_wanted` callable it receives, and can stop early.

Lanes keep unrelated requests from cancelling each other: the mouse resting on a name (hover
help) must not drop the completion the user is typing, and typing the next argument's first
letters (a completion) must not drop the signature asked at `(` or `,`. Typing's lane is served
first.
"""

from __future__ import annotations

import threading
import traceback
from collections.abc import Callable
from typing import Any

Job = Callable[[Callable[[], bool]], Any]
Deliver = Callable[[Any, BaseException | None], None]
LANES = ("typing", "signature", "navigation", "hover")  # in the order they are served


class LatestRequestWorker:
    """Runs `job(still_wanted)` on one daemon thread; delivers `on_done(result, error)` there,
    only if no newer request of its lane was submitted meanwhile (the caller moves it to its own
    thread)."""

    def __init__(self, name: str = "dsstudio-analysis") -> None:
        self._name = name
        self._condition = threading.Condition()
        self._pending: dict[str, tuple[int, Job, Deliver]] = {}
        self._generation = dict.fromkeys(LANES, 0)
        self._thread: threading.Thread | None = None
        self._stopped = False
        # Counters for tests and benchmarks: requests replaced while waiting, results discarded.
        self.replaced = 0
        self.discarded = 0
        self.delivered = 0

    # ---- Public API
    def submit(self, job: Job, on_done: Deliver, lane: str = "typing") -> int:
        """Queue `job` in place of its lane's waiting one; its generation number."""
        with self._condition:
            if self._stopped:
                return self._generation[lane]
            self._generation[lane] += 1
            if lane in self._pending:
                self.replaced += 1
            self._pending[lane] = (self._generation[lane], job, on_done)
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name=self._name, daemon=True)
                self._thread.start()
            self._condition.notify()
            return self._generation[lane]

    def cancel(self, lane: str = "typing") -> None:
        """Drop the lane's waiting request and make its running one's result stale (a closed tab)."""
        with self._condition:
            self._generation[lane] += 1
            if self._pending.pop(lane, None) is not None:
                self.replaced += 1

    def is_current(self, generation: int, lane: str = "typing") -> bool:
        return generation == self._generation[lane]

    def stop(self) -> None:
        with self._condition:
            self._stopped = True
            self._pending.clear()
            for lane in LANES:
                self._generation[lane] += 1
            self._condition.notify()

    # ---- Internals
    def _run(self) -> None:
        while True:
            with self._condition:
                while not self._pending and not self._stopped:
                    self._condition.wait()
                if self._stopped:
                    return
                lane = next(lane for lane in LANES if lane in self._pending)
                generation, job, on_done = self._pending.pop(lane)
            still_wanted = lambda: self.is_current(generation, lane)  # noqa: E731
            result, error = None, None
            try:
                result = job(still_wanted)
            except Exception as exc:  # an analysis failure must never kill the worker
                error = exc
                traceback.print_exc()
            if self.is_current(generation, lane):
                self.delivered += 1
                on_done(result, error)
            else:
                self.discarded += 1

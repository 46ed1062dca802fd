"""A worker thread that runs analysis requests one at a time, keeping only the newest.

Typing makes requests faster than jedi answers them (a cold numpy takes a second). Answering each
in turn would show completions for text the user has already changed, so: at most one request
waits (a newer one replaces it), and every request carries a generation number; a result whose
generation is no longer the newest is discarded instead of delivered. A long job is told it is no
longer wanted through the `still_wanted` callable it receives, and can stop early.
"""

from __future__ import annotations

import threading
import traceback
from collections.abc import Callable
from typing import Any

Job = Callable[[Callable[[], bool]], Any]
Deliver = Callable[[Any, BaseException | None], None]


class LatestRequestWorker:
    """Runs `job(still_wanted)` on one daemon thread; delivers `on_done(result, error)` there,
    only if no newer request was submitted meanwhile (the caller moves it to its own thread)."""

    def __init__(self, name: str = "dsstudio-analysis") -> None:
        self._name = name
        self._condition = threading.Condition()
        self._pending: tuple[int, Job, Deliver] | None = None
        self._generation = 0
        self._thread: threading.Thread | None = None
        self._stopped = False
        # Counters for tests and benchmarks: requests replaced while waiting, results discarded.
        self.replaced = 0
        self.discarded = 0
        self.delivered = 0

    # ---- Public API
    def submit(self, job: Job, on_done: Deliver) -> int:
        """Queue `job` in place of any waiting one; its generation number."""
        with self._condition:
            if self._stopped:
                return self._generation
            self._generation += 1
            if self._pending is not None:
                self.replaced += 1
            self._pending = (self._generation, job, on_done)
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name=self._name, daemon=True)
                self._thread.start()
            self._condition.notify()
            return self._generation

    def cancel(self) -> None:
        """Drop the waiting request and make the running one's result stale (Escape, a closed tab)."""
        with self._condition:
            self._generation += 1
            if self._pending is not None:
                self.replaced += 1
            self._pending = None

    def is_current(self, generation: int) -> bool:
        return generation == self._generation

    def stop(self) -> None:
        with self._condition:
            self._stopped = True
            self._pending = None
            self._generation += 1
            self._condition.notify()

    # ---- Internals
    def _run(self) -> None:
        while True:
            with self._condition:
                while self._pending is None and not self._stopped:
                    self._condition.wait()
                if self._stopped:
                    return
                generation, job, on_done = self._pending
                self._pending = None
            still_wanted = lambda g=generation: self.is_current(g)  # noqa: E731
            result, error = None, None
            try:
                result = job(still_wanted)
            except Exception as exc:  # an analysis failure must never kill the worker
                error = exc
                traceback.print_exc()
            if self.is_current(generation):
                self.delivered += 1
                on_done(result, error)
            else:
                self.discarded += 1

"""The window's code intelligence: one jedi engine and its worker, results handed to the GUI thread.

The engine runs on the worker (core/intelligence/requests.py); a result comes back here through a
queued signal, and is handed to its callback only if no newer request was made meanwhile (checked
again on the GUI thread: a keystroke may land between the worker's check and the delivery).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from dsstudio.core.intelligence.jedi_engine import JediEngine
from dsstudio.core.intelligence.requests import LatestRequestWorker


class AnalysisService(QObject):
    """Runs jedi requests for one project, in the interpreter its kernel runs in."""

    _result_from_worker = Signal(object, object, object, object, str)  # generation, callback, result, error, lane

    def __init__(self, root: Path, python: Path | None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.root = Path(root)
        self.engine = JediEngine(self.root, python)
        self.worker = LatestRequestWorker()
        self._result_from_worker.connect(self._on_result)

    # ---- Public API
    def request(self, job: Callable[[JediEngine, Callable[[], bool]], object],
                on_result: Callable[[object], None],
                on_progress: Callable[[object], None] | None = None, lane: str = "typing") -> int:
        """Run `job(engine, still_wanted)` on the worker, then `on_result(value)` here (None if
        the job raised).

        With `on_progress`, the job gets a third argument, `progress(value)`, whose values reach
        `on_progress` here while the request is still the newest (kinds arriving in chunks).
        A request replaces only the requests of its own `lane` (requests.py)."""
        engine = self.engine
        generation_box: list[int] = []

        def deliver(callback):
            return lambda value: self._result_from_worker.emit(generation_box[0], callback, value,
                                                               None, lane)

        if on_progress is not None:
            progress = deliver(on_progress)
            run = lambda still_wanted: job(engine, still_wanted, progress)  # noqa: E731
        else:
            run = lambda still_wanted: job(engine, still_wanted)  # noqa: E731
        generation = self.worker.submit(
            run, lambda value, error: self._result_from_worker.emit(
                generation_box[0], on_result, value, error, lane), lane)
        generation_box.append(generation)
        return generation

    def cancel(self, lane: str = "typing") -> None:
        self.worker.cancel(lane)

    def set_python(self, python: Path | None) -> None:
        """The kernel moved to another interpreter: analyse in that one from now on."""
        self.worker.cancel()
        self.engine = JediEngine(self.root, python)

    def stop(self) -> None:
        self.worker.stop()

    # ---- Internals
    def _on_result(self, generation: int, callback, value, error, lane: str) -> None:
        # A failed analysis (jedi raises on some code) answers None: the asker stops waiting.
        if self.worker.is_current(generation, lane):
            callback(value if error is None else None)

"""Output pages load one at a time, those on screen first.

Why: every output page runs in the one renderer process the pages share (web_engine.py), on
its one main thread. A first screen that started its seven pages together parsed seven copies
of plotly.js side by side, and drew them all at once, six seconds after opening on a loaded
2-core machine; one at a time, the chart on screen is drawn after one page's worth of work and
the others follow it. A load is "done" when its page finished loading or drew its output
(Plotly draws before the load ends, Vega after), or when its output went away.
"""

from __future__ import annotations

from typing import Protocol

import shiboken6
from PySide6.QtCore import QObject, QTimer


class PageLoad(Protocol):
    """What waits for its turn: a web output, or a spare page being made (spare_pages.py)."""

    def on_screen(self) -> bool:
        """Whether the user sees it now (those go first)."""

    def start_load(self) -> None:
        """Start loading its page; the loads are told when it is done (`finished`)."""

    def alive(self) -> bool:
        """Whether it still wants its load (a QObject is asked shiboken instead: deleted, it
        cannot answer)."""


class PageLoads:
    """The queue of page loads of one web engine."""

    def __init__(self, parent: QObject | None = None) -> None:
        self._waiting: list[PageLoad] = []
        self._loading: PageLoad | None = None
        self._next_timer = QTimer(parent)
        self._next_timer.setSingleShot(True)
        self._next_timer.setInterval(0)  # (after the event that asked: the notebook is painted first)
        self._next_timer.timeout.connect(self._next)

    # ---- Public API
    def request(self, load: PageLoad, at_once: bool = False) -> None:
        """Load `load`'s page in its turn (`at_once`: now, if no other page is loading)."""
        if load is not self._loading and load not in self._waiting:
            self._waiting.append(load)
        if at_once and self._loading is None:
            self._waiting.remove(load)
            self._loading = load
            load.start_load()
            return
        self._next_timer.start()

    def cancel(self, load: PageLoad) -> None:
        """`load` is not wanted any more (its output went away, or was released)."""
        if load in self._waiting:
            self._waiting.remove(load)
        self.finished(load)

    def finished(self, load: PageLoad) -> None:
        if load is self._loading:
            self._loading = None
            self._next_timer.start()

    def hand_over(self, load: PageLoad, successor: PageLoad) -> None:
        """`successor` goes on with `load`'s page load (in its turn, if it is loading now)."""
        if load is self._loading:
            self._loading = successor
        elif load in self._waiting:
            self._waiting.remove(load)
            self._next_timer.start()

    def busy(self) -> bool:
        return self._loading is not None or bool(self._waiting)

    def waiting(self) -> int:
        return len(self._waiting)

    # ---- Internals
    def _next(self) -> None:
        if self._loading is not None and not _alive(self._loading):
            self._loading = None  # (deleted with its cell without saying so)
        self._waiting = [load for load in self._waiting if _alive(load)]
        if self._loading is not None or not self._waiting:
            return
        load = next((load for load in self._waiting if load.on_screen()), self._waiting[0])
        self._waiting.remove(load)
        self._loading = load
        load.start_load()


def _alive(load: PageLoad) -> bool:
    if isinstance(load, QObject):
        return shiboken6.isValid(load)
    return load.alive()

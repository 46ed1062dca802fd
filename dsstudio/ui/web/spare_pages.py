"""Pages made ahead with their renderer loaded, so a new chart is drawn into one at once.

Why: every output page runs its renderer's script before it can draw; for Plotly that is 4.8 MB
of plotly.js to execute, about 0.1-0.3 s on a loaded machine, and it was most of the time from a
cell's end to its chart drawn. One spare page per kind and theme waits with plotly.js loaded
(a QWebEnginePage needs no view to load); a new Plotly output takes it, draws its figure with one
script, and the next spare is made in the background. Only Plotly has one: it is the costly
renderer and the common chart. A spare costs one page of memory in the shared renderer process.
"""

from __future__ import annotations

import atexit
import itertools

import shiboken6
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from dsstudio.ui.web.output_page import ASSET_URL, spare_page

SPARE_KINDS = ("plotly",)
_spare_numbers = itertools.count(1)


class SparePages:
    """The spare pages of one web engine (its profile and its page store)."""

    def __init__(self, engine) -> None:
        self._engine = engine
        self._ready: dict[tuple, object] = {}  # (kind, look) -> a loaded page
        self._loading: dict[tuple, object] = {}
        # Deleted before the profile is (Chromium warns of a page that outlives its profile):
        # when the app quits, or at exit where no quit comes (tests).
        QApplication.instance().aboutToQuit.connect(self.clear)
        atexit.register(self.clear)

    def clear(self) -> None:
        for page in [*self._ready.values(), *self._loading.values()]:
            if shiboken6.isValid(page):
                shiboken6.delete(page)
        self._ready.clear()
        self._loading.clear()

    def take(self, kind: str, look: tuple):
        """A loaded spare page of `kind` in `look` (dark, text colour, background), or None."""
        return self._ready.pop((kind, look), None)

    def prepare_later(self, kind: str, look: tuple) -> None:
        """A spare for the next output of `kind`, made once the event loop is free. Called when
        an output is drawn: made earlier, it slowed the first screen's own pages."""
        QTimer.singleShot(0, lambda: self.prepare(kind, look))

    def prepare(self, kind: str, look: tuple) -> None:
        key = (kind, look)
        if kind not in SPARE_KINDS or key in self._ready or key in self._loading:
            return
        from PySide6.QtCore import QUrl

        from dsstudio.ui.web.web_output import new_output_page

        name = f"spare-{next(_spare_numbers)}.html"
        self._engine.pages[name] = spare_page(kind, *look).encode("utf-8")
        page = self._loading[key] = new_output_page(self._engine.profile)

        def loaded(ok: bool) -> None:
            self._engine.pages.pop(name, None)
            self._loading.pop(key, None)
            if ok:
                page.loadFinished.disconnect(loaded)
                self._ready[key] = page
            else:
                page.deleteLater()

        page.loadFinished.connect(loaded)
        page.load(QUrl(f"{ASSET_URL}{name}"))

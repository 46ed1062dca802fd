"""Pages with their renderer loaded and nothing drawn, so a chart is drawn into one at once.

Why: every output page runs its renderer's script before it can draw; for Plotly that is 4.8 MB
of plotly.js to execute, about 0.1-0.3 s on a loaded machine (more with other pages loading),
and it was most of the time from a cell's end to its chart drawn. A spare page (a QWebEnginePage
needs no view to load) takes a new chart with one script. Spares come two ways: made when an
output was drawn (the next one will want one), and given back by a chart scrolled away from the
screen (web_output.py releases it): scrolling through 200 charts then reuses a few pages rather
than making and parsing one per chart, which bounded the renderer's memory and made a chart
scrolled back draw in one script. Only Plotly's pages are kept: it is the costly renderer and the
common chart. A spare costs one page of memory in the shared renderer process.
"""

from __future__ import annotations

import atexit
import itertools

import shiboken6
from PySide6.QtCore import QTimer, QUrl
from PySide6.QtWidgets import QApplication

from dsstudio.ui.theme.theme_colours import colour, current_theme
from dsstudio.ui.web.output_page import ASSET_URL, spare_page
from dsstudio.ui.web.output_page_object import new_output_page

SPARE_RENDERERS = ("plotly", "plotly-cartesian")  # (output_page.py: the full and cartesian bundles)
KEPT_PER_LOOK = 2  # spares kept per renderer and look; a page given back beyond these is deleted
# Frees a given-back page's chart (its data and SVG) while it waits, and collects it once the
# scrolling has stopped for 2 s (gc: exposed by web_engine.chromium_flags) rather than when V8
# gets to it. (A collection per page given back queued seconds of them in the renderer during a
# scroll, and a new chart waited behind them.)
_EMPTYING_PLOTLY = ("Plotly.purge('output'); if (window.gc) { clearTimeout(window.dsstudioCollect); "
                    "window.dsstudioCollect = setTimeout(() => window.gc(), 2000); }")
_spare_numbers = itertools.count(1)


def current_look() -> tuple[bool, str, str]:
    """What an output page is drawn in now: dark or not, its text and background colours (a
    spare page fits only outputs of the same look)."""
    return current_theme() == "dark", colour("output_text"), colour("base")


class SparePages:
    """The spare pages of one web engine (its profile, page store and load queue)."""

    def __init__(self, engine) -> None:
        self._engine = engine
        self._ready: dict[tuple, list] = {}  # (renderer, look) -> loaded pages (never an empty list)
        self._loading: dict[tuple, _SpareLoad] = {}
        self._adopted: set[_SpareLoad] = set()  # loading into an output's view (adopt)
        self._taken_over: set[_SpareLoad] = set()  # released by their outputs while loading
        self._doomed: list = []  # pages deleteLater'd (see _delete_later)
        # Deleted before the profile is (Chromium warns of a page that outlives its profile):
        # when the app quits, or at exit where no quit comes (tests).
        QApplication.instance().aboutToQuit.connect(self.clear)
        atexit.register(self.clear)

    def clear(self) -> None:
        loads = [*self._loading.values(), *self._taken_over]
        for page in [page for pages in self._ready.values() for page in pages] + [
                load.page for load in loads if load.page is not None] + self._doomed:
            if shiboken6.isValid(page):
                shiboken6.delete(page)
        self._ready.clear()
        self._loading.clear()
        self._taken_over.clear()
        self._adopted.clear()
        self._doomed.clear()

    def take(self, renderer: str, look: tuple):
        """A loaded spare page of `renderer` in `look` (dark, text colour, background), or None."""
        pages = self._ready.pop((renderer, look), [])
        while pages:
            page = pages.pop()
            if shiboken6.isValid(page):
                if pages:
                    self._ready[(renderer, look)] = pages
                return page
        return None

    def give_back(self, renderer: str, look: tuple, page) -> None:
        """A drawn page whose output no longer needs it (the caller detached it from its view):
        emptied and kept for the next chart, or deleted when enough are kept."""
        page.owner = None
        if renderer not in SPARE_RENDERERS or len(self._ready.get((renderer, look), [])) >= KEPT_PER_LOOK:
            self._delete_later(page)
            return
        page.setParent(None)
        page.runJavaScript(_EMPTYING_PLOTLY)
        self._ready.setdefault((renderer, look), []).append(page)

    def prepare_later(self, renderer: str, look: tuple) -> None:
        """A spare for the next output of `renderer`, made after the pages waiting to load (made
        earlier, it slowed the first screen's own pages)."""
        QTimer.singleShot(0, lambda: self.prepare(renderer, look))

    def prepare(self, renderer: str, look: tuple, at_once: bool = False) -> None:
        """A spare of `renderer` in `look`, loaded in its turn (`at_once`: now, when no other page
        is loading: a notebook of charts warms one as it opens, see `adopt`)."""
        key = (renderer, look)
        if renderer not in SPARE_RENDERERS or self._ready.get(key) or key in self._loading:
            return
        self._loading[key] = load = _SpareLoad(self, key)
        self._engine.loads.request(load, at_once)

    def adopt(self, renderer: str, look: tuple):
        """The spare of `renderer` in `look` that is still loading, for an output that would else
        start a page of its own, or None. Why: a notebook of charts starts a spare as it opens
        (NotebookInteractivity), and Chromium's renderer then starts and runs plotly.js while
        the window goes on building the notebook; the first chart is drawn into that page."""
        load = self._loading.get((renderer, look))
        if load is None or load.page is None:
            return None
        del self._loading[(renderer, look)]
        load.adopted = True
        self._adopted.add(load)
        return load.page

    def take_over(self, renderer: str, look: tuple, page, page_name: str | None, output) -> None:
        """`output`'s page, released while it loads (its own page, or an adopted spare): it
        goes on loading, in `output`'s turn of the page loads, and is kept once loaded."""
        load = next((load for load in self._adopted if load.page is page), None)
        if load is None:
            load = _SpareLoad(self, (renderer, look), page_name)
            load.page = page
            page.loadFinished.connect(load._finished)
            page.destroyed.connect(lambda _page=None: self._engine.loads.finished(load))
        load.adopted = False
        self._adopted.discard(load)
        self._taken_over.add(load)
        self._engine.loads.hand_over(output, load)

    def _loaded(self, load: _SpareLoad, ok: bool) -> None:
        self._engine.loads.finished(load)
        self._engine.pages.pop(load.name, None)
        if self._loading.get(load.key) is load:
            del self._loading[load.key]
        if load.adopted:
            return  # (its output draws into it)
        self._taken_over.discard(load)
        if ok:
            self.give_back(load.key[0], load.key[1], load.page)  # (emptied: it may hold a chart)
        else:
            self._delete_later(load.page)

    def _delete_later(self, page) -> None:
        """Deleted once the event loop is back: this may run inside the page's own signal (its
        load finished), and a page deleted there crashed Qt as it went on emitting. Kept here
        until then, so that `clear` deletes it before the profile if the app ends first."""
        self._doomed = [doomed for doomed in self._doomed if shiboken6.isValid(doomed)]
        self._doomed.append(page)
        page.deleteLater()


class _SpareLoad:
    """A spare page waiting for its turn to load (page_loads.py), then loading."""

    def __init__(self, spares: SparePages, key: tuple, name: str | None = None) -> None:
        self.spares, self.key = spares, key
        self.name = name or f"spare-{next(_spare_numbers)}.html"
        self.page = None
        self.adopted = False  # taken while loading by an output (SparePages.adopt)

    def on_screen(self) -> bool:
        return False  # (never before an output the user sees)

    def alive(self) -> bool:
        return self.page is None or shiboken6.isValid(self.page)

    def start_load(self) -> None:
        engine = self.spares._engine
        engine.pages[self.name] = spare_page(self.key[0], *self.key[1]).encode("utf-8")
        self.page = new_output_page(engine.profile)
        self.page.loadFinished.connect(self._finished)
        # Deleted before it loaded (adopted by an output that went away): the next load's turn.
        self.page.destroyed.connect(lambda _page=None: engine.loads.finished(self))
        self.page.load(QUrl(f"{ASSET_URL}{self.name}"))

    def _finished(self, ok: bool) -> None:
        self.page.loadFinished.disconnect(self._finished)  # (once: the page is drawn into later)
        self.spares._loaded(self, ok)

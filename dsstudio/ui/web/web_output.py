"""An output shown in a web view: a chart, a script's output, HTML that needs a browser.

It lives inside its cell's widget, which exists only while the cell is near the screen (see
ui/notebook/notebook_cell.py): 200 charts in a notebook make only the views on and around the
screen, and a view goes (with its page) when its cell is unbuilt. Closer in, a chart more than
half a screen away is a picture (`WebOutput.release`), its page reused by the next chart on
screen: pages exist only for what can be seen. The mouse wheel over a chart
scrolls the notebook, unless the chart has the keyboard focus (the user clicked into it).
"""

from __future__ import annotations

import itertools
import json

import shiboken6
from PySide6.QtCore import QEvent, QObject, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QImage
from PySide6.QtWidgets import (QAbstractScrollArea, QApplication, QFileDialog, QLabel, QMenu, QMessageBox,
                               QSizePolicy, QVBoxLayout, QWidget)

from dsstudio.core.notebook.web_outputs import WEB_OUTPUT_HEIGHTS, WebContent
from dsstudio.ui.web.output_page import (ASSET_URL, COMM_MESSAGE, DRAWN_MESSAGE, ERROR_MESSAGE, HEIGHT_MESSAGE,
                                         drawing_script, output_page, script_json)
from dsstudio.ui.web.output_page_object import new_output_page
from dsstudio.ui.web.spare_pages import SPARE_RENDERERS, current_look
from dsstudio.ui.web.web_engine import WebEngine

# Charts: released away from the screen (a picture of them kept), drawn again near it.
RELEASED_KINDS = ("plotly", "vega-lite", "vega", "bokeh")
MAX_HEIGHT = 2000  # px: a page taller than this scrolls inside its view
_page_numbers = itertools.count(1)


def scroll_area_of(widget: QWidget) -> QAbstractScrollArea | None:
    """The scroll area `widget` is in (the notebook's), if any."""
    parent = widget.parentWidget()
    while parent is not None and not isinstance(parent, QAbstractScrollArea):
        parent = parent.parentWidget()
    return parent


class WheelToNotebook(QObject):
    """Sends wheel events over an unfocused web view to the scroll area around it."""

    def __init__(self, view: QWidget) -> None:
        super().__init__(view)
        self._view = view

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 (Qt name)
        if event.type() != QEvent.Type.Wheel or watched.hasFocus():
            return False
        parent = scroll_area_of(self._view)
        if parent is None:
            return False
        QApplication.sendEvent(parent.verticalScrollBar(), event)
        return True


class WebOutput(QWidget):
    """One output's web view, as tall as its page (up to MAX_HEIGHT).

    A chart away from the screen is released (`release`): a picture of it stays, its view goes,
    and its page goes back to the spare pages (spare_pages.py) for the next chart; back near the
    screen it is drawn live again (`restore`), the picture shown until it is."""

    sig_drawn = Signal()
    """The page finished drawing its output (a chart's first frame, a script's run)."""

    def __init__(self, content: WebContent, parent: QWidget | None = None, widgets=None,
                 models: tuple[dict, bool] | None = None) -> None:
        super().__init__(parent)
        self._engine = WebEngine.get()  # (first: Chromium's flags are set before it loads)
        self.setObjectName("WebOutput")
        self.content = content
        self.drawn = False
        self.errors: list[str] = []
        # A widget's: its kernel's bridge (while live), and its messages until the page is loaded.
        self.bridge = widgets.bridge if widgets is not None and models is not None and models[1] else None
        self._models = models
        self._loaded = False
        self._pending: list[dict] = []
        self._look = current_look()
        self.view = self.page = None
        self.page_name: str | None = None
        self._wheel = None
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        # The chart as last drawn, shown while it is released and until it is drawn again.
        self._picture = QLabel(self)
        self._picture.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self._picture.hide()
        if self.bridge is not None:
            self.bridge.views.add(self)
        if content.renderer in SPARE_RENDERERS:
            self.sig_drawn.connect(lambda: self._engine.spares.prepare_later(content.renderer, self._look))
        self.destroyed.connect(lambda _obj=None, engine=self._engine, load=self: engine.loads.cancel(load))
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.setFixedHeight(WEB_OUTPUT_HEIGHTS.get(content.kind, 100))
        self._wanted = True  # near the screen (release and restore say), or not in a notebook
        if content.kind in RELEASED_KINDS:
            # The notebook says first whether it is near the screen (a chart built a screen
            # away was given a view and page only to be released at once, in every scroll step).
            QTimer.singleShot(0, self, self._make_view_if_wanted)
        else:
            self._make_view()

    @property
    def released(self) -> bool:
        return self.view is None

    def release(self) -> None:
        """Far from the screen: keep a picture of the chart, give its page back (a chart only:
        a widget's or a script's page holds state that a picture does not)."""
        if self.content.kind not in RELEASED_KINDS:
            return
        self._wanted = False
        if self.view is None:
            return
        if self.drawn:
            self._picture.setPixmap(self.view.grab())
            self._picture.setGeometry(self.rect())
            self._picture.show()
            self._picture.raise_()
        page, view, loaded, adopted = self.page, self.view, self._loaded, self._adopted
        self.view = self.page = None
        self.drawn = self._loaded = self._adopted = False
        page.owner = None
        page.loadFinished.disconnect(self._follow_wheel)
        page.loadFinished.disconnect(self._flush_widget_messages)
        if adopted:
            page.loadFinished.disconnect(self._draw_into_loaded_spare)
        spares, renderer = self._engine.spares, self.content.renderer
        loading = not loaded and (adopted or self.page_name is not None)
        if renderer in SPARE_RENDERERS and (loaded or loading):
            # Its renderer is loaded, or loading: not deleted with its view, the next chart is
            # drawn into it (a fast scroll passes charts by before their pages load or draw:
            # deleting those was most of the pages made in a scroll through 200 charts).
            page.setParent(None)
            if loading:  # (its HTML stays served until it has loaded)
                spares.take_over(renderer, self._look, page, self.page_name, self)
                self.page_name = None
            else:
                spares.give_back(renderer, self._look, page)
        self._engine.loads.cancel(self)
        if self.page_name is not None:
            self._engine.pages.pop(self.page_name, None)
        self.page_name = None
        view.hide()
        shiboken6.delete(view)  # (and its page, when it was not kept)

    def restore(self) -> None:
        """Near the screen again: drawn live (the picture stays until it is)."""
        self._wanted = True
        if self.view is None:
            self._make_view()

    def on_screen(self) -> bool:
        """Whether any of it is inside its scroll area's viewport now (its page loads before
        those that are not). (From geometry: visibleRegion() was empty offscreen.)"""
        area = scroll_area_of(self)
        if area is None or not self.isVisible():
            return self.isVisible()
        viewport = area.viewport()
        top = self.mapTo(viewport, QPoint(0, 0)).y()
        return top < viewport.height() and top + self.height() > 0

    def start_load(self) -> None:
        """Its turn in the engine's page loads (page_loads.py): load its page."""
        from PySide6.QtCore import QUrl

        if self.view is None:  # (released meanwhile)
            self._engine.loads.finished(self)
            return
        self.page_name = f"page-{next(_page_numbers)}.html"
        self._engine.pages[self.page_name] = output_page(self.content, *self._look, self._models).encode("utf-8")
        self.view.load(QUrl(f"{ASSET_URL}{self.page_name}"))

    # ---- Public API
    def image(self) -> QImage:
        """The output as drawn now (released: as last drawn)."""
        if self.view is None:
            return self._picture.pixmap().toImage()
        return self.view.grab().toImage()

    def copy_image(self) -> None:
        QApplication.clipboard().setImage(self.image())

    def save_image(self, path: str | None = None) -> bool:
        """Save the output as drawn to a PNG the user picks (or `path`); a failure is shown."""
        if path is None:
            path, _ = QFileDialog.getSaveFileName(self, "Save Image As", "output.png", "PNG images (*.png)")
            if not path:
                return False
        if not self.image().save(path, "PNG"):
            QMessageBox.warning(self, "Image not saved", f"The image could not be written to {path}.")
            return False
        return True

    def widget_messages(self, messages: list[dict]) -> None:
        """The kernel's widget messages, into the page (queued until it is loaded)."""
        if not self._loaded:
            self._pending.extend(messages)
            return
        self.page.runJavaScript("".join(f"dsstudioWidgets.receive({script_json(message)});"
                                        for message in messages))

    def kernel_gone(self, note: str) -> None:
        """The widget's kernel restarted: the page says so, and sends nothing more."""
        self.bridge = None
        self.page.runJavaScript(f"dsstudioWidgets.kernelGone({script_json(note)});")

    def menu(self) -> QMenu:
        menu = QMenu(self)
        menu.addAction("Copy Image", self.copy_image)
        menu.addAction("Save Image As…", self.save_image)
        return menu

    # ---- Internals
    def _make_view_if_wanted(self) -> None:
        if self._wanted and self.view is None:
            self._make_view()

    def _make_view(self) -> None:
        from PySide6.QtWebEngineWidgets import QWebEngineView

        renderer, look = self.content.renderer, self._look
        spares = self._engine.spares
        spare = spares.take(renderer, look) if renderer in SPARE_RENDERERS else None
        loading = spares.adopt(renderer, look) if renderer in SPARE_RENDERERS and spare is None else None
        self.view = QWebEngineView(self)
        self.page = spare or loading or new_output_page(self._engine.profile, self.view)
        self._adopted = loading is not None
        self.page.setParent(self.view)
        self.page.owner = self
        self.view.setPage(self.page)
        self._wheel = WheelToNotebook(self.view)
        self.view.installEventFilter(self._wheel)
        # Not the browser's menu (Back, Reload, View Source): what one does with an output.
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.customContextMenuRequested.connect(self._show_menu)
        self.page.loadFinished.connect(self._follow_wheel)
        self.page.loadFinished.connect(self._flush_widget_messages)
        self._layout.addWidget(self.view)
        self._picture.raise_()
        if spare is not None:  # its renderer loaded already: one script draws the output
            self._follow_wheel(True)
            self._loaded = True
            self.page.runJavaScript(drawing_script(self.content, look[0]))
        elif loading is not None:  # drawn into once its renderer is loaded
            self.page.loadFinished.connect(self._draw_into_loaded_spare)
        else:
            self._engine.loads.request(self)

    def _draw_into_loaded_spare(self, ok: bool) -> None:
        if ok and self.page is not None:
            self.page.runJavaScript(drawing_script(self.content, self._look[0]))

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt name)
        super().resizeEvent(event)
        self._picture.setGeometry(self.rect())

    def _show_menu(self, point) -> None:
        self.menu().exec(self.view.mapToGlobal(point))

    def _page_message(self, message: str) -> None:
        if message.startswith(HEIGHT_MESSAGE):
            try:
                height = int(message[len(HEIGHT_MESSAGE):])
            except ValueError:
                return
            if height > 0:
                self.setFixedHeight(min(height, MAX_HEIGHT))
        elif message == DRAWN_MESSAGE:
            self.drawn = True
            self._picture.hide()
            self._engine.loads.finished(self)
            self.sig_drawn.emit()
        elif message.startswith(COMM_MESSAGE):
            if self.bridge is not None:
                try:
                    self.bridge.send(json.loads(message[len(COMM_MESSAGE):]))
                except ValueError:
                    return
        elif message.startswith(ERROR_MESSAGE):
            self.errors.append(message[len(ERROR_MESSAGE):])

    def _flush_widget_messages(self, _ok: bool) -> None:
        self._engine.loads.finished(self)
        self._loaded = True
        pending, self._pending = self._pending, []
        if pending:
            self.widget_messages(pending)

    def _follow_wheel(self, _ok: bool) -> None:
        # Chromium draws into a child widget made with the page: the wheel reaches that one.
        proxy = self.view.focusProxy()
        if proxy is not None:
            proxy.installEventFilter(self._wheel)

"""An output shown in a web view: a chart, a script's output, HTML that needs a browser.

It lives inside its cell's widget, which exists only while the cell is near the screen (see
ui/notebook/notebook_cell.py): 200 charts in a notebook make only the views on and around the
screen, and a view goes (with its page) when its cell is unbuilt. The mouse wheel over a chart
scrolls the notebook, unless the chart has the keyboard focus (the user clicked into it).
"""

from __future__ import annotations

import itertools
import json

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QImage
from PySide6.QtWidgets import (QAbstractScrollArea, QApplication, QFileDialog, QMenu, QMessageBox, QSizePolicy,
                               QVBoxLayout, QWidget)

from dsstudio.core.notebook.web_outputs import WEB_OUTPUT_HEIGHTS, WebContent
from dsstudio.ui.theme.theme_colours import colour, current_theme
from dsstudio.ui.web.output_page import (ASSET_URL, COMM_MESSAGE, DRAWN_MESSAGE, ERROR_MESSAGE, HEIGHT_MESSAGE,
                                         drawing_script, output_page, script_json)
from dsstudio.ui.web.spare_pages import SPARE_KINDS
from dsstudio.ui.web.web_engine import WebEngine

MAX_HEIGHT = 2000  # px: a page taller than this scrolls inside its view
_page_numbers = itertools.count(1)
_page_class = []


def new_output_page(profile, parent=None):
    """A page whose console messages go to its `owner` (a WebOutput; a spare page has none yet)."""
    if not _page_class:
        from PySide6.QtWebEngineCore import QWebEnginePage

        class OutputPage(QWebEnginePage):
            owner = None

            def javaScriptConsoleMessage(self, _level, message, _line, _source) -> None:  # noqa: N802
                if self.owner is not None:
                    self.owner._page_message(message)

        _page_class.append(OutputPage)
    return _page_class[0](profile, parent)


class WheelToNotebook(QObject):
    """Sends wheel events over an unfocused web view to the scroll area around it."""

    def __init__(self, view: QWidget) -> None:
        super().__init__(view)
        self._view = view

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 (Qt name)
        if event.type() != QEvent.Type.Wheel or watched.hasFocus():
            return False
        parent = self._view.parentWidget()
        while parent is not None and not isinstance(parent, QAbstractScrollArea):
            parent = parent.parentWidget()
        if parent is None:
            return False
        QApplication.sendEvent(parent.verticalScrollBar(), event)
        return True


class WebOutput(QWidget):
    """One output's web view, as tall as its page (up to MAX_HEIGHT)."""

    sig_drawn = Signal()
    """The page finished drawing its output (a chart's first frame, a script's run)."""

    def __init__(self, content: WebContent, parent: QWidget | None = None, widgets=None,
                 models: tuple[dict, bool] | None = None) -> None:
        super().__init__(parent)
        engine = self._engine = WebEngine.get()  # (first: Chromium's flags are set before it loads)
        from PySide6.QtCore import QUrl
        from PySide6.QtWebEngineWidgets import QWebEngineView

        self.setObjectName("WebOutput")
        self.content = content
        self.drawn = False
        self.errors: list[str] = []
        # A widget's: its kernel's bridge (while live), and its messages until the page is loaded.
        self.bridge = widgets.bridge if widgets is not None and models is not None and models[1] else None
        self._loaded = False
        self._pending: list[dict] = []
        look = (current_theme() == "dark", colour("output_text"), colour("base"))
        spare = engine.spares.take(content.kind, look) if content.kind in SPARE_KINDS else None
        self.view = QWebEngineView(self)
        self.page = spare if spare is not None else new_output_page(engine.profile, self.view)
        self.page.setParent(self.view)
        self.page.owner = self
        if content.kind in SPARE_KINDS:
            self.sig_drawn.connect(lambda: engine.spares.prepare_later(content.kind, look))
        self.view.setPage(self.page)
        self._wheel = WheelToNotebook(self.view)
        self.view.installEventFilter(self._wheel)
        # Not the browser's menu (Back, Reload, View Source): what one does with an output.
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.customContextMenuRequested.connect(self._show_menu)
        self.page.loadFinished.connect(self._follow_wheel)
        self.page.loadFinished.connect(self._flush_widget_messages)
        if self.bridge is not None:
            self.bridge.views.add(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.setFixedHeight(WEB_OUTPUT_HEIGHTS.get(content.kind, 100))
        if spare is not None:  # its renderer loaded already: one script draws the output
            self._follow_wheel(True)
            self._loaded = True
            self.page.runJavaScript(drawing_script(content, look[0]))
            return
        self.page_name = f"page-{next(_page_numbers)}.html"
        engine.pages[self.page_name] = output_page(content, *look, models).encode("utf-8")
        self.destroyed.connect(lambda _obj=None, name=self.page_name: engine.pages.pop(name, None))
        self.view.load(QUrl(f"{ASSET_URL}{self.page_name}"))

    # ---- Public API
    def image(self) -> QImage:
        """The output as drawn now."""
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
        self._loaded = True
        pending, self._pending = self._pending, []
        if pending:
            self.widget_messages(pending)

    def _follow_wheel(self, _ok: bool) -> None:
        # Chromium draws into a child widget made with the page: the wheel reaches that one.
        proxy = self.view.focusProxy()
        if proxy is not None:
            proxy.installEventFilter(self._wheel)

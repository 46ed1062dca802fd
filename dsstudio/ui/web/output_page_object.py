"""The QWebEnginePage every output is drawn in (its own or a spare one), kept apart from the
views that show them so that the spare pages and the outputs both build on it."""

from __future__ import annotations

_page_class = []


def new_output_page(profile, parent=None):
    """A page whose console messages go to its `owner` (a WebOutput; a spare page has none yet).
    (The class is made on first use: QtWebEngine is imported only when an output needs it.)"""
    if not _page_class:
        from PySide6.QtWebEngineCore import QWebEnginePage

        class OutputPage(QWebEnginePage):
            owner = None

            def javaScriptConsoleMessage(self, _level, message, _line, _source) -> None:  # noqa: N802
                if self.owner is not None:
                    self.owner._page_message(message)

        _page_class.append(OutputPage)
    return _page_class[0](profile, parent)

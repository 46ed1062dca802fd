"""A markdown cell with math, typeset with dsstudio's bundled KaTeX in a web view.

Why this way: Qt's rich text cannot typeset math, and KaTeX needs a browser's layout (its
server-side HTML output still needs its CSS and fonts laid out by a browser; Qt's rich text
shows neither), so the cheapest correct way is a web view for the markdown cells that HAVE math
only, made only when the cell's widget is built (near the screen, as every cell widget) and gone
with it: a notebook of 300 such cells makes the views of one screen, and a cell without math
stays a native label. All views share one renderer process and KaTeX's files are read once
(ui/web/web_engine.py), so a view costs its page, not another engine.

The markdown itself is rendered by Qt (QTextDocument, as the native view does) with the math set
aside first (core/notebook/markdown_math.py), then put back as elements KaTeX typesets. Qt's
document keeps no scripts or event handlers of the cell's HTML, so the page runs no script of
the notebook: it needs no trust.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QFontInfo, QTextDocument
from PySide6.QtWidgets import QWidget

from dsstudio.core.notebook.markdown_math import put_math_back, set_math_aside
from dsstudio.core.notebook.web_outputs import WebContent

_FONT_FAMILY = re.compile(r"font-family:[^;\"]*;?")
_BODY = re.compile(r"<head>.*?(<style[^>]*>.*?</style>).*?<body([^>]*)>(.*)</body>", re.DOTALL)


def markdown_math_html(markdown: str) -> str | None:
    """The HTML of `markdown` with its math as elements for KaTeX; None if it has no math."""
    text, parts = set_math_aside(markdown)
    if not parts:
        return None
    document = QTextDocument()
    document.setMarkdown(text)
    match = _BODY.search(document.toHtml())
    if match is None:
        return None
    style, body_attributes, body = match.groups()
    # Qt names its default font "Sans Serif", which Chromium does not know, and Chromium's own
    # sans-serif drew a serif here: the font Qt actually uses, by its real name.
    family = QFontInfo(document.defaultFont()).family().replace("'", "")
    body_attributes = _FONT_FAMILY.sub(f"font-family:'{family}', sans-serif;", body_attributes)
    return put_math_back(f"{style}<div{body_attributes}>{body}</div>", parts)


class _ClicksToCell(QObject):
    """A click in the page selects the cell, a double-click edits it, as in the native view."""

    def __init__(self, parent: QObject, clicked: Callable[[], None], edit: Callable[[], None]) -> None:
        super().__init__(parent)
        self._clicked, self._edit = clicked, edit

    def eventFilter(self, _watched, event) -> bool:  # noqa: N802 (Qt name)
        if event.type() == QEvent.Type.MouseButtonPress:
            self._clicked()
        elif event.type() == QEvent.Type.MouseButtonDblClick:
            self._edit()
            return True
        return False


def math_markdown_view(markdown: str, parent: QWidget, clicked: Callable[[], None],
                       edit: Callable[[], None]) -> QWidget | None:
    """A web view showing `markdown` typeset, or None when it has no math (stays native)."""
    html = markdown_math_html(markdown)
    if html is None:
        return None
    from dsstudio.ui.web.web_output import (
        WebOutput,  # (QtWebEngine: only once math is met)
    )

    view = WebOutput(WebContent("markdown", html, "markdown with math"), parent)
    view.setObjectName("MarkdownMath")
    clicks = _ClicksToCell(view, clicked, edit)

    def follow_clicks(_ok: bool) -> None:
        # Chromium takes the mouse in a child widget it makes with the page.
        proxy = view.view.focusProxy()
        if proxy is not None:
            proxy.installEventFilter(clicks)

    view.page.loadFinished.connect(follow_clicks)
    return view

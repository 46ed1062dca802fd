"""The docstring of the name under the mouse (after a pause) or the caret (F1), in a tooltip."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QObject, QPoint, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QToolTip

from dsstudio.ui.intelligence.positions import line_and_column

DWELL_MS = 600


class HoverHelp(QObject):
    def __init__(self, editor, service, context) -> None:
        super().__init__(editor)
        self.editor = editor
        self.service = service
        self.context = context
        self.shown_text = ""  # the last help shown ("" when none)
        editor.setMouseDwellTime(DWELL_MS)
        editor.dwellStart.connect(self._on_dwell)
        editor.dwellEnd.connect(lambda *_: QToolTip.hideText())
        shortcut = QShortcut(QKeySequence("F1"), editor)
        shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
        shortcut.activated.connect(self.help_at_caret)

    def help_at_caret(self) -> None:
        pos = self.editor.currentPos()
        self.help_at(pos, self._point_of(pos))

    def help_at(self, pos: int, point: QPoint) -> None:
        if pos < 0:
            return
        context = self.context()
        line, column = line_and_column(self.editor, pos)
        line += context.line_offset
        self.service.request(
            "help_text", (context.source, context.path, line, column),
            lambda text: self._show(text, point), lane="hover")

    def _on_dwell(self, pos: int, x: int, y: int) -> None:
        if pos >= 0 and not self.editor.autoCActive() and not self.editor.callTipActive():
            self.help_at(pos, QPoint(x, y))

    def _show(self, text: str | None, point: QPoint) -> None:
        self.shown_text = text = text or ""
        if text:
            # Preformatted and escaped: docstrings hold `<` and column-aligned tables.
            QToolTip.showText(self.editor.mapToGlobal(point), f"<pre>{escape(text)}</pre>",
                              self.editor)

    def _point_of(self, pos: int) -> QPoint:
        editor = self.editor
        return QPoint(editor.pointXFromPosition(pos),
                      editor.pointYFromPosition(pos) + editor.textHeight(editor.current_line()))

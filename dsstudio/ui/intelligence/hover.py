"""The docstring of the name under the mouse (after a pause) or the caret (F1), in a tooltip."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QObject, QPoint, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QToolTip

from dsstudio.ui.intelligence.analysis_service import while_alive
from dsstudio.ui.intelligence.positions import line_and_column

DWELL_MS = 600


class HoverHelp(QObject):
    def __init__(self, editor, service, context) -> None:
        super().__init__(editor)
        self.editor = editor
        self.service = service
        self.context = context
        self.shown_text = ""  # the last help shown ("" when none)
        self._dwell_request: int | None = None  # the pause's request, dropped when the mouse moves
        editor.setMouseDwellTime(DWELL_MS)
        # Scintilla's Qt widget reports a pause as the point only (viewport coordinates).
        editor.dwellStart.connect(self._on_dwell)
        editor.dwellEnd.connect(self._on_dwell_end)
        shortcut = QShortcut(QKeySequence("F1"), editor)
        shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
        shortcut.activated.connect(self.help_at_caret)

    # ---- Public API
    def help_at_caret(self) -> None:
        pos = self.editor.currentPos()
        self.help_at(pos, self._point_of(pos))

    def help_at(self, pos: int, point: QPoint) -> int | None:
        """Ask for the help of the name at byte `pos`, shown at viewport `point`; the request's id."""
        if pos < 0:
            return None
        context = self.context()
        line, column = line_and_column(self.editor, pos)
        line += context.line_offset
        return self.service.request(
            "help_text", (context.source, context.path, line, column),
            while_alive(self.editor, lambda text: self._show(text, point)), lane="hover")

    # ---- Internals
    def _on_dwell(self, x: int, y: int) -> None:
        editor = self.editor
        pos = editor.positionFromPointClose(x, y)  # -1 away from the text (margins, past the end)
        if pos < 0 or editor.autoCActive() or editor.callTipActive():
            return
        if editor.wordStartPosition(pos, True) == editor.wordEndPosition(pos, True):
            return  # not on a name
        self._dwell_request = self.help_at(pos, QPoint(x, y))

    def _on_dwell_end(self, _x: int, _y: int) -> None:
        if self._dwell_request is not None and self.service.is_current(self._dwell_request, "hover"):
            self.service.cancel("hover")  # its answer would show where the mouse no longer is
        self._dwell_request = None
        QToolTip.hideText()

    def _show(self, text: str | None, point: QPoint) -> None:
        self._dwell_request = None
        self.shown_text = text = text or ""
        if text:
            # Preformatted and escaped: docstrings hold `<` and column-aligned tables.
            QToolTip.showText(self.editor.viewport().mapToGlobal(point),
                              f"<pre>{escape(text)}</pre>", self.editor)

    def _point_of(self, pos: int) -> QPoint:
        editor = self.editor
        return QPoint(editor.pointXFromPosition(pos),
                      editor.pointYFromPosition(pos) + editor.textHeight(editor.current_line()))

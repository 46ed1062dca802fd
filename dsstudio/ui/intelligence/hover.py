"""The docstring of the name under the mouse (after a pause) or the caret (F1), in a tooltip."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QObject, QPoint, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QApplication, QToolTip

from dsstudio.ui.intelligence.analysis_service import while_alive
from dsstudio.ui.intelligence.positions import line_and_column, word_at


def menu_open() -> bool:
    """A menu (the editor's right-click menu) is open: a tip would cover it."""
    return QApplication.activePopupWidget() is not None


class HoverHelp(QObject):
    sig_message = Signal(str)
    """Something to tell the user in the status bar (F1 found no docs)."""

    def __init__(self, editor, service, context) -> None:
        super().__init__(editor)
        self.editor = editor
        self.service = service
        self.context = context
        self.shown_text = ""  # the last help shown ("" when none)
        self._dwell_request: int | None = None  # the pause's request, dropped when the mouse moves
        self._tip_from_dwell = False  # the tip on screen came from a pause (it goes when it ends)
        self._shown_html = ""  # what this help last put in the tooltip
        # Scintilla's Qt widget reports a pause as the point only (viewport coordinates).
        editor.dwellStart.connect(self._on_dwell)
        editor.dwellEnd.connect(self._on_dwell_end)
        shortcut = QShortcut(QKeySequence("F1"), editor)
        shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
        shortcut.activated.connect(self.help_at_caret)

    # ---- Public API
    def help_at_caret(self) -> None:
        """F1: the docs of the name at the caret, or a word in the status bar on why none."""
        pos = self.editor.currentPos()
        name = word_at(self.editor, pos)
        if not name:
            self.sig_message.emit("Show Docs: no name at the caret")
            return
        self.help_at(pos, self._point_of(pos), name)

    def help_at(self, pos: int, point: QPoint, asked_for: str = "") -> int | None:
        """Ask for the help of the name at byte `pos`, shown at viewport `point`; the request's
        id. With `asked_for` (the name, when the user asked), finding none is said."""
        if pos < 0:
            return None
        context = self.context()
        line, column = line_and_column(self.editor, pos)
        line += context.line_offset
        return self.service.request(
            "help_text", (context.source, context.path, line, column),
            while_alive(self.editor, lambda text: self._show(text, point, asked_for)),
            lane="hover")

    # ---- Internals
    def _on_dwell(self, x: int, y: int) -> None:
        editor = self.editor
        pos = editor.positionFromPointClose(x, y)  # -1 away from the text (margins, past the end)
        if pos < 0 or editor.autoCActive() or editor.callTipActive() or menu_open():
            return
        if not word_at(editor, pos):
            return  # not on a name
        self._dwell_request = self.help_at(pos, QPoint(x, y))

    def _on_dwell_end(self, _x: int, _y: int) -> None:
        if self._dwell_request is not None and self.service.is_current(self._dwell_request, "hover"):
            self.service.cancel("hover")  # its answer would show where the mouse no longer is
        self._dwell_request = None
        if self._tip_from_dwell:  # (F1's tip stays: the mouse crossing the editor is no reason)
            self._tip_from_dwell = False
            QToolTip.hideText()

    def _show(self, text: str | None, point: QPoint, asked_for: str = "") -> None:
        from_dwell = self._tip_from_dwell = self._dwell_request is not None
        self._dwell_request = None
        self.shown_text = text = text or ""
        if not text and asked_for:
            self.sig_message.emit(f"No documentation found for {asked_for}")
        if not text or menu_open():
            return
        # Preformatted and escaped: docstrings hold `<` and column-aligned tables.
        html = f"<pre>{escape(text)}</pre>"
        shown = QToolTip.text() if QToolTip.isVisible() else ""
        if from_dwell and shown and shown != self._shown_html:
            # The same pause showed a lint finding here first: it stays, above the docs.
            html = f"{escape(shown).replace(chr(10), '<br>')}<hr>{html}"
        self._shown_html = html
        QToolTip.showText(self.editor.viewport().mapToGlobal(point), html, self.editor)

    def _point_of(self, pos: int) -> QPoint:
        editor = self.editor
        return QPoint(editor.pointXFromPosition(pos),
                      editor.pointYFromPosition(pos) + editor.textHeight(editor.current_line()))

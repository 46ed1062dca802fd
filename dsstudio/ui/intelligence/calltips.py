"""Signature help: Scintilla's calltip with the current parameter highlighted.

Asked when `(` or `,` is typed (the highlight moves to the next parameter), closed at `)`.
"""

from __future__ import annotations

from PySide6.QtCore import QObject

from dsstudio.ui.intelligence.positions import in_code


class CalltipController(QObject):
    def __init__(self, editor, service, context) -> None:
        super().__init__(editor)
        self.editor = editor
        self.service = service
        self.context = context
        self.shown_text = ""  # the calltip on screen ("" when none)
        self.shown_highlight = (0, 0)
        editor.charAdded.connect(self._on_char_added)

    def show_at_caret(self) -> None:
        editor = self.editor
        pos = editor.currentPos()
        context = self.context()
        line, column = editor.cursor_position()
        line += context.line_offset
        self.service.request(
            "call_tip", (context.source, context.path, line, column),
            lambda tip: self._show(pos, tip))

    def _on_char_added(self, char: int) -> None:
        # The `(` or `,` itself must be code (a string's comma is not).
        if char in (ord("("), ord(",")) and in_code(self.editor, self.editor.currentPos()):
            self.show_at_caret()
        elif char == ord(")"):
            self._cancel()

    def _show(self, pos: int, tip) -> None:
        editor = self.editor
        if tip is None or editor.currentPos() < pos or editor.lineFromPosition(
                editor.currentPos()) != editor.lineFromPosition(pos):
            if tip is None and editor.callTipActive() and pos > 0 and editor.charAt(pos - 1) == ord("("):
                self._cancel()  # a new call of something without a signature
            return
        if editor.autoCActive():
            return  # the list is in the way; the next `,` shows it
        text = tip.text
        start, end = tip.highlight
        shown_at = editor.callTipPosStart() if editor.callTipActive() else pos
        editor.callTipShow(shown_at, text)
        editor.callTipSetHlt(len(text[:start].encode("utf-8")), len(text[:end].encode("utf-8")))
        self.shown_text, self.shown_highlight = text, (start, end)

    def _cancel(self) -> None:
        self.editor.callTipCancel()
        self.shown_text, self.shown_highlight = "", (0, 0)

"""Signature help: Scintilla's calltip with the current parameter highlighted.

Asked when `(` or `,` is typed (the highlight moves to the next parameter). Closed at `)` and
when the file is saved; an answer still on its way then is dropped, and so is one that arrives
after the editor lost the keyboard or the caret left the call's line.
"""

from __future__ import annotations

from PySide6.QtCore import QObject

from dsstudio.ui.intelligence.analysis_service import while_alive
from dsstudio.ui.intelligence.positions import in_code

LANE = "signature"


class CalltipController(QObject):
    def __init__(self, editor, service, context) -> None:
        super().__init__(editor)
        self.editor = editor
        self.service = service
        self.context = context
        self.shown_text = ""  # the calltip on screen ("" when none)
        self.shown_highlight = (0, 0)
        self._waiting: int | None = None  # the id of the request whose answer is still wanted
        editor.charAdded.connect(self._on_char_added)
        editor.sig_modified_changed.connect(lambda modified: modified or self.close())

    # ---- Public API
    def show_at_caret(self) -> None:
        editor = self.editor
        pos = editor.currentPos()
        context = self.context()
        line, column = editor.cursor_position()
        line += context.line_offset
        request_id = self.service.request(
            "call_tip", (context.source, context.path, line, column),
            while_alive(editor, lambda tip: self._show(request_id, pos, tip)), lane=LANE)
        self._waiting = request_id

    def close(self) -> None:
        """Close the calltip; the answer still on its way, if any, is not shown."""
        self._waiting = None
        self.editor.callTipCancel()
        self.shown_text, self.shown_highlight = "", (0, 0)

    # ---- Internals
    def _on_char_added(self, char: int) -> None:
        # The `(` or `,` itself must be code (a string's comma is not).
        if char in (ord("("), ord(",")) and in_code(self.editor, self.editor.currentPos()):
            self.show_at_caret()
        elif char == ord(")"):
            self.close()

    def _show(self, request_id: int, pos: int, tip) -> None:
        if request_id != self._waiting:
            return  # closed (`)`, a save) or asked again since
        self._waiting = None
        editor = self.editor
        if tip is None or not editor.hasFocus() or editor.currentPos() < pos or (
                editor.lineFromPosition(editor.currentPos()) != editor.lineFromPosition(pos)):
            if tip is None and editor.callTipActive() and pos > 0 and editor.charAt(pos - 1) == ord("("):
                self.close()  # a new call of something without a signature
            return
        if editor.autoCActive():
            return  # the list is in the way; the next `,` shows it
        text = tip.text
        start, end = tip.highlight
        shown_at = editor.callTipPosStart() if editor.callTipActive() else pos
        editor.callTipShow(shown_at, text)
        editor.callTipSetHlt(len(text[:start].encode("utf-8")), len(text[:end].encode("utf-8")))
        self.shown_text, self.shown_highlight = text, (start, end)

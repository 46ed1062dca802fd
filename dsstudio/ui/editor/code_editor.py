"""The code editor: Scintilla (pyside6-scintilla) with Lexilla's Python lexer.

Scintilla speaks in UTF-8 byte offsets; everything public here speaks Python `str` and character
columns, so no caller ever handles bytes. Key handling stays inside Scintilla (Tab, Backspace
unindent, undo) and is extended through its own notifications (charAdded for auto-indent,
updateUi for brace matching and the caret), which keeps Scintilla's keymap and IME input intact.
"""

from __future__ import annotations

import builtins
import keyword
import re
import textwrap

from lexilla import create_lexer
from lexilla.pyside6_scintilla import set_lexer
from PySide6.QtCore import QPoint, Signal
from PySide6.QtGui import QContextMenuEvent
from PySide6.QtWidgets import QWidget
from pyside6_scintilla import ScintillaEdit

from dsstudio.core.editor.cells import cell_bounds, next_cell_start
from dsstudio.core.editor.text_diff import edits_between
from dsstudio.ui.editor.editor_theme import apply_theme, bgr
from dsstudio.ui.theme.theme_colours import colour, current_theme

NUMBER_MARGIN, MARKER_MARGIN, FOLD_MARGIN = 0, 1, 2
SC_MARGIN_SYMBOL, SC_MARGIN_NUMBER = 0, 1
SC_MASK_FOLDERS = -0x2000000  # 0xFE000000 as the signed int the binding takes
ERROR_MARKER, ERROR_LINE_MARKER = 1, 2
SC_MARK_CIRCLE, SC_MARK_BACKGROUND = 0, 22
SC_EOL_LF, SC_IV_LOOKBOTH, SC_WRAP_WORD, ANNOTATION_BOXED = 2, 3, 1, 2
# Scintilla sends SCEN_CHANGE (notifyChange) for marker, fold-level and line-state changes
# too: lexing while painting and a lint result's margin marks would count as edits.
SC_MODEVENTMASK_TEXT = 0x7FFFFF & ~(0x200 | 0x8 | 0x8000)  # all but CHANGEMARKER/FOLD/LINESTATE
SC_AUTOMATICFOLD_ALL = 7  # show, click, change: Scintilla handles margin clicks itself
FOLD_MARKERS = {  # SC_MARKNUM_* -> SC_MARK_*
    30: 12, 31: 14, 25: 13, 26: 15, 27: 11, 28: 10, 29: 9,
}
BRACES = b"()[]{}"
ERROR_STYLE = 40  # a free style number for error annotations
INDENT = 4
DEDENT_AFTER = re.compile(r"^\s*(return|pass|break|continue|raise)\b")
# The mouse resting this long shows what is under it (lint findings, docs): one pause for all,
# set here, since each helper setting its own made the pause that of whichever came last.
MOUSE_PAUSE_MS = 500


def strip_comment(line: str) -> str:
    """`line` without a trailing `# comment` (a `#` inside a string literal is kept)."""
    quote = None
    for index, char in enumerate(line):
        if quote:
            if char == quote:
                quote = None
        elif char in "\"'":
            quote = char
        elif char == "#":
            return line[:index]
    return line


class CodeEditor(ScintillaEdit):
    """A Python editor widget; see the module docstring for the str-only public API."""

    sig_modified_changed = Signal(bool)
    """The buffer started or stopped differing from the last save point."""

    sig_cursor_moved = Signal(int, int)
    """The caret moved: (line, column), both 0-based, column in characters."""

    sig_text_changed = Signal()
    """The text changed (typing, paste, undo, set_text)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._cell_mode = False
        # set_lexer hands the lexer to Scintilla (detached): keeping the Python object would
        # leave a dead wrapper that nanobind reports as a leak when the process exits.
        set_lexer(self, create_lexer("python"))
        self.setKeyWords(0, " ".join(keyword.kwlist + keyword.softkwlist))
        self.setKeyWords(1, " ".join(n for n in dir(builtins) if not n.startswith("_")))
        self.setProperty("fold", "1")
        self.setProperty("fold.quotes.python", "1")
        self.setProperty("lexer.python.decorator.attributes", "1")
        self.setEOLMode(SC_EOL_LF)
        self.setModEventMask(SC_MODEVENTMASK_TEXT)
        self._setup_indentation()
        self._setup_margins()
        self.setCaretLineVisible(True)
        self.setCaretLineVisibleAlways(True)
        self.setMouseDwellTime(MOUSE_PAUSE_MS)
        self.setScrollWidthTracking(True)
        self.setScrollWidth(1)
        self.setMultipleSelection(False)
        self.brace_match: tuple[int, int | None] | None = None
        self._last_caret: tuple[int, int] | None = None
        self.change_count = 0  # grows with every change: copies for recovery compare it
        # What others add to the right-click menu (editor_context_menu.MenuPart functions).
        self.context_menu_parts: list = []
        apply_theme(self, current_theme())  # preferences may change it once in a tab
        self.style_error_marks()
        self.charAdded.connect(self._on_char_added)
        self.updateUi.connect(self._on_update_ui)
        self.savePointChanged.connect(self.sig_modified_changed)
        self.notifyChange.connect(self._on_text_changed)

    # ---- Public API: text
    def text(self) -> str:
        return bytes(self.getText(self.textLength() + 1))[: self.textLength()].decode("utf-8")

    def set_text(self, text: str) -> None:
        """Replace the whole buffer; resets undo history and marks the text as saved."""
        self.setText(text)
        self.emptyUndoBuffer()
        self.setSavePoint()
        self.gotoPos(0)
        self.update_number_margin()

    def replace_text_keeping_place(self, new_text: str) -> bool:
        """Turn the buffer into `new_text` by its differing hunks, as one undo step: the caret,
        scroll and undo history stay (a reload from disk can be undone). False if equal."""
        old = self.text()
        edits = edits_between(old, new_text)
        if not edits:
            return False
        # Character offsets to Scintilla's UTF-8 byte positions, walking once through the text.
        ranges, char_at, byte_at = [], 0, 0
        for edit in edits:
            start = byte_at + len(old[char_at:edit.start].encode("utf-8"))
            end = start + len(old[edit.start:edit.end].encode("utf-8"))
            ranges.append((start, end, edit.replacement))
            char_at, byte_at = edit.end, end
        first_line = self.firstVisibleLine()
        self.beginUndoAction()
        try:
            for start, end, replacement in reversed(ranges):  # later first: earlier stay valid
                self.setTargetRange(start, end)
                self.replaceTarget(len(replacement.encode("utf-8")), replacement)
        finally:
            self.endUndoAction()
        self.setFirstVisibleLine(first_line)
        return True

    def selected_text(self) -> str:
        start, end = self.selectionStart(), self.selectionEnd()
        return bytes(self.get_text_range(start, end)).decode("utf-8") if end > start else ""

    def line_text(self, line: int) -> str:
        return bytes(self.getLine(line)).decode("utf-8").rstrip("\r\n")

    def lines_text(self, start: int, end: int) -> str:
        """Lines [start, end) joined with newlines."""
        return "\n".join(self.line_text(n) for n in range(start, min(end, self.lineCount())))

    def is_modified(self) -> bool:
        return bool(self.modify())

    def set_save_point(self) -> None:
        self.setSavePoint()

    # ---- Public API: caret and navigation
    def take_focus(self) -> None:
        """Give keyboard focus to the editor (ScintillaEdit.setFocus is SCI_SETFOCUS, not Qt's)."""
        QWidget.setFocus(self)

    def current_line(self) -> int:
        return self.lineFromPosition(self.currentPos())

    def cursor_position(self) -> tuple[int, int]:
        pos = self.currentPos()
        line = self.lineFromPosition(pos)
        start = self.positionFromLine(line)
        column = len(bytes(self.get_text_range(start, pos)).decode("utf-8", "replace"))
        return line, column

    def set_cursor(self, line: int, column: int = 0) -> None:
        line = max(0, min(line, self.lineCount() - 1))
        prefix = self.line_text(line)[:column]
        self.gotoPos(self.positionFromLine(line) + len(prefix.encode("utf-8")))

    def goto_line(self, line: int) -> None:
        line = max(0, min(line, self.lineCount() - 1))
        self.ensureVisibleEnforcePolicy(line)
        self.gotoLine(line)
        self.verticalCentreCaret()

    # ---- Public API: running code
    def selection_or_current_line(self) -> str:
        """The selection (dedented), or the current line, moving the caret to the next line."""
        selected = self.selected_text()
        if selected:
            return textwrap.dedent(selected)
        line = self.current_line()
        text = self.line_text(line)
        if line + 1 < self.lineCount():
            self.gotoLine(line + 1)
        return text.strip()

    def current_cell_text(self) -> tuple[str, int, int]:
        """(code, first line, end line) of the `# %%` cell under the caret."""
        lines = self.text().split("\n")
        start, end = cell_bounds(lines, self.current_line())
        return "\n".join(lines[start:end]), start, end

    def goto_next_cell(self) -> None:
        following = next_cell_start(self.text().split("\n"), self.current_line())
        if following is not None:
            self.goto_line(min(following + 1, self.lineCount() - 1))

    # ---- Public API: editing commands
    def toggle_comment(self) -> None:
        """Comment the selected lines (or the current one) with `# `; uncomment if all are."""
        first = self.lineFromPosition(self.selectionStart())
        last = self.lineFromPosition(self.selectionEnd())
        if last > first and self.selectionEnd() == self.positionFromLine(last):
            last -= 1  # a selection ending at column 0 does not include that line
        lines = [self.line_text(n) for n in range(first, last + 1)]
        code_lines = [line for line in lines if line.strip()]
        if not code_lines:
            return
        uncomment = all(line.lstrip().startswith("#") for line in code_lines)
        column = min(len(line) - len(line.lstrip()) for line in code_lines)
        self.beginUndoAction()
        for offset, line in enumerate(lines):
            if not line.strip():
                continue
            if uncomment:
                head, body = line[: len(line) - len(line.lstrip())], line.lstrip()[1:]
                new = head + (body[1:] if body.startswith(" ") else body)
            else:
                new = line[:column] + "# " + line[column:]
            self._replace_line(first + offset, new)
        self.endUndoAction()
        self.setSel(self.positionFromLine(first), self.lineEndPosition(last))

    def zoom_in(self) -> None:
        self.zoomIn()

    def zoom_out(self) -> None:
        self.zoomOut()

    def zoom_reset(self) -> None:
        self.setZoom(0)

    def use_as_cell_editor(self, python: bool = True) -> None:
        """A notebook cell: no margins or scroll bars, wrapped lines, as tall as its text.

        Markdown and raw cells (`python` False) are plain text, without Python's colours.
        """
        self._cell_mode = True
        if not python:
            set_lexer(self, create_lexer("null"))
        for margin in (NUMBER_MARGIN, MARKER_MARGIN, FOLD_MARGIN):
            self.setMarginWidthN(margin, 0)
        self.setHScrollBar(False)
        self.setVScrollBar(False)
        self.set_word_wrap(True)

    def display_lines(self) -> int:
        """Lines on screen, counting wrapped ones."""
        return self.visibleFromDocLine(self.lineCount() - 1) + self.wrapCount(self.lineCount() - 1)

    def set_word_wrap(self, on: bool) -> None:
        self.setWrapMode(SC_WRAP_WORD if on else 0)

    def set_tab_width(self, width: int) -> None:
        """Columns of a tab and of one indent step (Tab, Backspace and auto-indent use it)."""
        self.setTabWidth(width)
        self.setIndent(width)

    def toggle_fold_at(self, line: int) -> None:
        self.toggleFold(line)

    # ---- Public API: the right-click menu
    def context_menu(self, point: QPoint | None = None):
        """The right-click menu (a QMenu), for a click at viewport `point` (None: from the
        keyboard). A click away from the selection moves the caret there first, so that the
        menu's commands act on what was clicked."""
        from dsstudio.ui.editor.editor_context_menu import build_context_menu

        if point is not None:
            pos = self.charPositionFromPoint(point.x(), point.y())  # the character clicked
            if not self.selectionStart() <= pos <= self.selectionEnd() or self.selectionEmpty():
                self.gotoPos(pos)
        return build_context_menu(self, self.context_menu_parts)

    def contextMenuEvent(self, event) -> None:  # noqa: N802 (Qt name)
        from_mouse = event.reason() == QContextMenuEvent.Reason.Mouse
        point = event.pos() if from_mouse else QPoint(
            self.pointXFromPosition(self.currentPos()),
            self.pointYFromPosition(self.currentPos()) + self.textHeight(self.current_line()))
        menu = self.context_menu(point if from_mouse else None)
        menu.exec(event.globalPos() if from_mouse else self.viewport().mapToGlobal(point))
        menu.deleteLater()

    # ---- Public API: error marks (live reload points at the failing line)
    def mark_error_line(self, line: int, message: str) -> None:
        line = max(0, min(line, self.lineCount() - 1))
        self.markerAdd(line, ERROR_MARKER)
        self.markerAdd(line, ERROR_LINE_MARKER)
        self.annotationSetText(line, message)
        self.annotationSetStyle(line, ERROR_STYLE)
        self.annotationSetVisible(ANNOTATION_BOXED)

    def clear_error_marks(self) -> None:
        self.markerDeleteAll(ERROR_MARKER)
        self.markerDeleteAll(ERROR_LINE_MARKER)
        self.annotationClearAll()

    def error_lines(self) -> list[int]:
        return [n for n in range(self.lineCount()) if self.markerGet(n) & (1 << ERROR_MARKER)]

    # ---- Internals
    def _setup_indentation(self) -> None:
        self.setUseTabs(False)
        self.setTabWidth(INDENT)
        self.setIndent(INDENT)
        self.setTabIndents(True)
        self.setBackSpaceUnIndents(True)
        self.setIndentationGuides(SC_IV_LOOKBOTH)

    def _setup_margins(self) -> None:
        self.setMarginTypeN(NUMBER_MARGIN, SC_MARGIN_NUMBER)
        self.setMarginTypeN(MARKER_MARGIN, SC_MARGIN_SYMBOL)
        self.setMarginMaskN(MARKER_MARGIN, 1 << ERROR_MARKER)
        self.setMarginWidthN(MARKER_MARGIN, 12)
        self.setMarginTypeN(FOLD_MARGIN, SC_MARGIN_SYMBOL)
        self.setMarginMaskN(FOLD_MARGIN, SC_MASK_FOLDERS)
        self.setMarginWidthN(FOLD_MARGIN, 14)
        self.setMarginSensitiveN(FOLD_MARGIN, True)
        for number, symbol in FOLD_MARKERS.items():
            self.markerDefine(number, symbol)
        self.setAutomaticFold(SC_AUTOMATICFOLD_ALL)
        self.setFoldFlags(16)  # SC_FOLDFLAG_LINEAFTER_CONTRACTED: a line marks folded code
        self.update_number_margin()

    def style_error_marks(self) -> None:
        """Colours of error marks; again after a theme change (styleClearAll resets them)."""
        self.markerDefine(ERROR_MARKER, SC_MARK_CIRCLE)
        self.markerSetFore(ERROR_MARKER, bgr("#c62828"))
        self.markerSetBack(ERROR_MARKER, bgr("#e53935"))
        self.markerDefine(ERROR_LINE_MARKER, SC_MARK_BACKGROUND)
        self.markerSetBack(ERROR_LINE_MARKER, bgr(colour("error_bg", self.theme_name)))
        self.styleSetFore(ERROR_STYLE, bgr(colour("error_text", self.theme_name)))
        self.styleSetBack(ERROR_STYLE, bgr(colour("error_bg", self.theme_name)))

    def update_number_margin(self) -> None:
        """Wide enough for the last line's number (again when the font changes)."""
        if self._cell_mode:
            return
        digits = max(3, len(str(self.lineCount())))
        self.setMarginWidthN(NUMBER_MARGIN, self.textWidth(33, "9" * (digits + 1)))

    def _replace_line(self, line: int, text: str) -> None:
        self.setTargetRange(self.positionFromLine(line), self.lineEndPosition(line))
        self.replaceTarget(len(text.encode("utf-8")), text)

    def _on_char_added(self, char: int) -> None:
        if char not in (10, 13):
            return
        line = self.current_line()
        if line == 0:
            return
        previous = self.line_text(line - 1)
        indent = self.lineIndentation(line - 1)
        code = strip_comment(previous).rstrip()
        if code.endswith(":"):
            indent += self.indent()  # the user's tab width (Preferences), 4 by default
        elif DEDENT_AFTER.match(previous):
            indent = max(0, indent - self.indent())
        if indent:
            self.setLineIndentation(line, indent)
            self.gotoPos(self.lineIndentPosition(line))

    def _on_update_ui(self, _updated: int) -> None:
        self._match_braces()
        caret = self.cursor_position()
        if caret != self._last_caret:
            self._last_caret = caret
            self.sig_cursor_moved.emit(*caret)

    def _match_braces(self) -> None:
        pos, length = self.currentPos(), self.textLength()
        for candidate in (pos - 1, pos):
            if 0 <= candidate < length and (self.charAt(candidate) & 0xFF) in BRACES:
                match = self.braceMatch(candidate, 0)
                if match >= 0:
                    self.braceHighlight(candidate, match)
                    self.brace_match = (candidate, match)
                else:
                    self.braceBadLight(candidate)
                    self.brace_match = (candidate, None)
                return
        self.braceHighlight(-1, -1)
        self.brace_match = None

    def _on_text_changed(self) -> None:
        self.change_count += 1
        self.update_number_margin()
        self.sig_text_changed.emit()

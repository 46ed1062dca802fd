"""Scintilla byte positions to (line, character column) and back, for jedi's requests."""

from __future__ import annotations


def line_and_column(editor, pos: int) -> tuple[int, int]:
    line = editor.lineFromPosition(pos)
    start = editor.positionFromLine(line)
    return line, len(bytes(editor.get_text_range(start, pos)).decode("utf-8", "replace"))


def position_of(editor, line: int, column: int) -> int:
    prefix = editor.line_text(line)[:column]
    return editor.positionFromLine(line) + len(prefix.encode("utf-8"))


def word_at(editor, pos: int) -> str:
    """The identifier around byte `pos` ("" if there is none)."""
    start, end = editor.wordStartPosition(pos, True), editor.wordEndPosition(pos, True)
    return bytes(editor.get_text_range(start, end)).decode("utf-8", "replace") if end > start else ""


def line_before(editor, pos: int) -> str:
    """The text of `pos`'s line up to `pos`."""
    start = editor.positionFromLine(editor.lineFromPosition(pos))
    return bytes(editor.get_text_range(start, pos)).decode("utf-8", "replace")


# Lexilla's Python styles in which no completion is wanted: comments, strings, numbers.
QUIET_STYLES = {1, 2, 3, 4, 6, 7, 8, 9, 12, 13, 16, 17, 18, 19}  # and def/class names


def in_code(editor, pos: int) -> bool:
    """False inside a comment, a string or a number (typing there asks for nothing)."""
    if pos <= 0:
        return True
    # Lexilla styles lazily: the character just typed may not be styled yet.
    editor.colourise(editor.positionFromLine(editor.lineFromPosition(pos)), pos)
    return (editor.styleAt(pos - 1) & 0xFF) not in QUIET_STYLES

"""Ruff's places (1-based row, 1-based character column) as UTF-8 byte offsets, Scintilla's unit.

Lines end as both ruff and Scintilla see them: at `\r\n`, `\r` or `\n` (not at the other breaks
`str.splitlines` knows, such as form feed or U+2028, which neither counts as a line end).
"""

from __future__ import annotations

import re
from itertools import accumulate

LINE_BREAK = re.compile(r"(\r\n|\r|\n)")


class LineIndex:
    """Byte offsets of the places in one text: built once per result, looked up per finding."""

    def __init__(self, text: str) -> None:
        # Lines and their ends alternate; the byte lengths are summed at C speed (a 1,000-line
        # file is indexed on the GUI thread when its result is shown).
        parts = LINE_BREAK.split(text)
        self._lines: list[str] = parts[0::2]
        self._starts: list[int] = [0, *accumulate(map(len, map(str.encode, parts)))][0::2]

    @property
    def line_count(self) -> int:
        return len(self._lines)

    def line_text(self, row: int) -> str:
        """The text of 1-based `row` without its line end ("" past the end)."""
        return self._lines[row - 1] if 1 <= row <= len(self._lines) else ""

    def byte_offset(self, row: int, column: int) -> int:
        """The byte offset of 1-based (row, character column), clamped into the text."""
        if row > len(self._lines):
            row, column = len(self._lines), len(self._lines[-1]) + 1
        row = max(1, row)
        line = self._lines[row - 1]
        chars = max(0, min(column - 1, len(line)))
        return self._starts[row - 1] + len(line[:chars].encode("utf-8"))

    def byte_column(self, row: int, column: int) -> int:
        """The byte offset of (row, column) from its line's start."""
        return self.byte_offset(row, column) - self._starts[max(1, min(row, len(self._lines))) - 1]

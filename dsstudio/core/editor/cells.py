"""`# %%` cells in a Python file (the convention of Spyder, VS Code and Jupytext).

A line starting with `# %%` (or `#%%`) opens a cell that runs to the next marker; the marker belongs
to the cell it opens. A file without markers is one cell.
"""

from __future__ import annotations

import re

CELL_MARKER = re.compile(r"^#\s?%%")


def _lines(text_or_lines: str | list[str]) -> list[str]:
    return text_or_lines.split("\n") if isinstance(text_or_lines, str) else text_or_lines


def is_cell_marker(line: str) -> bool:
    return bool(CELL_MARKER.match(line))


def cell_bounds(text_or_lines: str | list[str], line: int) -> tuple[int, int]:
    """The 0-based [start, end) line range of the cell holding `line`."""
    lines = _lines(text_or_lines)
    line = max(0, min(line, len(lines) - 1))
    start = 0
    for index in range(line, -1, -1):
        if is_cell_marker(lines[index]):
            start = index
            break
    end = len(lines)
    for index in range(line + 1, len(lines)):
        if is_cell_marker(lines[index]):
            end = index
            break
    return start, end


def next_cell_start(text_or_lines: str | list[str], line: int) -> int | None:
    """First line of the cell after the one holding `line`, or None if it is the last."""
    lines = _lines(text_or_lines)
    _, end = cell_bounds(lines, line)
    return end if end < len(lines) else None

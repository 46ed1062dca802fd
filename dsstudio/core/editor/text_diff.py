"""Differences between two texts: the edits that turn one into the other, and a readable diff.

A buffer reloaded from disk is changed by its differing hunks only, not replaced whole, so the
caret, bookmarks and folds in unchanged parts stay where they were and the reload is one small
undo step.
"""

from __future__ import annotations

import difflib
from typing import NamedTuple

# Beyond this many differing lines, one replacement of the changed middle instead of a line
# match (difflib is quadratic in the worst case; a reformatted 50,000-line file must not stall).
MAX_MATCHED_LINES = 5000


class Edit(NamedTuple):
    start: int  # character offset in the old text
    end: int
    replacement: str


def edits_between(old: str, new: str) -> list[Edit]:
    """Replacements, in order of position, that turn `old` into `new`."""
    if old == new:
        return []
    old_lines = old.splitlines(keepends=True)
    new_lines = new.splitlines(keepends=True)
    head = 0
    while head < min(len(old_lines), len(new_lines)) and old_lines[head] == new_lines[head]:
        head += 1
    tail = 0
    while (tail < min(len(old_lines), len(new_lines)) - head
           and old_lines[-1 - tail] == new_lines[-1 - tail]):
        tail += 1
    old_mid = old_lines[head:len(old_lines) - tail]
    new_mid = new_lines[head:len(new_lines) - tail]
    offsets = _line_offsets(old_lines)
    if len(old_mid) + len(new_mid) > MAX_MATCHED_LINES:
        return [Edit(offsets[head], offsets[len(old_lines) - tail], "".join(new_mid))]
    edits = []
    matcher = difflib.SequenceMatcher(None, old_mid, new_mid, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag != "equal":
            edits.append(Edit(offsets[head + i1], offsets[head + i2], "".join(new_mid[j1:j2])))
    return edits


def apply_edits(text: str, edits: list[Edit]) -> str:
    for edit in reversed(edits):
        text = text[:edit.start] + edit.replacement + text[edit.end:]
    return text


def unified_diff(old: str, new: str, old_name: str, new_name: str) -> str:
    lines = difflib.unified_diff(old.splitlines(keepends=True), new.splitlines(keepends=True),
                                 old_name, new_name)
    # A last line without a newline would run into the next diff line.
    return "".join(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n"
                   for line in lines)


def _line_offsets(lines: list[str]) -> list[int]:
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line))
    return offsets

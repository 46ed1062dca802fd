"""A notebook cell's source as one string: nbformat keeps it as a string or, as read from some
files, a list of lines."""

from __future__ import annotations


def cell_text(cell) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else source

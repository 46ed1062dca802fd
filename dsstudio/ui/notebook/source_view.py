"""The cheap view of a cell's source (a rich-text label) shown while the cell is not edited.

A click in it starts editing at the clicked place, as in JupyterLab and VS Code: the label has
no caret of its own, so the click is mapped to a character by laying out the same text again
in a QTextDocument (only when clicked: nothing is paid per cell while the notebook opens).
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QLabel


def offset_at(label: QLabel, point: QPoint) -> int:
    """The character offset of `label`'s text nearest `point` (in the label's coordinates)."""
    document = QTextDocument()
    document.setDefaultFont(label.font())
    document.setDocumentMargin(0)  # as QLabel lays out its rich text
    document.setHtml(label.text())
    document.setTextWidth(label.contentsRect().width())
    inside = QPointF(point - label.contentsRect().topLeft())
    position = document.documentLayout().hitTest(inside, Qt.HitTestAccuracy.FuzzyHit)
    return max(0, position)


def line_and_column(text: str, offset: int) -> tuple[int, int]:
    """(line, column) of character `offset` in `text`, both from 0."""
    offset = max(0, min(offset, len(text)))
    line = text.count("\n", 0, offset)
    return line, offset - (text.rfind("\n", 0, offset) + 1)

"""An output wider than the notebook scrolls sideways inside itself (JupyterLab's overflow-x:
auto on an output), never the whole notebook: a wide DataFrame or a long unbroken line once
pushed the column wider than the pane, and the code scrolled out of view with it.

Only outputs that can be wide get one (HTML, an SVG of its own size, text with a word longer than
a narrow pane): a scroll area is a few widgets more, and a notebook builds many outputs.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import (
    QFrame,
    QLabel,
    QScrollArea,
    QScrollBar,
    QSizePolicy,
    QWidget,
)

# A run of this many characters without a space may be wider than a narrow pane (about 45
# monospaced characters in 350 px): its text can then not wrap to fit.
LONG_WORD = re.compile(r"\S{40}")


def has_long_word(text: str) -> bool:
    return LONG_WORD.search(text) is not None


class SidewaysBar(QScrollBar):
    """A horizontal scroll bar that leaves the wheel's turns to the notebook: a notebook scrolled
    with the wheel stopped whenever one of these passed under the mouse, and the output went
    sideways instead. A sideways turn (a touchpad's) still scrolls it."""

    def wheelEvent(self, event: QWheelEvent) -> None:  # noqa: N802 (Qt name)
        delta = event.angleDelta()
        if abs(delta.x()) > abs(delta.y()):
            super().wheelEvent(event)
        else:
            event.ignore()  # (Qt then offers it to the parents: the notebook scrolls)


class SidewaysScroller(QScrollArea):
    """`content` at the notebook's width, or at the width it needs when wider, with a horizontal
    scroll bar then; as tall as the content at that width (plus the bar): it never scrolls
    vertically, the notebook does."""

    def __init__(self, content: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("WideOutput")
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setWidgetResizable(True)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setHorizontalScrollBar(SidewaysBar(Qt.Orientation.Horizontal, self))
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        # Its width is the notebook's to give (Ignored): it never widens the column.
        policy = QSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)
        self.setWidget(content)
        content.setMinimumWidth(self.needed_width())

    def needed_width(self) -> int:
        """The narrowest the content can be: a wrapped text's longest word, a table's width."""
        content = self.widget()
        if isinstance(content, QLabel) and not content.wordWrap():
            return content.sizeHint().width()
        return max(content.minimumSizeHint().width(), content.minimumWidth())

    def hasHeightForWidth(self) -> bool:  # noqa: N802 (Qt name)
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802 (Qt name)
        content = self.widget()
        inner = max(width, content.minimumWidth())
        height = content.heightForWidth(inner) if content.hasHeightForWidth() else -1
        if height < 0:
            height = content.sizeHint().height()
        if inner > width:  # the bar shows, under the content
            height += self.horizontalScrollBar().sizeHint().height()
        return height

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt name)
        return QSize(0, self.heightForWidth(max(1, self.width())))

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt name)
        return QSize(0, 0)

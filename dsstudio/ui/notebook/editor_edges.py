"""Up and Down at a cell editor's first and last line go on to the cell above or below.

As in Jupyter: arrows walk through a notebook's code as through one file. Only a plain arrow
on the first (last) line on screen leaves: a wrapped line's lower rows, Shift+Up (a selection)
and an open completion list keep their usual meaning.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt


class EditorEdges(QObject):
    """Event filter on a cell's CodeEditor: calls `leave(-1 or 1, column)` at its edges."""

    def __init__(self, editor, leave: Callable[[int, int], None]) -> None:
        super().__init__(editor)
        self._editor = editor
        self._leave = leave

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 (Qt name)
        if event.type() != QEvent.Type.KeyPress or event.modifiers() not in (
                Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.KeypadModifier):
            return False
        key = event.key()
        if key not in (Qt.Key.Key_Up, Qt.Key.Key_Down):
            return False
        editor = self._editor
        if editor.autoCActive():
            return False
        caret_y = editor.pointYFromPosition(editor.currentPos())
        step = -1 if key == Qt.Key.Key_Up else 1
        edge = 0 if step < 0 else editor.length()
        if caret_y != editor.pointYFromPosition(edge):
            return False
        self._leave(step, editor.cursor_position()[1])
        return True

"""The notebook's column of cells, with only the built cells in its layout.

A layout of 10,000 widgets costs its owner 10,000 moves and resizes every time anything in it
changes size, and a notebook's cells change size all the time (outputs arrive, a cell is built).
So the column's layout holds the built cells' widgets (those near the screen) and, for each run
of unbuilt cells between them, one spacer as tall as the run. Where a cell is comes from adding
up heights, not from Qt.
"""

from __future__ import annotations

from itertools import accumulate

from PySide6.QtWidgets import QVBoxLayout, QWidget

SPACING = 2
TOP_MARGIN = 4
BOTTOM_MARGIN = 40


class CellColumn(QWidget):
    """The scroll area's widget: built cells and spacers standing for the unbuilt ones."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, TOP_MARGIN, 0, BOTTOM_MARGIN)
        self._layout.setSpacing(SPACING)
        self._spacers: list[QWidget] = []
        self._placed: list = []  # what the layout holds now: cells and spacer heights

    def place(self, cells: list) -> None:
        """Lay out `cells` (NotebookCells, in order): built ones as their widgets, each run of
        unbuilt ones as one spacer. Does nothing when that is what the layout holds already."""
        wanted: list = []
        run = count = 0
        for cell in cells:
            if cell.built:
                if count:
                    wanted.append(run + SPACING * (count - 1))
                    run = count = 0
                wanted.append(cell.widget)
            else:
                run += cell.height()
                count += 1
        if count:
            wanted.append(run + SPACING * (count - 1))
        if wanted == self._placed:
            return
        layout = self._layout
        while layout.count():
            layout.takeAt(0)
        spacers = iter(self._spacers)
        used = 0
        for item in wanted:
            if isinstance(item, int):
                spacer = next(spacers, None)
                if spacer is None:
                    spacer = QWidget(self)
                    self._spacers.append(spacer)
                spacer.setFixedHeight(item)
                spacer.show()
                layout.addWidget(spacer)
                used += 1
            else:
                layout.addWidget(item)
                item.show()
        for spacer in self._spacers[used:]:
            spacer.hide()
        layout.addStretch(1)
        self._placed = wanted

    def tops(self, cells: list) -> list[int]:
        """Each cell's top in the column, as the layout puts it (every cell has a fixed height)."""
        heights = [cell.height() + SPACING for cell in cells]
        return [TOP_MARGIN + top for top in accumulate(heights, initial=0)][:-1] if cells else []

"""The notebook's column of cells, with only the built cells in its layout.

A layout of 10,000 widgets costs its owner 10,000 moves and resizes every time anything in it
changes size, and a notebook's cells change size all the time (outputs arrive, a cell is built).
So the column's layout holds the built cells' widgets (those near the screen) and, for each run
of unbuilt cells between them, one spacer as tall as the run. Where a cell is comes from adding
up heights, not from Qt, kept as they change (cell_tops.py): a scroll step costs what is near the
screen, not what the notebook holds.
"""

from __future__ import annotations

import shiboken6
from PySide6.QtWidgets import QVBoxLayout, QWidget

from dsstudio.ui.notebook.cell_tops import HeightTree

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
        self._layout.addStretch(1)  # (always last: cells and spacers go before it)
        self._spacers: list[QWidget] = []
        self._placed: list = []  # what the layout holds now: cells and spacer heights
        self._order: list[QWidget] = []  # the same as widgets: cells' and spacers'
        # The cells' heights (each with the spacing after it), by index, as last seen.
        self._heights = HeightTree()
        self._cells: list = []  # the list they are of
        self._changes = -1  # its change count when the heights were last taken in order
        self._index: dict = {}  # cell -> its index (made again when the order changes)
        self._built: set = set()  # the cells with widgets
        self._resized: set = set()  # unbuilt cells whose blank changed height since

    # ---- Cells and where they are
    def sync(self, cells: list) -> None:
        """Bring the heights up to date with `cells` (a CellList): after a change of order all
        of them, else only the built cells' and the blanks that changed."""
        changes = getattr(cells, "changes", None)
        if cells is not self._cells or changes is None or changes != self._changes \
                or len(cells) != len(self._heights):
            self._cells, self._changes = cells, changes
            self._index = {cell: index for index, cell in enumerate(cells)}
            self._built = {cell for cell in cells if cell.built}
            self._resized.clear()
            self._heights.reset([cell.height() + SPACING for cell in cells])
            return
        touched = self._built | self._resized
        self._resized.clear()
        for cell in touched:
            index = self._index.get(cell)
            if index is not None:
                self._heights.set(index, cell.height() + SPACING)
        self._built = {cell for cell in self._built if cell.built}

    def build(self, cell) -> None:
        """Give `cell` its widget, measured at the column's width. (Its height is taken now; if
        the cells' order changed since the last `sync`, the next one starts again anyway.)"""
        if not cell.built:
            cell.build(self, self.width())
        self._built.add(cell)
        index = self._index.get(cell)
        if index is not None and index < len(self._heights):
            self._heights.set(index, cell.height() + SPACING)

    def unbuild(self, cell) -> None:
        """Back to a blank of its height (unless it is edited or run: see NotebookCell)."""
        if cell.unbuild():
            self._built.discard(cell)
            self._resized.add(cell)  # (its last height as a widget may be newer than the tree's)

    def blank_resized(self, cell) -> None:
        """An unbuilt cell's height changed (outputs came, its source was replaced)."""
        self._resized.add(cell)

    def built_cells(self) -> list:
        """The cells with widgets, in order (by their index at the last `sync`)."""
        return sorted((cell for cell in self._built if cell.built),
                      key=lambda cell: self._index.get(cell, 0))

    def built_indexes(self) -> list[int]:
        return sorted(self._index[cell] for cell in self._built if cell in self._index)

    def top(self, index: int) -> int:
        """The cell's top in the column, as the layout puts it (every cell has a fixed height)."""
        return TOP_MARGIN + self._heights.prefix(index)

    def count_above(self, y: int) -> int:
        """How many cells start at or above `y` (bisect_right on the cells' tops)."""
        return min(len(self._heights), self._heights.count_within(y - TOP_MARGIN) + 1) \
            if y >= TOP_MARGIN else 0

    def place(self, cells: list) -> None:
        """Lay out `cells` (NotebookCells, in order): built ones as their widgets, each run of
        unbuilt ones as one spacer. Does nothing when that is what the layout holds already."""
        self.sync(cells)
        wanted: list = []
        start = 0  # the first cell not laid out yet
        for index in self.built_indexes():
            if index > start:  # a run of blanks: their heights, and the spacing between them
                wanted.append(self._heights.prefix(index) - self._heights.prefix(start) - SPACING)
            wanted.append(cells[index].widget)
            start = index + 1
        if start < len(cells):
            wanted.append(self._heights.prefix(len(cells)) - self._heights.prefix(start) - SPACING)
        if wanted == self._placed:
            return
        # The spacers, in order, stand for the runs of blanks.
        order: list[QWidget] = []
        used = 0
        for item in wanted:
            if isinstance(item, int):
                if used == len(self._spacers):
                    self._spacers.append(QWidget(self))
                spacer = self._spacers[used]
                used += 1
                if spacer.minimumHeight() != item or spacer.maximumHeight() != item:
                    spacer.setFixedHeight(item)
                item = spacer
            order.append(item)
        self._arrange(order)
        for spacer in self._spacers[used:]:
            spacer.hide()
        self._placed = wanted

    def _arrange(self, order: list[QWidget]) -> None:
        """Make the layout hold `order` (then the stretch). Only what changed is taken out or
        put in: a scroll step builds a few cells at one end and lets a few go at the other,
        and putting back and showing every built cell cost most of a step."""
        layout, current = self._layout, self._order
        wanted, present = set(order), set(current)
        if [widget for widget in current if widget in wanted] != \
                [widget for widget in order if widget in present]:  # (moved: start again)
            while layout.count():
                layout.takeAt(0)
            current, present = [], set()
            layout.addStretch(1)
        for widget in current:
            if widget not in wanted and shiboken6.isValid(widget):  # (a deleted one is gone)
                layout.removeWidget(widget)
        for position, widget in enumerate(order):
            if widget not in present:
                layout.insertWidget(position, widget)
                widget.show()
        self._order = order

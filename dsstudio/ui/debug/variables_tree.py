"""The Debug pane's variables: a frame's names as the Variables pane describes them (type, shape,
memory, a short preview), a container or object opened a level at a time, on demand.

The tree does not know where listings come from: `fetch(path, on_listing)` is set by the pane
(the paused frame through the debugger, or the last error's frame through a silent execute).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTreeWidget, QTreeWidgetItem, QWidget

from dsstudio.core.variables.variable_list import COLUMNS, Variable

PATH = Qt.ItemDataRole.UserRole  # an item's steps from the frame's names (a list)
LOADED = Qt.ItemDataRole.UserRole + 1  # its children were asked for
PREVIEW = COLUMNS.index("Preview")

Fetch = Callable[[list, Callable[[dict], None]], None]


class FrameVariablesTree(QTreeWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setHeaderLabels(list(COLUMNS))
        self.setUniformRowHeights(True)
        # The pane is narrow: the preview comes before the memory, which stretches at the end.
        header = self.header()
        header.moveSection(COLUMNS.index("Memory"), len(COLUMNS) - 1)
        for column, width in (("Name", 120), ("Type", 70), ("Shape", 65), ("Preview", 240)):
            self.setColumnWidth(COLUMNS.index(column), width)
        self.fetch: Fetch | None = None
        # Grows at each clear: a listing for rows gone since is dropped.
        self._generation = 0
        self.itemExpanded.connect(self._on_expanded)

    # ---- Public API
    def show_frame(self, fetch: Fetch | None) -> None:
        """Clear, then list the names of the frame `fetch` reaches (None: nothing to show)."""
        self.clear()
        self.fetch = fetch
        if fetch is not None:
            generation = self._generation
            fetch([], lambda listing: self._fill(None, listing, generation))

    def clear(self) -> None:
        self._generation += 1
        self.fetch = None
        super().clear()

    # ---- Internals
    def _on_expanded(self, item: QTreeWidgetItem) -> None:
        path = item.data(0, PATH)
        if self.fetch is None or not path or item.data(0, LOADED):
            return
        item.setData(0, LOADED, True)
        generation = self._generation
        self.fetch(path, lambda listing: self._fill(item, listing, generation))

    def _fill(self, parent: QTreeWidgetItem | None, listing: dict, generation: int) -> None:
        if generation != self._generation:
            return
        base = [] if parent is None else parent.data(0, PATH)
        rows = []
        for entry in listing.get("variables", []):
            variable = Variable.from_description(entry)
            item = QTreeWidgetItem([variable.cell(c) for c in range(len(COLUMNS))])
            item.setToolTip(PREVIEW, variable.preview)
            item.setData(0, PATH, [*base, entry.get("step")])
            if entry.get("expandable"):
                item.setChildIndicatorPolicy(QTreeWidgetItem.ChildIndicatorPolicy.ShowIndicator)
            rows.append(item)
        more, error = listing.get("more", 0), listing.get("error", "")
        if more:
            rows.append(QTreeWidgetItem([f"… {more:,} more", "", "", "", "not listed"]))
        if error:
            rows.append(QTreeWidgetItem(["(error)", "", "", "", error]))
        if parent is None:
            self.addTopLevelItems(rows or [QTreeWidgetItem(["(no variables)"])])
        else:
            parent.addChildren(rows)
            if not rows:
                parent.setChildIndicatorPolicy(
                    QTreeWidgetItem.ChildIndicatorPolicy.DontShowIndicatorWhenChildless)

"""The data viewer: a native table over a kernel frame, array or list of dicts, that asks the kernel
for the blocks around the viewport only (core/variables/table_window.py keeps them).

Sorting is done in the kernel (a click on a header); a lazy frame says sorting would compute it.
Column statistics are computed on request only (they read the whole column). Ctrl+C copies the
selection as tab-separated text. The table follows the variable: a cell that rebinds it refreshes
the view; a kernel restart marks it stale.
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt, QTimer
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (QApplication, QHBoxLayout, QLabel, QLineEdit, QPushButton,
                               QTableView, QVBoxLayout, QWidget)

from dsstudio.core.variables.table_window import TableWindow
from dsstudio.ui.theme.themed_style import set_themed_style
from dsstudio.ui.widget_shortcut import widget_shortcut

LOADING = "…"


class DataViewerModel(QAbstractTableModel):
    """Cells from a TableWindow; unknown ones are asked for (batched per turn of the loop)."""

    def __init__(self, bridge, name: str, parent=None) -> None:
        super().__init__(parent)
        self.bridge = bridge
        self.name = name
        self.window = TableWindow()
        self.on_error = lambda text: None
        self.on_loaded = lambda: None
        self._requests: list[dict] = []
        self.closed = False  # the viewer closed: late answers are dropped
        self._send = QTimer(self)
        self._send.setSingleShot(True)
        self._send.setInterval(0)
        self._send.timeout.connect(self._send_requests)

    # ---- Public API
    def load(self) -> None:
        """(Re)read the variable from the start, keeping the sort."""
        self.beginResetModel()
        self.window.reset(self.window.sort, self.window.row_filter)
        self.endResetModel()
        self._ask(0, 0)

    def set_filter(self, expression: str) -> None:
        """Keep the rows where the pandas expression holds ("" : all), in the kernel."""
        self.beginResetModel()
        self.window.reset(self.window.sort, expression.strip())
        self.endResetModel()
        self._ask(0, 0)

    def in_flight(self) -> int:
        return len(self.window.asked)

    # ---- QAbstractTableModel
    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802 (Qt name)
        return 0 if parent.isValid() else self.window.row_count()

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802 (Qt name)
        return 0 if parent.isValid() else self.window.total_columns

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole:
            text = self.window.cell(index.row(), index.column())
            if text is None:
                self._ask(index.row(), index.column())
                return LOADING
            return text
        if role == Qt.ItemDataRole.TextAlignmentRole:
            side = Qt.AlignmentFlag.AlignRight if index.column() in self.window.numeric_columns \
                else Qt.AlignmentFlag.AlignLeft
            return int(side | Qt.AlignmentFlag.AlignVCenter)
        return None

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return self.window.column_names.get(section, str(section))
        return self.window.row_labels.get(section, f"{section:,}")

    def canFetchMore(self, parent=QModelIndex()) -> bool:  # noqa: N802 (Qt name)
        return not parent.isValid() and self.window.can_grow() and not self.window.asked

    def fetchMore(self, parent=QModelIndex()) -> None:  # noqa: N802 (Qt name)
        self._ask(self.window.rows_seen, 0)

    def sort(self, column: int, order=Qt.SortOrder.AscendingOrder) -> None:
        wanted = (column, order == Qt.SortOrder.AscendingOrder) if column >= 0 else None
        if wanted == self.window.sort:
            return
        self.beginResetModel()
        self.window.reset(wanted, self.window.row_filter)
        self.endResetModel()
        self._ask(0, 0)

    def refused(self) -> None:
        self.beginResetModel()
        self.window.reset(None, "")
        self.endResetModel()
        self._ask(0, 0)

    # ---- Internals
    def _ask(self, row: int, column: int) -> None:
        request = self.window.want(row, column)
        if request is not None:
            self._requests.append(request)
            self._send.start()

    def _send_requests(self) -> None:
        requests, self._requests = self._requests, []
        for request in requests:
            self.bridge.call("page", lambda page, error, r=request: self._on_page(r, page, error),
                             name=self.name, row=request["row"], rows=request["rows"],
                             column=request["column"], columns=request["columns"],
                             sort=request["sort"], filter=request["filter"])

    def _on_page(self, request: dict, page, error: str) -> None:
        if self.closed:
            return
        if error:
            self.window.failed(request)
            if request["generation"] == self.window.generation:
                self.on_error(error)
                if request["sort"] or request["filter"]:  # refused: back to the whole table
                    self.refused()
            return
        rows_before, columns_before = self.window.row_count(), self.window.total_columns
        if not self.window.store(request, page):
            return
        rows, columns = self.window.row_count(), self.window.total_columns
        if (rows, columns) != (rows_before, columns_before):
            if rows > rows_before and columns == columns_before and rows_before:
                self.beginInsertRows(QModelIndex(), rows_before, rows - 1)
                self.endInsertRows()
            else:
                self.beginResetModel()
                self.endResetModel()
        top = self.index(request["row"], request["column"])
        bottom = self.index(min(request["row"] + request["rows"], rows) - 1,
                            min(request["column"] + request["columns"], columns) - 1)
        self.dataChanged.emit(top, bottom)
        self.headerDataChanged.emit(Qt.Orientation.Vertical, request["row"],
                                    max(request["row"], bottom.row()))
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, request["column"],
                                    max(request["column"], bottom.column()))
        self.on_loaded()


class DataViewer(QWidget):
    """A window on one kernel variable."""

    def __init__(self, pane, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("DataViewer")
        self.setWindowTitle(f"{name} — data viewer")
        self.resize(900, 560)
        self.pane = pane
        self.name = name
        self.model = DataViewerModel(pane.bridge, name, self)
        self.title = QLabel()
        self.filter_edit = QLineEdit()
        self.filter_edit.setPlaceholderText("Filter rows, e.g. amount > 50 and region == 'N' "
                                            "(Enter)")
        self.filter_edit.setToolTip("A pandas expression over the columns, evaluated in the "
                                    "kernel; empty: all rows")
        self.filter_edit.setClearButtonEnabled(True)
        self.stats_button = QPushButton("Column statistics")
        self.stats_button.setToolTip("Count, missing values, min/max/mean of the selected column "
                                     "(reads the whole column in the kernel)")
        self.message = QLabel()
        self.message.setWordWrap(True)
        set_themed_style(self.message, "color: {muted}; padding: 2px 4px;")
        self.table = QTableView()
        self.table.setObjectName("DataViewerTable")
        self.table.setModel(self.model)
        # Not the view's sorting switch: it sorts at once by the header's default indicator.
        header = self.table.horizontalHeader()
        header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        header.setSortIndicatorShown(True)
        header.setSectionsClickable(True)
        header.sortIndicatorChanged.connect(self.model.sort)
        self.table.verticalHeader().setDefaultSectionSize(22)
        self.table.setWordWrap(False)
        top = QHBoxLayout()
        top.addWidget(self.title)
        top.addWidget(self.filter_edit, 1)
        top.addWidget(self.stats_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(top)
        layout.addWidget(self.message)
        layout.addWidget(self.table, 1)
        self.message.hide()
        self._sized = False
        # Only while the table has the keyboard (the filter box keeps its own Ctrl+C).
        widget_shortcut(QKeySequence.StandardKey.Copy, self.table, self.copy_selection,
                        Qt.ShortcutContext.WidgetShortcut)
        self.stats_button.clicked.connect(self.show_column_stats)
        self.filter_edit.returnPressed.connect(self._apply_filter)
        self.model.on_error = self._say
        self.model.on_loaded = self._show_shape
        pane.bridge.sig_changed.connect(self._on_changed)
        pane.kernel.sig_state_changed.connect(self._on_kernel_state)
        self._show_shape()
        self.model.load()

    # ---- Public API
    def copy_selection(self) -> str:
        """The selected cells as TSV on the clipboard (returned too)."""
        indexes = self.table.selectionModel().selectedIndexes()
        if not indexes:
            return ""
        rows = sorted({i.row() for i in indexes})
        columns = sorted({i.column() for i in indexes})
        text, missing = self.model.window.tsv(rows, columns)
        QApplication.clipboard().setText(text)
        if missing:
            self._say(f"{missing:,} cells were not loaded yet and were copied empty: "
                      "scroll through them first to copy their values")
        return text

    def show_column_stats(self) -> None:
        column = self.table.currentIndex().column()
        if column < 0:
            self._say("Select a cell of the column first")
            return
        self.model.bridge.call("stats", self._on_stats, name=self.name, column=column)

    def closeEvent(self, event) -> None:  # noqa: N802 (Qt name)
        self.model.closed = True
        self.model.bridge.call("forget", lambda _result, _error: None)  # the kernel's sort orders
        super().closeEvent(event)

    # ---- Internals
    def _apply_filter(self) -> None:
        self._say("")
        self.model.set_filter(self.filter_edit.text())

    def _say(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))

    def _on_stats(self, stats, error: str) -> None:
        if error:
            self._say(error)
            return
        column = stats.pop("column")
        self._say(f"{column}: " + ", ".join(f"{k} {v:,}" if isinstance(v, int) else f"{k} {v}"
                                            for k, v in stats.items()))

    def _show_shape(self) -> None:
        window = self.model.window
        if window.blocks and not self._sized:
            self._sized = True  # once, from the first block: later blocks keep the user's widths
            self.table.resizeColumnsToContents()
        rows = f"{window.total_rows:,}" if window.total_rows is not None else \
            (f"{window.rows_seen:,}+" if not window.ended else f"{window.rows_seen:,}")
        matching = " matching" if window.row_filter else ""
        self.title.setText(f"<b>{self.name}</b>  {rows}{matching} rows × "
                           f"{window.total_columns:,} columns")

    def _on_changed(self, changed: list, removed: list) -> None:
        if self.name in changed:
            self._say("")
            self.model.load()
        elif self.name in removed:
            self._say(f"{self.name} is not defined any more")

    def _on_kernel_state(self, state: str) -> None:
        if state in ("restarting", "dead"):
            self._say("The kernel restarted: this data is gone (what is shown is stale)")
            self.table.setEnabled(False)


def show_data_viewer(window, pane, name: str) -> DataViewer:
    """Open (or raise) the viewer of `name` for `window`, asking through its Variables `pane`."""
    viewers = window.findChildren(DataViewer)
    for viewer in viewers:
        if viewer.name == name and viewer.table.isEnabled():
            viewer.raise_()
            viewer.activateWindow()
            return viewer
    viewer = DataViewer(pane, name, window)
    viewer.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    viewer.show()
    return viewer

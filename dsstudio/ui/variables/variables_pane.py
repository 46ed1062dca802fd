"""The Variables pane: the user's names with type, shape, memory and a short preview.

It costs the kernel nothing per cell until it is shown: `activate` opens the comm (the kernel then
tracks changed names per cell), `deactivate` closes it (the kernel's hook goes with it). While
active, a cell that changed names makes the kernel push those names, and only they are described
again. A restarted kernel's variables are gone: the list is marked stale until the new kernel
answers, then read again.
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (QCheckBox, QHBoxLayout, QHeaderView, QLabel, QLineEdit, QTableView,
                               QVBoxLayout, QWidget)

from dsstudio.core.variables.variable_list import COLUMNS, Variable, VariableList
from dsstudio.ui.theme.themed_style import set_themed_style
from dsstudio.ui.variables.variables_bridge import VariablesBridge


class VariablesModel(QAbstractTableModel):
    """The shown variables of a VariableList, sortable by any column."""

    def __init__(self, variables: VariableList, parent=None) -> None:
        super().__init__(parent)
        self.variables = variables
        self.rows: list[Variable] = []
        self.stale = False
        self._sort = (0, Qt.SortOrder.AscendingOrder)

    def refresh(self) -> None:
        self.beginResetModel()
        column, order = self._sort
        self.rows = sorted(self.variables.shown(), key=lambda v: v.sort_key(column),
                           reverse=order == Qt.SortOrder.DescendingOrder)
        self.endResetModel()

    def set_stale(self, stale: bool) -> None:
        self.stale = stale
        if self.rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.rows) - 1, len(COLUMNS) - 1))

    # ---- QAbstractTableModel
    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802 (Qt name)
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802 (Qt name)
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        variable = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return variable.cell(index.column())
        if role == Qt.ItemDataRole.ToolTipRole:
            tip = f"{variable.name}: {variable.type}\n{variable.preview}"
            return tip + ("\n(the kernel restarted: this value is gone)" if self.stale else "")
        if role == Qt.ItemDataRole.FontRole and (self.stale or index.column() == 0):
            font = QFont()
            font.setItalic(self.stale)
            font.setBold(index.column() == 0 and not self.stale)
            return font
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == 3:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return COLUMNS[section]
        return None

    def sort(self, column: int, order=Qt.SortOrder.AscendingOrder) -> None:
        self._sort = (column, order)
        self.refresh()


class VariablesPane(QWidget):
    """Beside the console: what the kernel holds, kept current while shown."""

    sig_open_viewer = Signal(str)
    """The user asked to see this variable's data (double-click on a frame, array, list…)."""

    def __init__(self, kernel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("VariablesPane")
        self.kernel = kernel
        self.variables = VariableList()
        self.bridge = VariablesBridge(kernel, self)
        self.model = VariablesModel(self.variables, self)
        self.active = False

        self.filter_edit = QLineEdit()
        self.filter_edit.setPlaceholderText("Filter by name")
        self.filter_edit.setClearButtonEnabled(True)
        self.code_toggle = QCheckBox("Modules, functions, classes")
        self.code_toggle.setToolTip("Also list imported modules, functions and classes")
        self.notice = QLabel()
        self.notice.setWordWrap(True)
        set_themed_style(self.notice, "color: {muted}; padding: 2px 4px;")
        self.notice.hide()
        self.table = QTableView()
        self.table.setObjectName("VariablesTable")
        self.table.setModel(self.model)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(22)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setStretchLastSection(True)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for column, width in enumerate((90, 80, 96, 66)):
            header.resizeSection(column, width)

        top = QHBoxLayout()
        top.setContentsMargins(4, 4, 4, 0)
        top.addWidget(self.filter_edit, 1)
        top.addWidget(self.code_toggle)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(top)
        layout.addWidget(self.notice)
        layout.addWidget(self.table, 1)

        self.filter_edit.textChanged.connect(self._on_filter)
        self.code_toggle.toggled.connect(self._on_code_toggle)
        self.table.doubleClicked.connect(self._on_double_click)
        self.bridge.sig_connected.connect(self._on_connected)
        self.bridge.sig_failed.connect(lambda text: self._say(f"Variables unavailable: {text}"))
        self.bridge.sig_changed.connect(self._on_changed)
        kernel.sig_state_changed.connect(self._on_kernel_state)
        kernel.sig_ready.connect(self._on_kernel_ready)

    # ---- Public API
    def activate(self) -> None:
        """Start listing (the kernel tracks changed names from now on)."""
        if self.active:
            return
        self.active = True
        if self.kernel.state in ("idle", "busy"):
            self._say("Reading the kernel's variables…")
            self.bridge.open()
        else:
            self._say("Waiting for the kernel…")

    def deactivate(self) -> None:
        """Stop listing: the kernel's per-cell tracking ends."""
        self.active = False
        self.bridge.close()

    def shown_names(self) -> list[str]:
        return [v.name for v in self.model.rows]

    # ---- Internals
    def _say(self, text: str) -> None:
        self.notice.setText(text)
        self.notice.setVisible(bool(text))

    def _on_connected(self, listed: list) -> None:
        self.variables.replace_all(listed)
        self.model.set_stale(False)
        self.model.refresh()
        self._say("")

    def _on_changed(self, changed: list, removed: list) -> None:
        self.variables.update([], removed)
        if removed:
            self.model.refresh()
        if changed:
            self.bridge.call("describe", self._on_described, names=changed)

    def _on_described(self, result, error: str) -> None:
        if error:
            self._say(f"Variables: {error}")
            return
        self.variables.update(result["variables"], result["missing"])
        self.model.refresh()

    def _on_filter(self, text: str) -> None:
        self.variables.filter_text = text
        self.model.refresh()

    def _on_code_toggle(self, on: bool) -> None:
        self.variables.show_code = on
        self.model.refresh()

    def _on_double_click(self, index: QModelIndex) -> None:
        variable = self.model.rows[index.row()]
        if variable.viewable and not self.model.stale:
            self.sig_open_viewer.emit(variable.name)

    def _on_kernel_state(self, state: str) -> None:
        if state in ("restarting", "dead", "stopped") and self.active:
            self.bridge.close()
            self.model.set_stale(True)
            self._say("The kernel restarted: these values are gone." if state == "restarting"
                      else "The kernel is not running.")

    def _on_kernel_ready(self, _info: dict) -> None:
        if self.active:
            self.bridge.open()

"""The Problems pane: what ruff found in the current file or notebook cell, one row each.

Clicking a row goes there. The pane's tab title and the status bar carry the counts; a notice
(ruff missing or failing) shows above the list until linting works again.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QHeaderView,
    QLabel,
    QStyle,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from dsstudio.core.lint.diagnostics import Diagnostic, counts
from dsstudio.ui.theme.themed_style import set_themed_style

ICONS = {"error": QStyle.StandardPixmap.SP_MessageBoxCritical,
         "warning": QStyle.StandardPixmap.SP_MessageBoxWarning}


def counts_text(errors: int, warnings: int) -> str:
    def plural(n: int, word: str) -> str:
        return f"{n} {word}{'' if n == 1 else 's'}"
    return f"{plural(errors, 'error')}, {plural(warnings, 'warning')}"


class ProblemsPane(QWidget):
    sig_activated = Signal(int)
    """The user clicked (or pressed Enter on) the row of the nth finding shown (0-based)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ProblemsPane")
        self.source_label = QLabel()
        self.source_label.setObjectName("ProblemsSource")
        self.notice_label = QLabel()
        self.notice_label.setObjectName("ProblemsNotice")
        self.notice_label.setWordWrap(True)
        set_themed_style(self.notice_label, "color:{error_text}; background:{error_bg}; padding:4px;")
        self.notice_label.hide()
        self.list = QTreeWidget()
        self.list.setObjectName("ProblemsList")
        self.list.setRootIsDecorated(False)
        self.list.setUniformRowHeights(True)
        self.list.setHeaderLabels(["Problem", "Where"])
        header = self.list.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.list.itemClicked.connect(self._on_item)
        self.list.itemActivated.connect(self._on_item)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.setSpacing(4)
        layout.addWidget(self.notice_label)
        layout.addWidget(self.source_label)
        layout.addWidget(self.list, 1)
        self.diagnostics: list[Diagnostic] = []
        self._source_name: str | None = None
        self._rows_stale = False
        self._icons: dict = {}
        self.show_diagnostics("", [])

    # ---- Public API
    def show_diagnostics(self, source_name: str, diagnostics: list[Diagnostic]) -> None:
        """List `diagnostics` of `source_name` (a file's name; "" when nothing is linted).

        The rows are built when the pane is on screen (a hundred rows take ~10 ms of the GUI
        thread, and the pane usually sits behind the console), and only when they changed.
        """
        if source_name == self._source_name and diagnostics == self.diagnostics:
            return
        self._source_name = source_name
        self.diagnostics = list(diagnostics)
        if not source_name:
            self.source_label.setText("No Python file or notebook cell is being edited.")
        elif not self.diagnostics:
            self.source_label.setText(f"{source_name}: no problems found.")
        else:
            self.source_label.setText(f"{source_name}: {counts_text(*self.counts())}")
        self._rows_stale = True
        if self.isVisible():
            self._build_rows()

    def counts(self) -> tuple[int, int]:
        return counts(self.diagnostics)

    def title(self) -> str:
        """The tab title: "Problems" with the counts when there are any."""
        errors, warnings = self.counts()
        return f"Problems ({errors} ⊗, {warnings} ⚠)" if errors or warnings else "Problems"

    def set_notice(self, text: str) -> None:
        self.notice_label.setText(text)
        self.notice_label.setVisible(bool(text))

    def notice(self) -> str:
        return self.notice_label.text() if self.notice_label.isVisibleTo(self) else ""

    # ---- Internals
    def showEvent(self, event) -> None:  # noqa: N802 (Qt name)
        super().showEvent(event)
        if self._rows_stale:
            self._build_rows()

    def _build_rows(self) -> None:
        self._rows_stale = False
        if not self._icons:
            self._icons = {severity: self.style().standardIcon(pixmap)
                           for severity, pixmap in ICONS.items()}
        items = []
        for diagnostic in self.diagnostics:
            where = f"Ln {diagnostic.row}, Col {diagnostic.column}"  # as the status bar says
            if diagnostic.cell is not None:
                where = f"Cell {diagnostic.cell + 1}, {where}"
            item = QTreeWidgetItem([diagnostic.label, where])
            item.setIcon(0, self._icons[diagnostic.severity])
            item.setToolTip(0, diagnostic.label)
            items.append(item)
        self.list.setUpdatesEnabled(False)
        self.list.clear()
        self.list.addTopLevelItems(items)
        self.list.setUpdatesEnabled(True)

    def _on_item(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        row = self.list.indexOfTopLevelItem(item)
        if 0 <= row < len(self.diagnostics):
            self.sig_activated.emit(row)

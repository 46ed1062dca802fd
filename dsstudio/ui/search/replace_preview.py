"""Before Replace All writes anything: every file with its changed lines, before and after, and a
checkbox per file to leave it out."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QFont
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from dsstudio.core.search.find_in_files import FileMatches
from dsstudio.core.search.replace_in_files import LineChange
from dsstudio.ui.theme.theme_colours import qcolour

# Lines shown per file: the count says how many more there are (the file gets all of them).
SHOWN_LINES_PER_FILE = 50


class ReplacePreviewDialog(QDialog):
    """`plans`: (file, its changes); `open_paths`: files whose editors get the change instead."""

    def __init__(self, plans: list[tuple[FileMatches, list[LineChange]]], replacement: str,
                 open_paths: set, parent: QWidget | None = None, note: str = "") -> None:
        super().__init__(parent)
        self.setObjectName("ReplacePreview")
        self.setWindowTitle("Replace in Files")
        self.resize(760, 520)
        total = sum(found.count for found, _changes in plans)
        summary = QLabel(f"Replace {total} match{'es' if total != 1 else ''} in {len(plans)} "
                         f"file{'s' if len(plans) != 1 else ''} with “{replacement}”. Files open in "
                         "an editor change there (one undo step each, left unsaved); the others "
                         "are written now. Untick a file to leave it out."
                         + (f"\n{note}." if note else ""))
        summary.setWordWrap(True)
        self.tree = QTreeWidget()
        self.tree.setObjectName("ReplacePreviewFiles")
        self.tree.setHeaderHidden(True)
        self.tree.setUniformRowHeights(True)
        mono = QFont("monospace")
        mono.setStyleHint(QFont.StyleHint.Monospace)
        self._files: list[tuple[QTreeWidgetItem, FileMatches]] = []
        for found, changes in plans:
            note = "  (open in an editor)" if found.path in open_paths else ""
            item = QTreeWidgetItem([f"{found.rel}  —  {found.count}{note}"])
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(0, Qt.CheckState.Checked)
            item.setToolTip(0, str(found.path))
            for change in changes[:SHOWN_LINES_PER_FILE]:
                for sign, text, colour in (("−", change.before, qcolour("removed_bg")),
                                             ("+", change.after, qcolour("added_bg"))):
                    row = QTreeWidgetItem([f"{change.line + 1:>5} {sign} {text}"])
                    row.setFont(0, mono)
                    row.setBackground(0, QBrush(colour))
                    row.setFlags(Qt.ItemFlag.ItemIsEnabled)
                    item.addChild(row)
            if len(changes) > SHOWN_LINES_PER_FILE:
                more = QTreeWidgetItem([f"… and {len(changes) - SHOWN_LINES_PER_FILE} more lines"])
                more.setFlags(Qt.ItemFlag.ItemIsEnabled)
                item.addChild(more)
            self.tree.addTopLevelItem(item)
            item.setExpanded(len(plans) <= 20)
            self._files.append((item, found))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.replace_button = buttons.addButton("Replace", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.tree.itemChanged.connect(self._update_button)
        layout = QVBoxLayout(self)
        layout.addWidget(summary)
        layout.addWidget(self.tree, 1)
        layout.addWidget(buttons)
        self._update_button()

    def chosen(self) -> list[FileMatches]:
        """The files still ticked."""
        return [found for item, found in self._files
                if item.checkState(0) == Qt.CheckState.Checked]

    def set_checked(self, index: int, on: bool) -> None:
        self._files[index][0].setCheckState(0, Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)

    def _update_button(self, *_args) -> None:
        count = len(self.chosen())
        self.replace_button.setText(f"Replace in {count} file{'s' if count != 1 else ''}")
        self.replace_button.setEnabled(count > 0)

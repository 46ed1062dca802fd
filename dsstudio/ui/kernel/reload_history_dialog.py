"""View > Reload History: the session's live reloads, newest first, with each report's details.

The status bar's reload line fades after a few seconds; this is where it can be read again. It
opens from the View menu and from a click on the status bar's reload outcome, stays open beside
the work (not modal), and adds each new reload as it comes.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFontDatabase
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QSplitter,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from dsstudio.core.kernel.reload_history import FAILED, NOT_DONE
from dsstudio.ui.theme.theme_colours import colour

COLUMNS = ("Time", "Files", "Outcome", "Summary")


def show_reload_history(window) -> None:
    """The window's history dialog, made on first use and brought to the front after."""
    dialog = window.findChild(ReloadHistoryDialog)
    if dialog is None:
        dialog = ReloadHistoryDialog(window)
    dialog.follow(window.live_reload)
    dialog.show()
    dialog.raise_()
    dialog.activateWindow()


class ReloadHistoryDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ReloadHistoryDialog")
        self.setWindowTitle("Reload History")
        self._live_reload = None
        self.empty_label = QLabel("No reloads yet in this session. Saving a module the kernel "
                                  "has imported reloads it, and the outcome is listed here.")
        self.empty_label.setWordWrap(True)
        self.table = QTreeWidget()
        self.table.setObjectName("ReloadHistoryTable")
        self.table.setRootIsDecorated(False)
        self.table.setHeaderLabels(COLUMNS)
        self.table.setAlternatingRowColors(True)
        self.table.currentItemChanged.connect(self._show_details)
        self.details = QPlainTextEdit()
        self.details.setObjectName("ReloadDetails")
        self.details.setReadOnly(True)
        self.details.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.table)
        split.addWidget(self.details)
        split.setSizes([220, 140])
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.empty_label)
        layout.addWidget(split, 1)
        layout.addWidget(buttons)
        self.resize(760, 420)

    def follow(self, live_reload) -> None:
        """List `live_reload`'s history (None: no live reload in this window yet), and keep
        adding to it."""
        if live_reload is not self._live_reload:
            if self._live_reload is not None:
                self._live_reload.sig_report.disconnect(self.refresh)
                self._live_reload.sig_error.disconnect(self.refresh)
            self._live_reload = live_reload
            self.table.clear()
            self.details.clear()
            if live_reload is not None:
                live_reload.sig_report.connect(self.refresh)
                live_reload.sig_error.connect(self.refresh)
        self.refresh()

    def refresh(self, *_args) -> None:
        """Put the reloads not listed yet at the top; the selection follows the newest unless
        the user is reading an older one."""
        records = self._live_reload.history if self._live_reload is not None else []
        listed = self.table.topLevelItemCount()
        reading_older = self.table.currentItem() not in (None, self.table.topLevelItem(0))
        for record in records[listed:]:
            item = QTreeWidgetItem([record.when, record.files or "—", record.outcome,
                                    record.summary])
            item.setData(0, Qt.ItemDataRole.UserRole, record.details)
            item.setToolTip(3, record.summary)
            if record.outcome in (FAILED, NOT_DONE):
                item.setForeground(2, QColor(colour("error")))
            self.table.insertTopLevelItem(0, item)  # newest first
        if len(records) > listed:
            for column in range(len(COLUMNS) - 1):
                self.table.resizeColumnToContents(column)
            if not reading_older:
                self.table.setCurrentItem(self.table.topLevelItem(0))
        self.empty_label.setVisible(not records)

    def _show_details(self, item: QTreeWidgetItem | None, _previous=None) -> None:
        details = item.data(0, Qt.ItemDataRole.UserRole) if item is not None else ""
        self.details.setPlainText(details)

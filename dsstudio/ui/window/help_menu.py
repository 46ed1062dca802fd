"""Help menu commands: Keyboard Shortcuts, Documentation, About dsstudio.

Handlers named in the actions table as "module:function": this module, and the dialogs with it,
load when the user first asks for help, never at start-up.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices, QFont
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QMessageBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from dsstudio.ui.notebook.notebook_keys import BOTH, COMMAND, EDIT, MODE_TITLES, NOTEBOOK_KEYS
from dsstudio.ui.window.actions import shortcut_table


def shortcut_sections() -> list[tuple[str, list[tuple[str, str]]]]:
    """(title, [(keys, command)]) of the window's actions and of the notebook's keys by mode,
    made from the tables the keys are bound from (the list cannot drift from them)."""
    sections = [("Window and editor", shortcut_table())]
    for mode in (COMMAND, EDIT, BOTH):
        sections.append((f"Notebook: {MODE_TITLES[mode].lower()}",
                         [(key.keys, key.text) for key in NOTEBOOK_KEYS if key.mode == mode]))
    return sections


class ShortcutsDialog(QDialog):
    """The window's shortcut table (as the README has it) and the notebook's keys, from the
    tables that bind them."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("ShortcutsDialog")
        self.setWindowTitle("Keyboard Shortcuts")
        sections = shortcut_sections()
        self.table = QTableWidget(sum(1 + len(rows) for _title, rows in sections), 2)
        self.table.setHorizontalHeaderLabels(["Keys", "Command"])
        self.table.verticalHeader().hide()
        # Rows as tall as a line of text: the whole table fits without scrolling.
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 6)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        row = 0
        for title, rows in sections:
            heading = QTableWidgetItem(title)  # a row across both columns
            font = QFont(heading.font())
            font.setBold(True)
            heading.setFont(font)
            self.table.setItem(row, 0, heading)
            self.table.setSpan(row, 0, 1, 2)
            row += 1
            for keys, command in rows:
                self.table.setItem(row, 0, QTableWidgetItem(keys))
                self.table.setItem(row, 1, QTableWidgetItem(command))
                row += 1
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        note = QLabel("On macOS, Ctrl is the Command key. In the console, Ctrl+C interrupts the "
                      "kernel. Undo, redo, cut, copy and paste are the platform's usual keys. "
                      "\"D, D\" is D pressed twice. The notebook's keys act only while the "
                      "notebook has the keyboard (the status bar then shows its mode).")
        note.setWordWrap(True)
        layout.addWidget(note)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(520, min(760, 140 + (self.fontMetrics().height() + 6) * self.table.rowCount()))


def show_shortcuts(window) -> None:
    ShortcutsDialog(window).open()


def show_about(window) -> None:
    from dsstudio.ui.window.about_dialog import AboutDialog

    AboutDialog(window).open()


def documentation_url() -> QUrl | None:
    """The README beside the package (a source or editable install), else the package's
    documented home page, else None (a frozen bundle without either)."""
    readme = Path(__file__).resolve().parents[3] / "README.md"
    if readme.is_file():
        return QUrl.fromLocalFile(str(readme))
    from importlib.metadata import PackageNotFoundError, metadata

    try:
        meta = metadata("dsstudio")
    except PackageNotFoundError:
        return None
    for entry in meta.get_all("Project-URL") or []:
        _label, _, url = entry.partition(",")
        if url.strip():
            return QUrl(url.strip())
    return QUrl(meta["Home-page"]) if meta.get("Home-page") else None


def open_documentation(window) -> None:
    url = documentation_url()
    if url is None or not QDesktopServices.openUrl(url):
        box = QMessageBox(QMessageBox.Icon.Information, "Documentation",
                          "The documentation could not be opened here: dsstudio's README is its "
                          "manual (Help > Keyboard Shortcuts lists the keys).", parent=window)
        box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        box.open()

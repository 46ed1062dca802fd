"""The page shown when dsstudio starts without a project: recent projects (name and path),
"Open Folder…" and "New Project…"."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)


class StartPage(QWidget):
    sig_open_project = Signal(object)
    """The user picked a project folder (a Path)."""

    sig_new_project = Signal()
    """The user asked to make a new project (the window asks where and what name)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("StartPage")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(80, 60, 80, 60)
        title = QLabel("<h1>dsstudio</h1><p>Modules in an editor, results in a notebook, "
                       "one kernel.</p>")
        title.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(title)
        buttons = QHBoxLayout()
        self.open_button = QPushButton("Open Folder…")
        self.open_button.setObjectName("OpenFolderButton")
        self.open_button.clicked.connect(self._choose_folder)
        self.new_button = QPushButton("New Project…")
        self.new_button.setObjectName("NewProjectButton")
        self.new_button.clicked.connect(self.sig_new_project)
        for button in (self.open_button, self.new_button):
            button.setMinimumWidth(160)
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        layout.addSpacing(16)
        layout.addWidget(QLabel("<b>Recent projects</b>"))
        self.recent_list = QListWidget()
        self.recent_list.setObjectName("RecentProjectsList")
        self.recent_list.itemActivated.connect(self._open_item)
        layout.addWidget(self.recent_list, 1)

    def set_recent(self, paths: list[Path]) -> None:
        self.recent_list.clear()
        for path in paths:
            item = QListWidgetItem(f"{path.name}    {path}")
            item.setData(Qt.ItemDataRole.UserRole, str(path))
            self.recent_list.addItem(item)
        if not paths:
            self.recent_list.addItem("No recent projects yet.")

    def _open_item(self, item: QListWidgetItem) -> None:
        path = item.data(Qt.ItemDataRole.UserRole)
        if path:
            self.sig_open_project.emit(Path(path))

    def _choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Open project folder")
        if folder:
            self.sig_open_project.emit(Path(folder))

"""The project tree: the project's folders and files, minus caches, .git and environments.

Its header is the project's name (as VS Code titles its explorer), and each row has dsstudio's
icon for its file type, chosen by name (ui/icons/file_types.py), never by reading the file.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QDir, QModelIndex, QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QFileSystemModel, QInputDialog, QMenu, QMessageBox, QTreeView, QWidget

from dsstudio.core.project.files import (
    FileOperationError,
    create_file,
    create_folder,
    delete_entry,
    is_hidden_entry,
    rename_entry,
)
from dsstudio.ui.icons.file_types import file_icon_name
from dsstudio.ui.icons.icon_set import icon, repaint_on_theme_change

DECORATION = Qt.ItemDataRole.DecorationRole


class _ProjectFilter(QSortFilterProxyModel):
    """Hides what `is_hidden_entry` says, below the project root only (never its ancestors);
    gives rows our file-type icons and the header the project's name."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.root: Path | None = None

    def filterAcceptsRow(self, row: int, parent: QModelIndex) -> bool:  # noqa: N802 (Qt name)
        model = self.sourceModel()
        path = Path(model.filePath(model.index(row, 0, parent)))
        if self.root is None or self.root not in path.parents:
            return True
        return not is_hidden_entry(path)

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        # Qt's own icon for the row is never asked for: QFileSystemModel's file information is
        # cached (isDir reads no disk), and the name decides the rest.
        if role == DECORATION and index.column() == 0:
            source = self.mapToSource(index)
            model = self.sourceModel()
            return icon(*file_icon_name(model.fileName(source), model.isDir(source)))
        return super().data(index, role)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802 (Qt name)
                   role: int = Qt.ItemDataRole.DisplayRole):
        if section == 0 and self.root is not None:
            if role == Qt.ItemDataRole.DisplayRole:
                return self.root.name
            if role == Qt.ItemDataRole.ToolTipRole:
                return str(self.root)
            if role == Qt.ItemDataRole.FontRole:
                font = QFont()
                font.setBold(True)
                return font
        return super().headerData(section, orientation, role)


class ProjectTree(QTreeView):
    sig_open_file = Signal(object)
    """The user double-clicked (or pressed Enter on) a file: its Path."""

    sig_file_created = Signal(object)
    """A file or folder was created from the tree: its Path."""

    sig_path_renamed = Signal(object, object)
    """A file or folder was renamed: (old Path, new Path)."""

    sig_path_deleted = Signal(object)
    """A file or folder was deleted: its Path."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ProjectTree")
        self._model = QFileSystemModel(self)
        self._model.setFilter(QDir.Filter.AllEntries | QDir.Filter.NoDotAndDotDot | QDir.Filter.Hidden)
        self._model.setReadOnly(True)
        self._proxy = _ProjectFilter(self)
        self._proxy.setSourceModel(self._model)
        self._proxy.setSortCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setModel(self._proxy)
        for column in range(1, self._model.columnCount()):
            self.hideColumn(column)
        self.setSortingEnabled(True)
        self.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        # The header is the project's title, not a column to sort by: folders first, by name.
        self.header().setSortIndicatorShown(False)
        self.header().setSectionsClickable(False)
        self.setHeaderHidden(True)  # until there is a project to name
        repaint_on_theme_change(self)
        self.setAnimated(False)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.customContextMenuRequested.connect(self._show_menu)
        self.activated.connect(self._on_activated)
        self._root: Path | None = None

    # ---- Public API
    def set_root(self, path: Path) -> None:
        self._root = Path(path).resolve()
        self._proxy.beginFilterChange()
        self._proxy.root = self._root
        self._proxy.endFilterChange()
        source_root = self._model.setRootPath(str(self._root))
        self.setRootIndex(self._proxy.mapFromSource(source_root))
        self._proxy.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, 0)
        self.setHeaderHidden(False)

    def root(self) -> Path | None:
        return self._root

    def title(self) -> str:
        """What the header says: the project folder's name ("" with no project)."""
        return self._proxy.headerData(0, Qt.Orientation.Horizontal) if self._root else ""

    def index_for(self, path: Path) -> QModelIndex:
        return self._proxy.mapFromSource(self._model.index(str(Path(path).resolve())))

    def path_at(self, index: QModelIndex) -> Path | None:
        if not index.isValid():
            return None
        return Path(self._model.filePath(self._proxy.mapToSource(index)))

    def visible_names(self, folder: Path | None = None) -> list[str]:
        """Names shown under `folder` (default: the root), in display order."""
        parent = self.index_for(folder) if folder else self.rootIndex()
        return [self._proxy.index(row, 0, parent).data() for row in range(self._proxy.rowCount(parent))]

    def select_path(self, path: Path) -> None:
        index = self.index_for(path)
        if index.isValid():
            self.setCurrentIndex(index)
            self.scrollTo(index)

    def new_file_in(self, folder: Path) -> Path | None:
        name = self.ask_name("New File", f"File name in {folder.name}:", "untitled.py")
        return self._run(lambda: create_file(folder, name), self.sig_file_created) if name else None

    def new_folder_in(self, folder: Path) -> Path | None:
        name = self.ask_name("New Folder", f"Folder name in {folder.name}:", "")
        return self._run(lambda: create_folder(folder, name), self.sig_file_created) if name else None

    def rename_path(self, path: Path) -> Path | None:
        name = self.ask_name("Rename", f"New name for {path.name}:", path.name)
        if not name or name == path.name:
            return None
        new = self._run(lambda: rename_entry(path, name))
        if new is not None:
            self.sig_path_renamed.emit(path, new)
        return new

    def delete_path(self, path: Path) -> bool:
        if not self.confirm_delete(path):
            return False
        if self._run(lambda: delete_entry(path) or path) is None:
            return False
        self.sig_path_deleted.emit(path)
        return True

    # ---- Prompts (instance methods so tests can replace them)
    def ask_name(self, title: str, label: str, default: str) -> str | None:
        text, ok = QInputDialog.getText(self, title, label, text=default)
        return text.strip() if ok and text.strip() else None

    def confirm_delete(self, path: Path) -> bool:
        what = f"the folder '{path.name}' and everything in it" if path.is_dir() else f"'{path.name}'"
        answer = QMessageBox.question(self, "Delete", f"Delete {what}? This cannot be undone.")
        return answer == QMessageBox.StandardButton.Yes

    def show_error(self, message: str) -> None:
        QMessageBox.warning(self, "dsstudio", message)

    # ---- Internals
    def _run(self, operation, signal=None) -> Path | None:
        try:
            result = operation()
        except FileOperationError as error:
            self.show_error(str(error))
            return None
        if signal is not None:
            signal.emit(result)
        return result

    def _on_activated(self, index: QModelIndex) -> None:
        path = self.path_at(index)
        if path is not None and path.is_file():
            self.sig_open_file.emit(path)

    def _show_menu(self, point) -> None:
        if self._root is None:
            return
        path = self.path_at(self.indexAt(point))
        folder = path if path and path.is_dir() else (path.parent if path else self._root)
        menu = QMenu(self)
        menu.addAction("New File…", lambda: self.new_file_in(folder))
        menu.addAction("New Folder…", lambda: self.new_folder_in(folder))
        if path is not None:
            menu.addSeparator()
            menu.addAction("Rename…", lambda: self.rename_path(path))
            menu.addAction("Delete…", lambda: self.delete_path(path))
        menu.exec(self.viewport().mapToGlobal(point))

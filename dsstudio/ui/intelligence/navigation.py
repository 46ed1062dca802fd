"""Go to definition (F12, Ctrl+click), back (Alt+Left), and find references (Shift+F12).

A definition in the project opens as any file does. One in an installed package or the standard
library opens read-only, with a notice saying why: an edit there would change the environment
under every project that uses it.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtWidgets import QDialog, QLabel, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from dsstudio.core.intelligence.jedi_engine import Location
from dsstudio.ui.editor.notice_bar import Notice
from dsstudio.ui.intelligence.positions import line_and_column, word_at

HISTORY_LIMIT = 100


class Navigator(QObject):
    """Jumps between the editor tabs of one window, remembering where it came from."""

    sig_message = Signal(str)
    """Something to tell the user in the status bar (nothing found)."""

    def __init__(self, tabs, service, context_of, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.tabs = tabs
        self.service = service
        self.context_of = context_of  # editor -> its SourceContext provider
        self.history: list[tuple[Path, int, int]] = []
        self.references_dialog: ReferencesDialog | None = None

    # ---- Public API
    def goto_definition(self, editor, pos: int | None = None) -> None:
        pos = editor.currentPos() if pos is None else pos
        name = word_at(editor, pos)
        if not name:
            self.sig_message.emit("Go to Definition: no name at the caret")
            return
        here = self._where(editor, pos)
        self._ask(editor, pos, "definitions", lambda found: self._jump(found, here, name))

    def find_references(self, editor) -> None:
        name = word_at(editor, editor.currentPos())
        if not name:
            self.sig_message.emit("Find References: no name at the caret")
            return
        self._ask(editor, editor.currentPos(), "references",
                  lambda found: self._show_references(found, name))

    def back(self) -> None:
        while self.history:
            path, line, column = self.history.pop()
            editor = self.tabs.open_file(path)
            if editor is not None:
                editor.set_cursor(line, column)
                editor.take_focus()
                return

    def open_location(self, location: Location):
        """Open `location`'s file (read-only outside the project) with the caret on it."""
        editor = self.tabs.open_file(location.path)
        if editor is None:
            return None
        if not location.in_project and not editor.readOnly():
            editor.setReadOnly(True)
            self.tabs.set_notice(editor, Notice(
                f"{location.path.name} belongs to the environment, not the project: opened "
                "read-only.", kind="info"))
        editor.goto_line(location.line)
        editor.set_cursor(location.line, location.column)
        editor.take_focus()
        return editor

    def watch_ctrl_click(self, editor) -> None:
        """Ctrl+click on a name goes to its definition."""
        editor.viewport().installEventFilter(_CtrlClick(editor, self))

    # ---- Internals
    def _ask(self, editor, pos: int, what: str, on_found) -> None:
        context = self.context_of(editor)()
        line, column = line_and_column(editor, pos)
        line += context.line_offset
        self.service.request(
            what, (context.source, context.path, line, column),
            on_found, lane="navigation")

    def _where(self, editor, pos: int) -> tuple[Path, int, int] | None:
        try:
            path = self.tabs.document(editor).path
        except KeyError:
            return None
        return (path, *line_and_column(editor, pos)) if path is not None else None

    def _jump(self, found: list[Location] | None, came_from, name: str) -> None:
        if not found:  # (None: the lookup failed)
            self.sig_message.emit(f"No definition found for {name}")
            return
        if came_from is not None and _is_at(found[0], came_from):
            self.sig_message.emit(f"{name} is defined here")
            return
        if came_from is not None:
            self.history = (self.history + [came_from])[-HISTORY_LIMIT:]
        self.open_location(found[0])

    def _show_references(self, found: list[Location] | None, name: str) -> None:
        if not found:
            self.sig_message.emit(f"No references found for {name}")
            return
        if self.references_dialog is None:
            self.references_dialog = ReferencesDialog(self.tabs.window())
            self.references_dialog.sig_chosen.connect(self.open_location)
        self.references_dialog.show_locations(found, self.service.root)


def _is_at(location: Location, place: tuple[Path, int, int]) -> bool:
    """Whether `location`'s name covers `place` (a path, line and column)."""
    path, line, column = place
    return (location.path.resolve() == Path(path).resolve() and location.line == line
            and location.column <= column <= location.column + len(location.name))


class ReferencesDialog(QDialog):
    """The places a name is used: double-click (or Enter) opens one."""

    sig_chosen = Signal(object)
    """A Location the user picked."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ReferencesDialog")
        self.setWindowTitle("References")
        self.resize(640, 320)
        self.title = QLabel()
        self.list = QListWidget()
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.list)
        self.list.itemActivated.connect(
            lambda item: self.sig_chosen.emit(item.data(Qt.ItemDataRole.UserRole)))

    def show_locations(self, found: list[Location], root: Path) -> None:
        self.list.clear()
        for location in found:
            try:
                shown = location.path.relative_to(root)
            except ValueError:
                shown = location.path
            item = QListWidgetItem(f"{shown}:{location.line + 1}    {location.code}")
            item.setData(Qt.ItemDataRole.UserRole, location)
            self.list.addItem(item)
        self.title.setText(f"{len(found)} reference(s) to {found[0].name}")
        self.show()
        self.raise_()


class _CtrlClick(QObject):
    def __init__(self, editor, navigator: Navigator) -> None:
        super().__init__(editor)
        self.editor = editor
        self.navigator = navigator

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 (Qt name)
        if (event.type() == QEvent.Type.MouseButtonRelease
                and event.button() == Qt.MouseButton.LeftButton
                and event.modifiers() & Qt.KeyboardModifier.ControlModifier):
            point = event.position().toPoint()
            pos = self.editor.positionFromPoint(point.x(), point.y())
            if pos >= 0:
                self.navigator.goto_definition(self.editor, pos)
        return False

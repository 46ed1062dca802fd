"""Editor tabs: open, save, save as, close, each with the user's text never lost.

A tab title carries a bullet while the buffer differs from disk. Closing or quitting with unsaved
changes asks save / discard / cancel. A failed save keeps the buffer marked unsaved and says why.

Every open file belongs here (its document, disk watch, title), even when the user has moved its
tab to the side column: the window's DocumentAreas only decides which tab widget shows it, and
the lookups below (`editors()`, `current_editor()`, titles, notices) ask it where the tab is.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QApplication, QFileDialog, QLabel, QMessageBox, QTabWidget, QWidget

from dsstudio.core.editor.disk_version import version_of
from dsstudio.core.editor.textfile import (
    TextFileError,
    TextFileFormat,
    read_text_file,
    write_text_file,
)
from dsstudio.core.unsaved_document import UnsavedDocument
from dsstudio.ui.editor.editor_document import EditorDocument
from dsstudio.ui.editor.notice_bar import Notice, NoticeBar
from dsstudio.ui.editor.save_checks import (ask_read_only_dialog, ask_unsaved_dialog,
                                            read_only_verdict, report_failed_save)

if TYPE_CHECKING:
    from dsstudio.ui.editor.code_editor import CodeEditor
    from dsstudio.ui.editor.disk_sync import EditorDiskSync

NEW_FILE_FORMAT = TextFileFormat(encoding="utf-8", newline="\n", bom=False)
UNSAVED_MARK = "● "


class EditorTabs(QTabWidget):
    """The centre pane: one CodeEditor per open file (some may be shown in the side column)."""

    sig_file_saved = Signal(object)
    """A file was written to disk (its Path): the live reload listens to this."""

    sig_current_changed = Signal(object)
    """The current editor changed (CodeEditor or None): see `current_editor`."""

    sig_status_message = Signal(str)
    """A short message for the status bar."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("EditorTabs")
        self.setTabsClosable(True)
        self.setMovable(True)
        self.setDocumentMode(True)
        self.tabCloseRequested.connect(self.close_tab)
        self.currentChanged.connect(self._on_current_changed)
        self._documents: dict[CodeEditor, EditorDocument] = {}
        self._untitled_count = 0
        # The window places the bar above the tabs; it shows the current tab's notice.
        self.notice_bar = NoticeBar()
        self._areas = None  # DocumentAreas, once `place_in` is called
        self._side: QTabWidget | None = None
        self._notice_bars: dict[QTabWidget, NoticeBar] = {self: self.notice_bar}
        self._active: CodeEditor | None = None  # the editor last focused or made current
        self._current: CodeEditor | None = None  # as last reported by sig_current_changed
        self.editor_actions: list = []  # the window's editor-only keys, put on each editor
        self._disk: EditorDiskSync | None = None
        # Behind the tabs, seen while none is open: how to open a file (the window sets its text).
        self.placeholder = QLabel(self)
        self.placeholder.setObjectName("EmptyEditorPlaceholder")
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setWordWrap(True)
        palette = self.placeholder.palette()  # muted: a hint, not content
        palette.setColor(palette.ColorRole.WindowText, palette.color(palette.ColorRole.PlaceholderText))
        self.placeholder.setPalette(palette)

    # ---- Qt events
    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt name)
        super().resizeEvent(event)
        self.placeholder.setGeometry(self.rect())

    def tabInserted(self, index: int) -> None:  # noqa: N802 (Qt name)
        super().tabInserted(index)
        self.placeholder.setVisible(self.count() == 0)

    def tabRemoved(self, index: int) -> None:  # noqa: N802 (Qt name)
        super().tabRemoved(index)
        self.placeholder.setVisible(self.count() == 0)

    # ---- Public API
    def place_in(self, areas) -> NoticeBar:
        """Let files also be shown in `areas`' side column (DocumentAreas moves the tabs and
        routes every close button). Returns the notice bar the window puts above that column."""
        self._areas = areas
        self._side = areas.tab_widget("side")
        self._notice_bars[self._side] = side_notice_bar = NoticeBar()
        self.tabCloseRequested.disconnect(self.close_tab)
        areas.sig_close_requested.connect(
            lambda widget: widget in self._documents and self.close_editor(widget))
        areas.sig_moved.connect(lambda widget, _area: widget in self._documents
                                and self._refresh_title(widget))
        self._side.currentChanged.connect(self._on_current_changed)
        QApplication.instance().focusChanged.connect(self._on_focus_changed)
        return side_notice_bar

    def current_editor(self) -> CodeEditor | None:
        """The editor with the keyboard focus; else the one last focused or made current, if
        still on show where it sits; else the main area's current tab, else the side's."""
        focused = self._editor_with_focus()
        if focused is not None:
            return focused
        if self._active in self._documents and self._shown(self._active):
            return self._active
        for tabs in self._hosts():
            if tabs.currentWidget() in self._documents:
                return tabs.currentWidget()
        return None

    def editors(self) -> list[CodeEditor]:
        """The file editors, in tab order, the main area's first (a notebook or the console may
        share these tabs)."""
        return [w for tabs in self._hosts() for w in map(tabs.widget, range(tabs.count()))
                if w in self._documents]

    def tabs_of(self, editor: CodeEditor) -> QTabWidget | None:
        """The tab widget showing `editor`: these tabs or the side column's."""
        return next((tabs for tabs in self._hosts() if tabs.indexOf(editor) >= 0), None)

    def show_editor(self, editor: CodeEditor) -> None:
        """Make `editor` the current tab wherever it sits (its pane brought on screen)."""
        if self._areas is not None:
            self._areas.show(editor)
        else:
            self.setCurrentWidget(editor)
        self._active = editor
        self._report_current()

    def document(self, editor: CodeEditor) -> EditorDocument:
        return self._documents[editor]

    def editor_for_path(self, path: Path) -> CodeEditor | None:
        target = Path(path).resolve()
        for editor, doc in self._documents.items():
            if doc.path is not None and doc.path == target:
                return editor
        return None

    def open_paths(self) -> list[Path]:
        return [self._documents[e].path for e in self.editors() if self._documents[e].path]

    @property
    def disk(self) -> EditorDiskSync:
        """Follows open files on disk; made with the first file (not before the first paint)."""
        if self._disk is None:
            from dsstudio.ui.editor.disk_sync import EditorDiskSync

            self._disk = EditorDiskSync(self)
        return self._disk

    def check_disk(self) -> None:
        """Look at every open file on disk again."""
        if self._disk is not None:
            self._disk.check_all()

    def open_file(self, path: Path) -> CodeEditor | None:
        """Open `path` in a tab (or switch to it); a file that cannot be shown gets a message."""
        path = Path(path).resolve()
        existing = self.editor_for_path(path)
        if existing is not None:
            self.show_editor(existing)
            return existing
        try:
            loaded = read_text_file(path)
        except TextFileError as error:
            self.show_error("Cannot open file", str(error))
            return None
        doc = EditorDocument(path=path, fmt=loaded.format)
        doc.disk_version = version_of(path, loaded.data)
        editor = self._add_editor(doc)
        editor.set_text(loaded.text)
        self._refresh_title(editor)
        self.disk.watch(path)
        return editor

    def new_file(self) -> CodeEditor:
        self._untitled_count += 1
        doc = EditorDocument(path=None, fmt=NEW_FILE_FORMAT, untitled_number=self._untitled_count)
        editor = self._add_editor(doc)
        editor.set_text("")
        self._refresh_title(editor)
        return editor

    def save(self, editor: CodeEditor | None = None) -> bool:
        """Save to the file's own path (asks for one if untitled). True when written."""
        editor = editor or self.current_editor()
        if editor is None:
            return False
        doc = self._documents[editor]
        if doc.path is None:
            return self.save_as(editor)
        return self._write(editor, doc.path)

    def save_as(self, editor: CodeEditor | None = None, path: Path | None = None) -> bool:
        editor = editor or self.current_editor()
        if editor is None:
            return False
        if path is None:
            path = self.ask_save_path(self._documents[editor])
            if path is None:
                return False
        return self._write(editor, Path(path).resolve())

    def is_unsaved(self, editor: CodeEditor) -> bool:
        return editor.is_modified() or self._documents[editor].missing_on_disk

    def save_all(self) -> bool:
        return all(self.save(e) for e in self.editors() if self.is_unsaved(e))

    def close_tab(self, index: int) -> bool:
        """Close one tab, asking first if it has unsaved changes. False if the user cancelled."""
        editor = self.widget(index)
        if editor not in self._documents:  # none, or a notebook's tab: its owner closes it
            return True
        return self.close_editor(editor)

    def close_editor(self, editor: CodeEditor) -> bool:
        """Close `editor`'s tab wherever it sits, asking first if it has unsaved changes."""
        if self.is_unsaved(editor):
            answer = self.ask_unsaved([self._unsaved_name(editor)])
            if answer == "cancel" or (answer == "save" and not self.save(editor)):
                return False
        self._remove(editor)
        return True

    def unsaved_documents(self) -> list[UnsavedDocument]:
        """The files with changes not on disk, in tab order (the window's quit question)."""
        return [UnsavedDocument(self._unsaved_name(editor), lambda e=editor: self.save(e))
                for editor in self.editors() if editor in self._documents and self.is_unsaved(editor)]

    def forget_path(self, path: Path) -> None:
        """Files were deleted in the project tree: their tabs stay (text kept), marked unsaved."""
        path = Path(path).resolve()
        for editor, doc in list(self._documents.items()):
            if doc.path is not None and (doc.path == path or path in doc.path.parents):
                self.disk.mark_deleted(editor)

    def retarget_path(self, old: Path, new: Path) -> None:
        """A file or folder was renamed in the project tree: open tabs follow it."""
        old, new = Path(old).resolve(), Path(new).resolve()
        for editor, doc in self._documents.items():
            if doc.path is not None and (doc.path == old or old in doc.path.parents):
                previous = doc.path
                doc.path = new / doc.path.relative_to(old) if doc.path != old else new
                self.disk.unwatch(previous)
                self.disk.watch(doc.path)
                self._refresh_title(editor)

    # ---- Prompts (instance methods so tests can replace them on one widget)
    def ask_unsaved(self, names: list[str]) -> str:
        """Ask what to do with unsaved documents (files, notebooks): 'save', 'discard' or 'cancel'."""
        return ask_unsaved_dialog(self, names)

    def ask_save_path(self, doc: EditorDocument) -> Path | None:
        start = str(doc.path or Path.cwd() / doc.display_name)
        chosen, _ = QFileDialog.getSaveFileName(self, "Save As", start)
        return Path(chosen) if chosen else None

    def show_error(self, title: str, message: str) -> None:
        QMessageBox.warning(self, title, message)

    def run_dialog(self, dialog) -> None:
        dialog.exec()

    def ask_overwrite_changed(self, path: Path) -> str:
        """"save" (write over the other program's version) or "cancel"."""
        box = QMessageBox(QMessageBox.Icon.Warning, "Changed on disk",
                          f"{path.name} was changed on disk by another program since you opened "
                          "it. Write your version over it?", parent=self)
        overwrite = box.addButton("Overwrite", QMessageBox.ButtonRole.AcceptRole)
        # Enter cancels: the other program's change would be lost.
        box.setDefaultButton(box.addButton(QMessageBox.StandardButton.Cancel))
        box.exec()
        return "save" if box.clickedButton() is overwrite else "cancel"

    def set_notice(self, editor: CodeEditor, notice: Notice | None) -> None:
        doc = self._documents.get(editor)
        if doc is None:
            return
        doc.notice = notice
        self._refresh_title(editor)
        self._show_notices()

    def ask_read_only(self, path: Path) -> str:
        """"save" (write it anyway), "save_as" or "cancel", for a file marked read-only."""
        return ask_read_only_dialog(self, path)

    def report_failed_save(self, error: object, kept: str) -> None:
        """A save failed: say why and where the work still is (notebooks say it here too)."""
        report_failed_save(self.show_error, self.sig_status_message.emit, error, kept)

    # ---- Internals
    def _add_editor(self, doc: EditorDocument) -> CodeEditor:
        # Scintilla is imported with the first editor, so an empty window paints without it.
        from dsstudio.core.settings import Preferences
        from dsstudio.ui.editor.code_editor import CodeEditor
        from dsstudio.ui.editor.editor_preferences import apply_editor_preferences

        editor = CodeEditor(self)
        apply_editor_preferences(editor, Preferences().values())  # font, tabs, wrap, theme
        # Run Cell, F12, ...: on the editor itself too, so their keys work wherever it sits.
        editor.addActions(self.editor_actions)
        self._documents[editor] = doc
        editor.sig_modified_changed.connect(lambda _m, e=editor: self._refresh_title(e))
        self.addTab(editor, doc.display_name)
        if self._areas is not None:
            self._areas.register(editor, "editor")
        self.show_editor(editor)
        return editor

    def _write(self, editor: CodeEditor, path: Path) -> bool:
        doc = self._documents[editor]
        if path == doc.path and self.disk.changed_since_seen(editor):
            if self.ask_overwrite_changed(path) != "save":
                return False
        verdict = read_only_verdict(path, self.ask_read_only)
        if verdict == "save_as":
            return self.save_as(editor)
        if verdict != "write":
            return False
        try:
            data = write_text_file(path, editor.text(), doc.fmt)
        except TextFileError as error:
            self.report_failed_save(error, "Your text is still in the editor, unsaved.")
            return False
        if doc.path != path:
            previous, doc.path = doc.path, path
            if previous is not None:
                self.disk.unwatch(previous)
        doc.disk_version = version_of(path, data)
        self.disk.watch(path)
        doc.missing_on_disk = False
        editor.set_save_point()
        self.set_notice(editor, None)
        self._refresh_title(editor)
        self.sig_status_message.emit(f"Saved {path.name}")
        self.sig_file_saved.emit(path)
        return True

    def _remove(self, editor: CodeEditor) -> None:
        if self._areas is not None:
            self._areas.remove(editor)
        else:
            self.removeTab(self.indexOf(editor))
        doc = self._documents.pop(editor)
        if doc.path is not None:
            self.disk.unwatch(doc.path)
        editor.deleteLater()
        self._report_current()

    def _hosts(self) -> list[QTabWidget]:
        return [self] if self._side is None else [self, self._side]

    def _shown(self, editor: CodeEditor) -> bool:
        tabs = self.tabs_of(editor)
        return tabs is not None and tabs.currentWidget() is editor

    def _editor_with_focus(self) -> CodeEditor | None:
        focus = QApplication.focusWidget()
        if focus is None:
            return None
        return next((e for e in self._documents if e is focus or e.isAncestorOf(focus)), None)

    def _on_focus_changed(self, _old: QWidget | None, _new: QWidget | None) -> None:
        focused = self._editor_with_focus()
        if focused is not None:
            self._active = focused
        self._report_current()

    def _on_current_changed(self, _index: int) -> None:
        # A tab picked in either area is what the editor commands act on next, unless another
        # editor has the keys.
        tabs = self.sender() if isinstance(self.sender(), QTabWidget) else self
        if tabs.currentWidget() in self._documents and self._editor_with_focus() is None:
            self._active = tabs.currentWidget()
        self._show_notices()
        self._report_current()

    def _show_notices(self) -> None:
        """Each area's bar shows the notice of the file current there."""
        for tabs, bar in self._notice_bars.items():
            doc = self._documents.get(tabs.currentWidget())
            bar.show_notice(doc.notice if doc is not None else None)

    def _report_current(self) -> None:
        editor = self.current_editor()
        if editor is not self._current:
            self._current = editor
            self.sig_current_changed.emit(editor)

    def _unsaved_name(self, editor: CodeEditor) -> str:
        doc = self._documents[editor]
        return f"{doc.display_name} (deleted on disk)" if doc.missing_on_disk else doc.display_name

    def _refresh_title(self, editor: CodeEditor) -> None:
        doc, tabs = self._documents.get(editor), self.tabs_of(editor)
        if doc is None or tabs is None:
            return
        index = tabs.indexOf(editor)
        mark = UNSAVED_MARK if self.is_unsaved(editor) else ""
        deleted = " (deleted)" if doc.missing_on_disk else ""
        tabs.setTabText(index, mark + doc.display_name + deleted)
        tabs.setTabToolTip(index, str(doc.path) if doc.path else "not saved yet")

"""Open editor tabs follow their files on disk (git checkout, a formatter, another editor).

A clean buffer takes the disk's text at once, by its changed hunks as one undo step (the caret and
scroll stay; Ctrl+Z brings the old text back). A buffer with unsaved changes is never touched: a
bar offers Reload, Keep Mine and Compare. A deleted file's tab keeps its text, is marked, and
counts as unsaved, so closing it asks. Saving over a disk version the user has not seen asks first
(EditorTabs._write, through `changed_since_seen`).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QObject, SignalInstance

from dsstudio.core.editor.disk_version import DiskVersion, current_version
from dsstudio.core.editor.textfile import LoadedText, TextFileError, decode_text_file, read_text_file
from dsstudio.ui.editor.editor_document import EditorDocument
from dsstudio.ui.editor.notice_bar import Notice
from dsstudio.ui.project.open_files_watcher import OpenFilesWatcher

if TYPE_CHECKING:
    from dsstudio.ui.editor.code_editor import CodeEditor


class SyncedTabs(Protocol):
    """What disk sync asks of the tabs it serves (EditorTabs, a QObject: the sync's parent)."""

    sig_status_message: SignalInstance

    def editor_for_path(self, path: Path) -> CodeEditor | None: ...

    def document(self, editor: CodeEditor) -> EditorDocument: ...

    def set_notice(self, editor: CodeEditor, notice: Notice | None) -> None: ...

    def save(self, editor: CodeEditor | None = None) -> bool: ...

    def save_as(self, editor: CodeEditor | None = None, path: Path | None = None) -> bool: ...

    def show_error(self, title: str, message: str) -> None: ...

    def run_dialog(self, dialog) -> None: ...


class EditorDiskSync(QObject):
    def __init__(self, tabs: SyncedTabs) -> None:
        super().__init__(tabs)
        self.tabs = tabs
        self.watcher = OpenFilesWatcher(self)
        self.watcher.sig_touched.connect(self.check)

    def watch(self, path: Path) -> None:
        self.watcher.watch(path)

    def unwatch(self, path: Path) -> None:
        if self.tabs.editor_for_path(path) is None:
            self.watcher.unwatch(path)

    def check_all(self) -> None:
        self.watcher.touch_all()

    def changed_since_seen(self, editor: CodeEditor) -> bool:
        """The file at the tab's path holds other bytes than the ones last read, written or
        accepted with Keep Mine."""
        doc = self.tabs.document(editor)
        if doc.path is None:
            return False
        version, _data = current_version(doc.path, doc.disk_version, trust_stat=False)
        return version is not None and not version.same_content(doc.disk_version)

    def check(self, path: Path) -> None:
        """Look at `path` again: reload, offer, or mark deleted."""
        editor = self.tabs.editor_for_path(path)
        if editor is None:
            return
        doc = self.tabs.document(editor)
        # Files in editors are small enough to read at every event (see current_version).
        version, data = current_version(doc.path, doc.disk_version, trust_stat=False)
        if version is None:
            if not doc.path.exists():
                self.mark_deleted(editor)
            return
        if version.same_content(doc.disk_version):
            doc.disk_version = version  # touched, not changed
            if doc.missing_on_disk:
                doc.missing_on_disk = False
                self.tabs.set_notice(editor, None)
            return
        if data is None:
            return
        doc.missing_on_disk = False
        try:
            loaded = decode_text_file(doc.path, data)
        except TextFileError as error:
            self.tabs.set_notice(editor, Notice(
                f"{doc.path.name} changed on disk and cannot be shown here ({error}). "
                "Your text is kept; saving will write over the file.",
                (("Keep Mine", lambda: self._keep_mine(editor, version)),)))
            return
        if not editor.is_modified():
            self._take_disk_text(editor, loaded, version)
            # Not "Reloaded …": that is the kernel's word for a module's live reload.
            self.tabs.sig_status_message.emit(disk_text_taken_message(doc.path.name))
            return
        name = doc.path.name
        self.tabs.set_notice(editor, Notice(
            f"{name} changed on disk, and this tab has unsaved changes.",
            (("Reload", lambda: self._reload(editor)),
             ("Keep Mine", lambda: self._keep_mine(editor, version)),
             ("Compare", lambda: self._compare(editor, loaded.text, version)))))

    def mark_deleted(self, editor: CodeEditor) -> None:
        doc = self.tabs.document(editor)
        if doc.missing_on_disk:
            return
        doc.missing_on_disk = True
        doc.disk_version = None
        self.tabs.set_notice(editor, Notice(
            f"{doc.path.name} was deleted on disk. Its text is kept in this tab only: "
            "save it to keep it.",
            (("Save", lambda: self.tabs.save(editor)),
             ("Save As…", lambda: self.tabs.save_as(editor)))))

    # ---- Answers
    def _take_disk_text(self, editor: CodeEditor, loaded: LoadedText, version: DiskVersion) -> None:
        doc = self.tabs.document(editor)
        editor.replace_text_keeping_place(loaded.text)
        editor.set_save_point()
        doc.fmt = loaded.format
        doc.disk_version = version
        doc.missing_on_disk = False
        self.tabs.set_notice(editor, None)

    def _reload(self, editor: CodeEditor) -> None:
        """Take the disk's text now (read again: it may have changed since the bar appeared).
        One undo step: the user's own text is one Ctrl+Z away."""
        doc = self.tabs.document(editor)
        try:
            loaded = read_text_file(doc.path)
        except TextFileError as error:
            self.tabs.show_error("Cannot reload", f"{error}\n\nYour text is still in the editor.")
            return
        from dsstudio.core.editor.disk_version import version_of

        self._take_disk_text(editor, loaded, version_of(doc.path, loaded.data))

    def _keep_mine(self, editor: CodeEditor, version: DiskVersion) -> None:
        """The user has seen the disk's version and keeps theirs: the next save writes over it
        without asking again."""
        self.tabs.document(editor).disk_version = version
        self.tabs.set_notice(editor, None)

    def _compare(self, editor: CodeEditor, disk_text: str, version: DiskVersion) -> None:
        from dsstudio.ui.editor.compare_dialog import CompareDialog

        name = self.tabs.document(editor).path.name
        dialog = CompareDialog(f"{name}: on disk and in the editor", disk_text, editor.text(),
                               f"{name} (on disk)", f"{name} (editor)", ("Reload", "Keep Mine"),
                               self.tabs)
        self.tabs.run_dialog(dialog)
        if dialog.choice == "Reload":
            self._reload(editor)
        elif dialog.choice == "Keep Mine":
            self._keep_mine(editor, version)


def disk_text_taken_message(name: str) -> str:
    """The status line when an unmodified tab takes the text another program saved."""
    return f"{name} was changed by another program; the editor now shows the file on disk"

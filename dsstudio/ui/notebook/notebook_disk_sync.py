"""Open notebooks follow their files on disk: a notebook changed by another program (git,
JupyterLab beside dsstudio, nbstripout) is offered for reload, a deleted one keeps its cells and
asks before it is closed, and a save never writes over a version the user has not seen, nor over
a file marked read-only without asking (as a text file's save asks: save_checks.py)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject

from dsstudio.core.editor.disk_version import DiskVersion, current_version, version_of
from dsstudio.ui.editor.notice_bar import Notice, NoticeBar
from dsstudio.ui.editor.save_checks import read_only_verdict
from dsstudio.ui.project.open_files_watcher import OpenFilesWatcher


class NotebookDiskSync(QObject):
    def __init__(self, pane) -> None:
        super().__init__(pane)
        self.pane = pane
        self.watcher = OpenFilesWatcher(self)
        self.watcher.sig_touched.connect(self.check)

    def track(self, view) -> None:
        """Start following `view`'s file (just read or written), with a notice bar above it."""
        view.notice_bar = NoticeBar(view)
        view.layout().insertWidget(1, view.notice_bar)  # under the toolbar
        view.missing_on_disk = False
        self._record(view)
        view.save_guard = self.may_write
        view.sig_saved.connect(lambda v=view: self._saved(v))
        self.watcher.watch(view.path)

    def untrack(self, view) -> None:
        if not any(other is not view and other.path == view.path for other in self.pane.views):
            self.watcher.unwatch(view.path)

    def moved(self, view, old: Path) -> None:
        """`view` was saved under a new name: follow the new file, not the old one."""
        if not any(other.path == old for other in self.pane.views):
            self.watcher.unwatch(old)
        self.watcher.watch(view.path)

    def check_all(self) -> None:
        self.watcher.touch_all()

    def may_write(self, view) -> str:
        """Before a save to the notebook's own file: "write", unless the file holds a version the
        user has not seen or is marked read-only and they chose not to write over it ("cancel")
        or to save elsewhere ("saved" when that was done)."""
        version, _data = current_version(view.path, view.disk_version, trust_stat=False)
        if version is not None and not version.same_content(view.disk_version) \
                and self.pane.window.tabs.ask_overwrite_changed(view.path) != "save":
            return "cancel"
        return self.may_write_new(view)

    def may_write_new(self, view) -> str:
        """Before a save to a file the user just chose (Save As): the read-only question alone."""
        verdict = read_only_verdict(view.path, self.pane.window.tabs.ask_read_only)
        if verdict == "save_as":
            return "saved" if self.pane.save_as(view) else "cancel"
        return verdict

    def check(self, path: Path) -> None:
        view = next((v for v in self.pane.views if v.path == path), None)
        if view is None:
            return
        version, data = current_version(path, view.disk_version)
        if version is None:
            if not path.exists():
                self._mark_deleted(view)
            return
        if version.same_content(view.disk_version):
            view.disk_version = version
            if view.missing_on_disk:
                view.missing_on_disk = False
                view.notice_bar.show_notice(None)
            return
        view.missing_on_disk = False
        state = "this notebook has unsaved changes" if view.modified else "nothing here is unsaved"
        view.notice_bar.show_notice(Notice(
            f"{path.name} changed on disk ({state}).",
            (("Reload", lambda: self.pane.reload(view)),
             ("Keep Mine", lambda: self._keep_mine(view, version)))))

    # ---- Internals
    def _record(self, view) -> None:
        try:
            view.disk_version = version_of(view.path, view.path.read_bytes())
        except OSError:
            view.disk_version = None

    def _saved(self, view) -> None:
        self._record(view)
        view.missing_on_disk = False
        view.notice_bar.show_notice(None)

    def _keep_mine(self, view, version: DiskVersion) -> None:
        view.disk_version = version
        view.notice_bar.show_notice(None)

    def _mark_deleted(self, view) -> None:
        if view.missing_on_disk:
            return
        view.missing_on_disk = True
        view.disk_version = None
        view.mark_modified()  # the cells here are the only copy left: closing must ask
        view.notice_bar.show_notice(Notice(
            f"{view.path.name} was deleted on disk. Its cells are kept here only: save to keep them.",
            (("Save", view.save),)))

"""The notebooks of a window: tabs in the main area or the side column (the window's
DocumentAreas), on the project kernel, asked before closing."""

from __future__ import annotations

import threading
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QMessageBox

from dsstudio.core.app.freed_memory import TRIM_DELAY_MS, return_freed_memory
from dsstudio.core.notebook.notebook_file import (NotebookError, new_notebook, read_notebook,
                                                  validation_notice, write_notebook)
from dsstudio.core.unsaved_document import UnsavedDocument

UNSAVED_MARK = "● "
# A notebook opening in a pane narrower than this share of the room beside the tree widens it.
NOTEBOOK_SHARE = 0.6


class NotebookPane(QObject):
    """Opens, tracks and closes NotebookViews, in whichever of `areas`' tab widgets each is."""

    sig_validated = Signal(str)
    """A notebook's validation, run on a worker thread, found a problem (the notice)."""

    def __init__(self, window, areas) -> None:
        super().__init__(window)
        self.sig_validated.connect(self._show_notice)
        self.window = window
        self.areas = areas  # DocumentAreas: where each view's tab is
        self.views = []
        areas.sig_close_requested.connect(self._close_requested)
        areas.sig_moved.connect(lambda view, _area: view in self.views and self._widen(view))
        from dsstudio.ui.notebook.notebook_disk_sync import NotebookDiskSync

        self.disk = NotebookDiskSync(self)

    def open(self, path: Path, notebook=None, area: str | None = None):
        """Show the notebook at `path` (already open: bring it forward); None if it cannot be read.
        With `notebook` (recovered after a crash), that content is shown instead of the file's.
        It opens in `area` ("main" or "side"), by default where the user last moved one."""
        from dsstudio.ui.notebook.notebook_view import NotebookView

        path = Path(path).resolve()
        for view in self.views:
            if view.path == path:
                self.areas.show(view)
                return view
        if self.window.kernel is None:
            QMessageBox.information(self.window, "Open a project first",
                                    f"{path.name} runs on a project's kernel: open its folder "
                                    "(File > Open Folder), then the notebook.")
            return None
        try:
            # Validated once it is on screen.
            loaded = read_notebook(path, validate=False) if notebook is None else None
        except NotebookError as error:
            QMessageBox.warning(self.window, "Cannot open notebook", str(error))
            return None
        view = NotebookView(path, loaded.notebook if loaded else notebook, self.window.kernel,
                            self.areas.tab_widget(area or self.areas.area_for("notebook")),
                            save_outputs=self.window.settings.get("save_notebook_outputs"))
        view.sig_save_outputs_changed.connect(self.set_save_outputs)
        view.sig_cell_editor_created.connect(
            lambda editor, earlier, v=view: self.window.intelligence is not None
            and self.window.intelligence.attach_cell(editor, earlier, v.path))
        view.sig_restart_requested.connect(lambda run_all, v=view: self._restart(v, run_all))
        view.sig_inspect_requested.connect(self._inspect)
        self.views.append(view)
        self.areas.add(view, path.name, "notebook", area)
        self._widen(view)
        view.sig_modified_changed.connect(lambda _m, v=view: self._refresh_title(v))
        view.sig_message.connect(lambda text: self.window.status.showMessage(text, 5000))
        view.sig_save_failed.connect(lambda error: self.window.tabs.report_failed_save(
            error, "The notebook is still open here, unsaved."))
        self.disk.track(view)
        for notice in loaded.notices if loaded else ():
            self._show_notice(notice)
        if loaded is not None:
            # Validating 10,000 cells takes a quarter of a second: on a worker, after the first
            # paint.
            QTimer.singleShot(0, lambda: self._validate_later(path.name, loaded.text))
        view.setFocus()
        return view

    def _validate_later(self, name: str, text: str) -> None:
        def validate() -> None:
            notice = validation_notice(name, text)
            if notice is not None:
                try:
                    self.sig_validated.emit(notice)  # queued to the GUI thread
                except RuntimeError:  # the window closed meanwhile: nobody to tell
                    pass

        threading.Thread(target=validate, name="dsstudio-validate", daemon=True).start()

    def _show_notice(self, notice: str) -> None:
        self.window.console.show_message(notice)
        self.window.status.showMessage(notice, 8000)

    def create(self, folder: Path):
        """A new notebook file in `folder` (untitled.ipynb, untitled-2.ipynb, ...), opened."""
        path, number = folder / "untitled.ipynb", 1
        while path.exists():
            number += 1
            path = folder / f"untitled-{number}.ipynb"
        try:
            write_notebook(path, new_notebook())
        except NotebookError as error:
            QMessageBox.warning(self.window, "Cannot create notebook", str(error))
            return None
        return self.open(path)

    def set_save_outputs(self, on: bool) -> None:
        """A project setting: every open notebook follows, and the project keeps it."""
        self.window.settings.set("save_notebook_outputs", on)
        for view in self.views:
            view.set_save_outputs(on)

    def apply_preferences(self, values: dict) -> None:
        """The editor preferences changed: every open notebook's cells follow."""
        for view in self.views:
            view.apply_preferences(values)

    def focused_view(self):
        """The notebook that has the keyboard focus, if one does."""
        from PySide6.QtWidgets import QApplication

        focus = QApplication.focusWidget()
        for view in self.views:
            if focus is not None and (focus is view or view.isAncestorOf(focus)):
                return view
        return None

    def save_all(self) -> bool:
        return all(view.save() for view in self.views if view.has_unsaved_changes())

    def save_as(self, view, path: Path | None = None) -> bool:
        """Write `view` to another file, which it then is (a notebook whose folder is read-only
        can always be saved somewhere)."""
        path = path or self.ask_notebook_path(view)
        if path is None:
            return False
        path = Path(path).resolve()
        if any(other is not view and other.path == path for other in self.views):
            QMessageBox.warning(self.window, "Notebook open", f"{path.name} is open in another tab: "
                                "close it first, or choose another name.")
            return False
        old, guard = view.path, view.save_guard
        # The file dialog asked about writing over the file; not whether it is marked read-only.
        view.path, view.save_guard = path, self.disk.may_write_new
        try:
            saved = view.save()
        finally:
            view.save_guard = guard
        if not saved:
            view.path = old
            return False
        self.disk.moved(view, old)
        self._refresh_title(view)
        return True

    def ask_notebook_path(self, view) -> Path | None:
        from PySide6.QtWidgets import QFileDialog

        chosen, _ = QFileDialog.getSaveFileName(self.window, "Save Notebook As", str(view.path),
                                                "Notebooks (*.ipynb)")
        return Path(chosen) if chosen else None

    def close_view(self, view) -> None:
        self._close_requested(view)

    def apply_reload_report(self, report: dict) -> None:
        for view in self.views:
            view.stale.after_reload(report)

    def unsaved_documents(self) -> list[UnsavedDocument]:
        """The notebooks with changes not on disk, wherever their tabs sit (the quit question)."""
        return [UnsavedDocument(view.path.name, view.save)
                for view in self.views if view.has_unsaved_changes()]

    def reload(self, view) -> None:
        """Read `view`'s file again into a new view at the same place (the user asked)."""
        try:
            loaded = read_notebook(view.path, validate=False)
        except NotebookError as error:  # the view and its cells stay as they are
            QMessageBox.warning(self.window, "Cannot reload notebook", str(error))
            return
        self.replace(view, loaded.notebook)

    def replace(self, view, notebook=None):
        """A new view of `view`'s file (or of `notebook`, for that file) at the same place."""
        tabs, path, area = self.areas.tabs_of(view), view.path, self.areas.area_of(view)
        index = tabs.indexOf(view) if tabs is not None else -1
        self._remove(view)
        fresh = self.open(path, notebook, area)
        if fresh is not None and index >= 0:
            tabs.tabBar().moveTab(tabs.indexOf(fresh), index)
            tabs.setCurrentWidget(fresh)
        return fresh

    def check_disk(self) -> None:
        self.disk.check_all()

    def close_all(self) -> None:
        for view in list(self.views):
            self._remove(view)

    # ---- Internals
    def _close_requested(self, view) -> None:
        if view not in self.views:
            return
        if view.has_unsaved_changes():
            answer = self.window.tabs.ask_unsaved([view.path.name])
            if answer == "cancel" or (answer == "save" and not view.save()):
                return
        self._remove(view)

    def _widen(self, view) -> None:
        """A notebook needs more room than a console or a file: widen the pane it is in."""
        self.window.panes.widen("editor" if self.areas.area_of(view) == "main" else "side",
                                NOTEBOOK_SHARE)

    def _restart(self, view, run_all: bool) -> None:
        if self.window.kernel is None or not self.window.confirm_restart():
            return
        if run_all:
            kernel = self.window.kernel

            def run_when_ready(_info: dict) -> None:
                kernel.sig_ready.disconnect(run_when_ready)
                if view in self.views:
                    view.run_all()

            kernel.sig_ready.connect(run_when_ready)
        self.window.restart_now()

    def _inspect(self, editor) -> None:
        """Shift+Tab in a cell: the help of the name at its caret, as F1 shows it."""
        intelligence = self.window.intelligence
        assist = intelligence.assist_of(editor) if intelligence is not None else None
        if assist is not None:
            assist.hover.help_at_caret()

    def _remove(self, view) -> None:
        view.runner.stop()
        self.views.remove(view)
        self.disk.untrack(view)
        self.areas.remove(view)
        view.deleteLater()
        QTimer.singleShot(TRIM_DELAY_MS, return_freed_memory)  # its outputs' memory

    def _refresh_title(self, view) -> None:
        self.areas.set_title(view, (UNSAVED_MARK if view.modified else "") + view.path.name)

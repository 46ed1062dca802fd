"""Lint as you type: ruff runs on the edited buffer shortly after typing stops.

The controller follows the editors the user works in (editor tabs, and notebook cells while
edited), runs a `LintJob` (a ruff process in a worker thread) a moment after the last change,
drops a job that a newer edit made stale (its process is killed), and shows the result in the
editor (DiagnosticMarks), the Problems pane and the status bar. A missing or failing ruff gives
one notice, shown until linting works again, not one per keystroke.
"""

from __future__ import annotations

import sys
from pathlib import Path

import shiboken6
from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication, QTabBar, QToolButton

from dsstudio.core.lint.diagnostics import Diagnostic, counts
from dsstudio.core.lint.ruff_runner import (
    LintFailure,
    LintJob,
    LintResult,
    RuffMissing,
    find_ruff_binary,
)
from dsstudio.ui.lint.diagnostic_marks import DiagnosticMarks
from dsstudio.ui.lint.lint_targets import FileTarget, LintRequest, NotebookCellTarget
from dsstudio.ui.lint.problems_pane import ProblemsPane, counts_text

# Typing pauses this long before the buffer is linted (ruff itself takes ~10-20 ms).
LINT_DELAY_MS = 300
_MISSING = object()


class _Linted:
    """A followed editor: its target, marks, pending timer, running job and last findings."""

    def __init__(self, target, controller: LintController) -> None:
        self.target = target
        self.marks = DiagnosticMarks(target.editor)
        self.timer = QTimer(target.editor)
        self.timer.setSingleShot(True)
        self.timer.setInterval(controller.delay_ms)
        self.timer.timeout.connect(lambda: controller.lint_now(target.editor))
        self.job: LintJob | None = None
        self.request: LintRequest | None = None
        self.listed: list[Diagnostic] = []  # what the Problems pane shows for it


class LintController(QObject):
    sig_linted = Signal(object)
    """A result was shown in an editor (the CodeEditor): tests and the benchmark wait on it."""

    _sig_job_done = Signal(object, object)  # (job, outcome), from the worker thread

    def __init__(self, tabs, side_tabs, status_bar, project_root=lambda: None,
                 binary: Path | None | object = _MISSING, delay_ms: int = LINT_DELAY_MS,
                 parent: QObject | None = None) -> None:
        super().__init__(parent if parent is not None else tabs)  # goes with the window's tabs
        self.tabs = tabs
        self.side_tabs = side_tabs
        self.project_root = project_root
        self.binary = find_ruff_binary() if binary is _MISSING else binary
        self.delay_ms = delay_ms
        self.enabled = True
        self.notices: list[str] = []  # every notice given, in order (one per failure spell)
        self._failing = ""
        self._linted: dict[int, _Linted] = {}  # id(editor) ->
        self._active = None  # the editor whose findings the pane lists
        self.pane = ProblemsPane()
        self.pane.sig_activated.connect(self._go_to_listed)
        side_tabs.addTab(self.pane, self.pane.title())
        # Notebook tabs make the side tabs closable; the Problems pane stays, like the console.
        side_tabs.currentChanged.connect(self._keep_pane_tab)
        self.status_button = QToolButton()
        self.status_button.setObjectName("LintCountsButton")
        self.status_button.setAutoRaise(True)
        self.status_button.clicked.connect(lambda: side_tabs.setCurrentWidget(self.pane))
        self.status_bar = status_bar
        # At the right end, after the kernel's state (an index of 0 is taken by the reload
        # outcome, a normal widget: Qt warned and appended it there anyway).
        status_bar.addPermanentWidget(self.status_button)
        self._sig_job_done.connect(self._on_job_done)
        tabs.sig_current_changed.connect(self._on_current_tab)
        QApplication.instance().focusChanged.connect(self._on_focus_changed)
        for editor in tabs.editors():
            self.follow(FileTarget(editor, tabs, project_root))
        if tabs.current_editor() is not None:
            self._set_active(tabs.current_editor())
        self._refresh_counts()
        if self.binary is None:
            self._fail(RuffMissing("ruff was not found: lint as you type is off (ruff comes "
                                   "with dsstudio; reinstall it or put ruff on PATH)"))

    # ---- Public API
    def follow(self, target) -> None:
        """Lint `target`'s editor now and after each pause in typing."""
        editor = target.editor
        if id(editor) in self._linted:
            return
        linted = self._linted[id(editor)] = _Linted(target, self)
        editor.sig_text_changed.connect(linted.timer.start)
        editor.destroyed.connect(lambda _obj=None, key=id(editor): self._forget(key))
        # At the next turn of the event loop: a tab is current before its text is set.
        QTimer.singleShot(0, editor, lambda: self.lint_now(editor))

    def lint_now(self, editor) -> None:
        """Lint `editor`'s buffer now, cancelling its running job (stale by now)."""
        linted = self._linted.get(id(editor))
        if linted is None or not self.enabled or not shiboken6.isValid(editor):
            return
        linted.timer.stop()
        if linted.job is not None:
            linted.job.cancel()
            linted.job = None
        try:
            request = linted.target.request()
        except (KeyError, ValueError):  # the tab or cell is going away
            return
        if request is None:  # another language: left alone
            linted.marks.clear()
            linted.listed = []
            self._show_active()
            return
        linted.request = request
        linted.job = LintJob(self.binary, request.source, request.stdin_filename,
                             self._sig_job_done.emit).start()

    def editors(self) -> list:
        return [linted.target.editor for linted in self._linted.values()]

    def marks(self, editor) -> DiagnosticMarks | None:
        linted = self._linted.get(id(editor))
        return linted.marks if linted is not None else None

    def active_editor(self):
        return self._active

    def shutdown(self) -> None:
        """Stop every job (the window closes)."""
        self.enabled = False
        for linted in self._linted.values():
            linted.timer.stop()
            if linted.job is not None:
                linted.job.cancel()

    # ---- Results
    def _on_job_done(self, job: LintJob, outcome: LintResult | LintFailure) -> None:
        linted = next((item for item in self._linted.values() if item.job is job), None)
        if linted is None:  # superseded, or its editor closed
            return
        linted.job = None
        if isinstance(outcome, LintFailure):
            self._fail(outcome)
            return
        self._recover()
        editor = linted.target.editor
        if not shiboken6.isValid(editor) or linted.target.token() != linted.request.token:
            return  # edited since: the pending timer lints the newer text
        linted.marks.show(linted.target.own(outcome.diagnostics), linted.request.editor_text)
        linted.listed = linted.target.all_shown(outcome.diagnostics)
        if editor is self._active:
            self._show_active()
        self.sig_linted.emit(editor)

    def _fail(self, failure: LintFailure) -> None:
        text = str(failure)
        if isinstance(failure, RuffMissing):
            self.enabled = False  # nothing will work until dsstudio is reinstalled
        if self._failing:
            return  # already said: one notice per spell of failures
        self._failing = text
        self.notices.append(text)
        self.pane.set_notice(text)
        self.status_bar.showMessage(f"Lint: {text}", 10000)

    def _recover(self) -> None:
        if self._failing:
            self._failing = ""
            self.pane.set_notice("")

    # ---- Which editor the pane follows
    def _on_current_tab(self, editor) -> None:
        if editor is None:
            return
        self.follow(FileTarget(editor, self.tabs, self.project_root))
        self._set_active(editor)

    def _on_focus_changed(self, _old, new) -> None:
        editor = _code_editor_of(new)
        if editor is None or not shiboken6.isValid(self.tabs):
            return
        if id(editor) not in self._linted:
            target = self._target_for(editor)
            if target is None:
                return
            self.follow(target)
        self._set_active(editor)

    def _target_for(self, editor):
        if editor in self.tabs.editors():
            return FileTarget(editor, self.tabs, self.project_root)
        view, item = _notebook_cell_of(editor)
        return NotebookCellTarget(editor, view, item) if view is not None else None

    def _set_active(self, editor) -> None:
        self._active = editor
        self._show_active()

    def _show_active(self) -> None:
        if not shiboken6.isValid(self.pane):
            return  # the window is going away
        linted = self._linted.get(id(self._active)) if self._active is not None else None
        if linted is None or not shiboken6.isValid(linted.target.editor):
            self.pane.show_diagnostics("", [])
        else:
            self.pane.show_diagnostics(linted.target.name, linted.listed)
        self._refresh_counts()

    def _refresh_counts(self) -> None:
        # Editors are destroyed as their window goes: by then the tabs may be gone before them.
        if not all(shiboken6.isValid(w) for w in (self.side_tabs, self.pane, self.status_button)):
            return
        self.side_tabs.setTabText(self.side_tabs.indexOf(self.pane), self.pane.title())
        errors, warnings = counts(self.pane.diagnostics)
        self.status_button.setText(f"⊗ {errors}  ⚠ {warnings}")
        self.status_button.setToolTip(f"Lint (ruff): {counts_text(errors, warnings)}. "
                                      "Click for the Problems pane.")
        self.status_button.setVisible(self._active is not None)

    def _keep_pane_tab(self, _index: int = 0) -> None:
        index = self.side_tabs.indexOf(self.pane)
        if index >= 0 and self.side_tabs.tabsClosable():
            self.side_tabs.tabBar().setTabButton(index, QTabBar.ButtonPosition.RightSide, None)

    def _go_to_listed(self, row: int) -> None:
        linted = self._linted.get(id(self._active)) if self._active is not None else None
        if linted is None:
            return
        diagnostic = linted.listed[row]
        for number, (shown, _handle) in enumerate(linted.marks.shown):
            if shown is diagnostic:
                if isinstance(linted.target, FileTarget):
                    self.tabs.show_editor(linted.target.editor)
                linted.marks.go_to(number)
                return
        target = linted.target
        if isinstance(target, NotebookCellTarget) and diagnostic.cell is not None:
            view = target.view  # a finding in another cell: edit that cell, go to its line
            view.select(diagnostic.cell)
            cell = view.cells[diagnostic.cell]
            cell.start_editing()
            if cell.widget is not None and cell.widget.editor is not None:
                cell.widget.editor.set_cursor(diagnostic.row - 1, diagnostic.column - 1)

    def _forget(self, key: int) -> None:
        linted = self._linted.pop(key, None)
        if linted is not None and linted.job is not None:
            linted.job.cancel()
        if self._active is not None and id(self._active) == key:
            self._active = None
            self._show_active()


def _code_editor_of(widget):
    module = sys.modules.get("dsstudio.ui.editor.code_editor")
    if module is None:  # no editor exists yet (and focus changes must not import Scintilla)
        return None
    while widget is not None:
        if isinstance(widget, module.CodeEditor):
            return widget
        widget = widget.parentWidget()
    return None


def _notebook_cell_of(editor):
    """(NotebookView, NotebookCell) of a cell's editor, or (None, None)."""
    from dsstudio.ui.notebook.notebook_view import NotebookView

    widget = editor.parentWidget()
    cell_widget = None
    while widget is not None and not isinstance(widget, NotebookView):
        if getattr(widget, "editor", None) is editor:
            cell_widget = widget
        widget = widget.parentWidget()
    if widget is None or cell_widget is None:
        return None, None
    return widget, cell_widget.item

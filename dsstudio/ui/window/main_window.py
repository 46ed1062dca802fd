"""The project window: tree | editor tabs | console, in splitters, on one project kernel.

The window is shown before the console exists: `attach_console` builds it once the event loop runs,
so qtconsole's import never delays the first paint.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, QTimer, Signal
from PySide6.QtWidgets import QFileDialog, QMainWindow, QMessageBox, QStackedWidget, QTabWidget

from dsstudio.core.settings import Preferences, RecentProjects, load_project_state, save_project_state
from dsstudio.ui.kernel.interpreter_switcher import InterpreterSwitcher
from dsstudio.ui.window.actions import (build_actions, build_menus_and_toolbar, editor_scoped,
                                       empty_editor_text, enable_project_actions)
from dsstudio.ui.console.console_pane import ConsolePane
from dsstudio.ui.editor.editor_tabs import EditorTabs
from dsstudio.ui.editor.find_bar import FindBar
from dsstudio.ui.kernel.kernel_controller import KernelController
from dsstudio.ui.project.project_settings import ProjectSettings
from dsstudio.ui.project.project_tree import ProjectTree
from dsstudio.ui.window.document_areas import DocumentAreas
from dsstudio.ui.window.main_toolbar import arrange_main_toolbar
from dsstudio.ui.window.pane_layout import PaneLayout, check_quietly, column
from dsstudio.ui.window.start_page import StartPage
from dsstudio.ui.window.status_bar import MainStatusBar
from dsstudio.ui.window.unsaved_documents import resolve_unsaved_documents
from dsstudio.ui.window.window_state import restore_window_state, size_to_screen, window_state

SPLITTER_NAMES = ("main",)


# The console's Qt imports wait for the kernel's first reply at most this long.
KERNEL_READY_IMPORT_WAIT_MS = 3000


class MainWindow(QMainWindow):
    sig_first_paint = Signal()
    """The window painted for the first time (start-up profiling listens)."""

    def __init__(self, recent: RecentProjects) -> None:
        super().__init__()
        self.setObjectName("MainWindow")
        self.setWindowTitle("dsstudio")
        size_to_screen(self)  # 1280x800, or less on a small or scaled screen
        self.recent = recent
        self.project_root: Path | None = None
        self.kernel: KernelController | None = None
        self._painted = False
        self._after_paint: list = []
        self.live_reload = None  # LiveReload, once a project is open and the window painted
        self._notebooks = None  # NotebookPane, built with the first notebook
        self.recovery = None  # RecoveryKeeper: copies of unsaved work, after the first paint
        self._closing_without_questions = False  # hot_exit: the system is ending the app
        self.intelligence = None  # WindowIntelligence (completion, go to definition), after paint
        self.settings = None  # ProjectSettings of the open project
        # Set by the app's window manager: opens a project the user chose (root, this window).
        self.project_opener = None

        self.tree = ProjectTree()
        self.tabs = EditorTabs()
        self.find_bar = FindBar()
        editor_column = column("EditorColumn", self.tabs.notice_bar, self.tabs, self.find_bar)
        self.find_bar.hide()
        self.console = ConsolePane()
        self.side_tabs = QTabWidget()
        self.side_tabs.setObjectName("SideTabs")
        self.side_tabs.setDocumentMode(True)
        self.side_tabs.addTab(self.console, "Console")
        # Notebooks and the console sit in the main area (the editor's tabs) or the side column.
        self.areas = DocumentAreas(self.tabs, self.side_tabs, self)
        self.areas.register(self.console, "console", closable=False)
        # Files may be moved there too: a file's changed-on-disk notice then shows above it.
        side_column = column("SideColumn", self.tabs.place_in(self.areas), self.side_tabs)
        # The project's interpreter: status bar name, problem bar above the console, dialogs.
        self.interpreters = InterpreterSwitcher(self, side_column)

        # Files | Search: the search pane is built when first shown (nothing imported before).
        self.left_tabs = QTabWidget()
        self.left_tabs.setObjectName("LeftTabs")
        self.left_tabs.setDocumentMode(True)
        self.left_tabs.addTab(self.tree, "Files")
        self.search_column = column("SearchColumn")
        self.left_tabs.addTab(self.search_column, "Search")
        self.left_tabs.currentChanged.connect(lambda _i: self.left_tabs.currentWidget()
                                              is self.search_column and self.search)
        self._search = None
        # Tree | main area | side column, each shown, hidden or maximised from the View menu.
        self.panes = PaneLayout({"tree": self.left_tabs, "editor": editor_column,
                                 "side": side_column}, self)
        self.splitter = self.panes.splitter

        self.start_page = StartPage()
        self.stack = QStackedWidget()
        self.stack.addWidget(self.start_page)
        self.stack.addWidget(self.splitter)
        self.setCentralWidget(self.stack)

        self.status = MainStatusBar()
        self.setStatusBar(self.status)
        self.actions = build_actions(self, editor_column)
        self.recent_menu = build_menus_and_toolbar(self, self.actions)
        arrange_main_toolbar(self, self.actions)
        self.recent_menu.aboutToShow.connect(self._fill_recent_menu)
        self.areas.scope_editor_keys(editor_scoped(self.actions))
        self.tabs.editor_actions = editor_scoped(self.actions)
        self.panes.follow_actions({"tree": self.actions["show_tree"],
                                   "side": self.actions["show_side_column"]})
        check_quietly(self.actions["show_problems"], True)
        self.tabs.placeholder.setText(empty_editor_text(self.actions))
        self._connect()
        self._show_start_page()
        self.lint = None  # LintController (lint as you type): made after the first paint
        self.theme_follower = None  # set after the first paint (ui/window/window_theme.py)
        # Both after the kernel's first answer: off start-up's path (lint and the theme's
        # modules on the GUI thread delayed showing the kernel ready by 6-13%).
        self.after_first_paint(
            lambda: self._when_kernel_ready(lambda: self._start_service("follow_app_theme")))
        self.after_first_paint(
            lambda: self._when_kernel_ready(lambda: self._start_service("start_linting")))
        self.after_first_paint(
            lambda: self._when_kernel_ready(lambda: self._start_service("preload_notebook_modules")))

    # ---- Public API: projects
    def open_project(self, root: Path, kernel: KernelController) -> None:
        """Show `root` in this window on `kernel` (already started, or about to be)."""
        self.project_root = root
        self.kernel = kernel
        self.setWindowTitle(f"{root.name} — dsstudio")
        self.tree.set_root(root)
        kernel.sig_state_changed.connect(self.status.set_kernel_state)
        kernel.sig_died.connect(self._on_kernel_died)
        self.interpreters.attach(kernel)
        self.status.set_kernel_state(kernel.state)
        self.stack.setCurrentWidget(self.splitter)
        enable_project_actions(self.actions, True)
        self.recent.add(root)
        state = load_project_state(root)
        self.settings = ProjectSettings(root, state, self)
        self.settings.sig_message.connect(self._show_project_message)
        if self.settings.last_message:
            message = self.settings.last_message
            self.after_first_paint(lambda: self._show_project_message(message))
        state.reload_on_save = self.settings.get("reload_on_save")
        state.save_notebook_outputs = self.settings.get("save_notebook_outputs")
        restore_window_state(self, state)
        # The reloader brings watchdog and the kernel client: after the first paint.
        self.after_first_paint(
            lambda: self._start_service("start_live_reload", root, state.reload_on_save))
        self.after_first_paint(lambda: self._start_service("start_debugger", root))
        self.after_first_paint(lambda: self._when_kernel_ready(
            lambda: self._start_service("start_intelligence", root)))

    @property
    def notebooks(self):
        """The notebook tabs, in the main area or the side column (built when first needed)."""
        if self._notebooks is None:
            from dsstudio.ui.notebook.notebook_pane import NotebookPane

            self._notebooks = NotebookPane(self, self.areas)
        return self._notebooks

    def open_notebook_paths(self) -> list[Path]:
        return [view.path for view in self._notebooks.views] if self._notebooks is not None else []

    def new_notebook(self) -> None:
        if self.project_root is not None:
            self.notebooks.create(self.project_root)

    def after_first_paint(self, callback) -> None:
        """Run `callback` once the window has painted (at once if it has).

        Opening files imports Scintilla and fills editors: an empty window painted first is what
        makes start-up feel instant, so file opening at start waits for this.
        """
        if self._painted:
            callback()
        else:
            self._after_paint.append(callback)

    def attach_console(self) -> None:
        """Build the console on the project kernel (after the window is on screen)."""
        if self.kernel is not None and not self.console.is_attached():
            self.console.follow_kernel(self.kernel)
            self.console.load_and_attach(
                lambda: self.kernel.create_client() if self.kernel is not None else None,
                gui_imports_when=self._when_kernel_ready)

    def _when_kernel_ready(self, callback) -> None:
        """Call `callback` once the kernel has answered (or after a while, whatever it does).

        The console's Qt imports keep the GUI thread busy for about 0.15 s; done while the
        kernel's first reply is on its way, they would delay showing the kernel as ready.
        """
        done, connected = [], []

        def once(*_args) -> None:
            if not done:
                done.append(True)
                if connected:
                    kernel.sig_ready.disconnect(once)
                callback()

        kernel = self.kernel
        if kernel is None or kernel.state not in ("starting",):
            once()
            return
        connected.append(True)
        kernel.sig_ready.connect(once)
        QTimer.singleShot(KERNEL_READY_IMPORT_WAIT_MS, self, once)

    def open_file(self, path: Path):
        if Path(path).suffix == ".ipynb":
            return self.notebooks.open(path)
        editor = self.tabs.open_file(path)
        if editor is not None:
            editor.take_focus()
        return editor

    # ---- Handlers named in the actions table
    def new_file(self) -> None:
        self.tabs.new_file().take_focus()

    def open_file_dialog(self) -> None:
        start = str(self.project_root or Path.home())
        chosen, _ = QFileDialog.getOpenFileName(self, "Open File", start)
        if chosen:
            self.open_file(Path(chosen))

    def open_folder_dialog(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Open project folder")
        if folder:
            self._request_project(Path(folder))

    def save_project_file(self) -> None:
        if self.settings is not None:
            path = self.settings.save_project_file()
            if path is not None:
                self.status.showMessage(f"Saved {path.name}: it holds this project's settings", 5000)

    def _show_project_message(self, text: str) -> None:
        self.status.showMessage(text, 10000)
        self.console.show_message(text)

    def focused_notebook(self):
        """The notebook with the keyboard focus: File commands act on it rather than the editor."""
        return self._notebooks.focused_view() if self._notebooks is not None else None

    def save(self) -> None:
        notebook = self.focused_notebook()
        if notebook is not None:
            notebook.save()
        else:
            self.tabs.save()

    def save_as(self) -> None:
        notebook = self.focused_notebook()
        if notebook is not None:
            self._notebooks.save_as(notebook)
        else:
            self.tabs.save_as()

    def save_all(self) -> None:
        self.tabs.save_all()
        if self._notebooks is not None:
            self._notebooks.save_all()

    def close_current_tab(self) -> None:
        notebook = self.focused_notebook()
        if notebook is not None:
            self._notebooks.close_view(notebook)
        elif self.tabs.current_editor() is not None:
            self.tabs.close_editor(self.tabs.current_editor())

    @property
    def search(self):
        """The Find in Files pane (dsstudio.ui.search), built when first needed."""
        if self._search is None:
            from dsstudio.ui.search.search_pane import SearchPane

            self._search = SearchPane(self, self.search_column)
        return self._search

    def find_in_files(self) -> None:
        from dsstudio.ui.search.search_pane import word_at_caret

        editor = self.tabs.current_editor()
        self.left_tabs.setCurrentWidget(self.search_column)
        self.search.show_with(word_at_caret(editor) if editor is not None else "")

    def run_selection(self) -> None:
        self._with_editor(lambda e: self.console.run_code(e.selection_or_current_line()))

    def run_cell(self) -> None:
        self._with_editor(lambda e: self.console.run_code(e.current_cell_text()[0]))

    def run_cell_and_advance(self) -> None:
        editor = self.tabs.current_editor()
        if editor is not None:
            self.console.run_code(editor.current_cell_text()[0])
            editor.goto_next_cell()

    def interrupt_kernel(self) -> None:
        if self.kernel is not None:
            self.kernel.interrupt()

    def restart_kernel(self) -> None:
        if self.kernel is not None and self.confirm_restart():
            self.restart_now()

    def select_interpreter(self) -> None:
        self.interpreters.select()

    def create_environment(self) -> None:
        self.interpreters.create_environment()

    def set_autosave(self, on: bool) -> None:
        """Save unsaved files and notebooks to their real files shortly after typing stops."""
        Preferences().set("autosave", on)
        if self.recovery is not None:
            self.recovery.autosave = on
        self.status.showMessage(f"Autosave {'on' if on else 'off'}", 3000)

    def set_reload_on_save(self, on: bool) -> None:
        if self.live_reload is not None:
            self.live_reload.enabled = on
        if self.settings is not None:
            self.settings.set("reload_on_save", on)
        self.status.showMessage(f"Reload on save {'on' if on else 'off'}", 3000)

    # ---- Prompts (instance methods so tests can replace them)
    def confirm_restart(self) -> bool:
        answer = QMessageBox.question(
            self, "Restart kernel",
            "Restart the project kernel? All variables in it will be lost.")
        return answer == QMessageBox.StandardButton.Yes

    # ---- Qt events
    def paintEvent(self, event) -> None:  # noqa: N802 (Qt name)
        super().paintEvent(event)
        if not self._painted:
            self._painted = True
            # Queued, so the first frame reaches the screen before the deferred work runs.
            QTimer.singleShot(0, self._run_after_paint)
            self.sig_first_paint.emit()

    def maybe_close_documents(self) -> bool:
        """One question about every unsaved file and notebook; False: the window stays open."""
        notebooks = self._notebooks.unsaved_documents() if self._notebooks is not None else []
        return resolve_unsaved_documents(self.tabs, self.tabs.unsaved_documents() + notebooks)

    def hot_exit(self) -> None:
        """Close now, without questions (the system is ending the app): unsaved work goes to
        the recovery copies, offered back at the project's next start."""
        if self.recovery is not None:
            self.recovery.keep_for_next_start()
            self.recovery = None  # so close_project does not end the session
        self._closing_without_questions = True
        self.close()

    def closeEvent(self, event) -> None:  # noqa: N802 (Qt name)
        if not self._closing_without_questions and not self.maybe_close_documents():
            event.ignore()
            return
        self.close_project()
        event.accept()

    def changeEvent(self, event) -> None:  # noqa: N802 (Qt name)
        # Back to the front: look at open files again (a network folder sends no events).
        if event.type() == QEvent.Type.ActivationChange and self.isActiveWindow():
            self.tabs.check_disk()
            if self._notebooks is not None:
                self._notebooks.check_disk()
        super().changeEvent(event)

    def close_project(self) -> None:
        """Save the layout, then shut the kernel down; the window may be reused or closed."""
        if self.project_root is not None:
            save_project_state(self.project_root, window_state(self))
        if self.recovery is not None:  # every unsaved document was answered for by now
            self.recovery.end_session()
            self.recovery.deleteLater()
            self.recovery = None
        if self._notebooks is not None:
            self._notebooks.close_all()
        if self.live_reload is not None:
            self.live_reload.stop()
            self.live_reload = None
        if self.intelligence is not None:
            self.intelligence.stop()
            self.intelligence = None
        if self.kernel is not None:
            self.kernel.shutdown()
            self.kernel = None
            self.interpreters.detach()

    # ---- Internals
    def _fill_recent_menu(self) -> None:
        self.recent_menu.clear()
        for root in self.recent.paths():
            action = self.recent_menu.addAction(f"{root.name}   {root.parent}")
            action.triggered.connect(lambda _checked=False, r=root: self._request_project(r))
        if self.recent_menu.isEmpty():
            self.recent_menu.addAction("No recent projects").setEnabled(False)

    def _connect(self) -> None:
        self.tree.sig_open_file.connect(self.open_file)
        self.tree.sig_file_created.connect(self._on_tree_file_created)
        self.tree.sig_path_renamed.connect(self.tabs.retarget_path)
        self.tree.sig_path_deleted.connect(self.tabs.forget_path)
        self.tabs.sig_current_changed.connect(lambda editor: self.status.set_file_format(
            self.tabs.document(editor).fmt if editor is not None else None))
        self.tabs.sig_status_message.connect(lambda text: self.status.showMessage(text, 5000))
        self.console.sig_interrupt_requested.connect(self.interrupt_kernel)
        self.console.sig_restart_requested.connect(self.restart_kernel)
        self.console.sig_code_run.connect(
            lambda: self.areas.show(self.console, keep=self.tabs.current_editor()))
        self.areas.sig_revealed.connect(self.panes.reveal)
        self.areas.sig_problems_shown.connect(
            lambda on: check_quietly(self.actions["show_problems"], on))
        self.console.sig_inputs_changed.connect(  # nothing to re-run: Re-run Setup is off
            lambda n: self.actions["restart_rerun"].setEnabled(n > 0 and self.kernel is not None))
        self.status.sig_restart_clicked.connect(self.restart_now)
        self.status.sig_interpreter_clicked.connect(self.select_interpreter)
        self.status.sig_reload_link.connect(self._open_reload_failure)
        self.status.sig_reload_history_clicked.connect(self.actions["reload_history"].trigger)
        self.start_page.sig_open_project.connect(self._request_project)
        self.start_page.sig_new_project.connect(self.actions["new_project"].trigger)

    def _request_project(self, root: Path) -> None:
        # Projects are opened by the app's window manager (one window per project).
        if self.project_opener is not None:
            self.project_opener(Path(root), self)

    def _show_start_page(self) -> None:
        self.start_page.set_recent(self.recent.paths())
        self.stack.setCurrentWidget(self.start_page)
        enable_project_actions(self.actions, False)  # no kernel to run anything on

    def _open_reload_failure(self, path: str, line: int) -> None:
        from dsstudio.ui.kernel.reload_feedback import open_failure_location

        if path:
            open_failure_location(self, path, line)

    def _on_tree_file_created(self, path: Path) -> None:
        if Path(path).is_file():
            self.open_file(path)

    def _on_kernel_died(self) -> None:
        self.console.show_message(self.kernel.death_message() if self.kernel is not None else
                                  "The kernel died. Your editor text is safe.")

    def restart_now(self) -> None:
        if self.kernel is None:
            return
        self.kernel.restart()
        self.console.show_kernel_restarted()

    def _with_editor(self, action) -> None:
        editor = self.tabs.current_editor()
        if editor is not None:
            action(editor)

    def _start_service(self, name: str, *args) -> None:
        """Live reload, lint, code intelligence: see window_services (imported after the paint)."""
        from dsstudio.ui.window import window_services

        getattr(window_services, name)(self, *args)

    def _run_after_paint(self) -> None:
        callbacks, self._after_paint = self._after_paint, []
        for callback in callbacks:
            callback()


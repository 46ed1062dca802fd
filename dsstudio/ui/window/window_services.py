"""What a project window starts after its first paint: live reload, lint, code intelligence.
Each brings imports (watchdog and the kernel client, ruff's runner, jedi's engine) that would
otherwise delay the empty window."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

from PySide6.QtCore import QTimer

# The notebook's modules, leaves first: imported by the first notebook opened (0.15-0.3 s on the
# GUI thread here), and before the open call can start a chart notebook's web engine. None of
# them imports QtWebEngine: that waits for an output that needs a browser.
NOTEBOOK_MODULES = ("dsstudio.core.notebook.notebook_file", "dsstudio.core.notebook.trust",
                    "dsstudio.ui.notebook.source_view", "dsstudio.ui.notebook.output_view",
                    "dsstudio.ui.notebook.cell_widget", "dsstudio.ui.web.web_output",
                    "dsstudio.ui.notebook.markdown_math_view", "dsstudio.ui.notebook.notebook_view",
                    "dsstudio.ui.notebook.notebook_disk_sync", "dsstudio.ui.notebook.notebook_pane",
                    "dsstudio.ui.project.open_files_watcher")
PRELOAD_DELAY_MS = 500  # after the kernel's first answer (the console's own imports go first)


def start_live_reload(window, root: Path, enabled: bool) -> None:
    from dsstudio.ui.kernel.live_reload import LiveReload
    from dsstudio.ui.kernel.reload_feedback import show_reload_report
    from dsstudio.ui.kernel.run_file_choice import show_setting as show_run_file_setting

    if window.project_root != root or window.kernel is None:
        return
    live_reload = window.live_reload = LiveReload(window.kernel, root, window)
    live_reload.enabled = enabled
    action = window.actions["reload_on_save"]
    action.blockSignals(True)  # restoring the switch is not the user flipping it
    action.setChecked(enabled)
    action.blockSignals(False)
    show_run_file_setting(window)  # (Run > Ask Before Running an Imported Module)
    window.tabs.sig_file_saved.connect(
        lambda path: window.live_reload and window.live_reload.request([path]))
    live_reload.sig_report.connect(lambda report: show_reload_report(window, report))
    live_reload.sig_report.connect(
        lambda report: window._notebooks and window._notebooks.apply_reload_report(report))
    live_reload.sig_error.connect(window.console.show_message)
    live_reload.sig_running.connect(window.status.show_reloading)
    live_reload.sig_error.connect(lambda text: window.status.show_reload(text, ("", 0)))


def follow_app_theme(window) -> None:
    """Keep the window in the app's theme, and follow the desktop's scheme while the choice
    is "system" (after the first paint: the light start needs none of it)."""
    from PySide6.QtWidgets import QApplication

    from dsstudio.core.settings import Preferences
    from dsstudio.ui.theme.app_theme import apply_theme_choice
    from dsstudio.ui.theme.theme_colours import current_theme
    from dsstudio.ui.window.window_preferences import show_theme_choice
    from dsstudio.ui.window.window_theme import follow_theme, restyle_window

    follow_theme(window)
    choice = Preferences().get("theme")
    apply_theme_choice(choice)  # (nothing to do if already in effect)
    if QApplication.instance().property("dsstudio_theme"):
        # The app has been themed (at start, or from the menu before this ran): parts made
        # before the window followed the theme are put in it now.
        restyle_window(window, current_theme())
    show_theme_choice(window, choice)


def start_linting(window) -> None:
    # At the next turn of the event loop: the files opened at start are shown first.
    QTimer.singleShot(0, window, lambda: _make_lint_controller(window))


def _make_lint_controller(window) -> None:
    from dsstudio.ui.lint.lint_controller import LintController

    window.lint = LintController(window.tabs, window.side_tabs, window.status,
                                 lambda: window.project_root, parent=window)
    # Its tab stays (no close button) and follows View > Problems; the counts' button shows it.
    window.areas.register(window.lint.pane, "problems", closable=False, movable=False)
    window.lint.status_button.clicked.connect(lambda: window.areas.show(window.lint.pane))


def start_intelligence(window, root: Path) -> None:
    from dsstudio.ui.intelligence.window_intelligence import WindowIntelligence

    if window.project_root == root and window.kernel is not None and window.intelligence is None:
        window.intelligence = WindowIntelligence(window)


def start_debugger(window, root: Path) -> None:
    from dsstudio.ui.debug.window_debugger import attach_debugger

    if window.project_root == root and window.kernel is not None:
        attach_debugger(window, root)


def preload_notebook_modules(window) -> None:
    """Import the notebook's modules while the app is idle, one per turn of the event loop (none
    holds the GUI thread for long), so that opening a notebook only reads and builds it."""
    pending = [name for name in NOTEBOOK_MODULES if name not in sys.modules]

    def import_next() -> None:
        if pending:
            importlib.import_module(pending.pop(0))
            QTimer.singleShot(0, window, import_next)

    if pending:
        QTimer.singleShot(PRELOAD_DELAY_MS, window, import_next)

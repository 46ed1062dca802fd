"""Builds the core objects and the windows and connects them: the only place that knows both.

Start-up order (measured in benchmarks/bench_startup.py):
1. launch the kernel process (core, no Qt imported yet), so it boots on the other core;
2. import Qt, build and show the window with the project tree and editor;
3. on the first paint, import qtconsole and attach the console to the already-booting kernel.
"""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path

from dsstudio.core.kernel.session import KernelError, KernelSession
from dsstudio.core.project.interpreter_choice import project_launch
from dsstudio.core.settings import RecentProjects

# A start-up profile that never completes (kernel never ready) still ends, with the gaps as null.
PROFILE_TIMEOUT_MS = 60_000


def start_kernel_session(root: Path) -> KernelSession:
    """Launch `root`'s kernel in its own interpreter (file look-ups only: no process is asked),
    or on the Jupyter server its project file names (connecting in the background)."""
    from dsstudio.core.kernel.remote.server_choice import read_server_choice

    choice = read_server_choice(root)
    if choice is not None:
        from dsstudio.core.kernel.remote.remote_session import session_for_choice

        return session_for_choice(root, choice)
    session = KernelSession(root, launch=project_launch(root))
    try:
        session.start()
    except KernelError:
        pass  # the controller tries again once the window is up, and says why it failed
    return session


def run_app(project_root: Path | None, file_to_open: Path | None, *, profile_startup: bool = False) -> int:
    asked = file_to_open or project_root
    if not profile_startup:
        # A dsstudio already running takes the path (and raises its window): we are done.
        from dsstudio.core.app.single_instance import hand_over_or_become_first

        if hand_over_or_become_first([str(asked)] if asked else []):
            return 0
    recent = RecentProjects()
    # On macOS a double-clicked folder arrives as an event once Qt runs: no guessing before it.
    if project_root is None and sys.platform != "darwin":
        project_root = recent.last()
    session = start_kernel_session(project_root) if project_root is not None else None

    os.environ.setdefault("QT_API", "pyside6")
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from dsstudio.ui.window.window_manager import FileOpenEvents, WindowManager, application_class

    app = QApplication.instance() or application_class()([sys.argv[0]])
    app.setApplicationName("dsstudio")
    app.setOrganizationName("dsstudio")
    app.setDesktopFileName("dsstudio")  # Wayland and docks match the window to dsstudio.desktop
    _apply_start_theme(app)  # before any window: a dark window never shows light first
    file_events = getattr(app, "file_open_events", None) or FileOpenEvents()
    manager = WindowManager(recent, start_kernel_session, app)
    window = manager.new_window()
    if session is not None:
        manager.open_project(project_root, requester=window, session=session)
    exit_code = {"value": 0}
    mark = (_install_startup_profile(app, window, file_to_open is not None, exit_code)
            if profile_startup else lambda _name: None)
    if file_to_open is not None:
        def open_document() -> None:
            editor = window.open_file(file_to_open)
            if editor is not None:
                editor.repaint()  # shown now, not at the next paint event
            # One more turn of the event loop and it takes keys: that is "usable".
            QTimer.singleShot(0, lambda: mark("document_ready_s"))

        window.after_first_paint(open_document)
    window.show()
    # Reading the icon files costs about 10 ms: after the first paint (windows follow the change).
    window.after_first_paint(lambda: app.setWindowIcon(_app_icon()))
    if not profile_startup:
        window.after_first_paint(lambda: _serve_later_launches(app, manager))
    window.after_first_paint(lambda: _open_pending_file_events(file_events, manager, window, recent))
    # Ten seconds on: start-up (the kernel's readiness above all) is not kept waiting by it.
    window.after_first_paint(lambda: QTimer.singleShot(10_000, _sweep_leftover_kernel_folders))
    _quit_on_terminal_signals(app)
    app.exec()
    for open_window in list(manager.windows):
        open_window.close_project()  # idempotent: makes sure no kernel outlives the app
    return exit_code["value"]


def _apply_start_theme(app) -> None:
    """The dark theme at start, when chosen (or followed from the desktop); the light one is
    how the app starts anyway, and costs no import."""
    from PySide6.QtCore import Qt

    from dsstudio.core.settings import Preferences

    choice = Preferences().get("theme")
    if choice == "dark" or choice == "system" and \
            app.styleHints().colorScheme() == Qt.ColorScheme.Dark:
        from dsstudio.ui.theme.app_theme import apply_theme_choice

        apply_theme_choice(choice)
    elif choice == "light":  # a desktop in dark mode must not darken the light theme's parts
        app.styleHints().setColorScheme(Qt.ColorScheme.Light)


def _sweep_leftover_kernel_folders() -> None:
    """Kernel folders of a dsstudio that died (kill -9, a crash) hold a connection key and
    sockets: removed on a worker thread (called ten seconds after the first paint)."""
    import threading

    from dsstudio.core.kernel.leftovers import sweep_leftover_kernel_folders

    threading.Thread(target=sweep_leftover_kernel_folders, name="dsstudio-sweep",
                     daemon=True).start()


def _app_icon():
    from PySide6.QtGui import QIcon

    icon = QIcon()  # the files are read when a size is first drawn, not here
    folder = Path(__file__).resolve().parent / "resources" / "icons"
    for size in (16, 24, 32, 48, 64, 128, 256):
        icon.addFile(str(folder / f"dsstudio-{size}.png"))
    return icon


def _serve_later_launches(app, manager) -> None:
    from dsstudio.ui.window.instance_server import InstanceServer

    server = InstanceServer(app)
    if server.listen():
        server.sig_open_paths.connect(manager.open_paths)
        app.aboutToQuit.connect(server.close)


def _open_pending_file_events(file_events, manager, window, recent) -> None:
    file_events.deliver_to(manager)
    if sys.platform == "darwin" and window.project_root is None and recent.last() is not None \
            and len(manager.windows) == 1:
        manager.open_project(recent.last(), requester=window)  # launched with nothing to open


def _install_startup_profile(app, window, expect_document: bool, exit_code: dict):
    """Time the start-up; returns `mark(milestone)` for the milestones the caller sees."""
    from PySide6.QtCore import QTimer

    from dsstudio.core.app.startup_profile import StartupProfile

    profile = StartupProfile(expect_document=expect_document)

    def finish() -> None:
        if not profile.is_complete():
            exit_code["value"] = 1
            print(f"dsstudio: start-up profile incomplete: {', '.join(profile.missing())}",
                  file=sys.stderr)
        print(profile.to_json(), flush=True)
        window.close()
        app.quit()

    def mark(name: str) -> None:
        profile.mark(name)
        if profile.is_complete():
            QTimer.singleShot(0, finish)

    window.sig_first_paint.connect(lambda: mark("window_shown_s"))
    if window.kernel is not None:
        window.kernel.sig_ready.connect(lambda _content: mark("kernel_ready_s"))
    QTimer.singleShot(PROFILE_TIMEOUT_MS, finish)
    return mark


def _quit_on_terminal_signals(app) -> None:
    """Ctrl+C in the terminal closes the windows as the close button does; SIGTERM (a logout, a
    shutdown, `kill`) closes them at once, unsaved work kept for the next start.

    Closing (not quitting) keeps the unsaved-changes prompt in charge of Ctrl+C: the app ends when
    the last window has closed, and each window shuts its kernel down on the way. Nobody is there
    to answer a prompt after SIGTERM (it waited forever, and the system killed the app then).
    """
    from PySide6.QtCore import QTimer

    def quit_app(*_args) -> None:
        for widget in app.topLevelWidgets():
            if widget.isWindow() and widget.isVisible():
                widget.close()

    def end_app(*_args) -> None:
        for widget in app.topLevelWidgets():
            if widget.isWindow() and widget.isVisible():
                hot_exit = getattr(widget, "hot_exit", None)
                hot_exit() if hot_exit is not None else widget.close()

    signal.signal(signal.SIGINT, quit_app)
    signal.signal(signal.SIGTERM, end_app)
    # Python runs signal handlers only between bytecodes; an idle timer lets it in while Qt waits.
    timer = QTimer(app)
    timer.timeout.connect(lambda: None)
    timer.start(250)

"""The app's windows: one per project, each with its own kernel.

Opening a project that is already open raises its window; opening another one opens a second
window (or uses a window that shows the start page). Paths come from the command line, from later
launches (single instance), from the file manager (macOS FileOpen events), and from the windows'
own File > Open Folder and recent projects.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QMessageBox

from dsstudio.core.project.paths import PathArgumentError, resolve_launch_path


class WindowManager(QObject):
    def __init__(self, recent, start_session, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.recent = recent
        # start_session(root) -> a started KernelSession for root (the app's: it knows the core).
        self.start_session = start_session
        self.windows: list = []

    # ---- Windows
    def new_window(self):
        from dsstudio.ui.window.main_window import MainWindow

        window = MainWindow(self.recent)
        window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        window.project_opener = lambda root, requester, session=None: self.open_project(
            root, requester=requester, session=session)
        window.destroyed.connect(lambda _obj=None, w=window: self._forget(w))
        self.windows.append(window)
        return window

    def window_for(self, root: Path):
        root = Path(root).resolve()
        return next((w for w in self.windows if w.project_root == root), None)

    def raise_window(self, window) -> None:
        if not window.isVisible():
            window.show()  # a new window comes up in front already
            return
        window.setWindowState(window.windowState() & ~Qt.WindowState.WindowMinimized)
        window.raise_()
        window.activateWindow()

    # ---- Opening
    def open_paths(self, paths: list[str]) -> None:
        """Open each path (a folder, a file in a project, a .dsproj); no paths: raise a window."""
        if not paths:
            if self.windows:
                self.raise_window(self.windows[-1])
            else:
                self.new_window().show()
            return
        for path in paths:
            try:
                root, file = resolve_launch_path(path)
            except PathArgumentError as error:
                parent = self.windows[-1] if self.windows else None
                QMessageBox.warning(parent, "Cannot open", str(error).removeprefix("dsstudio: "))
                continue
            self.open_project(root, file)

    def open_project(self, root: Path, file: Path | None = None, requester=None, session=None):
        """The window showing `root` (raised), opening it in a free or new window if needed.

        `session`: a KernelSession already started for `root` (start-up launches it before Qt).
        """
        from dsstudio.ui.kernel.kernel_controller import KernelController

        root = Path(root).resolve()
        window = self.window_for(root)
        if window is None:
            window = self._free_window(requester) or self.new_window()
            controller = KernelController(session or self.start_session(root))
            window.open_project(root, controller)
            controller.start(schedule_watch=window.after_first_paint)
            window.after_first_paint(window.attach_console)
        self.raise_window(window)
        if file is not None:
            window.after_first_paint(lambda: window.open_file(file))
        return window

    # ---- Internals
    def _free_window(self, requester):
        # A window on the start page takes the project; one with a project keeps it.
        if requester is not None and requester.project_root is None:
            return requester
        return next((w for w in self.windows if w.project_root is None), None)

    def _forget(self, window) -> None:
        if window in self.windows:
            self.windows.remove(window)


class FileOpenEvents:
    """macOS sends the files and folders the user opened with dsstudio as FileOpen events, even
    before the first window exists: they wait here until the windows can take them.

    The application hands its FileOpen events to `take` (see `application_class`); an event
    filter on the application would instead run Python for every event of every widget.
    """

    def __init__(self) -> None:
        self.pending: list[str] = []
        self._manager: WindowManager | None = None

    def deliver_to(self, manager: WindowManager) -> None:
        self._manager = manager
        pending, self.pending = self.pending, []
        if pending:
            manager.open_paths(pending)

    def take(self, event) -> None:
        path = event.file() or event.url().toLocalFile()
        if self._manager is None:
            self.pending.append(path)
        else:
            self._manager.open_paths([path])


def application_class():
    """QApplication, taking FileOpen events (sent to the application object only)."""
    from PySide6.QtWidgets import QApplication

    class Application(QApplication):
        def __init__(self, argv: list[str]) -> None:
            super().__init__(argv)
            self.file_open_events = FileOpenEvents()

        def event(self, event) -> bool:
            if event.type() == QEvent.Type.FileOpen:
                self.file_open_events.take(event)
                return True
            return super().event(event)

    return Application

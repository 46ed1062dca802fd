"""Notices Python files saved in the project by any program (VS Code, vim, git checkout…).

Many users keep another editor open beside dsstudio; their saves must reload modules just as
dsstudio's own do. watchdog uses the OS's native notifications (inotify, FSEvents,
ReadDirectoryChangesW), so an idle project costs nothing.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer

from dsstudio.core.project.files import is_hidden_entry

WATCHED_SUFFIXES = (".py",)


class ProjectWatcher:
    """Calls `on_saved(path)` (from a watcher thread) when a .py file in the project is written.

    Editors save in different ways: in place (modified), or by writing a temporary file and
    renaming it over the old one (moved), or by deleting and re-creating (created). All three end
    with the file's new content at its path, so all three are reported, once per event.
    """

    def __init__(self, root: Path, on_saved: Callable[[Path], None]) -> None:
        self.root = Path(root).resolve()
        self._on_saved = on_saved
        self._observer: Observer | None = None
        self._lock = threading.Lock()

    def start(self) -> None:
        with self._lock:
            if self._observer is not None:
                return
            observer = Observer()
            observer.schedule(_Handler(self), str(self.root), recursive=True)
            observer.daemon = True
            observer.start()
            self._observer = observer

    def stop(self) -> None:
        with self._lock:
            observer, self._observer = self._observer, None
        if observer is not None:
            observer.stop()
            observer.join(timeout=5)

    def is_running(self) -> bool:
        return self._observer is not None

    def _report(self, raw_path: str | bytes) -> None:
        path = Path(raw_path.decode() if isinstance(raw_path, bytes) else raw_path)
        if path.suffix not in WATCHED_SUFFIXES or not path.is_file():
            return
        try:
            relative = path.resolve().relative_to(self.root)
        except ValueError:
            return
        # Files inside hidden folders (virtual environments, caches, .git) are not project code.
        current = self.root
        for part in relative.parts[:-1]:
            current = current / part
            if is_hidden_entry(current):
                return
        self._on_saved(path.resolve())


class _Handler(FileSystemEventHandler):
    def __init__(self, watcher: ProjectWatcher) -> None:
        self._watcher = watcher

    def on_modified(self, event: FileSystemEvent) -> None:
        if not event.is_directory:
            self._watcher._report(event.src_path)

    def on_created(self, event: FileSystemEvent) -> None:
        if not event.is_directory:
            self._watcher._report(event.src_path)

    def on_moved(self, event: FileSystemEvent) -> None:
        if not event.is_directory:
            self._watcher._report(event.dest_path)

    def on_closed(self, event: FileSystemEvent) -> None:
        # inotify's "closed after writing" is the most reliable end-of-save signal on Linux;
        # the modified events before it are coalesced by the app's debounce.
        if not event.is_directory:
            self._watcher._report(event.src_path)

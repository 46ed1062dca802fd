"""Notices Python files saved in the project by any program (VS Code, vim, git checkout…).

Many users keep another editor open beside dsstudio; their saves must reload modules just as
dsstudio's own do. watchdog uses the OS's native notifications (inotify, FSEvents,
ReadDirectoryChangesW), so an idle project costs nothing.

A project's own environment (`.venv` with torch has over ten thousand folders), `.git` and caches
are not watched at all: inotify needs one watch per folder, the per-user limit is often 8,192,
and a `pip install` would flood the watcher. watchdog cannot leave folders out of a recursive
watch, so the root is watched alone and each of its folders that is project code recursively
(folders made later at the top are added as they appear).
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
            self._handler = _Handler(self)
            self._watched: set[str] = set()
            observer.schedule(self._handler, str(self.root), recursive=False)
            observer.daemon = True
            observer.start()
            self._observer = observer
            try:
                entries = sorted(self.root.iterdir())
            except OSError:
                entries = []
            for entry in entries:
                self._watch_folder(entry)

    def stop(self) -> None:
        with self._lock:
            observer, self._observer = self._observer, None
        if observer is not None:
            observer.stop()
            observer.join(timeout=5)

    def is_running(self) -> bool:
        return self._observer is not None

    def watched_folders(self) -> set[str]:
        """The top-level folders watched recursively (names)."""
        return set(self._watched) if self._observer is not None else set()

    def _watch_folder(self, path: Path) -> None:
        if path.parent != self.root or path.name in self._watched or path.is_symlink() \
                or not path.is_dir() or is_hidden_entry(path):
            return
        try:
            self._observer.schedule(self._handler, str(path), recursive=True)
        except OSError:
            return  # gone already, or the OS's watch limit: the rest of the project still works
        self._watched.add(path.name)

    def _folder_appeared(self, raw_path: str | bytes) -> None:
        path = Path(raw_path.decode() if isinstance(raw_path, bytes) else raw_path)
        with self._lock:
            if self._observer is not None:
                self._watch_folder(path)

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
        if event.is_directory:
            self._watcher._folder_appeared(event.src_path)
        else:
            self._watcher._report(event.src_path)

    def on_moved(self, event: FileSystemEvent) -> None:
        if event.is_directory:
            self._watcher._folder_appeared(event.dest_path)
        else:
            self._watcher._report(event.dest_path)

    def on_closed(self, event: FileSystemEvent) -> None:
        # inotify's "closed after writing" is the most reliable end-of-save signal on Linux;
        # the modified events before it are coalesced by the app's debounce.
        if not event.is_directory:
            self._watcher._report(event.src_path)

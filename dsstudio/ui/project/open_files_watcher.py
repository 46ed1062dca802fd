"""Tells when open files may have been changed, replaced or deleted by another program.

QFileSystemWatcher (inotify, FSEvents, ReadDirectoryChangesW) watches each open file and its
folder: the file's watch sees writes in place, the folder's sees a file replaced by a rename (how
most editors and git write), deleted or created again; a replaced file loses its own watch, so it
is added back. Events come in bursts (a save is several of them), so they are gathered for a
moment and each path is reported once. What counts as a change is for the listener to decide (a
touch is not one): this only says "look again".
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QFileSystemWatcher, QObject, QTimer, Signal

SETTLE_MS = 150  # a save's burst of events (write, close, rename) ends well within this


class OpenFilesWatcher(QObject):
    sig_touched = Signal(object)
    """A watched path (Path) may have changed on disk: look at it again."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._watcher = QFileSystemWatcher(self)
        self._watcher.fileChanged.connect(lambda path: self._touch([Path(path)]))
        self._watcher.directoryChanged.connect(self._folder_changed)
        self._paths: set[Path] = set()
        self._pending: set[Path] = set()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SETTLE_MS)
        self._timer.timeout.connect(self._report)

    def watch(self, path: Path) -> None:
        path = Path(path)
        self._paths.add(path)
        self._add(path)
        self._add(path.parent)

    def unwatch(self, path: Path) -> None:
        path = Path(path)
        self._paths.discard(path)
        self._pending.discard(path)
        if str(path) in self._watcher.files():
            self._watcher.removePath(str(path))
        if not any(p.parent == path.parent for p in self._paths) \
                and str(path.parent) in self._watcher.directories():
            self._watcher.removePath(str(path.parent))

    def watched(self) -> set[Path]:
        return set(self._paths)

    def touch_all(self) -> None:
        """Look at every watched path again (the window came back to the front: a network
        folder may not send events)."""
        self._touch(self._paths)

    def _add(self, path: Path) -> None:
        name = str(path)
        if name not in self._watcher.files() and name not in self._watcher.directories() \
                and path.exists():
            self._watcher.addPath(name)

    def _folder_changed(self, folder: str) -> None:
        folder_path = Path(folder)
        self._touch([p for p in self._paths if p.parent == folder_path])

    def _touch(self, paths) -> None:
        paths = [p for p in paths if p in self._paths]
        if paths:
            self._pending.update(paths)
            self._timer.start()

    def _report(self) -> None:
        pending, self._pending = self._pending, set()
        for path in sorted(pending):
            if path in self._paths:
                self._add(path)  # a file replaced by a rename lost its watch
                self._add(path.parent)
                self.sig_touched.emit(path)

"""A project's settings: from its `.dsproj` file when it has one, else from dsstudio's own state.

With a project file, a switch flipped in the window is written back to it (it travels with the
project); without one, it is remembered per user. File > Save Project File writes one.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Signal

from dsstudio.core.project.project_file import (
    SETTINGS,
    SUFFIX,
    ProjectFileError,
    find_project_file,
    read_project_file,
    write_project_file,
)


class ProjectSettings(QObject):
    sig_message = Signal(str)
    """Something the user should read (a project file that could not be read or written)."""

    def __init__(self, root: Path, state, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.root = Path(root)
        self.file = find_project_file(self.root)
        self.file_broken = False
        self.last_message: str | None = None  # the latest problem reported, for a late listener
        self.values = {name: getattr(state, name, default) for name, (_kind, default) in SETTINGS.items()}
        if self.file is not None:
            try:
                self.values.update({k: v for k, v in read_project_file(self.file).items() if k in SETTINGS})
            except ProjectFileError as error:
                self.file_broken = True  # never written over; its settings are not used
                self._report(f"{error}. Using the last settings; the file is left as it is.")

    def get(self, name: str):
        return self.values[name]

    def set(self, name: str, value) -> None:
        self.values[name] = value
        if self.file is not None and not self.file_broken:
            self._write(self.file)

    def save_project_file(self) -> Path | None:
        """Write the project file (the existing one, or ROOT/NAME.dsproj); its path, or None."""
        if self.file_broken:
            self._report(f"{self.file.name} could not be read, so it is not written over: "
                         "fix or remove it first.")
            return None
        path = self.file or self.root / f"{self.root.name}{SUFFIX}"
        if self._write(path):
            self.file = path
            return path
        return None

    def _write(self, path: Path) -> bool:
        try:
            write_project_file(path, self.values)
        except ProjectFileError as error:
            self._report(str(error))
            return False
        return True

    def _report(self, text: str) -> None:
        self.last_message = text
        self.sig_message.emit(text)

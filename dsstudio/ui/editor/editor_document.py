"""An editor tab's document: what the tab knows of its file beyond the text (shared by the tabs
and their disk sync)."""

from __future__ import annotations

from pathlib import Path

from dsstudio.core.editor.disk_version import DiskVersion
from dsstudio.core.editor.textfile import TextFileFormat
from dsstudio.ui.editor.notice_bar import Notice


class EditorDocument:
    """What a tab knows beyond its text: where it lives and how its bytes are written."""

    def __init__(self, path: Path | None, fmt: TextFileFormat, untitled_number: int = 0) -> None:
        self.path = path
        self.fmt = fmt
        self.untitled_number = untitled_number
        # The file was deleted behind the tab: the text is the only copy left, so it counts as
        # unsaved.
        self.missing_on_disk = False
        # The disk's bytes last read, written, or seen and overruled with Keep Mine.
        self.disk_version: DiskVersion | None = None
        self.notice: Notice | None = None  # shown in the bar above the tabs while current

    @property
    def display_name(self) -> str:
        return self.path.name if self.path else f"untitled-{self.untitled_number}.py"

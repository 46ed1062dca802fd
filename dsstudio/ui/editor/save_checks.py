"""What a save asks before it writes over a file marked read-only, and how a failed save is said:
one copy for text files (editor_tabs.py) and notebooks (notebook_disk_sync.py, notebook_pane.py),
so both behave alike.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from PySide6.QtWidgets import QMessageBox, QWidget

from dsstudio.core.editor.textfile import is_read_only


def read_only_verdict(path: Path, ask_read_only: Callable[[Path], str]) -> str:
    """"write" when `path` may be written (it is not marked read-only, or the user said Save
    Anyway), "save_as" when they chose to save elsewhere, else "cancel".

    A save replaces the file whole (an atomic rename), so the read-only mark alone stops none:
    the user is asked."""
    if not is_read_only(path):
        return "write"
    answer = ask_read_only(path)
    return {"save": "write", "save_as": "save_as"}.get(answer, "cancel")


def ask_read_only_dialog(parent: QWidget, path: Path) -> str:
    """"save" (write it anyway), "save_as" or "cancel", for a file marked read-only."""
    box = QMessageBox(QMessageBox.Icon.Warning, "Read-only file",
                      f"{path.name} is marked read-only. Write over it anyway?", parent=parent)
    anyway = box.addButton("Save Anyway", QMessageBox.ButtonRole.AcceptRole)
    elsewhere = box.addButton("Save As…", QMessageBox.ButtonRole.ActionRole)
    # Enter cancels: a read-only mark is usually there for a reason.
    box.setDefaultButton(box.addButton(QMessageBox.StandardButton.Cancel))
    box.exec()
    clicked = box.clickedButton()
    return "save" if clicked is anyway else "save_as" if clicked is elsewhere else "cancel"


def report_failed_save(show_error: Callable[[str, str], None], show_status: Callable[[str], None],
                       error: object, kept: str) -> None:
    """A save failed (a full disk, a folder that cannot be written): a dialog that stays until it
    is read, since a status-bar line that goes after five seconds is easily missed and the user
    believes the work saved; `kept` says where it still is."""
    show_error("Save failed", f"{error}\n\n{kept}")
    show_status(f"Save failed: {error}")

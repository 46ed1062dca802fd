"""The questions around saving and how a failed save is said: one copy for text files
(editor_tabs.py) and notebooks (notebook_disk_sync.py, notebook_pane.py), so both behave alike.
Save before closing? Write over a file marked read-only? The save failed: why, and where the work
still is.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QMessageBox, QWidget

from dsstudio.core.editor.textfile import is_read_only


def ask_unsaved_dialog(parent: QWidget, names: list[str]) -> str:
    """"save", "discard" or "cancel" for the unsaved documents `names`: one by name, several as
    a list with Save All / Discard All (VS Code's words)."""
    box = QMessageBox(QMessageBox.Icon.Warning, "Unsaved changes", "", parent=parent)
    if len(names) == 1:
        box.setText(f"Do you want to save the changes you made to {names[0]}?")
        save = box.addButton(QMessageBox.StandardButton.Save)
        discard = box.addButton(QMessageBox.StandardButton.Discard)
        lost = "Your changes will be lost if you don't save them."
    else:
        box.setText(f"Do you want to save the changes to the following {len(names)} files?")
        save = box.addButton("Save All", QMessageBox.ButtonRole.AcceptRole)
        discard = box.addButton("Discard All", QMessageBox.ButtonRole.DestructiveRole)
        lost = "\n".join(names) + "\n\nYour changes will be lost if you don't save them."
    box.setInformativeText(lost)
    cancel = box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(save)
    box.setEscapeButton(cancel)
    box.exec()
    clicked = box.clickedButton()
    return "save" if clicked is save else "discard" if clicked is discard else "cancel"


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

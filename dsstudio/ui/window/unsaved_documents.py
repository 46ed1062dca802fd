"""Before a window closes: every unsaved document, text files and notebooks alike, in one
question ("Save All", "Discard All", "Cancel"), as VS Code asks; quitting asked about the notebooks
in one dialog and the files in a second.

"Save All" saves each one; if any is not saved (the disk is full, a Save As was cancelled, a
read-only file was kept), the window stays open and says which, so nothing unsaved is closed.
"""

from __future__ import annotations

from typing import Protocol

from dsstudio.core.unsaved_document import UnsavedDocument


class UnsavedQuestions(Protocol):
    """Who asks (the editor tabs: their questions are the app's, for notebooks too)."""

    def ask_unsaved(self, names: list[str]) -> str: ...

    def show_error(self, title: str, message: str) -> None: ...


def resolve_unsaved_documents(questions: UnsavedQuestions, documents: list[UnsavedDocument]) -> bool:
    """Ask once about `documents` and do what the user chose; True when the window may close."""
    if not documents:
        return True
    answer = questions.ask_unsaved([document.name for document in documents])
    if answer == "cancel":
        return False
    if answer != "save":
        return True
    # Every one is tried, so one failure does not leave the others unsaved as well.
    not_saved = [document.name for document in documents if not document.save()]
    if not_saved:
        listed = "\n".join(f"  {name}" for name in not_saved)
        questions.show_error("Not closed", "The window stays open: these were not saved.\n\n"
                             f"{listed}")
        return False
    return True

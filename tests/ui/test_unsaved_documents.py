"""Quitting asks once about every unsaved document (issue 19: it asked about untitled.ipynb in one
dialog and models.py in a second). Real files, a real kernel, the real window and dialog."""

from __future__ import annotations

import errno
import os
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from dsstudio.ui.editor.save_checks import ask_unsaved_dialog


def edited_file(window, path: Path):
    editor = window.open_file(path)
    editor.appendText(len("# mine\n"), "# mine\n")
    return editor


def edited_notebook(window, project: Path):
    view = window.notebooks.create(project)
    view.cells[0].cell["source"] = "x = 'mine'"
    view.mark_modified()
    return view


def test_quitting_asks_once_about_every_unsaved_file_and_notebook(qtbot, window, project):
    edited_file(window, project / "helpers.py")
    edited_notebook(window, project)
    untitled = window.tabs.new_file()
    untitled.appendText(len("draft = 1\n"), "draft = 1\n")
    asked = []
    window.tabs.ask_unsaved = lambda names: asked.append(names) or "cancel"
    assert not window.close()
    assert asked == [["helpers.py", "untitled-1.py", "untitled.ipynb"]]
    assert window.isVisible() and window.kernel is not None


def test_save_all_saves_every_one_then_closes(qtbot, window, project):
    edited_file(window, project / "helpers.py")
    view = edited_notebook(window, project)
    window.tabs.ask_unsaved = lambda names: "save"
    assert window.close()
    assert (project / "helpers.py").read_text().endswith("# mine\n")
    assert "x = 'mine'" in view.path.read_text()


def test_discard_all_closes_and_writes_nothing(qtbot, window, project):
    before = (project / "helpers.py").read_bytes()
    edited_file(window, project / "helpers.py")
    view = edited_notebook(window, project)
    notebook_before = view.path.read_bytes()
    window.tabs.ask_unsaved = lambda names: "discard"
    assert window.close()
    assert (project / "helpers.py").read_bytes() == before and view.path.read_bytes() == notebook_before


def test_a_save_that_fails_keeps_the_window_open_and_says_which(qtbot, window, project, monkeypatch):
    edited_file(window, project / "helpers.py")
    full = project / "full"
    full.mkdir()
    view = edited_notebook(window, full)
    real_replace = os.replace

    def replace(source, destination, *args, **kwargs):  # the disk under `full` is full
        if Path(destination).parent == full:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real_replace(source, destination, *args, **kwargs)

    monkeypatch.setattr(os, "replace", replace)
    errors = []
    window.tabs.show_error = lambda title, message: errors.append((title, message))
    window.tabs.ask_unsaved = lambda names: "save"
    assert not window.close()
    assert window.isVisible() and window.kernel is not None
    assert (project / "helpers.py").read_text().endswith("# mine\n")  # the others are saved
    assert [title for title, _ in errors] == ["Save failed", "Not closed"]
    assert "untitled.ipynb" in errors[1][1] and "helpers.py" not in errors[1][1]
    assert view.modified and view in window.notebooks.views


def test_the_question_lists_the_files_with_save_all_and_discard_all(qtbot, window):
    seen = {}

    def answer() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, answer)
            return
        seen["text"], seen["details"] = box.text(), box.informativeText()
        seen["buttons"] = sorted(button.text() for button in box.buttons())
        next(button for button in box.buttons() if button.text() == "Discard All").click()

    QTimer.singleShot(0, answer)
    assert ask_unsaved_dialog(window, ["models.py", "untitled.ipynb"]) == "discard"
    assert seen["text"] == "Do you want to save the changes to the following 2 files?"
    assert "models.py\nuntitled.ipynb" in seen["details"]
    assert seen["buttons"] == ["Cancel", "Discard All", "Save All"]

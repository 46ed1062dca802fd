"""A notebook's save asks and fails as a text file's does (issue 19, found by fault injection): a
file marked read-only is not written over without asking, and a failed save is a dialog, not a
status-bar line gone in five seconds. Real files, a real kernel, the real window."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import nbformat

from dsstudio.ui.editor.editor_tabs import UNSAVED_MARK


def write_notebook_with(path: Path, source: str) -> None:
    nbformat.write(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(source)]), str(path))


def edit(view, source: str) -> None:
    view.cells[0].cell["source"] = source
    view.mark_modified()


def tab_title(window, view) -> str:
    tabs = window.areas.tabs_of(view)  # the main area or the side column, wherever it sits
    return tabs.tabText(tabs.indexOf(view))


def test_a_read_only_notebook_asks_before_it_is_written(qtbot, window, project):
    path = project / "analysis.ipynb"
    write_notebook_with(path, "x = 'original'")
    original = path.read_bytes()
    path.chmod(0o444)
    view = window.notebooks.open(path)
    edit(view, "x = 'mine'")
    asked = []
    window.tabs.ask_read_only = lambda p: asked.append(p) or "cancel"
    assert not view.save()
    assert asked == [path.resolve()] and path.read_bytes() == original
    assert view.modified and tab_title(window, view).startswith(UNSAVED_MARK)
    window.tabs.ask_read_only = lambda p: "save"
    assert view.save()
    assert "x = 'mine'" in path.read_text() and not view.modified
    assert path.stat().st_mode & 0o777 == 0o444  # still marked read-only


def test_a_read_only_notebook_can_be_saved_elsewhere_from_the_question(qtbot, window, project):
    path = project / "analysis.ipynb"
    write_notebook_with(path, "x = 'original'")
    original = path.read_bytes()
    path.chmod(0o444)
    view = window.notebooks.open(path)
    edit(view, "x = 'mine'")
    elsewhere = project / "copy.ipynb"
    window.tabs.ask_read_only = lambda p: "save_as"
    window.notebooks.ask_notebook_path = lambda v: elsewhere
    assert view.save()
    assert path.read_bytes() == original and "x = 'mine'" in elsewhere.read_text()
    assert view.path == elsewhere.resolve() and not view.modified
    assert tab_title(window, view) == "copy.ipynb"


def test_save_as_onto_a_read_only_notebook_asks_too(qtbot, window, project):
    path = project / "analysis.ipynb"
    write_notebook_with(path, "x = 1")
    target = project / "locked.ipynb"
    write_notebook_with(target, "kept = True")
    kept = target.read_bytes()
    target.chmod(0o444)
    view = window.notebooks.open(path)
    edit(view, "x = 2")
    asked = []
    window.tabs.ask_read_only = lambda p: asked.append(p) or "cancel"
    assert not window.notebooks.save_as(view, target)
    assert asked == [target.resolve()] and target.read_bytes() == kept
    assert view.path == path.resolve() and view.modified


def no_space_for(folder: Path, monkeypatch) -> None:
    """Saves into `folder` fail as on a full disk (at the rename, after the temporary file)."""
    real_replace = os.replace

    def replace(source, destination, *args, **kwargs):
        if Path(destination).parent == folder:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real_replace(source, destination, *args, **kwargs)

    monkeypatch.setattr(os, "replace", replace)


def test_a_failed_notebook_save_is_a_dialog_and_the_notebook_stays_unsaved(qtbot, window, project,
                                                                          monkeypatch):
    path = project / "analysis.ipynb"
    write_notebook_with(path, "x = 'original'")
    original = path.read_bytes()
    view = window.notebooks.open(path)
    edit(view, "x = 'mine'")
    errors = []
    window.tabs.show_error = lambda title, message: errors.append((title, message))
    no_space_for(project, monkeypatch)
    assert not view.save()
    assert [title for title, _ in errors] == ["Save failed"]
    assert "No space left on device" in errors[0][1] and "analysis.ipynb" in errors[0][1]
    assert "still open here, unsaved" in errors[0][1]
    assert path.read_bytes() == original
    assert view.modified and tab_title(window, view).startswith(UNSAVED_MARK)
    assert sorted(p.name for p in project.iterdir() if p.name.startswith(".analysis")) == []
    monkeypatch.undo()  # space again: the same notebook saves
    assert view.save() and "x = 'mine'" in path.read_text()
    assert tab_title(window, view) == "analysis.ipynb"


def test_a_failed_text_save_says_it_through_the_same_dialog(qtbot, window, project, monkeypatch):
    editor = window.open_file(project / "helpers.py")
    editor.appendText(len("# mine\n"), "# mine\n")
    errors = []
    window.tabs.show_error = lambda title, message: errors.append((title, message))
    no_space_for(project, monkeypatch)
    assert not window.tabs.save(editor)
    assert [title for title, _ in errors] == ["Save failed"]
    assert "No space left on device" in errors[0][1] and "still in the editor, unsaved" in errors[0][1]
    assert window.tabs.is_unsaved(editor)

"""Find in Files in a real window (offscreen, no kernel needed): Ctrl+Shift+F, streamed results,
opening a match, Replace All with its preview, open buffers and undo."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from dsstudio.core.settings import RecentProjects, load_project_state
from dsstudio.ui.project.project_settings import ProjectSettings
from dsstudio.core.search.find_in_files import LineMatch
from dsstudio.ui.search.results_tree import FILE, PAYLOAD
from dsstudio.ui.window.main_window import MainWindow


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    root = tmp_path / "proj"
    files = {
        "models.py": "def fit(data):\n    return score(data)\n",
        "preprocess.py": "import models\n\nvalue = models.fit([1])  # fit it\n",
        "crlf.py": "fit = 1\r\nx = fit\r\n",
        ".venv/lib/site.py": "fit\n",
        "notes/readme.txt": "nothing here\n",
    }
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_bytes(text.encode())
    return root


@pytest.fixture
def win(qtbot, tree: Path) -> MainWindow:
    window = MainWindow(RecentProjects())
    qtbot.addWidget(window)
    # Search needs only the project's folder and the editor tabs: no kernel started.
    window.project_root = tree
    window.settings = ProjectSettings(tree, load_project_state(tree), window)
    window.tree.set_root(tree)
    window.stack.setCurrentWidget(window.splitter)
    window.show()
    window.tabs.ask_unsaved = lambda names: "discard"
    yield window
    if window._search is not None:
        window._search.searches.stop()


def wait_done(qtbot, window: MainWindow) -> None:
    pane = window.search
    qtbot.waitUntil(lambda: pane.summary is not None, timeout=10_000)


def shown(window: MainWindow) -> dict[str, list[int]]:
    model = window.search.results.model()
    shown_files: dict[str, list[int]] = {}
    for row in range(model.rowCount()):
        payload = model.index(row).data(PAYLOAD)
        if isinstance(payload, LineMatch):
            shown_files[model.index(row).data(FILE).rel].append(payload.line)
        else:
            shown_files[payload.rel] = []
    return shown_files


def test_ctrl_shift_f_searches_the_word_at_the_caret(qtbot, win, tree):
    editor = win.open_file(tree / "models.py")
    editor.set_cursor(0, 5)  # inside "fit"
    win.actions["find_in_files"].trigger()
    assert win.left_tabs.currentWidget() is win.search_column
    pane = win.search
    assert pane.find_field.text() == "fit"
    wait_done(qtbot, win)
    # .venv is never searched; files in a stable order; lines 0-based.
    assert shown(win) == {"crlf.py": [0, 1], "models.py": [0], "preprocess.py": [2]}
    assert pane.status_label.text() == "5 results in 3 files"


def test_the_selection_fills_the_field_and_typing_searches_after_a_pause(qtbot, win, tree):
    editor = win.open_file(tree / "preprocess.py")
    editor.setSel(0, 6)  # "import"
    win.find_in_files()
    wait_done(qtbot, win)
    assert win.search.find_field.text() == "import"
    assert list(shown(win)) == ["preprocess.py"]
    win.search.find_field.selectAll()
    qtbot.keyClicks(win.search.find_field, "score")
    qtbot.waitUntil(lambda: list(shown(win)) == ["models.py"], timeout=5000)


def test_clicking_a_result_opens_the_file_with_the_match_selected(qtbot, win, tree):
    pane = win.search
    pane.find_field.setText("FIT")
    pane.start_search()
    wait_done(qtbot, win)
    row = [found.rel for found in pane.results.shown_files()].index("preprocess.py")
    index = pane.results.line_index(row, 0)
    pane.results.scrollTo(index)
    rect = pane.results.visualRect(index)
    qtbot.mouseClick(pane.results.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    editor = win.tabs.current_editor()
    assert win.tabs.document(editor).path == (tree / "preprocess.py").resolve()
    assert editor.current_line() == 2
    assert editor.selected_text() == "fit"
    assert editor.cursor_position() == (2, 18)  # the caret at the end of the match


def test_an_invalid_regex_is_shown_under_the_field(qtbot, win):
    pane = win.search
    pane.regex_button.setChecked(True)
    pane.find_field.setText("fit(")
    pane.start_search()
    assert pane.error_label.isVisibleTo(pane)
    assert "Invalid regular expression" in pane.error_label.text()
    assert pane.results.model().rowCount() == 0 and not pane.searches.is_running()
    pane.find_field.setText(r"fit\(")
    pane.start_search()
    assert not pane.error_label.isVisibleTo(pane)
    wait_done(qtbot, win)
    assert list(shown(win)) == ["models.py", "preprocess.py"]


def test_a_new_search_drops_the_results_of_the_one_it_cancels(qtbot, win, tree):
    for i in range(300):
        (tree / f"bulk{i:03}.py").write_text("alpha\n" * 20)
    pane = win.search
    pane.find_field.setText("alpha")
    pane.start_search()
    pane.find_field.setText("score")
    pane.start_search()
    wait_done(qtbot, win)
    qtbot.wait(100)  # any late batch of the first search would have arrived by now
    assert [f.rel for f in pane.found] == ["models.py"]
    assert list(shown(win)) == ["models.py"]


def test_replace_all_previews_then_changes_closed_files_and_open_buffers(qtbot, win, tree):
    editor = win.open_file(tree / "preprocess.py")
    editor.set_text(editor.text())  # (as opened)
    editor.setSel(0, 0)
    editor.replaceSel("# unsaved line\n")  # an unsaved edit: the buffer is what gets searched
    pane = win.search
    pane.find_field.setText("fit")
    pane.word_button.setChecked(True)
    wait_done(qtbot, win)
    assert shown(win)["preprocess.py"] == [3]  # the buffer's line numbers, not the disk's
    previews = []

    def keep_all_but_models(plans, replacement):
        previews.extend((found.rel, [(c.before, c.after) for c in changes]) for found, changes in plans)
        return [found for found, _changes in plans if found.rel != "models.py"]

    pane.ask_replace_preview = keep_all_but_models
    pane.replace_field.setText("train")
    disk_before = (tree / "preprocess.py").read_bytes()
    pane.replace_all()
    assert ("crlf.py", [("fit = 1", "train = 1"), ("x = fit", "x = train")]) in previews
    assert (tree / "crlf.py").read_bytes() == b"train = 1\r\nx = train\r\n"  # line endings kept
    assert (tree / "models.py").read_text() == "def fit(data):\n    return score(data)\n"
    # The open file changed in its buffer, one undo step, still unsaved; its file untouched.
    assert (tree / "preprocess.py").read_bytes() == disk_before
    assert editor.text() == "# unsaved line\nimport models\n\nvalue = models.train([1])  # train it\n"
    assert editor.is_modified()
    editor.undo()
    assert editor.text() == "# unsaved line\nimport models\n\nvalue = models.fit([1])  # fit it\n"
    editor.redo()
    wait_done(qtbot, win)
    assert "Replaced 4 in 2 files (1 open in editors" in pane.status_label.text()
    assert list(shown(win)) == ["models.py"]  # what is left
    # Undo Replace puts both back.
    assert pane.undo_button.isVisibleTo(pane)
    pane.undo_replace()
    assert (tree / "crlf.py").read_bytes() == b"fit = 1\r\nx = fit\r\n"
    assert "models.fit([1])" in editor.text()


def test_replace_skips_a_file_changed_on_disk_since_the_search(qtbot, win, tree):
    pane = win.search
    pane.find_field.setText("score")
    pane.start_search()
    wait_done(qtbot, win)
    (tree / "models.py").write_text("def fit(data):\n    return score(data) + 1\n")
    pane.ask_replace_preview = lambda plans, replacement: [found for found, _ in plans]
    pane.replace_field.setText("rank")
    pane.replace_all()
    wait_done(qtbot, win)
    assert "models.py changed on disk since the search" in pane.status_label.text()
    assert (tree / "models.py").read_text() == "def fit(data):\n    return score(data) + 1\n"


def test_an_open_buffer_edited_after_the_search_is_not_replaced(qtbot, win, tree):
    editor = win.open_file(tree / "models.py")
    pane = win.search
    pane.find_field.setText("score")
    pane.start_search()
    wait_done(qtbot, win)
    editor.setSel(0, 0)
    editor.replaceSel("# typed meanwhile\n")
    pane.ask_replace_preview = lambda plans, replacement: [found for found, _ in plans]
    pane.replace_field.setText("rank")
    pane.replace_all()
    wait_done(qtbot, win)
    assert "models.py was edited since the search" in pane.status_label.text()
    assert "score(data)" in editor.text()


def test_the_preview_dialog_lists_changes_and_lets_files_be_left_out(qtbot, win, tree):
    from dsstudio.core.search.find_in_files import ProjectSearch
    from dsstudio.core.search.query import SearchQuery, replacement_function
    from dsstudio.core.search.replace_in_files import preview_changes
    from dsstudio.ui.search.replace_preview import ReplacePreviewDialog

    search = ProjectSearch(tree, SearchQuery("fit"))
    found = []
    search.run(found.append)
    repl = replacement_function(search.pattern, "train", False)
    plans = [(f, preview_changes(f, search.pattern, repl)) for f in found]
    dialog = ReplacePreviewDialog(plans, "train", set(), win)
    qtbot.addWidget(dialog)
    first = dialog.tree.topLevelItem(0)
    assert first.text(0).startswith("crlf.py")
    assert [first.child(i).text(0) for i in range(first.childCount())] == [
        "    1 − fit = 1", "    1 + train = 1", "    2 − x = fit", "    2 + x = train"]
    assert dialog.replace_button.text() == "Replace in 3 files"
    dialog.set_checked(0, False)
    assert [f.rel for f in dialog.chosen()] == ["models.py", "preprocess.py"]
    assert dialog.replace_button.text() == "Replace in 2 files"


def test_clicking_a_file_row_folds_and_unfolds_its_lines(qtbot, win):
    pane = win.search
    pane.find_field.setText("fit")
    pane.start_search()
    wait_done(qtbot, win)
    assert shown(win)["crlf.py"] == [0, 1]
    first = pane.results.model().index(0)
    rect = pane.results.visualRect(first)
    qtbot.mouseClick(pane.results.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert shown(win) == {"crlf.py": [], "models.py": [0], "preprocess.py": [2]}
    qtbot.mouseClick(pane.results.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert shown(win)["crlf.py"] == [0, 1]


def test_replace_all_leaves_notebooks_out_and_says_so(qtbot, win, tree):
    (tree / "analysis.ipynb").write_text('{"cells": [{"source": ["score(x)"]}]}\n')
    pane = win.search
    pane.find_field.setText("score")
    pane.start_search()
    wait_done(qtbot, win)
    assert list(shown(win)) == ["analysis.ipynb", "models.py"]
    offered = []
    pane.ask_replace_preview = lambda plans, replacement: offered.extend(
        f.rel for f, _ in plans) or [f for f, _ in plans]
    pane.replace_field.setText("rank")
    pane.replace_all()
    wait_done(qtbot, win)
    assert offered == ["models.py"]
    assert "1 notebook left out" in pane.status_label.text()
    assert "score(x)" in (tree / "analysis.ipynb").read_text()


def test_skipped_binary_files_are_counted_in_the_status(qtbot, win, tree):
    (tree / "data.bin").write_bytes(b"fit\x00\x01\x02")
    (tree / "log.txt").write_bytes(b"fit here\n" * 10 + b"\x00")  # a stray NUL late in a text file
    pane = win.search
    pane.find_field.setText("fit")
    pane.start_search()
    wait_done(qtbot, win)
    assert pane.status_label.text() == "5 results in 3 files, 2 binary files skipped"

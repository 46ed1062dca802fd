"""Open files changed, replaced or deleted by other programs (issue 12): real files, real
inotify events, the real editor tabs."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from dsstudio.ui.editor.editor_tabs import EditorTabs

WAIT_MS = 5000


@pytest.fixture
def tabs(qtbot):
    widget = EditorTabs()
    qtbot.addWidget(widget)
    widget.notice_bar.setParent(widget)  # the window places it; here it only has to exist
    widget.show()
    widget.ask_unsaved = lambda names: pytest.fail(f"unexpected question about {names}")
    widget.ask_overwrite_changed = lambda path: pytest.fail(f"unexpected overwrite question {path}")
    return widget


def replace_like_an_editor(path: Path, text: str) -> None:
    """Write a temporary file and rename it over `path`, as vim, VS Code and git do."""
    temp = path.with_name(f".{path.name}.swp")
    temp.write_text(text)
    os.replace(temp, path)


def numbered(count: int, changed: dict[int, str] | None = None) -> str:
    changed = changed or {}
    return "".join(changed.get(n, f"line_{n} = {n}") + "\n" for n in range(count))


def test_clean_buffer_reloads_in_place_keeping_caret_scroll_and_undo(qtbot, tabs, tmp_path):
    path = tmp_path / "module.py"
    path.write_text(numbered(200))
    editor = tabs.open_file(path)
    editor.set_cursor(150, 4)
    editor.setFirstVisibleLine(120)
    replace_like_an_editor(path, numbered(200, {3: "line_3 = 'changed by git'"}))
    qtbot.waitUntil(lambda: "changed by git" in editor.text(), timeout=WAIT_MS)
    assert editor.text() == path.read_text()
    assert not editor.is_modified() and not tabs.is_unsaved(editor)
    assert editor.cursor_position() == (150, 4)
    assert editor.firstVisibleLine() == 120
    assert tabs.notice_bar.isHidden()
    editor.undo()  # the reload is one undo step
    assert editor.text() == numbered(200)


def test_a_write_in_place_reloads_too(qtbot, tabs, tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("first\n")
    editor = tabs.open_file(path)
    with open(path, "w") as handle:  # truncate and write, as `echo > file` does
        handle.write("second\n")
    qtbot.waitUntil(lambda: editor.text() == "second\n", timeout=WAIT_MS)


def test_a_touch_with_the_same_bytes_changes_nothing(qtbot, tabs, tmp_path):
    path = tmp_path / "module.py"
    path.write_text("x = 1\n")
    editor = tabs.open_file(path)
    editor.appendText(len("y = 2\n"), "y = 2\n")
    replace_like_an_editor(path, "x = 1\n")  # same bytes, new inode and time
    qtbot.wait(600)
    assert editor.text() == "x = 1\ny = 2\n" and editor.is_modified()
    assert tabs.notice_bar.isHidden()


def test_modified_buffer_is_never_touched_and_offers_reload_keep_compare(qtbot, tabs, tmp_path):
    path = tmp_path / "module.py"
    path.write_text("a = 1\nb = 2\n")
    editor = tabs.open_file(path)
    editor.appendText(len("mine = 3\n"), "mine = 3\n")
    replace_like_an_editor(path, "a = 1\nb = 'theirs'\n")
    qtbot.waitUntil(lambda: tabs.notice_bar.isVisible(), timeout=WAIT_MS)
    assert "changed on disk" in tabs.notice_bar.notice.text
    assert tabs.notice_bar.button_labels() == ["Reload", "Keep Mine", "Compare"]
    assert editor.text() == "a = 1\nb = 2\nmine = 3\n"

    shown = []

    def look(dialog):
        shown.append(dialog.diff_text())
        dialog.choice = None

    tabs.run_dialog = look
    tabs.notice_bar.click("Compare")
    assert "-b = 'theirs'" in shown[0] and "+b = 2" in shown[0] and "+mine = 3" in shown[0]
    assert tabs.notice_bar.isVisible()  # closing the comparison decides nothing

    tabs.notice_bar.click("Reload")
    assert editor.text() == "a = 1\nb = 'theirs'\n" and not editor.is_modified()
    assert tabs.notice_bar.isHidden()
    editor.undo()  # the user's own text is one Ctrl+Z away
    assert editor.text() == "a = 1\nb = 2\nmine = 3\n"


def test_keep_mine_then_save_writes_without_asking(qtbot, tabs, tmp_path):
    path = tmp_path / "module.py"
    path.write_text("a = 1\n")
    editor = tabs.open_file(path)
    editor.appendText(len("mine = 1\n"), "mine = 1\n")
    replace_like_an_editor(path, "theirs = 1\n")
    qtbot.waitUntil(lambda: tabs.notice_bar.isVisible(), timeout=WAIT_MS)
    tabs.notice_bar.click("Keep Mine")
    assert tabs.notice_bar.isHidden() and editor.is_modified()
    assert tabs.save(editor)
    assert path.read_text() == "a = 1\nmine = 1\n"


def test_save_never_writes_over_a_newer_disk_version_without_asking(qtbot, tabs, tmp_path):
    path = tmp_path / "module.py"
    path.write_text("a = 1\n")
    editor = tabs.open_file(path)
    editor.appendText(len("mine = 1\n"), "mine = 1\n")
    # Changed just now: the watcher has not even reported it yet when Ctrl+S comes.
    path.write_text("theirs = 1\n")
    asked = []
    tabs.ask_overwrite_changed = lambda p: asked.append(p) or "cancel"
    assert not tabs.save(editor)
    assert asked == [path.resolve()] and path.read_text() == "theirs = 1\n"
    assert editor.is_modified()
    tabs.ask_overwrite_changed = lambda p: "save"
    assert tabs.save(editor)
    assert path.read_text() == "a = 1\nmine = 1\n"
    # Written by us: the next save does not ask again.
    tabs.ask_overwrite_changed = lambda p: pytest.fail("asked about our own save")
    editor.appendText(2, "#\n")
    assert tabs.save(editor)


def test_deleted_file_keeps_its_text_is_marked_and_closing_asks(qtbot, tabs, tmp_path):
    path = tmp_path / "module.py"
    path.write_text("only_copy = True\n")
    editor = tabs.open_file(path)
    path.unlink()
    qtbot.waitUntil(lambda: tabs.is_unsaved(editor), timeout=WAIT_MS)
    assert tabs.tabText(0).endswith("(deleted)")
    assert "deleted on disk" in tabs.notice_bar.notice.text
    assert editor.text() == "only_copy = True\n"
    asked = []
    tabs.ask_unsaved = lambda names: asked.append(names) or "cancel"
    assert not tabs.close_tab(0)
    assert asked == [["module.py (deleted on disk)"]] and tabs.count() == 1
    tabs.notice_bar.click("Save")  # written back where it was
    assert path.read_text() == "only_copy = True\n" and not tabs.is_unsaved(editor)
    assert tabs.notice_bar.isHidden() and not tabs.tabText(0).endswith("(deleted)")


def test_a_file_deleted_and_recreated_by_a_checkout_reloads(qtbot, tabs, tmp_path):
    path = tmp_path / "module.py"
    path.write_text("branch = 'main'\n")
    editor = tabs.open_file(path)
    path.unlink()
    qtbot.waitUntil(lambda: tabs.is_unsaved(editor), timeout=WAIT_MS)
    path.write_text("branch = 'feature'\n")
    qtbot.waitUntil(lambda: editor.text() == "branch = 'feature'\n", timeout=WAIT_MS)
    assert not tabs.is_unsaved(editor) and tabs.notice_bar.isHidden()


def test_a_file_that_turns_binary_keeps_the_text_and_says_why(qtbot, tabs, tmp_path):
    path = tmp_path / "data.txt"
    path.write_text("text\n")
    editor = tabs.open_file(path)
    path.write_bytes(b"\x00\x01\x02binary")
    qtbot.waitUntil(lambda: tabs.notice_bar.isVisible(), timeout=WAIT_MS)
    assert "cannot be shown" in tabs.notice_bar.notice.text
    assert editor.text() == "text\n"


def test_the_notice_follows_the_current_tab(qtbot, tabs, tmp_path):
    first, second = tmp_path / "a.py", tmp_path / "b.py"
    first.write_text("a = 1\n")
    second.write_text("b = 1\n")
    editor_a = tabs.open_file(first)
    editor_a.appendText(2, "#\n")
    tabs.open_file(second)
    replace_like_an_editor(first, "a = 2\n")
    qtbot.waitUntil(lambda: tabs.document(editor_a).notice is not None, timeout=WAIT_MS)
    assert tabs.notice_bar.isHidden()  # b.py is current: its (empty) notice is shown
    tabs.setCurrentWidget(editor_a)
    assert tabs.notice_bar.isVisible()


def test_a_closed_tab_stops_watching(qtbot, tabs, tmp_path):
    path = tmp_path / "a.py"
    path.write_text("a = 1\n")
    tabs.open_file(path)
    assert path.resolve() in tabs.disk.watcher.watched()
    assert tabs.close_tab(0)
    assert tabs.disk.watcher.watched() == set()


# ---- Notebooks (a window on a real kernel: notebooks run on the project's)
def write_notebook_with(path: Path, source: str) -> None:
    import nbformat
    from nbformat import v4

    nbformat.write(v4.new_notebook(cells=[v4.new_code_cell(source)]), str(path))


def test_a_notebook_changed_on_disk_is_offered_for_reload(qtbot, window, project):
    path = project / "analysis.ipynb"
    write_notebook_with(path, "x = 'mine'")
    view = window.notebooks.open(path)
    write_notebook_with(path.with_name("other.ipynb"), "x = 'from jupyterlab'")
    os.replace(path.with_name("other.ipynb"), path)
    qtbot.waitUntil(lambda: view.notice_bar.isVisible(), timeout=WAIT_MS)
    assert "changed on disk" in view.notice_bar.notice.text
    assert view.cells[0].cell["source"] == "x = 'mine'"  # nothing changes until the user says
    view.notice_bar.click("Reload")
    fresh = window.notebooks.views[-1]
    assert fresh is not view and fresh.cells[0].cell["source"] == "x = 'from jupyterlab'"
    assert window.areas.tabs_of(fresh).currentWidget() is fresh


def test_a_notebook_save_asks_before_writing_over_a_newer_version(qtbot, window, project):
    path = project / "analysis.ipynb"
    write_notebook_with(path, "x = 1")
    view = window.notebooks.open(path)
    view.mark_modified()
    write_notebook_with(path, "x = 'theirs'")
    asked = []
    window.tabs.ask_overwrite_changed = lambda p: asked.append(p) or "cancel"
    assert not view.save()
    assert asked == [path.resolve()] and "theirs" in path.read_text()
    window.tabs.ask_overwrite_changed = lambda p: "save"
    assert view.save() and "theirs" not in path.read_text()
    window.tabs.ask_overwrite_changed = lambda p: pytest.fail("asked about our own save")
    view.mark_modified()
    assert view.save()


def test_a_deleted_notebook_keeps_its_cells_and_closing_asks(qtbot, window, project):
    path = project / "analysis.ipynb"
    write_notebook_with(path, "keep = 'me'")
    view = window.notebooks.open(path)
    path.unlink()
    qtbot.waitUntil(lambda: view.modified, timeout=WAIT_MS)
    assert "deleted on disk" in view.notice_bar.notice.text
    asked = []
    window.tabs.ask_unsaved = lambda names: asked.append(names) or "cancel"
    window.notebooks.close_view(view)
    assert asked == [["analysis.ipynb"]] and view in window.notebooks.views
    view.notice_bar.click("Save")
    assert "keep = 'me'" in path.read_text() and not view.modified


def test_a_notebook_in_a_read_only_folder_can_be_saved_elsewhere(qtbot, window, project, tmp_path):
    folder = project / "locked"
    folder.mkdir()
    path = folder / "analysis.ipynb"
    write_notebook_with(path, "x = 1")
    view = window.notebooks.open(path)
    view.cells[0].cell["source"] = "x = 'edited'"
    view.mark_modified()
    folder.chmod(0o555)
    try:
        if not os.access(folder, os.W_OK):  # (root may write anywhere: then only Save As is tried)
            assert not view.save() and view.modified
        elsewhere = tmp_path / "copy.ipynb"
        window.notebooks.ask_notebook_path = lambda v: elsewhere
        window.notebooks.focused_view = lambda: view
        window.save_as()
        assert "edited" in elsewhere.read_text() and not view.modified
        assert view.path == elsewhere.resolve() and "edited" not in path.read_text()
        tabs = window.areas.tabs_of(view)
        assert tabs.tabText(tabs.indexOf(view)) == "copy.ipynb"
        assert elsewhere.resolve() in window.notebooks.disk.watcher.watched()
        assert path.resolve() not in window.notebooks.disk.watcher.watched()
    finally:
        folder.chmod(0o755)


def test_a_same_size_change_with_the_old_time_is_still_caught_before_a_save(qtbot, tabs, tmp_path):
    """`rsync -t`, `cp -p` and coarse file systems (FAT's 2 s, SMB) leave a changed file with
    the size and time it had: only its bytes tell."""
    path = tmp_path / "module.py"
    path.write_text("value = 1\n")
    editor = tabs.open_file(path)
    before = path.stat()
    path.write_text("value = 2\n")  # same size
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    editor.appendText(2, "#\n")
    asked = []
    tabs.ask_overwrite_changed = lambda p: asked.append(p) or "cancel"
    assert not tabs.save(editor) and asked and path.read_text() == "value = 2\n"


def test_a_file_opened_through_a_symlink_follows_its_target(qtbot, tabs, tmp_path):
    """Editors were bitten by symlinks both ways: a change never noticed, or "changed on disk"
    asked again and again for a file nobody touched (sakura-editor #1010)."""
    target = tmp_path / "real.py"
    target.write_text("a = 1\n")
    link = tmp_path / "link.py"
    link.symlink_to(target)
    editor = tabs.open_file(link)
    tabs.check_disk()  # nothing changed: nothing to say
    qtbot.wait(400)
    assert tabs.notice_bar.isHidden() and not tabs.is_unsaved(editor)
    replace_like_an_editor(target, "a = 2\n")
    qtbot.waitUntil(lambda: editor.text() == "a = 2\n", timeout=WAIT_MS)
    tabs.check_disk()
    qtbot.wait(400)
    assert tabs.notice_bar.isHidden() and not tabs.is_unsaved(editor)


def test_quitting_asks_about_a_notebook_whose_cell_is_still_being_edited(qtbot, window, project):
    """The notebook hears of a cell's text when its edit ends: quitting while typing in a cell
    asked only about the other files, and the typing was lost."""
    path = project / "typing.ipynb"
    write_notebook_with(path, "a = 1")
    view = window.notebooks.open(path)
    view.current().start_editing()
    view.current().widget.editor.appendText(len("\nb = 2"), "\nb = 2")
    asked = []
    window.tabs.ask_unsaved = lambda names: asked.append(names) or "save"
    assert window.maybe_close_documents()
    assert asked == [["typing.ipynb"]]
    assert "b = 2" in path.read_text()


def test_taking_the_disk_text_is_not_worded_like_a_live_reload(qtbot, tabs, tmp_path):
    """Issue 19: "Reloaded models.py: it changed on disk" read like the kernel's reload message
    ("models.py reloaded: …")."""
    path = tmp_path / "models.py"
    path.write_text("a = 1\n")
    tabs.open_file(path)
    said = []
    tabs.sig_status_message.connect(said.append)
    replace_like_an_editor(path, "a = 2\n")
    qtbot.waitUntil(lambda: bool(said), timeout=WAIT_MS)
    assert said == ["models.py was changed by another program; the editor now shows the file on disk"]
    assert "reload" not in said[0].lower()

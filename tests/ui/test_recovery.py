"""Crash recovery (issue 12): copies of unsaved work, a real kill -9, and the offers after it."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import nbformat
import psutil
import pytest
from nbformat import v4

from dsstudio.core.editor.recovery_store import RecoveryStore, key_for
from tests.ui.helpers import KERNEL_WAIT_MS, console_text, open_project_window

WAIT_MS = 5000
REPO = Path(__file__).resolve().parents[2]


def copies(root: Path) -> dict[str, dict]:
    folder = RecoveryStore(root).folder
    found = {}
    for entry in folder.glob("*.json") if folder.is_dir() else ():
        try:
            found[entry.stem] = json.loads(entry.read_text())
        except FileNotFoundError:
            continue  # removed between the listing and the read (a save takes its copy away)
    return found


def copy_of(root: Path, path: Path) -> dict | None:
    return copies(root).get(key_for("text", path))


def open_window(qtbot, root: Path):
    window = open_project_window(qtbot, root)
    qtbot.waitUntil(lambda: window.recovery is not None, timeout=KERNEL_WAIT_MS)
    window.tabs.ask_unsaved = lambda names: "discard"
    return window


def close(window) -> None:
    pid = window.kernel.session.pid if window.kernel is not None else None
    window.close_project()
    if pid is not None:
        psutil.wait_procs([psutil.Process(pid)], timeout=10) if psutil.pid_exists(pid) else None


def test_unsaved_text_is_copied_after_a_pause_and_the_copy_goes_when_saved(qtbot, project):
    window = open_window(qtbot, project)
    path = project / "helpers.py"
    editor = window.tabs.open_file(path)
    editor.appendText(len("unsaved = 1\n"), "unsaved = 1\n")
    # The copy, then the session's list of open files, each written whole (two files).
    qtbot.waitUntil(lambda: {key_for("text", path), "session"} <= set(copies(project)),
                    timeout=WAIT_MS)
    saved = copy_of(project, path)
    assert saved["content"] == path.read_text() + "unsaved = 1\n"
    assert saved["path"] == str(path.resolve()) and path.read_text().count("unsaved") == 0
    session = copies(project)["session"]
    assert session["open"] == [str(path.resolve())]
    assert window.tabs.save(editor)
    qtbot.waitUntil(lambda: copy_of(project, path) is None, timeout=WAIT_MS)
    close(window)
    assert copies(project) == {}  # a clean exit leaves nothing behind


def test_a_discarded_buffer_leaves_no_copy(qtbot, project):
    window = open_window(qtbot, project)
    path = project / "helpers.py"
    editor = window.tabs.open_file(path)
    editor.appendText(2, "#\n")
    qtbot.waitUntil(lambda: copy_of(project, path) is not None, timeout=WAIT_MS)
    window.tabs.close_tab(window.tabs.indexOf(editor))  # answered "discard"
    qtbot.waitUntil(lambda: copy_of(project, path) is None, timeout=WAIT_MS)
    close(window)


CHILD = textwrap.dedent("""
    import sys
    from pathlib import Path
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication
    from dsstudio.app import start_kernel_session
    from dsstudio.core.settings import RecentProjects
    from dsstudio.ui.kernel.kernel_controller import KernelController
    from dsstudio.ui.window.main_window import MainWindow

    root = Path(sys.argv[1])
    app = QApplication([])
    from dsstudio.app import _quit_on_terminal_signals
    _quit_on_terminal_signals(app)  # the app's own handlers (SIGTERM: closes, work kept)
    window = MainWindow(RecentProjects())
    controller = KernelController(start_kernel_session(root))
    window.open_project(root, controller)
    controller.start()
    window.show()

    def type_when_ready():
        if window.recovery is None:
            QTimer.singleShot(50, type_when_ready)
            return
        editor = window.tabs.open_file(root / "helpers.py")
        editor.appendText(len("typed_before_crash = 1\\n"), "typed_before_crash = 1\\n")
        untitled = window.tabs.new_file()
        untitled.appendText(len("never_saved = 2\\n"), "never_saved = 2\\n")
        window.tabs.open_file(root / "cells.py")  # open, clean: only its tab comes back
        print("typed", flush=True)

    QTimer.singleShot(0, type_when_ready)
    app.exec()
""")


def start_child_app(project: Path, tmp_path: Path) -> subprocess.Popen:
    """An app process on `project` that types unsaved text, then prints "typed"."""
    script = tmp_path / "child.py"
    script.write_text(CHILD)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(REPO)}
    return subprocess.Popen([sys.executable, str(script), str(project)], env=env,
                            stdout=subprocess.PIPE, text=True)


def test_kill_9_then_restart_offers_the_unsaved_text_back(qtbot, project, tmp_path):
    child = start_child_app(project, tmp_path)
    try:
        assert child.stdout.readline().strip() == "typed"
        # The promise: a copy within two seconds of the last keystroke (with room for a slow CI).
        deadline = time.monotonic() + 10
        while copy_of(project, project / "helpers.py") is None and time.monotonic() < deadline:
            time.sleep(0.1)
        time.sleep(0.6)  # the untitled buffer and the session file come in the same pass
        kernels = psutil.Process(child.pid).children(recursive=True)
        child.send_signal(signal.SIGKILL)
        child.wait(10)
    finally:
        if child.poll() is None:
            child.kill()
    for process in kernels:  # the kernel is not what this test is about
        try:
            process.kill()
        except psutil.NoSuchProcess:
            pass
    helpers = project / "helpers.py"
    assert "typed_before_crash" not in helpers.read_text()  # never written to the user's file

    window = open_window(qtbot, project)
    tabs = window.tabs
    names = [tabs.document(e).display_name for e in tabs.editors()]
    assert "helpers.py" in names and "cells.py" in names  # the tabs came back
    editor = tabs.editor_for_path(helpers)
    notice = tabs.document(editor).notice
    assert notice is not None and "recovered" in notice.text and "seconds ago" in notice.text
    assert [label for label, _ in notice.actions] == ["Restore", "Compare", "Discard"]
    assert "typed_before_crash" not in editor.text()  # offered, not imposed

    untitled = [e for e in tabs.editors() if tabs.document(e).path is None]
    assert len(untitled) == 1 and untitled[0].text() == "never_saved = 2\n"
    assert tabs.is_unsaved(untitled[0])

    tabs.setCurrentWidget(editor)
    tabs.notice_bar.click("Restore")
    assert editor.text().endswith("typed_before_crash = 1\n") and editor.is_modified()
    editor.undo()  # the restore is one step: the disk's text is one Ctrl+Z away
    assert editor.text() == helpers.read_text()
    close(window)


def test_discard_removes_the_copy_and_an_ignored_offer_survives_a_clean_exit(qtbot, project):
    path = project / "helpers.py"
    store = RecoveryStore(project)
    store.write_copy(key_for("text", path), "text", path.resolve(), "helpers.py",
                     path.read_text() + "recovered = 1\n")
    window = open_window(qtbot, project)
    editor = window.tabs.editor_for_path(path)
    assert window.tabs.document(editor).notice is not None
    close(window)  # quit without answering: the copy must still be there next time
    assert copy_of(project, path) is not None

    window = open_window(qtbot, project)
    editor = window.tabs.editor_for_path(path)
    shown = []
    window.tabs.run_dialog = lambda dialog: shown.append(dialog.diff_text())
    window.tabs.setCurrentWidget(editor)
    window.tabs.notice_bar.click("Compare")
    assert "+recovered = 1" in shown[0]
    window.tabs.notice_bar.click("Discard")
    assert copy_of(project, path) is None and "recovered" not in editor.text()
    close(window)


def test_an_unreadable_copy_is_reported_and_kept(qtbot, project):
    store = RecoveryStore(project)
    store.folder.mkdir(parents=True)
    broken = store.folder / "text-0000000000000000.json"
    broken.write_bytes(b'{"format": 1, "kind": "text", "content": "half a cop')
    window = open_window(qtbot, project)
    qtbot.waitUntil(lambda: "could not be read" in console_text(window), timeout=KERNEL_WAIT_MS)
    assert str(broken) in console_text(window).replace("\n", "")
    close(window)
    assert broken.exists()


def test_a_recovered_notebook_keeps_the_outputs_of_unchanged_cells(qtbot, project):
    path = project / "analysis.ipynb"
    unchanged = v4.new_code_cell("1 + 1", execution_count=1,
                                 outputs=[v4.new_output("execute_result", {"text/plain": "2"},
                                                        execution_count=1)])
    edited = v4.new_code_cell("x = 'old'")
    nbformat.write(v4.new_notebook(cells=[unchanged, edited]), str(path))
    window = open_window(qtbot, project)
    view = window.notebooks.open(path)
    view.cells[1].cell["source"] = "x = 'typed before the crash'"
    view.mark_modified()
    key = key_for("notebook", path)
    qtbot.waitUntil(lambda: key in copies(project), timeout=WAIT_MS)
    recovered = json.loads(copies(project)[key]["content"])
    assert [c["source"] for c in recovered["cells"]] == ["1 + 1", "x = 'typed before the crash'"]
    assert recovered["cells"][0]["outputs"] == []  # no outputs in a copy
    window.recovery.end_session = lambda: None  # as after kill -9: nothing cleaned up
    window.close_project()
    window.close()

    window = open_window(qtbot, project)
    view = window.notebooks.views[0]
    assert "recovered" in view.notice_bar.notice.text
    view.notice_bar.click("Restore")
    restored = window.notebooks.views[0]
    assert restored.modified
    assert [c.cell["source"] for c in restored.cells] == ["1 + 1", "x = 'typed before the crash'"]
    assert restored.cells[0].cell["outputs"][0]["data"]["text/plain"] == "2"
    assert restored.save()
    assert "typed before the crash" in path.read_text()
    close(window)


@pytest.mark.parametrize("conflict", [False, True])
def test_autosave_writes_after_a_pause_but_never_over_a_newer_disk_version(qtbot, project, conflict):
    window = open_window(qtbot, project)
    window.actions["autosave"].trigger()
    assert window.recovery.autosave
    path = project / "helpers.py"
    editor = window.tabs.open_file(path)
    if conflict:
        path.write_text("theirs = 1\n")
        window.tabs.ask_overwrite_changed = lambda p: pytest.fail("autosave asked a question")
    editor.appendText(len("auto = 1\n"), "auto = 1\n")
    if conflict:
        qtbot.waitUntil(lambda: copy_of(project, path) is not None, timeout=WAIT_MS)
        assert path.read_text() == "theirs = 1\n" and editor.is_modified()
    else:
        qtbot.waitUntil(lambda: "auto = 1" in path.read_text(), timeout=WAIT_MS)
        assert not editor.is_modified()
    window.actions["autosave"].trigger()
    close(window)


def test_text_typed_in_a_cell_still_being_edited_is_copied(qtbot, project):
    path = project / "typing.ipynb"
    nbformat.write(v4.new_notebook(cells=[v4.new_code_cell("a = 1")]), str(path))
    window = open_window(qtbot, project)
    view = window.notebooks.open(path)
    view.current().start_editing()
    editor = view.current().widget.editor
    editor.appendText(len("\nb = 2"), "\nb = 2")
    assert not view.modified  # the notebook hears of it only when the edit ends
    key = key_for("notebook", path)
    qtbot.waitUntil(lambda: key in copies(project), timeout=WAIT_MS)
    recovered = json.loads(copies(project)[key]["content"])
    assert recovered["cells"][0]["source"] == "a = 1\nb = 2"
    close(window)


def test_sigterm_closes_at_once_and_keeps_unsaved_work_for_the_next_start(qtbot, project, tmp_path):
    """A logout or shutdown sends SIGTERM: nobody can answer "save changes?" then (the app
    waited for an answer until the system killed it). It closes now; the work is kept."""
    child = start_child_app(project, tmp_path)
    try:
        assert child.stdout.readline().strip() == "typed"
        kernels = psutil.Process(child.pid).children(recursive=True)
        child.send_signal(signal.SIGTERM)  # at once: before any pause-driven copy
        assert child.wait(90) == 0  # (generous: five test runs shared two cores once)
    finally:
        if child.poll() is None:
            child.kill()
    psutil.wait_procs(kernels, timeout=10)
    assert copy_of(project, project / "helpers.py")["content"].endswith("typed_before_crash = 1\n")
    window = open_window(qtbot, project)
    editor = window.tabs.editor_for_path(project / "helpers.py")
    assert "recovered" in window.tabs.document(editor).notice.text
    assert any(e.text() == "never_saved = 2\n" for e in window.tabs.editors())
    close(window)

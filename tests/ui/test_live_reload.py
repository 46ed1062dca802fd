"""Saving a module updates it in the running kernel: from the editor, from another program."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from dsstudio.ui.kernel import restart_rerun
from dsstudio.ui.window.main_window import MainWindow
from tests.ui.helpers import KERNEL_WAIT_MS, console_text, wait_for_console


@pytest.fixture
def models_file(project: Path) -> Path:
    """models.py, written before the window exists: written after, the project watcher could
    report it late, and its reload ran into the test (seen in a loaded run)."""
    path = project / "models.py"
    path.write_text("def score():\n    return 1\n")
    return path


@pytest.fixture
def live(qtbot, models_file: Path, window: MainWindow, project: Path) -> MainWindow:
    qtbot.waitUntil(lambda: window.live_reload is not None and not window.live_reload.is_busy(),
                    timeout=KERNEL_WAIT_MS)
    window.console.run_code("from models import score")
    wait_for_console(qtbot, window, lambda text: "In [2]" in text)
    return window


def save_in_editor(window: MainWindow, path: Path, text: str):
    editor = window.open_file(path)
    editor.set_text(text)
    editor.insertText(0, "")  # set_text marks the buffer saved; Save writes it regardless
    window.save()
    return editor


def reload_label(window: MainWindow) -> str:
    return window.status.reload_label.text()


def test_editor_save_reloads_and_reports(qtbot, live, project):
    save_in_editor(live, project / "models.py", "def score():\n    return 2\ndef fit():\n    pass\n")
    qtbot.waitUntil(lambda: "models.py reloaded" in reload_label(live), timeout=KERNEL_WAIT_MS)
    assert "score updated, fit added" in reload_label(live)
    assert live.live_reload.last_round_trip_s is not None
    live.console.run_code("print('score is', score())")
    wait_for_console(qtbot, live, lambda text: "score is 2" in text)
    # Quiet: the reload itself left no trace in the console.
    assert "reload" not in console_text(live).lower()


def test_failure_marks_the_line_links_to_it_and_the_next_good_save_clears_it(qtbot, live, project):
    editor = save_in_editor(live, project / "models.py", "def score():\n    return 3\nx = 1 / 0\n")
    qtbot.waitUntil(lambda: live.status.reload_label.property("failed") is True,
                    timeout=KERNEL_WAIT_MS)
    assert "ZeroDivisionError" in reload_label(live) and "line 3" in reload_label(live)
    assert editor.error_lines() == [2]
    wait_for_console(qtbot, live, lambda text: "The module is unchanged" in text)
    live.console.run_code("print('still', score())")
    wait_for_console(qtbot, live, lambda text: "still 1" in text)
    editor.set_cursor(0)
    live.status.reload_label.linkActivated.emit(f"{project / 'models.py'}#3")
    assert editor.current_line() == 2
    save_in_editor(live, project / "models.py", "def score():\n    return 4\n")
    qtbot.waitUntil(lambda: live.status.reload_label.property("failed") is False,
                    timeout=KERNEL_WAIT_MS)
    assert editor.error_lines() == []


def test_save_by_another_program_reloads(qtbot, live, project):
    path = project / "models.py"
    temp = project / ".models.py.tmp"
    temp.write_text("def score():\n    return 5\n")
    os.replace(temp, path)  # how many editors save
    qtbot.waitUntil(lambda: "models.py reloaded" in reload_label(live), timeout=KERNEL_WAIT_MS)
    live.console.run_code("print('external', score())")
    wait_for_console(qtbot, live, lambda text: "external 5" in text)


def test_switch_off_means_no_reload(qtbot, live, project):
    live.actions["reload_on_save"].setChecked(False)
    save_in_editor(live, project / "models.py", "def score():\n    return 6\n")
    qtbot.wait(500)
    assert not live.live_reload.is_busy() and "reloaded" not in reload_label(live)
    live.console.run_code("print('off', score())")
    wait_for_console(qtbot, live, lambda text: "off 1" in text)


def test_reload_survives_a_restart(qtbot, live, project):
    live.confirm_restart = lambda: True
    live.restart_kernel()
    qtbot.waitUntil(lambda: live.kernel.state == "idle" and not live.live_reload.is_busy(),
                    timeout=KERNEL_WAIT_MS)
    live.console.run_code("import models")
    wait_for_console(qtbot, live, lambda text: "import models" in text)
    qtbot.waitUntil(lambda: not live.console.console._executing, timeout=KERNEL_WAIT_MS)
    save_in_editor(live, project / "models.py", "def score():\n    return 7\n")
    qtbot.waitUntil(lambda: "models.py reloaded" in reload_label(live), timeout=KERNEL_WAIT_MS)


def test_restart_and_rerun_setup(qtbot, live, monkeypatch):
    live.console.run_code("answer = 41 + 1")
    qtbot.waitUntil(lambda: not live.console.console._executing, timeout=KERNEL_WAIT_MS)
    # The fixture's import, then this.
    monkeypatch.setattr(restart_rerun, "confirm_rerun", lambda _window, count: count == 2)
    live.actions["restart_rerun"].trigger()
    qtbot.waitUntil(lambda: live.kernel.state == "idle", timeout=KERNEL_WAIT_MS)
    live.console.run_code("print('answer', answer, score())")
    wait_for_console(qtbot, live, lambda text: "answer 42 1" in text)


def test_save_while_busy_is_applied_before_the_next_run(qtbot, live, project):
    live.console.run_code("import time; print('sleeping'); time.sleep(1.5)")
    wait_for_console(qtbot, live, lambda text: "sleeping\n" in text)
    save_in_editor(live, project / "models.py", "def score():\n    return 8\n")
    assert live.live_reload.is_busy()  # sent, waiting in the kernel's queue
    live.console.run_code("print('after', score())")
    wait_for_console(qtbot, live, lambda text: "after 8" in text)


def kernel_label(window: MainWindow) -> str:
    return window.status.kernel_label.text()


def test_a_long_reload_is_named_while_it_keeps_the_kernel_busy(qtbot, live, project):
    """Issue 12: a module whose top level is slow keeps the kernel busy on every save, and cells
    waited behind it with nothing saying why."""
    save_in_editor(live, project / "models.py",
                   "import time\ntime.sleep(3)\ndef score():\n    return 7\n")
    qtbot.waitUntil(lambda: "Reloading models.py…" in reload_label(live), timeout=KERNEL_WAIT_MS)
    qtbot.waitUntil(lambda: "Kernel busy: reloading models.py" in kernel_label(live),
                    timeout=KERNEL_WAIT_MS)
    assert "Ctrl+C" in live.status.kernel_label.toolTip()
    live.console.run_code("print('waited for', score())")  # queued behind the reload
    qtbot.waitUntil(lambda: "models.py reloaded" in reload_label(live), timeout=KERNEL_WAIT_MS)
    wait_for_console(qtbot, live, lambda text: "waited for 7" in text)
    qtbot.waitUntil(lambda: live.kernel.state == "idle", timeout=KERNEL_WAIT_MS)
    assert "reloading" not in kernel_label(live) and live.status.kernel_label.toolTip() == ""


def test_a_reload_waiting_behind_a_cell_does_not_take_the_blame_for_it(qtbot, live, project):
    live.console.run_code("print('cell runs', flush=True); import time; time.sleep(3)")
    wait_for_console(qtbot, live, lambda text: "cell runs\n" in text)
    save_in_editor(live, project / "models.py", "def score():\n    return 8\n")
    qtbot.wait(1000)  # the reload waits behind the cell
    assert live.kernel.state == "busy" and live.live_reload.is_busy()
    assert "reloading" not in kernel_label(live) and "Reloading" not in reload_label(live)
    qtbot.waitUntil(lambda: "models.py reloaded" in reload_label(live), timeout=KERNEL_WAIT_MS)


def test_interrupting_a_long_reload_leaves_the_module_as_it_was(qtbot, live, project):
    save_in_editor(live, project / "models.py",
                   "import time\ntime.sleep(60)\ndef score():\n    return 9\n")
    qtbot.waitUntil(lambda: "Kernel busy: reloading models.py" in kernel_label(live),
                    timeout=KERNEL_WAIT_MS)
    live.interrupt_kernel()  # what Ctrl+C in the console does
    qtbot.waitUntil(lambda: live.status.reload_label.property("failed") is True,
                    timeout=KERNEL_WAIT_MS)
    assert "KeyboardInterrupt" in reload_label(live)
    assert "reloading" not in kernel_label(live)
    live.console.run_code("print('kept', score())")
    wait_for_console(qtbot, live, lambda text: "kept 1" in text)


def test_rerun_setup_is_offered_only_with_inputs_to_run(qtbot, window, monkeypatch):
    """Issue 19: "run again the 0 input(s)" was offered with nothing to run."""
    rerun = window.actions["restart_rerun"]
    assert not rerun.isEnabled()
    asked = []
    monkeypatch.setattr(restart_rerun, "confirm_rerun",
                        lambda _window, count: asked.append(count) or False)
    window.console.run_code("setup = 1")
    qtbot.waitUntil(rerun.isEnabled, timeout=KERNEL_WAIT_MS)
    rerun.trigger()
    assert asked == [1]
    window.restart_now()
    assert not rerun.isEnabled()


def test_rerun_question_counts_inputs_in_words():
    assert restart_rerun.inputs_phrase(1) == "the input"
    assert restart_rerun.inputs_phrase(3) == "the 3 inputs"


def test_reload_history_keeps_every_reload_of_the_session(qtbot, live, project):
    """Issue 19: the reload message disappeared within 30 s and left no record."""
    from PySide6.QtCore import Qt

    from dsstudio.ui.kernel.reload_history_dialog import ReloadHistoryDialog

    save_in_editor(live, project / "models.py", "def score():\n    return 2\n")
    qtbot.waitUntil(lambda: "models.py reloaded" in reload_label(live), timeout=KERNEL_WAIT_MS)
    live.status.reload_label.clear()  # faded, as after 10 s
    live.actions["reload_history"].trigger()
    dialog = live.findChild(ReloadHistoryDialog)
    assert dialog.isVisible() and dialog.table.topLevelItemCount() == 1
    save_in_editor(live, project / "models.py", "def score():\n    return 3\nx = 1 / 0\n")
    qtbot.waitUntil(lambda: dialog.table.topLevelItemCount() == 2, timeout=KERNEL_WAIT_MS)
    newest, oldest = dialog.table.topLevelItem(0), dialog.table.topLevelItem(1)
    assert [newest.text(1), newest.text(2)] == ["models.py", "failed"]
    assert [oldest.text(1), oldest.text(2)] == ["models.py", "reloaded"]
    assert oldest.text(3).startswith("models.py reloaded: score updated")
    assert "ZeroDivisionError" in dialog.details.toPlainText()
    assert "line 3" in dialog.details.toPlainText()
    dialog.table.setCurrentItem(oldest)
    assert dialog.details.toPlainText().startswith("models reloaded from ")
    dialog.close()
    # A good reload's line in the status bar opens it too.
    save_in_editor(live, project / "models.py", "def score():\n    return 4\n")
    qtbot.waitUntil(lambda: "models.py reloaded" in reload_label(live), timeout=KERNEL_WAIT_MS)
    qtbot.mouseClick(live.status.reload_label, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and dialog.table.topLevelItemCount() == 3
    assert dialog.table.currentItem() is oldest  # what the user was reading stays selected

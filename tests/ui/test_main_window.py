"""The project window end to end: real files, a real ipykernel, real widgets (offscreen)."""

from __future__ import annotations

import os
import signal
from pathlib import Path

from PySide6.QtCore import Qt

from dsstudio.core.settings import load_project_state
from dsstudio.ui.window.main_window import MainWindow
from tests.ui.helpers import KERNEL_WAIT_MS, console_text, wait_for_console


def test_open_edit_save_writes_bytes(qtbot, window: MainWindow, project: Path):
    editor = window.open_file(project / "helpers.py")
    assert window.tabs.tabText(window.tabs.currentIndex()) == "helpers.py"
    editor.set_cursor(0, 0)
    editor.take_focus()
    qtbot.keyClicks(editor, "# note")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    assert window.tabs.tabText(window.tabs.currentIndex()).startswith("●")
    window.save()
    assert (project / "helpers.py").read_bytes() == b"# note\ndef double(x):\n    return 2 * x\n"
    assert window.tabs.tabText(window.tabs.currentIndex()) == "helpers.py"


def test_unsaved_changes_prompt_cancel_keeps_tab_and_discard_closes(qtbot, window, project):
    editor = window.open_file(project / "helpers.py")
    editor.set_text("changed = True\n")
    qtbot.keyClicks(editor, "x")
    asked = []
    window.tabs.ask_unsaved = lambda names: asked.append(names) or "cancel"
    assert window.tabs.close_tab(window.tabs.currentIndex()) is False
    assert window.tabs.count() == 1 and asked == [["helpers.py"]]
    window.tabs.ask_unsaved = lambda names: "discard"
    assert window.tabs.close_tab(window.tabs.currentIndex()) is True
    assert window.tabs.count() == 0
    assert (project / "helpers.py").read_text().startswith("def double")


def test_run_selection_shows_result_in_console(qtbot, window, project):
    editor = window.open_file(project / "helpers.py")
    editor.set_text("value = 6 * 7\nvalue\n")
    editor.set_cursor(0, 0)
    window.run_selection()  # current line, caret moves on
    window.run_selection()
    wait_for_console(qtbot, window, lambda text: "Out[" in text and "42" in text)
    assert "value = 6 * 7" in console_text(window)


def test_run_cell_runs_only_that_cell(qtbot, window, project):
    editor = window.open_file(project / "cells.py")
    editor.set_cursor(4, 0)  # inside "# %% second"
    window.run_cell()
    wait_for_console(qtbot, window, lambda text: "42" in text)
    window.console.run_code("print('first' in dir(), 'first_cell' in dir())")
    wait_for_console(qtbot, window, lambda text: "False False" in text)


def test_run_file_uses_run_magic(qtbot, window, project):
    window.open_file(project / "cells.py")
    window.actions["run_file"].trigger()
    wait_for_console(qtbot, window, lambda text: "%run cells.py" in text)
    window.console.run_code("print(first_cell)")
    wait_for_console(qtbot, window, lambda text: "ran first" in text)


def test_interrupt_stops_a_long_sleep(qtbot, window):
    window.console.run_code("print('sleeping now'); import time; time.sleep(60)")
    # The printed line proves the kernel is inside this run (a status of busy could be another
    # request's), so the interrupt lands in the sleep.
    wait_for_console(qtbot, window, lambda text: "sleeping now\n" in text)
    window.interrupt_kernel()
    wait_for_console(qtbot, window, lambda text: "KeyboardInterrupt" in text)
    qtbot.waitUntil(lambda: window.kernel.state == "idle", timeout=KERNEL_WAIT_MS)


def test_restart_clears_variables_after_confirmation(qtbot, window):
    window.console.run_code("survivor = 'still here'")
    qtbot.waitUntil(lambda: window.console.console._executing is False, timeout=KERNEL_WAIT_MS)
    window.confirm_restart = lambda: False
    window.restart_kernel()
    assert window.kernel.state != "restarting"
    window.confirm_restart = lambda: True
    window.restart_kernel()
    qtbot.waitUntil(lambda: window.kernel.state == "idle", timeout=KERNEL_WAIT_MS)
    window.console.run_code("print('survivor' in dir())")
    wait_for_console(qtbot, window, lambda text: "False" in text.split("survivor' in dir())")[-1])


def test_killed_kernel_shows_dead_and_restarts_in_one_click(qtbot, window, project):
    editor = window.open_file(project / "helpers.py")
    qtbot.keyClicks(editor, "unsaved text ")
    os.kill(window.kernel.session.pid, signal.SIGKILL)
    qtbot.waitUntil(lambda: window.kernel.state == "dead", timeout=KERNEL_WAIT_MS)
    assert window.status.kernel_label.property("state") == "dead"
    assert "dead" in window.status.kernel_label.text()
    assert not window.status.restart_button.isHidden()
    assert editor.text().startswith("unsaved text ")
    window.status.restart_button.click()
    qtbot.waitUntil(lambda: window.kernel.state == "idle", timeout=KERNEL_WAIT_MS)
    assert window.status.restart_button.isHidden()
    window.tabs.ask_unsaved = lambda names: "discard"


def test_layout_and_open_files_are_remembered(qtbot, window, project):
    window.open_file(project / "helpers.py")
    window.open_file(project / "cells.py")
    window.splitter.setSizes([150, 700, 430])
    sizes = window.splitter.sizes()
    window.close_project()
    state = load_project_state(project)
    assert state.open_files == ["helpers.py", "cells.py"]
    assert state.current_file == "cells.py"
    assert state.splitter_sizes["main"] == sizes


def test_closing_the_project_ends_its_kernel_and_removes_its_files(qtbot, window):
    """The window does not wait for the kernel to exit (it ends on a thread of its own, which
    the app's process waits for at exit), but it does end, with its connection folder."""
    import psutil

    controller = window.kernel
    kernel = psutil.Process(controller.session.pid)
    folder = controller.session.connection_file.parent
    window.close_project()
    assert controller.state == "stopped" and not controller.stopping.daemon
    controller.stopping.join(30)
    assert not kernel.is_running() or kernel.status() == psutil.STATUS_ZOMBIE
    assert not folder.exists()


def test_a_window_closed_before_its_kernel_answered_hears_nothing_after(qtbot, project):
    """The kernel ends after the window is gone, and may answer kernel_info meanwhile: nothing
    may reach the deleted window (pytest-qt fails the test on an error in the event loop)."""
    import psutil

    from tests.ui.helpers import open_project_window

    window = open_project_window(qtbot, project)
    controller = window.kernel
    kernel = psutil.Process(controller.session.pid)
    kernel.suspend()  # it answers only once the window is gone
    window.close_project()
    window.close()
    qtbot.wait(50)
    kernel.resume()
    controller.stopping.join(30)
    qtbot.wait(200)
    assert controller.state == "stopped" and controller.kernel_info == {}
    assert not kernel.is_running() or kernel.status() == psutil.STATUS_ZOMBIE


def test_runs_wait_until_a_restarted_kernel_sees_the_subscription(qtbot, window):
    """Output a kernel publishes before it sees the client's iopub subscription is lost: after a
    restart, by whatever path, runs wait for it (a console run right after a restart made
    directly on the controller once lost its output)."""
    window.console.run_code("print('before')")
    wait_for_console(qtbot, window, lambda text: "before\n" in text)
    window.kernel.restart()
    assert not window.kernel.iopub_ready
    window.console.run_code("print('after restart')")
    wait_for_console(qtbot, window, lambda text: "after restart\n" in text)
    assert window.kernel.iopub_ready


def test_a_read_only_file_asks_before_it_is_written(qtbot, window, project):
    """Issue 12: a save replaces the file whole, so a file marked read-only (0444) was written
    over without a word."""
    path = project / "helpers.py"
    original = path.read_bytes()
    path.chmod(0o444)
    editor = window.open_file(path)
    editor.set_cursor(0, 0)
    editor.take_focus()
    qtbot.keyClicks(editor, "# mine")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    asked = []
    window.tabs.ask_read_only = lambda p: asked.append(p) or "cancel"
    assert not window.tabs.save(editor)
    assert asked == [path.resolve()] and path.read_bytes() == original and editor.is_modified()
    window.tabs.ask_read_only = lambda p: "save"
    assert window.tabs.save(editor)
    assert path.read_bytes().startswith(b"# mine\n") and not editor.is_modified()
    assert path.stat().st_mode & 0o777 == 0o444  # still marked read-only
    other = project / "copy.py"
    window.tabs.ask_read_only = lambda p: "save_as"
    window.tabs.ask_save_path = lambda doc: other
    editor.set_cursor(0, 0)
    qtbot.keyClicks(editor, "# more")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    assert window.tabs.save(editor)
    assert other.read_bytes().startswith(b"# more\n# mine\n") and path.read_bytes().startswith(b"# mine\n")

"""One window per project, each on its own kernel; an open project is raised, not reopened."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QUrl
from PySide6.QtGui import QFileOpenEvent

from dsstudio.app import start_kernel_session
from dsstudio.core.settings import RecentProjects
from dsstudio.ui.window.window_manager import FileOpenEvents, WindowManager
from tests.ui.helpers import KERNEL_WAIT_MS


@pytest.fixture
def manager(qtbot, tmp_path):
    made = WindowManager(RecentProjects(tmp_path / "recent.json"), start_kernel_session)
    yield made
    for window in list(made.windows):
        window.tabs.ask_unsaved = lambda names: "discard"
        window.close_project()
        window.close()


def make_project(tmp_path, name):
    root = tmp_path / name
    root.mkdir()
    (root / "util.py").write_text("X = 1\n")
    return root


def test_each_project_has_its_window_and_kernel(qtbot, manager, tmp_path):
    first = manager.open_project(make_project(tmp_path, "a"))
    second = manager.open_project(make_project(tmp_path, "b"))
    assert first is not second and len(manager.windows) == 2
    qtbot.waitUntil(lambda: first.kernel.state == "idle" and second.kernel.state == "idle",
                    timeout=KERNEL_WAIT_MS)
    assert first.kernel.session.pid != second.kernel.session.pid
    assert manager.open_project(tmp_path / "a") is first and len(manager.windows) == 2


def test_a_file_opens_in_its_projects_window(qtbot, manager, tmp_path):
    root = make_project(tmp_path, "a")
    window = manager.open_project(root)
    manager.open_paths([str(root / "util.py")])
    assert len(manager.windows) == 1
    qtbot.waitUntil(lambda: window.tabs.count() == 1)
    assert window.tabs.open_paths() == [root / "util.py"]


def test_the_start_page_window_takes_the_project(qtbot, manager, tmp_path):
    empty = manager.new_window()
    assert empty.project_root is None
    empty.start_page.sig_open_project.emit(make_project(tmp_path, "a"))  # as Open Folder does
    assert empty.project_root == (tmp_path / "a").resolve() and len(manager.windows) == 1


def test_a_bad_path_gets_a_message(qtbot, manager, tmp_path, monkeypatch):
    warnings = []
    monkeypatch.setattr("dsstudio.ui.window.window_manager.QMessageBox.warning",
                        lambda _parent, _title, text: warnings.append(text))
    manager.open_paths([str(tmp_path / "missing")])
    assert warnings and "missing" in warnings[0] and manager.windows == []


def test_file_open_events_wait_for_the_windows(qtbot, manager, tmp_path):
    root = make_project(tmp_path, "a")
    events = FileOpenEvents()
    events.take(QFileOpenEvent(QUrl.fromLocalFile(str(root))))
    assert events.pending == [str(root)] and manager.windows == []
    events.deliver_to(manager)
    assert [w.project_root for w in manager.windows] == [root.resolve()]
    events.take(QFileOpenEvent(str(tmp_path / "a" / "util.py")))  # later ones go straight on
    assert len(manager.windows) == 1 and events.pending == []


def test_open_recent_lists_projects_and_opens_in_their_own_window(qtbot, manager, tmp_path):
    first = manager.open_project(make_project(tmp_path, "a"))
    manager.open_project(make_project(tmp_path, "b"))
    first.recent_menu.aboutToShow.emit()
    labels = [action.text() for action in first.recent_menu.actions()]
    assert labels[0].startswith("b") and labels[1].startswith("a")
    first.recent_menu.actions()[0].trigger()  # b is open: its window, no third one
    assert len(manager.windows) == 2 and first.project_root == (tmp_path / "a").resolve()

"""A project's .dsproj file in the window: its settings apply, switches are written back to it."""

from __future__ import annotations

import tomllib

import pytest

from dsstudio.app import start_kernel_session
from dsstudio.core.settings import RecentProjects
from dsstudio.ui.kernel.kernel_controller import KernelController
from dsstudio.ui.window.main_window import MainWindow


@pytest.fixture
def open_window(qtbot):
    """Open a project in a window (the kernel is started, and shut down after the test)."""
    windows = []

    def opener(root):
        win = MainWindow(RecentProjects())
        qtbot.addWidget(win)
        controller = KernelController(start_kernel_session(root))
        win.open_project(root, controller)
        controller.start()
        windows.append(win)
        return win

    yield opener
    for win in windows:
        win.close_project()


def test_project_file_settings_apply_and_follow_the_switches(qtbot, project, open_window):
    project_file = project / "proj.dsproj"
    project_file.write_text("# mine\n[dsstudio]\nreload_on_save = false\ncolour = 'teal'\n")
    window = open_window(project)
    assert window.actions["reload_on_save"].isChecked() is False
    window.actions["reload_on_save"].trigger()  # the user switches it on
    saved = tomllib.loads(project_file.read_text())["dsstudio"]
    assert saved["reload_on_save"] is True and saved["colour"] == "teal"


def test_save_project_file_writes_one(qtbot, project, open_window):
    window = open_window(project)
    window.actions["save_project_file"].trigger()
    written = project / "proj.dsproj"
    assert tomllib.loads(written.read_text())["dsstudio"]["reload_on_save"] is True
    assert "proj.dsproj" in window.status.currentMessage()


def test_a_broken_project_file_is_reported_and_left_alone(qtbot, project, open_window):
    broken = project / "proj.dsproj"
    broken.write_text("[dsstudio\nreload_on_save = ")
    window = open_window(project)
    assert window.settings.file_broken and "not valid TOML" in window.settings.last_message
    window.actions["reload_on_save"].trigger()
    window.actions["save_project_file"].trigger()
    assert broken.read_text() == "[dsstudio\nreload_on_save = "
    assert "not written over" in window.settings.last_message

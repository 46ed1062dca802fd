"""The start page (recent projects, Open Folder, New Project, nothing to run) and the empty
editor area's placeholder."""

from __future__ import annotations

from PySide6.QtWidgets import QDialogButtonBox

from dsstudio.app import start_kernel_session
from dsstudio.core.settings import RecentProjects
from dsstudio.ui.kernel.kernel_controller import KernelController
from dsstudio.ui.window.actions import AFTER_CONSOLE_INPUT, PROJECT_ONLY
from dsstudio.ui.window.main_window import MainWindow
from dsstudio.ui.window.new_project_dialog import NewProjectDialog


def start_window(qtbot) -> MainWindow:
    window = MainWindow(RecentProjects())
    qtbot.addWidget(window)
    window.tabs.ask_unsaved = lambda names: "discard"
    return window


def test_start_page_lists_recent_projects_with_their_paths(qtbot, tmp_path):
    (tmp_path / "alpha").mkdir()
    RecentProjects().add(tmp_path / "alpha")
    window = start_window(qtbot)
    item = window.start_page.recent_list.item(0)
    assert "alpha" in item.text() and str(tmp_path / "alpha") in item.text()
    assert window.start_page.open_button.text() == "Open Folder…"
    assert window.start_page.new_button.text() == "New Project…"


def test_run_commands_are_off_until_a_project_is_open(qtbot, project):
    window = start_window(qtbot)
    assert window.stack.currentWidget() is window.start_page
    assert not any(window.actions[name].isEnabled() for name in PROJECT_ONLY)
    assert window.actions["open_folder"].isEnabled() and window.actions["preferences"].isEnabled()
    controller = KernelController(start_kernel_session(project))
    window.open_project(project, controller)
    controller.start()
    try:
        assert [name for name in PROJECT_ONLY if not window.actions[name].isEnabled()] == list(
            AFTER_CONSOLE_INPUT)  # (Re-run Setup waits until something ran in the console)
    finally:
        window.close_project()


def test_new_project_from_the_start_page_makes_and_opens_it(qtbot, tmp_path):
    window = start_window(qtbot)
    opened = []
    window.project_opener = lambda root, requester: opened.append((root, requester))
    window.start_page.new_button.click()
    dialog = window.findChild(NewProjectDialog)
    assert dialog is not None and dialog.isVisible()
    create = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    dialog.location.setText(str(tmp_path))
    create.click()  # no name yet: said in the dialog, which stays open
    assert dialog.isVisible() and not dialog.problem.isHidden() and opened == []
    dialog.name.setText("study")
    create.click()
    assert not dialog.isVisible()
    root = tmp_path / "study"
    assert opened == [(root, window)]
    assert sorted(p.name for p in root.iterdir()) == ["analysis.ipynb", "models.py", "study.dsproj"]


def test_new_project_refuses_a_folder_in_use(qtbot, tmp_path):
    (tmp_path / "busy").mkdir()
    (tmp_path / "busy" / "keep.txt").write_text("mine")
    window = start_window(qtbot)
    window.project_opener = lambda root, requester: None
    window.actions["new_project"].trigger()
    dialog = window.findChild(NewProjectDialog)
    dialog.location.setText(str(tmp_path))
    dialog.name.setText("busy")
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    assert dialog.isVisible() and "not an empty folder" in dialog.problem.text()
    assert [p.name for p in (tmp_path / "busy").iterdir()] == ["keep.txt"]


def test_empty_editor_area_says_how_to_open_a_file(qtbot, tmp_path):
    source = tmp_path / "a.py"
    source.write_text("x = 1\n")
    window = start_window(qtbot)
    window.show()
    placeholder = window.tabs.placeholder
    window.stack.setCurrentWidget(window.splitter)  # the editor area, as in a project
    qtbot.waitUntil(placeholder.isVisible)
    assert "Open File" in placeholder.text() and "Ctrl+O" in placeholder.text()
    assert "Run Cell" in placeholder.text()
    window.open_file(source)
    assert not placeholder.isVisible()
    window.close_current_tab()
    assert placeholder.isVisible()

"""Edit > Preferences: stored per user, put at once on open editors and on new ones, remembered by
new windows; a project's .dsproj file still wins for the switches it holds."""

from __future__ import annotations

import json

import pytest
from PySide6.QtWidgets import QDialogButtonBox

from dsstudio.app import start_kernel_session
from dsstudio.core.settings import Preferences, RecentProjects
from dsstudio.ui.kernel.kernel_controller import KernelController
from dsstudio.ui.window.main_window import MainWindow
from dsstudio.ui.window.preferences_dialog import PreferencesDialog

DARK_BACKGROUND = 0x221F1E  # "#1e1f22" as Scintilla's 0xBBGGRR


def new_window(qtbot) -> MainWindow:
    window = MainWindow(RecentProjects())
    qtbot.addWidget(window)
    window.tabs.ask_unsaved = lambda names: "discard"  # no modal question when pytest-qt closes it
    return window


def font_of(editor) -> tuple[str, int]:
    return bytes(editor.styleFont(32)).decode(), editor.styleSize(32)


@pytest.fixture
def source(tmp_path):
    path = tmp_path / "code.py"
    path.write_text("def f():\n    return 1\n")
    return path


def test_preferences_apply_to_open_editors_and_to_a_new_window(qtbot, source):
    window = new_window(qtbot)
    editor = window.open_file(source)
    assert editor.tabWidth() == 4 and editor.wrapMode() == 0

    window.actions["preferences"].trigger()
    dialog = window.findChild(PreferencesDialog)
    assert dialog is not None and dialog.isVisible()
    dialog.font_size.setValue(17)
    dialog.tab_width.setValue(2)
    dialog.word_wrap.setChecked(True)
    dialog.theme.setCurrentIndex(dialog.theme.findData("dark"))
    dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()

    assert font_of(editor)[1] == 17
    assert editor.tabWidth() == 2 and editor.indent() == 2 and editor.wrapMode() != 0
    assert editor.styleBack(32) == DARK_BACKGROUND
    assert window.actions["theme_dark"].isChecked() and window.actions["word_wrap"].isChecked()
    assert not window.actions["theme_light"].isChecked()

    # A window opened later (as after a restart) reads the stored preferences.
    stored = json.loads((Preferences()._path).read_text())
    assert stored["editor_font_size"] == 17 and stored["theme"] == "dark"
    window.close()
    later = new_window(qtbot)
    reopened = later.open_file(source)
    assert font_of(reopened)[1] == 17 and reopened.tabWidth() == 2
    assert reopened.styleBack(32) == DARK_BACKGROUND and reopened.wrapMode() != 0


def test_auto_indent_follows_the_tab_width(qtbot, source):
    Preferences().set("tab_width", 2)
    editor = new_window(qtbot).open_file(source)
    editor.gotoPos(len("def f():"))
    editor.newLine()
    assert editor.lineIndentation(1) == 2


def test_view_theme_is_the_theme_preference(qtbot, source):
    window = new_window(qtbot)
    editor = window.open_file(source)
    Preferences().set("editor_font_size", 15)
    window.actions["theme_dark"].trigger()
    assert Preferences().get("theme") == "dark"
    assert editor.styleBack(32) == DARK_BACKGROUND
    assert font_of(editor)[1] == 15  # a theme switch keeps the user's font
    window.actions["theme_dark"].trigger()  # (checked already: one of the three always is)
    assert Preferences().get("theme") == "dark" and window.actions["theme_dark"].isChecked()
    window.actions["theme_light"].trigger()
    assert Preferences().get("theme") == "light"
    assert [window.actions[f"theme_{n}"].isChecked() for n in ("light", "dark", "system")] == \
        [True, False, False]
    assert editor.styleBack(32) == 0xFFFFFF
    window.actions["word_wrap"].trigger()
    assert Preferences().get("word_wrap") is True and editor.wrapMode() != 0
    dialog = PreferencesDialog(window)
    assert dialog.theme.currentData() == "light" and dialog.word_wrap.isChecked()


def test_follow_system_is_stored_as_a_choice(qtbot, source):
    window = new_window(qtbot)
    dialog = PreferencesDialog(window)
    dialog.theme.setCurrentIndex(dialog.theme.findData("system"))
    dialog.apply()
    assert Preferences().get("theme") == "system"
    assert PreferencesDialog(window).theme.currentData() == "system"
    editor = window.open_file(source)
    assert editor.theme_name in ("light", "dark")


@pytest.fixture
def open_window(qtbot):
    windows = []

    def opener(root):
        win = new_window(qtbot)
        controller = KernelController(start_kernel_session(root))
        win.open_project(root, controller)
        controller.start()
        windows.append(win)
        return win

    yield opener
    for win in windows:
        win.close_project()


def test_project_file_wins_and_the_dialog_says_so(qtbot, project, open_window):
    (project / "proj.dsproj").write_text("[dsstudio]\nreload_on_save = false\n")
    window = open_window(project)
    dialog = PreferencesDialog(window)
    note = dialog.sources["reload_on_save"]
    assert not note.isHidden() and "proj.dsproj" in note.text() and "off" in note.text()
    dialog.switches["reload_on_save"].setChecked(True)
    dialog.switches["reload_on_save"].setChecked(False)
    dialog.switches["reload_on_save"].setChecked(True)
    dialog.apply()
    assert Preferences().get("reload_on_save") is True  # the default for other projects
    assert window.settings.get("reload_on_save") is False  # this project's file decides
    assert "reload_on_save = false" in (project / "proj.dsproj").read_text()


def test_without_a_project_file_the_open_project_follows_the_dialog(qtbot, project, open_window):
    window = open_window(project)
    dialog = PreferencesDialog(window)
    assert dialog.sources["reload_on_save"].isHidden()
    dialog.switches["reload_on_save"].setChecked(False)
    dialog.switches["save_notebook_outputs"].setChecked(False)
    dialog.apply()
    assert window.settings.get("reload_on_save") is False
    assert window.actions["reload_on_save"].isChecked() is False
    assert window.settings.get("save_notebook_outputs") is False

"""The Help menu: the shortcut table, About's versions (with the project kernel's), the
documentation link, and shortcuts in the toolbar's tooltips."""

from __future__ import annotations

import sys

from PySide6.QtCore import QUrl
from PySide6.QtWidgets import QApplication

from dsstudio.app import start_kernel_session
from dsstudio.core.settings import RecentProjects
from dsstudio.ui.kernel.kernel_controller import KernelController
from dsstudio.ui.notebook.notebook_keys import NOTEBOOK_KEYS
from dsstudio.ui.window import help_menu
from dsstudio.ui.window.about_dialog import AboutDialog
from dsstudio.ui.window.actions import shortcut_table
from dsstudio.ui.window.help_menu import ShortcutsDialog
from dsstudio.ui.window.main_window import MainWindow
from tests.ui.helpers import KERNEL_WAIT_MS


def new_window(qtbot) -> MainWindow:
    window = MainWindow(RecentProjects())
    qtbot.addWidget(window)
    return window


def test_help_menu_lists_its_commands_last(qtbot):
    window = new_window(qtbot)
    menus = [a.text() for a in window.menuBar().actions()]
    assert menus[-1] == "&Help"
    help_texts = [a.text() for a in window.menuBar().actions()[-1].menu().actions()]
    assert help_texts == ["&Keyboard Shortcuts", "&Documentation", "&About dsstudio"]


def test_keyboard_shortcuts_dialog_shows_the_table(qtbot):
    window = new_window(qtbot)
    window.actions["keyboard_shortcuts"].trigger()
    dialog = window.findChild(ShortcutsDialog)
    assert dialog is not None and dialog.isVisible()
    table = dialog.table
    headings = [table.item(r, 0).text() for r in range(table.rowCount()) if table.columnSpan(r, 0) == 2]
    shown = [(table.item(r, 0).text(), table.item(r, 1).text())
             for r in range(table.rowCount()) if table.columnSpan(r, 0) == 1]
    assert headings == ["Window and editor", "Notebook: command mode", "Notebook: edit mode",
                        "Notebook: command and edit mode"]
    # Every window action with keys and every notebook key, from the tables that bind them.
    assert shown == shortcut_table() + [(key.keys, key.text) for mode in ("command", "edit", "both")
                                        for key in NOTEBOOK_KEYS if key.mode == mode]
    assert ("Ctrl+Return", "Run Cell") in shown and ("Ctrl+,", "Preferences") in shown
    assert ("Shift+M", "Merge the selected cells (one selected: with the cell below)") in shown
    assert ("I, I", "Interrupt the kernel") in shown
    assert ("Shift+Tab", "Help for the name at the caret") in shown


def test_toolbar_tooltips_carry_the_shortcut(qtbot):
    window = new_window(qtbot)
    assert window.actions["run_cell"].toolTip() == "Run Cell (Ctrl+Return)"
    assert window.actions["restart"].toolTip() == "Restart Kernel (Ctrl+.)"
    assert window.actions["interrupt"].toolTip() == "Interrupt Kernel"  # no keys: no brackets


def test_about_without_a_project_shows_the_app_versions(qtbot):
    window = new_window(qtbot)
    window.actions["about"].trigger()
    dialog = window.findChild(AboutDialog)
    names = [name for name, _ in dialog.rows]
    assert names == ["dsstudio", "Python", "Qt", "PySide6", "IPython", "System"]
    dialog.copy_to_clipboard()
    assert f"({sys.executable})" in QApplication.clipboard().text()


def test_about_names_the_project_kernel_interpreter(qtbot, project):
    window = new_window(qtbot)
    controller = KernelController(start_kernel_session(project))
    window.open_project(project, controller)
    controller.start()
    try:
        qtbot.waitUntil(lambda: controller.state == "idle", timeout=KERNEL_WAIT_MS)
        rows = dict(AboutDialog(window).rows)
        assert rows["Kernel interpreter"] == sys.executable  # the project has no env of its own
        assert rows["Kernel Python"] == ".".join(map(str, sys.version_info[:3]))
    finally:
        window.close_project()


def test_documentation_opens_the_readme(qtbot, monkeypatch):
    opened = []
    monkeypatch.setattr(help_menu.QDesktopServices, "openUrl", lambda url: opened.append(url) or True)
    window = new_window(qtbot)
    window.actions["documentation"].trigger()
    assert len(opened) == 1 and opened[0].isLocalFile()
    assert opened[0] == QUrl.fromLocalFile(str(help_menu.Path(help_menu.__file__).resolve()
                                               .parents[3] / "README.md"))

"""View > Theme: the whole window in light or dark (palette, editor, console, bars, status),
the choice remembered, put on the app before its first window at start, and "Follow system"
following the desktop while the app runs."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication

from dsstudio.core.settings import Preferences
from dsstudio.ui.editor.editor_theme import THEMES, bgr
from dsstudio.ui.editor.notice_bar import Notice
from dsstudio.ui.theme import app_theme
from dsstudio.ui.theme.theme_colours import COLOURS, current_theme
from tests.ui.helpers import KERNEL_WAIT_MS

Role = QPalette.ColorRole


def base_of(widget) -> str:
    return widget.palette().color(Role.Base).name()


def test_dark_reaches_every_pane_and_light_brings_it_all_back(qtbot, window, project):
    qtbot.waitUntil(lambda: window.theme_follower is not None, timeout=KERNEL_WAIT_MS)
    editor = window.open_file(project / "helpers.py")
    window.tabs.notice_bar.show_notice(Notice("changed on disk", kind="warning"))
    light_tree, light_window = base_of(window.tree), window.palette().color(Role.Window).name()
    console_sheet = window.console.console.style_sheet
    window.status.set_kernel_state("idle")
    assert COLOURS["light"]["success"] in window.status.kernel_label.text()

    window.actions["theme_dark"].trigger()
    dark = COLOURS["dark"]
    assert current_theme() == "dark" and Preferences().get("theme") == "dark"
    # Standard widgets through the palette: the tree, the tabs, the window, menus and dialogs
    # (Qt hands a new palette down at the next turn of the event loop).
    qtbot.waitUntil(lambda: base_of(window.tree) == dark["base"] != light_tree)
    assert window.palette().color(Role.Window).name() == dark["window"] != light_window
    assert QApplication.style().name().lower() == "fusion"
    # Parts with colours of their own.
    assert editor.styleBack(32) == bgr(THEMES["dark"]["background"])
    assert THEMES["dark"]["background"] in window.console.console.style_sheet
    assert window.console.console.syntax_style == "github-dark"
    # IPython's tracebacks use plain ANSI blue ("Cell In[4]"): readable on the dark background.
    assert window.console.console._ansi_processor.color_map[4] == "#79c0ff"
    assert dark["warning_bg"] in window.tabs.notice_bar.styleSheet()
    assert dark["success"] in window.status.kernel_label.text()

    window.actions["theme_light"].trigger()
    qtbot.waitUntil(lambda: base_of(window.tree) == light_tree)
    assert editor.styleBack(32) == bgr(THEMES["light"]["background"])
    assert window.console.console.style_sheet == console_sheet
    assert window.console.console._ansi_processor.color_map[4] == "darkblue"  # qtconsole's own
    assert COLOURS["light"]["warning_bg"] in window.tabs.notice_bar.styleSheet()
    assert COLOURS["light"]["success"] in window.status.kernel_label.text()


def test_parts_made_while_dark_are_dark(qtbot, window, project):
    """A notice, a problem bar, a compare view made after the switch take the theme in effect."""
    from dsstudio.ui.editor.compare_dialog import CompareDialog
    from dsstudio.ui.kernel.kernel_problem_bar import KernelProblemBar

    window.actions["theme_dark"].trigger()
    bar = KernelProblemBar()
    qtbot.addWidget(bar)
    assert COLOURS["dark"]["warning_bg"] in bar.styleSheet()
    dialog = CompareDialog("Compare", "a\n", "b\n", "mine", "disk", ())
    qtbot.addWidget(dialog)
    assert dialog.view.styleBack(32) == bgr(THEMES["dark"]["background"])
    assert dialog.view.styleBack(6) == bgr(COLOURS["dark"]["added_bg"])  # a "+" line
    window.actions["theme_light"].trigger()
    assert COLOURS["light"]["warning_bg"] in bar.styleSheet()  # and it follows back


def test_follow_system_follows_the_desktop_while_the_app_runs(qtbot, window, project, monkeypatch):
    qtbot.waitUntil(lambda: window.theme_follower is not None, timeout=KERNEL_WAIT_MS)
    editor = window.open_file(project / "helpers.py")
    desktop = {"scheme": "light"}
    monkeypatch.setattr(app_theme, "system_theme", lambda: desktop["scheme"])
    window.actions["theme_system"].trigger()
    assert Preferences().get("theme") == "system" and current_theme() == "light"
    desktop["scheme"] = "dark"  # the user switches the desktop to dark: Qt says so
    QApplication.styleHints().colorSchemeChanged.emit(Qt.ColorScheme.Dark)
    assert current_theme() == "dark"
    assert editor.styleBack(32) == bgr(THEMES["dark"]["background"])
    qtbot.waitUntil(lambda: base_of(window.tree) == COLOURS["dark"]["base"])
    window.actions["theme_light"].trigger()  # a fixed choice no longer follows the desktop
    desktop["scheme"] = "dark"
    QApplication.styleHints().colorSchemeChanged.emit(Qt.ColorScheme.Dark)
    assert current_theme() == "light"


def test_the_start_theme_is_put_on_the_app_before_any_window(qtbot):
    from dsstudio.app import _apply_start_theme

    app = QApplication.instance()
    _apply_start_theme(app)
    assert current_theme() == "light"  # nothing chosen: the app as it starts
    Preferences().set("theme", "dark")
    _apply_start_theme(app)
    assert current_theme() == "dark"
    assert app.palette().color(Role.Base).name() == COLOURS["dark"]["base"]

"""The user's preferences put on the windows: open editors, View's switches, autosave, and the
open project's switches (unless its `.dsproj` file sets them: the file wins).

Imported when first needed (a menu command, the first project's files reopening), never before
the first paint. New editors take the preferences as they are made (EditorTabs).
"""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

from dsstudio.core.settings import Preferences
from dsstudio.ui.editor.editor_preferences import apply_editor_preferences
from dsstudio.ui.theme.app_theme import apply_theme_choice

PROJECT_SWITCHES = ("reload_on_save", "save_notebook_outputs")
THEME_ACTIONS = {"light": "theme_light", "dark": "theme_dark", "system": "theme_system"}


def windows() -> list:
    """Every open project window (each applies the same app-wide preferences)."""
    return [w for w in QApplication.topLevelWidgets() if w.objectName() == "MainWindow"]


def apply_to_window(window, values: dict | None = None) -> None:
    """Editors, View > Word Wrap / Theme and File > Autosave as `values` say (the theme itself
    is the app's: `apply_everywhere`, or `apply_theme_choice` once at start)."""
    values = values if values is not None else Preferences().values()
    for editor in window.tabs.editors():
        apply_editor_preferences(editor, values)
    if window._notebooks is not None:
        window._notebooks.apply_preferences(values)  # the notebooks' cells: font, tab width
    _show_checked(window.actions["word_wrap"], values["word_wrap"])
    show_theme_choice(window, values["theme"])
    _show_checked(window.actions["autosave"], values["autosave"])
    if window.recovery is not None:
        window.recovery.autosave = values["autosave"]


def show_theme_choice(window, choice: str) -> None:
    """View > Theme shows `choice` checked ("light", "dark" or "system")."""
    for value, name in THEME_ACTIONS.items():
        _show_checked(window.actions[name], value == choice)


def apply_everywhere(values: dict) -> None:
    """The app's theme, then every window's editors and switches, as `values` say."""
    apply_theme_choice(values["theme"])  # (themed parts are told: ui/window/window_theme.py)
    for window in windows():
        apply_to_window(window, values)


def project_value_source(window, name: str) -> str | None:
    """The project file's name when it decides `name` for `window`'s project, else None."""
    settings = window.settings
    if settings is None or settings.file is None or settings.file_broken:
        return None
    return settings.file.name


def apply_project_switch(window, name: str, on: bool) -> None:
    """Set the open project's switch `name` as the menus and toolbars do (and show it there)."""
    if window.settings is None or project_value_source(window, name) is not None:
        return  # the project file wins; it is changed from the Kernel menu or notebook toolbar
    if name == "reload_on_save":
        window.set_reload_on_save(on)  # as Kernel > Reload Modules on Save does
        _show_checked(window.actions["reload_on_save"], on)
    elif window._notebooks is not None:
        window._notebooks.set_save_outputs(on)
    else:
        window.settings.set(name, on)


# ---- Handlers of View's switches (named in the actions table)
def set_word_wrap(window, on: bool) -> None:
    """View > Word Wrap: every editor of every window, and remembered (Preferences)."""
    Preferences().set("word_wrap", on)
    apply_everywhere(Preferences().values())


def choose_theme(window, choice: str) -> None:
    """View > Theme: the theme preference becomes `choice`, put on every window."""
    Preferences().set("theme", choice)
    apply_everywhere(Preferences().values())


def choose_light_theme(window, on: bool) -> None:
    if on:  # (the group's other actions report being unchecked: nothing to do for those)
        choose_theme(window, "light")


def choose_dark_theme(window, on: bool) -> None:
    if on:
        choose_theme(window, "dark")


def choose_system_theme(window, on: bool) -> None:
    if on:
        choose_theme(window, "system")


def _show_checked(action, on: bool) -> None:
    action.blockSignals(True)  # showing a preference is not the user flipping the switch
    action.setChecked(on)
    action.blockSignals(False)

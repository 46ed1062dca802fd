"""Putting a theme on the whole app: Qt's palette (every standard widget: tree, tabs, menus,
dialogs), then everything that draws with colours of its own, told through `theme_signals()`.

The dark theme uses Qt's Fusion style, the one built-in style that takes its colours from the
palette on every platform (the Windows and macOS styles draw some parts with the system's own
colours, which give light boxes on a dark window). The light theme restores the style the app
started with. "Follow system" reads the desktop's colour scheme, and follows it when it changes
while the app runs (Qt reports it through QStyleHints.colorSchemeChanged).
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

from dsstudio.ui.theme.theme_colours import colour, current_theme, set_current_theme

Role = QPalette.ColorRole
Group = QPalette.ColorGroup


class ThemeSignals(QObject):
    changed = Signal(str)
    """A theme ("light" or "dark") was put on the app: redraw what has colours of its own."""


_state: dict = {"signals": None, "start_style": None, "choice": "light", "following": False}


def theme_signals() -> ThemeSignals:
    if _state["signals"] is None:
        _state["signals"] = ThemeSignals(QApplication.instance())
    return _state["signals"]


def system_theme() -> str:
    """The desktop's colour scheme as "light" or "dark" ("light" when it says nothing)."""
    scheme = QGuiApplication.styleHints().colorScheme()
    return "dark" if scheme == Qt.ColorScheme.Dark else "light"


def resolved_theme(choice: str) -> str:
    """"light" or "dark" for a stored theme choice ("light", "dark" or "system")."""
    return choice if choice in ("light", "dark") else system_theme()


def apply_theme_choice(choice: str) -> str:
    """Put the theme `choice` ("light", "dark", "system") on the app, follow the desktop while it
    is "system", and return the theme now shown."""
    _state["choice"] = choice
    request_colour_scheme(choice)
    if not _state["following"]:
        _state["following"] = True
        QGuiApplication.styleHints().colorSchemeChanged.connect(_on_system_scheme_changed)
    return apply_app_theme(resolved_theme(choice))


def request_colour_scheme(choice: str) -> None:
    """Tell Qt the scheme chosen, so that the platform's own parts (the Windows 11 and macOS
    styles, title bars) match it: on a desktop in dark mode, "light" must be light. "system"
    lets the desktop's scheme through again. (A platform without the notion ignores it.)"""
    hints = QGuiApplication.styleHints()
    if choice == "system":
        hints.unsetColorScheme()
    else:
        hints.setColorScheme(Qt.ColorScheme.Dark if choice == "dark" else Qt.ColorScheme.Light)


def apply_app_theme(name: str) -> str:
    """Put theme `name` on the app: the style and palette, style sheets written with colour
    names and remembered icons, then tell each window's themed parts."""
    app = QApplication.instance()
    if _state["start_style"] is None:
        _state["start_style"] = app.style().name()
    # An app not themed yet shows the light theme (its style's own palette): nothing to do.
    if name == (app.property("dsstudio_theme") or "light") and name == current_theme():
        return name
    set_current_theme(name)
    app.setProperty("dsstudio_theme", name)
    if name == "dark":
        if app.style().name().lower() != "fusion":
            app.setStyle("Fusion")
        app.setPalette(theme_palette("dark"))
    else:
        if app.style().name().lower() != _state["start_style"].lower():
            app.setStyle(_state["start_style"])
        # The style's own palette: the light theme looks as the app does when started light.
        app.setPalette(app.style().standardPalette())
    # What has the theme's colours app-wide, in every window or none (a dialog, a bar not
    # shown yet), is redone here once; each window's own parts follow the signal.
    from dsstudio.ui.icons.icon_set import refresh_icons
    from dsstudio.ui.theme.themed_style import restyle_all

    restyle_all()
    refresh_icons()
    theme_signals().changed.emit(name)
    return name


def theme_palette(name: str) -> QPalette:
    """Qt's palette for theme `name`, from the theme's colours (disabled text dimmed)."""
    palette = QPalette()

    def put(role, key: str, disabled: str | None = None) -> None:
        value = QColor(colour(key, name))
        palette.setColor(role, value)
        if disabled is not None:
            palette.setColor(Group.Disabled, role, QColor(colour(disabled, name)))

    put(Role.Window, "window")
    put(Role.WindowText, "text", "muted")
    put(Role.Base, "base")
    put(Role.AlternateBase, "alt_base")
    put(Role.Text, "text", "muted")
    put(Role.Button, "button")
    put(Role.ButtonText, "text", "muted")
    put(Role.BrightText, "error")
    put(Role.Highlight, "highlight")
    put(Role.HighlightedText, "highlighted_text")
    put(Role.Link, "link")
    put(Role.LinkVisited, "link")
    put(Role.ToolTipBase, "tooltip_base")
    put(Role.ToolTipText, "text")
    put(Role.PlaceholderText, "muted")
    put(Role.Mid, "border")
    dark = name == "dark"
    palette.setColor(Role.Light, QColor("#3a3d44" if dark else "#ffffff"))
    palette.setColor(Role.Midlight, QColor("#32353b" if dark else "#e6e9ed"))
    palette.setColor(Role.Dark, QColor("#15161a" if dark else "#a0a6ad"))
    palette.setColor(Role.Shadow, QColor("#000000"))
    palette.setColor(Group.Disabled, Role.Highlight, QColor(colour("border", name)))
    return palette


def _on_system_scheme_changed(*_args) -> None:
    if _state["choice"] == "system":
        apply_app_theme(system_theme())

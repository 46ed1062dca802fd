"""A project window's parts that draw colours of their own, put in the theme when it changes.

Qt's palette (ui/theme/app_theme.py) recolours the standard widgets by itself; what is named
here holds colours Qt does not know about: Scintilla editors (their own style table), the
console (qtconsole's style sheet) and the status bar's coloured texts. Style sheets written
with colour names and icons are redone app-wide by ui/theme/app_theme.py itself; notebooks
follow the theme by themselves (ui/notebook).
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Slot

from dsstudio.ui.editor.editor_theme import apply_theme
from dsstudio.ui.theme.app_theme import theme_signals


class ThemeFollower(QObject):
    """Restyles its window on each theme change; a child of the window, so the connection ends
    with it."""

    def __init__(self, window) -> None:
        super().__init__(window)
        self._window = window
        theme_signals().changed.connect(self.restyle)

    @Slot(str)
    def restyle(self, theme: str) -> None:
        restyle_window(self._window, theme)


def follow_theme(window) -> None:
    """Keep `window` in the app's theme from now on (once per window)."""
    if getattr(window, "theme_follower", None) is None:
        window.theme_follower = ThemeFollower(window)


def restyle_window(window, theme: str) -> None:
    for editor in window.tabs.editors():
        apply_theme(editor, theme)  # (keeps the editor's font)
        editor.style_error_marks()
    window.console.apply_theme(theme)
    window.status.restyle()

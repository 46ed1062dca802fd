"""How a notebook's cells look: the editor's font and tab width from the preferences, and the
theme in effect for what a cell colours itself.

A cell not being edited is a rich-text label; it uses the same font family and size as the cell's
editor, so a cell does not jump when it enters edit mode. One CellLook is shared by a view's
cells (changed in place when the preferences change); the theme is app-wide and read when a cell
is drawn, so a cell built after a theme switch is drawn in the new theme.
"""

from __future__ import annotations

from dataclasses import dataclass

from dsstudio.ui.editor.editor_preferences import editor_font
from dsstudio.ui.editor.editor_theme import THEMES, apply_theme, monospace_font
from dsstudio.ui.theme.theme_colours import colour, current_theme


@dataclass
class CellLook:
    """The font (family, size in points) and tab width of a notebook's cell editors and views."""

    family: str
    size: int
    tab_width: int = 4

    @classmethod
    def default(cls) -> CellLook:
        return cls(*monospace_font())

    @classmethod
    def from_preferences(cls, values: dict) -> CellLook:
        return cls(*editor_font(values), values["tab_width"])

    def update(self, values: dict) -> None:
        """Take the preferences `values` (Preferences.values())."""
        (self.family, self.size), self.tab_width = editor_font(values), values["tab_width"]

    def mono_css(self) -> str:
        """The CSS of the font, for a cell's rich-text view."""
        return f"font-family: '{self.family}', monospace; font-size: {self.size}pt;"

    def line_height(self) -> int:
        from PySide6.QtGui import QFont, QFontMetrics

        return QFontMetrics(QFont(self.family, self.size)).lineSpacing()

    def style_editor(self, editor) -> None:
        """Put the font, tab width and the theme in effect on a cell's `editor` (a CodeEditor;
        cells always wrap their lines, whatever the editors' word wrap preference)."""
        apply_theme(editor, current_theme(), (self.family, self.size))
        editor.set_tab_width(self.tab_width)
        editor.style_error_marks()  # (apply_theme resets every style)


def code_view_css() -> str:
    """A code cell's view: the notebook's code background and the editor's text colour."""
    return f"background:{colour('code_bg')}; color:{THEMES[current_theme()]['foreground']};"


def text_view_css() -> str:
    """A raw cell's (or an empty markdown cell's) view: the plain text background."""
    return f"background:{colour('base')}; color:{colour('text')};"

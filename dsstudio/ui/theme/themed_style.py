"""Style sheets written with colour names ("color: {error};") that follow the theme.

A widget's style sheet holds literal colours, which a palette change does not touch: the
template is kept on the widget (a dynamic property), filled with the theme's colours now, and
filled again by `restyle_all` when the theme changes. Qt-light: importing this costs nothing.
"""

from __future__ import annotations

from dsstudio.ui.theme.theme_colours import COLOURS, current_theme

PROPERTY = "dsstudio_themed_style"


def set_themed_style(widget, template: str) -> None:
    """Give `widget` the style sheet `template` with {colour names} filled in, now and after
    every theme change ("" removes it)."""
    widget.setProperty(PROPERTY, template)
    widget.setStyleSheet(template.format_map(COLOURS[current_theme()]) if template else "")


def restyle_all() -> int:
    """Fill every themed style sheet again with the theme in effect; returns how many."""
    from PySide6.QtWidgets import QApplication

    colours = COLOURS[current_theme()]
    count = 0
    for widget in QApplication.allWidgets():
        template = widget.property(PROPERTY)
        if template:
            widget.setStyleSheet(template.format_map(colours))
            count += 1
    return count

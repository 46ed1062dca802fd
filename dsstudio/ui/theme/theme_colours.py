"""The colours of the light and dark themes, named by what they mean, and the theme in effect.

Widgets that draw with colours of their own (notice bars, status texts, notebook outputs, diff
views) take them from here, never as literals, so that both themes read well; the editor's
syntax colours are in ui/editor/editor_theme.py. Qt-free on purpose: a widget can ask for a
colour while it is being built, before or after a theme is applied.
"""

from __future__ import annotations

COLOURS: dict[str, dict[str, str]] = {
    "light": {
        # The window (Qt's palette roles, see app_theme.py)
        "window": "#f3f4f6", "base": "#ffffff", "alt_base": "#f6f8fa", "text": "#1f2328",
        "muted": "#6e7781", "border": "#d0d7de", "button": "#eef0f3", "highlight": "#2f6fd0",
        "highlighted_text": "#ffffff", "link": "#0969da", "tooltip_base": "#ffffe1",
        # What something is or says
        "accent": "#1565c0", "success": "#2e7d32", "warning": "#9a6700", "error": "#c62828",
        "stale": "#e65100",
        # Bars and boxes: background, border, text
        "error_bg": "#fdecea", "error_border": "#e0a0a0", "error_text": "#8e1b1b",
        "warning_bg": "#fff3cd", "warning_border": "#e0c060", "warning_text": "#5d3b00",
        "info_bg": "#e8f0fe", "info_border": "#a8c0e8", "info_text": "#1f2328",
        "note_bg": "#fff8e1", "note_text": "#8d6e63",
        # Code and output
        "code_bg": "#f5f5f5", "output_text": "#212121", "stderr_text": "#b71c1c",
        "added_bg": "#dafbe1", "added_text": "#116329", "removed_bg": "#ffebe9",
        "removed_text": "#82071e", "hunk_bg": "#ddf4ff", "hunk_text": "#0550ae",
        "match_bg": "#ffd54faa",
        # Icons (ui/icons): lines, and the colours of running and stopping
        "icon": "#57606a", "icon_run": "#2e7d32", "icon_stop": "#c62828", "icon_accent": "#1565c0",
    },
    "dark": {
        "window": "#25262b", "base": "#1e1f22", "alt_base": "#2b2d31", "text": "#d4d4d4",
        "muted": "#8b949e", "border": "#3c3f45", "button": "#33363c", "highlight": "#2f5f9e",
        "highlighted_text": "#ffffff", "link": "#58a6ff", "tooltip_base": "#2b2d31",
        "accent": "#58a6ff", "success": "#56d364", "warning": "#e3b341", "error": "#f47067",
        "stale": "#ffa657",
        "error_bg": "#3d1f1f", "error_border": "#8a3a3a", "error_text": "#ffb4ab",
        "warning_bg": "#3a3020", "warning_border": "#7a6530", "warning_text": "#f0d8a0",
        "info_bg": "#1f2a3a", "info_border": "#3a5070", "info_text": "#d4d4d4",
        "note_bg": "#2e2a20", "note_text": "#c8b48a",
        "code_bg": "#26282c", "output_text": "#d4d4d4", "stderr_text": "#ff938a",
        "added_bg": "#1f3a26", "added_text": "#7ee787", "removed_bg": "#45232a",
        "removed_text": "#ffa198", "hunk_bg": "#1f2f45", "hunk_text": "#79c0ff",
        "match_bg": "#9e6a0399",
        "icon": "#b0b8c1", "icon_run": "#56d364", "icon_stop": "#f47067", "icon_accent": "#58a6ff",
    },
}

# ANSI colours (SGR codes) that read on the dark theme's backgrounds, for tracebacks and
# coloured output in notebooks and the console: black text would vanish, dark blue and magenta
# hardly show. (Light backgrounds take the usual terminal colours.)
DARK_ANSI = {30: "#8b949e", 31: "#ff7b72", 32: "#7ee787", 33: "#e3b341", 34: "#79c0ff",
             35: "#d2a8ff", 36: "#56d4dd", 37: "#d4d4d4", 90: "#8b949e", 91: "#ffa198",
             92: "#aff5b4", 93: "#f8e3a1", 94: "#a5d6ff", 95: "#e2c5ff", 96: "#b3f0ff",
             97: "#ffffff"}

THEME_NAMES = tuple(COLOURS)
_current = {"name": "light"}


def current_theme() -> str:
    """"light" or "dark": the theme the app shows now."""
    return _current["name"]


def set_current_theme(name: str) -> None:
    """Record the theme in effect (app_theme.apply_app_theme does, then repaints)."""
    if name not in COLOURS:
        raise ValueError(f"no theme named {name!r}")
    _current["name"] = name


def colour(key: str, theme: str | None = None) -> str:
    """The colour `key` means in `theme` (default: the one in effect), as "#rrggbb[aa]"."""
    return COLOURS[theme or _current["name"]][key]


def qcolour(key: str, theme: str | None = None):
    """The colour `key` as a QColor ("#rrggbbaa" read as Qt reads "#aarrggbb" would be wrong)."""
    from PySide6.QtGui import QColor

    value = colour(key, theme).lstrip("#")
    result = QColor(f"#{value[:6]}")
    if len(value) == 8:
        result.setAlpha(int(value[6:], 16))
    return result

"""The user's editor preferences (font, tab width, word wrap, theme) put on a code editor.

Preferences store the choice ("system" included); this module turns it into what an editor can
show, so a new editor and an open one look the same after the same call.
"""

from __future__ import annotations

from dsstudio.ui.editor.editor_theme import apply_theme, monospace_font
from dsstudio.ui.theme.theme_colours import current_theme


def editor_font(values: dict) -> tuple[str, int]:
    """(family, size) from the preferences; unset parts are the platform's monospace font's."""
    family, size = monospace_font()
    return values["editor_font_family"] or family, values["editor_font_size"] or size


def apply_editor_preferences(editor, values: dict) -> None:
    """Give `editor` (a CodeEditor in a tab) the preferences `values` (Preferences.values())."""
    # The app's theme in effect (the choice, "system" included, is resolved when put on the app:
    # ui/theme/app_theme.py), so the editor never disagrees with the window around it.
    apply_theme(editor, current_theme(), editor_font(values))
    editor.set_tab_width(values["tab_width"])
    editor.set_word_wrap(values["word_wrap"])
    editor.style_error_marks()
    editor.update_number_margin()

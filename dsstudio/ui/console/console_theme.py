"""The console in the app's theme: qtconsole's style sheet and Pygments style.

qtconsole colours its text from a style sheet (background, text, prompts, errors) and its input
from a Pygments style; its own defaults are white or black. Here both come from the theme's
colours, so the console sits in the window like the editor does: "github-dark" is the Pygments
style nearest the editor's dark colours (editor_theme.THEMES), "default" the light one
qtconsole uses itself. Text already written keeps the colours it was written with, except its
background and plain text, which follow at once.
"""

from __future__ import annotations

from dsstudio.ui.editor.editor_theme import THEMES
from dsstudio.ui.theme.theme_colours import DARK_ANSI

SYNTAX_STYLES = {"light": "default", "dark": "github-dark"}
# In [ ], Out[ ] and errors: the same mid tones in both themes, readable on white and on the
# dark background alike, because text already written keeps its colours when the theme changes.
IN_PROMPT, OUT_PROMPT, ERROR = "#3b7dd8", "#d9534f", "#e0524a"


def console_style_sheet(theme: str) -> str:
    editor = THEMES[theme]
    return f"""
    QPlainTextEdit, QTextEdit {{
        background-color: {editor['background']};
        background-clip: padding;
        color: {editor['foreground']};
        selection-background-color: {editor['selection']};
    }}
    .inverted {{ background-color: {editor['foreground']}; color: {editor['background']}; }}
    .error {{ color: {ERROR}; }}
    .in-prompt-number {{ font-weight: bold; }}
    .out-prompt-number {{ font-weight: bold; }}
    .in-prompt, .in-prompt-number {{ color: {IN_PROMPT}; }}
    .out-prompt, .out-prompt-number {{ color: {OUT_PROMPT}; }}
    """


def apply_console_theme(console, theme: str) -> None:
    """Put `theme` ("light" or "dark") on a qtconsole RichJupyterWidget."""
    console.syntax_style = SYNTAX_STYLES[theme]  # (qtconsole re-highlights its input)
    console.style_sheet = console_style_sheet(theme)  # (and sets its widgets' style sheets)
    if theme == "dark":
        # qtconsole's map for dark styles keeps "darkblue" and "darkviolet" for plain blue
        # and magenta, which IPython's tracebacks use ("Cell In[4]"): unreadable on dark.
        processor = console._ansi_processor
        processor.default_color_map.update(
            {code % 10 + (8 if code >= 90 else 0): value for code, value in DARK_ANSI.items()})
        processor.color_map.update(processor.default_color_map)
    console.theme_name = theme

"""Python source as coloured HTML for a code cell's cheap view, in the code editor's colours.

A cell not being edited is a rich-text label, not an editor (an editor per cell is far too slow
for big notebooks), so its colours come from Pygments (installed with IPython) mapped onto the
editor's theme in effect (editor_theme.THEMES): a cell looks the same when its editor opens.
Only built cells (those near the screen) are highlighted, and the HTML is cached per source and
theme: scrolling back and forth, or leaving edit mode unchanged, lexes nothing again.
"""

from __future__ import annotations

from functools import lru_cache
from html import escape

from dsstudio.ui.editor.editor_theme import THEMES
from dsstudio.ui.theme.theme_colours import current_theme

# Sources longer than this are not kept in the cache (a huge cell is cut to its start anyway).
CACHED_SOURCE_LIMIT = 20_000

_lexer = None


def _style(token, theme: dict[str, str]) -> str:
    """The CSS for a Pygments token type, by the editor's rules (Lexilla's Python styles)."""
    from pygments import token as t

    if token in t.Comment:
        return f"color:{theme['comment']};font-style:italic"
    if token in t.String:
        return f"color:{theme['string']}"
    if token in t.Number:
        return f"color:{theme['number']}"
    if token in t.Keyword or token in t.Operator.Word:  # (`and`, `in`, `not`: keywords there)
        return f"color:{theme['keyword']};font-weight:bold"
    if token in t.Name.Builtin.Pseudo:  # `self`, `cls`: not in the editor's builtins list
        return ""
    if token in t.Name.Builtin or token in t.Name.Exception:
        return f"color:{theme['keyword2']}"
    if token in t.Name.Class:
        return f"color:{theme['classname']};font-weight:bold"
    if token in t.Name.Function:
        return f"color:{theme['defname']};font-weight:bold"
    if token in t.Name.Decorator:
        return f"color:{theme['decorator']}"
    return ""


def highlighted_html(source: str, theme_name: str | None = None) -> str:
    """`source` as escaped HTML with coloured spans in theme `theme_name` (default: the one in
    effect); its text is exactly `source` (a click in the view is mapped back to a character)."""
    theme_name = theme_name or current_theme()
    if len(source) > CACHED_SOURCE_LIMIT:
        return _highlighted(source, theme_name)
    return _cached(source, theme_name)


@lru_cache(maxsize=2048)
def _cached(source: str, theme_name: str) -> str:
    return _highlighted(source, theme_name)


def _highlighted(source: str, theme_name: str) -> str:
    global _lexer
    if _lexer is None:
        from pygments.lexers.python import PythonLexer

        # (Kept as written: by default Pygments strips leading newlines and adds a final one.)
        _lexer = PythonLexer(stripnl=False, ensurenl=False)
    theme = THEMES[theme_name]
    parts: list[str] = []
    run_style, run_text = "", []
    for token, text in _lexer.get_tokens(source):
        style = _style(token, theme) if text.strip() else run_style  # (spaces join any run)
        if style != run_style:
            parts.append(_span(run_style, "".join(run_text)))
            run_style, run_text = style, []
        run_text.append(text)
    parts.append(_span(run_style, "".join(run_text)))
    return "".join(parts)


def _span(style: str, text: str) -> str:
    if not text:
        return ""
    return f"<span style=\"{style}\">{escape(text)}</span>" if style else escape(text)

"""Light and dark colour schemes for the Scintilla editor (Python styles of Lexilla)."""

from __future__ import annotations

import sys

# Lexilla's Python lexer style numbers (SCE_P_*) and Scintilla's fixed styles.
STYLE = {
    "default": 0, "comment": 1, "number": 2, "string": 3, "character": 4, "keyword": 5,
    "triple": 6, "tripledouble": 7, "classname": 8, "defname": 9, "operator": 10,
    "identifier": 11, "commentblock": 12, "stringeol": 13, "keyword2": 14, "decorator": 15,
    "fstring": 16, "fcharacter": 17, "ftriple": 18, "ftripledouble": 19,
}
STYLE_DEFAULT, STYLE_LINENUMBER, STYLE_BRACELIGHT, STYLE_BRACEBAD, STYLE_INDENTGUIDE = 32, 33, 34, 35, 37
SC_ELEMENT_CARET = 40
SC_ELEMENT_CARET_LINE_BACK = 50
SC_ELEMENT_SELECTION_BACK = 11

THEMES: dict[str, dict[str, str]] = {
    "light": {
        "background": "#ffffff", "foreground": "#1f2328", "caret_line": "#f3f6fa",
        "caret": "#1f2328", "selection": "#cfe3ff", "margin_bg": "#f6f8fa", "margin_fg": "#8c959f",
        "comment": "#6a737d", "number": "#0550ae", "string": "#0a7b3e", "keyword": "#cf222e",
        "keyword2": "#8250df", "classname": "#953800", "defname": "#6639ba", "operator": "#1f2328",
        "decorator": "#8250df", "brace_fg": "#0550ae", "brace_bg": "#d6f0ff", "bad_brace": "#cf222e",
        "guide": "#d0d7de", "fold_bg": "#f6f8fa", "fold_fg": "#8c959f",
    },
    "dark": {
        "background": "#1e1f22", "foreground": "#d4d4d4", "caret_line": "#2a2c31",
        "caret": "#f0f0f0", "selection": "#264f78", "margin_bg": "#1e1f22", "margin_fg": "#6e7681",
        "comment": "#7f8c98", "number": "#79c0ff", "string": "#a5d6a7", "keyword": "#ff7b72",
        "keyword2": "#d2a8ff", "classname": "#ffa657", "defname": "#d2a8ff", "operator": "#d4d4d4",
        "decorator": "#d2a8ff", "brace_fg": "#ffffff", "brace_bg": "#3b5070", "bad_brace": "#ff7b72",
        "guide": "#3a3d44", "fold_bg": "#1e1f22", "fold_fg": "#6e7681",
    },
}

SYNTAX = {
    "comment": ("comment", "commentblock"),
    "number": ("number",),
    "string": ("string", "character", "triple", "tripledouble", "stringeol", "fstring",
               "fcharacter", "ftriple", "ftripledouble"),
    "keyword": ("keyword",),
    "keyword2": ("keyword2",),
    "classname": ("classname",),
    "defname": ("defname",),
    "operator": ("operator",),
    "decorator": ("decorator",),
}


def monospace_font() -> tuple[str, int]:
    if sys.platform == "darwin":
        return "Menlo", 13
    if sys.platform == "win32":
        return "Consolas", 11
    return "DejaVu Sans Mono", 11


def bgr(colour: str) -> int:
    """Scintilla wants colours as 0xBBGGRR."""
    value = int(colour.lstrip("#"), 16)
    return ((value & 0xFF) << 16) | (value & 0xFF00) | ((value >> 16) & 0xFF)


def bgra(colour: str, alpha: int = 0xFF) -> int:
    return bgr(colour) | (alpha << 24)


def apply_theme(editor, name: str, font: tuple[str, int] | None = None) -> None:
    """Colour every style of `editor` (a ScintillaEdit with the Python lexer) from THEMES[name].

    `font` (family, size) is remembered on the editor: a later theme switch keeps the user's font
    (styleClearAll resets every style's font to the default one set here).
    """
    theme = THEMES[name]
    if font is not None:
        editor.font_choice = font
    family, size = getattr(editor, "font_choice", None) or monospace_font()
    editor.styleSetFont(STYLE_DEFAULT, family)
    editor.styleSetSize(STYLE_DEFAULT, size)
    editor.styleSetFore(STYLE_DEFAULT, bgr(theme["foreground"]))
    editor.styleSetBack(STYLE_DEFAULT, bgr(theme["background"]))
    editor.styleClearAll()  # every style starts from the default, then syntax colours on top
    for key, styles in SYNTAX.items():
        for style in styles:
            editor.styleSetFore(STYLE[style], bgr(theme[key]))
    for style in ("keyword", "classname", "defname"):
        editor.styleSetBold(STYLE[style], True)
    editor.styleSetItalic(STYLE["comment"], True)
    editor.styleSetFore(STYLE_LINENUMBER, bgr(theme["margin_fg"]))
    editor.styleSetBack(STYLE_LINENUMBER, bgr(theme["margin_bg"]))
    editor.styleSetFore(STYLE_BRACELIGHT, bgr(theme["brace_fg"]))
    editor.styleSetBack(STYLE_BRACELIGHT, bgr(theme["brace_bg"]))
    editor.styleSetBold(STYLE_BRACELIGHT, True)
    editor.styleSetFore(STYLE_BRACEBAD, bgr(theme["bad_brace"]))
    editor.styleSetBold(STYLE_BRACEBAD, True)
    editor.styleSetFore(STYLE_INDENTGUIDE, bgr(theme["guide"]))
    editor.setElementColour(SC_ELEMENT_CARET_LINE_BACK, bgra(theme["caret_line"]))
    editor.setElementColour(SC_ELEMENT_CARET, bgra(theme["caret"]))
    editor.setElementColour(SC_ELEMENT_SELECTION_BACK, bgra(theme["selection"]))
    # Signature help: Scintilla's calltip is white on its own, whatever the theme.
    editor.callTipSetBack(bgr(theme["caret_line"]))
    editor.callTipSetFore(bgr(theme["foreground"]))
    editor.callTipSetForeHlt(bgr(theme["number"]))
    editor.setFoldMarginColour(True, bgr(theme["fold_bg"]))
    editor.setFoldMarginHiColour(True, bgr(theme["fold_bg"]))
    for marker in range(25, 32):  # the folder markers
        editor.markerSetFore(marker, bgr(theme["fold_bg"]))
        editor.markerSetBack(marker, bgr(theme["fold_fg"]))
    editor.theme_name = name

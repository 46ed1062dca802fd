"""Math in markdown cells, found and set aside as JupyterLab does before rendering the markdown.

JupyterLab (rendermime's removeMath) takes `$...$`, `$$...$$`, `\\(...\\)`, `\\[...\\]` and
`\\begin{env}...\\end{env}` out of the text before the markdown is rendered, so that markdown
never reads a `_` or `*` of TeX as emphasis, and puts them back for the typesetter. Code spans,
code blocks and `\\$` are no math. Here the math becomes a placeholder of letters and digits
(markdown leaves it alone), and after rendering each placeholder becomes an element that holds
the TeX as text, for KaTeX to typeset (ui/notebook/markdown_math_view.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import escape

# Code first (it is no math), then the math delimiters, longest first.
_CODE = r"(?P<code>^ {0,3}(`{3,}|~{3,})[^\n]*\n.*?(?:^ {0,3}\2[ \t]*$|\Z)|(`+)(?:(?!\3).)+?\3)"
_MATH = (r"(?P<display>\$\$.+?\$\$|\\\[.+?\\\]|\\begin\{(?P<env>[a-zA-Z*]+)\}.+?\\end\{(?P=env)\})"
         r"|(?P<inline>(?<!\\)\$(?!\s)(?:\\.|[^$\\\n])+?(?<!\s)\$|\\\(.+?\\\))")
_PATTERN = re.compile(f"{_CODE}|{_MATH}", re.DOTALL | re.MULTILINE)
_ANY_MATH = re.compile(r"\$|\\\(|\\\[|\\begin\{")
PLACEHOLDER = "dsstudiomath{}x"
_PLACEHOLDER = re.compile(r"dsstudiomath(\d+)x")


@dataclass(frozen=True)
class MathPart:
    tex: str  # without its $ or \( delimiters (an environment keeps its \begin..\end)
    display: bool


def set_math_aside(source: str) -> tuple[str, list[MathPart]]:
    """`source` with each piece of math replaced by a placeholder, and the pieces in order.
    No math: `source` as it is and an empty list (the cell stays native)."""
    if _ANY_MATH.search(source) is None:  # most markdown cells: one cheap scan
        return source, []
    parts: list[MathPart] = []

    def replace(match: re.Match) -> str:
        if match.group("code") is not None:
            return match.group(0)
        whole = match.group(0)
        if match.group("env") is not None:
            parts.append(MathPart(whole, True))
        else:
            cut = 2 if whole.startswith(("$$", "\\[", "\\(")) else 1
            parts.append(MathPart(whole[cut:-cut], match.group("display") is not None))
        return PLACEHOLDER.format(len(parts) - 1)

    text = _PATTERN.sub(replace, source)
    return (text, parts) if parts else (source, [])


def put_math_back(html: str, parts: list[MathPart]) -> str:
    """The rendered `html` with each placeholder made an element holding its TeX as text."""

    def replace(match: re.Match) -> str:
        index = int(match.group(1))
        if index >= len(parts):
            return match.group(0)
        part = parts[index]
        tag = "div" if part.display else "span"
        return f'<{tag} class="dsstudio-math" data-display="{int(part.display)}">{escape(part.tex)}</{tag}>'

    return _PLACEHOLDER.sub(replace, html)

"""What jedi reads for an editor: its text, where it lives, and the caret in that text.

A file's editor is analysed as itself. A notebook cell's editor is analysed with the notebook's
earlier code cells before it, so names defined above are known; the cell's lines are then shifted
by the lines put before it.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple


class SourceContext(NamedTuple):
    source: str
    path: Path | None
    line_offset: int  # lines of text put before the editor's own


ContextProvider = Callable[[], SourceContext]


def file_context(editor, path_of: Callable[[], Path | None]) -> ContextProvider:
    return lambda: SourceContext(editor.text(), path_of(), 0)


def cell_context(editor, earlier_sources: Callable[[], list[str]],
                 path: Path | None) -> ContextProvider:
    def context() -> SourceContext:
        # IPython's `%magic` and `!shell` lines are not Python: commented out, lines kept.
        before = "\n".join(_python_only(source) for source in earlier_sources())
        if before:
            before += "\n"
        return SourceContext(before + editor.text(), path, before.count("\n"))
    return context


def _python_only(source: str) -> str:
    return "\n".join("#" + line if line.lstrip().startswith(("%", "!")) else line
                     for line in source.split("\n"))

"""What is linted for an editor: a file in a tab, or a notebook cell with the cells around it.

A target says what text ruff gets and under which name, and which of the findings belong in its
editor. A request is a snapshot: its `token` tells whether the editor still holds the text that
was linted when the result comes back (if not, a newer request is on its way).
"""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

from dsstudio.core.lint.diagnostics import Diagnostic
from dsstudio.core.lint.notebook_source import notebook_for_ruff, notebook_language

PYTHON_SUFFIXES = {".py", ".pyi", ".pyw"}


class LintRequest(NamedTuple):
    source: str  # what ruff reads from stdin
    stdin_filename: Path  # absolute: ruff finds the configuration from its folder
    editor_text: str  # the editor's text at the time (the marks' positions are in it)
    token: tuple  # equal at result time: the result still fits the editor


class FileTarget:
    """An editor tab: the buffer as its file (or `untitled-N.py` in the project's folder)."""

    def __init__(self, editor, tabs, project_root) -> None:
        self.editor = editor
        self.tabs = tabs
        self.project_root = project_root  # a callable: the window's project folder or None

    @property
    def name(self) -> str:
        return self.tabs.document(self.editor).display_name

    def request(self) -> LintRequest | None:
        """None: not a Python buffer (left alone)."""
        doc = self.tabs.document(self.editor)
        if doc.path is not None:
            if doc.path.suffix.lower() not in PYTHON_SUFFIXES:
                return None
            filename = Path(doc.path).absolute()
        else:
            folder = self.project_root() or Path.cwd()
            filename = Path(folder).absolute() / doc.display_name
        text = self.editor.text()
        return LintRequest(text, filename, text, self.token())

    def token(self) -> tuple:
        return (self.editor.change_count,)

    def own(self, diagnostics: list[Diagnostic]) -> list[Diagnostic]:
        return diagnostics

    def all_shown(self, diagnostics: list[Diagnostic]) -> list[Diagnostic]:
        """What the Problems pane lists for this target."""
        return diagnostics


class NotebookCellTarget:
    """A code cell being edited: linted with every cell of its notebook, as ruff lints an
    .ipynb, so names from earlier cells are defined and magics are understood."""

    def __init__(self, editor, view, item) -> None:
        self.editor = editor
        self.view = view  # the NotebookView
        self.item = item  # the NotebookCell whose editor this is

    @property
    def name(self) -> str:
        return f"{self.view.path.name}, cell {self.index() + 1}"

    def index(self) -> int:
        return self.view.cells.index(self.item) if self.item in self.view.cells else -1

    def request(self) -> LintRequest | None:
        if self.item.cell.cell_type != "code" or self.index() < 0:
            return None
        if notebook_language(self.view.notebook.get("metadata", {})) != "python":
            return None
        cells = [(cell.cell.cell_type, cell.source()) for cell in self.view.cells]
        return LintRequest(notebook_for_ruff(cells), Path(self.view.path).absolute(),
                           self.editor.text(), self.token())

    def token(self) -> tuple:
        return (self.editor.change_count, self.index())

    def own(self, diagnostics: list[Diagnostic]) -> list[Diagnostic]:
        index = self.index()
        return [d for d in diagnostics if d.cell == index]

    def all_shown(self, diagnostics: list[Diagnostic]) -> list[Diagnostic]:
        return diagnostics

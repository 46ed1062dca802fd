"""File > New Project: a folder with a project file, a module, and a notebook that imports it.

The smallest project that shows the workflow: edit `models.py`, save, re-run the notebook's cell.
Nothing is written over: a folder that exists and is not empty is refused.
"""

from __future__ import annotations

from pathlib import Path

from dsstudio.core.editor.textfile import TextFileError, atomic_write_bytes
from dsstudio.core.project.project_file import SETTINGS, SUFFIX, ProjectFileError, write_project_file

MODELS = '''"""Your project's code: edit it and save, and the notebook sees the change at once."""


def mean(values):
    """The average of `values` (an empty list has none)."""
    return sum(values) / len(values) if values else None
'''

NOTEBOOK_CELLS = (
    ("markdown", "# Analysis\nThe code lives in `models.py`; this notebook holds the results. "
                 "Edit `models.py`, save, and run the cell again."),
    ("code", "from models import mean\n\nmean([1, 2, 3, 4])"),
)


class NewProjectError(Exception):
    """The project could not be made (the message says why, for the user)."""


def project_name_problem(name: str) -> str | None:
    """Why `name` cannot be a project folder's name, or None."""
    if not name.strip():
        return "Give the project a name."
    if name != name.strip() or name in (".", "..") or any(c in name for c in '/\\:*?"<>|'):
        return "A project name is a folder name: no slashes, colons or surrounding spaces."
    return None


def create_project(location: Path, name: str) -> Path:
    """Make LOCATION/NAME with NAME.dsproj, models.py and analysis.ipynb; its path."""
    problem = project_name_problem(name)
    if problem:
        raise NewProjectError(problem)
    root = Path(location) / name
    if root.exists() and (not root.is_dir() or any(root.iterdir())):
        raise NewProjectError(f"{root} already exists and is not an empty folder.")
    try:
        root.mkdir(parents=True, exist_ok=True)
        write_project_file(root / f"{name}{SUFFIX}",
                           {key: default for key, (_kind, default) in SETTINGS.items()})
        atomic_write_bytes(root / "models.py", MODELS.encode("utf-8"))
        _write_notebook(root / "analysis.ipynb")
    except (OSError, TextFileError, ProjectFileError) as error:
        raise NewProjectError(f"The project could not be made in {root}: {error}") from None
    return root


def _write_notebook(path: Path) -> None:
    import nbformat

    from dsstudio.core.notebook.notebook_file import NotebookError, new_notebook, write_notebook

    notebook = new_notebook()
    notebook.cells = [nbformat.v4.new_markdown_cell(source) if kind == "markdown"
                      else nbformat.v4.new_code_cell(source) for kind, source in NOTEBOOK_CELLS]
    try:
        write_notebook(path, notebook)
    except NotebookError as error:
        raise NewProjectError(str(error)) from None

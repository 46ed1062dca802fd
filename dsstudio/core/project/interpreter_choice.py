"""Where a project's interpreter choice is kept: its `.dsproj` file if it has one, else per user.

A project file's choice travels with the project (commit it, and a colleague's dsstudio uses the
same `.venv`), so a path inside the project is written relative to its root. Without a project
file, the choice is the user's own, remembered in dsstudio's settings for that folder.
"""

from __future__ import annotations

import os
from pathlib import Path

from dsstudio.core.kernel.launch import InterpreterChoice, KernelLaunch, resolve_launch
from dsstudio.core.project.project_file import (
    ProjectFileError,
    find_project_file,
    read_project_file,
    write_project_file,
)
from dsstudio.core.settings import load_project_state, save_project_state


def read_choice(root: Path) -> InterpreterChoice:
    """The choice for `root` (an unreadable project file counts as no choice there)."""
    root = Path(root)
    path = find_project_file(root)
    if path is not None:
        try:
            settings = read_project_file(path)
        except ProjectFileError:
            settings = {}
        if settings.get("python") or settings.get("kernelspec"):
            return InterpreterChoice(settings.get("python"), settings.get("kernelspec"),
                                     "project file")
    state = load_project_state(root)
    if state.python or state.kernelspec:
        return InterpreterChoice(state.python, state.kernelspec, "user")
    return InterpreterChoice()


def project_launch(root: Path) -> KernelLaunch:
    """How to start `root`'s kernel now: its choice, resolved without running anything."""
    return resolve_launch(Path(root), read_choice(root))


def save_choice(root: Path, python: Path | None = None, kernelspec: str | None = None) -> str:
    """Remember the choice; returns where ("the project file NAME" or "your settings").

    Raises ProjectFileError when the project file exists but cannot be written (it is never
    replaced by one that loses what the user wrote in it).
    """
    root = Path(root)
    value = _portable(Path(python), root) if python is not None else None
    path = find_project_file(root)
    if path is not None:
        if kernelspec:
            write_project_file(path, {"kernelspec": kernelspec}, remove=("python",))
        else:
            write_project_file(path, {"python": value}, remove=("kernelspec",))
        return f"the project file {path.name}"
    state = load_project_state(root)
    state.python, state.kernelspec = (None, kernelspec) if kernelspec else (value, None)
    save_project_state(root, state)
    return "your settings for this project"


def _portable(python: Path, root: Path) -> str:
    """Relative to the root (with forward slashes) when inside it, else absolute."""
    absolute = Path(os.path.abspath(python))
    try:
        return absolute.relative_to(Path(os.path.abspath(root))).as_posix()
    except ValueError:
        return str(absolute)

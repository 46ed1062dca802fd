"""A project's interpreter choice: where it is kept, and the kernel launch it comes to.

It is kept in the project's `.dsproj` file if it has one, else per user. A project file's choice
travels with the project (commit it, and a colleague's dsstudio uses the same `.venv`), so a path
inside the project is written relative to its root. Without a project file, the choice is the
user's own, remembered in dsstudio's settings for that folder.

The launch, in order: the `.dsproj` file's `python = ...` or `kernelspec = ...`; else the user's
own choice for the project (remembered per user); else the project's own environment (`.venv`,
`venv`, `env`, any folder with a `pyvenv.cfg`, `.pixi/envs/default`); else dsstudio's own Python.
Resolving it runs nothing (it comes before Qt is imported: see core/kernel/launch.py).
"""

from __future__ import annotations

import os
from pathlib import Path

from dsstudio.core.kernel.launch import (
    KernelLaunch,
    env_python,
    environment_prefix,
    own_launch,
    project_environments,
    python_launch,
)
from dsstudio.core.project.project_file import (
    ProjectFileError,
    find_project_file,
    read_project_file,
    write_project_file,
)
from dsstudio.core.settings import load_project_state, save_project_state


class InterpreterChoice:
    """What the user chose for a project: a python path or a kernelspec name, and where it is kept."""

    def __init__(self, python: str | None = None, kernelspec: str | None = None,
                 origin: str | None = None) -> None:
        self.python = python
        self.kernelspec = kernelspec
        self.origin = origin  # "project file", "user", or None (nothing chosen)

    def __repr__(self) -> str:
        return f"InterpreterChoice(python={self.python!r}, kernelspec={self.kernelspec!r}, origin={self.origin!r})"


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


def resolve_launch(root: Path, choice: InterpreterChoice,
                   base_env: dict[str, str] | None = None) -> KernelLaunch:
    """The launch for `root` by the rules in this module's docstring. Never runs anything."""
    root = Path(root)
    notice = None
    if choice.kernelspec:
        # Only now: a kernelspec's launch is not wanted before the first paint otherwise.
        from dsstudio.core.kernel.kernelspecs import kernelspec_launch

        launch = kernelspec_launch(choice.kernelspec, base_env, reason=_origin_text(choice))
        if launch is not None:
            return launch
        notice = (f"The kernelspec '{choice.kernelspec}' ({_origin_text(choice)}) is not installed; "
                  "using the project's default instead. Choose another with Kernel > Select Interpreter.")
    elif choice.python:
        python = Path(choice.python).expanduser()
        python = python if python.is_absolute() else root / python
        if python.exists():
            return python_launch(python, base_env, reason=_origin_text(choice),
                                 name=_short_name(python, root))
        notice = (f"The interpreter {choice.python} ({_origin_text(choice)}) does not exist; "
                  "using the project's default instead. Choose another with Kernel > Select Interpreter.")
    for prefix, kind in project_environments(root):
        python = env_python(prefix)
        relative = prefix.relative_to(root).as_posix()
        return python_launch(python, base_env, kind=kind, name=relative,
                             reason=f"the project's own environment ({relative})", notice=notice)
    return own_launch(base_env, notice=notice)


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


def _origin_text(choice: InterpreterChoice) -> str:
    return "chosen in the project file" if choice.origin == "project file" else "your choice for this project"


def _short_name(python: Path, root: Path) -> str:
    prefix = environment_prefix(python)
    if prefix is not None:
        try:
            return prefix.relative_to(root).as_posix()
        except ValueError:
            return prefix.name
    return str(python)


def _portable(python: Path, root: Path) -> str:
    """Relative to the root (with forward slashes) when inside it, else absolute."""
    absolute = Path(os.path.abspath(python))
    try:
        return absolute.relative_to(Path(os.path.abspath(root))).as_posix()
    except ValueError:
        return str(absolute)

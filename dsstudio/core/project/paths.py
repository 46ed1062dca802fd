"""What the PATH on the command line means: a project folder, and maybe a file to open in it."""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_FILE_SUFFIX = ".dsproj"


class PathArgumentError(Exception):
    """A command-line path that cannot be opened; the message is shown to the user as is."""


def resolve_launch_path(arg: str) -> tuple[Path, Path | None]:
    """(project root, file to open or None) for a path given on the command line.

    A folder is the project; a file opens its folder as the project; a `.dsproj` file marks a
    project root, so it opens its folder and no file.
    """
    path = Path(arg).expanduser()
    if not path.exists():
        raise PathArgumentError(f"dsstudio: cannot open '{arg}': no such file or folder")
    path = path.resolve()
    if path.is_dir():
        if not os.access(path, os.R_OK | os.X_OK):
            raise PathArgumentError(f"dsstudio: cannot open '{arg}': permission denied")
        return path, None
    if not path.is_file():
        raise PathArgumentError(f"dsstudio: cannot open '{arg}': not a regular file or folder")
    if not os.access(path, os.R_OK):
        raise PathArgumentError(f"dsstudio: cannot open '{arg}': permission denied")
    if path.suffix == PROJECT_FILE_SUFFIX:
        return path.parent, None
    return path.parent, path

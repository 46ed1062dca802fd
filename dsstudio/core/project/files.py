"""What the project tree hides, and the file operations it offers (new, rename, delete)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

HIDDEN_NAMES = frozenset({
    "__pycache__", ".git", ".hg", ".svn", ".ipynb_checkpoints", ".mypy_cache", ".pytest_cache",
    ".ruff_cache", ".tox", ".nox", "node_modules", ".DS_Store", ".idea", ".eggs",
})
HIDDEN_SUFFIXES = (".pyc", ".pyo", ".egg-info")
# A folder holding one of these is a Python or conda environment, not project code.
ENVIRONMENT_MARKERS = ("pyvenv.cfg", "conda-meta")


class FileOperationError(Exception):
    """A tree operation was refused or failed; the message names the file and the reason."""


def is_hidden_entry(path: Path) -> bool:
    name = path.name
    if name in HIDDEN_NAMES or name.endswith(HIDDEN_SUFFIXES):
        return True
    return any(os.path.exists(os.path.join(path, marker)) for marker in ENVIRONMENT_MARKERS) \
        if _is_dir(path) else False


def _is_dir(path: Path) -> bool:
    try:
        return path.is_dir()
    except OSError:
        return False


def _checked_target(folder: Path, name: str) -> Path:
    name = name.strip()
    if not name:
        raise FileOperationError("A name is needed.")
    if name in (".", "..") or "/" in name or "\\" in name or "\0" in name:
        raise FileOperationError(f"'{name}' is not a valid file name.")
    target = Path(folder) / name
    if target.exists() or target.is_symlink():
        raise FileOperationError(f"'{name}' already exists in {Path(folder).name}.")
    return target


def _os_error(action: str, path: Path, error: OSError) -> FileOperationError:
    return FileOperationError(f"Could not {action} '{path.name}': {error.strerror or error}")


def create_file(folder: Path, name: str) -> Path:
    target = _checked_target(folder, name)
    try:
        with open(target, "x", encoding="utf-8"):
            pass
    except OSError as error:
        raise _os_error("create", target, error) from None
    return target


def create_folder(folder: Path, name: str) -> Path:
    target = _checked_target(folder, name)
    try:
        target.mkdir()
    except OSError as error:
        raise _os_error("create", target, error) from None
    return target


def rename_entry(path: Path, new_name: str) -> Path:
    path = Path(path)
    if new_name.strip() == path.name:
        return path
    target = _checked_target(path.parent, new_name)
    try:
        # os.rename would silently replace an existing file on POSIX; _checked_target refused that.
        path.rename(target)
    except OSError as error:
        raise _os_error("rename", path, error) from None
    return target


def delete_entry(path: Path) -> None:
    path = Path(path)
    try:
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        else:
            path.unlink()
    except OSError as error:
        raise _os_error("delete", path, error) from None

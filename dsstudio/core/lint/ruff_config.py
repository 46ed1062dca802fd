"""Which configuration ruff will use for a file, and the command line that respects it.

The project's own configuration wins: ruff finds it from the file's folder upward (in each
folder `.ruff.toml`, then `ruff.toml`, then a `pyproject.toml` that has a `[tool.ruff]` table),
else in the user's ruff folder. Only when there is none does dsstudio pass its quiet default
set (pyflakes' `F` and syntax errors `E9`): ruff's own default set has grown to hundreds of
rules, too loud for a buffer nobody configured, and a `--select` passed to a project that has
a configuration would override the user's choice.

The file's path is given to ruff absolute: a relative `--stdin-filename` makes ruff look for the
configuration from its working directory, not the file's (ruff issue 27338), and exclusions
would not match.
"""

from __future__ import annotations

import os
import sys
import tomllib
from pathlib import Path

CONFIG_NAMES = (".ruff.toml", "ruff.toml")
QUIET_DEFAULT_SELECT = "F,E9"


def _pyproject_has_ruff(path: Path) -> bool:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError):
        return False
    except tomllib.TOMLDecodeError:
        # Ruff reads it too and says what is wrong; dsstudio shows that as a notice.
        return "[tool.ruff" in path.read_text(encoding="utf-8", errors="replace")
    tool = data.get("tool")
    return isinstance(tool, dict) and "ruff" in tool


def config_in_folder(folder: Path) -> Path | None:
    for name in CONFIG_NAMES:
        candidate = folder / name
        if candidate.is_file():
            return candidate
    pyproject = folder / "pyproject.toml"
    if pyproject.is_file() and _pyproject_has_ruff(pyproject):
        return pyproject
    return None


def user_config_folders() -> list[Path]:
    """Where ruff looks for the user's own configuration when a project has none."""
    if sys.platform == "win32":
        appdata = os.environ.get("APPDATA")
        return [Path(appdata) / "ruff"] if appdata else []
    home = Path.home()
    xdg = os.environ.get("XDG_CONFIG_HOME")
    folders = [Path(xdg) / "ruff" if xdg else home / ".config" / "ruff"]
    if sys.platform == "darwin":
        folders.append(home / "Library" / "Application Support" / "ruff")
    return folders


def find_ruff_config(folder: Path) -> Path | None:
    """The configuration file ruff uses for a file in `folder`, or None (ruff's defaults)."""
    folder = Path(folder).absolute()
    for candidate in (folder, *folder.parents):
        found = config_in_folder(candidate)
        if found is not None:
            return found
    for candidate in user_config_folders():
        found = config_in_folder(candidate)
        if found is not None:
            return found
    return None


def ruff_check_arguments(stdin_filename: Path, config: Path | None) -> list[str]:
    """`ruff check` arguments for a buffer fed through stdin as `stdin_filename` (absolute)."""
    arguments = ["check", "--output-format", "json", "--no-fix", "--no-cache", "--exit-zero",
                 # An excluded file stays unlinted, as on the command line and in ruff's own
                 # editor integrations (without this, a path given explicitly is always linted).
                 "--force-exclude",
                 "--stdin-filename", str(stdin_filename)]
    if config is None:
        arguments += ["--select", QUIET_DEFAULT_SELECT]
    return arguments + ["-"]

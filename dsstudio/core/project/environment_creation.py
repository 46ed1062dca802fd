"""Create Project Environment: a `.venv` in the project, with ipykernel and the packages asked for.

uv does it (dsstudio depends on the `uv` wheel, which ships its binary): it makes a venv in a
fraction of a second and installs from its cache. Without uv (a frozen app that could not find
it), `python -m venv` and that venv's pip do the same, slower. The environment is made where it
will live (venvs hold absolute paths, so one made elsewhere and moved breaks its scripts); a
cancelled or failed creation removes the folder, so no half-made environment is ever left.
"""

from __future__ import annotations

import re
import shutil
import sys
from collections.abc import Callable
from pathlib import Path

from dsstudio.core.command_run import CommandRun
from dsstudio.core.kernel.diagnosis import uv_executable
from dsstudio.core.kernel.launch import env_python

ENV_FOLDER = ".venv"
PRESET = ("numpy", "pandas", "matplotlib")
# What goes in besides ipykernel: the preset, the project's own lists, or nothing more.
SOURCES = ("preset", "requirements", "pyproject", "ipykernel")


# A requirement as pip and uv take it on the command line: a name, extras, version specifiers
# ("scikit-learn", "pandas[excel]", "numpy>=1.26,<3"). Options ("-r", "--index-url") and paths
# are not packages: refused, so a slip cannot become an install option.
REQUIREMENT = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?(?:\[[A-Za-z0-9._,-]+\])?"
                         r"(?:(?:===|==|!=|~=|>=|<=|>|<)[A-Za-z0-9.*+!_-]+"
                         r"(?:,(?:===|==|!=|~=|>=|<=|>|<)[A-Za-z0-9.*+!_-]+)*)?")


class EnvironmentCreationError(Exception):
    """The environment cannot be made (the message says why)."""


def parse_extra_packages(text: str) -> list[str]:
    """The packages in "scikit-learn pandas>=2" (spaces or commas between them).

    Raises EnvironmentCreationError naming the first entry that is not a package requirement.
    """
    packages = [part for part in re.split(r"\s+|,(?![<>=!~])", text.strip()) if part]
    for package in packages:
        if not REQUIREMENT.fullmatch(package):
            raise EnvironmentCreationError(
                f"'{package}' is not a package name (for example scikit-learn or pandas>=2)")
    return packages


def requirement_sources(root: Path) -> list[str]:
    """Which of SOURCES this project offers (the preset and ipykernel alone always)."""
    offered = ["preset"]
    if (root / "requirements.txt").is_file():
        offered.append("requirements")
    if pyproject_dependencies(root):
        offered.append("pyproject")
    return offered + ["ipykernel"]


def pyproject_dependencies(root: Path) -> list[str]:
    """`[project] dependencies` of the project's pyproject.toml ([] if none or unreadable)."""
    import tomllib

    try:
        data = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return []
    dependencies = data.get("project", {}).get("dependencies", [])
    return [d for d in dependencies if isinstance(d, str)] if isinstance(dependencies, list) else []


class EnvironmentCreation:
    """The steps that make ROOT/.venv; `run` blocks (worker thread), `cancel` from any thread."""

    def __init__(self, root: Path, source: str = "preset", base_python: Path | None = None,
                 uv: str | None = "auto", extra_packages: list[str] | tuple[str, ...] = ()) -> None:
        """extra_packages: installed with the rest ("Also install:"), already checked by
        `parse_extra_packages`."""
        if source not in SOURCES:
            raise ValueError(f"unknown package source {source!r}")
        self.root = Path(root)
        self.folder = self.root / ENV_FOLDER
        self.source = source
        self.extra_packages = list(extra_packages)
        self.base_python = Path(base_python) if base_python is not None else None
        self.uv = uv_executable() if uv == "auto" else uv
        self._current: CommandRun | None = None
        self.cancelled = False

    @property
    def python(self) -> Path:
        """The new environment's python (once made)."""
        return env_python(self.folder) or self.folder / (
            "Scripts/python.exe" if sys.platform == "win32" else "bin/python")

    def packages(self) -> list[str]:
        extra: list[str] = []
        if self.source == "preset":
            extra = list(PRESET)
        elif self.source == "requirements":
            extra = ["-r", str(self.root / "requirements.txt")]
        elif self.source == "pyproject":
            extra = pyproject_dependencies(self.root)
        return ["ipykernel", *extra, *self.extra_packages]

    def steps(self) -> list[tuple[str, list[str]]]:
        """(what the step does, its command), in order."""
        base = str(self.base_python) if self.base_python is not None else None
        what = {"preset": "ipykernel, " + ", ".join(PRESET), "requirements": "ipykernel and requirements.txt",
                "pyproject": "ipykernel and pyproject.toml's dependencies",
                "ipykernel": "ipykernel"}[self.source]
        if self.extra_packages:
            what += " and " + ", ".join(self.extra_packages)
        if self.uv is not None:
            create = [self.uv, "venv", "--no-project", str(self.folder)] + (["--python", base] if base else [])
            install = [self.uv, "pip", "install", "--python", str(self.python), *self.packages()]
        else:
            if base is None:
                raise EnvironmentCreationError("no Python was given to make the environment from, and uv "
                                        "(which can find one) is not available")
            create = [base, "-m", "venv", str(self.folder)]
            install = [str(self.python), "-m", "pip", "install", *self.packages()]
        return [(f"Creating {ENV_FOLDER}", create), (f"Installing {what}", install)]

    def run(self, on_step: Callable[[int, int, str], None], on_line: Callable[[str], None]) -> tuple[bool, str]:
        """Make it; (done, message). On failure or cancel the folder is removed."""
        if self.folder.exists():
            return False, (f"{self.folder} already exists: remove it first, or choose it with "
                           "Kernel > Select Interpreter")
        try:
            steps = self.steps()
        except EnvironmentCreationError as error:
            return False, str(error)
        for number, (title, argv) in enumerate(steps, start=1):
            if self.cancelled:
                break
            on_step(number, len(steps), title)
            if self.cancelled:
                break
            on_line(f"$ {' '.join(argv)}")
            self._current = CommandRun(argv, on_line, cwd=self.root)
            code = self._current.run()
            if code != 0 or self.cancelled:
                self._remove_partial()
                if self.cancelled:
                    return False, "Cancelled: the unfinished environment was removed."
                return False, f"{title} failed (exit status {code}); nothing was left behind."
        if self.cancelled:
            self._remove_partial()
            return False, "Cancelled: the unfinished environment was removed."
        return True, f"Created {ENV_FOLDER} ({', '.join(self.packages())})"

    def cancel(self) -> None:
        self.cancelled = True
        if self._current is not None:
            self._current.cancel()

    def _remove_partial(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)

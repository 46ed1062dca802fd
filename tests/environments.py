"""Real Python environments for tests: made with uv (seconds, from its cache) or venv.

Nothing here is faked but the layouts the issue asks for by name (a conda environment found
without conda, a pyenv root): those are real folders whose `python` is a real interpreter.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from dsstudio.core.kernel.diagnosis import uv_executable

PYENV_VERSIONS = Path(os.environ.get("PYENV_ROOT", Path.home() / ".pyenv")) / "versions"


def uv() -> str:
    found = uv_executable()
    assert found, "uv is a dependency of dsstudio: its binary must be there"
    return found


def make_venv(folder: Path, *packages: str, python: str | None = None) -> Path:
    """A uv venv at `folder` with `packages` installed; returns its python."""
    env = dict(os.environ, UV_PYTHON_DOWNLOADS="never")
    subprocess.run([uv(), "venv", "-q", "--no-project", str(folder), "--python",
                    python or sys.executable], check=True, env=env, timeout=120)
    python_path = folder / ("Scripts/python.exe" if sys.platform == "win32" else "bin/python")
    if packages:
        subprocess.run([uv(), "pip", "install", "-q", "--python", str(python_path), *packages],
                       check=True, env=env, timeout=600)
    return python_path


def make_linked_venv(folder: Path, base: str | None = None) -> Path:
    """A venv made as users make theirs (`python -m venv`, no pip): its python is a link to
    `base` (by default the Python under dsstudio's own venv), as dsstudio's own python is."""
    base = base or getattr(sys, "_base_executable", sys.executable)
    subprocess.run([base, "-m", "venv", "--without-pip", "--symlinks", str(folder)], check=True,
                   timeout=120)
    return folder / ("Scripts/python.exe" if sys.platform == "win32" else "bin/python")


def add_module(python: Path, name: str, source: str) -> Path:
    """Put a module `name` into `python`'s own site-packages (no index needed)."""
    site = Path(subprocess.check_output(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        text=True).strip())
    site.mkdir(parents=True, exist_ok=True)
    module = site / f"{name}.py"
    module.write_text(source)
    return module


def make_broken_venv(folder: Path) -> Path:
    """A venv whose base interpreter was removed (the python link points nowhere)."""
    (folder / "bin").mkdir(parents=True)
    (folder / "pyvenv.cfg").write_text("home = /no/such/python/bin\nversion = 3.11.7\n")
    python = folder / "bin" / "python"
    python.symlink_to("/no/such/python/bin/python3.11")
    return python


def make_fake_conda_env(prefix: Path) -> Path:
    """A conda environment's layout (conda-meta/, bin/python) around a real interpreter."""
    (prefix / "conda-meta").mkdir(parents=True)
    (prefix / "conda-meta" / "history").write_text("==> 2026-11-25 <==\n")
    (prefix / "bin").mkdir()
    python = prefix / "bin" / "python"
    python.symlink_to(sys.executable)
    return python


def pyenv_python(minor: str) -> str | None:
    """A pyenv-installed Python of that minor version (e.g. "3.12"), if this machine has one."""
    if not PYENV_VERSIONS.is_dir():
        return None
    for version in sorted(PYENV_VERSIONS.iterdir(), reverse=True):
        if version.name.startswith(minor + ".") and (version / "bin" / "python").exists():
            return str(version / "bin" / "python")
    return shutil.which(f"python{minor}")

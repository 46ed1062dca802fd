"""The command and environment that start a kernel in an interpreter, and the environments a
project folder holds (which one a project uses: core/project/interpreter_choice.py).

This runs before Qt is imported (the kernel is launched first, to boot on the other core), so it
only reads files and checks paths: no subprocess, no jupyter_client. What it cannot know without
running the interpreter (is ipykernel there?) is found out when the kernel fails to start (see
`diagnosis`).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

IS_WINDOWS = sys.platform == "win32"
# The frozen app relaunches itself as its kernel (dsstudio/__main__.py takes the switch).
if getattr(sys, "frozen", False):
    OWN_KERNEL_ARGV = [sys.executable, "--dsstudio-kernel", "-f", "{connection_file}"]
else:
    OWN_KERNEL_ARGV = [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"]
PROJECT_ENV_FOLDERS = (".venv", "venv", "env", ".env")
# The app's own environment must not leak into another interpreter: a foreign VIRTUAL_ENV or
# PYTHONHOME breaks its imports, and PYTHONPATH would put dsstudio's packages first.
FOREIGN_DROPPED = ("VIRTUAL_ENV", "PYTHONPATH", "PYTHONHOME", "PYTHONEXECUTABLE",
                   "__PYVENV_LAUNCHER__", "CONDA_PREFIX", "CONDA_DEFAULT_ENV",
                   "CONDA_PROMPT_MODIFIER", "CONDA_SHLVL", "PIXI_PROJECT_ROOT", "QT_API")
# The app's Qt binding choice (for qtconsole) is no kernel's: with QT_API set, tqdm.auto takes
# the kernel for a Qt console and draws text bars instead of widgets (tqdm/autonotebook.py).
APP_ONLY = ("QT_API",)


class KernelLaunch:
    """How to start a kernel: argv (with `{connection_file}`), environment, and what to call it."""

    def __init__(self, argv: list[str], env: dict[str, str], label: str, *, kind: str,
                 python: Path | None = None, prefix: Path | None = None,
                 kernelspec: str | None = None, language: str = "python",
                 reason: str = "", notice: str | None = None, runs_ipykernel: bool = True) -> None:
        self.argv = argv
        self.env = env
        self.label = label  # "Python (.venv)"; the version is added once the kernel answers
        self.kind = kind
        self.python = python
        self.prefix = prefix
        self.kernelspec = kernelspec
        self.language = language
        self.reason = reason  # why this one: "the project's .venv", "chosen in app.dsproj", ...
        self.notice = notice  # something the user must read (the chosen one was not found)
        # ipykernel takes --IPKernelApp options (the project's sys.path entries go in that way).
        self.runs_ipykernel = runs_ipykernel

    def __repr__(self) -> str:
        return f"KernelLaunch({self.label!r}, argv={self.argv!r}, reason={self.reason!r})"


def env_python(prefix: Path) -> Path | None:
    """The python executable of an environment folder (venv, conda, pixi), or None."""
    for parts in (("bin", "python"), ("bin", "python3"), ("Scripts", "python.exe"), ("python.exe",)):
        candidate = prefix.joinpath(*parts)
        if candidate.is_file():
            return candidate
    return None


def environment_kind(prefix: Path) -> str | None:
    """"venv" / "uv" (a pyvenv.cfg), "conda" / "pixi" (a conda-meta folder), or None."""
    config = prefix / "pyvenv.cfg"
    if config.is_file():
        try:
            text = config.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return "venv"
        return "uv" if any(line.split("=")[0].strip() == "uv" for line in text.splitlines()) else "venv"
    if (prefix / "conda-meta").is_dir():
        return "pixi" if ".pixi" in prefix.parts else "conda"
    return None


def project_environments(root: Path) -> list[tuple[Path, str]]:
    """The project's own environments, most likely first: (prefix, kind). Only stats files."""
    root = Path(root)
    found: list[tuple[Path, str]] = []
    seen: set[str] = set()

    def add(prefix: Path) -> None:
        kind = environment_kind(prefix)
        if kind and str(prefix) not in seen and env_python(prefix) is not None:
            seen.add(str(prefix))
            found.append((prefix, kind))

    for name in PROJECT_ENV_FOLDERS:
        add(root / name)
    pixi = root / ".pixi" / "envs"
    add(pixi / "default")
    for folder in (_subfolders(pixi), _subfolders(root)):
        for prefix in folder:
            add(prefix)
    return found


def _subfolders(folder: Path) -> list[Path]:
    try:
        return sorted(Path(entry.path) for entry in os.scandir(folder) if entry.is_dir())
    except OSError:
        return []


def own_launch(base_env: dict[str, str] | None = None, reason: str = "dsstudio's own Python",
               notice: str | None = None) -> KernelLaunch:
    """Today's behaviour: the kernel runs in dsstudio's own Python, environment untouched (but
    for the app's own settings, APP_ONLY)."""
    env = {key: value for key, value in (os.environ if base_env is None else base_env).items()
           if key not in APP_ONLY}
    return KernelLaunch(list(OWN_KERNEL_ARGV), env,
                        "dsstudio's Python", kind="dsstudio", python=Path(sys.executable),
                        prefix=Path(sys.prefix), reason=reason, notice=notice)


def python_launch(python: Path, base_env: dict[str, str] | None = None, *, kind: str | None = None,
                  name: str | None = None, reason: str = "", notice: str | None = None) -> KernelLaunch:
    """A kernel in `python`: `python -m ipykernel_launcher`, in that environment as if activated."""
    python = Path(python)
    prefix, kind, env = activated_environment(python, base_env, kind)
    label = f"Python ({name or (prefix.name if prefix else python.name)})"
    argv = [str(python), "-m", "ipykernel_launcher", "-f", "{connection_file}"]
    return KernelLaunch(argv, env, label, kind=kind, python=python, prefix=prefix, reason=reason,
                        notice=notice)


def activated_environment(python: Path, base_env: dict[str, str] | None = None,
                          kind: str | None = None, default_kind: str = "custom"):
    """(prefix, kind, environment) for a kernel in `python`: its environment folder, what kind
    of environment it is, and the app's environment with that one activated."""
    prefix = environment_prefix(python)
    kind = kind or (environment_kind(prefix) if prefix else None) or default_kind
    env = kernel_environment(kind, prefix, dict(os.environ if base_env is None else base_env))
    return prefix, kind, env


def environment_prefix(python: Path) -> Path | None:
    """The environment folder a python belongs to (`.venv` for `.venv/bin/python`), if any."""
    python = Path(python)
    for prefix in (python.parent.parent, python.parent):
        if environment_kind(prefix):
            return prefix
    return None


def kernel_environment(kind: str, prefix: Path | None, base: dict[str, str]) -> dict[str, str]:
    """The kernel's environment: the app's, cleaned of its own Python, then the target activated.

    Activation matters beyond imports: `!pip install x` in a cell must reach the kernel's own
    pip, and conda packages find their DLLs and data through PATH and CONDA_PREFIX.
    """
    env = {key: value for key, value in base.items() if key not in FOREIGN_DROPPED}
    if "LD_LIBRARY_PATH_ORIG" in env:  # the frozen app's own library path is not the kernel's
        env["LD_LIBRARY_PATH"] = env["LD_LIBRARY_PATH_ORIG"]
    env.pop("QT_PLUGIN_PATH", None)
    if prefix is None:
        return env
    if kind in ("venv", "uv"):
        env["VIRTUAL_ENV"] = str(prefix)
        _prepend_path(env, [prefix / ("Scripts" if IS_WINDOWS else "bin")])
    elif kind in ("conda", "pixi"):
        from dsstudio.core.kernel.conda import conda_activation

        env = conda_activation(prefix, env)
    return env


def _prepend_path(env: dict[str, str], folders: list[Path]) -> None:
    current = env.get("PATH", "")
    env["PATH"] = os.pathsep.join([*(str(f) for f in folders), *([current] if current else [])])

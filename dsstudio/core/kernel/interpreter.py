"""A Python interpreter (or Jupyter kernelspec) a project's kernel can run in, and how to ask it.

The facts that need the interpreter itself (its version, whether ipykernel is there) come from
running it once with a tiny probe script, with a timeout: a broken environment is reported as
broken with the reason, and never hangs whoever asked. Probing costs a process start (30-80 ms),
so it happens on worker threads, never before the first paint.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

# ipykernel 6 is the oldest the kernel side is tested with (README: supported versions).
MIN_IPYKERNEL = (6, 0)
MIN_PYTHON = (3, 9)  # the reloader uses Path.is_relative_to; 3.8 reached its end in 2024
PROBE_TIMEOUT_S = 10.0

# Runs in the interpreter being asked: must work on any Python 3 and fail politely on Python 2.
# It never imports ipykernel (half a second); it only asks where it is and which version it is.
PROBE_SOURCE = r'''
import json, os, sys
info = {"version": "%d.%d.%d" % tuple(sys.version_info[:3]), "executable": sys.executable,
        "prefix": sys.prefix, "base_prefix": getattr(sys, "base_prefix", sys.prefix)}
def find(name):
    try:
        import importlib.util
        return importlib.util.find_spec(name) is not None
    except Exception:
        return False
def version(name):
    try:
        from importlib.metadata import version as v
        return v(name)
    except Exception:
        return "unknown"
info["ipykernel"] = version("ipykernel") if find("ipykernel_launcher") else None
info["ipython"] = version("ipython") if find("IPython") else None
info["pip"] = find("pip")
sys.stdout.write(json.dumps(info))
'''


class ProjectInterpreter:
    """One interpreter found for a project: where it is, what it is, and what it has.

    `kind`: "venv", "uv", "conda", "pixi", "pyenv", "path" (a python on PATH), "dsstudio" (the
    app's own), "custom" (browsed to) or "kernelspec". `ipykernel` is its version, or None when
    missing; `problem` says why it cannot be used (None when it can).
    """

    def __init__(self, python: Path | None, kind: str, name: str, *, prefix: Path | None = None,
                 version: str | None = None, ipykernel: str | None = None,
                 has_pip: bool = True, problem: str | None = None, kernelspec: str | None = None,
                 language: str = "python", display: str | None = None) -> None:
        self.python = Path(python) if python is not None else None
        self.kind = kind
        self.name = name
        self.prefix = Path(prefix) if prefix is not None else None
        self.version = version
        self.ipykernel = ipykernel
        self.has_pip = has_pip
        self.problem = problem
        self.kernelspec = kernelspec
        self.language = language
        self._display = display
        self.executable: str | None = None  # what the python says it is (a shim resolves here)

    @property
    def display_name(self) -> str:
        """What the user reads: "Python 3.12 (.venv)", or a kernelspec's own display name."""
        if self._display:
            return self._display
        if self.version:
            major_minor = ".".join(self.version.split(".")[:2])
            return f"Python {major_minor} ({self.name})"
        return f"Python ({self.name})"

    @property
    def usable(self) -> bool:
        """It can run a dsstudio kernel now (ipykernel present and recent enough)."""
        if self.problem is not None:
            return False
        if self.language != "python" or self.kernelspec is not None:
            return True
        return self.ipykernel is not None and not ipykernel_too_old(self.ipykernel)

    @property
    def ipykernel_text(self) -> str:
        if self.language != "python":
            return "-"
        if self.ipykernel is None:
            return "missing"
        return self.ipykernel + (" (too old)" if ipykernel_too_old(self.ipykernel) else "")

    def key(self) -> str:
        """Identity in lists and settings: the kernelspec's name or the executable's path."""
        return f"kernelspec:{self.kernelspec}" if self.kernelspec else f"python:{self.python}"

    def __repr__(self) -> str:
        return (f"ProjectInterpreter({self.display_name!r}, kind={self.kind!r}, "
                f"python={str(self.python)!r}, ipykernel={self.ipykernel!r}, problem={self.problem!r})")


def ipykernel_too_old(version: str) -> bool:
    """Older than MIN_IPYKERNEL; a version that cannot be read ("unknown") is given the benefit."""
    found = _version_tuple(version)
    return found != (0,) and found < MIN_IPYKERNEL


def _version_tuple(version: str) -> tuple[int, ...]:
    parts = []
    for piece in version.split(".")[:3]:
        digits = "".join(ch for ch in piece if ch.isdigit())
        if not digits:
            break
        parts.append(int(digits))
    return tuple(parts) or (0,)


class ProbeResult:
    """What an interpreter said about itself, or why it could not say."""

    def __init__(self, facts: dict | None, problem: str | None) -> None:
        self.facts = facts or {}
        self.problem = problem


def probe(python: Path, env: dict[str, str] | None = None,
          timeout: float = PROBE_TIMEOUT_S) -> ProbeResult:
    """Run `python` once with the probe script; never raises, never waits past `timeout`."""
    python = Path(python)
    if not python.exists():
        return ProbeResult(None, f"{python} does not exist (was the environment deleted?)")
    if not os.access(python, os.X_OK):
        return ProbeResult(None, f"{python} is not executable")
    try:
        # A neutral working directory: a project's own `json.py` must not break the probe.
        result = subprocess.run([str(python), "-c", PROBE_SOURCE], capture_output=True,
                                text=True, timeout=timeout, env=env, cwd=tempfile.gettempdir(),
                                stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired:
        return ProbeResult(None, f"{python} did not answer within {timeout:g} s")
    except OSError as error:
        return ProbeResult(None, f"{python} cannot run: {error.strerror or error}")
    if result.returncode != 0:
        lines = [line for line in result.stderr.strip().splitlines() if line.strip()]
        reason = lines[-1] if lines else f"exit status {result.returncode}"
        return ProbeResult(None, f"{python} does not run: {reason}")
    try:
        facts = json.loads(result.stdout.strip().splitlines()[-1])
    except (ValueError, IndexError):
        return ProbeResult(None, f"{python} gave an answer that is not understood")
    if _version_tuple(facts.get("version", "0")) < MIN_PYTHON:
        minimum = ".".join(map(str, MIN_PYTHON))
        return ProbeResult(facts, f"Python {facts.get('version')} is too old (dsstudio's kernel "
                                  f"needs Python {minimum} or newer)")
    return ProbeResult(facts, None)


def apply_probe(interpreter: ProjectInterpreter, result: ProbeResult) -> ProjectInterpreter:
    """Fill in what the probe learned (version, ipykernel, pip, problem)."""
    facts = result.facts
    interpreter.version = facts.get("version", interpreter.version)
    interpreter.ipykernel = facts.get("ipykernel")
    interpreter.has_pip = bool(facts.get("pip", True))
    interpreter.executable = facts.get("executable")
    if interpreter.prefix is None and facts.get("prefix"):
        interpreter.prefix = Path(facts["prefix"])
    interpreter.problem = result.problem
    return interpreter


def environment_prefix(python: Path) -> Path:
    """The folder of the environment `python` runs in (its `sys.prefix`), found without running it.

    A venv's folder is the one holding `pyvenv.cfg`, beside the executable or one level up
    (`bin/`, `Scripts/`), looked for through the path as given: a venv's `python` is a link to
    its base interpreter, so the linked-to file is the same for the base and all its venvs.
    Anything else is an installation: the folder above the real executable's `bin/`.
    """
    python = Path(os.path.abspath(python))
    for folder in (python.parent, python.parent.parent):
        if (folder / "pyvenv.cfg").is_file():
            return folder
    real = python.resolve()
    return real.parent.parent if real.parent.name == "bin" else real.parent


def runs_in_own_environment(python: Path) -> bool:
    """Whether `python` runs in the environment dsstudio itself runs in (same `sys.prefix`)."""
    try:
        return os.path.samefile(environment_prefix(python), sys.prefix)
    except OSError:
        return False


def own_python_is_real() -> bool:
    """False in the frozen app: its executable is dsstudio itself, not a Python."""
    return not getattr(sys, "frozen", False)

"""Finding the interpreters a project could use, for the Select Interpreter list.

Where to look (the places VS Code's locators look, plus Jupyter's kernelspecs): the project's own
environments, the environment dsstudio was started from, conda and mamba environments, pyenv
versions, the pythons on PATH, and installed kernelspecs. Listing is file look-ups only; every
python found is then asked about itself once (`interpreter.probe`), in parallel, each with a
timeout, so one broken environment never holds up the list. Call `discover` on a worker thread.
"""

from __future__ import annotations

import os
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from dsstudio.core.kernel import conda
from dsstudio.core.kernel.interpreter import (
    ProjectInterpreter,
    apply_probe,
    own_python_is_real,
    probe,
)
from dsstudio.core.kernel.launch import (
    env_python,
    environment_kind,
    environment_prefix,
    kernel_environment,
    project_environments,
)

PROBE_WORKERS = 8
PATH_NAMES = ("python3", "python") + tuple(f"python3.{minor}" for minor in range(8, 16))


def candidates(root: Path | None, environ: dict[str, str] | None = None,
               home: Path | None = None) -> list[ProjectInterpreter]:
    """Everything worth listing, unprobed, most relevant first, each executable once."""
    environ = dict(os.environ if environ is None else environ)
    home = Path(home) if home is not None else Path.home()
    found: list[ProjectInterpreter] = []
    seen: set[str] = set()

    def add(python: Path | None, kind: str, name: str, prefix: Path | None = None) -> None:
        if python is None:
            return
        key = os.path.normcase(os.path.abspath(python))
        if key not in seen:
            seen.add(key)
            found.append(ProjectInterpreter(python, kind, name, prefix=prefix))

    if root is not None:
        for prefix, kind in project_environments(root):
            add(env_python(prefix), kind, prefix.relative_to(root).as_posix(), prefix)
    for variable in ("VIRTUAL_ENV", "CONDA_PREFIX"):
        if environ.get(variable):
            prefix = Path(environ[variable])
            add(env_python(prefix), environment_kind(prefix) or "venv", prefix.name, prefix)
    if own_python_is_real():
        add(Path(sys.executable), "dsstudio", "dsstudio's Python", Path(sys.prefix))
    for prefix in conda.environment_folders(home):
        add(env_python(prefix), "conda", _conda_name(prefix), prefix)
    pyenv_root = Path(environ.get("PYENV_ROOT") or home / ".pyenv")
    for version_folder in _sorted_versions(pyenv_root / "versions"):
        add(env_python(version_folder), "pyenv", f"pyenv {version_folder.name}", version_folder)
    for folder in environ.get("PATH", "").split(os.pathsep):
        if Path(folder).name == "shims":
            continue  # pyenv's and asdf's shims: the versions behind them are listed already
        for name in PATH_NAMES:
            candidate = Path(folder) / (f"{name}.exe" if sys.platform == "win32" else name)
            if candidate.is_file() and os.access(candidate, os.X_OK):
                add(candidate, "path", str(candidate))
    return found


def _conda_name(prefix: Path) -> str:
    return f"conda {conda.environment_name(prefix)}"


def _sorted_versions(folder: Path) -> list[Path]:
    try:
        entries = [Path(entry.path) for entry in os.scandir(folder) if entry.is_dir()]
    except OSError:
        return []

    def key(path: Path):
        return [int(p) if p.isdigit() else -1 for p in path.name.split(".")]

    return sorted(entries, key=key, reverse=True)


def probe_all(interpreters: list[ProjectInterpreter], environ: dict[str, str] | None = None,
              timeout: float | None = None) -> list[ProjectInterpreter]:
    """Ask each python about itself, in parallel; drop pythons that turn out to be the same one."""
    base = dict(os.environ if environ is None else environ)

    def ask(interpreter: ProjectInterpreter) -> ProjectInterpreter:
        if interpreter.python is None:
            return interpreter
        # Probed as the kernel will run: the same environment, activated.
        prefix = interpreter.prefix or environment_prefix(interpreter.python)
        env = kernel_environment(interpreter.kind, prefix if interpreter.kind != "path" else None, base)
        kwargs = {"timeout": timeout} if timeout is not None else {}
        return apply_probe(interpreter, probe(interpreter.python, env, **kwargs))

    with ThreadPoolExecutor(max_workers=PROBE_WORKERS, thread_name_prefix="dsstudio-probe") as pool:
        probed = list(pool.map(ask, interpreters))
    unique: list[ProjectInterpreter] = []
    seen: set[tuple[str, str]] = set()
    for interpreter in probed:
        if interpreter.python is not None and interpreter.kind == "path" and interpreter.problem is None:
            # /usr/bin/python3 and /usr/bin/python3.11 are one interpreter in one environment.
            identity = _identity(interpreter)
            if identity in seen:
                continue
            seen.add(identity)
        elif interpreter.python is not None and interpreter.problem is None:
            seen.add(_identity(interpreter))
        unique.append(interpreter)
    return unique


def _identity(interpreter: ProjectInterpreter) -> tuple[str, str]:
    return (os.path.realpath(interpreter.executable or interpreter.python), str(interpreter.prefix))


def discover(root: Path | None, environ: dict[str, str] | None = None, home: Path | None = None,
             include_kernelspecs: bool = True) -> list[ProjectInterpreter]:
    """Everything found for `root`, probed. Blocks for up to a probe timeout: use a worker thread."""
    interpreters = probe_all(candidates(root, environ, home), environ)
    if include_kernelspecs:
        from dsstudio.core.kernel.kernelspecs import kernelspec_interpreters

        interpreters += kernelspec_interpreters()
    return interpreters


def describe(python: Path, root: Path | None = None,
             environ: dict[str, str] | None = None) -> ProjectInterpreter:
    """One python the user browsed to, probed (for Browse…)."""
    python = Path(python)
    prefix = environment_prefix(python)
    kind = (environment_kind(prefix) if prefix else None) or "custom"
    name = prefix.name if prefix else str(python)
    if root is not None and prefix is not None:
        try:
            name = prefix.relative_to(root).as_posix()
        except ValueError:
            pass
    return probe_all([ProjectInterpreter(python, kind, name, prefix=prefix)], environ)[0]

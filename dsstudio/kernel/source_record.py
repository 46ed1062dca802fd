"""The source each project module was imported from, to compare a save with.

Re-running only what a save changed needs the module's source *before* the save, and by then the
file holds the new one. So the source of each project module is read as soon as it is imported:
after each cell that imported something (a look at the size and newest entry of `sys.modules` per cell), and
after each reload (its new source, and modules the reload imported). A file modified while the
cell that imported it ran is not trusted (the import may have read the older text): that module's
first reload runs its whole body.

Standard library only: this runs inside the user's kernel.
"""

from __future__ import annotations

import sys
import time
import weakref
from pathlib import Path

# module -> the source text it was imported from (parsed only when a save needs it).
_sources: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
_state = {"modules": (0, None), "cell_started": 0.0}
SAVE_CLOCK_SLACK_S = 0.0  # raise for file systems that keep coarse modification times


def remember(module, source: str) -> None:
    _sources[module] = source


def source_before(module) -> str | None:
    return _sources.get(module)


def cell_started(*_args) -> None:
    _state["cell_started"] = time.time()


def cell_finished(project_modules) -> None:
    """After a cell: if it imported anything, read the sources of new project modules.

    `project_modules`: a callable returning {module name: path} of project modules.
    """
    if _modules_mark() == _state["modules"]:
        return
    remember_new(project_modules(), since=_state["cell_started"] - SAVE_CLOCK_SLACK_S)


def remember_new(modules: dict, since: float | None = None) -> None:
    """Read the source of each module in `modules` not read yet; with `since`, only files not
    modified after that time."""
    _state["modules"] = _modules_mark()
    for name, path in modules.items():
        module = sys.modules.get(name)
        if module is None or module in _sources:
            continue
        try:
            if since is not None and Path(path).stat().st_mtime > since:
                continue
            _sources[module] = read_source(Path(path))
        except (OSError, UnicodeDecodeError, SyntaxError, TypeError):
            continue


def _modules_mark() -> tuple:
    """Changes when a module is imported: the count, and the newest entry (imports append)."""
    newest = next(reversed(sys.modules), None)
    return len(sys.modules), newest, id(sys.modules.get(newest))


def read_source(path: Path) -> str:
    import importlib.util

    return importlib.util.decode_source(path.read_bytes())


def install(shell, project_modules) -> None:
    if shell is None or getattr(shell, "_dsstudio_sources", False):
        return
    finished = lambda *_args: cell_finished(project_modules)
    shell.events.register("pre_run_cell", cell_started)
    shell.events.register("post_run_cell", finished)
    shell._dsstudio_sources = finished


def uninstall(shell) -> None:
    finished = getattr(shell, "_dsstudio_sources", None)
    if shell is None or not finished:
        return
    shell.events.unregister("pre_run_cell", cell_started)
    shell.events.unregister("post_run_cell", finished)
    del shell._dsstudio_sources

"""The source each project module was imported from, to compare a save with.

Re-running only what a save changed needs the module's source *before* the save, and by then the
file holds the new one. So the source of each project module is read as soon as it is imported:
after each cell that imported something (per cell, one look at the size and newest entry of
`sys.modules`), and after each reload (its new source, and modules the reload imported).

A file saved while the cell that imported it still ran may hold newer text than the import read.
The bytecode cache the import wrote or checked says which text it was (its header records the
source's modification time and size, or its hash): a file that no longer matches it is not
trusted, and that module's first reload runs its whole body.

Standard library only: this runs inside the user's kernel.
"""

from __future__ import annotations

import importlib.util
import sys
import types
import weakref
from pathlib import Path

# module -> the source text it was imported from (parsed only when a save needs it).
_sources: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
_state: dict = {"modules": (0, None, 0), "project_modules": None}
# Modules whose imported text is not known (imported before the recorder was installed, or their
# file held other text when first looked at): their first reload runs their whole body.
_imported_unseen: weakref.WeakSet = weakref.WeakSet()


def remember(module, source: str) -> None:
    _sources[module] = source
    _imported_unseen.discard(module)


def source_before(module) -> str | None:
    return _sources.get(module)


def cell_finished(*_args) -> None:
    """After a cell (IPython's post_run_cell): if it imported anything, read the sources of the
    new project modules."""
    modules = sys.modules
    mark = _state["modules"]
    if len(modules) == mark[0] and next(reversed(modules), None) == mark[1] \
            and id(modules.get(mark[1])) == mark[2] or _state["project_modules"] is None:
        return  # nothing imported: the common cell, a few hundred nanoseconds
    remember_new(_state["project_modules"](), verify=True)


def remember_new(modules: dict, verify: bool = False) -> None:
    """Read the source of each module in `modules` ({name: path}) not read yet; with `verify`,
    only a file that still holds the text its import read (see the module's docstring)."""
    _state["modules"] = _modules_mark()
    for name, path in modules.items():
        module = sys.modules.get(name)
        if module is None or module in _sources or module in _imported_unseen:
            continue
        try:
            data = Path(path).read_bytes()
            if verify and not matches_bytecode_cache(module, Path(path), data):
                # Not known now, nor later: a .pyc another process writes for the saved file
                # would match it, and the save would look like no change.
                _imported_unseen.add(module)
                continue
            _sources[module] = importlib.util.decode_source(data)
        except (OSError, UnicodeDecodeError, SyntaxError, TypeError, ValueError):
            continue


def matches_bytecode_cache(module, path: Path, data: bytes) -> bool:
    """False if the module's .pyc says its import read other text than `data` (no .pyc, as with
    PYTHONDONTWRITEBYTECODE: nothing says otherwise, True)."""
    cached = getattr(module, "__cached__", None)
    try:
        header = Path(cached).read_bytes()[:16] if cached else b""
    except OSError:
        return True
    if len(header) < 16 or header[:4] != importlib.util.MAGIC_NUMBER:
        return True
    if int.from_bytes(header[4:8], "little") & 1:  # hash-based .pyc (PEP 552)
        return header[8:16] == importlib.util.source_hash(data)
    info = path.stat()
    recorded = (int.from_bytes(header[8:12], "little"), int.from_bytes(header[12:16], "little"))
    return recorded == (int(info.st_mtime) & 0xFFFFFFFF, len(data) & 0xFFFFFFFF)


def _modules_mark() -> tuple:
    """Changes when a module is imported: the count, and the newest entry (imports append)."""
    newest = next(reversed(sys.modules), None)
    return len(sys.modules), newest, id(sys.modules.get(newest))


def read_source(path: Path) -> str:
    return importlib.util.decode_source(path.read_bytes())


def install(shell, project_modules) -> None:
    """`project_modules`: a callable returning {module name: path} of imported project modules.

    Modules imported before this are not read: when they were imported, and from which text,
    is unknown (the file may have been saved since), so their first reload runs their body.
    """
    _state["project_modules"] = project_modules
    for module in list(sys.modules.values()):
        if isinstance(module, types.ModuleType) and module not in _sources:
            _imported_unseen.add(module)
    _state["modules"] = _modules_mark()
    if shell is not None and cell_finished not in shell.events.callbacks["post_run_cell"]:
        shell.events.register("post_run_cell", cell_finished)


def uninstall(shell) -> None:
    if shell is not None and cell_finished in shell.events.callbacks["post_run_cell"]:
        shell.events.unregister("post_run_cell", cell_finished)

"""The project's mirror on a remote kernel's machine: where the local files are, and the saved
text that reload requests carry (the kernel cannot read the user's disk).

A kernel on a Jupyter server imports the project from a mirror folder that the app keeps
current through the server's Contents API. A save's text also travels in the reload request:
`receive` checks it against its sha256, writes it to the mirror (so a module never imported
before still imports) and seeds `linecache` with it, then the reloader runs on the mirror's
paths. Modules are compiled under their *local* path (a loader on the mirror folder does it for
imports), so tracebacks and the debugger name the file the user edits.

Standard library only: this runs inside the user's kernel.
"""

from __future__ import annotations

import hashlib
import importlib
import importlib.machinery
import importlib.util
import linecache
import os
import sys
import types
from pathlib import Path

_local_root: Path | None = None
_mirror_root: Path | None = None
# The local paths whose text the last request carried damaged: not reloaded, and said.
_damaged: list[str] = []
DAMAGED = "its saved text arrived damaged (sha256 mismatch): not reloaded, save it again"


def set_mirror(local_root: str, mirror_root: str) -> None:
    """The project at `local_root` (the app's machine) is mirrored at `mirror_root` (here)."""
    global _local_root, _mirror_root
    _local_root = Path(local_root)
    _mirror_root = Path(mirror_root).resolve()
    for entry in (_mirror_root / "src", _mirror_root):
        if entry.is_dir() and str(entry) not in sys.path:
            sys.path.insert(0, str(entry))
    if _path_hook not in sys.path_hooks:
        sys.path_hooks.insert(0, _path_hook)
    sys.path_importer_cache.clear()


def kernel_path(local: str) -> str:
    """The mirror's path for a local path (unchanged outside the project)."""
    relative = _relative(local, _local_root)
    return str(_mirror_root.joinpath(*relative)) if relative is not None else local


def local_path(mirrored: str) -> str:
    """The local path for a mirror path (unchanged outside the mirror)."""
    relative = _relative(mirrored, _mirror_root)
    if relative is None or _local_root is None:
        return mirrored
    # The local machine's separators: its paths are kept as the app wrote them.
    separator = "\\" if "\\" in str(_local_root) and "/" not in str(_local_root) else "/"
    return separator.join([str(_local_root).rstrip("/\\"), *relative])


def receive(sources: dict) -> list[str]:
    """Write each sent text ({local path: [text, sha256]}) to the mirror; the mirror paths.

    A text whose hash does not match is not written (it was damaged on the way): its file is
    left out of the reload (`kernel_paths`), and the report says why (`localize_report`)."""
    written = []
    _damaged.clear()
    for local, (text, digest) in sources.items():
        if hashlib.sha256(text.encode("utf-8")).hexdigest() != digest:
            _damaged.append(local)
            continue
        target = Path(kernel_path(local))
        target.parent.mkdir(parents=True, exist_ok=True)
        temporary = target.with_name(f".{target.name}.dsstudio-tmp")
        temporary.write_text(text, encoding="utf-8", newline="")
        os.replace(temporary, target)  # never a half-written module for an import to read
        _seed_linecache(local, text)
        written.append(str(target))
    importlib.invalidate_caches()
    return written


def kernel_paths(saved: list[str]) -> list[str]:
    """The mirror's paths of the saved local files to reload: not those whose text the request
    carried damaged (the mirror still has the text before the save)."""
    return [kernel_path(path) for path in saved if path not in _damaged]


def localize_report(report: dict) -> dict:
    """The reloader's report with local paths in place of the mirror's (changed in place: it
    is the report the app reads next); the reloaded modules' code renamed to the local file."""
    for name in report["reloaded"]:
        module = sys.modules.get(name)
        if module is not None:
            relocate_module(module)
    report["files"] = {name: local_path(path) for name, path in report["files"].items()}
    for entry in report["failed"] + report["skipped"]:
        entry["path"] = local_path(entry["path"])
    report["skipped"].extend({"path": path, "reason": DAMAGED} for path in _damaged)
    _damaged.clear()
    return report


def relocate_module(module) -> None:
    """Give the module's functions (methods, properties, nested code) the local file's name.

    The reloader compiles a module under its `__file__`, the mirror's path; the import compiled
    it under the local one (MirrorLoader). Renamed after each reload, tracebacks and breakpoints
    keep naming the file the user edits."""
    mirrored = getattr(module, "__file__", None)
    local = local_path(mirrored) if mirrored else None
    if not mirrored or local == mirrored:
        return

    def renamed(code: types.CodeType) -> types.CodeType:
        if code.co_filename != mirrored:
            return code
        consts = tuple(renamed(c) if isinstance(c, types.CodeType) else c for c in code.co_consts)
        return code.replace(co_filename=local, co_consts=consts)

    seen: set[int] = set()

    def visit(value) -> None:
        if id(value) in seen:
            return
        seen.add(id(value))
        if isinstance(value, types.FunctionType):
            value.__code__ = renamed(value.__code__)
            visit(getattr(value, "__wrapped__", None))
        elif isinstance(value, (staticmethod, classmethod)):
            visit(value.__func__)
        elif isinstance(value, property):
            for accessor in (value.fget, value.fset, value.fdel):
                visit(accessor)
        elif isinstance(value, type) and value.__module__ == module.__name__:
            for member in list(vars(value).values()):
                visit(member)

    for value in list(vars(module).values()):
        visit(value)


def _seed_linecache(filename: str, text: str) -> None:
    """Tracebacks show the saved lines for `filename` (no mtime: linecache keeps the entry)."""
    lines = text.splitlines(keepends=True)
    linecache.cache[filename] = (len(text), None, lines, filename)


def _relative(path: str, root: Path | None) -> list[str] | None:
    if root is None:
        return None
    parts = path.replace("\\", "/").rstrip("/").split("/")
    root_parts = str(root).replace("\\", "/").rstrip("/").split("/")
    if parts[:len(root_parts)] != root_parts:
        return None
    return parts[len(root_parts):]


class MirrorLoader(importlib.machinery.SourceFileLoader):
    """Imports a mirrored module compiled under its local path (tracebacks name the local file)."""

    def get_code(self, fullname):
        # Always from the source: a cached .pyc's file name is rewritten to the mirror's path on
        # loading (importlib's _fix_co_filename), and mirrored modules are small.
        path = self.get_filename(fullname)
        local = local_path(str(path))
        text = importlib.util.decode_source(self.get_data(path))
        _seed_linecache(local, text)
        return compile(text, local, "exec", dont_inherit=True)


def _path_hook(entry: str):
    """sys.path_hooks entry: mirror folders get the MirrorLoader, any other raises ImportError."""
    if _mirror_root is None or _relative(str(Path(entry).resolve()), _mirror_root) is None:
        raise ImportError("not the project's mirror")
    loaders = [(MirrorLoader, importlib.machinery.SOURCE_SUFFIXES)]
    return importlib.machinery.FileFinder(entry, *loaders)

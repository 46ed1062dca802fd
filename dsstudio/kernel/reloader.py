"""Live reload, inside the kernel: re-run saved project modules and update what refers to them.

The app calls `reload_paths` when a file is saved; there is no per-cell module scan (IPython's
`%autoreload` checks every module's timestamp before every cell): per cell, only `source_record`
notices whether the cell imported something. For each saved module that is imported, and every
project module that depends on it (in dependency order):

1. the new source is compared with the one the module last ran, statement by statement
   (`rerun_plan`), and only the top-level statements the save changed, and those that read what
   they bind, run again, compiled under the file's real path with their own line numbers, in the
   module's own namespace over the old values (when that reading cannot be sure, the whole body
   runs, as `importlib.reload` does); the names the new source no longer binds are then removed
   (a package keeps its submodules); on any error the namespace is put back exactly as it was;
2. classes are matched old-to-new across the whole reload first (so `class Linear(Model)` re-run
   beside `class Model` is compared with the old Model), then old functions and classes are
   updated in place from the new ones (`patching`), and the old objects stay the module's, so
   earlier references, instances, subclasses and `except` clauses all see the new code; objects
   the body made (`DEFAULT = Config()`) become instances of the old classes. A class that cannot
   be updated in place is reported as replaced, with the reason;
   if updating fails midway, every object is put back (`journal`) and the module is as before;
3. names the user bound with `from m import x [as y]` or `from m import *` follow the new values
   unless the user bound them since (`import_record` notes this as cells run).

`__name__` is the module's own name while it runs, so `if __name__ == "__main__":` blocks do not.
Standard library and IPython only: the app sends this source into kernels in any environment.
"""

from __future__ import annotations

import ast
import hashlib
import io
import json
import sys
import sysconfig
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

from . import import_record, module_reload, rerun_plan, source_record

LIBRARY_FOLDERS = frozenset({"site-packages", "dist-packages"})
WARNING_SHOWN = 90  # characters of a warning in the one-line summary (the console shows it whole)

_project_roots: list[Path] = []
_imports_cache: dict[Path, tuple[int, frozenset[str]]] = {}
# A module's __file__ never changes: whether it is project code is decided once (a scan of
# sys.modules is then dictionary lookups, not hundreds of path resolutions).
_project_file_cache: dict[str, Path | None] = {}
_library_paths_cache: list[Path] = []
_library_prefixes_cache: list[str] = []
last_report: dict | None = None


def set_project_roots(roots) -> None:
    """Only files under these folders are reloaded (default: the working directory)."""
    _project_roots[:] = [Path(root).resolve() for root in roots]
    _project_file_cache.clear()
    _library_prefixes_cache.clear()
    _project_modules()  # classify what is imported now, so the first reload is as fast as later ones


def reload_paths(paths, shell=None, sources: dict | None = None) -> dict:
    """Reload the modules saved at `paths`, and their dependents; return a JSON-ready report.

    shell: the InteractiveShell whose user namespace follows `from m import x` names
    (None: the running one, if any). sources: {path: [saved text, its sha256]} sent with the
    request, for a kernel that cannot read the file (a remote one); a file it can read is read.
    """
    global last_report
    if shell is None:
        shell = _running_shell()
    report = {"reloaded": [], "failed": [], "skipped": [], "modules": {}, "files": {}, "output": ""}
    modules = _project_modules()
    by_path: dict[Path, list[str]] = {}
    for name, path in modules.items():
        by_path.setdefault(path, []).append(name)
    changed: set[str] = set()
    texts = _request_sources(sources)
    for raw in paths:
        path = Path(raw).resolve()
        reason = _skip_reason(path, by_path, path in texts)
        if reason:
            report["skipped"].append({"path": str(path), "reason": reason})
        else:
            changed.update(by_path[path])
    order, deps = _dependency_order(changed, modules)
    broken: set[str] = set()
    class_map: dict[int, type] = {}  # new class id -> the old class it stands for, all modules
    rerun: set[str] = set()  # modules whose body ran again (their dependents must follow)
    captured = io.StringIO()
    user_ns = getattr(shell, "user_ns", None)
    with redirect_stdout(captured), redirect_stderr(captured):
        for name in order:
            failed_deps = sorted(deps[name] & broken)
            if failed_deps:
                broken.add(name)
                report["skipped"].append({"path": str(modules[name]), "module": name,
                                          "reason": f"depends on {failed_deps[0]}, which failed"})
                continue
            deps_rerun = deps[name] & rerun
            if name not in changed and not deps_rerun:
                continue  # its dependencies were saved unchanged: nothing to bring in
            outcome = module_reload.reload_module(name, sys.modules[name], user_ns, class_map,
                                                  deps_rerun, texts.get(modules[name]))
            if "message" in outcome:
                broken.add(name)
                report["failed"].append(outcome)
                continue
            if not outcome.pop("unchanged", False):
                rerun.add(name)
            report["reloaded"].append(name)
            report["modules"][name] = outcome
            report["files"][name] = str(modules[name])
    report["output"] = captured.getvalue()
    module_reload.parsed.clear()
    source_record.remember_new(_project_modules())  # modules the new code imported
    last_report = report
    return report


def modules_at_json(path) -> str:
    """The names the project module at `path` is imported under, as JSON ("[]": not imported).

    Run File asks this first: `%run` of an imported module would make second copies of its
    classes in `__main__`, and the app offers a reload instead.
    """
    resolved = Path(path).resolve()
    return json.dumps(sorted(name for name, file in _project_modules().items() if file == resolved))


def last_report_json() -> str:
    """The last report as JSON (the app reads it through an execute request's user_expressions)."""
    return json.dumps(last_report)


def summary(report: dict) -> str:
    """One line for people: "models.py reloaded: score updated, fit added"."""
    parts = []
    for name in report["reloaded"]:
        changes = report["modules"][name]
        words = change_words(changes)
        parts.append(f"{name} reloaded" + (": " + ", ".join(words) if words else ", no change"))
    for failure in report["failed"]:
        parts.append(f"{failure['module']} failed at line {failure['line']}: {failure['message']}")
    if not parts:
        parts = [f"{Path(s['path']).name} not reloaded: {s['reason']}" for s in report["skipped"]]
    return "; ".join(parts) or "nothing to reload"


def change_words(changes: dict) -> list[str]:
    """A module's changes in words: "score updated", "fit added", "Model replaced (why)", then
    what ran again ("re-ran lines 8-9 (total)", or the whole body and why) and the warnings."""
    words = [f"{n} {kind}" for kind in ("updated", "added", "removed") for n in changes[kind]]
    words += [f"{n} replaced ({changes['reasons'][n]})" for n in changes.get("replaced", [])]
    if changes.get("fallback"):
        words.append(f"whole module re-ran ({changes['fallback']})")
    elif changes.get("rerun"):
        words.append("re-ran " + ", ".join(changes["rerun"]))
    warned = changes.get("warnings") or []
    if warned:
        first = warned[0] if len(warned[0]) <= WARNING_SHOWN else warned[0][:WARNING_SHOWN - 1] + "…"
        words.append(f"{len(warned)} warning{'s' if len(warned) > 1 else ''}: {first}")
    return words


def load_ipython_extension(shell) -> None:
    """`%load_ext dsstudio.kernel.reloader`: adds `%dsreload PATH [PATH ...]`, and no hooks
    (an AST transformer that notes `from m import x` in each cell's top level, nothing more)."""
    import_record.install(shell)
    source_record.install(shell, _project_modules)

    def dsreload(line: str) -> None:
        import shlex

        print(summary(reload_paths(shlex.split(line), shell)))

    shell.register_magic_function(dsreload, magic_kind="line", magic_name="dsreload")


def unload_ipython_extension(shell) -> None:
    import_record.uninstall(shell)
    source_record.uninstall(shell)


def _request_sources(sources: dict | None) -> dict[Path, str]:
    """The saved texts the request carried, by resolved path; one whose hash does not match
    (cut or mangled on the way) is left out, and its file is read instead."""
    found = {}
    for raw, (text, digest) in (sources or {}).items():
        if hashlib.sha256(text.encode("utf-8")).hexdigest() == digest:
            found[Path(raw).resolve()] = text
    return found


# ---- Which modules, and in which order
def _running_shell():
    try:
        from IPython import get_ipython
    except ImportError:
        return None
    return get_ipython()


def _roots() -> list[Path]:
    return _project_roots or [Path.cwd().resolve()]


def _library_paths() -> list[Path]:
    if not _library_paths_cache:
        names = ("stdlib", "platstdlib", "purelib", "platlib")
        _library_paths_cache.extend(Path(p).resolve() for p in {sysconfig.get_path(n) for n in names} if p)
    return _library_paths_cache


def _library_prefixes() -> tuple[str, ...]:
    if not _library_prefixes_cache:
        prefixes = {str(p) for p in _library_paths()} | {
            p for p in (sys.prefix, sys.base_prefix, sys.exec_prefix)
            if p and not any(root.is_relative_to(p) for root in _roots())}
        _library_prefixes_cache.extend(p.rstrip("/\\") + "/" for p in prefixes)
    return tuple(_library_prefixes_cache)


def _is_project_file(path: Path) -> bool:
    if LIBRARY_FOLDERS & set(path.parts):
        return False
    if any(path.is_relative_to(lib) for lib in _library_paths()):
        return False
    return any(path.is_relative_to(root) for root in _roots())


def _project_modules() -> dict[str, Path]:
    """Imported modules whose source is a .py file in the project, by name."""
    found = {}
    for name, module in list(sys.modules.items()):
        file = getattr(module, "__file__", None)
        if not isinstance(file, str) or not file.endswith(".py") or name == "__main__" \
                or name.startswith("_dsstudio"):
            continue
        if file not in _project_file_cache:
            if file.startswith(_library_prefixes()):
                _project_file_cache[file] = None  # the common case, without touching the disk
            else:
                path = Path(file).resolve()
                _project_file_cache[file] = path if _is_project_file(path) else None
        if _project_file_cache[file] is not None:
            found[name] = _project_file_cache[file]
    return found


def _skip_reason(path: Path, by_path: dict, sent: bool = False) -> str | None:
    if path.suffix != ".py":
        return "not a Python file"
    if not sent and not path.is_file():
        return "file not found"
    if not _is_project_file(path):
        return "outside the project"
    if path not in by_path:
        return "not imported"
    return None


def _imports_of(name: str, path: Path) -> frozenset[str]:
    """Module names `path`'s code imports (relative imports resolved), cached by mtime."""
    try:
        mtime = path.stat().st_mtime_ns
        cached = _imports_cache.get(path)
        if cached and cached[0] == mtime:
            return cached[1]
        source = module_reload.source_record.read_source(path)
        tree = ast.parse(source, str(path))
    except (OSError, SyntaxError, ValueError, UnicodeDecodeError):
        return frozenset()
    module_reload.parsed[path] = (source, tree)
    is_package = path.name == "__init__.py"
    package = name if is_package else name.rpartition(".")[0]
    found = set()
    for node in rerun_plan.import_time_statements(tree.body):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".") if package else []
                parent = ".".join(parts[: len(parts) - node.level + 1])
                base = f"{parent}.{base}".strip(".") if base else parent
            if base:
                found.add(base)
            found.update(f"{base}.{alias.name}".strip(".") for alias in node.names)
    result = frozenset(found)
    _imports_cache[path] = (mtime, result)
    return result


def _dependency_order(changed: set[str], modules: dict[str, Path]):
    """(changed modules and their dependents, dependencies first; each one's project imports)."""
    deps = {name: {d for d in _imports_of(name, path) if d in modules and d != name}
            for name, path in modules.items()}
    affected = set(changed)
    growing = True
    while growing:
        more = {name for name, ds in deps.items() if name not in affected and ds & affected}
        affected |= more
        growing = bool(more)
    position = {name: i for i, name in enumerate(sys.modules)}
    order: list[str] = []
    state: dict[str, str] = {}

    def visit(name: str) -> None:
        if state.get(name):
            return  # done, or a cycle: import order decides
        state[name] = "visiting"
        for dep in sorted(deps[name] & affected, key=position.get):
            visit(dep)
        state[name] = "done"
        order.append(name)

    for name in sorted(affected, key=position.get):
        visit(name)
    return order, {name: deps[name] & affected for name in affected}

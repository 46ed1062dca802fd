"""Live reload, inside the kernel: re-run saved project modules and update what refers to them.

The app calls `reload_paths` when a file is saved; there is no per-cell hook (IPython's
`%autoreload` checks every module's timestamp before every cell). For each saved module that is
imported, and every project module that depends on it (in dependency order):

1. the new source is compiled, then run in the module's own namespace, which is first emptied
   (so removed names disappear); on any error the namespace is put back exactly as it was;
2. old functions and classes are updated in place from the new ones (`patching`), and the old
   objects stay the module's, so earlier references, instances and subclasses all see new code;
3. names the user bound with `from m import x` follow the new values unless reassigned since.

`__name__` is the module's own name while it runs, so `if __name__ == "__main__":` blocks do not.
Standard library and IPython only: the app sends this source into kernels in any environment.
"""

from __future__ import annotations

import ast
import importlib.util
import io
import json
import sys
import sysconfig
import traceback
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

from . import patching

# Names that describe the module rather than belong to its code: kept across the re-run.
MODULE_DUNDERS = ("__name__", "__file__", "__package__", "__spec__", "__loader__", "__path__",
                  "__builtins__", "__cached__")
LIBRARY_FOLDERS = frozenset({"site-packages", "dist-packages"})

_project_roots: list[Path] = []
_imports_cache: dict[Path, tuple[int, frozenset[str]]] = {}
# Parsed trees of files just read for their imports, so the reload compiles them without a
# second parse (path -> (mtime_ns, tree)); emptied by every reload.
_tree_cache: dict[Path, tuple[int, ast.Module]] = {}
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


def reload_paths(paths, shell=None) -> dict:
    """Reload the modules saved at `paths`, and their dependents; return a JSON-ready report.

    shell: the InteractiveShell whose user namespace follows `from m import x` names
    (None: the running one, if any).
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
    for raw in paths:
        path = Path(raw).resolve()
        reason = _skip_reason(path, by_path)
        if reason:
            report["skipped"].append({"path": str(path), "reason": reason})
        else:
            changed.update(by_path[path])
    _tree_cache.clear()
    order, deps = _dependency_order(changed, modules)
    broken: set[str] = set()
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
            outcome = _reload_module(name, sys.modules[name], user_ns)
            if "message" in outcome:
                broken.add(name)
                report["failed"].append(outcome)
            else:
                report["reloaded"].append(name)
                report["modules"][name] = outcome
                report["files"][name] = str(modules[name])
    report["output"] = captured.getvalue()
    _tree_cache.clear()
    last_report = report
    return report


def last_report_json() -> str:
    """The last report as JSON (the app reads it through an execute request's user_expressions)."""
    return json.dumps(last_report)


def summary(report: dict) -> str:
    """One line for people: "models.py reloaded: score updated, fit added"."""
    parts = []
    for name in report["reloaded"]:
        changes = report["modules"][name]
        words = [f"{n} {kind}" for kind in ("updated", "added", "removed") for n in changes[kind]]
        parts.append(f"{name} reloaded" + (": " + ", ".join(words) if words else ", no change"))
    for failure in report["failed"]:
        parts.append(f"{failure['module']} failed at line {failure['line']}: {failure['message']}")
    if not parts:
        parts = [f"{Path(s['path']).name} not reloaded: {s['reason']}" for s in report["skipped"]]
    return "; ".join(parts) or "nothing to reload"


def load_ipython_extension(shell) -> None:
    """`%load_ext dsstudio.kernel.reloader`: adds `%dsreload PATH [PATH ...]`, and no hooks."""

    def dsreload(line: str) -> None:
        import shlex

        print(summary(reload_paths(shlex.split(line), shell)))

    shell.register_magic_function(dsreload, magic_kind="line", magic_name="dsreload")


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


def _skip_reason(path: Path, by_path: dict) -> str | None:
    if path.suffix != ".py":
        return "not a Python file"
    if not path.is_file():
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
        tree = ast.parse(path.read_bytes(), str(path))
    except (OSError, SyntaxError, ValueError):
        return frozenset()
    _tree_cache[path] = (mtime, tree)
    is_package = path.name == "__init__.py"
    package = name if is_package else name.rpartition(".")[0]
    found = set()
    for node in _import_time_statements(tree.body):
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


def _import_time_statements(body):
    """Statements run when the module is imported: the top level, and inside if/try/with blocks.

    Imports inside functions run when called, and find the reloaded module then by themselves.
    """
    for node in body:
        yield node
        if isinstance(node, (ast.If, ast.Try, ast.With)):
            for block in ("body", "orelse", "finalbody", "handlers"):
                for child in getattr(node, block, []):
                    yield from _import_time_statements([child] if not isinstance(
                        child, ast.ExceptHandler) else child.body)


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


# ---- One module
def _reload_module(name: str, module, user_ns) -> dict:
    path = Path(module.__file__)
    try:
        cached = _tree_cache.get(path.resolve())
        if cached and cached[0] == path.stat().st_mtime_ns:
            code = compile(cached[1], str(path), "exec", dont_inherit=True)
        else:
            source = importlib.util.decode_source(path.read_bytes())
            code = compile(source, str(path), "exec", dont_inherit=True)
    except SyntaxError as error:
        return _failure(name, path, error.lineno, f"SyntaxError: {error.msg}")
    except (OSError, UnicodeDecodeError, ValueError) as error:
        return _failure(name, path, None, f"{type(error).__name__}: {error}")
    namespace = module.__dict__
    old = dict(namespace)
    namespace.clear()
    namespace.update({k: old[k] for k in MODULE_DUNDERS if k in old})
    try:
        exec(code, namespace)
    except BaseException as error:  # noqa: BLE001 (SystemExit, KeyboardInterrupt: same rule)
        namespace.clear()
        namespace.update(old)
        line = _error_line(error, path)
        return _failure(name, path, line, f"{type(error).__name__}: {error}")
    changes = {"updated": [], "added": [], "removed": []}
    for key, new in list(namespace.items()):
        if _is_dunder(key):
            continue
        if key not in old:
            changes["added"].append(key)
            continue
        previous = old[key]
        if patching.describe_change(previous, new):
            changes["updated"].append(key)
        if previous is not new and _defined_in(previous, name) and patching.update_object(previous, new):
            namespace[key] = previous  # the old object, now running the new code, stays
    changes["removed"] = [k for k in old if k not in namespace and not _is_dunder(k)]
    if user_ns is not None:
        _follow_imported_names(user_ns, old, namespace)
    return changes


def _follow_imported_names(user_ns: dict, old: dict, new: dict) -> None:
    """`from m import x` (and `*`) bound x to m's object: rebind it unless the user reassigned it."""
    for key, previous in old.items():
        if _is_dunder(key) or key not in new or key not in user_ns:
            continue
        if user_ns[key] is previous and new[key] is not previous:
            user_ns[key] = new[key]


def _defined_in(obj, module_name: str) -> bool:
    target = getattr(obj, "__wrapped__", obj)
    target = getattr(target, "__func__", target)
    return getattr(target, "__module__", None) == module_name


def _is_dunder(key: str) -> bool:
    return key.startswith("__") and key.endswith("__")


def _error_line(error: BaseException, path: Path) -> int | None:
    line = None
    for frame in traceback.extract_tb(error.__traceback__):
        if Path(frame.filename) == path:
            line = frame.lineno
    return line


def _failure(name: str, path: Path, line: int | None, message: str) -> dict:
    return {"module": name, "path": str(path), "line": line, "message": message}

"""One module reloaded: its new body run over the old values, then the old objects updated.

The steps and their reasons are in `reloader`'s docstring (points 1 and 2); this is their code.
Standard library only: this runs inside the user's kernel.
"""

from __future__ import annotations
import __future__

import ast
import functools
import importlib.util
import marshal
import sys
import traceback
import warnings
import weakref
from pathlib import Path

from . import (
    import_record,
    journal,
    library_patches,
    patching,
    relocation,
    rerun_plan,
    source_record,
)
from .bindings import bound_names, star_names

# Files the reloader just parsed to find their imports (path -> (source, tree)), so the reload
# does not parse them again; emptied after every reload.
parsed: dict[Path, tuple[str, ast.Module]] = {}
# The names each module's source bound at its last reload: what the next one may remove (so that
# its text, which source_record keeps, is not parsed again). Keyed by the module object
# (weakly): a module imported afresh under the same name starts clean.
_bound_cache: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
# Each module's top-level statements at its last reload (module -> [rerun_plan.Statement]).
_statement_cache: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
_UNSET = object()  # a name the module did not have before the save


def reload_module(name: str, module, user_ns, class_map: dict, rerun_deps: set[str] = frozenset(),
                  source: str | None = None) -> dict:
    """Reload one module; a report of its changes, or a failure (with "message").

    rerun_deps: the modules it imports whose bodies ran again in this reload (its statements
    importing them run again). source: the saved text, if the request carried it (used when
    this kernel cannot read the file: a remote one).
    """
    path = Path(module.__file__)
    try:
        if source is None or path.is_file():
            # The file, where this kernel can read it, is at least as new as the request: a
            # save made while an earlier request waited in the queue is already on disk.
            source = source_record.read_source(path)
        known = parsed.get(path.resolve())
        tree = known[1] if known and known[0] == source else ast.parse(source, str(path))
    except SyntaxError as error:
        return _failure(name, path, error.lineno, f"SyntaxError: {error.msg}")
    except (OSError, UnicodeDecodeError, ValueError) as error:
        return _failure(name, path, None, f"{type(error).__name__}: {error}")
    statements = rerun_plan.analyse(tree, source)
    old_statements = _old_statements(module)
    if old_statements is None:
        plan = rerun_plan.RerunPlan(list(range(len(statements))), "its source before the save is not known")
        try:
            whole = compile(tree, str(path), "exec", dont_inherit=True)
        except (SyntaxError, ValueError) as error:
            return _failure(name, path, getattr(error, "lineno", None), f"{type(error).__name__}: {error}")
        if not rerun_deps and whole == _last_code(module, path):
            plan = rerun_plan.RerunPlan([])
    else:
        plan = rerun_plan.plan(old_statements, statements, set(rerun_deps))
    if plan.unchanged:
        # Saved unchanged: running the body again could only lose state (a registry a class
        # fills, a handler added twice), so it does not run.
        _statement_cache[module] = statements
        source_record.remember(module, source)  # what it binds is worked out from it if needed
        return {"updated": [], "added": [], "removed": [], "replaced": [], "reasons": {},
                "rerun": [], "fallback": None, "warnings": [], "unchanged": True}
    try:
        code = compile(_runnable(tree, statements, plan), str(path), "exec", dont_inherit=True,
                       flags=_future_flags(tree))
    except (SyntaxError, ValueError) as error:
        return _failure(name, path, getattr(error, "lineno", None), f"{type(error).__name__}: {error}")
    namespace = module.__dict__
    old = dict(namespace)
    overloads = library_patches.overloads_of(name)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            exec(code, namespace)
        except BaseException as error:  # noqa: BLE001 (SystemExit, KeyboardInterrupt: same rule)
            namespace.clear()
            namespace.update(old)
            library_patches.restore_overloads(name, overloads)
            return _failure(name, path, _error_line(error, path), f"{type(error).__name__}: {error}")
        library_patches.settle_overloads(
            name, overloads, {key for key, value in namespace.items() if old.get(key, _UNSET) is not value})
        try:
            with journal.recording():
                changes = _update(name, module, namespace, old, tree, class_map)
                for index, delta in plan.moved:
                    definition = statements[index].node.name
                    relocation.shift_definition(namespace.get(definition), definition, delta, str(path))
        except BaseException as error:  # noqa: BLE001 (patching must never leave it half done)
            namespace.clear()
            namespace.update(old)
            library_patches.restore_overloads(name, overloads)
            return _failure(name, path, None, f"{type(error).__name__}: {error} (while updating "
                            "objects in place; the module is as before the save)")
    changes["rerun"] = [statements[i].label for i in plan.run] if not plan.fallback else ["all"]
    changes["fallback"] = plan.fallback
    changes["warnings"] = [f"{w.category.__name__}: {w.message}" for w in caught]
    _statement_cache[module] = statements
    source_record.remember(module, source)
    if user_ns is not None:
        import_record.RECORDER.follow(user_ns, module, old)
    return changes


def _update(name: str, module, namespace: dict, old: dict, tree: ast.Module, class_map: dict) -> dict:
    """After the body ran: old objects take the new code (point 2 of `reloader`)."""
    bound = _source_bindings(name, tree)
    changes = {"updated": [], "added": [], "removed": _remove_unbound(module, namespace, old, bound),
               "replaced": [], "reasons": {}}
    kept_classes = _match_classes(name, namespace, old, class_map, changes)
    library_patches.after_classes_updated([(old[key], None) for key in kept_classes], class_map)
    patching.adopt_instances(namespace, class_map)
    # An old object the module still binds under another name keeps its code: `f = foo` saved as
    # `f = bar` must not give `foo` the code of `bar` (IPython#14944).
    still_bound = {id(value) for value in namespace.values()}
    for key, new in list(namespace.items()):
        if _is_dunder(key) or key in kept_classes:
            continue
        if key not in old:
            changes["added"].append(key)
            continue
        previous = old[key]
        if previous is new:
            continue
        if key not in changes["reasons"] and patching.describe_change(previous, new):
            changes["updated"].append(key)
        if isinstance(previous, type) or (key == "_" and callable(previous)):
            # `_`: the throwaway name of `@describe.register(int) def _`. The last `_` before and
            # after a save are two implementations, for other types (the dispatcher pairs them).
            continue
        if _defined_in(previous, name) and id(previous) not in still_bound \
                and patching.update_object(previous, new):
            namespace[key] = previous  # the old object, now running the new code, stays
        elif patching.same_value(previous, new):
            namespace[key] = previous  # an unchanged value keeps its identity (`is` still holds)
    _bound_cache[module] = bound
    return changes


def _old_statements(module) -> list | None:
    cached = _statement_cache.get(module)
    if cached is not None:
        return cached
    source = source_record.source_before(module)
    tree = _parse_before(source)
    return None if tree is None else rerun_plan.analyse(tree, source)


def _runnable(tree: ast.Module, statements: list, plan) -> ast.Module:
    """The whole module, or only the statements to run again (each keeps its line numbers)."""
    if plan.fallback or len(plan.run) == len(statements):
        return tree
    return ast.Module(body=[statements[i].node for i in plan.run], type_ignores=[])


def _future_flags(tree: ast.Module) -> int:
    """`from __future__ import annotations` applies to statements compiled without it."""
    flags = 0
    for node in tree.body:
        if isinstance(node, ast.ImportFrom) and node.module == "__future__":
            for alias in node.names:
                feature = getattr(__future__, alias.name, None)
                flags |= getattr(feature, "compiler_flag", 0)
    return flags


def _last_code(module, path: Path):
    """The code the module's body last ran, from the bytecode cache its import used (its source
    is not known: see source_record). None when unknown (no .pyc, hash-based .pyc, unreadable).

    A .pyc compiled from the file exactly as it is now is not trusted: another process (pytest,
    `dsstudio run`) may have compiled the saved file while this kernel still runs the old one.
    """
    cached = getattr(module, "__cached__", None)
    if not cached:
        return None
    try:
        data = Path(cached).read_bytes()
        info = path.stat()
    except OSError:
        return None
    if data[:4] != importlib.util.MAGIC_NUMBER or int.from_bytes(data[4:8], "little") != 0:
        return None
    recorded = (int.from_bytes(data[8:12], "little"), int.from_bytes(data[12:16], "little"))
    if recorded == (int(info.st_mtime) & 0xFFFFFFFF, info.st_size & 0xFFFFFFFF):
        return None
    try:
        return marshal.loads(data[16:])
    except (EOFError, ValueError, TypeError):
        return None


def _source_bindings(name: str, tree: ast.Module) -> frozenset[str]:
    """The names the module's source binds, with what its star imports bring."""
    names, stars = bound_names(tree.body)
    package = name if getattr(sys.modules.get(name), "__path__", None) is not None \
        else name.rpartition(".")[0]
    for star in stars:
        level = len(star) - len(star.lstrip("."))
        base = star.lstrip(".")
        if level:
            parts = package.split(".") if package else []
            parent = ".".join(parts[: len(parts) - level + 1])
            base = f"{parent}.{base}".strip(".") if base else parent
        source = sys.modules.get(base)
        if source is not None:
            names.update(star_names(source))
    return frozenset(names)


def _remove_unbound(module, namespace: dict, old: dict, bound: frozenset[str]) -> list[str]:
    """Drop what the new source no longer binds: what it bound last time, or (when its text
    before the save is unknown) anything but a package's submodules and dunders."""
    name = module.__name__
    before = _bound_before(module)
    removed = []
    for key in list(namespace):
        if _is_dunder(key) or key in bound or key not in old:
            continue
        if before is not None and key not in before:
            continue  # set from outside (a registry, the user, the import system): not the source's
        if isinstance(namespace[key], type(sys)) and sys.modules.get(f"{name}.{key}") is namespace[key]:
            continue  # `pkg.io`, set when pkg.io was imported, is not in pkg/__init__.py
        del namespace[key]
        removed.append(key)
    return removed


def _bound_before(module) -> frozenset[str] | None:
    """The names the module's source bound at its last reload, or at its import when that text
    is known: an attribute the user set between the import and the first save is not the
    source's, and stays. None (unknown) if that text has a star import: what it brought then
    is not known now (its module may have been reloaded already)."""
    cached = _bound_cache.get(module)
    if cached is not None:
        return cached
    tree = _parse_before(source_record.source_before(module))
    if tree is None:
        return None
    names, stars = bound_names(tree.body)
    return None if stars else frozenset(names)


@functools.lru_cache(maxsize=2)
def _parse_before(source: str | None) -> ast.Module | None:
    """The module's text before the save, parsed once: a first reload reads it twice (what ran
    before, what it bound). Neither reader changes the tree. None if unknown or unparsable."""
    if source is None:
        return None
    try:
        return ast.parse(source)
    except (SyntaxError, ValueError):
        return None


def _match_classes(name: str, namespace: dict, old: dict, class_map: dict, changes: dict) -> list[str]:
    """Match the module's new classes to its old ones, all first, then update the old in place.

    Returns the names whose old class now stands for the new one (kept in the namespace), in
    the module's order.
    """
    pairs = {key: (old[key], new) for key, new in namespace.items()
             if isinstance(new, type) and isinstance(old.get(key), type) and old[key] is not new
             and _defined_in(old[key], name) and old[key].__qualname__ == new.__qualname__}
    for previous, new in pairs.values():
        class_map[id(new)] = previous
    refused: dict[str, str] = {}
    settled = False
    while not settled:  # a refused class can make its subclasses' bases differ: look again
        settled = True
        for key, (previous, new) in pairs.items():
            if key in refused:
                continue
            reason = patching.update_refusal(previous, new, class_map)
            if reason is not None:
                refused[key] = reason
                class_map.pop(id(new), None)
                settled = False
    kept = []
    for key, (previous, new) in pairs.items():
        if key in refused:
            reason = refused[key]
            if reason == "its members changed" and patching.carry_enum_members(previous, new):
                reason += "; members still there are the same objects"
            else:
                reason += "; objects made before keep the old class"
            changes["replaced"].append(key)
            changes["reasons"][key] = reason
            continue
        if patching.describe_change(previous, new):
            changes["updated"].append(key)
        patching.update_class(previous, new, class_map)
        namespace[key] = previous
        kept.append(key)
    return kept


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

"""Which of the user's names came from a project module, recorded as cells run.

`from cfg import DEBUG` binds the user's `DEBUG` to cfg's value; when cfg.py is saved, that name
should follow the new value. A name that merely shares a name and an equal (or cached, like
`False` or `8`) value with the module must not: a notebook's own `DEBUG = False` is the user's.
So the names are recorded as cells run: the recorder reads the top-level statements of the tree
IPython has already parsed for the cell, just before IPython compiles it (no per-cell scan of
modules, nothing added to the cell), and a later top-level assignment of a name takes it off
the record.

Standard library only: this runs inside the user's kernel.
"""

from __future__ import annotations

import ast

from .bindings import star_names

COMPOUND_BLOCKS = ("body", "orelse", "finalbody")
# Statements that can hold a from-import (directly or in their blocks).
MAY_IMPORT = frozenset({ast.ImportFrom, ast.If, ast.Try, ast.While, ast.For, ast.AsyncFor, ast.With,
                        ast.AsyncWith, *([ast.TryStar] if hasattr(ast, "TryStar") else [])})
MISSING = object()
MAX_FAILURES = 20


class ImportRecorder:
    """Records `from m import x [as y]` and `from m import *` of each cell; changes nothing."""

    def __init__(self) -> None:
        self.followed: dict[str, tuple[str, str]] = {}  # user's name -> (module, its attribute)
        self.stars: dict[str, set[str]] = {}  # star-imported module -> names the user took over
        # Why reading a cell failed, newest last: the cell runs regardless, but its names may
        # then not follow a save, so the failure is kept where tests (and a debugger) see it.
        self.failures: list[str] = []

    def visit(self, node):
        """Read a cell's parsed module (IPython's own tree, before it compiles it)."""
        self.record(getattr(node, "body", None) or [])
        return node

    def note_failure(self, error: BaseException) -> None:
        self.failures = [*self.failures[-(MAX_FAILURES - 1):], f"{type(error).__name__}: {error}"]

    # ---- Recording
    def record(self, body: list) -> None:
        for statement in body:
            if type(statement) not in MAY_IMPORT and not (self.followed or self.stars):
                continue  # nothing recorded yet that a binding could take over: the common cell
            if isinstance(statement, ast.ImportFrom):
                self._record_import(statement)
            elif isinstance(statement, ast.If):
                # Branches are alternatives: `if ...: from m import A / else: A = None` means
                # A is m's when the import ran. The import's branch is read last, so it wins.
                self.record(statement.orelse)
                self.record(statement.body)
            elif isinstance(statement, ast.Try) or type(statement).__name__ == "TryStar":
                # Likewise `try: from m import A / except ImportError: A = None`.
                for handler in statement.handlers:
                    self._taken_over([handler.name] if handler.name else [])
                    self.record(handler.body)
                for block in COMPOUND_BLOCKS:
                    self.record(getattr(statement, block, None) or [])
            elif isinstance(statement, (ast.While, ast.For, ast.AsyncFor, ast.With, ast.AsyncWith)):
                self._taken_over(_header_names(statement))
                for block in COMPOUND_BLOCKS:
                    self.record(getattr(statement, block, None) or [])
            else:
                self._taken_over(_simple_names(statement))

    def _record_import(self, statement: ast.ImportFrom) -> None:
        if statement.level or not statement.module:
            self._taken_over([a.asname or a.name for a in statement.names if a.name != "*"])
            return
        for alias in statement.names:
            if alias.name == "*":
                self.stars[statement.module] = set()
                continue
            name = alias.asname or alias.name
            self._taken_over([name], keep_star=statement.module)
            self.followed[name] = (statement.module, alias.name)

    def _taken_over(self, names, keep_star: str | None = None) -> None:
        for name in names:
            self.followed.pop(name, None)
            for module, taken in self.stars.items():
                if module != keep_star:
                    taken.add(name)

    # ---- After a reload
    def follow(self, user_ns: dict, module, old: dict) -> list[str]:
        """Rebind the user's names that came from `module` (its namespace was `old` before).

        A name follows when the user's value is still the module's old value; a name newly
        added to a star-imported module appears. Returns the user's names that changed.
        """
        name = module.__name__
        new = vars(module)
        changed = []
        for user_name, (source, attribute) in list(self.followed.items()):
            if source != name or user_name not in user_ns or attribute not in new:
                continue
            before = old.get(attribute, MISSING)
            if user_ns[user_name] is before and new[attribute] is not before:
                user_ns[user_name] = new[attribute]
                changed.append(user_name)
        taken = self.stars.get(name)
        if taken is not None:
            for attribute in star_names(module):
                if attribute in taken or attribute in self.followed or attribute not in new:
                    continue
                before = old.get(attribute, MISSING)
                if attribute not in user_ns:
                    if before is MISSING:  # new in the module: `from m import *` would bind it
                        user_ns[attribute] = new[attribute]
                        changed.append(attribute)
                elif user_ns[attribute] is before and new[attribute] is not before:
                    user_ns[attribute] = new[attribute]
                    changed.append(attribute)
        return changed


def _simple_names(statement: ast.stmt) -> list[str]:
    """Names a simple statement binds (or unbinds) at the cell's top level; cheap on purpose."""
    if isinstance(statement, ast.Assign):
        return [n for target in statement.targets for n in _target_names(target)]
    if isinstance(statement, (ast.AugAssign, ast.AnnAssign)):
        return _target_names(statement.target)
    if isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        return [statement.name, *_assigned_through_global(statement)]
    if isinstance(statement, ast.Import):
        return [a.asname or a.name.split(".")[0] for a in statement.names]
    if isinstance(statement, ast.Delete):
        return [n for target in statement.targets for n in _target_names(target)]
    return []


def _assigned_through_global(definition: ast.stmt) -> list[str]:
    """Names a function defined in the cell (or a method of a class defined there) rebinds
    through `global`. It may run at any time, and a reload cannot tell a rebinding to the same
    object (`A = 1` again) from none, so such a name is the user's from the definition on."""
    declared, stored = set(), set()
    for node in ast.walk(definition):
        if isinstance(node, ast.Global):
            declared.update(node.names)
        elif isinstance(node, ast.Name) and isinstance(node.ctx, (ast.Store, ast.Del)):
            stored.add(node.id)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            stored.update(a.asname or a.name.split(".")[0] for a in node.names)
    return sorted(declared & stored)


def _header_names(statement: ast.stmt) -> list[str]:
    if isinstance(statement, (ast.For, ast.AsyncFor)):
        return _target_names(statement.target)
    if isinstance(statement, (ast.With, ast.AsyncWith)):
        return [n for item in statement.items if item.optional_vars is not None
                for n in _target_names(item.optional_vars)]
    return []


def _target_names(target: ast.expr) -> list[str]:
    if isinstance(target, ast.Name):
        return [target.id]
    if isinstance(target, (ast.Tuple, ast.List)):
        return [n for element in target.elts for n in _target_names(element)]
    if isinstance(target, ast.Starred):
        return _target_names(target.value)
    return []  # attributes and subscripts bind no name


RECORDER = ImportRecorder()


def install(shell) -> None:
    """Let the recorder read each cell's tree as the shell hands it to its AST transformers.

    Not as one of `shell.ast_transformers`: with any transformer present IPython also walks every
    cell's whole tree to fix locations, which cost 11% of a trivial cell. The shell's own
    `transform_ast` is wrapped instead, and reading the top-level statements is all it adds.
    """
    if shell is None or getattr(shell.transform_ast, "dsstudio_recorder", False):
        return
    original = shell.transform_ast
    had_own = "transform_ast" in vars(shell)

    def transform_ast(node):
        try:
            RECORDER.visit(node)
        except Exception as error:  # noqa: BLE001 (recording must never stop a cell from running)
            RECORDER.note_failure(error)
        return original(node)

    transform_ast.dsstudio_recorder = True
    transform_ast.restore = (lambda: setattr(shell, "transform_ast", original)) if had_own \
        else (lambda: vars(shell).pop("transform_ast", None))
    shell.transform_ast = transform_ast


def uninstall(shell) -> None:
    if shell is not None and getattr(shell.transform_ast, "dsstudio_recorder", False):
        shell.transform_ast.restore()

"""Which top-level statements of a saved module must run again, read from the two syntax trees.

A save usually changes one function; re-running the whole module body would reload its data,
empty its caches and reopen its connections. So the new module's top-level statements are
compared with the old ones (by their syntax, so comments and blank lines do not count) and only
these run again, in order:

- a statement that is new or changed;
- a later statement that reads a name one of those binds (transitively; a function that reads a
  changed name counts as changed for the statements that call it);
- the statement that made an object a re-run statement changes in a way that repeats
  (`REGISTRY.append(f)` re-run means `REGISTRY = []` runs first, else the registry would hold `f`
  twice), and its readers;
- when an object is made again, the later statements that fill it (`REGISTRY[k] = v`, or a call
  of a module function that does);
- statements binding a name that a removed statement bound or filled (and those that fill it).

When the module does what this reading cannot follow, the whole body runs, as before, and the
plan says why: a star import, `exec`/`eval`/`globals()` and the like at its top level, or a
function called at its top level that rebinds module names (`global`).

Standard library only: this runs inside the user's kernel.
"""

from __future__ import annotations

import ast
import difflib

# Calls whose effect on the module's names cannot be read from the syntax: at the top level, and
# (fewer) inside the functions the top level calls.
DYNAMIC_CALLS = frozenset({"exec", "eval", "globals", "vars", "locals", "__import__"})
DYNAMIC_IN_BODY = frozenset({"exec", "eval", "globals"})
IMPORTS = (ast.Import, ast.ImportFrom)
DEFINITIONS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)


class Statement:
    """One top-level statement: its syntax key and the names it binds, reads and changes."""

    __slots__ = (
        "binds",
        "body_reads",
        "body_writes",
        "dynamic_calls",
        "key",
        "mutates",
        "node",
        "reads",
        "rebinds_globals",
        "star",
        "writes",
    )

    def __init__(self, node: ast.stmt) -> None:
        self.node = node
        self.key = ast.dump(node)
        self.binds: set[str] = set()
        self.reads: set[str] = set()  # read when the statement runs
        self.body_reads: set[str] = set()  # read by the functions it defines, when called
        self.mutates: set[str] = set()  # objects changed in a way running it twice would repeat
        self.writes: set[str] = set()  # objects whose item or attribute it sets (`CACHE[k] = v`)
        self.body_writes: set[str] = set()  # the same, by the functions it defines, when called
        self.dynamic_calls: set[str] = set()  # exec & co. run when the statement runs
        self.rebinds_globals = False  # a function it defines declares `global` or calls exec & co.
        self.star = False
        _Reader(self).visit(node)
        if isinstance(node, ast.AugAssign):  # `TOTAL += x`, `COUNTS["a"] += x`, `Stats.n += x`
            root = _root_name(node.target)
            if root is not None:
                self.mutates.add(root)
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Call):
            root = _root_name(node.value.func)
            if root is not None and isinstance(node.value.func, ast.Attribute):
                self.mutates.add(root)  # `REGISTRY.append(x)`: a call made for what it changes
        for decorator in getattr(node, "decorator_list", ()):
            # `@describe.register(int)`, `@app.route("/")`: the definition is put into an object
            # of the module, which must be made again (or it keeps what a save removed).
            target = decorator.func if isinstance(decorator, ast.Call) else decorator
            root = _root_name(target)
            if root is not None and isinstance(target, ast.Attribute):
                self.mutates.add(root)

    def at(self, node: ast.stmt) -> Statement:
        """This analysis for the same statement text found at `node` (its lines may differ)."""
        if node is self.node:
            return self
        moved = object.__new__(Statement)
        for name in self.__slots__:
            setattr(moved, name, getattr(self, name))
        moved.node = node
        return moved

    @property
    def first_line(self) -> int:
        node = self.node
        return min([node.lineno] + [d.lineno for d in getattr(node, "decorator_list", [])])

    @property
    def label(self) -> str:
        node = self.node
        first = self.first_line
        end = node.end_lineno or node.lineno
        lines = f"line {first}" if end == first else f"lines {first}-{end}"
        name = getattr(node, "name", None)
        return f"{lines} ({name})" if name else lines


class _Reader(ast.NodeVisitor):
    """Fills a Statement: names read now vs. in function bodies, names bound, objects changed."""

    def __init__(self, statement: Statement) -> None:
        self.statement = statement
        self.in_body = 0

    def visit_Name(self, node: ast.Name) -> None:
        target = self.statement.body_reads if self.in_body else self.statement.reads
        if isinstance(node.ctx, ast.Load):
            target.add(node.id)
        elif not self.in_body:
            self.statement.binds.add(node.id)  # Store and Del both (re)bind at the top level

    def visit_Global(self, node: ast.Global) -> None:
        self.statement.rebinds_globals = True

    def visit_Call(self, node: ast.Call) -> None:
        if isinstance(node.func, ast.Name):
            if self.in_body and node.func.id in DYNAMIC_IN_BODY:
                self.statement.rebinds_globals = True
            elif not self.in_body and node.func.id in DYNAMIC_CALLS:
                self.statement.dynamic_calls.add(node.func.id)
        self.generic_visit(node)

    def _store_target(self, target: ast.expr) -> None:
        if isinstance(target, (ast.Attribute, ast.Subscript)):
            root = _root_name(target)
            if root is not None:
                (self.statement.body_writes if self.in_body else self.statement.writes).add(root)

    def visit_Assign(self, node: ast.Assign) -> None:
        for target in node.targets:
            self._store_target(target)
        self.generic_visit(node)

    def visit_AugAssign(self, node: ast.AugAssign) -> None:
        self._store_target(node.target)
        if isinstance(node.target, ast.Name) and not self.in_body:
            self.statement.reads.add(node.target.id)
        self.generic_visit(node)

    visit_AnnAssign = visit_AugAssign

    def visit_Delete(self, node: ast.Delete) -> None:
        for target in node.targets:
            self._store_target(target)
        self.generic_visit(node)

    def visit_Import(self, node: ast.Import) -> None:
        if not self.in_body:
            self.statement.binds.update((a.asname or a.name.split(".")[0]) for a in node.names)

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        if self.in_body:
            return
        for alias in node.names:
            if alias.name == "*":
                self.statement.star = True
            else:
                self.statement.binds.add(alias.asname or alias.name)

    def _function(self, node) -> None:
        for expression in [*node.decorator_list, *node.args.defaults,
                           *[d for d in node.args.kw_defaults if d is not None]]:
            self.visit(expression)
        for annotation in _annotations(node):
            self.visit(annotation)  # read at definition unless `from __future__ import annotations`
        if not self.in_body:
            self.statement.binds.add(node.name)
        self.in_body += 1
        for child in node.body:
            self.visit(child)
        self.in_body -= 1

    visit_FunctionDef = visit_AsyncFunctionDef = _function

    def visit_Lambda(self, node: ast.Lambda) -> None:
        for expression in [*node.args.defaults, *[d for d in node.args.kw_defaults if d is not None]]:
            self.visit(expression)
        self.in_body += 1
        self.visit(node.body)
        self.in_body -= 1

    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        for expression in [*node.decorator_list, *node.bases, *(k.value for k in node.keywords)]:
            self.visit(expression)
        if not self.in_body:
            self.statement.binds.add(node.name)
        # The class body runs now, but the names it binds are the class's, not the module's.
        binds = set(self.statement.binds)
        for child in node.body:
            self.visit(child)
        self.statement.binds = binds


def _annotations(node) -> list[ast.expr]:
    arguments = node.args
    found = [a.annotation for a in [*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs,
                                    arguments.vararg, arguments.kwarg] if a is not None and a.annotation]
    return found + ([node.returns] if node.returns is not None else [])


def _root_name(node: ast.expr) -> str | None:
    while isinstance(node, (ast.Attribute, ast.Subscript, ast.Call)):
        node = node.func if isinstance(node, ast.Call) else node.value
    return node.id if isinstance(node, ast.Name) else None


# Analyses by statement text: a save changes a few statements, the others were read before.
_memo: dict[tuple, Statement] = {}
MEMO_LIMIT = 50_000


def analyse(tree: ast.Module, source: str) -> list[Statement]:
    """The statements of `tree`, parsed from `source` (whose lines are the analyses' keys)."""
    lines = source.splitlines()
    found = []
    for node in tree.body:
        first = min([node.lineno] + [d.lineno for d in getattr(node, "decorator_list", [])])
        key = ("\n".join(lines[first - 1:node.end_lineno]), node.col_offset)
        known = _memo.get(key)
        if known is None:
            if len(_memo) > MEMO_LIMIT:
                _memo.clear()
            known = _memo[key] = Statement(node)
        found.append(known.at(node))
    return found


class RerunPlan:
    """The new statements to run (indexes, in order), or why the whole body must run."""

    def __init__(self, run: list[int], fallback: str | None = None, removed: bool = False,
                 moved: list[tuple[int, int]] | None = None) -> None:
        self.run = run
        self.fallback = fallback
        self.removed = removed  # some old statement is gone (what it bound may have to go too)
        self.moved = moved or []  # (index, lines moved by) of definitions not re-run

    @property
    def unchanged(self) -> bool:
        return not self.run and not self.removed and not self.moved


def plan(old: list[Statement], new: list[Statement], changed_imports: set[str] = frozenset()) -> RerunPlan:
    """Compare `old` and `new`; `changed_imports`: names of modules this reload re-ran (a
    statement importing one of them runs again, and so do the statements reading what it binds)."""
    why = fallback_reason(new)
    if why:
        return RerunPlan(list(range(len(new))), why)
    matcher = difflib.SequenceMatcher(None, [s.key for s in old], [s.key for s in new], autojunk=False)
    run: set[int] = set(range(len(new)))
    lost: set[str] = set()  # names that removed statements bound or changed
    matched_old: set[int] = set()
    for a, b, size in matcher.get_matching_blocks():
        run -= set(range(b, b + size))
        matched_old.update(range(a, a + size))
    old_effects = _effects(old)
    for index, statement in enumerate(old):
        if index not in matched_old:
            lost |= statement.binds | old_effects[index]
    effects = _effects(new)
    for index, statement in enumerate(new):
        if any(_imports_any(node, changed_imports) for node in _imports_run_by(statement.node)):
            run.add(index)
        if statement.binds & lost:
            run.add(index)  # made again, and then filled again by what changes it (below)
    imported = {name for s in new if isinstance(s.node, IMPORTS) for name in s.binds}
    while True:
        affected: set[str] = set()  # names whose value may differ now
        rebound: set[str] = set(lost)  # names bound to a new object: what filled the old one runs
        for index, statement in enumerate(new):
            if index in run or statement.reads & affected or effects[index] & rebound:
                run.add(index)
                affected |= statement.binds | (effects[index] - imported)
                rebound |= statement.binds
            elif statement.body_reads & affected:
                affected |= statement.binds  # calling what it defines reads what changed
        more = set()
        for index in run:
            for name in new[index].mutates - imported:
                more.update(j for j in range(index) if name in new[j].binds and j not in run)
        if not more:
            break
        run |= more
    moved = []
    for a, b, size in matcher.get_matching_blocks():
        for offset in range(size):
            delta = new[b + offset].first_line - old[a + offset].first_line
            if delta and b + offset not in run and isinstance(new[b + offset].node, DEFINITIONS):
                moved.append((b + offset, delta))
    return RerunPlan(sorted(run), removed=len(matched_old) < len(old), moved=moved)


def _effects(statements: list[Statement]) -> list[set[str]]:
    """Per statement, the module objects it changes: directly, or by calling a function of the
    module that sets their items or attributes (`register("a")` filling `REGISTRY`)."""
    writers = {name: s.body_writes for s in statements if s.body_writes
               for name in s.binds}
    return [s.mutates | s.writes | {n for f in s.reads & writers.keys() for n in writers[f]}
            for s in statements]


def fallback_reason(statements: list[Statement]) -> str | None:
    """Why this module's statements cannot be re-run one by one (None: they can)."""
    rebinders: set[str] = set()
    for statement in statements:
        if statement.star:
            return "it has a star import"
        if statement.dynamic_calls:
            return f"its top level calls {min(statement.dynamic_calls)}()"
        if statement.rebinds_globals or statement.body_reads & rebinders:
            rebinders |= statement.binds
        called = statement.reads & rebinders
        if called:
            return f"its top level calls {min(called)}, which rebinds module names"
    return None


def _imports_run_by(node: ast.stmt):
    """The import statements running `node` runs: itself, or those in its if/try/with blocks
    (`try: from fast import parse except ImportError: ...`); not those in functions."""
    return (child for child in import_time_statements([node]) if isinstance(child, IMPORTS))


# `except*` (ast.TryStar) is Python 3.11's: this runs in kernels of older Pythons too.
_RUN_AT_IMPORT = (ast.If, ast.Try, ast.With, *([ast.TryStar] if hasattr(ast, "TryStar") else []))


def import_time_statements(body):
    """Statements run when `body` runs at a module's top level: each, and those inside its
    if/try/with blocks (imports inside functions run when called)."""
    for node in body:
        yield node
        if isinstance(node, _RUN_AT_IMPORT):
            for block in ("body", "orelse", "finalbody", "handlers"):
                for child in getattr(node, block, []):
                    yield from import_time_statements(
                        child.body if isinstance(child, ast.ExceptHandler) else [child])


def _imports_any(node: ast.stmt, modules: set[str]) -> bool:
    if isinstance(node, ast.Import):
        return any(alias.name in modules for alias in node.names)
    if node.level == 0:
        return node.module in modules
    # Relative: matched by the end of the name (`from .a import b`, `from . import a`).
    tails = [node.module] if node.module else [alias.name for alias in node.names]
    return any(m == t or m.endswith("." + t) for m in modules for t in tails)

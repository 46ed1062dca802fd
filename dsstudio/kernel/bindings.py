"""Which names a piece of source binds at its top level, read from its syntax tree.

Two users: the reloader (a name the saved module no longer binds is removed from it, while the
names it still binds were simply re-run over their old values), and the import recorder (a cell
that binds a name the user had imported from a module means the user took that name over).

Standard library only: this runs inside the user's kernel.
"""

from __future__ import annotations

import ast

# Nodes whose bodies are their own scope: names bound inside do not bind at the top level.
OWN_SCOPE = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)
COMPREHENSIONS = (ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)


def bound_names(body: list[ast.stmt]) -> tuple[set[str], list[str]]:
    """(names bound at the top level of `body`, modules star-imported there).

    Top level includes the blocks of if/try/with/for/while/match at the top, not function or
    class bodies. `import a.b` binds `a`; `from m import *` is returned as `m` (its names are
    only known once it runs).
    """
    names: set[str] = set()
    stars: list[str] = []
    pending: list[ast.AST] = list(body)
    while pending:
        node = pending.pop()
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
            pending.extend(node.decorator_list)  # run at the top level (a walrus could bind)
            continue
        if isinstance(node, ast.Lambda):
            continue
        if isinstance(node, COMPREHENSIONS):
            # Only a walrus inside binds outside; the loop variables are the comprehension's.
            names.update(n.target.id for n in ast.walk(node)
                         if isinstance(n, ast.NamedExpr) and isinstance(n.target, ast.Name))
            continue
        if isinstance(node, ast.Import):
            names.update((a.asname or a.name.split(".")[0]) for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            for alias in node.names:
                if alias.name == "*":
                    stars.append("." * node.level + (node.module or ""))
                else:
                    names.add(alias.asname or alias.name)
        elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            names.add(node.id)
        elif isinstance(node, ast.ExceptHandler) and node.name:
            names.add(node.name)
        elif isinstance(node, (ast.Global, ast.Nonlocal)):
            continue
        elif _is_match_capture(node):
            names.add(node.name)
        elif type(node).__name__ == "MatchMapping" and getattr(node, "rest", None):
            names.add(node.rest)
        pending.extend(ast.iter_child_nodes(node))
    return names, stars


def _is_match_capture(node: ast.AST) -> bool:
    # MatchAs / MatchStar (Python 3.10+) capture into a name; looked up by name for 3.9.
    return type(node).__name__ in ("MatchAs", "MatchStar") and bool(getattr(node, "name", None))


def star_names(module) -> list[str]:
    """The names `from module import *` binds: its `__all__`, else its public names."""
    names = getattr(module, "__all__", None)
    if names is not None:
        return [n for n in names if isinstance(n, str)]
    return [n for n in vars(module) if not n.startswith("_")]

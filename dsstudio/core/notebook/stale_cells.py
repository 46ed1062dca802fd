"""Which notebook cells a live reload made stale: those whose code uses a reloaded module's names.

The notebook's own import statements say which names come from which module (`import models`,
`import models as m`, `from models import fit as train`, `from pkg.models import *`). After a
reload, a cell is stale if it uses a name bound to a reloaded module, or imported from one.
Cells are read as IPython reads them: magics and shell escapes are not Python and are skipped.
"""

from __future__ import annotations

import ast


def python_source(cell_source: str) -> str:
    """The cell without IPython-only lines (%magic, !shell, cell magics make it non-Python)."""
    if cell_source.lstrip().startswith("%%"):
        return ""
    lines = []
    for line in cell_source.splitlines():
        stripped = line.lstrip()
        lines.append("" if stripped.startswith(("%", "!")) else line)
    return "\n".join(lines)


def _tree(cell_source: str) -> ast.Module | None:
    try:
        return ast.parse(python_source(cell_source))
    except SyntaxError:
        return None


def names_used(cell_source: str) -> set[str]:
    """Global names a cell reads (the first part of dotted names: `models` in `models.fit`)."""
    tree = _tree(cell_source)
    if tree is None:
        return set()
    return {node.id for node in ast.walk(tree)
            if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load)}


def imported_names(cell_sources) -> dict[str, set[str]]:
    """name -> modules it may come from, across all cells (a star import maps "*")."""
    bindings: dict[str, set[str]] = {}
    for source in cell_sources:
        tree = _tree(source)
        if tree is None:
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                for alias in node.names:
                    bound = alias.asname or alias.name.split(".")[0]
                    module = alias.name if alias.asname else alias.name.split(".")[0]
                    bindings.setdefault(bound, set()).add(module)
                    if not alias.asname:
                        # `import pkg.models` binds `pkg`, through which pkg.models is reached.
                        bindings[bound].add(alias.name)
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                for alias in node.names:
                    bound = alias.asname or alias.name
                    bindings.setdefault(bound, set()).add(node.module)
                    bindings[bound].add(f"{node.module}.{alias.name}")
    return bindings


def stale_cell_indexes(cell_sources: list[str], reload_report: dict) -> list[int]:
    """Indexes of the cells that use names from the modules a reload re-ran."""
    reloaded = set(reload_report.get("reloaded", []))
    modules = reload_report.get("modules", {})
    # A module the report says nothing about counts as changed.
    if not any(name not in modules or any(modules[name].values()) for name in reloaded):
        # Re-run, yet every name is as it was (a save without changes): the results still hold.
        return []
    bindings = imported_names(cell_sources)
    star_modules = bindings.get("*", set())
    tainted = {name for name, modules in bindings.items() if modules & reloaded}
    # `from m import *` binds whatever m defines: the report lists those names.
    for module in star_modules & reloaded:
        changes = reload_report.get("modules", {}).get(module, {})
        tainted.update(changes.get("updated", []) + changes.get("added", [])
                       + changes.get("replaced", []))
    return [i for i, source in enumerate(cell_sources) if names_used(source) & tainted]

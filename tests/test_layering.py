"""The layers stay apart: core never imports Qt, kernel code imports only stdlib and IPython."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "dsstudio"
QT_MODULES = {"PySide6", "shiboken6", "pyside6_scintilla", "lexilla", "qtconsole", "qtpy", "PyQt5",
              "PyQt6"}
KERNEL_ALLOWED = set(sys.stdlib_module_names) | {"IPython", "dsstudio"}


def imported_modules(path: Path) -> set[str]:
    """Every absolute module name imported anywhere in `path` (inside functions too)."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module)
    return names


def top_level_imports(path: Path) -> set[str]:
    return {name.split(".")[0] for name in imported_modules(path)}


def sources(layer: str) -> list[Path]:
    return sorted((PACKAGE / layer).rglob("*.py"))


def test_the_layers_have_sources():
    # Guards the two tests below against passing on an empty or moved folder.
    assert len(sources("core")) >= 5
    assert (PACKAGE / "kernel" / "__init__.py").is_file()


@pytest.mark.parametrize("path", sources("core"), ids=lambda p: p.name)
def test_core_does_not_import_qt_or_ui(path: Path):
    imported = top_level_imports(path)
    assert not imported & QT_MODULES, f"{path.name} imports {imported & QT_MODULES}"
    ui = {name for name in imported_modules(path) if name.startswith("dsstudio.ui")}
    assert not ui, f"{path.name} reaches into the UI layer: {ui}"


@pytest.mark.parametrize("path", sources("kernel"), ids=lambda p: p.name)
def test_kernel_code_uses_only_stdlib_and_ipython(path: Path):
    extra = top_level_imports(path) - KERNEL_ALLOWED
    assert not extra, f"{path.name} imports {extra}: the user's kernel may not have them"
    own = {name for name in imported_modules(path)
           if name.startswith("dsstudio") and not name.startswith("dsstudio.kernel")}
    assert not own, f"{path.name} imports {own}: only dsstudio.kernel is shipped into the kernel"

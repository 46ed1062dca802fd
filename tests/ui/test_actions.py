"""The action table: unique shortcuts, every handler exists, and the README lists them all."""

from __future__ import annotations

import importlib
from pathlib import Path

from dsstudio.ui.window.actions import ACTIONS, shortcut_table
from dsstudio.ui.window.main_window import MainWindow

README = Path(__file__).resolve().parents[2] / "README.md"


def test_shortcuts_are_unique(qapp):
    keys = [keys for keys, _ in shortcut_table()]
    # F5 is Run File, and Continue while the kernel is paused (Run File is disabled then).
    assert keys.count("F5") == 2
    keys.remove("F5")
    assert len(keys) == len(set(keys)), keys


def test_every_action_has_a_handler_on_the_window():
    missing = [spec.handler for spec in ACTIONS if not _handler_exists(spec.handler)]
    assert not missing


def _handler_exists(name: str) -> bool:
    if ":" not in name:
        return callable(getattr(MainWindow, name, None))
    module, function = name.split(":")  # imported when first used: check it is there
    return callable(getattr(importlib.import_module(module), function, None))


def test_readme_lists_every_shortcut(qapp):
    readme = README.read_text(encoding="utf-8")
    for keys, command in shortcut_table():
        assert f"| `{keys}` | {command} |" in readme, f"README lacks {keys} ({command})"

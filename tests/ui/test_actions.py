"""The action table: unique shortcuts, every handler exists, and the README lists them all."""

from __future__ import annotations

from pathlib import Path

from dsstudio.ui.window.actions import ACTIONS, shortcut_table
from dsstudio.ui.window.main_window import MainWindow

README = Path(__file__).resolve().parents[2] / "README.md"


def test_shortcuts_are_unique(qapp):
    keys = [keys for keys, _ in shortcut_table()]
    assert len(keys) == len(set(keys)), keys


def test_every_action_has_a_handler_on_the_window():
    missing = [spec.handler for spec in ACTIONS if not callable(getattr(MainWindow, spec.handler, None))]
    assert not missing


def test_readme_lists_every_shortcut(qapp):
    readme = README.read_text(encoding="utf-8")
    for keys, command in shortcut_table():
        assert f"| `{keys}` | {command} |" in readme, f"README lacks {keys} ({command})"

"""The code commands of an editor's right-click menu: run the selection or the line, go to the
definition, find the references, show the docs (the window's F9, F12, Shift+F12, F1)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QMenu

from dsstudio.ui.editor.editor_context_menu import MenuPart, add_command
from dsstudio.ui.intelligence.positions import word_at


def code_menu_part(editor, show_docs: Callable[[], None], *,
                   run_selection: Callable[[], None] | None = None,
                   goto_definition: Callable[[], None] | None = None,
                   find_references: Callable[[], None] | None = None) -> MenuPart:
    """The part for `editor`; commands given as None are left out (a notebook cell has its own
    ways to run, and its names' definitions may be in cells rather than files)."""

    def add(menu: QMenu) -> None:
        on_name = bool(word_at(editor, editor.currentPos()))
        if run_selection is not None:
            text = "Run Selection" if not editor.selectionEmpty() else "Run Line"
            add_command(menu, text, "F9", run_selection)
            menu.addSeparator()
        if goto_definition is not None:
            add_command(menu, "Go to Definition", "F12", goto_definition, on_name)
        if find_references is not None:
            add_command(menu, "Find References", "Shift+F12", find_references, on_name)
        add_command(menu, "Show Docs", "F1", show_docs, on_name)

    return add

"""Jupyter's keys on a notebook view: command mode's letters (a, b, m, y, dd, z, c, x, v), the
arrows and Enter, the run keys, and the arrows that leave a cell's editor at its first or last line.

Kept apart from NotebookView so that the view holds the cells, their building and running, and
this holds what each key does to them, as JupyterLab's keyboard shortcuts do.
"""

from __future__ import annotations

import copy

import nbformat
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut


class CommandKeys:
    """The keys of `view` (a NotebookView): its shortcuts, and its command mode's key presses."""

    def __init__(self, view) -> None:
        self.view = view
        self._pending_d = False  # the first d of dd
        self._clipboard: list = []  # copied cells (c, x), pasted by v
        # Shortcuts, not key presses: they work in edit mode too (the editor has the keyboard).
        for keys, handler in (("Shift+Return", view.run_and_advance), ("Ctrl+Return", view.run_selected),
                              ("Alt+Return", view.run_and_insert), ("Esc", view.command_mode),
                              ("Ctrl+Shift+Up", lambda: view.move_selected(-1)),
                              ("Ctrl+Shift+Down", lambda: view.move_selected(1))):
            QShortcut(QKeySequence(keys), view, handler,
                      context=Qt.ShortcutContext.WidgetWithChildrenShortcut)

    def key_press(self, event) -> bool:
        """Command mode's answer to `event` (the editor has the keys while a cell is being
        edited); False for a key it does not use."""
        view = self.view
        key, text = event.key(), event.text().lower()
        commands = {"a": lambda: view.insert_cell(below=False), "b": lambda: view.insert_cell(below=True),
                    "z": view.undo_delete, "m": lambda: view.set_cell_type("markdown"),
                    "y": lambda: view.set_cell_type("code"), "c": self.copy, "x": self.cut,
                    "v": self.paste}
        if text == "d":
            if self._pending_d:
                view.delete_selected()
            self._pending_d = not self._pending_d
            return True
        self._pending_d = False
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            view.current().start_editing()
        elif key == Qt.Key.Key_Up:
            view.select(view.selected - 1)
        elif key == Qt.Key.Key_Down:
            view.select(view.selected + 1)
        elif text in commands and not event.modifiers() & ~Qt.KeyboardModifier.ShiftModifier:
            commands[text]()
        else:
            return False
        return True

    def edit_next_to(self, cell, step: int, column: int) -> None:
        """Up at an editor's first line (step -1), Down at its last (1): edit the cell above
        (caret on its last line) or below (on its first), at the same column if it has one."""
        view = self.view
        index = view.cells.index(cell) + step
        if not 0 <= index < len(view.cells):
            return
        view.select(index)
        target = view.current()
        target.start_editing()
        editor = target.widget.editor
        editor.set_cursor(0 if step > 0 else editor.lineCount() - 1, column)

    # ---- The clipboard of cells (c, x, v)
    def copy(self) -> None:
        self._clipboard = [copy.deepcopy(self.view.current().cell)]

    def cut(self) -> None:
        self.copy()
        self.view.delete_selected()

    def paste(self) -> None:
        view = self.view
        for cell in self._clipboard:
            pasted = copy.deepcopy(cell)
            if "id" in pasted:  # ids are unique in a notebook: a pasted cell is a new one
                pasted["id"] = nbformat.v4.new_code_cell().id
            view.paste_cell(view.selected + 1, pasted)
        if self._clipboard:
            view.mark_modified()

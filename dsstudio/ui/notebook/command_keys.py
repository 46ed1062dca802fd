"""What the notebook's keys (the table in notebook_keys.py) do to a notebook view, and the arrows
that leave a cell's editor at its first or last line.

Kept apart from NotebookView so that the view holds the cells, their building and running, and
this holds what each key does to them, as JupyterLab's keyboard shortcuts do. Every key acts
only while the notebook has the keyboard: command mode's keys are the view's own key presses,
the others shortcuts of the view (and its children) or of a cell's editor, never the window's
(a window-wide Esc took the keyboard from the `.py` editor, and the letters typed next edited
the notebook). A text field inside the notebook (the line that answers `input()`) keeps every
key it is given, as in JupyterLab (jupyterlab#1729: command keys fired in the stdin box).
"""

from __future__ import annotations

import copy
from time import monotonic

import nbformat
from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication, QWidget

from dsstudio.ui.notebook.notebook_keys import BOTH, COMMAND, EDIT, NOTEBOOK_KEYS
from dsstudio.ui.widget_shortcut import takes_text, widget_shortcut

# The second key of a two-key command comes within this (Lumino's chord timeout, JupyterLab's):
# a D pressed long ago, or before a click elsewhere, never turns a later D into a delete.
CHORD_SECONDS = 1.0
MODIFIER_KEYS = (Qt.Key.Key_Shift, Qt.Key.Key_Control, Qt.Key.Key_Alt, Qt.Key.Key_Meta,
                 Qt.Key.Key_AltGr, Qt.Key.Key_CapsLock)


def pressed_keys(event) -> str:
    """The keys of a key press in the table's spelling ("B", "Shift+M", "0", "Return")."""
    key = Qt.Key.Key_Return if event.key() == Qt.Key.Key_Enter else Qt.Key(event.key())
    modifiers = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
    return QKeySequence(key | modifiers).toString(QKeySequence.SequenceFormat.PortableText)


class CommandKeys(QObject):
    """The keys of `view` (a NotebookView): its shortcuts, and its command mode's key presses."""

    def __init__(self, view) -> None:
        super().__init__(view)
        self.view = view
        self._pending = ""  # the first key of a two-key command (D of "D, D")
        self._pending_at = 0.0  # when it was pressed (monotonic seconds)
        self._clipboard: list = []  # copied cells (c, x), pasted by v
        self._command_keys = {key.keys: key.command for key in NOTEBOOK_KEYS if key.mode == COMMAND}
        self._first_keys = {keys.split(", ")[0] for keys in self._command_keys if ", " in keys}
        # Shortcuts, not key presses: they work in edit mode too (the editor has the keyboard).
        self._view_shortcuts = [widget_shortcut(key.keys, view, getattr(self, key.command))
                                for key in NOTEBOOK_KEYS if key.mode == BOTH]
        # (A connection of this QObject's: it ends with the view.)
        QApplication.instance().focusChanged.connect(self._on_focus_changed)

    def key_press(self, event) -> bool:
        """Command mode's answer to `event` (the editor has the keys while a cell is being
        edited); False for a key it does not use."""
        if event.key() in MODIFIER_KEYS or takes_text(QApplication.focusWidget()):
            return False  # (Shift of Shift+M: the D pressed before it still waits)
        pressed, first, self._pending = pressed_keys(event), self._pending, ""
        if monotonic() - self._pending_at > CHORD_SECONDS:
            first = ""
        command = self._command_keys.get(f"{first}, {pressed}") if first else None
        command = command or self._command_keys.get(pressed)
        if command is not None:
            getattr(self, command)()
        elif pressed in self._first_keys:
            self._pending, self._pending_at = pressed, monotonic()
        else:
            return False
        return True

    def bind_editor(self, editor) -> None:
        """Edit mode's keys on a cell's editor (made when the cell is edited)."""
        for key in NOTEBOOK_KEYS:
            if key.mode == EDIT:
                widget_shortcut(key.keys, editor, getattr(self, key.command),
                                Qt.ShortcutContext.WidgetShortcut)

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

    # ---- Both modes
    def run_and_advance(self) -> None:
        self.view.run_and_advance()

    def run_selected(self) -> None:
        self.view.run_selected()

    def run_and_insert(self) -> None:
        self.view.run_and_insert()

    def move_up(self) -> None:
        self.view.move_selected(-1)

    def move_down(self) -> None:
        self.view.move_selected(1)

    # ---- Edit mode
    def command_mode(self) -> None:
        """Esc: closes the editor's completion list or call tip if one is open (as Esc in the
        `.py` editor does), else leaves the editor for command mode."""
        editor = self._editor()
        if editor is not None and (editor.autoCActive() or editor.callTipActive()):
            editor.autoCCancel()
            editor.callTipCancel()
            return
        self.view.command_mode()

    def inspect(self) -> None:
        """Shift+Tab: the help of the name before the caret; with a selection, or with the caret
        in a line's leading blanks, a dedent as usual (JupyterLab's rule)."""
        editor = self._editor()
        if editor is None:
            return
        line, column = editor.cursor_position()
        if not editor.selectionEmpty() or not editor.line_text(line)[:column].strip():
            editor.backTab()
            return
        self.view.sig_inspect_requested.emit(editor)

    # ---- Command mode
    def edit(self) -> None:
        self.view.current().start_editing()

    def select_above(self) -> None:
        self.view.select(self.view.selected - 1)

    def select_below(self) -> None:
        self.view.select(self.view.selected + 1)

    def extend_up(self) -> None:
        self.view.extend_selection(-1)

    def extend_down(self) -> None:
        self.view.extend_selection(1)

    def insert_above(self) -> None:
        self.view.insert_cell(below=False)

    def insert_below(self) -> None:
        self.view.insert_cell(below=True)

    def delete(self) -> None:
        self.view.delete_selected()

    def undo_delete(self) -> None:
        self.view.undo_delete()

    def to_markdown(self) -> None:
        self.set_cell_type("markdown")

    def to_code(self) -> None:
        self.set_cell_type("code")

    def set_cell_type(self, cell_type: str) -> None:
        """M, Y: the selected cells become markdown or code cells (the same cells: source,
        metadata and id kept)."""
        view = self.view
        indexes = view.selected_indexes()
        for index in indexes:
            old = view.cells[index]
            if old.cell.cell_type == cell_type:
                continue
            source = old.source()
            new = (nbformat.v4.new_code_cell(source) if cell_type == "code"
                   else nbformat.v4.new_markdown_cell(source))
            new.metadata = old.cell.get("metadata", new.metadata)
            if "id" in old.cell:
                new["id"] = old.cell["id"]
            view.replace_cells(range(index, index + 1), new)
        view.select(indexes[0])
        view.extend_selection(len(indexes) - 1)

    def merge(self) -> None:
        """Shift+M: the selected cells become the first of them, their sources joined by a
        blank line, as in JupyterLab; one cell selected merges with the cell below. A merged
        code cell has no outputs (they were those of separate runs)."""
        view = self.view
        indexes = view.selected_indexes()
        if len(indexes) == 1:
            indexes = range(indexes[0], min(indexes[0] + 2, len(view.cells)))
        if len(indexes) < 2:
            return
        first = view.cells[indexes[0]].cell
        source = "\n\n".join(view.cells[index].source() for index in indexes)
        merged = (nbformat.v4.new_code_cell(source) if first.cell_type == "code"
                  else nbformat.v4.new_markdown_cell(source) if first.cell_type == "markdown"
                  else nbformat.v4.new_raw_cell(source))
        merged.metadata = copy.deepcopy(first.get("metadata", merged.metadata))
        if merged.cell_type != "code":  # (markdown and raw cells keep their pictures)
            attachments = {name: data for index in indexes
                           for name, data in view.cells[index].cell.get("attachments", {}).items()}
            if attachments:
                merged["attachments"] = copy.deepcopy(attachments)
        if "id" in first:
            merged["id"] = first["id"]
        view.replace_cells(indexes, merged)

    def interrupt(self) -> None:
        self.view.interrupt()

    def restart(self) -> None:
        self.view.sig_restart_requested.emit(False)  # the owner asks first, as the toolbar's does

    # ---- The clipboard of cells (c, x, v)
    def copy(self) -> None:
        view = self.view
        self._clipboard = [copy.deepcopy(view.cells[index].cell) for index in view.selected_indexes()]

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

    # ---- Internals
    def _on_focus_changed(self, _old: QWidget | None, new: QWidget | None) -> None:
        """A two-key command ends when the keyboard moves; the run keys leave a text field
        alone (Shift+Enter in the `input()` line answers it, not runs the cell again)."""
        self._pending = ""
        for shortcut in self._view_shortcuts:
            shortcut.setEnabled(not takes_text(new))

    def _editor(self):
        """The editor of the cell being edited, if one is."""
        widget = self.view.current().widget
        return widget.editor if widget is not None else None

"""A notebook on the project kernel: cells built near the screen, runs, editing, saving (its
keys are in command_keys.py, its stale cells in stale_marks.py)."""

from __future__ import annotations

from pathlib import Path

import nbformat
from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QScrollArea, QVBoxLayout, QWidget

from dsstudio.core.app.freed_memory import TRIM_DELAY_MS, return_freed_memory
from dsstudio.core.notebook.cell_source import cell_text
from dsstudio.core.notebook.notebook_file import NotebookError, write_notebook
from dsstudio.core.settings import Preferences
from dsstudio.ui.notebook.cell_column import CellColumn
from dsstudio.ui.notebook.cell_look import CellLook
from dsstudio.ui.notebook.cell_runner import CellRunner
from dsstudio.ui.notebook.cell_tops import CellList
from dsstudio.ui.notebook.command_keys import CommandKeys
from dsstudio.ui.notebook.notebook_cell import NotebookCell
from dsstudio.ui.notebook.notebook_toolbar import NotebookToolBar
from dsstudio.ui.notebook.stale_marks import StaleMarks
from dsstudio.ui.notebook.stdin_line import CellInputs
from dsstudio.ui.theme.app_theme import theme_signals
from dsstudio.ui.web.notebook_interactivity import NotebookInteractivity


# Built cells further than this many screens from the one shown go back to heights alone.
KEEP_SCREENS = 3


class NotebookView(QWidget):
    sig_modified_changed = Signal(bool)
    sig_message = Signal(str)
    sig_saved = Signal()

    sig_save_failed = Signal(str)
    """A save could not write the file (why); the notebook stays unsaved. The owner says so."""

    sig_restart_requested = Signal(bool)
    """The user asked to restart the kernel (True: and run all cells after); the owner confirms."""

    sig_save_outputs_changed = Signal(bool)
    """The user flipped "Save outputs" (a project setting: the owner applies it to every notebook)."""

    sig_cell_editor_created = Signal(object, object)
    """A code cell opened its editor: (CodeEditor, the sources of the code cells above it, as a
    callable: they may change while it is edited)."""

    sig_inspect_requested = Signal(object)
    """Shift+Tab in a code cell's editor (a CodeEditor): show the help of the name at its caret."""

    def __init__(self, path: Path, notebook, kernel, parent: QWidget | None = None,
                 save_outputs: bool = True, preferences: dict | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("NotebookView")
        self.path = Path(path)
        self.notebook = notebook
        self.save_outputs = save_outputs
        self.modified = False
        self.change_count = 0
        # Asked before a save writes (the owner's checks: a newer version on disk, a read-only
        # file): "write", "cancel", or "saved" when the user chose to save elsewhere and it was.
        self.save_guard = None
        self.runner = CellRunner(kernel, self)
        self.runner.sig_cell_finished.connect(self._on_cell_finished)
        self.runner.sig_cell_started.connect(self._on_cell_started)
        self.runner.sig_cell_output.connect(self._on_cell_output)
        self.runner.sig_queue_dropped.connect(self._on_queue_dropped)
        self._deleted: list[list[tuple[int, object]]] = []  # each delete's (index, cell)s
        self.selected = 0  # the active cell's index
        self.anchor = 0  # where Shift+Up/Down started: the selection runs from it to `selected`
        self._active: NotebookCell | None = None  # the cell at `selected` when last selected
        self._marked: list[NotebookCell] = []  # the cells showing the selection bar
        self.toolbar = NotebookToolBar(self, save_outputs)
        self.toolbar.save_outputs.toggled.connect(self.sig_save_outputs_changed)
        self.column = CellColumn()
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        # Always there: cells' heights follow the width (wrapped text, images scaled to fit),
        # and a scroll bar that came and went with the height changed the width, then the
        # height again, endlessly (a stack overflow with a plot near the limit).
        self.scroll.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        self.scroll.setWidget(self.column)
        self.inputs = CellInputs(self)  # input() in a cell: a line under it
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.toolbar)
        self.interactive = NotebookInteractivity(self, notebook, kernel)
        self.trust, self.widgets = self.interactive.trust, self.interactive.widgets
        self.trust_bar = self.interactive.trust_bar
        layout.addWidget(self.trust_bar)
        layout.addWidget(self.scroll, 1)
        # The editor preferences (font, tab width; default: as saved), shared by the cells.
        self.look = CellLook.from_preferences(preferences or Preferences().values())
        self._line_height = self.look.line_height()
        # One connection per notebook, not per cell: a switch restyles the built cells (the
        # others are drawn in the new theme when built).
        theme_signals().changed.connect(self.restyle)
        # Cells are built when they come near the screen: after a scroll, a resize, a change.
        self._build_timer = QTimer(self)
        self._build_timer.setSingleShot(True)
        self._build_timer.setInterval(0)
        self._build_timer.timeout.connect(self.build_visible_cells)
        self._trim_timer = QTimer(self)
        self._trim_timer.setSingleShot(True)
        self._trim_timer.setInterval(TRIM_DELAY_MS)  # after the old widgets' deferred deletes
        self._trim_timer.timeout.connect(return_freed_memory)
        # (Not connected to start directly: the value would become the timer's interval.)
        self.scroll.verticalScrollBar().valueChanged.connect(lambda _value: self._build_timer.start())
        # After a run from the keyboard the selected cell stays in view while the outputs above
        # it grow (and push it down), until the user scrolls (a scroll bar action: the wheel,
        # a drag, Page Down; a scroll made by the program is none).
        self._follow_selected = False
        self.scroll.verticalScrollBar().rangeChanged.connect(self._keep_selected_in_view)
        self.scroll.verticalScrollBar().actionTriggered.connect(self._stop_following)
        self.cells: CellList = CellList()  # (it counts changes of order: the column's tops follow)
        self.keys = CommandKeys(self)  # (before the cells: they leave their editors through it)
        self.stale = StaleMarks(self.cells, self.toolbar)
        for cell in notebook.cells:
            self._insert_cell(len(self.cells), cell)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.select(0)
        self.stale.show_count()

    # ---- Building cells near the screen
    def build_visible_cells(self) -> None:
        """Build the unbuilt cells on screen and a screen's height around it; cells a few
        screens away go back to heights (the layout stays as small as a screen, whatever the
        notebook's length).

        A cell above the screen grows or shrinks when built; the view scrolls by as much, so
        what the user looks at does not move.
        """
        if not self.cells or not self.isVisible():
            return
        column = self.column
        column.sync(self.cells)  # (the tops: only what changed is looked at)
        bar = self.scroll.verticalScrollBar()
        top, height = bar.value(), self.scroll.viewport().height()
        first = max(0, column.count_above(top - height) - 1)
        shift = grown = 0
        for index in range(first, column.count_above(top + 2 * height)):
            cell = self.cells[index]
            if not cell.built:
                before = cell.height()
                was_top = column.top(index) - grown  # (where it was before this pass built any)
                self._build(cell)
                grown += cell.height() - before
                if was_top + before <= top:
                    shift += cell.height() - before
        keep_from = column.count_above(top - KEEP_SCREENS * height) - 1
        keep_to = column.count_above(top + (KEEP_SCREENS + 1) * height)
        for index in column.built_indexes():
            # (A blank keeps the height the cell had: nothing moves.)
            if not keep_from <= index < keep_to and index != self.selected:
                column.unbuild(self.cells[index])
        column.place(self.cells)
        if shift:
            column.layout().activate()
            bar.setValue(bar.value() + shift)
        # Built cells shorter than their guess leave room on screen for more: build them next.
        start = max(0, column.count_above(bar.value()) - 1)
        if any(not cell.built for cell in self.cells[start:column.count_above(bar.value() + height)]):
            self._build_timer.start()

    def restyle(self, _theme: str = "") -> None:
        """Draw the built cells again in the theme and preferences in effect."""
        for cell in self.cells:
            if cell.built:
                cell.widget.restyle()
        self.stale.show_count()
        self._build_timer.start()  # heights may have changed: the layout and what is near

    def apply_preferences(self, values: dict) -> None:
        """The editor preferences changed (Edit > Preferences): font and tab width of the cells."""
        self.look.update(values)
        self._line_height = self.look.line_height()  # (cells added from now guess with it)
        self.restyle()

    def showEvent(self, event) -> None:  # noqa: N802 (Qt name)
        super().showEvent(event)
        self._build_timer.start()

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt name)
        super().resizeEvent(event)
        self._build_timer.start()

    # ---- Running
    def run_selected(self) -> None:
        """Ctrl+Enter: run the selected cells, and stay on them in command mode."""
        self._run(self.selected_cells())
        self._after_run_key()

    def run_and_advance(self) -> None:
        """Shift+Enter: run the selected cells, then the next cell (a new one after the last)
        in command mode."""
        self._run(self.selected_cells())
        self.select(self.selected_indexes()[-1])
        if self.selected == len(self.cells) - 1:
            self.insert_cell(below=True)
        else:
            self.select(self.selected + 1)
        self._after_run_key()

    def run_and_insert(self) -> None:
        """Alt+Enter: run, then edit a new cell below."""
        self._run([self.current()])
        self.insert_cell(below=True)
        self._after_run_key()
        self.current().start_editing()

    def run_all(self) -> None:
        self._run(self.cells)

    def run_above(self) -> None:
        self._run(self.cells[: self.selected])

    def run_below(self) -> None:
        self._run(self.cells[self.selected:])

    def run_stale(self) -> None:
        self._run(self.stale.stale_cells())

    def interrupt(self) -> None:
        self.runner.cancel_queued()
        self.runner.kernel.interrupt()

    def clear_outputs(self) -> None:
        for cell in self.cells:
            if cell.cell.cell_type == "code":
                cell.cell["outputs"] = []
                cell.cell["execution_count"] = None
                cell.refresh_outputs()
        self._build_timer.start()
        self._trim_timer.start()
        self._set_modified(True)

    # ---- Cells
    def current(self) -> NotebookCell:
        return self.cells[self.selected]

    def selected_indexes(self) -> range:
        """The selected cells' indexes: from the anchor to the active cell, in order."""
        anchor = min(self.anchor, len(self.cells) - 1)
        return range(min(anchor, self.selected), max(anchor, self.selected) + 1)

    def selected_cells(self) -> list[NotebookCell]:
        return [self.cells[index] for index in self.selected_indexes()]

    def extend_selection(self, step: int) -> None:
        """Shift+Up/Down: the active cell moves by `step`; the selection keeps its anchor."""
        self.select(self.selected + step, extend=True)

    def select(self, index: int, extend: bool = False) -> None:
        """Make the cell at `index` the active one: alone selected, or (`extend`) with the
        cells from the anchor to it."""
        if not self.cells:
            return
        index = max(0, min(index, len(self.cells) - 1))
        cell = self.cells[index]
        previous = self._active  # (by identity: after an insert above, its index moved)
        if previous is not None and previous is not cell and previous.is_editing():
            previous.finish_editing()  # as in Jupyter: selecting another cell ends editing
            self._after_edit(previous)
        self.selected, self._active = index, cell
        if not extend:
            self.anchor = index
        self._follow_selected = False  # (a run key follows it again)
        marked = self.selected_cells()
        for old in self._marked:
            if old not in marked:
                old.set_selected(False)
        for new in marked:
            new.set_selected(True)
        self._marked = marked
        self._build(cell)
        self.column.place(self.cells)
        self.column.layout().activate()
        self._reveal(cell)

    def insert_cell(self, below: bool, cell_type: str = "code") -> NotebookCell:
        new = nbformat.v4.new_code_cell() if cell_type == "code" else nbformat.v4.new_markdown_cell()
        index = self.selected + (1 if below and self.cells else 0)
        item = self._insert_cell(index, new)
        self.notebook.cells.insert(index, new)
        self.select(index)
        self._set_modified(True)
        return item

    def delete_selected(self) -> None:
        if not self.cells:
            return
        indexes = self.selected_indexes()
        deleted = []
        for index in reversed(indexes):
            self.cells.pop(index).delete()
            deleted.insert(0, (index, self.notebook.cells.pop(index)))
        self._deleted.append(deleted)
        self._active = None
        if not self.cells:
            self.selected = 0
            self.insert_cell(below=False)
        self.select(min(indexes[0], len(self.cells) - 1))
        self._set_modified(True)

    def paste_cell(self, index: int, cell) -> None:
        """Put `cell` (a new nbformat cell) at `index` and select it."""
        self.notebook.cells.insert(index, cell)
        self._insert_cell(index, cell)
        self.select(index)

    def undo_delete(self) -> None:
        """Z: the cells of the last delete come back where they were."""
        if self._deleted:
            restored = self._deleted.pop()
            for index, cell in restored:
                self.notebook.cells.insert(index, cell)
                self._insert_cell(index, cell)
            self.select(restored[0][0])
            self.extend_selection(len(restored) - 1)
            self._set_modified(True)

    def replace_cells(self, indexes: range, cell) -> None:
        """The cells at `indexes` become `cell` (a new nbformat cell), selected."""
        for index in reversed(indexes):
            self.cells.pop(index).delete()
            del self.notebook.cells[index]
        self._active = None
        self.notebook.cells.insert(indexes[0], cell)
        self._insert_cell(indexes[0], cell)
        self.select(indexes[0])
        self._set_modified(True)

    def move_selected(self, step: int) -> None:
        index, target = self.selected, self.selected + step
        if not 0 <= target < len(self.cells):
            return
        cells = self.notebook.cells
        cells[index], cells[target] = cells[target], cells[index]
        self.cells.insert(target, self.cells.pop(index))
        self.select(target)
        self._set_modified(True)

    def command_mode(self) -> None:
        cell = self.current()
        if cell.is_editing():
            cell.finish_editing()
            self._after_edit(cell)
        self.setFocus()

    # ---- Saving
    def save(self) -> bool:
        """Write the notebook to its file; True when it is saved there, or in another file the
        user chose when the owner's checks asked (`path` is then that file)."""
        self.runner.sync_outputs()  # what a running cell printed since the last frame too
        for cell in self.cells:
            if cell.is_editing():
                cell.cell["source"] = cell.source()
        self.interactive.before_save()
        if self.save_guard is not None:
            verdict = self.save_guard(self)
            if verdict != "write":
                return verdict == "saved"
        try:
            write_notebook(self.path, self.notebook, save_outputs=self.save_outputs)
        except NotebookError as error:
            self.sig_save_failed.emit(str(error))
            return False
        self._set_modified(False)
        self.interactive.saved(self.path)
        self.sig_message.emit(f"Saved {self.path.name}")
        self.sig_saved.emit()
        return True

    def mark_modified(self) -> None:
        self._set_modified(True)

    def trust_outputs(self) -> None:
        self.interactive.trust_all()

    def editing_editors(self) -> list:
        """The editors of the cells being edited (their text reaches the cell when the edit ends).

        Only built cells can be edited (NotebookCell.unbuild): asked four times a second (crash
        recovery), a walk through 100,000 cells held the window 37 ms each time."""
        return [cell.widget.editor for cell in self.column.built_cells()
                if cell.widget.editor is not None]

    def has_unsaved_changes(self) -> bool:
        """Modified, or a cell being edited has text its cell does not have yet (quitting asked
        nothing about such a notebook, and the typing was lost)."""
        return self.modified or any(editor.is_modified() for editor in self.editing_editors())

    # ---- Qt events
    def keyPressEvent(self, event) -> None:  # noqa: N802 (Qt name)
        if not self.keys.key_press(event):
            super().keyPressEvent(event)

    def code_above(self, item: NotebookCell) -> list[str]:
        """The sources of the code cells above `item` (none if it was deleted)."""
        above = self.cells[:self.cells.index(item)] if item in self.cells else []
        return [cell.source() for cell in above if cell.cell.cell_type == "code"]

    # ---- Internals
    def _after_run_key(self) -> None:
        # The cell's editor is gone: without this the keyboard went nowhere until a click.
        self.setFocus()
        self._follow_selected = True
        self._keep_selected_in_view()

    def _keep_selected_in_view(self, *_range) -> None:
        if self._follow_selected and self.cells and self.current().built:
            self._reveal(self.current())

    def _reveal(self, cell: NotebookCell) -> None:
        """Scroll as little as needed to show `cell`, or its top when it is taller than half
        the screen: scrolling to a long cell's end (or middle) took the output just made off
        screen (jupyter/notebook#348, vscode#189735)."""
        widget = cell.widget
        shown = min(widget.height(), self.scroll.viewport().height() // 2)
        self.scroll.ensureVisible(0, widget.y() + shown // 2, 0, shown // 2 + 20)

    def _stop_following(self, _action: int) -> None:
        self._follow_selected = False

    def _insert_cell(self, index: int, cell) -> NotebookCell:
        item = NotebookCell(cell, self._line_height, folder=self.path.parent, look=self.look)
        item.on_clicked = lambda clicked: self.select(self.cells.index(clicked))
        item.on_editor_created = lambda editor, it=item: self._on_editor_created(it, editor)
        item.on_leave_editor = self.keys.edit_next_to
        item.on_metadata_changed = lambda _cell: self._set_modified(True)
        item.on_blank_resized = self.column.blank_resized
        item.trust, item.widgets = self.trust, self.widgets
        self.cells.insert(index, item)
        self._build_timer.start()
        return item

    def _on_editor_created(self, item: NotebookCell, editor) -> None:
        self.keys.bind_editor(editor)
        if item.cell.cell_type == "code":
            self.sig_cell_editor_created.emit(editor, lambda: self.code_above(item))

    def _build(self, cell: NotebookCell) -> None:
        self.column.build(cell)

    def _run(self, cells) -> None:
        for cell in cells:
            if cell.is_editing():
                cell.finish_editing()
        self.runner.run(list(cells))
        self.stale.show_count()
        self._set_modified(True)

    def _after_edit(self, cell: NotebookCell) -> None:
        # Entering and leaving edit mode changes nothing: only a changed source marks the
        # notebook modified.
        if cell.source_at_edit is None or cell.source_at_edit != cell_text(cell.cell):
            self._set_modified(True)
        cell.source_at_edit = None
        self.stale.after_edit(cell)

    def _on_cell_output(self, cell: NotebookCell) -> None:
        self._set_modified(True)
        if not cell.built:
            self._build_timer.start()  # its blank's height changed: the spacer follows

    def _on_cell_started(self, cell: NotebookCell) -> None:
        self.interactive.cell_started(cell.cell)
        self.stale.started(cell)

    def _on_cell_finished(self, cell: NotebookCell, status: str) -> None:
        self._set_modified(True)
        self._trim_timer.start()  # the outputs it replaced (a re-run plot) are freed
        self.interactive.cell_finished()

    def _on_queue_dropped(self, count: int) -> None:
        queued = "1 cell queued after it was" if count == 1 else f"{count} cells queued after it were"
        self.sig_message.emit(f"A cell failed; the {queued} not run.")

    def set_save_outputs(self, on: bool) -> None:
        self.save_outputs = on
        self.toolbar.save_outputs.blockSignals(True)  # applying the setting is not flipping it
        self.toolbar.save_outputs.setChecked(on)
        self.toolbar.save_outputs.blockSignals(False)

    def _set_modified(self, modified: bool) -> None:
        if modified:
            self.change_count += 1  # every change, not only the first: recovery copies follow
        if modified != self.modified:
            self.modified = modified
            self.sig_modified_changed.emit(modified)

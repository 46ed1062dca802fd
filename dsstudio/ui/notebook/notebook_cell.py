"""One cell of an open notebook: its data, run state and marks, and its widget while it has one.

A notebook of 10,000 cells must open in well under a second, and a Qt widget costs about 10 µs
to make: 10,000 blanks were a fifth of the opening. So a cell is a plain Python object, and its
widget (`CellWidget`) exists only while the cell is near the screen (`build`) or being edited
or run; far from the screen it goes back to a height (`unbuild`), and the notebook's column
stands one spacer for each run of such cells (cell_column.py).
"""

from __future__ import annotations

from pathlib import Path

from dsstudio.core.notebook.cell_source import cell_text
from dsstudio.core.notebook.layout import cell_extent
from dsstudio.ui.notebook.cell_look import CellLook


class NotebookCell:
    """A cell of the open notebook; `widget` is its CellWidget while it is built, else None."""

    def __init__(self, cell, line_height: int, folder: Path | None = None,
                 look: CellLook | None = None) -> None:
        self.cell = cell  # the nbformat cell: the notebook's own data
        self.folder = folder  # the notebook's, for images next to it
        self.look = look or CellLook.default()  # the view's font and tab width, shared by its cells
        self.state = "idle"  # idle, queued, running
        self.stale = False
        self.paused_line: int | None = None  # the debugger stopped this running cell at that line
        self.ran_source: str | None = None  # the source it last ran from this view
        self.source_at_edit: str | None = None  # its source when its editor opened
        self.selected = False
        self.widget = None
        self.trust = None  # the notebook's NotebookTrust: may its outputs run scripts?
        self.widgets = None  # the notebook's NotebookWidgets: the models its widget outputs show
        # Called with the cell when the user clicks it (set by the notebook).
        self.on_clicked = None
        # Called with the cell's new CodeEditor when it opens for editing (edit mode's keys,
        # and a code cell's code intelligence).
        self.on_editor_created = None
        # Called with (the cell, -1 or 1, the caret's column) when an arrow key leaves its editor.
        self.on_leave_editor = None
        # Called with the cell when the view changed its metadata (outputs collapsed, scrolled).
        self.on_metadata_changed = None
        # Called with the cell when its blank's height changed (the column keeps the tops).
        self.on_blank_resized = None
        self._line_height = line_height
        self._blank_height = 0
        self._guess_height()

    # ---- Building near the screen
    @property
    def built(self) -> bool:
        return self.widget is not None

    def build(self, parent, width: int) -> None:
        """Make the cell's widget in `parent`, measured at `width` (where it will be shown)."""
        if self.widget is None:
            from dsstudio.ui.notebook.cell_widget import CellWidget

            self.widget = CellWidget(self, parent, width)

    def unbuild(self) -> bool:
        """Back to a height alone (the cell is far from the screen); False if it is being
        edited or run, which keeps its widget. The height stays what the widget had."""
        if self.widget is None or self.widget.editor is not None or self.state != "idle":
            return False
        self._blank_height = self.widget.minimumHeight()
        self.widget.discard()
        self.widget = None
        return True

    def height(self) -> int:
        """The cell's height in the column: its widget's, or the blank's."""
        return self.widget.minimumHeight() if self.widget is not None else self._blank_height

    # ---- Public API
    def source(self) -> str:
        return self.widget.source() if self.widget is not None else cell_text(self.cell)

    def refresh_source(self) -> None:
        if self.widget is not None:
            self.widget.refresh_source()
        else:
            self._guess_height()

    def refresh_outputs(self) -> None:
        if self.widget is not None:
            self.widget.refresh_outputs()
        else:
            self._guess_height()

    def outputs_trusted(self) -> bool:
        return self.trust is not None and self.trust.cell_trusted(self.cell)

    def refresh_prompt(self) -> None:
        if self.widget is not None:
            self.widget.refresh_prompt()

    def set_state(self, state: str) -> None:
        self.state = state
        self.refresh_prompt()

    def set_stale(self, stale: bool) -> None:
        self.stale = stale
        self.refresh_prompt()

    def set_paused_line(self, line: int | None) -> None:
        self.paused_line = line
        self.refresh_prompt()

    def set_selected(self, selected: bool) -> None:
        self.selected = selected
        if self.widget is not None:
            self.widget.show_selected()

    def is_editing(self) -> bool:
        return self.widget is not None and self.widget.editor is not None

    def start_editing(self) -> None:
        """Edit in place (the notebook builds the cell first: it is selected)."""
        if self.widget is not None:
            self.widget.start_editing()

    def finish_editing(self) -> None:
        if self.widget is not None:
            self.widget.finish_editing()

    def delete(self) -> None:
        """The cell left the notebook: its widget goes with it."""
        if self.widget is not None:
            self.widget.deleteLater()
            self.widget = None

    def clicked(self) -> None:
        if self.on_clicked is not None:
            self.on_clicked(self)

    def metadata_changed(self) -> None:
        if self.on_metadata_changed is not None:
            self.on_metadata_changed(self)

    def leave_editor(self, step: int, column: int) -> None:
        if self.on_leave_editor is not None:
            self.on_leave_editor(self, step, column)

    # ---- Internals
    def _guess_height(self) -> None:
        extent = cell_extent(self.cell)
        self._blank_height = extent.lines * self._line_height + extent.image_px + 12
        if self.on_blank_resized is not None:
            self.on_blank_resized(self)

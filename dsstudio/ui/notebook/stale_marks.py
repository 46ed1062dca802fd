"""A notebook's stale cells: code cells whose outputs may no longer match the code, because a
reload re-ran a module whose names they use, or because they were edited after they ran. A cell
is fresh again when it runs; the toolbar shows how many are stale ("Run stale")."""

from __future__ import annotations

from dsstudio.core.notebook.cell_source import cell_text
from dsstudio.core.notebook.stale_cells import stale_cell_indexes
from dsstudio.ui.notebook.notebook_cell import NotebookCell
from dsstudio.ui.notebook.notebook_toolbar import NotebookToolBar


class StaleMarks:
    """The stale marks of `cells` (the view's list, followed as it changes), counted on
    `toolbar`."""

    def __init__(self, cells: list[NotebookCell], toolbar: NotebookToolBar) -> None:
        self._cells = cells
        self._toolbar = toolbar

    def after_reload(self, report: dict) -> None:
        """Mark the cells that use names from the modules this reload re-ran."""
        sources = [cell.source() for cell in self._cells]
        for index in stale_cell_indexes(sources, report):
            if self._cells[index].cell.cell_type == "code":
                self._cells[index].set_stale(True)
        self.show_count()

    def after_edit(self, cell: NotebookCell) -> None:
        # A cell edited after it last ran no longer matches its outputs.
        if cell.ran_source is not None and cell.ran_source != cell_text(cell.cell):
            cell.set_stale(True)
        self.show_count()

    def started(self, cell: NotebookCell) -> None:
        # Marked fresh when it runs, not when it is queued: when a failure stops "Run stale",
        # the cells after it did not run and keep their mark.
        cell.ran_source = cell_text(cell.cell)
        cell.set_stale(False)
        self.show_count()

    def stale_cells(self) -> list[NotebookCell]:
        return [cell for cell in self._cells if cell.stale]

    def count(self) -> int:
        return sum(cell.stale for cell in self._cells)

    def show_count(self) -> None:
        self._toolbar.show_stale_count(self.count())

"""What a notebook view needs for its interactive outputs: Jupyter's trust, the bar that asks for
it, and the live widget models, kept together so the view only says when things happen."""

from __future__ import annotations

from dsstudio.core.notebook.trust import NotebookTrust
from dsstudio.core.notebook.web_outputs import first_plotly_figure, plotly_renderer
from dsstudio.ui.web.web_engine import WebEngine
from dsstudio.ui.web.trust_bar import TrustBar
from dsstudio.ui.web.widget_bridge import NotebookWidgets


class NotebookInteractivity:
    """The trust, trust bar and widgets of `view` (a NotebookView), made with it."""

    def __init__(self, view, notebook, kernel) -> None:
        self.view = view
        self.trust = NotebookTrust(notebook)  # may its outputs run scripts (Jupyter's rule)
        self.widgets = NotebookWidgets(notebook, kernel)  # (listens to the kernel from now on)
        view.runner.captured = self.widgets.bridge.states.captures
        self.trust_bar = TrustBar(self.trust_all, view)
        self.trust_bar.show_count(self.trust.untrusted_count())
        first_figure = next((figure for cell in notebook.cells
                             if (figure := first_plotly_figure(cell)) is not None
                             and self.trust.cell_trusted(cell)), None)
        if first_figure is not None:
            self._warm_plotly(first_figure)

    def before_save(self) -> None:
        self.widgets.store_in_metadata()  # as JupyterLab saves it: shown again without a kernel

    def saved(self, path) -> None:
        self.trust.saved(path)

    def trust_all(self) -> None:
        """The user trusts the notebook: its interactive outputs are shown, the file signed."""
        view = self.view
        self.trust.trust(view.path if view.path.exists() and not view.modified else None)
        self.trust_bar.show_count(0)
        for cell in view.cells:
            if cell.built:
                cell.widget.restyle()  # (its outputs are made again, now as web views)

    def cell_started(self, cell) -> None:
        self.trust.cell_ran(cell)  # its new outputs are the user's own

    def keep_charts_near(self, cells: list[tuple[object, int]], top: int, height: int) -> None:
        """The charts of built cells ((cell, its top in the column)) within half a screen of the
        screen (`top` and `height` in the column) are drawn live, the others released to
        pictures (web_output.py): pages exist only for what can be seen, whatever the number of
        cells built around the screen. (Tops come from the column's heights: a cell built in this
        pass is not laid out yet.)"""
        if not WebEngine.started():
            return  # (no web output was ever made: nothing to look for)
        from PySide6.QtCore import QPoint

        from dsstudio.ui.web.web_output import WebOutput

        near_from, near_to = top - height // 4, top + height + height // 4
        for cell, cell_top in cells:
            if not cell.built:
                continue
            for output in cell.widget.findChildren(WebOutput):
                output_top = cell_top + output.mapTo(cell.widget, QPoint(0, 0)).y()
                if output_top + output.height() < near_from or output_top > near_to:
                    output.release()
                else:
                    output.restore()

    def _warm_plotly(self, figure) -> None:
        """The notebook shows Plotly charts: Chromium's renderer starts, and runs plotly.js (the
        bundle its first chart, `figure`, needs) in a spare page, now, while the window goes on
        building the notebook (on two cores, the two overlap); that chart is drawn into this page
        (SparePages.adopt)."""
        from dsstudio.ui.web.spare_pages import current_look

        renderer = plotly_renderer(figure) if isinstance(figure, dict) else "plotly"
        WebEngine.get().spares.prepare(renderer, current_look(), at_once=True)

    def cell_finished(self) -> None:
        if self.trust_bar.isVisibleTo(self.view):
            self.trust_bar.show_count(self.trust.untrusted_count())  # it replaced some

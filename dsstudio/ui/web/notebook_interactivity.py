"""What a notebook view needs for its interactive outputs: Jupyter's trust, the bar that asks for
it, and the live widget models, kept together so the view only says when things happen."""

from __future__ import annotations

from dsstudio.core.notebook.trust import NotebookTrust
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

    def cell_finished(self) -> None:
        if self.trust_bar.isVisibleTo(self.view):
            self.trust_bar.show_count(self.trust.untrusted_count())  # it replaced some

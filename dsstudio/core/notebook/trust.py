"""Whether a notebook's HTML and JavaScript may run: Jupyter's trust model, on its signatures.

A notebook is trusted when its signature is in nbformat's signature store (the same store and
secret Jupyter uses, so a notebook trusted in JupyterLab is trusted here and back). Outputs made
in this session are trusted whatever the file; when every output that needs a browser is trusted,
saving signs the file, as Jupyter does. An untrusted output shows its static form, never runs.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from dsstudio.core.notebook.web_outputs import needs_trust, web_output_count


def default_notary():
    """nbformat's notary on Jupyter's own data folder (JUPYTER_DATA_DIR moves it)."""
    from nbformat.sign import NotebookNotary

    return NotebookNotary()


class NotebookTrust:
    """The trust of one open notebook (`notebook`, an nbformat node, as read from its file)."""

    def __init__(self, notebook, notary_factory: Callable = default_notary) -> None:
        self._notebook = notebook
        self._notary_factory = notary_factory
        self._ran: dict[int, object] = {}  # id -> cell: cells run here (kept alive: ids stay unique)
        # A notebook without such outputs has nothing to trust: the signature store is not opened.
        self.trusted = web_output_count(notebook.cells) == 0 or self._signed(notebook)

    # ---- Public API
    def cell_trusted(self, cell) -> bool:
        return self.trusted or id(cell) in self._ran

    def cell_ran(self, cell) -> None:
        """`cell` ran in this session: its new outputs are the user's own."""
        self._ran[id(cell)] = cell

    def untrusted_count(self) -> int:
        """How many outputs wait for the user to trust the notebook."""
        return sum(1 for cell in self._notebook.cells if not self.cell_trusted(cell)
                   for output in cell.get("outputs", []) or [] if needs_trust(output))

    def trust(self, path: Path | None = None) -> None:
        """The user trusts the notebook: its outputs run, and the file on disk is signed."""
        self.trusted = True
        if path is not None:
            self.saved(path)

    def saved(self, path: Path) -> None:
        """The notebook was written to `path`: signed when nothing in it is untrusted, as Jupyter
        signs on save (what is signed is the file as written, outputs or not)."""
        if self.untrusted_count() or web_output_count(self._notebook.cells) == 0:
            return
        import nbformat

        try:
            written = nbformat.read(path, as_version=4)
        except (OSError, ValueError):
            return  # (unreadable now: nothing to sign; it stays as it was)
        notary = self._notary_factory()
        try:
            notary.sign(written)
        finally:
            notary.close()

    # ---- Internals
    def _signed(self, notebook) -> bool:
        notary = self._notary_factory()
        try:
            return bool(notary.check_signature(notebook))
        finally:
            notary.close()

"""A notebook's cells as the .ipynb text ruff lints (`--stdin-filename NAME.ipynb`).

Ruff lints a notebook as one module, cell after cell: a name defined in an earlier cell is
defined in a later one, IPython's magics (`%time`, `!ls`, `files = !ls`) and help (`obj?`)
are understood, cells of other languages (`%%bash`) are skipped, and `display` is a builtin.
Each finding carries its cell's number and a row within that cell, so nothing is mapped back
by hand. Every cell is passed (markdown too) so that ruff's cell numbers are the notebook's.
"""

from __future__ import annotations

import json


def notebook_language(metadata) -> str:
    """The notebook's language ("python" when it does not say, or says it in a shape nbformat
    does not define: a kernelspec that is a string was seen in nbformat's own test files)."""
    def table(value) -> dict:
        return value if isinstance(value, dict) else {}

    metadata = table(metadata)
    name = (table(metadata.get("language_info")).get("name")
            or table(metadata.get("kernelspec")).get("language") or "python")
    return str(name).lower()


def notebook_for_ruff(cells: list[tuple[str, str]]) -> str:
    """(cell type, source) pairs as a minimal nbformat 4 notebook's JSON."""
    items = []
    for cell_type, source in cells:
        if cell_type == "code":
            items.append({"cell_type": "code", "execution_count": None, "metadata": {},
                          "outputs": [], "source": source})
        else:  # raw and markdown: not linted, present to keep the numbering
            items.append({"cell_type": "markdown", "metadata": {}, "source": source})
    return json.dumps({"cells": items, "metadata": {"language_info": {"name": "python"}},
                       "nbformat": 4, "nbformat_minor": 4})

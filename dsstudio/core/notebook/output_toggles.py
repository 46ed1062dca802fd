"""A cell's outputs collapsed or scrolled: Jupyter's own cell metadata, so JupyterLab agrees.

nbformat v4 defines `collapsed` (outputs hidden) and `scrolled` (long outputs in a box that
scrolls); JupyterLab also writes `jupyter.outputs_hidden`. Both are read, both are written, and
an expanded cell carries neither (its metadata is what it was before it was collapsed).
"""

from __future__ import annotations

# A scrolled output box is at most this many text lines tall.
SCROLLED_OUTPUT_LINES = 20


def _metadata(cell) -> dict:
    metadata = cell.get("metadata")
    return metadata if isinstance(metadata, dict) else {}


def outputs_collapsed(cell) -> bool:
    metadata = _metadata(cell)
    jupyter = metadata.get("jupyter")
    return metadata.get("collapsed") is True or (
        isinstance(jupyter, dict) and jupyter.get("outputs_hidden") is True)


def outputs_scrolled(cell) -> bool:
    return _metadata(cell).get("scrolled") is True


def set_outputs_collapsed(cell, collapsed: bool) -> None:
    metadata = cell.setdefault("metadata", {})
    jupyter = metadata.get("jupyter")
    if collapsed:
        metadata["collapsed"] = True
        metadata.setdefault("jupyter", {})
        if isinstance(metadata["jupyter"], dict):
            metadata["jupyter"]["outputs_hidden"] = True
        return
    metadata.pop("collapsed", None)
    if isinstance(jupyter, dict):
        jupyter.pop("outputs_hidden", None)
        if not jupyter:
            del metadata["jupyter"]


def set_outputs_scrolled(cell, scrolled: bool) -> None:
    metadata = cell.setdefault("metadata", {})
    if scrolled:
        metadata["scrolled"] = True
    else:
        metadata.pop("scrolled", None)

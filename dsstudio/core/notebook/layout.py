"""How tall a notebook cell will be, guessed without rendering it (for cells not yet built).

A big notebook builds only the cells near what is on screen; the others hold a place of about
their height so the scroll bar is right. The guess counts text lines and reads image sizes from
their headers (a PNG's first 24 bytes), decoding no image.
"""

from __future__ import annotations

import base64
import struct

from dsstudio.core.notebook.output_toggles import (SCROLLED_OUTPUT_LINES, outputs_collapsed,
                                                   outputs_scrolled)
from dsstudio.core.notebook.outputs import VIEW_SOURCE_LINES
from dsstudio.core.notebook.web_outputs import chart_height

# What an output that is neither text nor a readable image is guessed at, in text lines.
OTHER_OUTPUT_LINES = 6


class CellExtent:
    """A cell's guessed size: text lines (source and text outputs) plus image pixels."""

    def __init__(self, lines: int = 0, image_px: int = 0) -> None:
        self.lines = lines
        self.image_px = image_px


def image_height(mime: str, b64) -> int | None:
    """An image's height in pixels, from its header (PNG only); None if it cannot be told."""
    if mime != "image/png":
        return None
    text = "".join(b64) if isinstance(b64, list) else str(b64)
    try:
        head = base64.b64decode(text[:32].strip() + "=" * (-len(text[:32].strip()) % 4))
    except (ValueError, TypeError):
        return None
    if len(head) < 24 or head[:8] != b"\x89PNG\r\n\x1a\n":
        return None
    return struct.unpack(">I", head[20:24])[0]


def _text(value) -> str:
    return "".join(value) if isinstance(value, list) else str(value)


def _lines(text: str) -> int:
    """Lines `text` shows: a final newline ends the last line, it does not start another."""
    return text.count("\n") + (0 if text.endswith("\n") else 1)


def cell_extent(cell, text_limit_lines: int = 200) -> CellExtent:
    """Guess the size of `cell` (an nbformat cell) as rendered: at least one line. Any cell,
    however odd (an image that is a list of numbers, outputs that are not dicts), gets a guess:
    one that raised here stopped its whole notebook from opening."""
    try:
        return _cell_extent(cell, text_limit_lines)
    except (TypeError, ValueError, AttributeError, KeyError):
        return CellExtent(lines=OTHER_OUTPUT_LINES)


def _cell_extent(cell, text_limit_lines: int) -> CellExtent:
    source = _text(cell.get("source", ""))
    # (The view shows at most the start of a huge source.)
    extent = CellExtent(lines=max(1, min(VIEW_SOURCE_LINES, _lines(source))))
    outputs = cell.get("outputs", []) if cell.get("cell_type") == "code" else []
    if outputs and outputs_collapsed(cell):
        extent.lines += 1  # the line saying they are collapsed
        return extent
    source_lines = extent.lines
    for output in outputs:
        kind = output.get("output_type")
        if kind == "stream":
            extent.lines += min(text_limit_lines, _lines(_text(output.get("text", ""))))
        elif kind == "error":
            extent.lines += min(text_limit_lines, len(output.get("traceback", [])) * 2)
        elif kind in ("execute_result", "display_data"):
            data = output.get("data", {})
            for mime in ("image/png", "image/jpeg", "image/svg+xml"):
                if mime in data:
                    extent.image_px += image_height(mime, data[mime]) or 300
                    break
            else:
                chart = chart_height(data)
                if chart is not None:
                    extent.image_px += chart
                elif "text/html" in data or "text/markdown" in data:
                    extent.lines += OTHER_OUTPUT_LINES
                else:
                    plain = _text(data.get("text/plain", ""))
                    extent.lines += min(text_limit_lines, _lines(plain))
        else:
            extent.lines += 1
    if outputs_scrolled(cell) and extent.lines + extent.image_px // 16 > source_lines + SCROLLED_OUTPUT_LINES:
        extent.lines, extent.image_px = source_lines + SCROLLED_OUTPUT_LINES, 0  # (its box's height)
    return extent

"""Guessed cell heights: text lines counted as shown, image heights read from PNG headers."""

from __future__ import annotations

import base64
import io

import nbformat
import pytest

from dsstudio.core.notebook.layout import OTHER_OUTPUT_LINES, cell_extent, image_height

v4 = nbformat.v4


def png_base64(width_in: float, height_in: float, dpi: int) -> str:
    matplotlib = pytest.importorskip("matplotlib")
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    figure = plt.figure(figsize=(width_in, height_in), dpi=dpi)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    plt.close(figure)
    return base64.b64encode(buffer.getvalue()).decode("ascii")


def test_png_height_comes_from_its_header():
    assert image_height("image/png", png_base64(3, 2, 50)) == 100
    assert image_height("image/png", list(png_base64(2, 4, 25))) == 100  # nbformat may split
    assert image_height("image/png", "bm90IGEgcG5n") is None  # "not a png"
    assert image_height("image/jpeg", "/9j/4AAQ") is None


def test_lines_are_counted_as_shown():
    cell = v4.new_code_cell("a = 1\nb = 2\nprint(a)", outputs=[
        v4.new_output("stream", name="stdout", text="one\ntwo\n"),   # 2 lines, not 3
        v4.new_output("execute_result", data={"text/plain": "3"}, execution_count=1),
    ])
    extent = cell_extent(cell)
    assert (extent.lines, extent.image_px) == (3 + 2 + 1, 0)


def test_images_and_rich_outputs():
    cell = v4.new_code_cell("plot()", outputs=[
        v4.new_output("display_data", data={"image/png": png_base64(4, 3, 40), "text/plain": "<Figure>"}),
        v4.new_output("display_data", data={"text/html": "<table></table>"}),
        v4.new_output("display_data", data={"image/svg+xml": "<svg/>"}),
    ])
    extent = cell_extent(cell)
    assert extent.image_px == 120 + 300  # the PNG's own height; an SVG is guessed
    assert extent.lines == 1 + OTHER_OUTPUT_LINES


def test_markdown_and_empty_cells_take_at_least_a_line():
    assert cell_extent(v4.new_markdown_cell("# Title\ntext")).lines == 2
    assert cell_extent(v4.new_code_cell("")).lines == 1


def test_collapsed_and_scrolled_outputs_are_guessed_short():
    import nbformat

    from dsstudio.core.notebook.layout import cell_extent
    from dsstudio.core.notebook.output_toggles import SCROLLED_OUTPUT_LINES, set_outputs_collapsed, set_outputs_scrolled

    cell = nbformat.v4.new_code_cell("print(i)")
    cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text="x\n" * 150)]
    assert cell_extent(cell).lines == 151
    set_outputs_scrolled(cell, True)
    assert cell_extent(cell).lines == 1 + SCROLLED_OUTPUT_LINES
    set_outputs_collapsed(cell, True)
    assert cell_extent(cell).lines == 2
    set_outputs_collapsed(cell, False)
    set_outputs_scrolled(cell, False)
    assert cell.metadata == {} and cell_extent(cell).lines == 151


def test_charts_are_guessed_at_their_drawn_height_not_their_text_line():
    """A chart's blank is as tall as the chart will be: guessed at its one text/plain line, a
    notebook of charts built (and started a web page for) ten times the cells it showed."""
    def chart_cell(data: dict):
        return v4.new_code_cell("chart", outputs=[
            v4.new_output("display_data", data={**data, "text/plain": "Figure"})])

    plotly = {"data": [{"type": "scatter", "x": [1], "y": [2]}], "layout": {}}
    assert cell_extent(chart_cell({"application/vnd.plotly.v1+json": plotly})).image_px == 450
    sized = {**plotly, "layout": {"height": 300}}
    assert cell_extent(chart_cell({"application/vnd.plotly.v1+json": sized})).image_px == 300
    assert cell_extent(chart_cell({"application/vnd.vegalite.v5+json": {"mark": "point"}})).image_px == 320
    assert cell_extent(chart_cell({"text/plain": "Figure"})).image_px == 0

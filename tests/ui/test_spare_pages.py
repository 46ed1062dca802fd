"""A new Plotly chart is drawn into a page made ahead with plotly.js loaded (issue 20, speed):
the chart, its size reports and its theme are those of a page loaded for it."""

from __future__ import annotations

import nbformat

from dsstudio.ui.web.web_engine import WebEngine
from tests.ui.test_web_outputs import drawn_output, notebook_file, page_value, run_all

v4 = nbformat.v4
CHART = "import plotly.graph_objects as go\ngo.Figure(go.Scatter(x=[1, 2, 3], y=[3, 1, 2]))"


def test_a_new_chart_is_drawn_into_a_page_loaded_ahead(qtbot, window, project):
    view = window.open_file(notebook_file(project / "charts.ipynb", [v4.new_code_cell(CHART)]))
    run_all(qtbot, view)
    first = drawn_output(qtbot, view.cells[0])
    engine = WebEngine.get()
    qtbot.waitUntil(lambda: bool(engine.spares._ready), timeout=30_000)  # the next one is ready
    view.insert_cell(below=True)
    view.cells[1].cell["source"] = CHART.replace("[3, 1, 2]", "[5, 4, 6]")
    view.select(1)
    view.run_selected()
    qtbot.waitUntil(lambda: not view.runner.is_running(), timeout=30_000)
    second = drawn_output(qtbot, view.cells[1])
    # No page loaded for it: drawn into a spare (made ahead, or given back by a chart scrolled away).
    assert second.page_name is None and second.page is not first.page
    figure_y = "JSON.stringify(document.getElementById('output').data[0].y)"  # (arrays come back empty)
    assert page_value(qtbot, second, figure_y) == "[5,4,6]"  # its own figure, not the first's
    assert page_value(qtbot, second, "document.querySelectorAll('.main-svg').length") >= 1
    qtbot.waitUntil(lambda: second.height() > 200, timeout=30_000)  # its page reported its height
    assert not second.errors

"""A Plotly chart's page loads the cartesian bundle of plotly.js when that draws the whole
figure, the full one otherwise (issue 20, speed: 1.5 MB against 4.8 MB for a cold page); a
chart is never drawn into a page of the other bundle."""

from __future__ import annotations

import nbformat
from nbformat.sign import NotebookNotary

from dsstudio.ui.web.web_engine import WebEngine
from tests.ui.test_web_outputs import drawn_output, notebook_file, page_value, run_all

v4 = nbformat.v4
SCRIPTS = "[...document.scripts].map((script) => script.src.split('/').pop()).filter((name) => name).join(' ')"
POLAR_POINTS = "document.querySelectorAll('.polarlayer .point').length"
CARTESIAN_POINTS = "document.querySelectorAll('.cartesianlayer .point').length"
SCATTER = "import plotly.express as px\npx.scatter(x=[1, 2, 3], y=[3, 1, 2])"
POLAR = "import plotly.express as px\npx.scatter_polar(r=[1, 2, 3, 4], theta=[0, 90, 180, 270])"


def test_a_cartesian_chart_loads_the_small_bundle_and_a_polar_one_the_full(qtbot, window, project):
    view = window.open_file(notebook_file(project / "bundles.ipynb",
                                          [v4.new_code_cell(SCATTER), v4.new_code_cell(POLAR)]))
    run_all(qtbot, view)
    scatter, polar = drawn_output(qtbot, view.cells[0]), drawn_output(qtbot, view.cells[1])
    assert page_value(qtbot, scatter, SCRIPTS) == "plotly-cartesian.min.js"
    assert page_value(qtbot, scatter, CARTESIAN_POINTS) == 3
    assert page_value(qtbot, polar, SCRIPTS) == "plotly.min.js"
    assert page_value(qtbot, polar, POLAR_POINTS) == 4
    assert not scatter.errors and not polar.errors


def test_a_polar_chart_is_not_drawn_into_a_cartesian_spare(qtbot, window, project):
    view = window.open_file(notebook_file(project / "spares.ipynb", [v4.new_code_cell(SCATTER)]))
    run_all(qtbot, view)
    drawn_output(qtbot, view.cells[0])
    spares = WebEngine.get().spares
    qtbot.waitUntil(lambda: any(renderer == "plotly-cartesian" for renderer, _look in spares._ready),
                    timeout=30_000)  # a cartesian page waits, loaded, for the next chart
    view.insert_cell(below=True)
    view.cells[1].cell["source"] = POLAR
    view.select(1)
    view.run_selected()
    qtbot.waitUntil(lambda: not view.runner.is_running(), timeout=30_000)
    polar = drawn_output(qtbot, view.cells[1])
    assert page_value(qtbot, polar, POLAR_POINTS) == 4
    assert page_value(qtbot, polar, SCRIPTS) == "plotly.min.js" and not polar.errors


def test_a_stored_notebook_warms_the_bundle_its_first_chart_needs(qtbot, window, project):
    """Its first chart is drawn into the page started as the notebook opened."""
    cell = v4.new_code_cell("polar")
    cell.outputs = [v4.new_output("display_data", data={
        "application/vnd.plotly.v1+json": {"data": [{"type": "barpolar", "r": [1, 2], "theta": [0, 90]}]},
        "text/plain": "Figure"})]
    path = notebook_file(project / "stored.ipynb", [cell])
    with NotebookNotary() as notary:  # a notebook the user trusted before
        notary.sign(nbformat.read(str(path), as_version=4))
    view = window.open_file(path)
    chart = drawn_output(qtbot, view.cells[0])
    assert chart.page_name is None  # (no page of its own: the warmed spare)
    assert page_value(qtbot, chart, SCRIPTS) == "plotly.min.js"
    assert page_value(qtbot, chart, "document.querySelectorAll('.polarlayer .barlayer path').length") >= 2

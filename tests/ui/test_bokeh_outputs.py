"""Bokeh's show() after output_notebook() drawn with the bundled BokehJS, on the real kernel
(issue 20); a chart from another Bokeh version says so in one line."""

from __future__ import annotations

import nbformat
import pytest

from dsstudio.core.notebook.web_outputs import BOKEH_EXEC, JAVASCRIPT
from dsstudio.ui.web.web_engine import WebEngine, bundled_version
from tests.ui.test_web_outputs import (
    PAGE_WAIT_MS,
    colours_shown,
    drawn_output,
    notebook_file,
    page_value,
    run_all,
    web_outputs,
)

pytest.importorskip("bokeh")
v4 = nbformat.v4
SHOW = ("from bokeh.io import output_notebook\nfrom bokeh.plotting import figure, show\n"
        "output_notebook(hide_banner=True)\np = figure(width=300, height=200)\n"
        "p.line([1, 2, 3], [4, 6, 5])\nshow(p)")


def test_bokeh_show_draws_with_the_bundled_bokehjs_offline(qtbot, window, project):
    import bokeh

    assert bokeh.__version__ == bundled_version("@bokeh/bokehjs")  # the test extra pins it so
    view = window.open_file(notebook_file(project / "bokeh.ipynb", [v4.new_code_cell(SHOW)]))
    run_all(qtbot, view)
    chart = drawn_output(qtbot, view.cells[0])
    assert chart.content.kind == "bokeh" and not chart.errors
    assert len(web_outputs(view.cells[0])) == 1  # the loader shows nothing and fetches nothing
    assert page_value(qtbot, chart, "Bokeh.version") == bokeh.__version__
    # BokehJS draws on canvases inside nested shadow roots.
    canvases = ("(function deep(root) { return [...root.querySelectorAll('*')].some((node) => "
                "node.tagName === 'CANVAS' || (node.shadowRoot !== null && deep(node.shadowRoot))); })(document)")
    assert page_value(qtbot, chart, canvases) is True
    qtbot.waitUntil(lambda: colours_shown(chart) > 3, timeout=PAGE_WAIT_MS)
    assert not [url for url in WebEngine.get().blocked if "bokeh" in url]


def test_a_bokeh_chart_of_another_version_shows_one_line(qtbot, window, project):
    cell = v4.new_code_cell("show(p)")
    script = ('const docs_json = {"d1": {"version": "2.4.3", "roots": []}};'
              'const render_items = [{"docid": "d1", "roots": {"p1": "e1"}, "root_ids": ["p1"]}];')
    cell.outputs = [v4.new_output("display_data", data={JAVASCRIPT: script, BOKEH_EXEC: ""},
                                  metadata={BOKEH_EXEC: {"id": "p1"}})]
    view = window.open_file(notebook_file(project / "old_bokeh.ipynb", [cell]))
    view.trust_outputs()  # (the line shows trusted or not: no script of it runs)
    qtbot.waitUntil(lambda: view.cells[0].built, timeout=PAGE_WAIT_MS)
    assert not web_outputs(view.cells[0])
    text = view.cells[0].widget.outputs_box.findChildren(type(view.cells[0].widget.prompt))
    assert any("Bokeh 2.4.3" in label.text() and bundled_version("@bokeh/bokehjs") in label.text()
               for label in text)

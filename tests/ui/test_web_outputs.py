"""Outputs that need a browser (issue 20): Plotly, Altair/Vega-Lite, HTML with scripts and
JavaScript, shown in real QtWebEngine views on the real kernel; trust as Jupyter defines it;
nothing fetched from the network; views only near the screen."""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
import pytest
from nbformat.sign import NotebookNotary
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication, QLabel

from dsstudio.ui.theme.app_theme import apply_app_theme
from dsstudio.ui.web.web_engine import WebEngine
from dsstudio.ui.web.web_output import WebOutput
from tests.ui.helpers import KERNEL_WAIT_MS, console_text, wait_for_console

v4 = nbformat.v4
PAGE_WAIT_MS = 30_000
SCRIPTED_HTML = ("<div id='made'>static</div>"
                 "<script>document.getElementById('made').textContent = 'ran';</script>")


@pytest.fixture
def light_after():
    yield
    apply_app_theme("light")


def run_all(qtbot, view) -> None:
    view.run_all()
    qtbot.waitUntil(lambda: not view.runner.is_running(), timeout=KERNEL_WAIT_MS)


def web_outputs(cell) -> list[WebOutput]:
    return cell.widget.outputs_box.findChildren(WebOutput) if cell.built else []


def drawn_output(qtbot, cell) -> WebOutput:
    qtbot.waitUntil(lambda: cell.built and bool(web_outputs(cell)), timeout=PAGE_WAIT_MS)
    web = web_outputs(cell)[0]
    qtbot.waitUntil(lambda: web.drawn, timeout=PAGE_WAIT_MS)
    return web


def page_value(qtbot, web: WebOutput, script: str):
    """What `script` evaluates to in the output's page."""
    result: list = []
    web.page.runJavaScript(script, 0, result.append)
    qtbot.waitUntil(lambda: bool(result), timeout=PAGE_WAIT_MS)
    return result[0]


def colours_shown(web: WebOutput) -> int:
    image = web.view.grab().toImage()
    return len({image.pixel(x, y) for x in range(0, image.width(), 4) for y in range(0, image.height(), 4)})


def notebook_file(path: Path, cells) -> Path:
    nbformat.write(v4.new_notebook(cells=cells), str(path))
    return path


def stored_html_cell(html: str = SCRIPTED_HTML):
    cell = v4.new_code_cell("HTML(...)")
    cell.outputs = [v4.new_output("display_data", data={"text/html": html, "text/plain": "<HTML>"})]
    return cell


def test_plotly_altair_html_and_javascript_render_offline(qtbot, window, project):
    blocked_before = len(WebEngine.get().blocked)
    path = notebook_file(project / "charts.ipynb", [
        v4.new_code_cell("import pandas as pd, plotly.express as px\n"
                         "df = pd.DataFrame({'a': [1, 2, 3], 'b': [3, 1, 2]})\n"
                         "px.scatter(df, x='a', y='b')"),
        v4.new_code_cell("import altair as alt\nalt.Chart(df).mark_point().encode(x='a', y='b')"),
        v4.new_code_cell(f"from IPython.display import HTML, Javascript\nHTML({SCRIPTED_HTML!r})"),
        v4.new_code_cell("Javascript(\"element.textContent = 'javascript ran'\")"),
        v4.new_code_cell("df"),  # a DataFrame stays a native table
    ])
    window.resize(1200, 900)
    view = window.open_file(path)
    run_all(qtbot, view)
    plotly, altair, html, javascript = (drawn_output(qtbot, view.cells[i]) for i in range(4))
    assert plotly.content.kind == "plotly"
    assert page_value(qtbot, plotly, "document.querySelectorAll('.js-plotly-plot .scatterlayer .point').length") == 3
    assert altair.content.kind == "vega-lite"  # from the spec in Altair's HTML, not its CDN loader
    assert page_value(qtbot, altair, "document.querySelectorAll('#output svg .mark-symbol path').length") == 3
    assert page_value(qtbot, html, "document.getElementById('made').textContent") == "ran"
    assert page_value(qtbot, javascript, "document.getElementById('output').textContent") == "javascript ran"
    qtbot.waitUntil(lambda: colours_shown(plotly) > 5, timeout=PAGE_WAIT_MS)  # drawn, not blank
    qtbot.waitUntil(lambda: colours_shown(altair) > 3, timeout=PAGE_WAIT_MS)
    assert plotly.height() > 300 and altair.errors == [] and plotly.errors == []
    assert not web_outputs(view.cells[4]) and view.cells[4].built
    assert WebEngine.get().blocked[blocked_before:] == []  # nothing asked of the network


def test_requests_beyond_dsstudios_own_files_are_blocked_and_counted(qtbot, window, project):
    engine = WebEngine.get()
    before = len(engine.blocked)
    path = notebook_file(project / "remote.ipynb", [v4.new_code_cell(
        "from IPython.display import HTML\n"
        "HTML(\"<script>document.title = 'x'</script><img src='https://example.com/a.png'>"
        "<iframe src='file:///etc/passwd'></iframe>\")")])
    view = window.open_file(path)
    run_all(qtbot, view)
    drawn_output(qtbot, view.cells[0])
    qtbot.waitUntil(lambda: len(engine.blocked) - before >= 2, timeout=PAGE_WAIT_MS)
    assert sorted(engine.blocked[before:]) == ["file:///etc/passwd", "https://example.com/a.png"]


def test_an_untrusted_notebook_runs_no_script_until_trusted(qtbot, window, project):
    path = notebook_file(project / "shared.ipynb", [stored_html_cell(), stored_html_cell(),
                                                    v4.new_code_cell("x = 1")])
    view = window.open_file(path)
    qtbot.waitUntil(lambda: view.cells[1].built)
    assert view.trust_bar.isVisibleTo(view)
    assert "Trust this notebook to show its 2 interactive outputs" in view.trust_bar.label.text()
    assert not web_outputs(view.cells[0]) and not web_outputs(view.cells[1])
    assert "shown when the notebook is trusted" in view.cells[0].widget.outputs_box.findChildren(QLabel)[0].text()
    view.trust_bar.button.click()
    assert not view.trust_bar.isVisibleTo(view)
    web = drawn_output(qtbot, view.cells[0])
    assert page_value(qtbot, web, "document.getElementById('made').textContent") == "ran"
    # Signed in Jupyter's store: trusted when opened again, here or in JupyterLab.
    with NotebookNotary() as notary:
        assert notary.check_signature(nbformat.read(str(path), as_version=4))


def test_outputs_made_in_this_session_are_trusted_and_saving_signs(qtbot, window, project):
    path = notebook_file(project / "mine.ipynb", [v4.new_code_cell(
        f"from IPython.display import HTML\nHTML({SCRIPTED_HTML!r})")])
    view = window.open_file(path)
    run_all(qtbot, view)
    assert not view.trust_bar.isVisibleTo(view)
    web = drawn_output(qtbot, view.cells[0])
    assert page_value(qtbot, web, "document.getElementById('made').textContent") == "ran"
    assert view.save()
    with NotebookNotary() as notary:
        assert notary.check_signature(nbformat.read(str(path), as_version=4))


def test_two_hundred_charts_make_views_only_near_the_screen(qtbot, window, project):
    figure = {"data": [{"type": "scatter", "x": [1, 2, 3], "y": [3, 1, 2]}], "layout": {"height": 300}}
    cells = []
    for index in range(200):
        cell = v4.new_code_cell(f"chart({index})")
        cell.outputs = [v4.new_output("display_data", data={
            "application/vnd.plotly.v1+json": figure, "text/plain": f"chart {index}"})]
        cells.append(cell)
    path = notebook_file(project / "many.ipynb", cells)
    with NotebookNotary() as notary:  # a notebook the user trusted before
        notary.sign(nbformat.read(str(path), as_version=4))
    window.resize(1200, 800)
    view = window.open_file(path)
    qtbot.waitUntil(lambda: view.cells[0].built and bool(web_outputs(view.cells[0])))
    near = len(view.findChildren(WebOutput))
    assert 0 < near < 30
    bar = view.scroll.verticalScrollBar()
    for step in range(1, 11):  # down to the end, a few screens at a time
        bar.setValue(bar.maximum() * step // 10)
        view.build_visible_cells()
        qtbot.wait(1)
        assert len(view.findChildren(WebOutput)) < 30

    def at_the_end() -> bool:  # (built cells are taller than their guesses: the end moves)
        bar.setValue(bar.maximum())
        return view.cells[-1].built

    qtbot.waitUntil(at_the_end, timeout=PAGE_WAIT_MS)
    assert not view.cells[1].built  # (the first is selected: it stays built)
    qtbot.waitUntil(lambda: len(view.findChildren(WebOutput)) < 30)
    assert len(WebEngine.get().pages) < 40  # the pages of released views went with them


PLOTLY_CELL = ("import pandas as pd, plotly.express as px\n"
               "df = pd.DataFrame({'a': [1, 2, 3], 'b': [3, 1, 2]})\n"
               "px.scatter(df, x='a', y='b')")


def test_the_console_and_notebook_show_one_line_not_a_misleading_repr(qtbot, window, project):
    window.console.run_code(PLOTLY_CELL)
    wait_for_console(qtbot, window, lambda text: "Plotly chart): shown in a notebook" in text)
    window.console.run_code("import ipywidgets\nipywidgets.IntSlider(value=3, max=10)")
    wait_for_console(qtbot, window, lambda text: "an ipywidgets widget: not shown in the console" in text)
    text = console_text(window)
    assert "Figure({" not in text and "Out[2]: IntSlider(" not in text
    # A notebook's widget whose model is nowhere (no kernel made it, no state was saved).
    cell = v4.new_code_cell("slider")
    cell.outputs = [v4.new_output("display_data", data={
        "application/vnd.jupyter.widget-view+json": {"model_id": "gone", "version_major": 2, "version_minor": 0},
        "text/plain": "IntSlider(value=3, max=10)"})]
    view = window.open_file(notebook_file(project / "widget.ipynb", [cell]))
    qtbot.waitUntil(lambda: view.cells[0].built)
    shown = "\n".join(label.text() for label in view.cells[0].widget.outputs_box.findChildren(QLabel))
    assert "an ipywidgets widget" in shown and "IntSlider(" not in shown


def test_charts_take_the_dark_theme_and_follow_the_panes_width(qtbot, window, project, light_after):
    path = notebook_file(project / "dark.ipynb", [v4.new_code_cell(PLOTLY_CELL)])
    window.resize(1300, 900)
    view = window.open_file(path)
    run_all(qtbot, view)
    light = drawn_output(qtbot, view.cells[0])
    assert page_value(qtbot, light, "document.getElementById('output')._fullLayout.plot_bgcolor") != "#2a2d33"
    apply_app_theme("dark")
    qtbot.waitUntil(lambda: web_outputs(view.cells[0]) and web_outputs(view.cells[0])[0] is not light)
    dark = drawn_output(qtbot, view.cells[0])
    assert page_value(qtbot, dark, "document.getElementById('output')._fullLayout.plot_bgcolor") == "#2a2d33"
    assert page_value(qtbot, dark, "getComputedStyle(document.body).backgroundColor") == "rgb(30, 31, 34)"
    wide = page_value(qtbot, dark, "document.querySelector('.main-svg').getBoundingClientRect().width")
    before = dark.width()
    window.resize(700, 900)
    qtbot.waitUntil(lambda: dark.width() < before - 30)

    def chart_fits() -> bool:
        width = page_value(qtbot, dark, "document.querySelector('.main-svg').getBoundingClientRect().width")
        return width <= dark.width() and width < wide - 30

    qtbot.waitUntil(chart_fits, timeout=PAGE_WAIT_MS)


def test_an_outputs_menu_copies_and_saves_its_image(qtbot, window, project, tmp_path):
    path = notebook_file(project / "menu.ipynb", [v4.new_code_cell(PLOTLY_CELL)])
    view = window.open_file(path)
    run_all(qtbot, view)
    web = drawn_output(qtbot, view.cells[0])
    qtbot.waitUntil(lambda: colours_shown(web) > 5, timeout=PAGE_WAIT_MS)
    assert [action.text() for action in web.menu().actions()] == ["Copy Image", "Save Image As…"]
    web.copy_image()
    copied = QApplication.clipboard().image()
    assert not copied.isNull() and copied.width() == web.view.width()
    target = tmp_path / "chart.png"
    assert web.save_image(str(target))
    saved = QImage(str(target))
    assert saved.size() == web.view.size()
    assert len({saved.pixel(x, y) for x in range(0, saved.width(), 4) for y in range(0, saved.height(), 4)}) > 5


def test_latex_outputs_are_typeset_without_asking_for_trust(qtbot, window, project):
    stored = v4.new_code_cell("Math(...)")  # from elsewhere: untrusted, and still typeset (no script of its own)
    stored.outputs = [v4.new_output("display_data", data={"text/latex": "$$\\frac{a}{b} + \\sqrt{x}$$",
                                                          "text/plain": "a/b + sqrt(x)"})]
    path = notebook_file(project / "math.ipynb", [
        stored, v4.new_code_cell("import sympy\nx = sympy.Symbol('x')\nx**2 + sympy.sqrt(x)")])
    view = window.open_file(path)
    assert not view.trust_bar.isVisibleTo(view)
    saved = drawn_output(qtbot, view.cells[0])
    assert page_value(qtbot, saved, "document.querySelectorAll('.katex-display .mfrac').length") == 1
    view.select(1)
    view.run_selected()
    qtbot.waitUntil(lambda: not view.runner.is_running(), timeout=KERNEL_WAIT_MS)
    typeset = drawn_output(qtbot, view.cells[1])
    assert typeset.content.kind == "latex"  # sympy's "$\displaystyle x^{2} + \sqrt{x}$"
    assert page_value(qtbot, typeset, "document.querySelectorAll('.katex .msupsub').length") >= 1
    assert page_value(qtbot, typeset, "document.querySelectorAll('.katex-error').length") == 0
    raw_tex_left = ("[...document.getElementById('output').childNodes]"
                    ".some((node) => node.nodeType === 3 && node.textContent.includes('$'))")
    assert page_value(qtbot, typeset, raw_tex_left) is False  # typeset, not shown as TeX
    # KaTeX's fonts come from dsstudio's own files: nothing blocked, nothing fetched.
    qtbot.waitUntil(lambda: page_value(qtbot, typeset, "[...document.fonts].some((font) => "
                                                       "font.family === 'KaTeX_Main' && font.status === 'loaded')"),
                    timeout=PAGE_WAIT_MS)

"""Pages only for the charts that can be seen (issue 20, memory and speed): charts away from the
screen are pictures and their pages are reused; pages load one at a time, those on screen first.
A chart scrolled away and back is live again: drawn, its own figure, answering the mouse."""

from __future__ import annotations

import nbformat
from nbformat.sign import NotebookNotary
from PySide6.QtWidgets import QWidget

from dsstudio.ui.web.page_loads import PageLoads
from dsstudio.ui.web.web_engine import WebEngine
from dsstudio.ui.web.web_output import WebOutput
from tests.ui.test_web_outputs import PAGE_WAIT_MS, drawn_output, notebook_file, page_value, web_outputs

v4 = nbformat.v4


def chart_notebook(path, charts: int):
    cells = []
    for index in range(charts):
        cell = v4.new_code_cell(f"chart({index})")
        figure = {"data": [{"type": "scatter", "x": [1, 2, 3], "y": [index, index + 2, index + 1]}],
                  "layout": {"title": {"text": f"chart {index}"}}}
        cell.outputs = [v4.new_output("display_data", data={
            "application/vnd.plotly.v1+json": figure, "text/plain": f"chart {index}"})]
        cells.append(cell)
    notebook_file(path, cells)
    with NotebookNotary() as notary:  # a notebook the user trusted before
        notary.sign(nbformat.read(str(path), as_version=4))
    return path


def live_pages(view) -> list[WebOutput]:
    return [web for web in view.findChildren(WebOutput) if web.view is not None]


def shown(web: WebOutput) -> bool:
    """Whether some of it is inside the notebook's viewport."""
    viewport = web.parentWidget()
    while viewport.objectName() != "qt_scrollarea_viewport":
        viewport = viewport.parentWidget()
    top = web.mapTo(viewport, web.rect().topLeft()).y()
    return web.isVisible() and top < viewport.height() and top + web.height() > 0


def distinct_colours(image) -> int:
    return len({image.pixel(x, y) for x in range(0, image.width(), 4) for y in range(0, image.height(), 4)})


def test_a_chart_scrolled_away_is_a_picture_and_comes_back_live(qtbot, window, project):
    window.resize(1200, 800)
    view = window.open_file(chart_notebook(project / "charts.ipynb", 30))
    first = drawn_output(qtbot, view.cells[0])  # (selected: its cell stays built however far)
    qtbot.waitUntil(lambda: distinct_colours(first.image()) > 3, timeout=PAGE_WAIT_MS)
    bar = view.scroll.verticalScrollBar()
    for step in range(1, 6):  # half-way down, a screen at a time
        bar.setValue(bar.maximum() * step // 10)
        view.build_visible_cells()
        qtbot.wait(50)
        # Pages only near the screen, however many cells are built around it.
        assert len(live_pages(view)) <= 5 < len(view.findChildren(WebOutput)) + 3
    assert view.cells[0].built and first.released and first.view is None
    assert first.isVisibleTo(view.cells[0].widget)
    assert distinct_colours(first.image()) > 3  # a picture of the chart, not a blank
    bar.setValue(0)
    view.build_visible_cells()
    qtbot.waitUntil(lambda: first.drawn, timeout=PAGE_WAIT_MS)
    assert not first.released
    figure_y = "JSON.stringify(document.getElementById('output').data[0].y)"
    assert page_value(qtbot, first, figure_y) == "[0,2,1]"  # its own figure, in whatever page
    # Still interactive: a hover over a point shows its label.
    page_value(qtbot, first, "Plotly.Fx.hover('output', [{curveNumber: 0, pointNumber: 1}]); 1")
    qtbot.waitUntil(lambda: page_value(qtbot, first, "document.querySelectorAll('.hovertext').length") > 0,
                    timeout=PAGE_WAIT_MS)
    qtbot.waitUntil(lambda: distinct_colours(first.view.grab().toImage()) > 3, timeout=PAGE_WAIT_MS)
    assert not first.errors


def test_the_charts_on_screen_load_first_one_page_at_a_time(qtbot, window, project):
    """Of the charts built around the screen when a notebook opens, the ones shown load first,
    one page at a time: when the first is drawn, no chart below the screen has started."""
    window.resize(1200, 800)
    WebEngine.get().spares.clear()  # (no page kept from an earlier test: each chart loads one)
    view = window.open_file(chart_notebook(project / "charts.ipynb", 12))
    first = web_outputs(view.cells[0])[0]
    at_first_draw: list[list[tuple[bool, bool]]] = []

    def look_at_the_others() -> None:  # (on screen, its page started loading) of each other chart
        at_first_draw.append([(shown(web), web.page_name is not None and not web.drawn)
                              for web in view.findChildren(WebOutput) if web is not first])

    first.sig_drawn.connect(look_at_the_others)
    qtbot.waitUntil(lambda: bool(at_first_draw), timeout=PAGE_WAIT_MS)
    others = at_first_draw[0]
    assert len(others) >= 2  # (built around the screen meanwhile)
    loading = [shown for shown, started in others if started]
    assert len(loading) <= 1 and all(loading)


class Load:
    """A page load that records when it starts (what PageLoads calls: no web engine needed)."""

    def __init__(self, name: str, shown: bool, started: list[str]) -> None:
        self.name, self.shown, self.started = name, shown, started

    def on_screen(self) -> bool:
        return self.shown

    def start_load(self) -> None:
        self.started.append(self.name)

    def alive(self) -> bool:
        return True


def test_pages_load_one_at_a_time_those_on_screen_first(qtbot):
    owner = QWidget()
    qtbot.addWidget(owner)
    loads, started = PageLoads(owner), []
    below, shown, gone = (Load("below", False, started), Load("shown", True, started),
                          Load("gone", True, started))
    for load in (below, shown, gone):
        loads.request(load)
    loads.cancel(gone)  # (its output went away before its turn)
    qtbot.waitUntil(lambda: started == ["shown"])
    qtbot.wait(20)
    assert started == ["shown"]  # the next waits for this one
    loads.finished(shown)
    qtbot.waitUntil(lambda: started == ["shown", "below"])
    loads.finished(below)
    assert not loads.busy()

"""The notebook's layout (issue 19): heights that fit after a resize made while hidden, wide
outputs that scroll inside themselves, and scrolling that costs what is on screen."""

from __future__ import annotations

import json
from itertools import pairwise
from pathlib import Path

import nbformat
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from tests.ui.helpers import KERNEL_WAIT_MS

v4 = nbformat.v4

TRACEBACK = [
    "\x1b[0;31m" + "-" * 75 + "\x1b[0m",
    "\x1b[0;31mValueError\x1b[0m                                Traceback (most recent call last)",
    "Cell \x1b[0;32mIn[3], line 1\x1b[0m\n\x1b[0;32m----> 1\x1b[0m "
    + "\x1b[43mfit\x1b[49m\x1b[43m(\x1b[49m\x1b[43mdata\x1b[49m\x1b[43m)\x1b[49m" * 6,
    "\x1b[0;31mValueError\x1b[0m: the model could not be fitted because " + "the data is odd " * 6,
]


def layout_notebook(project: Path, name: str) -> Path:
    cells = []
    for i in range(6):
        cell = v4.new_code_cell(f"# cell {i}\n" + "value = compute(" + "argument, " * 8 + ")")
        cell.outputs = [
            v4.new_output("stream", name="stdout", text="words that wrap " * 15 + "\n"),
            v4.new_output("error", ename="ValueError", evalue="odd", traceback=TRACEBACK),
        ]
        cells.append(cell)
        cells.append(v4.new_markdown_cell("Some notes that wrap: " + "lorem ipsum " * 15))
    path = project / name
    nbformat.write(v4.new_notebook(cells=cells), str(path))
    return path


def assert_cells_fit(view) -> None:
    """Each built cell is as tall as its content at its width (no gap, nothing clipped), and
    each of its texts is as tall as its wrapped lines."""
    built = [cell for cell in view.cells if cell.built]
    assert built
    for cell in built:
        widget = cell.widget
        assert widget.width() == view.column.width()
        assert widget.height() == widget.fitted_height(), view.cells.index(cell)
        for label in widget.findChildren(QLabel):
            if label.isVisible() and label.wordWrap():
                assert label.height() == label.heightForWidth(label.width()), label.text()[:40]
    for above, below in pairwise(built):
        if view.cells.index(below) == view.cells.index(above) + 1:
            assert above.widget.geometry().bottom() < below.widget.y()


def test_a_notebook_resized_while_hidden_fits_its_cells_when_shown(qtbot, window, project):
    first = window.open_file(layout_notebook(project, "first.ipynb"))
    qtbot.waitUntil(lambda: first.cells[1].built)
    qtbot.wait(50)
    assert_cells_fit(first)
    second = window.open_file(layout_notebook(project, "second.ipynb"))
    qtbot.waitUntil(lambda: second.cells[1].built)
    assert not first.isVisible()
    width = first.width()
    # The splitter's pane that holds the notebooks, much narrower: its room goes to another pane.
    splitter = window.splitter
    pane = next(i for i in range(splitter.count()) if splitter.widget(i).isAncestorOf(second))
    sizes = splitter.sizes()
    other = next(i for i in range(len(sizes)) if i != pane and sizes[i] > 0)
    narrower = min(sizes[pane] - 120, 380)
    sizes[other] += sizes[pane] - narrower
    sizes[pane] = narrower
    splitter.setSizes(sizes)
    qtbot.wait(50)
    assert_cells_fit(second)
    window.notebooks.areas.show(first)
    qtbot.waitUntil(lambda: first.isVisible())
    qtbot.wait(100)
    assert first.width() < width - 50  # resized while hidden (a narrow test window: minimum widths take part of it)
    assert_cells_fit(first)


def test_wide_outputs_scroll_inside_themselves_not_the_notebook(qtbot, window, project):
    from dsstudio.ui.notebook.wide_output import SidewaysScroller

    path = project / "wide.ipynb"
    nbformat.write(v4.new_notebook(cells=[
        v4.new_code_cell("print('x' * 2000)"),
        v4.new_code_cell("import pandas as pd\n"
                         "pd.DataFrame([[i * j for j in range(40)] for i in range(4)],\n"
                         "             columns=[f'column_{j}' for j in range(40)])"),
        v4.new_code_cell("print('a short line')"),
    ]), str(path))
    view = window.open_file(path)
    view.run_all()
    qtbot.waitUntil(lambda: not view.runner.is_running(), timeout=KERNEL_WAIT_MS)
    qtbot.wait(100)
    assert "<table" in view.cells[1].cell.outputs[0]["data"]["text/html"]
    notebook_bar = view.scroll.horizontalScrollBar()
    assert notebook_bar.maximum() == 0 and not notebook_bar.isVisible()
    assert view.column.width() <= view.scroll.viewport().width()
    for cell in view.cells[:2]:
        (scroller,) = cell.widget.findChildren(SidewaysScroller)
        bar = scroller.horizontalScrollBar()
        assert bar.isVisible() and bar.maximum() > 0
        assert scroller.width() < cell.widget.width()
        # As tall as its content, with the bar under it: nothing cut off, no room left over.
        assert scroller.viewport().height() == scroller.widget().height()
        assert scroller.widget().height() >= scroller.widget().sizeHint().height() > 0
    assert not view.cells[2].widget.findChildren(SidewaysScroller)  # text that wraps: none
    assert_cells_fit(view)


def test_height_tree_agrees_with_a_list_of_tops():
    import random
    from bisect import bisect_right
    from itertools import accumulate

    from dsstudio.ui.notebook.cell_tops import HeightTree

    rng = random.Random(19)
    heights = [rng.randint(1, 300) for _ in range(1_000)]
    tree = HeightTree()
    tree.reset(heights)
    for _ in range(300):
        heights[index := rng.randrange(len(heights))] = rng.randint(1, 300)
        tree.set(index, heights[index])
        prefixes = list(accumulate(heights, initial=0))
        count = rng.randrange(len(heights) + 1)
        assert tree.prefix(count) == prefixes[count]
        limit = rng.randint(-5, prefixes[-1] + 5)
        # The largest k whose first k heights fit: bisect on the running sums.
        expected = bisect_right(prefixes, limit) - 1 if limit >= 0 else 0
        assert tree.count_within(limit) == expected


def test_a_scroll_step_looks_at_the_cells_near_the_screen_only(qtbot, window, project, monkeypatch):
    """Issue 19: with 100,000 cells each scroll step cost 0.25 s, every cell's height read
    several times per step to find the few on screen."""
    from dsstudio.ui.notebook.notebook_cell import NotebookCell

    path = project / "many.ipynb"
    # (Written as plain JSON: nbformat validates each new cell and the whole, 12 s for these.)
    empty = {"cell_type": "code", "execution_count": None, "metadata": {}, "outputs": [], "source": ""}
    path.write_text(json.dumps({"cells": [dict(empty, id=f"c{i}") for i in range(20_000)],
                                "metadata": {}, "nbformat": 4, "nbformat_minor": 5}))
    view = window.open_file(path)
    qtbot.waitUntil(lambda: view.cells[0].built)
    reads = []
    height = NotebookCell.height
    monkeypatch.setattr(NotebookCell, "height", lambda cell: reads.append(cell) or height(cell))
    bar = view.scroll.verticalScrollBar()
    for target in [bar.value() + 120 * step for step in range(1, 6)] + [bar.maximum() // 2,
                                                                        bar.maximum()]:
        reads.clear()
        bar.setValue(target)
        view.build_visible_cells()
        # About the cells near the screen (a few screens of them), not 20,000 or more.
        assert 0 < len(reads) < 1_000, len(reads)
        near = view.cells[max(0, view.column.count_above(bar.value()) - 1):][:40]
        qtbot.waitUntil(lambda near=near: any(
            cell.built and cell.widget.isVisible()
            and cell.widget.visibleRegion().boundingRect().height() > 0 for cell in near))
    # Inserting and deleting a cell moves the tops of all the cells after it: they follow.
    view.select(19_990)
    view.insert_cell(below=False)
    view.delete_selected()
    view.build_visible_cells()
    tops = [view.column.top(index) for index in range(19_980, 20_000)]
    assert all(view.cells[index].widget.y() == top for index, top in zip(range(19_980, 20_000), tops)
               if view.cells[index].built)


def test_the_wheel_over_a_wide_output_scrolls_the_notebook(qtbot, window, project):
    from PySide6.QtCore import QPoint, QPointF
    from PySide6.QtGui import QWheelEvent
    from PySide6.QtWidgets import QApplication

    from dsstudio.ui.notebook.wide_output import SidewaysScroller

    path = project / "tall.ipynb"
    wide = v4.new_code_cell("print('x' * 2000)")
    wide.outputs = [v4.new_output("stream", name="stdout", text="x" * 2000 + "\n")]
    nbformat.write(v4.new_notebook(cells=[wide] + [v4.new_code_cell(f"y = {i}") for i in range(80)]),
                   str(path))
    view = window.open_file(path)
    qtbot.waitUntil(lambda: view.cells[0].built)
    (scroller,) = view.cells[0].widget.findChildren(SidewaysScroller)
    sideways = scroller.horizontalScrollBar()
    assert sideways.value() == 0 and sideways.maximum() > 0

    def turn(target, dx: int, dy: int) -> bool:
        """A wheel turn over `target`; whether it took it."""
        position = QPointF(target.rect().center())
        event = QWheelEvent(position, QPointF(target.mapToGlobal(position.toPoint())),
                            QPoint(), QPoint(dx, dy), Qt.MouseButton.NoButton,
                            Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase, False)
        QApplication.sendEvent(target, event)
        return event.isAccepted()

    # The wheel, down, over the output or over its scroll bar: left to the notebook (Qt offers
    # an ignored wheel event from the screen to the parents; a made-up one, as here, stops).
    for target in (scroller.viewport(), sideways):
        assert not turn(target, 0, -120) and sideways.value() == 0
    assert turn(sideways, -120, 0) and sideways.value() > 0  # sideways (a touchpad): the output


def test_asking_which_cells_are_edited_looks_at_the_built_cells_only(qtbot, window, project,
                                                                     monkeypatch):
    """Crash recovery asks a notebook four times a second which cells are being edited: with
    100,000 cells the walk through all of them held the window 37 ms each time."""
    from dsstudio.ui.notebook.notebook_cell import NotebookCell

    path = project / "many.ipynb"
    empty = {"cell_type": "code", "execution_count": None, "metadata": {}, "outputs": [], "source": ""}
    path.write_text(json.dumps({"cells": [dict(empty, id=f"c{i}") for i in range(20_000)],
                                "metadata": {}, "nbformat": 4, "nbformat_minor": 5}))
    view = window.open_file(path)
    qtbot.waitUntil(lambda: view.cells[0].built)
    view.select(3)
    view.current().start_editing()
    editor = view.current().widget.editor
    reads = []

    def widget(cell):
        reads.append(cell)
        return cell.__dict__["widget"]

    # (A property wins over the attribute each cell has: every read of a cell's widget counts.)
    monkeypatch.setattr(NotebookCell, "widget", property(
        widget, lambda cell, value: cell.__dict__.__setitem__("widget", value)), raising=False)
    assert view.editing_editors() == [editor] and view.has_unsaved_changes() is False
    assert 0 < len(reads) < 1_000, len(reads)

"""How a notebook's outputs look (issue 14): progress lines, wide images, collapsed and
scrolled outputs."""

from __future__ import annotations

from pathlib import Path

import nbformat
from PySide6.QtWidgets import QLabel

from tests.ui.helpers import KERNEL_WAIT_MS, png_b64

v4 = nbformat.v4


def shown_text(cell) -> str:
    return "\n".join(label.text() for label in cell.widget.outputs_box.findChildren(QLabel))


def stream(text: str, name: str = "stdout"):
    return nbformat.from_dict({"output_type": "stream", "name": name, "text": text})


def test_carriage_returns_overwrite_the_line_when_run_and_when_read(qtbot, window, project: Path):
    path = project / "progress.ipynb"
    saved = v4.new_code_cell("pass")
    saved.outputs = [stream("0\r1\r2\r3\r"), stream("10%\r20%\r50%\r100%\ndone\r\n", "stderr")]
    nbformat.write(v4.new_notebook(cells=[
        v4.new_code_cell("import sys\nfor i in range(7):\n    print(i, end='\\r', flush=True)"),
        saved]), str(path))
    view = window.open_file(path)
    qtbot.waitUntil(lambda: view.cells[1].built)
    # Saved by another tool with its carriage returns: shown as a terminal shows them.
    assert shown_text(view.cells[1]).splitlines() == ["3", "100%", "done"]
    view.run_selected()
    qtbot.waitUntil(lambda: not view.runner.is_running(), timeout=KERNEL_WAIT_MS)
    assert shown_text(view.cells[0]) == "6"  # issue 14 saw "0123456"


def test_a_wide_image_is_scaled_to_the_pane_and_shown_whole_on_a_click(qtbot, window, project):
    from PySide6.QtCore import QPoint, Qt
    from PySide6.QtWidgets import QDialog

    from dsstudio.ui.notebook.image_output import FittedImage

    path = project / "wide.ipynb"
    cell = v4.new_code_cell("plot()")
    cell.outputs = [v4.new_output("display_data", data={"image/png": png_b64(3000, 600)}),
                    v4.new_output("display_data", data={"image/png": png_b64(100, 50)})]
    nbformat.write(v4.new_notebook(cells=[cell]), str(path))
    window.resize(1200, 700)
    view = window.open_file(path)
    qtbot.waitUntil(lambda: view.cells[0].built)
    wide, small = view.cells[0].widget.outputs_box.findChildren(FittedImage)
    qtbot.waitUntil(lambda: wide.width() < 3000 and wide.width() > 100)
    assert wide.is_scaled() and wide.shown_size().width() <= view.scroll.viewport().width()
    assert wide.height() == wide.shown_size().height() == round(600 * wide.width() / 3000)
    assert view.cells[0].widget.height() < 600  # the cell is as tall as the scaled image
    assert not small.is_scaled() and small.shown_size().width() == 100  # never scaled up
    qtbot.mouseClick(wide, Qt.MouseButton.LeftButton, pos=QPoint(5, 5))
    dialog = window.findChild(QDialog, "FullSizeImage")
    assert dialog is not None and dialog.isVisible()
    dialog.close()


def test_outputs_collapse_and_long_ones_scroll(qtbot, window, project):
    from PySide6.QtCore import QPoint, Qt
    from PySide6.QtWidgets import QPushButton, QScrollArea

    path = project / "long.ipynb"
    long = v4.new_code_cell("for i in range(300): print(i)")
    long.outputs = [stream("".join(f"{i}\n" for i in range(300)))]
    nbformat.write(v4.new_notebook(cells=[long, v4.new_code_cell("x = 1")]), str(path))
    view = window.open_file(path)
    qtbot.waitUntil(lambda: view.cells[0].built)
    widget = view.cells[0].widget
    full = widget.height()
    assert full > 300 * 10
    # Scrolling: the outputs sit in a box of their own, the cell is short, nothing is lost.
    widget.outputs_display.set_scrolled(True)
    scroller = widget.findChild(QScrollArea, "ScrolledOutputs")
    qtbot.waitUntil(lambda: widget.height() < full / 5)
    assert scroller.isVisible() and scroller.widget() is widget.outputs_box
    assert scroller.verticalScrollBar().maximum() > 0 and "299" in shown_text(view.cells[0])
    assert view.notebook.cells[0].metadata["scrolled"] is True and view.modified
    widget.outputs_display.set_scrolled(False)
    qtbot.waitUntil(lambda: widget.height() == full)
    # Collapsing: a click in the prompt column beside the outputs, then on the line left.
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=QPoint(20, widget.height() // 2))
    note = widget.findChild(QPushButton, "CollapsedOutputs")
    qtbot.waitUntil(lambda: widget.height() < 100)
    assert note.isVisible() and not widget.outputs_box.isVisible()
    assert view.notebook.cells[0].metadata["collapsed"] is True
    assert view.notebook.cells[0].metadata["jupyter"] == {"outputs_hidden": True}
    assert view.save()
    saved = nbformat.read(str(path), as_version=4)
    assert saved.cells[0].metadata["collapsed"] is True and saved.cells[0].outputs  # kept
    qtbot.mouseClick(note, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: widget.height() == full)
    assert "collapsed" not in view.notebook.cells[0].metadata
    assert "jupyter" not in view.notebook.cells[0].metadata

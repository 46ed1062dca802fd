"""How a notebook's outputs look (issue 14): progress lines, wide images, collapsed and
scrolled outputs."""

from __future__ import annotations

from pathlib import Path

import nbformat
from PySide6.QtWidgets import QLabel

from tests.ui.helpers import KERNEL_WAIT_MS

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

"""Floods of output (issue 11): the console copies only a glimpse of a notebook's run."""

from __future__ import annotations

from pathlib import Path

import nbformat

from dsstudio.core.console_budget import MAX_LINES, NOTICE
from dsstudio.ui.window.main_window import MainWindow
from tests.ui.helpers import KERNEL_WAIT_MS, console_text, wait_for_console

v4 = nbformat.v4


def test_a_notebook_flood_reaches_the_console_as_a_glimpse(qtbot, window: MainWindow, project: Path):
    path = project / "flood.ipynb"
    nbformat.write(v4.new_notebook(cells=[
        v4.new_code_cell("for i in range(20000):\n    print('line', i)\nprint('the end')")]), str(path))
    view = window.open_file(path)
    view.run_all()
    qtbot.waitUntil(lambda: not view.runner.is_running(), timeout=KERNEL_WAIT_MS * 2)
    outputs = view.cells[0].cell["outputs"]
    text = "".join(o["text"] for o in outputs if o["output_type"] == "stream")
    assert text.count("\n") == 20001 and text.endswith("line 19999\nthe end\n")  # the notebook: all
    wait_for_console(qtbot, window, lambda shown: NOTICE.strip() in shown)
    shown = console_text(window)
    assert "line 0\n" in shown and "line 19999" not in shown
    assert shown.count("\nline ") <= MAX_LINES
    # The console still works for its own runs, in full.
    window.console.run_code("print('\\n'.join(str(i) for i in range(500)))")
    wait_for_console(qtbot, window, lambda shown: "\n499\n" in shown)


def stream_text(cell) -> str:
    return "".join(o["text"] for o in cell.cell["outputs"] if o["output_type"] == "stream")


def test_a_million_lines_end_with_the_right_lines_and_show_all_has_them_all(qtbot, window, project):
    from PySide6.QtWidgets import QLabel, QPlainTextEdit, QPushButton

    path = project / "million.ipynb"
    nbformat.write(v4.new_notebook(cells=[v4.new_code_cell(
        "for i in range(10**6):\n    print(i)")]), str(path))
    view = window.open_file(path)
    view.run_all()
    qtbot.waitUntil(lambda: not view.runner.is_running(), timeout=180_000)
    qtbot.wait(100)  # widgets replaced during the run are deleted by the event loop
    cell = view.cells[0]
    text = stream_text(cell)
    assert text.count("\n") == 10**6 and text.endswith("999998\n999999\n")
    shown = "\n".join(label.text() for label in cell.widget.outputs_box.findChildren(QLabel))
    assert "999999" in shown and "earlier lines not shown" in shown
    button = next(b for b in cell.widget.outputs_box.findChildren(QPushButton) if b.text().startswith("Show all"))
    button.click()
    whole = cell.widget.outputs_box.findChildren(QPlainTextEdit)[0]
    assert whole.blockCount() >= 10**6 and whole.toPlainText().endswith("999999\n")


def test_a_50_mb_line_is_shown_cut_and_saved_whole(qtbot, window, project, tmp_path):
    from PySide6.QtWidgets import QLabel

    from dsstudio.ui.notebook.output_view import save_output_text

    path = project / "wide.ipynb"
    nbformat.write(v4.new_notebook(cells=[v4.new_code_cell("print('ab' * 25_000_000)")]), str(path))
    view = window.open_file(path)
    view.run_all()
    qtbot.waitUntil(lambda: not view.runner.is_running(), timeout=180_000)
    cell = view.cells[0]
    text = stream_text(cell)
    assert len(text) == 50_000_001
    shown = "".join(label.text() for label in cell.widget.outputs_box.findChildren(QLabel))
    assert len(shown) < 100_000
    target = tmp_path / "whole.txt"
    assert save_output_text(cell, text, str(target))
    assert target.stat().st_size == 50_000_001


def test_clear_output_progress_updates_in_place_with_frames_coalesced(qtbot, window, project):
    from PySide6.QtWidgets import QLabel

    path = project / "progress.ipynb"
    nbformat.write(v4.new_notebook(cells=[v4.new_code_cell(
        "from IPython.display import clear_output\nimport time\n"
        "for i in range(300):\n    clear_output(wait=True)\n    print(f'step {i}')\n"
        "    time.sleep(0.002)")]), str(path))
    view = window.open_file(path)
    view.run_all()
    qtbot.waitUntil(lambda: not view.runner.is_running(), timeout=KERNEL_WAIT_MS)
    qtbot.wait(50)
    cell = view.cells[0]
    assert [o.get("text") for o in cell.cell["outputs"]] == ["step 299\n"]
    shown = [label.text() for label in cell.widget.outputs_box.findChildren(QLabel)]
    assert len(shown) == 1 and "step 299" in shown[0] and "step 298" not in shown[0]


def test_two_hundred_figures_are_all_in_the_saved_notebook(qtbot, window, project):
    path = project / "figures.ipynb"
    nbformat.write(v4.new_notebook(cells=[v4.new_code_cell(
        "import matplotlib.pyplot as plt\nfor i in range(200):\n"
        "    plt.figure(figsize=(2, 1.5)); plt.plot([0, i]); plt.show()")]), str(path))
    view = window.open_file(path)
    view.run_all()
    qtbot.waitUntil(lambda: not view.runner.is_running(), timeout=180_000)
    assert view.save()
    outputs = nbformat.read(str(path), as_version=4).cells[0].outputs
    assert sum("image/png" in output.get("data", {}) for output in outputs) == 200


def test_interleaved_runs_of_two_notebooks_and_the_console_do_not_mix(qtbot, window, project):
    """Two notebooks and the console share one client (issue 11): each run's output reaches
    its own cell, whole, however the kernel interleaves them."""
    views = []
    for name in ("a", "b"):
        path = project / f"{name}.ipynb"
        nbformat.write(v4.new_notebook(cells=[
            v4.new_code_cell(f"for i in range(3000):\n    print('{name}', i, flush=True)"),
            v4.new_code_cell(f"print('{name} second')")]), str(path))
        views.append(window.open_file(path))
    for view in views:
        view.run_all()  # queued at once: the kernel runs them one after another
    window.console.run_code("print('console', 7 * 6)")
    for view in views:
        qtbot.waitUntil(lambda view=view: not view.runner.is_running(), timeout=KERNEL_WAIT_MS * 4)
    for name, view in zip(("a", "b"), views):
        first = stream_text(view.cells[0])
        assert first == "".join(f"{name} {i}\n" for i in range(3000))
        assert stream_text(view.cells[1]) == f"{name} second\n"
    wait_for_console(qtbot, window, lambda shown: "console 42\n" in shown)


def test_no_message_is_lost_while_the_gui_thread_holds_the_gil(qtbot, window, project):
    """zmq's PUB/SUB drops messages once 1,000 wait on each side. While the app's GUI thread
    held the GIL (a long C call: here a backtracking regex), the client's Python reader could
    not empty its socket, and a flushed loop lost lines and even its run's idle status (the
    cell never finished; seen under load in CI). The client's socket now has no limit."""
    import re
    import time

    path = project / "flushed.ipynb"
    nbformat.write(v4.new_notebook(cells=[
        v4.new_code_cell("for i in range(30000):\n    print(i, flush=True)")]), str(path))
    view = window.open_file(path)
    view.run_all()
    qtbot.waitUntil(lambda: view.cells[0].state == "running", timeout=KERNEL_WAIT_MS)
    deadline = time.monotonic() + 4
    while time.monotonic() < deadline:  # the kernel prints on; the GIL is ours meanwhile
        re.match("(a+)+$", "a" * 22 + "b")
    qtbot.waitUntil(lambda: not view.runner.is_running(), timeout=KERNEL_WAIT_MS * 2)
    assert stream_text(view.cells[0]) == "".join(f"{i}\n" for i in range(30000))

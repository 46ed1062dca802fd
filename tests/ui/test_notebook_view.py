"""Notebooks in the window, on the project kernel: open, run, outputs, keys, save, stale cells."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QLabel

from dsstudio.ui.window.main_window import MainWindow
from dsstudio.ui.window.window_state import window_state
from tests.ui.helpers import KERNEL_WAIT_MS

v4 = nbformat.v4


@pytest.fixture
def notebook_path(project: Path) -> Path:
    (project / "models.py").write_text("def score():\n    return 1\n")
    nb = v4.new_notebook(cells=[
        v4.new_code_cell("from models import score\nimport helpers"),
        v4.new_markdown_cell("# Results\nSome *notes*."),
        v4.new_code_cell("print('hello')\nscore() + 41"),
        v4.new_code_cell("helpers.double(2)"),
    ], metadata={"custom": {"kept": True}})
    path = project / "analysis.ipynb"
    nbformat.write(nb, str(path))
    return path


def run_and_wait(qtbot, view, action) -> None:
    action()
    qtbot.waitUntil(lambda: not view.runner.is_running(), timeout=KERNEL_WAIT_MS)


def source_shown(widget) -> str:
    """The text of a cell widget's source view (code is highlighted: without its colours)."""
    document = QTextDocument()
    document.setHtml(widget.source_view.text())
    return document.toPlainText()


def shown_text(cell) -> str:
    return "\n".join(label.text() for label in cell.widget.outputs_box.findChildren(QLabel))


def test_open_run_save_and_reopen(qtbot, window: MainWindow, notebook_path: Path):
    view = window.open_file(notebook_path)
    tabs = window.areas.tabs_of(view)
    assert tabs.currentWidget() is view and len(view.cells) == 4
    run_and_wait(qtbot, view, view.run_all)
    code = view.cells[2]
    assert code.cell.execution_count == 2
    assert "hello" in shown_text(code) and "42" in shown_text(code)
    assert tabs.tabText(tabs.indexOf(view)).startswith("●")
    assert view.save()
    saved = nbformat.read(str(notebook_path), as_version=4)
    assert saved.metadata["custom"] == {"kept": True}
    assert [o["output_type"] for o in saved.cells[2].outputs] == ["stream", "execute_result"]
    assert tabs.tabText(tabs.indexOf(view)) == "analysis.ipynb"


def test_outputs_of_each_kind(qtbot, window, project):
    path = project / "kinds.ipynb"
    nbformat.write(v4.new_notebook(cells=[
        v4.new_code_cell("import matplotlib.pyplot as plt\nplt.plot([1, 2]); plt.show()"),
        v4.new_code_cell("from IPython.display import HTML, Markdown\n"
                         "HTML('<table><tr><th>a</th></tr><tr><td>1</td></tr></table>')"),
        v4.new_code_cell("raise ValueError('bad value')"),
        v4.new_code_cell("print('never')"),
    ]), str(path))
    view = window.open_file(path)
    run_and_wait(qtbot, view, view.run_all)
    image_labels = [lbl for lbl in view.cells[0].widget.outputs_box.findChildren(QLabel)
                    if lbl.pixmap() is not None and not lbl.pixmap().isNull()]
    assert image_labels and image_labels[0].pixmap().width() > 100
    assert "<table>" in shown_text(view.cells[1])
    assert "ValueError" in shown_text(view.cells[2]) and "bad value" in shown_text(view.cells[2])
    assert view.cells[3].cell.outputs == []  # a failure stops "run all"


def test_command_mode_keys(qtbot, window, notebook_path):
    view = window.open_file(notebook_path)
    view.setFocus()
    view.select(0)
    qtbot.keyClick(view, Qt.Key.Key_B)
    assert len(view.cells) == 5 and view.selected == 1 and view.cells[1].source() == ""
    qtbot.keyClick(view, Qt.Key.Key_M)
    assert view.cells[1].cell.cell_type == "markdown"
    qtbot.keyClick(view, Qt.Key.Key_D)
    qtbot.keyClick(view, Qt.Key.Key_D)
    assert len(view.cells) == 4
    qtbot.keyClick(view, Qt.Key.Key_Z)
    assert len(view.cells) == 5 and view.cells[1].cell.cell_type == "markdown"
    qtbot.keyClick(view, Qt.Key.Key_Down)
    assert view.selected == 2
    qtbot.keyClick(view, Qt.Key.Key_Return)
    assert view.cells[2].is_editing()
    view.command_mode()
    assert not view.cells[2].is_editing()
    assert [c.cell_type for c in view.notebook.cells] == ["code", "markdown", "markdown", "code", "code"]


def test_edit_run_and_advance(qtbot, window, notebook_path):
    view = window.open_file(notebook_path)
    view.select(3)
    view.current().start_editing()
    view.current().widget.editor.set_text("6 * 7")
    run_and_wait(qtbot, view, view.run_and_advance)
    assert len(view.cells) == 5 and view.selected == 4  # a new cell below the last
    assert view.cells[3].cell.source == "6 * 7" and "42" in shown_text(view.cells[3])


def test_stale_cells_after_a_module_is_saved(qtbot, project, notebook_path, window):
    # (notebook_path first: its files are written before the window watches the project.)
    view = window.open_file(notebook_path)
    run_and_wait(qtbot, view, view.run_all)
    qtbot.waitUntil(lambda: window.live_reload is not None and not window.live_reload.is_busy(),
                    timeout=KERNEL_WAIT_MS)
    editor = window.open_file(project / "models.py")
    editor.set_text("def score():\n    return 2\n")
    editor.insertText(0, "")
    window.save()
    qtbot.waitUntil(lambda: view.stale.count() == 1, timeout=KERNEL_WAIT_MS)
    assert view.cells[2].stale and not view.cells[3].stale
    assert "1 stale" in view.toolbar.stale_label.text() and view.toolbar.run_stale_action.isVisible()
    run_and_wait(qtbot, view, view.run_stale)
    assert view.stale.count() == 0 and "43" in shown_text(view.cells[2])


def test_malformed_notebook_is_refused_and_untouched(qtbot, window, project, monkeypatch):
    path = project / "broken.ipynb"
    path.write_text('{"cells": [')
    warnings = []
    monkeypatch.setattr("dsstudio.ui.notebook.notebook_pane.QMessageBox.warning",
                        lambda _parent, title, text: warnings.append(text))
    assert window.open_file(path) is None
    assert warnings and "broken.ipynb" in warnings[0]
    assert path.read_text() == '{"cells": ['


def test_a_big_notebook_builds_the_cells_near_the_screen(qtbot, window, project):
    path = project / "big.ipynb"
    nbformat.write(v4.new_notebook(cells=[
        v4.new_code_cell(f"x = {i}\nprint(x)", execution_count=i + 1,
                         outputs=[v4.new_output("stream", name="stdout", text=f"{i}\n")])
        for i in range(400)]), str(path))
    view = window.open_file(path)
    qtbot.waitUntil(lambda: view.cells[0].built)
    built = [cell for cell in view.cells if cell.built]
    assert 0 < len(built) < 100 and not view.cells[-1].built
    bar = view.scroll.verticalScrollBar()
    bar.setValue(bar.maximum())
    qtbot.waitUntil(lambda: view.cells[-1].built)
    assert not view.cells[200].built  # the middle was jumped over, never built
    last = view.cells[-1]
    # Built cells are as tall as their content at their width (nothing cut off).
    assert last.height() == last.widget.layout().totalHeightForWidth(last.widget.width())
    assert "399" in shown_text(last)
    view.select(200)  # selecting a cell builds it and brings it on screen
    assert view.cells[200].built and view.cells[200].widget.visibleRegion().boundingRect().height() > 0


def test_ten_thousand_cells_keep_a_layout_the_size_of_a_screen(qtbot, window, project):
    """Issue 11: a notebook of 10,000 cells did not open in 300 s (a widget per cell in one
    layout). Only cells near the screen are built and laid out, whatever the scrolling."""
    path = project / "long.ipynb"
    nbformat.write(v4.new_notebook(cells=[v4.new_code_cell(f"cell_{i} = {i}") for i in range(10_000)]),
                   str(path))
    # In the side column, as when this was written: in the test's 720 px window the main area
    # is 237 px wide, and there the scroll bar set to its end falls short of it once the
    # cells' real heights are known (a user's next scroll step goes on; this test's does not).
    view = window.notebooks.open(path, area="side")
    qtbot.waitUntil(lambda: view.cells[0].built)
    layout_items = view.column.layout().count()
    assert layout_items < 200 and sum(cell.built for cell in view.cells) < 200
    bar = view.scroll.verticalScrollBar()
    # The scroll range covers every cell: the blanks hold their places.
    assert bar.maximum() > 10_000 * view.cells[-1].height() * 0.9
    for fraction in (0.25, 0.5, 0.75, 1.0):  # scrolling through builds near the screen only
        bar.setValue(int(bar.maximum() * fraction))
        qtbot.waitUntil(lambda: any(cell.built and cell.widget.isVisible()
                                    and cell.widget.visibleRegion().boundingRect().height() > 0
                                    for cell in view.cells[int(9_999 * fraction) - 60:]))
    qtbot.waitUntil(lambda: view.cells[-1].built)
    assert sum(cell.built for cell in view.cells) < 300
    # Built out of sight and then shown, a cell's content fills it (it once stayed squeezed at
    # a new widget's size: sources cut to a line, outputs hidden).
    for cell in [cell for cell in view.cells if cell.built][-5:]:
        source = cell.widget.source_view
        assert source.height() >= source.heightForWidth(source.width()) > 0
        assert cell.widget.fitted_height() == cell.height()
    assert not view.cells[2_500].built  # built while it was near, a blank again now
    assert "cell_9999 = 9999" in source_shown(view.cells[-1].widget)
    # A cell built again answers clicks: the click selects it.
    qtbot.mouseClick(view.cells[-1].widget, Qt.MouseButton.LeftButton)
    assert view.selected == 9_999
    view.select(2_500)  # selecting brings a blank back, on screen
    qtbot.waitUntil(lambda: view.cells[2_500].widget.visibleRegion().boundingRect().height() > 0)
    assert "cell_2500 = 2500" in source_shown(view.cells[2_500].widget)


def test_huge_cells_show_their_start_then_all_and_save_whole(qtbot, window, project):
    """Issue 11: a 1 MB markdown cell took 45 s to open, an 8 MB code line 30 s."""
    path = project / "huge_cells.ipynb"
    markdown = "".join(f"* point {i}\n" for i in range(80_000))  # about 1 MB
    line = "x = '" + "y" * 8_000_000 + "'"
    nbformat.write(v4.new_notebook(cells=[v4.new_markdown_cell(markdown), v4.new_code_cell(line)]),
                   str(path))
    view = window.open_file(path)
    from PySide6.QtWidgets import QPlainTextEdit, QPushButton

    for index, whole in enumerate((markdown, line)):
        view.select(index)
        cell = view.cells[index].widget
        shown = source_shown(cell)
        assert 0 < len(shown) < 50_000  # the start, not megabytes laid out
        more = cell.findChild(QPushButton, "ShowWholeSource")
        assert more is not None and f"{len(whole):,} characters" in more.text()
        qtbot.mouseClick(more, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda cell=cell: cell.findChild(QPlainTextEdit, "WholeText") is not None)
        assert cell.findChild(QPlainTextEdit, "WholeText").toPlainText() == whole
    assert "point 1" in source_shown(view.cells[0].widget)
    assert view.save()
    saved = nbformat.read(str(path), as_version=4)
    assert saved.cells[0].source == markdown and saved.cells[1].source == line


def test_huge_output_is_cut_then_shown_whole_or_saved(qtbot, window, project, tmp_path):
    path = project / "huge.ipynb"
    text = "".join(f"line {i}\n" for i in range(100_000))
    nbformat.write(v4.new_notebook(cells=[v4.new_code_cell("print(lines)", outputs=[
        v4.new_output("stream", name="stdout", text=text)])]), str(path))
    view = window.open_file(path)
    cell = view.cells[0]
    view.select(0)  # built (it is the selected cell)
    # A stream shows its latest lines (issue 11): the end of a loop is what one looks for.
    assert "line 99999" in shown_text(cell) and "line 0<" not in shown_text(cell)
    assert "line 0\n" not in shown_text(cell) and "earlier lines not shown" in shown_text(cell)
    from PySide6.QtWidgets import QPlainTextEdit, QPushButton

    from dsstudio.ui.notebook.output_view import save_output_text

    show_all = cell.widget.outputs_box.findChild(QPushButton, "ShowAllOutput")
    qtbot.mouseClick(show_all, Qt.MouseButton.LeftButton)
    whole = cell.widget.outputs_box.findChild(QPlainTextEdit)
    assert whole is not None and whole.toPlainText() == text
    target = tmp_path / "out.txt"
    assert save_output_text(view, text, str(target)) and target.read_text() == text


def test_markdown_cell_edits_as_text_and_renders_after(qtbot, window, notebook_path):
    view = window.open_file(notebook_path)
    view.setFocus()
    view.select(1)
    qtbot.keyClick(view, Qt.Key.Key_Return)
    markdown = view.cells[1]
    assert markdown.is_editing()
    markdown.widget.editor.set_text("## Findings\n**bold** claim")
    view.run_and_advance()  # Shift+Enter on markdown: render, move on
    assert not markdown.is_editing() and view.selected == 2
    assert markdown.widget.source_view.textFormat() == Qt.TextFormat.MarkdownText
    assert markdown.cell.source == "## Findings\n**bold** claim"


def test_file_save_acts_on_the_focused_notebook(qtbot, window, notebook_path):
    view = window.open_file(notebook_path)
    view.insert_cell(below=True)
    view.setFocus()
    qtbot.waitUntil(lambda: window.focused_notebook() is view)
    window.actions["save"].trigger()
    assert not view.modified
    assert len(nbformat.read(str(notebook_path), as_version=4).cells) == 5


def test_save_outputs_is_a_project_setting(qtbot, window, project, notebook_path):
    view = window.open_file(notebook_path)
    run_and_wait(qtbot, view, view.run_all)
    view.toolbar.save_outputs.setChecked(False)  # as the user does
    other = window.open_file(window.notebooks.create(project).path)
    assert other.save_outputs is False and other.toolbar.save_outputs.isChecked() is False
    assert view.save()
    saved = nbformat.read(str(notebook_path), as_version=4)
    assert all(c.get("outputs", []) == [] for c in saved.cells)
    assert view.cells[2].cell.outputs  # the open notebook keeps them
    assert window_state(window).save_notebook_outputs is False


def test_restart_and_run_all_and_run_above_below(qtbot, window, notebook_path, monkeypatch):
    view = window.open_file(notebook_path)
    monkeypatch.setattr(window, "confirm_restart", lambda: True)
    view.sig_restart_requested.emit(True)
    qtbot.waitUntil(lambda: view.cells[3].cell.get("execution_count") is not None,
                    timeout=KERNEL_WAIT_MS)
    qtbot.waitUntil(lambda: not view.runner.is_running(), timeout=KERNEL_WAIT_MS)
    assert [c.cell.get("execution_count") for c in view.cells] == [1, None, 2, 3]
    view.select(2)
    run_and_wait(qtbot, view, view.run_below)
    assert [c.cell.get("execution_count") for c in view.cells] == [1, None, 4, 5]
    run_and_wait(qtbot, view, view.run_above)
    assert [c.cell.get("execution_count") for c in view.cells] == [6, None, 4, 5]
    view.move_selected(-1)
    assert [c.cell_type for c in view.notebook.cells] == ["code", "code", "markdown", "code"]
    assert view.selected == 1


def test_a_cell_edited_after_it_ran_is_marked(qtbot, window, notebook_path):
    view = window.open_file(notebook_path)
    run_and_wait(qtbot, view, view.run_all)
    view.select(3)
    view.current().start_editing()
    view.current().widget.editor.set_text("helpers.double(21)")
    view.select(0)  # leaving the cell ends editing
    assert not view.cells[3].is_editing() and view.cells[3].stale and view.stale.count() == 1
    assert view.cells[3].cell.source == "helpers.double(21)"
    run_and_wait(qtbot, view, view.run_stale)
    assert view.stale.count() == 0 and "42" in shown_text(view.cells[3])


def test_copy_paste_cells_and_interrupt(qtbot, window, notebook_path):
    view = window.open_file(notebook_path)
    view.setFocus()
    view.select(2)
    qtbot.keyClick(view, Qt.Key.Key_C)
    qtbot.keyClick(view, Qt.Key.Key_V)
    assert len(view.cells) == 5 and view.selected == 3
    assert view.cells[3].source() == view.cells[2].source()
    assert view.cells[3].cell is not view.cells[2].cell  # a copy, with its own id
    assert view.cells[3].cell.get("id") != view.cells[2].cell.get("id")
    view.cells[3].cell["source"] = "import time\ntime.sleep(60)"
    view.cells[4].cell["source"] = "print('after')"
    view.select(3)
    view.run_below()
    qtbot.waitUntil(lambda: view.cells[3].state == "running", timeout=KERNEL_WAIT_MS)
    assert view.cells[4].state == "queued"
    qtbot.wait(300)
    view.interrupt()
    qtbot.waitUntil(lambda: not view.runner.is_running(), timeout=KERNEL_WAIT_MS)
    assert "KeyboardInterrupt" in shown_text(view.cells[3])
    assert view.cells[4].state == "idle" and view.cells[4].cell.outputs == []


def test_saving_an_unchanged_notebook_writes_jupyters_bytes(qtbot, window, notebook_path):
    before = notebook_path.read_bytes()  # written by nbformat, as Jupyter writes
    view = window.open_file(notebook_path)
    view.select(2)
    view.current().start_editing()
    view.command_mode()  # entered and left a cell without changing it
    assert view.save()
    assert notebook_path.read_bytes() == before


def test_a_notebook_without_a_project_gets_a_message(qtbot, tmp_path, monkeypatch):
    from dsstudio.core.settings import RecentProjects

    path = tmp_path / "loose.ipynb"
    nbformat.write(v4.new_notebook(cells=[v4.new_code_cell("1")]), str(path))
    before = path.read_bytes()
    window = MainWindow(RecentProjects(tmp_path / "recent.json"))
    qtbot.addWidget(window)
    shown = []
    monkeypatch.setattr("dsstudio.ui.notebook.notebook_pane.QMessageBox.information",
                        lambda _parent, _title, text: shown.append(text))
    assert window.open_file(path) is None
    assert shown and "loose.ipynb" in shown[0] and "Open Folder" in shown[0]
    assert path.read_bytes() == before


def test_a_notebook_off_the_format_opens_then_says_so(qtbot, window, project):
    """Validation runs on a worker after the notebook is shown; its notice still reaches the
    user, and the content is kept as it is."""
    import json

    from tests.ui.helpers import wait_for_console

    raw = json.loads(nbformat.writes(v4.new_notebook(cells=[v4.new_code_cell("1 + 1")])))
    raw["cells"][0]["outputs"] = [{"output_type": "future_thing", "payload": 1}]
    path = project / "odd.ipynb"
    path.write_text(json.dumps(raw))
    view = window.open_file(path)
    assert view is not None and view.cells[0].cell.outputs[0]["output_type"] == "future_thing"
    wait_for_console(qtbot, window, lambda text: "odd.ipynb does not fully follow" in text)


def test_notebooks_share_the_kernels_one_client_as_sessions_of_their_own(qtbot, window, project):
    """Each client decodes every message the kernel publishes: a client per notebook made a
    printing loop's messages be decoded over and over, and stalled the window (issue 11)."""
    views = []
    for name in ("one", "two"):
        path = project / f"{name}.ipynb"
        nbformat.write(v4.new_notebook(cells=[v4.new_code_cell(f"print('{name} ran')")]), str(path))
        views.append(window.open_file(path))
    for view in views:
        run_and_wait(qtbot, view, view.run_all)
    first, second = views
    assert first.runner._client is second.runner._client is window.kernel.client
    assert first.runner._session.session != second.runner._session.session
    assert window.kernel.client.session.session not in (first.runner._session.session,
                                                         second.runner._session.session)
    assert "one ran" in shown_text(first.cells[0]) and "two ran" in shown_text(second.cells[0])
    assert "two ran" not in shown_text(first.cells[0])  # replies and outputs kept apart
    # Closing one notebook lets go of the client; the other still runs on it.
    assert first.save()
    window.notebooks.close_view(first)
    assert first.runner._client is None
    second.cells[0].cell["source"] = "print('two again')"
    run_and_wait(qtbot, second, second.run_all)
    assert "two again" in shown_text(second.cells[0])


def test_entering_and_leaving_edit_mode_does_not_mark_the_notebook_modified(qtbot, window,
                                                                               notebook_path):
    """Issue 12: a notebook was marked modified (and asked about on close) after a cell's
    editor was only opened and closed."""
    view = window.open_file(notebook_path)
    view.setFocus()
    view.select(2)
    qtbot.keyClick(view, Qt.Key.Key_Return)  # edit mode
    assert view.current().is_editing()
    view.command_mode()  # Esc: nothing typed
    view.select(3)
    assert not view.modified
    qtbot.keyClick(view, Qt.Key.Key_Return)
    view.current().widget.editor.set_text("helpers.double(3)")
    view.command_mode()
    assert view.modified and view.cells[3].cell.source == "helpers.double(3)"


def test_ctrl_c_in_the_console_interrupts_a_notebook_cell(qtbot, window, project):
    """Issue 12: Ctrl+C in the console interrupted only the console's own runs; a notebook cell
    (or a hung reload) kept the kernel busy with no way to stop it from there."""
    from tests.ui.helpers import wait_for_console

    path = project / "sleepy.ipynb"
    nbformat.write(v4.new_notebook(cells=[v4.new_code_cell(
        "import time\nprint('sleeping', flush=True)\ntime.sleep(60)")]), str(path))
    view = window.open_file(path)
    wait_for_console(qtbot, window, lambda text: "In [" in text)  # the console is up
    view.run_all()
    qtbot.waitUntil(lambda: "sleeping" in "".join(
        o.get("text", "") for o in view.cells[0].cell.get("outputs", [])) or
        (view.cells[0].widget is not None and "sleeping" in shown_text(view.cells[0])),
        timeout=KERNEL_WAIT_MS)
    assert window.kernel.state == "busy" and not window.console.console._executing
    qtbot.keyClick(window.console.console._control, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not view.runner.is_running(), timeout=KERNEL_WAIT_MS)
    assert "KeyboardInterrupt" in shown_text(view.cells[0])

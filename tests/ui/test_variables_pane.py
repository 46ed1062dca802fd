"""View > Variables on a real kernel: the pane beside the console lists the user's names, follows
cells, filters, hides code objects, costs nothing once hidden, opens the data viewer; the viewer
pages, sorts in the kernel and copies TSV."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

from dsstudio.ui.variables.data_viewer import DataViewer
from dsstudio.ui.variables.variables_window import variables_pane
from dsstudio.ui.window.main_window import MainWindow
from tests.ui.helpers import KERNEL_WAIT_MS, wait_for_console


def run(qtbot, window: MainWindow, code: str, marker: str) -> None:
    window.console.run_code(code + f"\nprint({marker!r})")
    wait_for_console(qtbot, window, lambda text: f"\n{marker}" in text)


def hook_count(qtbot, window: MainWindow, marker: str) -> int:
    """How many post_run_cell callbacks the kernel has (dsstudio's own would be one of them)."""
    window.console.run_code("print(" + repr(marker) + ", len(get_ipython().events.callbacks"
                            "['post_run_cell']))")
    found = []

    def seen(text: str) -> bool:
        lines = [line for line in text.splitlines() if line.startswith(marker + " ")]
        found[:] = lines
        return bool(lines)

    wait_for_console(qtbot, window, seen)
    return int(found[-1].split()[-1])


def test_view_variables_lists_follows_filters_and_hides(qtbot, window: MainWindow):
    run(qtbot, window, "import os\nimport pandas as pd\nframe = pd.DataFrame({'a': [1, 2, 3]})\n"
        "def helper(): pass\ncount = 41", "setup-done")
    before = hook_count(qtbot, window, "hooks-before")
    action = window.actions["variables"]
    assert action.text() == "&Variables" and action.isCheckable()
    action.setChecked(True)
    pane = variables_pane(window)
    assert window.side_tabs.currentWidget() is pane
    qtbot.waitUntil(lambda: "frame" in pane.shown_names(), timeout=KERNEL_WAIT_MS)
    assert sorted(pane.shown_names()) == ["count", "frame"]  # no os, pd, helper, In, Out, _
    row = pane.model.rows[pane.shown_names().index("frame")]
    assert (row.cell(1), row.cell(2)) == ("DataFrame", "3 × 1")
    pane.code_toggle.setChecked(True)
    assert {"os", "pd", "helper"} <= set(pane.shown_names())
    pane.code_toggle.setChecked(False)
    # A cell that changes names: the pane follows.
    run(qtbot, window, "count = 42\ndel frame\nnew_list = [1, 2]", "changed")
    qtbot.waitUntil(lambda: sorted(pane.shown_names()) == ["count", "new_list"],
                    timeout=KERNEL_WAIT_MS)
    qtbot.waitUntil(lambda: pane.model.rows[0].preview == "42", timeout=KERNEL_WAIT_MS)
    pane.filter_edit.setText("new")
    assert pane.shown_names() == ["new_list"]
    assert hook_count(qtbot, window, "hooks-open") == before + 1
    # Hidden: the tab goes, and the kernel's per-cell hook with it.
    action.setChecked(False)
    assert window.side_tabs.indexOf(pane) < 0
    asked = iter(range(100))  # a marker of its own per question: an earlier answer never counts
    qtbot.waitUntil(lambda: hook_count(qtbot, window, f"hooks-closed-{next(asked)}") == before,
                    timeout=KERNEL_WAIT_MS)


def test_the_notebook_toolbar_opens_the_pane(qtbot, window: MainWindow):
    window.new_notebook()
    toolbar = window.notebooks.views[-1].toolbar
    [variables] = [a for a in toolbar.actions() if a.text() == "Variables"]
    variables.trigger()
    assert window.actions["variables"].isChecked()
    assert window.side_tabs.currentWidget() is variables_pane(window)


def test_the_data_viewer_pages_sorts_and_copies(qtbot, window: MainWindow):
    run(qtbot, window, "import numpy as np, pandas as pd\n"
        "big = pd.DataFrame({'n': np.arange(1_000_000), 'half': np.arange(1_000_000) // 2})",
        "big-made")
    window.actions["variables"].setChecked(True)
    pane = variables_pane(window)
    qtbot.waitUntil(lambda: "big" in pane.shown_names(), timeout=KERNEL_WAIT_MS)
    pane.table.doubleClicked.emit(pane.model.index(pane.shown_names().index("big"), 0))
    [viewer] = window.findChildren(DataViewer)
    model = viewer.model
    qtbot.waitUntil(lambda: model.rowCount() == 1_000_000, timeout=KERNEL_WAIT_MS)
    assert model.columnCount() == 2 and model.headerData(1, _horizontal()) == "half"
    qtbot.waitUntil(lambda: model.data(model.index(5, 0)) == "5", timeout=KERNEL_WAIT_MS)
    # Only the blocks around what was shown came over, never the frame.
    assert len(model.window.blocks) <= 2
    viewer.table.scrollToBottom()
    last = model.index(999_999, 0)
    model.data(last)
    qtbot.waitUntil(lambda: model.data(last) == "999999", timeout=KERNEL_WAIT_MS)
    # A header click sorts in the kernel.
    viewer.table.sortByColumn(0, _descending())
    qtbot.waitUntil(lambda: model.data(model.index(0, 0)) == "999999", timeout=KERNEL_WAIT_MS)
    assert model.headerData(0, _vertical()) == "999999"
    viewer.table.selectionModel().select(
        model.index(0, 0), viewer.table.selectionModel().SelectionFlag.Select)
    viewer.table.selectionModel().select(
        model.index(1, 1), viewer.table.selectionModel().SelectionFlag.Select)
    assert viewer.copy_selection() == "n\thalf\n999999\t499999\n999998\t499999\n"
    assert QApplication.clipboard().text().startswith("n\thalf\n999999")
    # Rows filtered in the kernel, by a pandas expression.
    viewer.filter_edit.setText("n < 10")
    viewer.filter_edit.returnPressed.emit()
    qtbot.waitUntil(lambda: model.rowCount() == 10, timeout=KERNEL_WAIT_MS)
    assert "10 matching rows" in viewer.title.text()
    viewer.filter_edit.setText("no_such_column > 1")
    viewer.filter_edit.returnPressed.emit()
    qtbot.waitUntil(lambda: "no_such_column" in viewer.message.text(), timeout=KERNEL_WAIT_MS)
    qtbot.waitUntil(lambda: model.rowCount() == 1_000_000, timeout=KERNEL_WAIT_MS)
    # A cell that rebinds the variable refreshes the view.
    run(qtbot, window, "big = pd.DataFrame({'n': [7]})", "rebound")
    qtbot.waitUntil(lambda: model.rowCount() == 1 and model.data(model.index(0, 0)) == "7",
                    timeout=KERNEL_WAIT_MS)
    viewer.close()


def _horizontal():
    from PySide6.QtCore import Qt

    return Qt.Orientation.Horizontal


def _vertical():
    from PySide6.QtCore import Qt

    return Qt.Orientation.Vertical


def _descending():
    from PySide6.QtCore import Qt

    return Qt.SortOrder.DescendingOrder


def test_the_pane_answers_during_a_cell_and_the_kernel_stays_busy(qtbot, window: MainWindow,
                                                                  caplog):
    run(qtbot, window, "during = 'visible'", "set")
    window.actions["variables"].setChecked(True)
    pane = variables_pane(window)
    qtbot.waitUntil(lambda: "during" in pane.shown_names(), timeout=KERNEL_WAIT_MS)
    window.console.run_code("import time\nfor _ in range(600): time.sleep(0.1)")
    qtbot.waitUntil(lambda: window.kernel.state == "busy", timeout=KERNEL_WAIT_MS)
    answers = []
    try:
        pane.bridge.call("describe", lambda result, error: answers.append((result, error)),
                         names=["during"])
        qtbot.waitUntil(lambda: bool(answers), timeout=KERNEL_WAIT_MS)
        # The subshell's own busy/idle did not make the running kernel look idle.
        assert window.kernel.state == "busy"
    finally:
        window.interrupt_kernel()
    assert answers[0][0]["variables"][0]["preview"] == "'visible'"
    qtbot.waitUntil(lambda: window.kernel.state == "idle", timeout=KERNEL_WAIT_MS)
    # The pane's comm answers are not handed to the console (qtconsole logged each one).
    assert "No such comm" not in caplog.text


def test_a_restart_marks_the_list_stale_then_reads_the_new_kernel(qtbot, window: MainWindow):
    run(qtbot, window, "before_restart = 1", "set")
    window.actions["variables"].setChecked(True)
    pane = variables_pane(window)
    qtbot.waitUntil(lambda: "before_restart" in pane.shown_names(), timeout=KERNEL_WAIT_MS)
    window.kernel.restart()
    assert pane.model.stale and "restarted" in pane.notice.text()
    qtbot.waitUntil(lambda: window.kernel.state == "idle", timeout=KERNEL_WAIT_MS)
    qtbot.waitUntil(lambda: not pane.model.stale and pane.shown_names() == [],
                    timeout=KERNEL_WAIT_MS)
    run(qtbot, window, "after_restart = 2", "set-again")
    qtbot.waitUntil(lambda: pane.shown_names() == ["after_restart"], timeout=KERNEL_WAIT_MS)


def test_a_notebook_table_output_opens_its_variable_in_the_data_viewer(qtbot, window, project):
    import nbformat

    path = project / "tables.ipynb"
    nbformat.write(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(
        "import pandas as pd\nsales = pd.DataFrame({'amount': range(5000)})\nsales.head()")]),
        str(path))
    view = window.open_file(path)
    view.run_all()
    qtbot.waitUntil(lambda: any(o.get("output_type") == "execute_result"
                                for o in view.cells[0].cell.get("outputs", [])),
                    timeout=KERNEL_WAIT_MS)
    qtbot.waitUntil(lambda: view.cells[0].built)
    menu = view.cells[0].widget.outputs_display.menu()
    [action] = [a for a in menu.actions() if a.text() == "Open sales in Data Viewer"]
    action.trigger()
    assert window.actions["variables"].isChecked()
    [viewer] = window.findChildren(DataViewer)
    qtbot.waitUntil(lambda: viewer.model.rowCount() == 5000, timeout=KERNEL_WAIT_MS)
    viewer.close()

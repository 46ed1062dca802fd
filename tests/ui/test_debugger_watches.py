"""The Debug pane's watch list (issue 23): expressions evaluated in the selected frame at each
stop, kept per project across sessions."""

from __future__ import annotations

from pathlib import Path

from dsstudio.core.debug.watches import load_watches, watches_file
from dsstudio.core.settings import breakpoints_path
from tests.ui.helpers import KERNEL_WAIT_MS, wait_for_console
from tests.ui.test_debugger import armed, resumed, stop_after


def values(watches) -> dict[str, str]:
    return {watches.tree.topLevelItem(i).text(0): watches.tree.topLevelItem(i).text(1)
            for i in range(watches.tree.topLevelItemCount())}


def test_watches_follow_each_stop_and_the_chosen_frame(qtbot, window, debugger, project: Path):
    watches = debugger.pane.watches
    watches.add("x * 100")
    watches.add("n")
    assert load_watches(watches_file(breakpoints_path(project))) == ["x * 100", "n"]
    armed(qtbot, debugger, project / "helpers.py", 2)
    stop_after(qtbot, debugger, window.console.run_code,
               "import helpers\nn = 7\nprint('got', helpers.double(n))")
    qtbot.waitUntil(lambda: values(watches)["x * 100"] == "700" and values(watches)["n"] != "…",
                    timeout=KERNEL_WAIT_MS)
    assert "NameError" in values(watches)["n"] or "not defined" in values(watches)["n"]
    debugger.pane.stack.setCurrentRow(1)  # the console's frame: n is there, x is not
    qtbot.waitUntil(lambda: values(watches)["n"] == "7", timeout=KERNEL_WAIT_MS)
    watches.add("n + 1")  # added while paused: evaluated at once
    qtbot.waitUntil(lambda: values(watches).get("n + 1") == "8", timeout=KERNEL_WAIT_MS)
    resumed(qtbot, debugger)
    assert set(values(watches).values()) == {"(not paused)"}
    wait_for_console(qtbot, window, lambda text: "got 14" in text)
    watches.tree.setCurrentItem(watches.tree.topLevelItem(0))
    watches.remove_selected()
    assert load_watches(watches_file(breakpoints_path(project))) == ["n", "n + 1"]


def test_watches_are_kept_for_the_project(qtbot, project: Path):
    from dsstudio.core.debug.watches import save_watches
    from tests.ui.helpers import open_project_window

    save_watches(["len(rows)"], watches_file(breakpoints_path(project)))
    window = open_project_window(qtbot, project)
    qtbot.waitUntil(lambda: getattr(window, "debugger", None) is not None, timeout=KERNEL_WAIT_MS)
    assert values(window.debugger.pane.watches) == {"len(rows)": "(not paused)"}


def test_a_notebook_traceback_has_debug_opening_the_post_mortem(qtbot, window, debugger, project):
    import nbformat
    from PySide6.QtWidgets import QToolButton

    path = project / "fails.ipynb"
    nbformat.write(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(
        "import helpers\nhelpers.double(None)")]), str(path))
    view = window.open_file(path)
    view.run_all()
    qtbot.waitUntil(lambda: not view.runner.is_running(), timeout=KERNEL_WAIT_MS)
    button = view.cells[0].widget.outputs_box.findChild(QToolButton, "DebugErrorButton")
    assert button is not None and button.text() == "Debug"
    button.click()
    pane = debugger.pane
    qtbot.waitUntil(lambda: pane.post_mortem is not None, timeout=KERNEL_WAIT_MS)
    assert "TypeError" in pane.status.text()
    assert pane.stack.item(0).text().startswith("double  helpers.py:2")
    assert pane.stack.item(1).text().startswith("<module>  fails.ipynb cell 1:2")

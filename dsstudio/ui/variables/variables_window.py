"""View > Variables: the Variables pane as a tab beside the console, built when first shown.

Shown, it watches the kernel (changed names pushed per cell); hidden, its comm is closed and the
kernel runs nothing for it per cell.
"""

from __future__ import annotations

TAB_TEXT = "Variables"


def variables_pane(window):
    """`window`'s Variables pane, if it was ever shown (it stays the window's child while
    hidden, so it is found without an attribute on the window)."""
    from dsstudio.ui.variables.variables_pane import VariablesPane

    return window.findChild(VariablesPane)


def toggle_variables(window, on: bool) -> None:
    """Show (`on`) or hide the pane in `window`'s side tabs (the `variables` action's handler)."""
    pane = variables_pane(window)
    if pane is not None and pane.kernel is not window.kernel:
        _remove(window)  # another project's kernel now: a new pane for it
        pane = None
    if not on:
        _remove(window)
        return
    if window.kernel is None:
        return
    if pane is None:
        from dsstudio.ui.variables.variables_pane import VariablesPane

        pane = VariablesPane(window.kernel)
        pane.sig_open_viewer.connect(lambda name: open_data_viewer(window, name))
    if window.side_tabs.indexOf(pane) < 0:
        window.side_tabs.addTab(pane, TAB_TEXT)
    window.side_tabs.setCurrentWidget(pane)
    pane.activate()


def show_variables(window) -> None:
    """Show the pane (the notebook toolbar's button), through the View menu's switch."""
    action = window.actions["variables"]
    if action.isChecked():
        toggle_variables(window, True)  # already on: bring its tab forward
    else:
        action.setChecked(True)


def open_data_viewer(window, name: str) -> None:
    """The data viewer on the kernel variable `name`."""
    from dsstudio.ui.variables.data_viewer import show_data_viewer

    show_data_viewer(window, variables_pane(window), name)


def add_open_in_viewer(menu, cell_widget) -> None:
    """"Open in Data Viewer" in a notebook cell's menu, when its output is a table of a named
    variable (core/variables/output_variable.py) and the window has a project kernel."""
    from dsstudio.core.variables.output_variable import shown_variable

    name = shown_variable(cell_widget.cell)
    window = cell_widget.window()
    if name is None or getattr(window, "kernel", None) is None:
        return
    menu.addSeparator()
    action = menu.addAction(f"Open {name} in Data Viewer")
    action.triggered.connect(lambda: open_from_notebook(window, name))


def open_from_notebook(window, name: str) -> None:
    """The pane is shown (the viewer asks through its connection), then the viewer opens; its
    first request waits in the pane's queue behind the connection's opening."""
    show_variables(window)
    open_data_viewer(window, name)


def _remove(window) -> None:
    pane = variables_pane(window)
    if pane is None:
        return
    pane.deactivate()
    index = window.side_tabs.indexOf(pane)
    if index >= 0:
        window.side_tabs.removeTab(index)
    if pane.kernel is not window.kernel:
        pane.setParent(None)  # (no longer found as the window's)
        pane.deleteLater()
    else:
        pane.setParent(window)  # hidden, kept for the next time, with what it listed
        pane.hide()

"""The debugger in a project window: breakpoints loaded and kept, reloads re-sent, a stop shown
in the editor. Made after the first paint (the debugger's modules are not needed before)."""

from __future__ import annotations

from pathlib import Path

from dsstudio.core.debug.dap_session import is_cell_copy
from dsstudio.core.debug.breakpoints import BreakpointStore, load_breakpoints, save_breakpoints
from dsstudio.core.debug.watches import load_watches, save_watches, watches_file
from dsstudio.core.settings import breakpoints_path
from dsstudio.ui.window.actions import PAUSED_ONLY
from dsstudio.ui.debug.breakpoint_gutter import BreakpointGutter
from dsstudio.ui.debug.debug_controller import DebugController
from dsstudio.ui.debug.debug_pane import DebugPane
from dsstudio.ui.debug.paused_place import clear_paused, place_name, show_paused


def attach_debugger(window, root: Path) -> DebugController:
    old = getattr(window, "debugger", None)
    if old is not None:  # the window had another project open: its Debug tab goes with it
        if old.pane is not None:
            window.areas.remove(old.pane)
            old.pane.deleteLater()
        old.deleteLater()
    store = BreakpointStore()
    saved_in = breakpoints_path(root)
    load_breakpoints(store, saved_in)
    debugger = window.debugger = DebugController(window.kernel, store, window)
    debugger.sig_breakpoints_changed.connect(lambda _path: save_breakpoints(store, saved_in))
    if window.live_reload is not None:
        window.live_reload.sig_report.connect(debugger.on_reload_report)
    debugger.sig_paused.connect(lambda frames: show_stop(window, frames))
    debugger.sig_paused.connect(lambda frames: show_paused(window, frames))
    debugger.sig_output.connect(window.console.show_message)
    debugger.sig_failure.connect(window.console.show_message)
    debugger.sig_state_changed.connect(lambda state: _follow_state(window, state))
    for editor in window.tabs.editors():
        add_gutter(window, editor)
    window.tabs.sig_current_changed.connect(lambda editor: add_gutter(window, editor))
    pane = debugger.pane = DebugPane(debugger)
    pane.place_of = lambda path: place_name(window, path)
    watches_in = watches_file(saved_in)
    pane.watches.set_expressions(load_watches(watches_in))
    pane.watches.sig_changed.connect(lambda expressions: save_watches(expressions, watches_in))
    pane.install_button.clicked.connect(lambda: install_debugpy(window))
    pane.restart_button.clicked.connect(window.restart_kernel)
    pane.sig_open_location.connect(lambda path, line: show_location(window, path, line))
    if old is None:  # the console outlives projects: the link finds the debugger of the day
        from dsstudio.ui.debug.error_link import debug_console_error

        window.console.sig_debug_error.connect(lambda still: debug_console_error(window, still))
    window.side_tabs.addTab(pane, "Debug")
    window.areas.register(pane, "debug", closable=False)
    _follow_state(window, debugger.state)
    return debugger


def install_debugpy(window) -> None:
    """Run the install command the Debug pane shows, then restart the kernel to use it."""
    from dsstudio.ui.kernel.command_dialog import CommandDialog, InstallJob

    debugger = window.debugger
    if not debugger.install_command or window.kernel is None:
        return
    job = InstallJob(debugger.install_command, window.kernel.launch.env, package="debugpy")
    debugger.install_dialog = CommandDialog("Install debugpy", job, window)
    debugger.install_dialog.sig_finished.connect(lambda ok, _message: ok and window.restart_now())
    debugger.install_dialog.start()


def add_gutter(window, editor) -> None:
    """Breakpoints in `editor`'s margin (once per editor; a notebook cell's editor has none)."""
    if editor is None or getattr(editor, "breakpoint_gutter", None) is not None \
            or editor not in window.tabs.editors():
        return
    path_of = lambda: window.tabs.document(editor).path  # noqa: E731 (follows Save As)
    editor.breakpoint_gutter = BreakpointGutter(editor, path_of, window.debugger)


def _follow_state(window, state: str) -> None:
    paused = state == "paused"
    if window.kernel is not None:
        window.status.set_kernel_state("paused" if paused else window.kernel.state)
    # F5 is Run File, or Continue while paused (an enabled action owns its keys alone).
    window.actions["run_file"].setEnabled(not paused and window.project_root is not None)
    for name in PAUSED_ONLY:
        window.actions[name].setEnabled(paused)
    for editor in window.tabs.editors():
        gutter = getattr(editor, "breakpoint_gutter", None)
        if gutter is not None:
            gutter.draw()  # hollow while the kernel has no debugger
            if not paused:
                gutter.show_stop(None)
    if not paused:
        clear_paused(window)


def _own_file(window, path: str) -> bool:
    return bool(path) and not is_cell_copy(path, window.debugger.session.debug_info) \
        and Path(path).is_file()


def show_location(window, path: str, line: int):
    """Open `path` at 1-based `line` when it is a file of its own (a notebook cell's frame is
    shown in the Debug pane only: its file is the kernel's copy of the cell); the editor, or None."""
    if not _own_file(window, path):
        return None
    editor = window.open_file(Path(path))
    if editor is None or not hasattr(editor, "goto_line"):
        return None
    editor.goto_line(line - 1)
    return editor


def show_stop(window, frames: list[dict]) -> None:
    """Open the innermost frame that is in a file of its own at its line, marked as stopped."""
    window.areas.show(window.debugger.pane)
    for frame in frames:
        path = (frame.get("source") or {}).get("path") or ""
        if _own_file(window, path):
            editor = show_location(window, path, frame.get("line", 1))
            if editor is not None:
                add_gutter(window, editor)
                editor.breakpoint_gutter.show_stop(frame.get("line", 1) - 1)
            return

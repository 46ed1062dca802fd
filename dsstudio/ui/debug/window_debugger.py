"""The debugger in a project window: breakpoints loaded and kept, reloads re-sent, a stop shown
in the editor. Made after the first paint (the debugger's modules are not needed before)."""

from __future__ import annotations

from pathlib import Path

from dsstudio.core.debug.breakpoints import BreakpointStore, load_breakpoints, save_breakpoints
from dsstudio.core.settings import breakpoints_path
from dsstudio.ui.debug.debug_controller import DebugController


def attach_debugger(window, root: Path) -> DebugController:
    old = getattr(window, "debugger", None)
    if old is not None:  # the window had another project open
        old.deleteLater()
    store = BreakpointStore()
    saved_in = breakpoints_path(root)
    load_breakpoints(store, saved_in)
    debugger = window.debugger = DebugController(window.kernel, store, window)
    debugger.sig_breakpoints_changed.connect(lambda _path: save_breakpoints(store, saved_in))
    if window.live_reload is not None:
        window.live_reload.sig_report.connect(debugger.on_reload_report)
    debugger.sig_paused.connect(lambda frames: show_stop(window, frames))
    debugger.sig_output.connect(window.console.show_message)
    debugger.sig_failure.connect(window.console.show_message)
    return debugger


def show_stop(window, frames: list[dict]) -> None:
    """Open the innermost frame that is in a file of its own at its line (a notebook cell's frame
    is shown in the Debug pane: its file is the kernel's copy of the cell)."""
    cell_prefix = window.debugger.session.debug_info.get("tmpFilePrefix") or "\0"
    for frame in frames:
        path = (frame.get("source") or {}).get("path") or ""
        if path and not path.startswith(cell_prefix) and Path(path).is_file():
            editor = window.open_file(Path(path))
            if editor is not None and hasattr(editor, "goto_line"):
                editor.goto_line(frame.get("line", 1) - 1)
            return

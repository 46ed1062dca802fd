"""The Run menu's debugger commands (named in the actions table as
"dsstudio.ui.debug.debug_commands:NAME", each called with the window)."""

from __future__ import annotations


def toggle_breakpoint(window) -> None:
    """Ctrl+F8: the breakpoint on the caret's line."""
    editor = window.tabs.current_editor()
    gutter = getattr(editor, "breakpoint_gutter", None)
    if gutter is not None:
        gutter.toggle(editor.current_line())


def _session(window):
    debugger = getattr(window, "debugger", None)
    return debugger.session if debugger is not None and debugger.paused else None


def debug_continue(window) -> None:
    if (session := _session(window)) is not None:
        session.resume()


def step_over(window) -> None:
    if (session := _session(window)) is not None:
        session.step_over()


def step_into(window) -> None:
    if (session := _session(window)) is not None:
        session.step_in()


def step_out(window) -> None:
    if (session := _session(window)) is not None:
        session.step_out()

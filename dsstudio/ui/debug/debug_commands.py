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


def stop_run(window) -> None:
    """End the paused run, as VS Code's Stop ends a debugged cell (vscode-jupyter#8069, #1035:
    "run first and then interrupt"; JupyterLab's Terminate re-attaches and lets it run on):
    breakpoints lifted, so a loop does not stop again before the interrupt lands (the hang of
    vscode-jupyter#17105), continue, interrupt; told again once the kernel is idle."""
    session = _session(window)
    if session is None:
        return
    kernel = window.kernel

    def ended(state: str) -> None:
        if state in ("idle", "dead", "restarting"):
            kernel.sig_state_changed.disconnect(ended)
            session.resend_all()

    kernel.sig_state_changed.connect(ended)
    session.stop_run(kernel.interrupt)


def run_to_cursor(window) -> None:
    """Continue to the caret's line: a breakpoint there for this one run, removed at the next
    stop (wherever it is) or when the run ends without reaching it."""
    session = _session(window)
    editor = window.tabs.current_editor()
    path = window.tabs.document(editor).path if editor is not None else None
    if session is None or path is None:
        return
    store, line = window.debugger.store, editor.current_line() + 1
    if store.at(path, line) is None:
        store.toggle(path, line)
        _remove_when_done(window, path, line)
    session.resume()


def _remove_when_done(window, path, line: int) -> None:
    debugger, kernel = window.debugger, window.kernel

    def done(*_args) -> None:
        if kernel.state == "busy" and not debugger.paused:
            return  # still running towards it
        debugger.sig_paused.disconnect(done)
        kernel.sig_state_changed.disconnect(done)
        if debugger.store.at(path, line) is not None:
            debugger.store.toggle(path, line)

    debugger.sig_paused.connect(done)
    kernel.sig_state_changed.connect(done)


def set_condition(window) -> None:
    """A breakpoint on the caret's line that stops only when a Python expression is true."""
    _edit_breakpoint(window, "condition", "Breakpoint Condition",
                     "Stop only when this is true (blank: always stop):")


def set_log_point(window) -> None:
    """A breakpoint on the caret's line that prints a message instead of stopping."""
    _edit_breakpoint(window, "log_message", "Log Point",
                     "Print this instead of stopping, {expressions} in braces (blank: stop):")


def _edit_breakpoint(window, field: str, title: str, label: str) -> None:
    from PySide6.QtWidgets import QInputDialog

    from dsstudio.core.debug.breakpoints import Breakpoint

    editor = window.tabs.current_editor()
    debugger = getattr(window, "debugger", None)
    path = window.tabs.document(editor).path if editor is not None else None
    if debugger is None or path is None:
        return
    line = editor.current_line() + 1
    old = debugger.store.at(path, line) or Breakpoint(line)
    text, ok = QInputDialog.getText(window, title, label, text=getattr(old, field))
    if ok:
        edited = Breakpoint(line, old.condition, old.log_message)
        setattr(edited, field, text.strip())
        debugger.store.set(path, edited)

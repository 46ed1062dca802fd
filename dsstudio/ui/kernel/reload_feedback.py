"""What the user sees of a reload: a status bar line, editor marks, and the console on failure."""

from __future__ import annotations

from pathlib import Path

from dsstudio.core.kernel.reload_protocol import short_summary


def show_reload_report(window, report: dict) -> None:
    """Status bar line; failing lines marked in open editors; good reloads clear their marks."""
    for name in report["reloaded"]:
        editor = window.tabs.editor_for_path(Path(report["files"][name]))
        if editor is not None:
            editor.clear_error_marks()
    first_failure = None
    for failure in report["failed"]:
        first_failure = first_failure or failure
        editor = window.tabs.editor_for_path(Path(failure["path"]))
        if editor is not None and failure["line"]:
            editor.clear_error_marks()
            editor.mark_error_line(failure["line"] - 1, failure["message"])
        window.console.show_message(
            f"Reload of {failure['module']} failed ({failure['path']}, line {failure['line']}): "
            f"{failure['message']}. The module is unchanged.")
    if report.get("output") and report["failed"]:
        window.console.show_message(report["output"].rstrip("\n"))
    for name in report["reloaded"]:
        # Warnings the reload raised (pandas re-registering an accessor, a deprecation in the
        # new code) would otherwise reach no one: the reload runs silently.
        for warning in report["modules"][name].get("warnings") or []:
            window.console.show_message(f"Reload of {name} warned: {warning}")
    if (report.get("dask") or {}).get("dashboard"):
        from dsstudio.ui.kernel.dask_dashboard_link import show_dask_dashboard

        show_dask_dashboard(window.status, report["dask"]["dashboard"])
    text = short_summary(report)
    if not text:
        return
    if first_failure is None:
        window.status.show_reload(text)
    else:
        window.status.show_reload(text, (first_failure["path"], first_failure["line"] or 0))


def open_failure_location(window, path: str, line: int) -> None:
    """The status bar link: open the file and put the caret on the failing line."""
    editor = window.open_file(Path(path))
    if editor is not None and line:
        editor.goto_line(line - 1)

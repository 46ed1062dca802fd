"""The Edit and View commands that act on the current editor (named in the actions table as
"dsstudio.ui.window.editor_commands:NAME", each called with the window)."""

from __future__ import annotations

from PySide6.QtWidgets import QInputDialog


def with_editor(window, action) -> None:
    editor = window.tabs.current_editor()
    if editor is not None:
        action(editor)


def undo(window) -> None:
    with_editor(window, lambda e: e.undo())


def redo(window) -> None:
    with_editor(window, lambda e: e.redo())


def show_find(window) -> None:
    with_editor(window, lambda e: _find_bar_under(window, e).show_find(e))


def show_replace(window) -> None:
    with_editor(window, lambda e: _find_bar_under(window, e).show_replace(e))


def _find_bar_under(window, editor):
    """The find bar, moved under the tabs that show `editor` (the main area or the side column)."""
    column = window.tabs.tabs_of(editor).parentWidget()
    if window.find_bar.parentWidget() is not column:
        column.layout().addWidget(window.find_bar)
    return window.find_bar


def goto_line(window) -> None:
    editor = window.tabs.current_editor()
    if editor is None:
        return
    line, ok = QInputDialog.getInt(window, "Go to Line", "Line:", editor.current_line() + 1,
                                   1, max(1, editor.lineCount()))
    if ok:
        editor.goto_line(line - 1)


def toggle_comment(window) -> None:
    with_editor(window, lambda e: e.toggle_comment())


def zoom_in(window) -> None:
    with_editor(window, lambda e: e.zoom_in())


def zoom_out(window) -> None:
    with_editor(window, lambda e: e.zoom_out())


def zoom_reset(window) -> None:
    with_editor(window, lambda e: e.zoom_reset())


def run_file(window) -> None:
    """Save, then run the file in the project kernel, shown in the console: `%run`, or, for a
    module the kernel has imported, what the user chooses (ui/kernel/run_file_choice.py)."""
    from dsstudio.ui.kernel.run_file_choice import run_file as run_saved_file

    editor = window.tabs.current_editor()
    if editor is None or not window.tabs.save(editor):
        return
    run_saved_file(window, window.tabs.document(editor).path)


def goto_definition(window) -> None:
    if window.intelligence is not None:
        window.intelligence.goto_definition()


def find_references(window) -> None:
    if window.intelligence is not None:
        window.intelligence.find_references()


def navigate_back(window) -> None:
    if window.intelligence is not None:
        window.intelligence.back()

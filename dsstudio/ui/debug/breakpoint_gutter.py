"""Breakpoints in an editor's marker margin: a click or Ctrl+F8 toggles one; Scintilla markers
move with edits and the store follows them; the stopped line is marked while paused."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject

from dsstudio.ui.editor.editor_theme import bgr

# Marker numbers no other part of the editor uses (live reload 1-2, lint 10-11, folding 25-31).
BREAKPOINT, UNVERIFIED, STOPPED_ARROW, STOPPED_LINE = 12, 13, 14, 15
BREAKPOINT_MASK = (1 << BREAKPOINT) | (1 << UNVERIFIED)
MARKER_MARGIN = 1
SC_MARK_CIRCLE, SC_MARK_SHORTARROW, SC_MARK_BACKGROUND = 0, 4, 22
BREAKPOINT_RED, STOPPED_YELLOW = "#e51400", "#ffe98a"


class BreakpointGutter(QObject):
    """One editor's breakpoints, drawn from the debugger's store and written back to it."""

    def __init__(self, editor, path_of, debugger) -> None:
        super().__init__(editor)
        self.editor = editor
        self._path_of = path_of  # () -> the editor's file, or None while untitled
        self.debugger = debugger
        editor.markerDefine(BREAKPOINT, SC_MARK_CIRCLE)
        editor.markerSetFore(BREAKPOINT, bgr(BREAKPOINT_RED))
        editor.markerSetBack(BREAKPOINT, bgr(BREAKPOINT_RED))
        editor.markerDefine(UNVERIFIED, SC_MARK_CIRCLE)  # hollow: the debugger could not bind it
        editor.markerSetFore(UNVERIFIED, bgr(BREAKPOINT_RED))
        editor.markerSetBack(UNVERIFIED, bgr("#ffffff"))
        editor.markerDefine(STOPPED_ARROW, SC_MARK_SHORTARROW)
        editor.markerSetBack(STOPPED_ARROW, bgr("#f2c200"))
        editor.markerDefine(STOPPED_LINE, SC_MARK_BACKGROUND)
        editor.markerSetBack(STOPPED_LINE, bgr(STOPPED_YELLOW))
        editor.setMarginMaskN(MARKER_MARGIN, editor.marginMaskN(MARKER_MARGIN)
                              | BREAKPOINT_MASK | (1 << STOPPED_ARROW))
        editor.setMarginSensitiveN(MARKER_MARGIN, True)
        editor.marginClicked.connect(self._on_margin_clicked)
        editor.sig_text_changed.connect(self._follow_edits)
        debugger.sig_breakpoints_changed.connect(self._on_breakpoints_changed)
        self.draw()

    # ---- Public API
    def path(self) -> str | None:
        path = self._path_of()
        return str(Path(path).resolve()) if path is not None else None

    def toggle(self, line: int) -> None:
        """Toggle the breakpoint on 0-based `line` (the editor's count)."""
        path = self.path()
        if path is not None:
            self._follow_edits()  # the store at the markers' lines before it changes
            self.debugger.toggle_breakpoint(path, line + 1)

    def lines(self) -> list[int]:
        """0-based lines with a breakpoint marker, top to bottom."""
        found, line = [], self.editor.markerNext(0, BREAKPOINT_MASK)
        while line >= 0:
            found.append(line)
            line = self.editor.markerNext(line + 1, BREAKPOINT_MASK)
        return found

    def draw(self) -> None:
        editor, path = self.editor, self.path()
        editor.markerDeleteAll(BREAKPOINT)
        editor.markerDeleteAll(UNVERIFIED)
        if path is None:
            return
        for breakpoint in self.debugger.store.in_file(path):
            unbound = breakpoint.verified is False or not self.debugger.available
            marker = UNVERIFIED if unbound else BREAKPOINT
            editor.markerAdd(breakpoint.line - 1, marker)

    def show_stop(self, line: int | None) -> None:
        """Mark 0-based `line` as where the kernel is stopped (None: not stopped here)."""
        self.editor.markerDeleteAll(STOPPED_ARROW)
        self.editor.markerDeleteAll(STOPPED_LINE)
        if line is not None:
            self.editor.markerAdd(line, STOPPED_ARROW)
            self.editor.markerAdd(line, STOPPED_LINE)

    # ---- Internals
    def _on_margin_clicked(self, position: int, _modifiers: int, margin: int) -> None:
        if margin == MARKER_MARGIN:
            self.toggle(self.editor.lineFromPosition(position))

    def _follow_edits(self) -> None:
        path = self.path()
        if path is not None and self.debugger.store.in_file(path):
            lines = [line + 1 for line in self.lines()]
            if len(lines) == len(self.debugger.store.in_file(path)):
                self.debugger.store.move_lines(path, lines)

    def _on_breakpoints_changed(self, path: str) -> None:
        if path == self.path():
            self.draw()

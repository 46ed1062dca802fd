"""Ruff's findings drawn on a CodeEditor: squiggles, margin marks, and their text on hover.

Squiggles are Scintilla indicators and margin marks are Scintilla markers: both move with the
text as the user types, so a finding stays on its word until the next result replaces it.
Each indicator range carries its finding's number (an indicator value), so hover text and "go
there" still find the right finding after edits.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QPoint
from PySide6.QtWidgets import QApplication, QToolTip

from dsstudio.core.lint.diagnostics import Diagnostic
from dsstudio.core.lint.text_positions import LineIndex
from dsstudio.ui.editor.editor_theme import bgr

# Numbers no other part of the editor uses (live reload: markers 1-2; folding: 25-31).
INDICATORS = {"error": 18, "warning": 19}
MARKERS = {"error": 10, "warning": 11}
COLOURS = {"error": "#e53935", "warning": "#f29900"}
MARKER_MARGIN = 1
INDIC_SQUIGGLEPIXMAP = 13  # a squiggle drawn as a pixmap: the cheap one, legible when small
SC_MARK_CIRCLE, SC_MARK_ROUNDRECT, SC_MARK_EMPTY = 0, 1, 5
SYMBOLS = {"error": SC_MARK_CIRCLE, "warning": SC_MARK_ROUNDRECT}


class DiagnosticMarks(QObject):
    """The findings shown in one editor; replaced as a whole by `show`."""

    def __init__(self, editor) -> None:
        super().__init__(editor)
        self.editor = editor
        self.shown: list[tuple[Diagnostic, int]] = []  # (finding, its marker's handle)
        self._tip_shown = False  # a finding's tip is on screen (hidden when the pause ends)
        for severity in ("error", "warning"):
            indicator, marker = INDICATORS[severity], MARKERS[severity]
            editor.indicSetStyle(indicator, INDIC_SQUIGGLEPIXMAP)
            editor.indicSetFore(indicator, bgr(COLOURS[severity]))
            editor.indicSetUnder(indicator, True)
            editor.markerSetFore(marker, bgr(COLOURS[severity]))
            editor.markerSetBack(marker, bgr(COLOURS[severity]))
        mask = editor.marginMaskN(MARKER_MARGIN)
        editor.setMarginMaskN(MARKER_MARGIN,
                              mask | (1 << MARKERS["error"]) | (1 << MARKERS["warning"]))
        editor.dwellStart.connect(self._on_dwell_start)
        editor.dwellEnd.connect(self._on_dwell_end)

    # ---- Public API
    def show(self, diagnostics: list[Diagnostic], linted_text: str) -> None:
        """Replace the marks with `diagnostics`, found in `linted_text` (the editor's text)."""
        self.clear()
        editor = self.editor
        self._define_markers()
        lines = LineIndex(linted_text)
        for number, diagnostic in enumerate(diagnostics, start=1):
            start = lines.byte_offset(diagnostic.row, diagnostic.column)
            end = lines.byte_offset(diagnostic.end_row, diagnostic.end_column)
            start, end = self._visible_range(start, end)
            editor.setIndicatorCurrent(INDICATORS[diagnostic.severity])
            editor.setIndicatorValue(number)
            editor.indicatorFillRange(start, end - start)
            line = editor.lineFromPosition(start)
            handle = editor.markerAdd(line, MARKERS[diagnostic.severity])
            self.shown.append((diagnostic, handle))

    def clear(self) -> None:
        editor = self.editor
        for severity in ("error", "warning"):
            editor.setIndicatorCurrent(INDICATORS[severity])
            editor.indicatorClearRange(0, editor.textLength())
            editor.markerDeleteAll(MARKERS[severity])
        self.shown = []

    def current_line(self, number: int) -> int:
        """The 0-based line where the `number`th shown finding (0-based) is now."""
        diagnostic, handle = self.shown[number]
        line = self.editor.markerLineFromHandle(handle)
        return line if line >= 0 else diagnostic.row - 1

    def go_to(self, number: int) -> None:
        diagnostic = self.shown[number][0]
        line = self.current_line(number)
        self.editor.goto_line(line)
        self.editor.set_cursor(line, diagnostic.column - 1)
        self.editor.take_focus()

    def findings_at(self, position: int) -> list[Diagnostic]:
        """The findings whose squiggle covers the byte `position`."""
        found = []
        for severity in ("error", "warning"):
            value = self.editor.indicatorValueAt(INDICATORS[severity], position)
            if value and self.editor.indicatorAllOnFor(position) & (1 << INDICATORS[severity]):
                if 1 <= value <= len(self.shown):
                    found.append(self.shown[value - 1][0])
        return found

    def findings_on_line(self, line: int) -> list[Diagnostic]:
        return [d for n, (d, _h) in enumerate(self.shown) if self.current_line(n) == line]

    def hover_text(self, x: int, y: int) -> str:
        """What hovering at viewport point (x, y) shows: over the margins, the line's findings;
        over the text, the findings under the pointer."""
        editor = self.editor
        margins = sum(editor.marginWidthN(n) for n in range(editor.margins()))
        if x < margins:
            found = self.findings_on_line(editor.lineFromPosition(editor.positionFromPoint(x, y)))
        else:
            position = editor.positionFromPointClose(x, y)
            found = self.findings_at(position) if position >= 0 else []
        return "\n".join(d.label for d in found)

    # ---- Internals
    def _define_markers(self) -> None:
        """Symbols in the marker margin; none where it is hidden (a notebook cell's editor).

        Scintilla paints a marker that no visible margin shows as its line's background: a
        finding would cover its lines' code in solid red. The markers stay (they follow their
        lines for `current_line`), drawn as nothing; the squiggle marks the finding.
        """
        shown = self.editor.marginWidthN(MARKER_MARGIN) > 0
        for severity in ("error", "warning"):
            self.editor.markerDefine(MARKERS[severity],
                                     SYMBOLS[severity] if shown else SC_MARK_EMPTY)

    def _visible_range(self, start: int, end: int) -> tuple[int, int]:
        """At least one character: a finding at a line's end (a missing `)`) or at the end of
        the text marks the character before it."""
        editor = self.editor
        length = editor.textLength()
        start, end = min(start, length), min(max(end, start), length)
        if end > start:
            return start, end
        line = editor.lineFromPosition(start)
        if start < editor.lineEndPosition(line):
            return start, editor.positionAfter(start)
        if start > editor.positionFromLine(line):
            return editor.positionBefore(start), start
        return start, min(start + 1, length)

    def _on_dwell_start(self, x: int, y: int) -> None:
        if not self.shown or QApplication.activePopupWidget() is not None:
            return  # (a menu open over the editor stays uncovered)
        text = self.hover_text(x, y)
        if text:
            QToolTip.showText(self.editor.viewport().mapToGlobal(QPoint(x, y)), text, self.editor)
            self._tip_shown = True

    def _on_dwell_end(self, _x: int, _y: int) -> None:
        if self._tip_shown:  # only its own: another tip (docs asked with F1) stays
            self._tip_shown = False
            QToolTip.hideText()

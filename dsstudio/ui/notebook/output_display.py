"""How a code cell shows its outputs: as they are, collapsed to one line, or in a box that
scrolls (JupyterLab's "collapse outputs" and "enable scrolling for outputs").

The choice is the cell's Jupyter metadata (core/notebook/output_toggles.py), so it is saved with
the notebook and JupyterLab agrees. Toggled from the cell's context menu, by a click in the
prompt column beside the outputs, or on the "collapsed" line itself.
"""

from __future__ import annotations

import weakref

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QFrame, QMenu, QPushButton, QScrollArea

from dsstudio.core.notebook.output_toggles import (SCROLLED_OUTPUT_LINES, outputs_collapsed,
                                                   outputs_scrolled, set_outputs_collapsed,
                                                   set_outputs_scrolled)
from dsstudio.ui.editor.editor_theme import monospace_font
from dsstudio.ui.notebook.stdin_line import StdinLine
from dsstudio.ui.theme.theme_colours import colour


class OutputDisplay:
    """The outputs part of `widget` (a CellWidget): its outputs_box, or a line, or a scroller."""

    def __init__(self, widget) -> None:
        # (A weak reference: a cycle kept each unbuilt cell's wrapper, and what it held, until
        # Python's cyclic collector ran: 25 MB more while scrolling the benchmark's notebook.)
        self._widget = weakref.ref(widget)
        self.scroller: QScrollArea | None = None  # only while scrolled (it has no heightForWidth)
        # Made when first collapsed: a button with a style sheet in every built cell cost
        # about 10 MB more while scrolling the benchmark's notebook.
        self.note: QPushButton | None = None
        self.input_line: StdinLine | None = None  # while the cell's run waits for input

    @property
    def widget(self):
        return self._widget()

    # ---- Public API
    def collapsed(self) -> bool:
        return outputs_collapsed(self.widget.cell)

    def scrolled(self) -> bool:
        return outputs_scrolled(self.widget.cell)

    def set_collapsed(self, on: bool) -> None:
        set_outputs_collapsed(self.widget.cell, on)
        self._changed()

    def set_scrolled(self, on: bool) -> None:
        set_outputs_scrolled(self.widget.cell, on)
        self._changed()

    def apply(self) -> None:
        """Show the outputs as the cell's metadata says (after they or it changed)."""
        box, body = self.widget.outputs_box, self.widget.body
        count = len(self.widget.cell.get("outputs", []) or [])
        collapsed = bool(count) and self.collapsed()
        scrolled = bool(count) and not collapsed and self.scrolled()
        if scrolled and self.scroller is None:
            scroller = self.scroller = QScrollArea(self.widget)
            scroller.setObjectName("ScrolledOutputs")
            scroller.setFrameShape(QFrame.Shape.NoFrame)
            scroller.setWidgetResizable(True)
            scroller.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
            # (Always on: a bar that comes and goes changes the width, then the height.)
            scroller.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
            body.replaceWidget(box, scroller)
            scroller.setWidget(box)
            scroller.show()
        elif not scrolled and self.scroller is not None:
            scroller, self.scroller = self.scroller, None
            scroller.takeWidget()
            body.replaceWidget(scroller, box)
            scroller.deleteLater()
        box.setVisible(bool(count) and not collapsed)
        if collapsed and self.note is None:
            self.note = self._make_note()
        if self.note is not None:
            self.note.setText(f"▸ {count} output{'s' if count != 1 else ''} collapsed (click to show)")
            self.note.setVisible(collapsed)
        self.fit()

    def fit(self) -> None:
        """A scroller's height: its outputs', up to SCROLLED_OUTPUT_LINES lines."""
        if self.scroller is None:
            return
        box = self.widget.outputs_box
        width = max(1, self.widget.body.geometry().width()
                    - self.scroller.verticalScrollBar().sizeHint().width())
        needed = box.layout().totalHeightForWidth(width)
        if needed < 0:
            needed = box.sizeHint().height()
        limit = SCROLLED_OUTPUT_LINES * QFontMetrics(QFont(*monospace_font())).lineSpacing()
        height = min(needed, limit)
        if self.scroller.height() != height or self.scroller.minimumHeight() != height:
            self.scroller.setFixedHeight(height)

    def show_input(self, prompt: str, password: bool) -> StdinLine:
        """The input line under the outputs: the cell's run asks for input (it replaces an
        unanswered one: a request after an interrupt)."""
        self.end_input()
        line = self.input_line = StdinLine(prompt, password, self.widget)
        self.widget.body.addWidget(line)
        line.show()
        return line

    def end_input(self) -> None:
        """The input line goes (answered, or the run ended: interrupted, restarted)."""
        if self.input_line is not None:
            line, self.input_line = self.input_line, None
            self.widget.body.removeWidget(line)
            line.hide()
            line.deleteLater()

    def menu(self) -> QMenu:
        """The cell's context menu: the two toggles (and Open in Data Viewer for a table)."""
        menu = QMenu(self.widget)
        has_outputs = bool(self.widget.cell.get("outputs"))
        collapse = menu.addAction("Collapse Outputs")
        collapse.setCheckable(True)
        collapse.setChecked(self.collapsed())
        collapse.setEnabled(has_outputs or self.collapsed())
        collapse.toggled.connect(self.set_collapsed)
        scroll = menu.addAction("Scroll Long Outputs")
        scroll.setCheckable(True)
        scroll.setChecked(self.scrolled())
        scroll.toggled.connect(self.set_scrolled)
        from dsstudio.ui.variables.variables_window import add_open_in_viewer

        add_open_in_viewer(menu, self.widget)  # a table output: its variable in the data viewer
        return menu

    def restyle(self) -> None:
        """In the theme in effect (after a switch)."""
        if self.note is not None:
            self._style_note(self.note)

    # ---- Internals
    def _make_note(self) -> QPushButton:
        note = QPushButton(self.widget)
        note.setObjectName("CollapsedOutputs")
        note.setFlat(True)
        note.setCursor(Qt.CursorShape.PointingHandCursor)
        self._style_note(note)
        note.clicked.connect(lambda: self.set_collapsed(False))
        self.widget.body.addWidget(note)
        return note

    @staticmethod
    def _style_note(note: QPushButton) -> None:
        note.setStyleSheet(f"text-align:left; color:{colour('muted')}; font-style:italic; padding:2px;")

    def _changed(self) -> None:
        self.apply()
        self.widget.item.metadata_changed()

"""A notebook cell's widget: prompt, source and outputs; an editor only while editing.

It exists while its cell (a NotebookCell) is near the screen, being edited or run. The source
shows as a label (cheap to lay out), and the app's CodeEditor, a Scintilla widget, is made only
while the user edits the cell. Colours are the theme's in effect (`restyle` after a switch), the
font and tab width the view's CellLook (the editor preferences).
"""

from __future__ import annotations

from html import escape

import shiboken6
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QColor, QPainter, QPalette
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from dsstudio.core.notebook.cell_source import cell_text
from dsstudio.core.notebook.markdown import renderable_markdown
from dsstudio.core.notebook.outputs import VIEW_SOURCE_LINES, VIEW_TEXT_LIMIT, cut_for_view
from dsstudio.ui.notebook.cell_look import code_view_css, text_view_css
from dsstudio.ui.notebook.editor_edges import EditorEdges
from dsstudio.ui.notebook.markdown_math_view import math_markdown_view
from dsstudio.ui.notebook.output_display import OutputDisplay
from dsstudio.ui.notebook.output_view import (fit_to_width, has_theme_colours, mono_block, output_widget,
                                               whole_text_view)
from dsstudio.ui.notebook.source_highlight import highlighted_html
from dsstudio.ui.notebook.source_view import line_and_column, offset_at
from dsstudio.ui.theme.theme_colours import colour, current_theme, qcolour

STATE_PROMPTS = {"queued": "[*]", "running": "[●]"}
EDIT_BORDER = 1  # px
# Marks an output whose widget is made again (its colours are the old theme's).
_RESTYLE = object()


def selected_colour() -> QColor:
    """JupyterLab's look: the selected cell has a bar on its left (command mode: the bar only),
    and in edit mode its editor also has a border in the same colour, the theme's accent."""
    return qcolour("accent")


class CellWidget(QFrame):
    """The widget of `item` (a NotebookCell), built at `width` in `parent`."""

    def __init__(self, item, parent: QWidget, width: int) -> None:
        super().__init__(parent)
        self.item = item
        self.editor = None
        self.setObjectName("NotebookCell")
        self.resize(width, item.height())  # measured at the width it will have
        self.prompt = QLabel(self)
        self.prompt.setObjectName("CellPrompt")
        self.prompt.setFixedWidth(64)
        self.prompt.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        self.source_view = QLabel(self)
        self.source_view.setObjectName("CellSource")
        self.source_view.setWordWrap(True)
        fit_to_width(self.source_view)
        self.source_view.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        self.outputs_box = QWidget(self)
        self.outputs_layout = QVBoxLayout(self.outputs_box)
        self.outputs_layout.setContentsMargins(0, 2, 0, 2)
        self._shown_outputs: list[tuple] = []  # (output dict, its payload, its widget)
        self.body = QVBoxLayout()
        # (Room for edit mode's border around the editor, painted by paintEvent.)
        self.body.setContentsMargins(EDIT_BORDER, EDIT_BORDER, EDIT_BORDER, 0)
        self.body.setSpacing(2)
        self.body.addWidget(self.source_view)
        self._source_more = None  # a cut source's Show all (then its whole view)
        self._math_view = None  # a markdown cell with math: typeset in a web view, in place of source_view
        self.body.addWidget(self.outputs_box)
        self.outputs_display = OutputDisplay(self)  # collapsed, scrolled or as they are
        # The selected cell's bar; a palette change, since a style sheet per cell is slow to apply.
        self.marker = QWidget(self)
        self.marker.setFixedWidth(4)
        self.marker.setAutoFillBackground(True)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 3, 8, 3)
        row.addWidget(self.marker)
        row.addWidget(self.prompt)
        row.addLayout(self.body, 1)
        # Shown now, not at the next turn of the event loop as a layout would: the view
        # measures the cell right after building it. (In a hidden cell this only marks them
        # to be shown with it.)
        for widget in (self.marker, self.prompt, self.source_view):
            widget.setVisible(True)
        self.refresh_source()
        self.refresh_outputs()
        self.show_selected()
        self._fit_height()

    @property
    def cell(self):
        return self.item.cell

    def discard(self) -> None:
        """Deleted now, not later: its images' memory comes back at once."""
        self.hide()
        shiboken6.delete(self)

    # ---- Public API
    def source(self) -> str:
        return self.editor.text() if self.editor is not None else cell_text(self.cell)

    def refresh_source(self) -> None:
        whole = cell_text(self.cell)
        # A megabyte of source laid out at once froze the window for a minute: its start is
        # shown, the whole of it a click away (in a view that lays out only what is on screen).
        text, cut = cut_for_view(whole, VIEW_TEXT_LIMIT, VIEW_SOURCE_LINES)
        if self.cell.cell_type == "markdown" and text.strip():
            self.source_view.setTextFormat(Qt.TextFormat.MarkdownText)
            try:
                shown = renderable_markdown(text, self.cell.get("attachments"), self.item.folder)
            except (TypeError, AttributeError, ValueError):  # odd attachments: the text as written
                shown = text
            self.source_view.setText(shown)
            self._show_math(shown)
        else:
            self._show_math(None)
            self.source_view.setTextFormat(Qt.TextFormat.RichText)
            if self.cell.cell_type == "code":
                # The editor's colours, also when not being edited (cached per source and theme).
                html, style = highlighted_html(text, current_theme()) or " ", code_view_css()
            else:
                html, style = escape(text) or " ", text_view_css()
            self.source_view.setText(mono_block(html, style, self.item.look.mono_css()))
        self._show_cut_source(whole if cut else None)
        self.refresh_prompt()

    def _show_math(self, markdown: str | None) -> None:
        """A markdown cell's math typeset in a web view in place of the label (None: no view)."""
        if self._math_view is not None:
            self.body.removeWidget(self._math_view)
            self._math_view.hide()
            self._math_view.setParent(None)  # out of the cell now, deleted at the next turn
            self._math_view.deleteLater()
            self._math_view = None
        view = math_markdown_view(markdown, self, self.item.clicked, self.start_editing) if markdown else None
        self.source_view.setVisible(view is None and self.editor is None)
        if view is not None:
            self._math_view = view
            self.body.insertWidget(self.body.indexOf(self.source_view) + 1, view)

    def _show_cut_source(self, whole: str | None) -> None:
        """Under a cut source: a button that shows `whole` (None: nothing was cut)."""
        if self._source_more is not None:
            self.body.removeWidget(self._source_more)
            self._source_more.deleteLater()
            self._source_more = None
        if whole is None:
            return
        more = self._source_more = QPushButton(
            f"Show all ({len(whole):,} characters, {whole.count(chr(10)) + 1:,} lines)", self)
        more.setObjectName("ShowWholeSource")

        def show_all() -> None:
            view = whole_text_view(whole, self)
            self.body.replaceWidget(more, view)
            more.deleteLater()
            self._source_more = view

        more.clicked.connect(show_all)
        self.body.insertWidget(1, more, 0, Qt.AlignmentFlag.AlignLeft)

    def refresh_outputs(self) -> None:
        # Only outputs that changed are built again: a stream that grew, a display updated, a
        # new output. The rest keep their widgets (and decoded images).
        outputs = self.cell.get("outputs", [])
        shown = self._shown_outputs
        for index, output in enumerate(outputs):
            payload = _payload(output)
            if index < len(shown) and shown[index][0] is output and shown[index][1] is payload:
                continue
            widget = output_widget(output, self.outputs_box, self.item.outputs_trusted(), self.item.widgets)
            if index < len(shown):
                old = shown[index][2]
                self.outputs_layout.replaceWidget(old, widget)
                old.deleteLater()
                shown[index] = (output, payload, widget)
            else:
                self.outputs_layout.addWidget(widget)
                shown.append((output, payload, widget))
        for _output, _payload_, widget in shown[len(outputs):]:
            self.outputs_layout.removeWidget(widget)
            widget.deleteLater()
        del shown[len(outputs):]
        self.outputs_display.apply()
        self.refresh_prompt()

    def refresh_prompt(self) -> None:
        if self.cell.cell_type != "code":
            self.prompt.setText("")
            return
        count = self.cell.get("execution_count")
        text = STATE_PROMPTS.get(self.item.state, f"[{count if count is not None else ' '}]")
        if self.item.stale:
            text = f"<span style='color:{colour('stale')}' title='stale: re-run'>◆</span> {text}"
        if self.item.paused_line is not None:  # the debugger holds this cell at that line
            # (‖ rather than ⏸: common fonts, DejaVu among them, lack U+23F8)
            text += f"<br><span title='paused at line {self.item.paused_line}'>‖ line " \
                    f"{self.item.paused_line}</span>"
        self.prompt.setText(text)
        self.prompt.setProperty("stale", self.item.stale)

    def show_selected(self) -> None:
        palette = self.marker.palette()
        bar = selected_colour() if self.item.selected else Qt.GlobalColor.transparent
        palette.setColor(QPalette.ColorRole.Window, bar)
        self.marker.setPalette(palette)

    def restyle(self) -> None:
        """Drawn again in the theme and font in effect (the user changed them): the source
        view, the outputs that have colours, the marks; the editor, if the cell is being edited."""
        if self.editor is not None:
            self.item.look.style_editor(self.editor)
            self._fit_editor()  # (another font size: other line heights)
        else:
            self.refresh_source()
        self.refresh_prompt()
        self._shown_outputs = [(output, _RESTYLE if has_theme_colours(output) else payload, widget)
                               for output, payload, widget in self._shown_outputs]
        self.refresh_outputs()
        self.outputs_display.restyle()
        self.show_selected()
        self.update()

    def start_editing(self) -> None:
        if self.editor is None:
            from dsstudio.ui.editor.code_editor import CodeEditor

            self.editor = CodeEditor(self)
            self.editor.use_as_cell_editor(python=self.cell.cell_type == "code")
            self.item.look.style_editor(self.editor)  # the preferences' font, the theme
            self.item.source_at_edit = cell_text(self.cell)
            self.editor.set_text(self.item.source_at_edit)
            if self.item.on_editor_created is not None:
                self.item.on_editor_created(self.editor)
            # Scintilla wraps lines while it paints: fit the height to what it painted.
            self.editor.painted.connect(self._fit_editor)
            self.editor.installEventFilter(EditorEdges(self.editor, self.item.leave_editor))
            self.body.replaceWidget(self.source_view, self.editor)
            self.source_view.hide()
            self._show_math(None)  # (back when editing ends: refresh_source)
            self.editor.show()  # now, not when the layout gets to it: hidden, it takes no keyboard
            self.update()  # edit mode's border
            if self._source_more is not None:
                self._source_more.hide()  # the editor has the whole text
            self._fit_editor()
        self.editor.take_focus()

    def edit_at(self, offset: int) -> None:
        """Edit with the caret at character `offset` of the source (as the source view shows it)."""
        self.start_editing()
        self.editor.set_cursor(*line_and_column(self.editor.text(), offset))

    def finish_editing(self) -> None:
        """Back to the cheap view; the text goes into the cell."""
        if self.editor is None:
            return
        self.cell["source"] = self.editor.text()
        self.body.replaceWidget(self.editor, self.source_view)
        self.editor.painted.disconnect(self._fit_editor)
        # Hidden now, not only deleted later: until then a visible editor could still take the
        # keyboard (it did, from the notebook, after Shift+Enter).
        self.editor.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.editor.hide()
        self.editor.deleteLater()
        self.editor = None
        self.source_view.show()
        self.refresh_source()
        self.update()  # no more border

    # ---- Qt events and internals
    def mousePressEvent(self, event) -> None:  # noqa: N802 (Qt name)
        self.item.clicked()  # selects the cell (and ends another cell's editing)
        point = event.position().toPoint()
        if (event.button() == Qt.MouseButton.LeftButton and self.cell.get("outputs")
                and point.x() < self.body.geometry().left()
                and point.y() > self.source_view.geometry().bottom()):
            # The prompt column beside the outputs: collapses or shows them, as in JupyterLab.
            self.outputs_display.set_collapsed(not self.outputs_display.collapsed())
            return
        # A click in a code cell's source edits it there at once, as in JupyterLab: typing
        # right after a click must never reach command mode's keys. (A markdown cell edits on a
        # double-click: a click in its rendered text only selects it.)
        if (event.button() == Qt.MouseButton.LeftButton and self.cell.cell_type == "code"
                and self.editor is None and self.source_view.isVisible()
                and self.source_view.geometry().contains(point)):
            self.edit_at(offset_at(self.source_view, point - self.source_view.pos()))
            return
        super().mousePressEvent(event)

    def mouseDoubleClickEvent(self, event) -> None:  # noqa: N802 (Qt name)
        # In the source only: a double-click in an output (to select a word of it, say) is
        # no wish to edit the code (jupyter/notebook#581).
        if self.source_view.geometry().contains(event.position().toPoint()):
            self.start_editing()

    def paintEvent(self, event) -> None:  # noqa: N802 (Qt name)
        super().paintEvent(event)
        if self.editor is not None:
            painter = QPainter(self)
            painter.setPen(selected_colour())
            painter.drawRect(self.editor.geometry().adjusted(-EDIT_BORDER, -EDIT_BORDER, 0, 0))

    def hasHeightForWidth(self) -> bool:  # noqa: N802 (Qt name)
        # A cell's height is fixed (_fit_height) whenever its content or width changes: the
        # notebook's layout then never asks its cells to measure their wrapped text.
        return False

    def event(self, event) -> bool:
        handled = super().event(event)
        if event.type() == QEvent.Type.LayoutRequest:
            self._fit_height()  # something inside changed size: outputs, the editor
        return handled

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt name)
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            if self.editor is not None:
                self._fit_editor()  # wrapped lines change with the width
            self._fit_height()

    def fitted_height(self) -> int:
        """The height the cell's content needs at the cell's width."""
        layout = self.layout()
        height = layout.totalHeightForWidth(self.width())
        return height if height >= 0 else layout.totalSizeHint().height()

    def contextMenuEvent(self, event) -> None:  # noqa: N802 (Qt name)
        if self.cell.cell_type == "code":
            self.outputs_display.menu().exec(event.globalPos())

    def _fit_height(self) -> None:
        self.outputs_display.fit()
        height = self.fitted_height()
        if height != self.height() or self.minimumHeight() != height:
            self.setFixedHeight(height)
            if not self.isVisible():
                # A hidden widget gets no resize event for this (Qt only marks one pending), and
                # when this runs from the pending one that showing it delivers (the cell was
                # built, or the notebook resized, while hidden), Qt clears the mark after: the
                # layout would keep the old height, squeezing the texts (a traceback's end cut
                # off) and leaving the rest blank, until the next resize.
                self.layout().setGeometry(self.contentsRect())

    def _fit_editor(self) -> None:
        if self.editor is None:
            return  # a last paint of an editor being deleted
        height = max(1, self.editor.display_lines()) * self.editor.textHeight(0) + 6
        if height != self.editor.height():
            self.editor.setFixedHeight(height)


def _payload(output: dict):
    """The part of an output that changes in place: a stream's text, a display's data."""
    return output.get("text") if output.get("output_type") == "stream" else (
        output.get("data") or output.get("traceback"))

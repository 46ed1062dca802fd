"""Widgets for a cell's outputs: text, images, HTML tables, errors; cheap, and never frozen.

Rich text goes through Qt's own HTML subset (QLabel), which runs no JavaScript and fetches nothing
from the network: pandas tables render, scripts and remote images do not.

Colours are the theme's in effect when a widget is made (theme_colours.colour); after a theme
switch a cell makes its outputs again (those with colours: `has_theme_colours`).
"""

from __future__ import annotations

import base64
import binascii
from html import escape
from pathlib import Path

from PySide6.QtCore import QByteArray, Qt
from PySide6.QtGui import QColor, QFont, QImage, QPalette, QPixmap
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from dsstudio.core.notebook.outputs import (
    ansi_to_html,
    best_mime,
    cut_for_view,
    strip_ansi,
    tail_for_view,
    terminal_text,
)
from dsstudio.core.notebook.web_outputs import SAFE_KINDS, bokeh_version_note, interactive_line, output_web_content
from dsstudio.ui.editor.editor_theme import monospace_font
from dsstudio.ui.notebook.wide_output import SidewaysScroller, has_long_word
from dsstudio.ui.theme.theme_colours import DARK_ANSI, colour, current_theme

HTML_VIEW_LIMIT = 300_000  # characters of HTML rendered; a bigger table is shown as text
WHOLE_OUTPUT_HEIGHT = 400  # px: a whole huge output scrolls in a box of its own
MONO = "font-family: '{}', monospace; font-size: {}pt;".format(*monospace_font())
IMAGE_MIMES = ("image/png", "image/jpeg", "image/svg+xml")


def mono_block(html: str, style: str = "", font_css: str = MONO) -> str:
    """Monospaced text that keeps its spaces and line breaks and wraps at the view's width.

    (Qt's HTML reader drops a line break right after the opening tag, as browsers do after
    <pre>: the one put there keeps a text's own first line break, a cell's leading blank line.)"""
    return f"<p style=\"{font_css} white-space:pre-wrap; margin:0; {style}\">\n{html}</p>"


def has_theme_colours(output) -> bool:
    """Whether `output`'s widget has colours of the theme (all but images): made again after a
    theme switch, when images keep theirs (and are not decoded again)."""
    try:
        return not (output.get("output_type") in ("execute_result", "display_data")
                    and best_mime(output.get("data", {})) in IMAGE_MIMES)
    except Exception:  # noqa: BLE001 (an odd output shows a note, which has colours)
        return True


def fit_to_width(label: QLabel) -> None:
    """Wrap to the notebook's width and never widen the whole notebook to the longest word (a
    text with words too long to wrap scrolls sideways in its own SidewaysScroller)."""
    label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
    label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)


def output_widget(output: dict, parent: QWidget | None = None, trusted: bool = False,
                  widgets=None) -> QWidget:
    """The widget that shows one nbformat output; one that cannot be shown (an image that is
    not base64, text that is a list of numbers) is an "unreadable output" line saying why, and
    the rest of the notebook is built as usual. The output itself is kept in the file.

    An output that needs a browser (a chart, a script) gets a web view when `trusted` (made in
    this session, or its notebook is trusted: core/notebook/trust.py), else its static form.
    A widget needs its models (`widgets`: ui/web/widget_bridge.NotebookWidgets)."""
    try:
        content = output_web_content(output)
        models = (widgets.models_for(content.payload) if content is not None and content.kind == "widget"
                  and widgets is not None else None)
        if content is not None and content.kind == "widget" and models is None:
            # No model, live or saved (its kernel is gone, its state was not saved): one line,
            # not its text/plain (`IntSlider(value=3)`, a progress bar stuck at 0%), which misleads.
            return _text_block(interactive_line(output["data"], "this notebook without its kernel"),
                               colour("muted"), parent)
        if content is not None and content.kind == "bokeh-load":
            return _nothing(parent)  # BokehJS is bundled: its loader has nothing to do or show
        if content is not None and content.kind == "bokeh":
            from dsstudio.ui.web.web_engine import bundled_version

            note = bokeh_version_note(content, bundled_version("@bokeh/bokehjs"))
            if note is not None:
                return _text_block(note, colour("muted"), parent)
        if content is not None:
            if trusted or content.kind in SAFE_KINDS:
                from dsstudio.ui.web.web_output import WebOutput

                return WebOutput(content, parent, widgets=widgets, models=models)
            if best_mime(output.get("data", {})) not in IMAGE_MIMES:
                return _text_block(f"[{content.label}: shown when the notebook is trusted]",
                                   colour("muted"), parent)
        return _output_widget(output, parent)
    except Exception as error:  # noqa: BLE001 (any odd output: never a notebook that will not open)
        return unreadable_output(_reason(error), parent)


def _nothing(parent) -> QWidget:
    widget = QWidget(parent)
    widget.setFixedHeight(0)
    return widget


class UnreadableOutput(Exception):
    """An output's data cannot be shown; the message says why."""


def unreadable_output(reason: str, parent: QWidget | None = None) -> QLabel:
    label = QLabel(parent)
    label.setObjectName("UnreadableOutput")
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    fit_to_width(label)
    label.setText(f"⚠ unreadable output: {reason} (kept in the file as it is)")
    label.setStyleSheet(f"color:{colour('note_text')}; font-style:italic; "
                        f"background:{colour('note_bg')}; padding:2px 4px;")
    return label


def _reason(error: Exception) -> str:
    if isinstance(error, UnreadableOutput):
        return str(error)
    if isinstance(error, TypeError) and "sequence item" in str(error):
        return "its text is a list of values that are not text"
    return f"{type(error).__name__}: {error}"


def _output_widget(output: dict, parent: QWidget | None) -> QWidget:
    if not isinstance(output, dict):
        raise UnreadableOutput(f"it is a {type(output).__name__}, not an output")
    kind = output.get("output_type")
    if kind == "stream":
        text_colour = colour("stderr_text" if output.get("name") == "stderr" else "output_text")
        return _text_block(_joined(output.get("text", "")), text_colour, parent, tail=True)
    if kind == "error":
        traceback = output.get("traceback")
        lines = traceback if isinstance(traceback, list) and all(
            isinstance(line, str) for line in traceback) else []  # (a traceback that is not lines)
        from dsstudio.ui.debug.error_link import with_debug_button

        return with_debug_button(_text_block(
            "\n".join(lines) or f"{output.get('ename')}: {output.get('evalue')}",
            colour("error_text"), parent, background=colour("error_bg")), parent)
    if kind in ("execute_result", "display_data"):
        data = output.get("data", {})
        mime = best_mime(data)
        if mime in ("image/png", "image/jpeg"):
            return _image(mime, data[mime], parent)
        if mime == "image/svg+xml":
            return SidewaysScroller(_svg(_joined(data[mime]), parent), parent)
        if mime == "text/html":
            html = _joined(data[mime])
            if len(html) <= HTML_VIEW_LIMIT:
                return SidewaysScroller(_rich(html, parent), parent)  # (a wide table)
            # Laying out a huge table would freeze the window: its plain text form instead.
            return _text_block(_joined(data.get("text/plain", html)), colour("output_text"), parent)
        if mime == "text/markdown":
            label = _rich("", parent)
            label.setTextFormat(Qt.TextFormat.MarkdownText)
            label.setWordWrap(True)  # (paragraphs wrap; a table or a long word scrolls)
            label.setText(_joined(data[mime]))
            return SidewaysScroller(label, parent)
        if mime in ("text/latex", "text/plain"):
            return _text_block(_joined(data[mime]), colour("output_text"), parent)
        return _text_block(f"[{', '.join(sorted(data))}: not shown here, kept in the file]",
                           colour("muted"), parent)
    return _text_block(f"[{kind} output: not shown here, kept in the file]", colour("muted"), parent)


def _joined(value) -> str:
    return "".join(value) if isinstance(value, list) else str(value)


def _text_block(text: str, text_colour: str, parent, background: str | None = None,
                tail: bool = False) -> QWidget:
    """Text in the output's colours; past VIEW_TEXT_LIMIT the start (or, for a stream, the end)
    is shown, with Show all and Save to file for the whole text."""
    header = None
    if tail:
        shown, hidden_lines = tail_for_view(text)
        cut = shown is not text
        # A stream saved by another tool can hold raw carriage returns ("0\r1\r2\r"): shown
        # as a terminal shows them. Only the shown lines are rewritten (cut at a line start).
        shown = terminal_text(shown)
        if cut:
            header = QLabel(f"… {hidden_lines:,} earlier lines not shown (Show all, below)", parent)
            header.setObjectName("EarlierLines")
            header.setStyleSheet(f"color:{colour('muted')}; font-style:italic;")
    else:
        shown, cut = cut_for_view(text)
    # A final newline ends the last line; shown as such it would add an empty one.
    label = _text_label(shown.removesuffix("\n"), text_colour, background, parent)
    if has_long_word(shown):  # it cannot wrap to a narrow pane: it scrolls sideways
        label = SidewaysScroller(label, parent)
    if not cut:
        return label
    box = QWidget(parent)
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(0)
    if header is not None:
        layout.addWidget(header)
    layout.addWidget(label)
    more = QPushButton(f"Show all ({len(text):,} characters)", box)
    more.setObjectName("ShowAllOutput")

    def show_all() -> None:
        whole = whole_text_view(strip_ansi(text), box)
        layout.replaceWidget(label, whole)
        label.deleteLater()
        more.hide()

    more.clicked.connect(show_all)
    save = QPushButton("Save to file…", box)
    save.setObjectName("SaveOutput")
    save.clicked.connect(lambda: save_output_text(box, text))
    buttons = QHBoxLayout()
    buttons.addWidget(more)
    buttons.addWidget(save)
    buttons.addStretch(1)
    layout.addLayout(buttons)
    return box


def _text_label(text: str, text_colour: str, background: str | None, parent) -> QLabel:
    """A label of monospaced `text`. Without ANSI colour codes it is plain text, which Qt lays
    out five times faster than the same lines as rich text (200 lines: 1.8 ms against 10.6 ms),
    and a printing loop redraws its stream many times a second."""
    label = QLabel(parent)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setWordWrap(True)
    fit_to_width(label)
    if "\x1b" in text or background is not None:
        label.setTextFormat(Qt.TextFormat.RichText)
        style = f"color:{text_colour};" + (f" background:{background};" if background else "")
        ansi = DARK_ANSI if current_theme() == "dark" else None  # (light: core's defaults)
        label.setText(mono_block(ansi_to_html(text, ansi), style))
        return label
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setFont(QFont(*monospace_font()))
    palette = label.palette()
    palette.setColor(QPalette.ColorRole.WindowText, QColor(text_colour))
    label.setPalette(palette)
    label.setText(text)
    return label


def whole_text_view(text: str, parent: QWidget) -> QPlainTextEdit:
    """A read-only plain-text view of a whole huge text, in a box of its own height: it lays out
    only the lines on screen, where rich text would lay out megabytes at once and freeze."""
    whole = QPlainTextEdit(parent)
    whole.setObjectName("WholeText")
    whole.setReadOnly(True)
    whole.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
    whole.setPlainText(text)
    whole.setFixedHeight(WHOLE_OUTPUT_HEIGHT)
    return whole


def save_output_text(parent: QWidget, text: str, path: str | None = None) -> bool:
    """Write an output's whole text to a file the user picks (or `path`); a failure is shown."""
    from dsstudio.core.editor.textfile import TextFileError, atomic_write_bytes

    if path is None:
        path, _ = QFileDialog.getSaveFileName(parent, "Save output", "output.txt")
        if not path:
            return False
    try:
        atomic_write_bytes(Path(path), text.encode("utf-8"))
    except TextFileError as error:
        QMessageBox.warning(parent, "Output not saved", str(error))
        return False
    return True


def _image(mime: str, value, parent) -> QWidget:
    if not isinstance(value, str) and not (isinstance(value, list)
                                           and all(isinstance(part, str) for part in value)):
        raise UnreadableOutput(f"{mime} is {type(value).__name__} data, not base64 text")
    try:
        data = base64.b64decode(_joined(value), validate=False)
    except (binascii.Error, ValueError) as error:
        raise UnreadableOutput(f"{mime} is not base64 ({error})") from None
    image = QImage.fromData(QByteArray(data))
    if image.isNull():
        raise UnreadableOutput(f"{mime} data that is not an image Qt can decode")
    from dsstudio.ui.notebook.image_output import FittedImage

    return FittedImage(QPixmap.fromImage(image), parent)


def _svg(svg: str, parent) -> QWidget:
    from PySide6.QtSvgWidgets import QSvgWidget

    widget = QSvgWidget(parent)
    widget.load(QByteArray(svg.encode("utf-8")))
    widget.setFixedSize(widget.renderer().defaultSize())
    return widget


def _rich(html: str, parent) -> QLabel:
    """HTML (a DataFrame, say) in the label's palette colours; tables get thin borders in the
    theme's colour and some padding (Qt's default, a grey 3D border with cramped cells, hardly
    shows on the dark theme)."""
    label = QLabel(parent)
    label.setTextFormat(Qt.TextFormat.RichText)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setOpenExternalLinks(False)
    label.setText(table_css() + html if html else escape(""))
    return label


def table_css() -> str:
    """A style block for HTML tables in outputs, in the theme in effect."""
    line = colour("muted")
    return (f"<style>table {{ border-collapse: collapse; border-color: {line}; }} "
            f"th, td {{ border: 1px solid {line}; padding: 2px 6px; }}</style>")

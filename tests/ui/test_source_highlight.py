"""A code cell's view has the editor's colours without an editor (issue 14)."""

from __future__ import annotations

from PySide6.QtGui import QTextDocument

from dsstudio.ui.editor.editor_theme import THEMES
from dsstudio.ui.notebook.output_view import mono_block
from dsstudio.ui.notebook.source_highlight import highlighted_html

LIGHT = THEMES["light"]


def coloured(html: str) -> dict[str, str]:
    """Each coloured run of text in `html` and its colour, as Qt reads the HTML."""
    document = QTextDocument()
    document.setHtml(html)
    runs: dict[str, str] = {}
    block = document.begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            fragment = it.fragment()
            colour = fragment.charFormat().foreground().color().name()
            runs[fragment.text().strip()] = colour
            it += 1
        block = block.next()
    return runs


def test_python_gets_the_editors_colours_and_keeps_its_text(qapp):
    source = "\n\nimport os  # why\ndef f(x):\n    return len('a<b>') + 1\n\n"
    html = highlighted_html(source)
    document = QTextDocument()
    document.setHtml(mono_block(html))  # as the cell's view shows it
    # Exactly the source (leading and trailing blank lines too): clicks map to its characters.
    assert document.toPlainText() == source
    runs = coloured(html)
    assert runs["import"] == LIGHT["keyword"] and runs["def"] == LIGHT["keyword"]
    assert runs["# why"] == LIGHT["comment"] and runs["'a<b>'"] == LIGHT["string"]
    assert runs["f"] == LIGHT["defname"] and runs["len"] == LIGHT["keyword2"]
    assert runs["1"] == LIGHT["number"]


def test_the_same_source_is_lexed_once(qapp, monkeypatch):
    from dsstudio.ui.notebook import source_highlight

    source = "x = 1  # cached\n"
    first = highlighted_html(source)
    monkeypatch.setattr(source_highlight, "_highlighted", lambda *a: "lexed again")
    assert highlighted_html(source) == first

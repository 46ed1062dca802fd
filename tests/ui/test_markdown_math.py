"""Math in markdown cells typeset with the bundled KaTeX, in web views near the screen only
(issue 20); cells without math stay native labels."""

from __future__ import annotations

import nbformat

from dsstudio.ui.web.web_output import WebOutput
from tests.ui.test_web_outputs import PAGE_WAIT_MS, notebook_file, page_value

v4 = nbformat.v4


def math_view(cell) -> WebOutput | None:
    views = cell.widget.findChildren(WebOutput, "MarkdownMath") if cell.built else []
    return views[0] if views else None


def test_markdown_math_is_typeset_near_the_screen_and_edits_as_before(qtbot, window, project):
    cells = [v4.new_markdown_cell("# Plain\n\nno math here")]
    cells += [v4.new_markdown_cell(f"Cell {n}: *energy* $E_{n} = m c^2$ and\n\n$$\\frac{{a_{n}}}{{b}}$$\n\n"
                                   f"<script>document.title = 'ran'</script>") for n in range(300)]
    view = window.open_file(notebook_file(project / "math.ipynb", cells))
    qtbot.waitUntil(lambda: math_view(view.cells[1]) is not None, timeout=PAGE_WAIT_MS)
    assert not view.trust_bar.isVisibleTo(view)  # no script of the notebook: no trust asked
    assert math_view(view.cells[0]) is None and view.cells[0].widget.source_view.isVisible()
    typeset = math_view(view.cells[1])
    qtbot.waitUntil(lambda: typeset.drawn, timeout=PAGE_WAIT_MS)
    assert page_value(qtbot, typeset, "document.querySelectorAll('.katex-display .mfrac').length") == 1
    assert page_value(qtbot, typeset, "document.querySelectorAll('.katex .msupsub').length") >= 1
    assert page_value(qtbot, typeset, "document.querySelectorAll('em').length + "
                                      "document.querySelectorAll('span[style*=italic]').length") == 1
    assert page_value(qtbot, typeset, "document.querySelectorAll('.katex-error').length") == 0
    assert page_value(qtbot, typeset, "document.title") != "ran"  # the cell's script never runs
    assert not view.cells[1].widget.source_view.isVisible()
    # Only the cells near the screen have views: not 300.
    built = sum(1 for cell in view.cells if cell.built and math_view(cell) is not None)
    assert 0 < built < 60
    # Editing shows the source in the editor, and leaving it typesets the new text.
    view.select(1)
    view.cells[1].start_editing()
    assert math_view(view.cells[1]) is None
    view.cells[1].widget.editor.set_text("now $\\sqrt{y}$")
    view.cells[1].finish_editing()
    changed = math_view(view.cells[1])
    qtbot.waitUntil(lambda: changed.drawn, timeout=PAGE_WAIT_MS)
    assert page_value(qtbot, changed, "document.querySelectorAll('.katex .sqrt').length") == 1

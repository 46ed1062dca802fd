"""Which outputs need a browser, and trust as Jupyter defines it (core, no Qt)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import nbformat
import pandas as pd
from nbformat.sign import NotebookNotary

from dsstudio.core.notebook.trust import NotebookTrust
from dsstudio.core.notebook.web_outputs import (
    PLOTLY,
    altair_spec,
    first_plotly_figure,
    web_content,
    web_output_count,
)

v4 = nbformat.v4
ROOT = Path(__file__).resolve().parents[2]


def test_native_outputs_stay_native():
    frame = pd.DataFrame({"a": [1, 2], "b": [3, 4]})
    assert "<style scoped>" in frame._repr_html_()  # pandas' own style: Qt shows the table
    assert web_content({"text/html": frame._repr_html_(), "text/plain": "df"}) is None
    assert web_content({"text/html": "<b>bold</b>"}) is None
    assert web_content({"image/png": "iVBOR", "text/plain": "<Figure>"}) is None
    # An image beside HTML with a script: the image is what Qt shows (as today).
    assert web_content({"image/png": "iVBOR", "text/html": "<script>x()</script>"}) is None


def test_what_needs_a_browser():
    assert web_content({"application/vnd.plotly.v1+json": {"data": []}, "text/html": "<div>"}).kind == "plotly"
    assert web_content({"application/vnd.vegalite.v6+json": {"mark": "point"}}).kind == "vega-lite"
    assert web_content({"application/vnd.vega.v5+json": {"marks": []}}).kind == "vega"
    assert web_content({"application/javascript": "element.textContent = 1"}).kind == "javascript"
    for html in ("<script>1</script>", "<iframe src='x'></iframe>", "<svg><circle/></svg>",
                 "<style>#T_1 td {color: red}</style><table></table>"):  # (a pandas Styler's)
        assert web_content({"text/html": html}).kind == "html", html


def test_altairs_html_is_shown_from_its_spec():
    import altair as alt

    chart = alt.Chart(pd.DataFrame({"a": [1], "b": [2]})).mark_point().encode(x="a", y="b")
    html = chart._repr_mimebundle_()["text/html"]
    assert "cdn.jsdelivr.net" in html  # what it would load: never fetched
    spec = altair_spec(html)
    assert spec["mark"]["type"] == "point" and spec["$schema"].startswith("https://vega.github.io/schema/vega-lite/")
    content = web_content({"text/html": html})
    assert content.kind == "vega-lite" and content.payload == spec


def _notebook_with_script_output():
    cell = v4.new_code_cell("HTML(...)")
    cell.outputs = [v4.new_output("display_data", data={"text/html": "<script>1</script>"})]
    return v4.new_notebook(cells=[cell, v4.new_code_cell("x = 1")])


def test_trust_follows_jupyters_signatures(tmp_path):
    notebook = _notebook_with_script_output()
    assert web_output_count(notebook.cells) == 1
    trust = NotebookTrust(notebook)
    assert not trust.trusted and trust.untrusted_count() == 1
    assert not trust.cell_trusted(notebook.cells[0])
    trust.cell_ran(notebook.cells[0])  # run here: its outputs are the user's own
    assert trust.cell_trusted(notebook.cells[0]) and trust.untrusted_count() == 0
    path = tmp_path / "a.ipynb"
    nbformat.write(notebook, str(path))
    trust.saved(path)  # all trusted: signed, as Jupyter signs on save
    assert NotebookTrust(nbformat.read(str(path), as_version=4)).trusted
    with NotebookNotary() as notary:
        notary.unsign(nbformat.read(str(path), as_version=4))
    assert not NotebookTrust(nbformat.read(str(path), as_version=4)).trusted


def test_a_notebook_without_such_outputs_is_trusted_without_the_store(tmp_path, monkeypatch):
    def no_store():
        raise AssertionError("the signature store was opened")

    notebook = v4.new_notebook(cells=[v4.new_code_cell("1")])
    assert NotebookTrust(notebook, notary_factory=no_store).trusted


def test_native_outputs_do_not_load_the_web_engine(tmp_path):
    """A session that never meets an output needing a browser never imports QtWebEngine."""
    frame = pd.DataFrame({"a": [1, 2]})
    outputs = [{"output_type": "display_data", "metadata": {},
                "data": {"text/html": frame._repr_html_(), "text/plain": "df"}},
               {"output_type": "stream", "name": "stdout", "text": "hello\n"}]
    code = ("import json, sys\n"
            "from PySide6.QtWidgets import QApplication\n"
            "app = QApplication([])\n"
            "from dsstudio.ui.notebook.output_view import output_widget\n"
            f"for output in json.loads({json.dumps(json.dumps(outputs))}):\n"
            "    output_widget(output, None, trusted=True)\n"
            "print(json.dumps([m for m in sys.modules if 'WebEngine' in m]))\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT,
                            timeout=120, env={"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin",
                                              "HOME": str(tmp_path)})
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.strip().splitlines()[-1]) == []


def test_the_figure_a_notebook_warms_plotly_for_is_its_first_charts():
    """The bundle warmed at open is chosen from the first chart's figure: the cell's first
    Plotly output, past other outputs; a markdown cell or a cell without outputs has none."""
    import plotly.express as px

    bar = px.bar(x=["a", "b"], y=[1, 2]).to_plotly_json()
    polar = px.scatter_polar(r=[1, 2], theta=[0, 90]).to_plotly_json()
    cell = nbformat.v4.new_code_cell("fig", outputs=[
        nbformat.v4.new_output("stream", name="stdout", text="drawing\n"),
        nbformat.v4.new_output("display_data", data={"text/plain": "a table"}),
        nbformat.v4.new_output("display_data", data={PLOTLY: polar, "text/plain": "Figure"}),
        nbformat.v4.new_output("execute_result", data={PLOTLY: bar}, execution_count=1),
    ])
    assert first_plotly_figure(cell) == polar != bar
    assert first_plotly_figure(nbformat.v4.new_code_cell("1")) is None
    assert first_plotly_figure({"cell_type": "code", "source": "", "outputs": None}) is None
    assert first_plotly_figure(nbformat.v4.new_markdown_cell("# fig")) is None
    assert first_plotly_figure({"cell_type": "markdown", "source": "", "outputs": [
        {"output_type": "display_data", "data": {PLOTLY: bar}}]}) is None

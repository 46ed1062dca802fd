"""Notebook files: Jupyter's bytes round-trip, old formats convert, broken files are refused."""

from __future__ import annotations

import json

import nbformat
import pytest

from dsstudio.core.notebook.notebook_file import (
    NotebookError,
    new_notebook,
    notebook_bytes,
    read_notebook,
    validation_notice,
    write_notebook,
)


def jupyter_written(path, notebook) -> bytes:
    """Write as Jupyter does (nbformat.write) and return the bytes."""
    with open(path, "w", encoding="utf-8") as handle:
        nbformat.write(notebook, handle)
    return path.read_bytes()


def rich_notebook():
    v4 = nbformat.v4
    nb = v4.new_notebook(metadata={"kernelspec": {"name": "python3", "display_name": "Python 3",
                                                  "language": "python"},
                                   "widgets": {"state": {"abc": {"value": 3}}},
                                   "custom": {"ünïcode": "✓"}})
    code = v4.new_code_cell("print('hi')\n1 + 1", execution_count=2, metadata={"tags": ["keep"]})
    code.outputs = [v4.new_output("stream", name="stdout", text="hi\n"),
                    v4.new_output("execute_result", data={"text/plain": "2"}, execution_count=2),
                    v4.new_output("display_data", data={"image/png": "iVBORw0KGgo=",
                                                        "application/vnd.custom+json": {"a": 1}})]
    markdown = v4.new_markdown_cell("# Title\n![img](attachment:a.png)",
                                    attachments={"a.png": {"image/png": "iVBORw0KGgo="}})
    return v4.new_notebook(cells=[code, markdown, v4.new_raw_cell("raw")], metadata=nb.metadata)


@pytest.mark.parametrize("validate", [True, False])
def test_unchanged_notebook_saves_to_jupyters_bytes(tmp_path, validate):
    path = tmp_path / "a.ipynb"
    original = jupyter_written(path, rich_notebook())
    loaded = read_notebook(path, validate=validate)
    assert loaded.notices == []
    write_notebook(path, loaded.notebook)
    assert path.read_bytes() == original


def test_everything_is_kept(tmp_path):
    path = tmp_path / "a.ipynb"
    jupyter_written(path, rich_notebook())
    nb = read_notebook(path).notebook
    assert nb.metadata["widgets"]["state"]["abc"]["value"] == 3
    assert nb.cells[0].metadata["tags"] == ["keep"]
    assert nb.cells[0].outputs[2]["data"]["application/vnd.custom+json"] == {"a": 1}
    assert "a.png" in nb.cells[1].attachments


def test_unknown_output_type_is_a_notice_not_a_refusal(tmp_path):
    path = tmp_path / "odd.ipynb"
    raw = json.loads(notebook_bytes(rich_notebook()))
    raw["cells"][0]["outputs"].append({"output_type": "future_thing", "payload": 1})
    path.write_text(json.dumps(raw, indent=1))
    loaded = read_notebook(path)
    assert loaded.notices and "kept as it is" in loaded.notices[0]
    write_notebook(path, loaded.notebook)
    assert json.loads(path.read_text())["cells"][0]["outputs"][-1]["output_type"] == "future_thing"


def test_validation_can_come_later_from_the_text_read(tmp_path):
    """The window validates on a worker once the notebook is shown (10,000 cells: 0.25 s)."""
    path = tmp_path / "odd.ipynb"
    raw = json.loads(notebook_bytes(rich_notebook()))
    raw["cells"][0]["outputs"].append({"output_type": "future_thing", "payload": 1})
    path.write_text(json.dumps(raw, indent=1))
    loaded = read_notebook(path, validate=False)
    assert loaded.notices == [] and loaded.notebook.cells[0].outputs[-1]["output_type"] == "future_thing"
    notice = validation_notice(path.name, loaded.text)
    assert notice is not None and "odd.ipynb does not fully follow" in notice
    assert validation_notice("fine.ipynb", notebook_bytes(rich_notebook()).decode()) is None


def test_missing_cell_ids_are_added_when_saved_without_validating_at_read(tmp_path):
    """nbformat adds cell ids (format 4.5) while validating; a notebook read without it gets
    them on save, as Jupyter writes them."""
    raw = json.loads(notebook_bytes(rich_notebook()))
    for cell in raw["cells"]:
        del cell["id"]
    path = tmp_path / "no_ids.ipynb"
    path.write_text(json.dumps(raw))
    write_notebook(path, read_notebook(path, validate=False).notebook)
    assert all(cell.get("id") for cell in json.loads(path.read_text())["cells"])


def test_v3_notebook_is_converted_with_a_notice(tmp_path):
    v3 = nbformat.v3
    old = v3.new_notebook(worksheets=[v3.new_worksheet(cells=[v3.new_code_cell(input="x = 1")])])
    path = tmp_path / "old.ipynb"
    path.write_text(nbformat.v3.writes_json(old))
    loaded = read_notebook(path)
    assert loaded.notebook.nbformat == 4 and loaded.notebook.cells[0].source == "x = 1"
    assert "converted from notebook format v3" in loaded.notices[0]


@pytest.mark.parametrize("content, message", [
    (b'{"cells": [', "truncated"),
    (b"\x89PNG\r\n\x1a\n\x00\x00", "binary data, not a notebook"),
    ('{"cells": [], "metadata": {"author": "Fran\u00e7ois"}}'.encode("latin-1"), "not UTF-8 text"),
    (b'{"hello": 1}', "has no \"cells\""),
    (b"[1, 2]", "it is a list"),
])
def test_broken_files_are_refused_and_left_alone(tmp_path, content, message):
    path = tmp_path / "broken.ipynb"
    path.write_bytes(content)
    with pytest.raises(NotebookError, match=message):
        read_notebook(path)
    assert path.read_bytes() == content


def test_save_without_outputs(tmp_path):
    path = tmp_path / "clean.ipynb"
    notebook = rich_notebook()
    write_notebook(path, notebook, save_outputs=False)
    saved = json.loads(path.read_text())
    assert saved["cells"][0]["outputs"] == [] and saved["cells"][0]["execution_count"] is None
    assert notebook.cells[0].outputs  # the open notebook keeps them


def test_new_notebook_is_valid(tmp_path):
    path = tmp_path / "new.ipynb"
    write_notebook(path, new_notebook())
    assert read_notebook(path).notices == []


def test_outputs_built_as_plain_dicts_are_written(tmp_path):
    # Outputs made from kernel messages are dicts, not nbformat nodes.
    path = tmp_path / "ran.ipynb"
    notebook = new_notebook()
    notebook.cells[0]["outputs"] = [{"output_type": "stream", "name": "stdout", "text": "hi\n"},
                                    {"output_type": "execute_result", "execution_count": 1,
                                     "data": {"text/plain": "42"}, "metadata": {}}]
    write_notebook(path, notebook)
    outputs = nbformat.read(str(path), as_version=4).cells[0].outputs
    assert [output.output_type for output in outputs] == ["stream", "execute_result"]
    assert outputs[1].data["text/plain"] == "42"

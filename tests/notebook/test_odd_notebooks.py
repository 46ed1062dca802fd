"""Odd notebooks (issue 12): each one opens and saves, or is refused naming its cause; the file
on disk is never changed by reading it. The view's side is tests/ui/test_odd_notebooks_view.py."""

from __future__ import annotations

import json
import subprocess
import sys

import nbformat
import pytest

from dsstudio.core.notebook.notebook_file import NotebookError, read_notebook, write_notebook
from tests.notebook.odd_notebooks import CASES

OPENING = [case for case in CASES if case.opens]
REFUSED = [case for case in CASES if not case.opens]


@pytest.mark.parametrize("case", OPENING, ids=lambda case: case.id)
def test_an_odd_notebook_that_opens_can_be_saved_and_read_back(tmp_path, case):
    path = case.write(tmp_path)
    loaded = read_notebook(path, validate=False)
    assert path.read_bytes() == case.data  # reading changes nothing
    if case.notice is not None:
        assert any(case.notice in notice for notice in loaded.notices), loaded.notices
    assert len([n for n in loaded.notices if "repaired so that it can be saved" in n]) <= 1
    notebook = loaded.notebook
    for cell in notebook.cells:  # the shape the view and the writer rely on
        assert isinstance(cell.cell_type, str) and isinstance(cell.source, str)
        assert isinstance(cell.metadata, dict)
        if cell.cell_type == "code":
            assert isinstance(cell.outputs, list)
            assert all(isinstance(output, dict) and "output_type" in output for output in cell.outputs)
    notebook.cells.append(nbformat.v4.new_code_cell("edited = True"))  # an edit
    write_notebook(path, notebook)
    saved = read_notebook(path)
    assert saved.notebook.cells[-1].source == "edited = True"
    assert len(saved.notebook.cells) == len(notebook.cells)
    assert not any("repaired" in notice for notice in saved.notices)  # once repaired, for good
    nbformat.read(str(path), as_version=4)  # and Jupyter reads what was written
    ids = [cell["id"] for cell in json.loads(path.read_text("utf-8"))["cells"] if "id" in cell]
    assert len(ids) == len(set(ids))  # duplicates were made unique (nbformat's repair, on save)


@pytest.mark.parametrize("case", REFUSED, ids=lambda case: case.id)
def test_an_odd_file_that_is_refused_says_why_and_is_untouched(tmp_path, case):
    path = case.write(tmp_path)
    with pytest.raises(NotebookError) as refused:
        read_notebook(path)
    message = str(refused.value)
    assert message.startswith(path.name) and case.message in message
    assert "\n" not in message and len(message) < 400
    if "truncated" not in case.message:  # the old message blamed truncation for every JSON error
        assert "truncated" not in message
    assert path.read_bytes() == case.data


def test_the_repairs_are_named_once_with_their_cells(tmp_path):
    raw = json.loads(CASES[0].data)
    for cell in raw["cells"]:
        del cell["cell_type"]
        cell["source"] = 7
    path = tmp_path / "many.ipynb"
    path.write_text(json.dumps(raw))
    notices = read_notebook(path, validate=False).notices
    assert len(notices) == 1
    assert "cell 1 had no cell_type: made a code cell" in notices[0]
    assert "and 4 more" in notices[0] and "unchanged until you save" in notices[0]


def test_a_lone_surrogate_is_saved_as_a_replacement_character(tmp_path):
    case = next(case for case in CASES if case.id == "lone_surrogate")
    path = case.write(tmp_path)
    notebook = read_notebook(path).notebook
    assert notebook.cells[2].source == "raw \ufffd text"
    write_notebook(path, notebook)
    assert "raw \ufffd text" in path.read_text("utf-8")
    # An output that brings one later (not through the reader) is written the same way.
    notebook.cells[0].outputs[0]["text"] = "bad \udc80 byte"
    write_notebook(path, notebook)
    assert "bad \ufffd byte" in path.read_text("utf-8")


@pytest.mark.parametrize("case_id", ["nested_1200_levels", "merge_conflict", "git_lfs_pointer",
                                     "cells_a_string"])
def test_dsstudio_run_refuses_a_bad_notebook_with_exit_2(tmp_path, case_id):
    case = next(case for case in CASES if case.id == case_id)
    path = case.write(tmp_path)
    result = subprocess.run([sys.executable, "-m", "dsstudio", "run", str(path), "--inplace"],
                            capture_output=True, text=True, cwd=tmp_path, timeout=120)
    assert result.returncode == 2, result.stderr
    assert result.stderr.strip().splitlines() == [f"dsstudio run: {result.stderr.split(': ', 1)[1].strip()}"]
    assert case.message in result.stderr and "Traceback" not in result.stderr
    assert path.read_bytes() == case.data

"""A corpus of odd notebooks, as files: each case's bytes, and whether it opens or is refused.

The cases are what a fuzzing run of dsstudio found (issue 12), what nbformat, JupyterLab and VS
Code's Jupyter extension met (merge conflicts, Git LFS pointers, non-base64 images), and the
shapes around them. A case that opens must show, take an edit and save; a refused one must name
its cause (`message`) and leave the file as it was.
"""

from __future__ import annotations

import codecs
import copy
import json
from dataclasses import dataclass
from pathlib import Path

import nbformat

ODD_FILES = Path(__file__).parent / "odd_files"
v4 = nbformat.v4
PNG_1PX = ("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJ"
           "RU5ErkJggg==")


@dataclass
class OddCase:
    id: str
    data: bytes
    message: str | None = None  # None: it opens; else what the refusal must say
    notice: str | None = None  # a notice it must get when it opens
    unreadable: str | None = None  # the view must show an "unreadable output" saying this

    @property
    def opens(self) -> bool:
        return self.message is None

    def write(self, folder: Path) -> Path:
        path = folder / f"{self.id}.ipynb"
        path.write_bytes(self.data)
        return path


def good_notebook() -> dict:
    """A valid v4.5 notebook as plain JSON: code with outputs of each kind, markdown, raw."""
    code = v4.new_code_cell("print('hi')\n1 + 1", execution_count=1)
    code.outputs = [v4.new_output("stream", name="stdout", text="hi\n"),
                    v4.new_output("execute_result", data={"text/plain": "2"}, execution_count=1),
                    v4.new_output("display_data", data={"image/png": PNG_1PX, "text/plain": "<img>"})]
    markdown = v4.new_markdown_cell("# Title\n![a](attachment:plot)",
                                    attachments={"plot": {"image/png": PNG_1PX}})
    after = v4.new_code_cell("x = 'after'", execution_count=2)
    return json.loads(nbformat.writes(v4.new_notebook(
        cells=[code, markdown, v4.new_raw_cell("raw text"), after])))


def _json(notebook) -> bytes:
    return json.dumps(notebook, indent=1, ensure_ascii=False).encode("utf-8")


def _changed(change) -> bytes:
    notebook = good_notebook()
    change(notebook)
    return _json(notebook)


def _set(path: str, value):
    """A change that sets `path` ("cells.0.outputs.2.data.image/png"); value DELETE removes it."""
    def change(notebook):
        *parents, last = [int(part) if part.isdigit() else part for part in path.split(".")]
        target = notebook
        for part in parents:
            target = target[part]
        if value is DELETE:
            del target[last]
        else:
            target[last] = copy.deepcopy(value)
    return change


DELETE = object()


def _nested(depth: int) -> bytes:
    """A notebook whose first cell's metadata nests `depth` levels deep."""
    text = _json(good_notebook()).decode()
    inner = '{"a": ' * depth + "1" + "}" * depth
    assert '"metadata": {},' in text
    return text.replace('"metadata": {},', f'"metadata": {{"deep": {inner}}},', 1).encode()


def _merge_conflict() -> bytes:
    lines = _json(good_notebook()).decode().splitlines(keepends=True)
    at = next(i for i, line in enumerate(lines) if "print('hi')" in line)
    ours, theirs = lines[at], lines[at].replace("hi", "hello")
    return "".join(lines[:at] + ["<<<<<<< HEAD\n", ours, "=======\n", theirs,
                                 ">>>>>>> feature\n"] + lines[at + 1:]).encode()


def _version(major, minor=None):
    def change(notebook):
        notebook["nbformat"] = major
        if minor is not None:
            notebook["nbformat_minor"] = minor
    return change


def _v3(*cells, worksheets=None, **top) -> bytes:
    """A v3 notebook (cells in worksheets) as JSON: one worksheet with `cells`, or `worksheets`."""
    notebook = {"nbformat": 3, "nbformat_minor": 0, "metadata": {"name": ""},
                "worksheets": [{"cells": list(cells), "metadata": {}}] if worksheets is None else worksheets}
    notebook.update(top)
    return _json(notebook)


V3_CODE = {"cell_type": "code", "input": "x = 1", "language": "python", "metadata": {}, "outputs": []}


def _file(name: str) -> bytes:
    return (ODD_FILES / name).read_bytes()


CASES = [
    OddCase("valid", _json(good_notebook())),
    # --- Broken parts the view must show around (fuzzing, issue 12)
    OddCase("png_not_base64", _changed(_set("cells.0.outputs.2.data.image/png", "not base64!")),
            unreadable="image/png is not base64"),
    OddCase("png_list_of_numbers", _changed(_set("cells.0.outputs.2.data.image/png", [1, 2, 3])),
            unreadable="image/png is list data"),
    OddCase("png_not_an_image", _changed(_set("cells.0.outputs.2.data.image/png", "aGVsbG8=")),
            unreadable="not an image Qt can decode"),
    OddCase("text_plain_list_of_numbers", _changed(_set("cells.0.outputs.1.data.text/plain", [1, 2])),
            unreadable="not text"),
    OddCase("text_plain_list_of_strings", _changed(_set("cells.0.outputs.1.data.text/plain", ["a\n", "b"]))),
    OddCase("error_traceback_a_number", _changed(_set("cells.0.outputs.1",
                                                      {"output_type": "error", "ename": "E",
                                                       "evalue": "v", "traceback": 5}))),
    OddCase("unknown_output_type", _changed(_set("cells.0.outputs.1.output_type", "future_thing"))),
    # --- Repaired as read, with a notice
    OddCase("cell_without_cell_type", _changed(_set("cells.0.cell_type", DELETE)),
            notice="cell 1 had no cell_type"),
    OddCase("markdown_without_cell_type", _changed(_set("cells.1.cell_type", DELETE)),
            notice="made a raw cell"),
    OddCase("cell_type_a_number", _changed(_set("cells.0.cell_type", 7)), notice="cell 1 had no cell_type"),
    OddCase("cell_type_unknown", _changed(_set("cells.2.cell_type", "heading"))),
    OddCase("source_a_number", _changed(_set("cells.0.source", 42)), notice="source was a number"),
    OddCase("source_null", _changed(_set("cells.0.source", None)), notice="source was null"),
    OddCase("source_lines_with_numbers", _changed(_set("cells.0.source", ["a = ", 1, None])),
            notice="not text"),
    OddCase("source_missing", _changed(_set("cells.2.source", DELETE)), notice="cell 3 had no source"),
    OddCase("outputs_missing", _changed(_set("cells.3.outputs", DELETE)), notice="had no outputs"),
    OddCase("outputs_a_dict", _changed(_set("cells.3.outputs", {"output_type": "stream", "name": "stdout",
                                                                "text": "x"})),
            notice="outputs were an object"),
    OddCase("outputs_a_string", _changed(_set("cells.3.outputs", "oops")), notice="outputs were a string"),
    OddCase("output_a_string", _changed(_set("cells.0.outputs.0", "printed")), notice="kept as text"),
    OddCase("output_without_output_type", _changed(_set("cells.0.outputs.0.output_type", DELETE)),
            notice="made stream"),
    OddCase("output_of_nothing_known", _changed(_set("cells.0.outputs.0", {"what": 1})),
            notice="kept as text"),
    OddCase("stream_text_a_number", _changed(_set("cells.0.outputs.0.text", 3.5)), notice="made text"),
    OddCase("stream_without_text", _changed(_set("cells.0.outputs.0.text", DELETE)), notice="missing"),
    OddCase("data_a_list", _changed(_set("cells.0.outputs.1.data", ["x"])), notice="data was a list"),
    OddCase("output_metadata_a_string", _changed(_set("cells.0.outputs.2.metadata", "m"))),
    OddCase("notebook_metadata_a_number", _changed(_set("metadata", 1.5)), notice="metadata was a number"),
    OddCase("notebook_metadata_missing", _changed(_set("metadata", DELETE))),
    OddCase("cell_metadata_a_list", _changed(_set("cells.0.metadata", [1])), notice="metadata was a list"),
    OddCase("cell_metadata_missing", _changed(_set("cells.2.metadata", DELETE))),
    OddCase("execution_count_a_string", _changed(_set("cells.0.execution_count", "3")),
            notice="execution_count was a string: now 3"),
    OddCase("execution_count_nan", _json(good_notebook()).replace(b'"execution_count": 2', b'"execution_count": NaN')),
    OddCase("attachments_a_string", _changed(_set("cells.1.attachments", "x")), notice="attachments were"),
    OddCase("attachment_not_a_bundle", _changed(_set("cells.1.attachments.plot", 5)), notice="'plot'"),
    OddCase("attachment_image_a_number", _changed(_set("cells.1.attachments.plot.image/png", 5))),
    OddCase("cell_a_string", _changed(_set("cells.2", "just text")), notice="cell 3 was a string"),
    OddCase("cell_null", _changed(_set("cells.2", None)), notice="cell 3 was null"),
    OddCase("duplicate_cell_ids", _changed(_set("cells.3.id", good_notebook()["cells"][0]["id"]))),
    OddCase("no_cells", _changed(_set("cells", []))),
    OddCase("lone_surrogate", _json(good_notebook()).replace(b"raw text", b"raw \\ud800 text"),
            notice="not valid Unicode"),
    OddCase("surrogate_pair_escaped", _json(good_notebook()).replace(b"raw text", b"raw \\ud83d\\ude00")),
    OddCase("nested_300_levels", _nested(300)),
    # --- Versions
    OddCase("nbformat_3", nbformat.v3.writes_json(nbformat.v3.new_notebook(worksheets=[
        nbformat.v3.new_worksheet(cells=[nbformat.v3.new_code_cell(input="x = 1")])])).encode(),
            notice="converted from notebook format v3"),
    # v3's worksheets: nbformat's converter raised AttributeError or KeyError on each of these
    # (issue 19; nbformat PRs #239, #240), and an object in place of a list opened empty.
    OddCase("v3_worksheet_a_number", _v3(worksheets=[5]), message="its worksheet 1 is a number, not a worksheet"),
    OddCase("v3_second_worksheet_null", _v3(worksheets=[{"cells": [V3_CODE]}, None]),
            message="its worksheet 2 is null, not a worksheet"),
    OddCase("v3_worksheets_an_object", _v3(worksheets={"cells": [V3_CODE]}),
            message='its "worksheets" is an object, not a list of worksheets'),
    OddCase("v3_worksheets_null", _json({"nbformat": 3, "metadata": {}, "worksheets": None}), message='its "worksheets" is null, not a list'),
    OddCase("v3_cells_an_object", _v3(worksheets=[{"cells": {"0": V3_CODE}}]),
            message='its worksheet 1\'s "cells" is an object, not a list of cells'),
    OddCase("v3_cells_a_string", _v3(worksheets=[{"cells": "x = 1"}]),
            message='its worksheet 1\'s "cells" is a string, not a list of cells'),
    OddCase("v3_cells_at_the_top", _json({"nbformat": 3, "nbformat_minor": 0, "metadata": {},
                                          "cells": [V3_CODE]}),
            message='v3, whose cells are kept in "worksheets", but it has no "worksheets"'),
    OddCase("v3_worksheet_without_cells", _v3(worksheets=[{"metadata": {}}, {"cells": [V3_CODE]}]),
            notice="converted from notebook format v3"),
    OddCase("v3_cell_a_number", _v3(5, V3_CODE), notice="cell 1 was a number, not a cell: kept as a raw cell"),
    OddCase("v3_cell_a_string", _v3(V3_CODE, "text"), notice="cell 2 was a string, not a cell"),
    OddCase("v3_cell_without_cell_type", _v3({"input": "y = 2", "outputs": []}),
            notice="cell 1 had no cell_type: made a code cell"),
    OddCase("v3_code_without_outputs", _v3({"cell_type": "code", "input": "y = 2"}),
            notice="cell 1 had no outputs"),
    OddCase("v3_outputs_a_string", _v3(dict(V3_CODE, outputs="printed")), notice="outputs were a string"),
    OddCase("v3_output_a_number", _v3(dict(V3_CODE, outputs=[7])), notice="output 1 was a number: kept as text"),
    OddCase("v3_output_without_output_type", _v3(dict(V3_CODE, outputs=[{"text": "a"}])),
            notice="output 1 had no output_type: kept as text"),
    OddCase("v3_output_lines_with_numbers", _v3(dict(V3_CODE, outputs=[
        {"output_type": "stream", "stream": "stdout", "text": ["a", 1]}])), notice="had lines that were not text"),
    OddCase("v3_input_lines_with_numbers", _v3(dict(V3_CODE, input=["a = ", 1])), notice="had lines that were not text"),
    OddCase("v3_heading_level_a_string", _v3({"cell_type": "heading", "source": "Title", "level": "2"}),
            notice='heading level was "2": now 2'),
    OddCase("v3_heading_source_a_number", _v3({"cell_type": "heading", "source": 5, "level": 1})),
    OddCase("v3_cell_metadata_a_list", _v3(dict(V3_CODE, metadata=[1])), notice="cell 1's metadata was a list"),
    OddCase("v3_metadata_a_list", _v3(V3_CODE, metadata=[1]), notice="its metadata was a list"),
    OddCase("v3_metadata_missing", _json({"nbformat": 3, "worksheets": [{"cells": [V3_CODE]}]})),
    OddCase("nbformat_minor_huge", _changed(_version(4, 999))),
    OddCase("nbformat_minor_a_string", _changed(_version(4, "5")), notice="nbformat_minor"),
    OddCase("nbformat_a_string", _changed(_version("4"))),
    OddCase("nbformat_missing", _changed(_set("nbformat", DELETE)), notice="does not say"),
    OddCase("nbformat_5", _changed(_version(5)), message="format v5, newer than"),
    OddCase("nbformat_0", _changed(_version(0)), message="unreadable notebook format version"),
    OddCase("nbformat_a_list", _changed(_version([4])), message="unreadable notebook format version"),
    # --- Encodings
    OddCase("utf8_bom", codecs.BOM_UTF8 + _json(good_notebook()), notice="byte-order mark"),
    OddCase("utf16_with_bom", codecs.BOM_UTF16_LE + _json(good_notebook()).decode().encode("utf-16-le"),
            notice="byte-order mark"),
    OddCase("utf16_without_bom", _json(good_notebook()).decode().encode("utf-16-le"), notice="UTF-16-LE"),
    OddCase("latin1", _json(good_notebook()).decode().replace("Title", "Café").encode("latin-1"),
            message="not UTF-8 text (byte 0xe9"),
    # --- Not notebooks: the real cause, and where
    OddCase("zero_bytes", b"", message="is empty (0 bytes)"),
    OddCase("white_space", b"\n  \n", message="is empty (only white space)"),
    OddCase("binary_garbage", bytes(range(256)) * 4, message="binary data, not a notebook"),
    OddCase("truncated", _json(good_notebook())[:700], message="looks truncated"),
    OddCase("truncated_in_a_string", _json(good_notebook()).split(b"print")[0] + b"pri",
            message="looks truncated"),
    OddCase("stray_comma", _json(good_notebook()).replace(b'"nbformat": 4', b'"nbformat": 4,,', 1),
            message="is not valid JSON: Expecting property name enclosed in double quotes at line"),
    OddCase("two_notebooks_joined", _json(good_notebook()) * 2, message="more text after the notebook's end"),
    OddCase("merge_conflict", _merge_conflict(), message="has git merge conflict markers (line"),
    OddCase("git_lfs_pointer", b"version https://git-lfs.github.com/spec/v1\noid sha256:"
            + b"4d7a" * 16 + b"\nsize 12345\n", message="is a Git LFS pointer, not the notebook itself: run `git lfs pull`"),
    OddCase("html_page", b"<!DOCTYPE html>\n<html lang='en'><head><title>analysis.ipynb at main</title>",
            message="is an HTML page, not a notebook"),
    OddCase("python_source", b"import numpy as np\nprint(np.pi)\n", message="it is not JSON"),
    OddCase("json_list", b"[1, 2]", message="it is a list"),
    OddCase("json_null", b"null", message="it is null"),
    OddCase("json_without_cells", b'{"name": "package", "version": "1.0"}', message='it has no "cells"'),
    OddCase("cells_an_object", _changed(_set("cells", {"0": {}})), message='"cells" is an object, not a list'),
    OddCase("cells_a_string", _changed(_set("cells", "abc")), message='"cells" is a string, not a list'),
    OddCase("nested_1200_levels", _nested(1200), message="nested too deeply"),
    OddCase("nested_100000_levels", _nested(100_000), message="nested too deeply"),
    OddCase("nested_600_levels", _nested(600), message="nested too deeply"),
    # --- Real test notebooks of nbconvert and nbformat (BSD-3-Clause; see odd_files/README.md)
    OddCase("nbconvert_notebook_inject", _file("nbconvert_notebook_inject.ipynb"),
            unreadable="image/png is not base64"),
    OddCase("nbformat_test2", _file("nbformat_test2.ipynb"), notice="converted from notebook format v2"),
    OddCase("nbformat_invalid", _file("nbformat_invalid.ipynb")),
    OddCase("nbformat_invalid_cell_id", _file("nbformat_invalid_cell_id.ipynb")),
    OddCase("nbformat_invalid_unique_cell_id", _file("nbformat_invalid_unique_cell_id.ipynb")),
    OddCase("nbformat_test3_no_worksheets", _file("nbformat_test3_no_worksheets.ipynb"),
            message='it has no "cells"'),  # (nbformat refuses it too)
    OddCase("nbformat_test3_worksheet_with_no_cells", _file("nbformat_test3_worksheet_with_no_cells.ipynb")),
    OddCase("nbformat_test4plus", _file("nbformat_test4plus.ipynb")),
    OddCase("nbformat_v4_5_invalid_metadata", _file("nbformat_v4_5_invalid_metadata.ipynb")),
]

"""Reading and writing .ipynb files with nbformat, keeping everything and losing nothing.

Notebooks are read as nbformat v4 (an older file is converted, with a notice), validated (a
validation problem is a notice, not a refusal: the content is kept as it is; the window asks for
it after the notebook is on screen, since validating 10,000 cells takes a quarter of a second),
and written the
way Jupyter writes them, so an unchanged notebook saves to the same bytes. A file that is not a
notebook at all is refused with a message naming it, and is never written over.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import NamedTuple

from dsstudio.core.editor.textfile import TextFileError, atomic_write_bytes, read_file_bytes

NOTEBOOK_VERSION = 4


class NotebookError(Exception):
    """A notebook could not be read or written; the message names it and says why."""


class LoadedNotebook(NamedTuple):
    notebook: object  # nbformat.NotebookNode
    notices: list[str]  # what the user should know: conversion, validation problems
    text: str  # the file's text, as read (to validate later: `validation_notice`)


def read_notebook(path: Path, validate: bool = True) -> LoadedNotebook:
    """Read `path` as a v4 notebook; with `validate` off, its notices leave validation out
    (`validation_notice(name, loaded.text)` gives that one)."""
    import nbformat
    from nbformat import reader

    path = Path(path)
    try:
        text = read_file_bytes(path, kind="notebook").decode("utf-8")
    except TextFileError as error:
        raise NotebookError(str(error)) from None
    except UnicodeDecodeError:
        raise NotebookError(f"{path.name} is not a notebook: it is not UTF-8 text") from None
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as error:
        raise NotebookError(f"{path.name} is not a valid notebook: {error.msg} at line "
                            f"{error.lineno}, column {error.colno} (the file may be truncated)") from None
    if not isinstance(raw, dict) or "cells" not in raw and "worksheets" not in raw:
        raise NotebookError(f"{path.name} is not a notebook: JSON without cells")
    notices = []
    version = raw.get("nbformat")
    if not isinstance(version, int) or version < 3:
        raise NotebookError(f"{path.name} has an unsupported notebook format ({version!r})")
    problem: dict = {}  # nbformat validates while reading and puts what it found here
    try:
        if validate:
            notebook = nbformat.reads(text, as_version=NOTEBOOK_VERSION, capture_validation_error=problem)
        else:  # what nbformat.reads does, less the validation
            notebook = nbformat.convert(reader.reads(text), NOTEBOOK_VERSION)
    except Exception as error:  # noqa: BLE001 (nbformat raises many kinds for broken files)
        raise NotebookError(f"{path.name} could not be read as a notebook: {error}") from None
    if version < NOTEBOOK_VERSION:
        notices.append(f"{path.name} was converted from notebook format v{version}; saving "
                       f"writes format v{NOTEBOOK_VERSION}.")
    if problem.get("ValidationError") is not None:
        notices.append(_validation_words(path.name, problem["ValidationError"]))
    return LoadedNotebook(notebook, notices, text)


def validation_notice(name: str, text: str) -> str | None:
    """What to tell the user when the notebook `text` (read by `read_notebook`) does not follow
    the format, else None. Safe on any thread: it reads its own copy of the text."""
    import nbformat

    problem: dict = {}
    try:
        nbformat.reads(text, as_version=NOTEBOOK_VERSION, capture_validation_error=problem)
    except Exception as error:  # noqa: BLE001 (read once already: unlikely, but say it)
        return f"{name} could not be validated: {error}"
    error = problem.get("ValidationError")
    return None if error is None else _validation_words(name, error)


def _validation_words(name: str, error) -> str:
    first_line = str(error).strip().splitlines()[0]
    return f"{name} does not fully follow the notebook format ({first_line}); it is kept as it is."


def notebook_bytes(notebook, save_outputs: bool = True) -> bytes:
    """The bytes Jupyter would write for `notebook` (without outputs if `save_outputs` is off)."""
    import nbformat

    # Outputs built from kernel messages are plain dicts; nbformat's writer wants nodes.
    notebook = nbformat.from_dict(notebook)
    if not save_outputs:
        for cell in notebook.cells:
            if cell.get("cell_type") == "code":
                cell["outputs"] = []
                cell["execution_count"] = None
    text = nbformat.writes(notebook, version=nbformat.NO_CONVERT)
    if not text.endswith("\n"):
        text += "\n"
    return text.encode("utf-8")


def write_notebook(path: Path, notebook, save_outputs: bool = True) -> None:
    """Write atomically: on any failure the file on disk is left whole."""
    try:
        data = notebook_bytes(notebook, save_outputs)
    except Exception as error:  # noqa: BLE001 (a notebook that cannot be serialised)
        raise NotebookError(f"{Path(path).name} could not be saved: {error}") from None
    try:
        atomic_write_bytes(Path(path), data)
    except TextFileError as error:
        raise NotebookError(str(error)) from None


def new_notebook():
    """An empty v4 notebook with one code cell and a Python kernelspec, as Jupyter makes them."""
    import nbformat

    notebook = nbformat.v4.new_notebook()
    notebook.metadata["kernelspec"] = {"display_name": "Python 3", "language": "python",
                                       "name": "python3"}
    notebook.metadata["language_info"] = {"name": "python"}
    notebook.cells.append(nbformat.v4.new_code_cell())
    return notebook

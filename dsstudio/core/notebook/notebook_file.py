"""Reading and writing .ipynb files with nbformat, keeping everything and losing nothing.

Notebooks are read as nbformat v4 (an older file is converted, with a notice), validated (a
validation problem is a notice, not a refusal: the content is kept as it is; the window asks for
it after the notebook is on screen, since validating 10,000 cells takes a quarter of a second),
and written the way Jupyter writes them, so an unchanged notebook saves to the same bytes. What
nbformat reads it would not write (a cell without a type, a source that is a number) is repaired
as it is read, with one notice (notebook_repair.py; a v3 file's worksheets first, notebook_v3.py):
a notebook that opens can be saved. A file that is not a notebook at all is refused with a
message naming the real cause and its place (notebook_text.py), and is never written over.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import NamedTuple

from dsstudio.core.editor.textfile import TextFileError, atomic_write_bytes, read_file_bytes
from dsstudio.core.notebook.notebook_repair import (NotRepairable, has_lone_surrogates, kind_of,
                                                    repair_notebook, repair_notice,
                                                    replace_lone_surrogates)
from dsstudio.core.notebook.notebook_text import (NotNotebookText, decode_notebook, parse_json,
                                                  too_deep_message)
from dsstudio.core.notebook.notebook_v3 import prepare_v3

NOTEBOOK_VERSION = 4


class NotebookError(Exception):
    """A notebook could not be read or written; the message names it and says why."""


class LoadedNotebook(NamedTuple):
    notebook: object  # nbformat.NotebookNode
    notices: list[str]  # what the user should know: conversion, validation problems
    text: str  # the file's text, as read (to validate later: `validation_notice`)


def read_notebook(path: Path, validate: bool = True) -> LoadedNotebook:
    """Read `path` as a v4 notebook; with `validate` off, its notices leave validation out
    (`validation_notice(name, loaded.text)` gives that one). A notebook it returns can be saved:
    what nbformat reads but could not write is repaired here, and the notices say what."""
    path = Path(path)
    name = path.name
    try:
        text, encoding_notice = decode_notebook(name, read_file_bytes(path, kind="notebook"))
        raw = parse_json(name, text)
    except TextFileError as error:
        raise NotebookError(str(error)) from None
    except NotNotebookText as error:
        raise NotebookError(str(error)) from None
    notices = [encoding_notice] if encoding_notice else []
    if not isinstance(raw, dict):
        raise NotebookError(f"{name} is JSON but not a notebook: it is {kind_of(raw)}, not an "
                            "object with cells")
    if "cells" not in raw and "worksheets" not in raw:
        raise NotebookError(f'{name} is JSON but not a notebook: it has no "cells"')
    version = _format_version(name, raw, notices)
    try:
        notebook, repairs = _with_headroom(lambda: _as_v4(raw, version))
    except NotRepairable as error:
        raise NotebookError(f"{name} cannot be opened: {error}") from None
    except RecursionError:
        raise NotebookError(too_deep_message(name, text)) from None
    except Exception as error:  # noqa: BLE001 (nbformat's converters raise many kinds)
        raise NotebookError(f"{name} could not be read as a notebook of format v{version}: "
                            f"{type(error).__name__}: {error}") from None
    if version < NOTEBOOK_VERSION:
        notices.append(f"{name} was converted from notebook format v{version}; saving "
                       f"writes format v{NOTEBOOK_VERSION}.")
    if has_lone_surrogates(text):
        count = replace_lone_surrogates(notebook)
        notices.append(f"{name} has text that is not valid Unicode (a lone surrogate, in {count} "
                       "places): it is shown, and saved, as \ufffd.")
    repair = repair_notice(name, repairs)
    if repair is not None:
        notices.append(repair)
    if repairs or version < NOTEBOOK_VERSION:
        # Validation (on a worker) looks at what is open, not at what was repaired.
        text = json.dumps(notebook)
    if validate:
        problem = validation_notice(name, text)
        if problem is not None:
            notices.append(problem)
    return LoadedNotebook(notebook, notices, text)


def _format_version(name: str, raw: dict, notices: list[str]) -> int:
    """The notebook's major format version (1 to 4), or NotebookError naming what it says."""
    version = raw.get("nbformat")
    if version is None and "cells" in raw:
        notices.append(f"{name} does not say its notebook format version: it is read as "
                       f"v{NOTEBOOK_VERSION}.")
        version = NOTEBOOK_VERSION
    elif isinstance(version, str) and version.strip().isdigit():
        version = int(version)
    if type(version) is not int or version < 1:
        raise NotebookError(f'{name} has an unreadable notebook format version ("nbformat": '
                            f"{json.dumps(version)})")
    if version > NOTEBOOK_VERSION:
        raise NotebookError(f"{name} is notebook format v{version}, newer than any dsstudio "
                            f"or Jupyter reads (v{NOTEBOOK_VERSION} is the latest)")
    raw["nbformat"] = version
    return version


def _as_v4(raw: dict, version: int):
    """(the v4 notebook, the repairs made): nbformat's reading of `raw`, less its second parse
    of the text."""
    import nbformat

    if version == NOTEBOOK_VERSION:
        repairs = repair_notebook(raw)
        return nbformat.versions[NOTEBOOK_VERSION].to_notebook_json(raw), repairs
    repairs = prepare_v3(raw) if version == 3 else []
    notebook = nbformat.convert(nbformat.versions[version].to_notebook_json(raw), NOTEBOOK_VERSION)
    repairs += repair_notebook(notebook)
    return nbformat.from_dict(notebook), repairs


# Reading recurses about as deep as saving (nbformat's from_dict, the writer's deepcopy), and a
# save starts deeper in the call stack (a Qt event handler, a menu action). So a notebook is
# read with this many frames to spare: one that nests too deeply to be saved is refused when it
# is opened, never found out when the user's edits are to be written.
SAVE_HEADROOM_FRAMES = 150


def _with_headroom(function, frames: int = SAVE_HEADROOM_FRAMES):
    return function() if frames <= 0 else _with_headroom(function, frames - 1)


def validation_notice(name: str, text: str) -> str | None:
    """What to tell the user when the notebook `text` (read by `read_notebook`) does not follow
    the format, else None. Safe on any thread: it reads its own copy of the text."""
    import nbformat

    problem: dict = {}
    try:
        nbformat.reads(text, as_version=NOTEBOOK_VERSION, capture_validation_error=problem)
    except RecursionError:
        return f"{name} nests too deeply to be checked against the notebook format."
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
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate (from an output): UTF-8 has no way to write it
        return text.encode("utf-16", "surrogatepass").decode("utf-16", "replace").encode("utf-8")


def write_notebook(path: Path, notebook, save_outputs: bool = True) -> None:
    """Write atomically: on any failure the file on disk is left whole."""
    try:
        data = notebook_bytes(notebook, save_outputs)
    except RecursionError:
        raise NotebookError(f"{Path(path).name} could not be saved: it nests too deeply") from None
    except Exception as error:  # noqa: BLE001 (a notebook that cannot be serialised)
        raise NotebookError(f"{Path(path).name} could not be saved: {type(error).__name__}: "
                            f"{error}") from None
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

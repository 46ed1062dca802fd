"""Repairs that let any notebook nbformat reads be shown, edited and saved, each one said once.

nbformat reads almost any JSON with cells (validation only warns), but its own line joining and
its writer walk the notebook by attribute: a cell without `cell_type` or `metadata`, a code cell
without `outputs`, an output that is not a dict, a `source` that is a number make them raise, and
a notebook read that way could be edited but never saved (a fuzzing run found 38 such files). The
repairs here are the smallest that make the notebook one nbformat writes, and they keep what it
holds: an odd value becomes text where it can (a number source becomes its digits, an output that
is not one becomes a text output showing its JSON). Each repair is named, with its cell's number,
in one notice; the file itself is unchanged until the user saves.
"""

from __future__ import annotations

import json
import re

# Repairs named in the notice; the rest are counted.
NAMED_REPAIRS = 4
# A lone UTF-16 surrogate (\ud800 without its pair) decodes from JSON but cannot be written as
# UTF-8: the save would fail. Pairs (emoji escaped by ensure_ascii) are fine.
_LONE_SURROGATE_ESCAPE = re.compile(
    r"\\u[dD][89abAB][0-9a-fA-F]{2}(?!\\u[dD][c-fC-F])|(?<![0-9a-fA-F]{2})\\u[dD][c-fC-F][0-9a-fA-F]{2}")
_SURROGATE = re.compile("[\ud800-\udfff]")
_DISPLAY_TYPES = ("execute_result", "display_data")


class NotRepairable(Exception):
    """The notebook's shape is past repair; the message says where (after the file's name)."""


def kind_of(value) -> str:
    """'a number', 'a list', ...: a JSON value's kind in words."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    return {dict: "an object", list: "a list", str: "a string"}.get(type(value), "a number")


def repair_notebook(raw: dict) -> list[str]:
    """Repair the v4 notebook `raw` (a dict from JSON, or nbformat's nodes) in place; the repairs
    made, in words, or NotRepairable."""
    repairs: list[str] = []
    if not isinstance(raw.get("metadata"), dict):
        if "metadata" in raw:
            repairs.append(f"its metadata was {kind_of(raw['metadata'])}: now empty")
        raw["metadata"] = {}
    minor = raw.get("nbformat_minor")
    if type(minor) is not int or minor < 0:
        raw["nbformat_minor"] = 5
        repairs.append(f"its nbformat_minor was {minor if type(minor) is int else kind_of(minor)}: now 5")
    cells = raw.get("cells")
    if not isinstance(cells, list):
        raise NotRepairable(f'its "cells" is {kind_of(cells)}, not a list of cells')
    for index, cell in enumerate(cells):
        if type(cell) is not dict:
            if not isinstance(cell, dict):
                cells[index] = {"cell_type": "raw", "metadata": {}, "source": as_text(cell)}
                repairs.append(f"cell {index + 1} was {kind_of(cell)}, not a cell: kept as a raw cell")
                continue
        # The common case costs a few lookups: a 10,000-cell notebook opens in well under a second.
        kind = cell.get("cell_type")
        if kind.__class__ is not str:
            kind = cell["cell_type"] = "code" if "outputs" in cell or "execution_count" in cell else "raw"
            repairs.append(f"cell {index + 1} had no cell_type: made a {kind} cell")
        if cell.get("metadata").__class__ is not dict and not isinstance(cell.get("metadata"), dict):
            if "metadata" in cell:
                repairs.append(f"cell {index + 1}'s metadata was {kind_of(cell['metadata'])}: now empty")
            cell["metadata"] = {}
        source = cell.get("source")
        if source.__class__ is not str:
            cell["source"] = _source_text(source, "source" in cell, index, repairs)
        if "attachments" in cell:
            _repair_attachments(cell, index, repairs)
        if kind == "code":
            _repair_code_cell(cell, index, repairs)
    return repairs


def repair_notice(name: str, repairs: list[str]) -> str | None:
    """One notice for all the repairs made to notebook `name` (None if there were none)."""
    if not repairs:
        return None
    named = "; ".join(repairs[:NAMED_REPAIRS])
    more = f"; and {len(repairs) - NAMED_REPAIRS} more" if len(repairs) > NAMED_REPAIRS else ""
    return (f"{name} has parts the notebook format does not allow, repaired so that it can be "
            f"saved ({named}{more}). The file is unchanged until you save it.")


def has_lone_surrogates(text: str) -> bool:
    """Whether the JSON `text` escapes a lone surrogate (cheap: a search of the text)."""
    return "\\u" in text and _LONE_SURROGATE_ESCAPE.search(text) is not None


def replace_lone_surrogates(value) -> int:
    """Replace lone surrogates in every string inside `value` (a JSON container) with U+FFFD, in
    place; how many strings changed."""
    changed, stack = 0, [value]
    while stack:
        container = stack.pop()
        items = container.items() if isinstance(container, dict) else enumerate(container)
        for key, item in list(items):
            if isinstance(item, str):
                if _SURROGATE.search(item):
                    container[key] = _SURROGATE.sub("\ufffd", item)
                    changed += 1
            elif isinstance(item, (dict, list)):
                stack.append(item)
    return changed


def as_text(value) -> str:
    """`value` itself if it is text, else its JSON."""
    return value if isinstance(value, str) else json.dumps(value)


def int_or_none(value) -> int | None:
    """The whole number `value` stands for ("3", 3.0), else None."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and value.strip().isdigit():
        return int(value)
    return None


# ---- Internals
def _source_text(source, present: bool, index: int, repairs: list[str]) -> str:
    if not present:
        repairs.append(f"cell {index + 1} had no source: now empty")
        return ""
    if isinstance(source, list):
        try:
            return "".join(source)
        except TypeError:
            repairs.append(f"cell {index + 1}'s source had lines that were not text: made text")
            return "".join(line if isinstance(line, str) else "" if line is None else as_text(line)
                           for line in source)
    repairs.append(f"cell {index + 1}'s source was {kind_of(source)}: made text")
    return "" if source is None else as_text(source)


def _repair_attachments(cell: dict, index: int, repairs: list[str]) -> None:
    attachments = cell["attachments"]
    if not isinstance(attachments, dict):
        del cell["attachments"]
        repairs.append(f"cell {index + 1}'s attachments were {kind_of(attachments)}: dropped")
        return
    for name, bundle in list(attachments.items()):
        if not isinstance(bundle, dict):
            del attachments[name]
            repairs.append(f"cell {index + 1}'s attachment {name!r} was {kind_of(bundle)}: dropped")


def _repair_code_cell(cell: dict, index: int, repairs: list[str]) -> None:
    outputs = cell.get("outputs")
    if outputs.__class__ is not list and not isinstance(outputs, list):
        if outputs is not None or "outputs" in cell:
            repairs.append(f"cell {index + 1}'s outputs were {kind_of(outputs)}: made a list")
        else:
            repairs.append(f"cell {index + 1} had no outputs: added an empty list")
        outputs = cell["outputs"] = [] if outputs is None else [outputs]
    count = cell.get("execution_count")
    if count is not None and count.__class__ is not int or "execution_count" not in cell:
        cell["execution_count"] = int_or_none(count)
        was = kind_of(count) if "execution_count" in cell else "missing"
        repairs.append(f"cell {index + 1}'s execution_count was {was}: now {cell['execution_count']}")
    for number, output in enumerate(outputs, start=1):
        where = f"cell {index + 1}'s output {number}"
        if not isinstance(output, dict):
            outputs[number - 1] = _text_output(output)
            repairs.append(f"{where} was {kind_of(output)}: kept as text")
            continue
        kind = output.get("output_type")
        if kind.__class__ is not str:
            kind = _guessed_output_type(output)
            if kind == "display_data" and "data" not in output:
                outputs[number - 1] = _text_output(output)
                repairs.append(f"{where} had no output_type: kept as text")
                continue
            output["output_type"] = kind
            repairs.append(f"{where} had no output_type: made {kind}")
        if kind == "stream":
            text = output.get("text")
            if text.__class__ is not str and not (isinstance(text, list)
                                                  and all(isinstance(line, str) for line in text)):
                was = kind_of(text) if "text" in output else "missing"
                output["text"] = ("" if text is None else "".join(map(as_text, text))
                                  if isinstance(text, list) else as_text(text))
                repairs.append(f"{where}'s text was {was}: made text")
            if not isinstance(output.get("name"), str):
                output["name"] = "stdout"
        elif kind in _DISPLAY_TYPES:
            data = output.get("data", {})
            if not isinstance(data, dict):
                output["data"] = {"text/plain": as_text(data)}
                repairs.append(f"{where}'s data was {kind_of(data)}: kept as text")
            if not isinstance(output.get("metadata", {}), dict):
                output["metadata"] = {}




def _guessed_output_type(output: dict) -> str:
    if "ename" in output or "traceback" in output:
        return "error"
    if "text" in output:
        return "stream"
    return "execute_result" if "data" in output and "execution_count" in output else "display_data"


def _text_output(value) -> dict:
    """An output that shows `value` (something that was not an output) as text, kept in the file."""
    return {"output_type": "display_data", "metadata": {},
            "data": {"text/plain": as_text(value) if not isinstance(value, dict)
                     else json.dumps(value, indent=1)}}

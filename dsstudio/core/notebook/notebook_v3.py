"""A v3 notebook's shape, checked and made convertible before nbformat converts it to v4.

nbformat's v3 reader and its converter walk worksheets, cells and outputs by attribute: a
worksheet that is a number, a cell that is a string, a code cell without outputs make them raise
AttributeError or KeyError, which told the user nothing about their file ("'int' object has no
attribute 'cells'"; nbformat PRs #239 and #240 met the same crashes). And a "worksheets" or
"cells" that was an object, not a list, used to open as an empty notebook whose save would have
written over the cells. Here the parts that hold the cells must be lists (else the file is
refused, naming the part); what is odd inside a cell is repaired as v4 cells are
(notebook_repair.py), each repair named, and the rest is left to the v4 repairs after conversion.
"""

from __future__ import annotations

import json

from dsstudio.core.notebook.notebook_repair import (NotRepairable, as_text, int_or_none,
                                                    kind_of)

_HEADING_LEVELS = range(1, 7)


def prepare_v3(raw: dict) -> list[str]:
    """Make the v3 notebook `raw` (a dict from JSON) one nbformat converts, in place; the repairs
    made, in words, or NotRepairable saying which part cannot hold cells."""
    repairs: list[str] = []
    if not isinstance(raw.get("metadata"), dict):
        if "metadata" in raw:
            repairs.append(f"its metadata was {kind_of(raw['metadata'])}: now empty")
        raw["metadata"] = {}
    if "worksheets" not in raw:
        raise NotRepairable('it says notebook format v3, whose cells are kept in "worksheets", '
                            'but it has no "worksheets"')
    worksheets = raw["worksheets"]
    if not isinstance(worksheets, list):
        raise NotRepairable(f'its "worksheets" is {kind_of(worksheets)}, not a list of worksheets')
    number = 0  # cells are numbered across worksheets, as they are shown
    for sheet_number, sheet in enumerate(worksheets, start=1):
        if not isinstance(sheet, dict):
            raise NotRepairable(f"its worksheet {sheet_number} is {kind_of(sheet)}, "
                                'not a worksheet (an object with "cells")')
        cells = sheet.setdefault("cells", [])  # (nbformat's test3_worksheet_with_no_cells)
        if not isinstance(cells, list):
            raise NotRepairable(f'its worksheet {sheet_number}\'s "cells" is {kind_of(cells)}, '
                                "not a list of cells")
        for index, cell in enumerate(cells):
            number += 1
            if not isinstance(cell, dict):
                cells[index] = {"cell_type": "raw", "metadata": {}, "source": as_text(cell)}
                repairs.append(f"cell {number} was {kind_of(cell)}, not a cell: kept as a raw cell")
                continue
            _repair_v3_cell(cell, number, repairs)
    return repairs


def _repair_v3_cell(cell: dict, number: int, repairs: list[str]) -> None:
    kind = cell.get("cell_type")
    if not isinstance(kind, str):
        kind = cell["cell_type"] = "code" if "input" in cell or "outputs" in cell else "raw"
        repairs.append(f"cell {number} had no cell_type: made a {kind} cell")
    if not isinstance(cell.get("metadata", {}), dict):
        repairs.append(f"cell {number}'s metadata was {kind_of(cell['metadata'])}: now empty")
        cell["metadata"] = {}
    for key in ("input",) if kind == "code" else ("source", "rendered"):
        _text_lines(cell, key, f"cell {number}'s {key}", repairs)
    if kind == "heading":
        level = cell.get("level", 1)
        if level not in _HEADING_LEVELS or not isinstance(level, int):
            cell["level"] = int_or_none(level) if int_or_none(level) in _HEADING_LEVELS else 1
            repairs.append(f"cell {number}'s heading level was {json.dumps(level)}: now {cell['level']}")
        if not isinstance(cell.get("source", ""), str):
            cell["source"] = as_text(cell["source"])
    if kind == "code":
        _repair_v3_outputs(cell, number, repairs)


def _repair_v3_outputs(cell: dict, number: int, repairs: list[str]) -> None:
    outputs = cell.get("outputs")
    if not isinstance(outputs, list):
        if "outputs" in cell:
            repairs.append(f"cell {number}'s outputs were {kind_of(outputs)}: made a list")
        else:
            repairs.append(f"cell {number} had no outputs: added an empty list")
        outputs = cell["outputs"] = [] if outputs is None else [outputs]
    for index, output in enumerate(outputs):
        where = f"cell {number}'s output {index + 1}"
        if not isinstance(output, dict) or not isinstance(output.get("output_type"), str):
            what = f"was {kind_of(output)}" if not isinstance(output, dict) else "had no output_type"
            text = json.dumps(output, indent=1) if isinstance(output, dict) else as_text(output)
            outputs[index] = {"output_type": "display_data", "metadata": {}, "text": text}
            repairs.append(f"{where} {what}: kept as text")
            continue
        for key, value in list(output.items()):
            if isinstance(value, list):
                _text_lines(output, key, f"{where}'s {key}", repairs)


def _text_lines(holder: dict, key: str, where: str, repairs: list[str]) -> None:
    """A list of lines that are not all text (nbformat joins them) becomes text."""
    value = holder.get(key)
    if isinstance(value, list) and not all(isinstance(line, str) for line in value):
        holder[key] = "".join(line if isinstance(line, str) else "" if line is None
                              else as_text(line) for line in value)
        repairs.append(f"{where} had lines that were not text: made text")

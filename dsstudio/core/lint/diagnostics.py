"""What ruff found in a buffer, as plain data: `Diagnostic`s read from its JSON output.

Ruff's own `severity` field says "error" for everything, so the severity here is dsstudio's:
what stops the code from running (a syntax error, an undefined name, `return` outside a
function) is an error; everything else (an unused import, a long line) is a warning.
"""

from __future__ import annotations

import json
from typing import NamedTuple

SYNTAX_ERROR_CODE = "invalid-syntax"
# Codes (or their prefixes) of findings that fail at run time. F82x: undefined names;
# F63x/F7xx: comparisons and statements Python itself rejects or misreads; E9: syntax and I/O.
ERROR_PREFIXES = ("F821", "F822", "F823", "F63", "F7", "E9", "PLE")


class Diagnostic(NamedTuple):
    """One finding. Rows are 1-based, columns are 1-based and count characters (code points),
    as ruff reports them; `cell` is the 0-based notebook cell, or None in a plain file."""

    row: int
    column: int
    end_row: int
    end_column: int
    code: str
    message: str
    severity: str  # "error" or "warning"
    cell: int | None = None

    @property
    def label(self) -> str:
        """The message with its rule code, as the hover and the Problems pane show it."""
        if self.code == SYNTAX_ERROR_CODE:
            return f"Syntax error: {self.message}"
        return f"{self.message} ({self.code})"


def severity_of(code: str) -> str:
    if code == SYNTAX_ERROR_CODE or code.startswith(ERROR_PREFIXES):
        return "error"
    return "warning"


def parse_ruff_json(output: str) -> list[Diagnostic]:
    """Ruff's `--output-format json` (a list of findings) as Diagnostics, in file order.

    Raises ValueError when the output is not that list: the caller reports ruff as failing.
    """
    try:
        items = json.loads(output) if output.strip() else []
    except json.JSONDecodeError as error:
        raise ValueError(f"ruff printed something that is not JSON: {output[:200]!r}") from error
    if not isinstance(items, list):
        raise ValueError("ruff's JSON output is not a list of findings")
    found = []
    for item in items:
        try:
            start, end = item["location"], item.get("end_location") or item["location"]
            # Older ruff reports syntax errors with no code (null) and "SyntaxError: …" text.
            code = item.get("code") or SYNTAX_ERROR_CODE
            cell = item.get("cell")
            found.append(Diagnostic(
                row=int(start["row"]), column=int(start["column"]),
                end_row=int(end["row"]), end_column=int(end["column"]),
                code=str(code), message=str(item.get("message", "")),
                severity=severity_of(str(code)),
                cell=int(cell) - 1 if cell is not None else None))
        except (KeyError, TypeError, ValueError) as error:
            raise ValueError(f"a ruff finding without a place: {item!r}") from error
    found.sort(key=lambda d: (d.cell if d.cell is not None else -1, d.row, d.column))
    return found


def counts(diagnostics: list[Diagnostic]) -> tuple[int, int]:
    """(errors, warnings)."""
    errors = sum(1 for d in diagnostics if d.severity == "error")
    return errors, len(diagnostics) - errors

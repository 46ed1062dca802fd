"""A project's watch expressions, kept between sessions beside its breakpoints."""

from __future__ import annotations

import json
from pathlib import Path


def watches_file(breakpoints_file: Path) -> Path:
    """`<project state>.watches.json` beside `<project state>.breakpoints.json`."""
    return breakpoints_file.with_name(breakpoints_file.name.replace(".breakpoints.", ".watches."))


def load_watches(file: Path) -> list[str]:
    try:
        value = json.loads(file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []  # none saved yet, or unreadable: start with none rather than fail to open
    return [item for item in value if isinstance(item, str)] if isinstance(value, list) else []


def save_watches(expressions: list[str], file: Path) -> None:
    file.parent.mkdir(parents=True, exist_ok=True)
    file.write_text(json.dumps(expressions, indent=1), encoding="utf-8")

"""Breakpoints per file, kept between sessions: what the gutter shows and what the kernel's
debugger is told (`setBreakpoints` takes a file's whole list at once, so the store hands out
whole lists too)."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path


class Breakpoint:
    """A line (1-based, as the debug protocol counts) with an optional condition or log message.

    `verified` is what the kernel's debugger said when it was last sent: None until then, False
    when it could not bind the line (no code there, or the file is not the one imported)."""

    __slots__ = ("line", "condition", "log_message", "verified")

    def __init__(self, line: int, condition: str = "", log_message: str = "") -> None:
        self.line = line
        self.condition = condition
        self.log_message = log_message
        self.verified: bool | None = None

    def to_dap(self) -> dict:
        entry: dict = {"line": self.line}
        if self.condition:
            entry["condition"] = self.condition
        if self.log_message:
            entry["logMessage"] = self.log_message
        return entry

    def to_dict(self) -> dict:
        return {"line": self.line, "condition": self.condition, "log_message": self.log_message}

    def __repr__(self) -> str:
        return f"Breakpoint({self.line}, {self.condition!r}, {self.log_message!r})"


class BreakpointStore:
    """Every breakpoint of a project, by absolute file path.

    `on_change(path, resend)` is called after a file's list changed; `resend` is False when the
    lines only moved with an edit: the kernel still runs the saved code, so the new lines are
    sent after the save's reload, not at each keystroke."""

    def __init__(self, on_change: Callable[[str, bool], None] | None = None) -> None:
        self._by_file: dict[str, dict[int, Breakpoint]] = {}
        self.on_change = on_change

    # ---- Public API
    def files(self) -> list[str]:
        return [path for path, lines in self._by_file.items() if lines]

    def __bool__(self) -> bool:
        return any(self._by_file.values())

    def in_file(self, path: str | Path) -> list[Breakpoint]:
        return sorted(self._by_file.get(_key(path), {}).values(), key=lambda b: b.line)

    def at(self, path: str | Path, line: int) -> Breakpoint | None:
        return self._by_file.get(_key(path), {}).get(line)

    def toggle(self, path: str | Path, line: int) -> bool:
        """Add a breakpoint at `line` or remove the one there; True when one is there now."""
        lines = self._by_file.setdefault(_key(path), {})
        if line in lines:
            del lines[line]
            added = False
        else:
            lines[line] = Breakpoint(line)
            added = True
        self._changed(path)
        return added

    def set(self, path: str | Path, breakpoint: Breakpoint) -> None:
        self._by_file.setdefault(_key(path), {})[breakpoint.line] = breakpoint
        self._changed(path)

    def move_lines(self, path: str | Path, lines: list[int]) -> None:
        """The file's breakpoints are now at `lines`, in the order of `in_file` (the editor's
        markers moved with an edit); conditions stay with their breakpoint."""
        old = self.in_file(path)
        if [b.line for b in old] == lines:
            return
        moved: dict[int, Breakpoint] = {}
        for breakpoint, line in zip(old, lines):
            breakpoint.line = line
            moved[line] = breakpoint
        self._by_file[_key(path)] = moved
        self._changed(path, resend=False)

    def clear_file(self, path: str | Path) -> None:
        if self._by_file.pop(_key(path), None):
            self._changed(path)

    def to_dict(self) -> dict:
        return {path: [b.to_dict() for b in self.in_file(path)] for path in self.files()}

    def load_dict(self, value: object) -> None:
        """Take what `to_dict` gave (ignoring what does not look like it: a hand-edited file)."""
        if not isinstance(value, dict):
            return
        for path, entries in value.items():
            if not isinstance(path, str) or not isinstance(entries, list):
                continue
            for entry in entries:
                if isinstance(entry, dict) and isinstance(entry.get("line"), int):
                    breakpoint = Breakpoint(entry["line"], str(entry.get("condition") or ""),
                                            str(entry.get("log_message") or ""))
                    self._by_file.setdefault(_key(path), {})[breakpoint.line] = breakpoint

    # ---- Internals
    def _changed(self, path: str | Path, resend: bool = True) -> None:
        if self.on_change is not None:
            self.on_change(_key(path), resend)


def _key(path: str | Path) -> str:
    # The kernel's code objects carry absolute paths; the debugger matches them as strings.
    return os.path.abspath(os.fspath(path))


def load_breakpoints(store: BreakpointStore, file: Path) -> None:
    try:
        store.load_dict(json.loads(file.read_text(encoding="utf-8")))
    except (OSError, ValueError):
        return  # none saved yet, or unreadable: start with none rather than fail to open


def save_breakpoints(store: BreakpointStore, file: Path) -> None:
    file.parent.mkdir(parents=True, exist_ok=True)
    file.write_text(json.dumps(store.to_dict(), indent=1), encoding="utf-8")

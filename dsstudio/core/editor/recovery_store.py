"""Copies of unsaved work kept for after a crash (Spyder's autosave, VS Code's hot exit).

One folder per project in the user's state folder (never in the project): a JSON file per
unsaved buffer or notebook, and `session.json` listing the open tabs. Everything is written
atomically, so a crash while writing leaves the previous copy whole. A clean exit removes the
session and every copy the user resolved; a crash leaves them, and the next start of the project
offers them back. A copy that cannot be read is reported and kept, never dropped in silence.
"""

from __future__ import annotations

import json
import os
import time
import zlib
from pathlib import Path
from typing import NamedTuple

from dsstudio.core.editor.textfile import TextFileError, atomic_write_bytes

FORMAT_VERSION = 1
SESSION_FILE = "session.json"
# What reading a copy can raise: unreadable, not JSON, not a copy of this shape.
UNREADABLE = (OSError, ValueError, KeyError, TypeError, AttributeError, RecursionError)


def state_dir() -> Path:
    override = os.environ.get("DSSTUDIO_STATE_DIR")
    if override:
        return Path(override)
    if os.environ.get("DSSTUDIO_CONFIG_DIR"):  # an isolated run (tests, a second profile)
        from dsstudio.core.settings import config_dir

        return config_dir() / "state"
    from platformdirs import user_state_dir

    return Path(user_state_dir("dsstudio", appauthor=False))


def recovery_dir(root: Path) -> Path:
    data = str(Path(root).resolve()).encode("utf-8")
    return state_dir() / "recovery" / f"{zlib.crc32(data):08x}{zlib.adler32(data):08x}"


def key_for(kind: str, path: Path | None, untitled_name: str = "") -> str:
    """A file name for the copy of one document: the same document always gets the same one."""
    name = f"{kind}:{Path(path).resolve() if path is not None else 'untitled:' + untitled_name}"
    data = name.encode("utf-8", "surrogatepass")
    return f"{kind}-{zlib.crc32(data):08x}{zlib.adler32(data):08x}"


class RecoveredCopy(NamedTuple):
    key: str
    kind: str  # "text" or "notebook"
    path: Path | None  # None: an untitled buffer
    name: str  # what the tab was called
    content: str  # the text, or the notebook's JSON
    saved_at: float  # time.time() when the copy was written
    encoding: str | None = None
    newline: str | None = None
    bom: bool = False

    def age_words(self, now: float | None = None) -> str:
        seconds = max(0, int((now or time.time()) - self.saved_at))
        if seconds < 90:
            return f"{seconds} seconds ago"
        if seconds < 90 * 60:
            return f"{round(seconds / 60)} minutes ago"
        if seconds < 36 * 3600:
            return f"{round(seconds / 3600)} hours ago"
        return f"{round(seconds / 86400)} days ago"


class RecoveryFindings(NamedTuple):
    copies: list[RecoveredCopy]
    open_tabs: list[Path] | None  # None: the last session ended cleanly
    current: Path | None
    problems: list[str]  # copies that could not be read, each named with where it is kept


class RecoveryStore:
    def __init__(self, root: Path) -> None:
        self.root = Path(root).resolve()
        self.folder = recovery_dir(self.root)

    def write_copy(self, key: str, kind: str, path: Path | None, name: str, content: str,
                   text_format=None) -> None:
        payload = {"format": FORMAT_VERSION, "project": str(self.root), "kind": kind,
                   "path": str(path) if path is not None else None, "name": name,
                   "saved_at": time.time(), "content": content}
        if text_format is not None:
            payload.update(encoding=text_format.encoding, newline=text_format.newline,
                           bom=text_format.bom)
        self._write(f"{key}.json", payload)

    def remove_copy(self, key: str) -> None:
        try:
            (self.folder / f"{key}.json").unlink()
        except OSError:
            pass

    def write_session(self, open_tabs: list[Path], current: Path | None) -> None:
        self._write(SESSION_FILE, {"format": FORMAT_VERSION, "project": str(self.root),
                                   "open": [str(p) for p in open_tabs],
                                   "current": str(current) if current else None})

    def end_session(self, written: set[str]) -> None:
        """A clean exit: the session list and the copies this session wrote go (the user
        answered for them). Copies it did not write stay: offers not answered yet, and copies
        that could not be read."""
        for name in [SESSION_FILE, *(f"{key}.json" for key in written)]:
            try:
                (self.folder / name).unlink()
            except OSError:
                pass

    def find(self) -> RecoveryFindings:
        copies, problems = [], []
        open_tabs, current = None, None
        for entry in self._entries():
            try:
                payload = json.loads(entry.read_bytes().decode("utf-8"))
                if entry.name == SESSION_FILE:
                    open_tabs = [Path(p) for p in payload["open"] if isinstance(p, str)]
                    current = Path(payload["current"]) if payload.get("current") else None
                    continue
                copies.append(_copy_from(entry.stem, payload))
            except UNREADABLE as error:
                if entry.name != SESSION_FILE:  # a lost tab list is no loss of the user's text
                    problems.append(f"A recovery copy could not be read ({_reason(error)}); "
                                    f"it is kept at {entry}")
        copies.sort(key=lambda c: c.saved_at)
        return RecoveryFindings(copies, open_tabs, current, problems)

    def _entries(self) -> list[Path]:
        try:
            return sorted(p for p in self.folder.iterdir() if p.suffix == ".json")
        except OSError:
            return []

    def _write(self, name: str, payload: dict) -> None:
        # ASCII with escapes: a lone surrogate in a buffer survives the round trip.
        data = json.dumps(payload).encode("ascii")
        try:
            self.folder.mkdir(parents=True, exist_ok=True, mode=0o700)
            atomic_write_bytes(self.folder / name, data)
        except (OSError, TextFileError):
            pass  # a copy that cannot be written must not stop the user from typing


def _copy_from(key: str, payload: dict) -> RecoveredCopy:
    if payload.get("format") != FORMAT_VERSION:
        raise ValueError(f"format {payload.get('format')!r}, not {FORMAT_VERSION}")
    kind = payload["kind"]
    if kind not in ("text", "notebook") or not isinstance(payload["content"], str):
        raise ValueError("unknown kind or content")
    path = payload["path"]
    return RecoveredCopy(key=key, kind=kind, path=Path(path) if path else None,
                         name=str(payload["name"]), content=payload["content"],
                         saved_at=float(payload["saved_at"]), encoding=payload.get("encoding"),
                         newline=payload.get("newline"), bom=bool(payload.get("bom")))


def _reason(error: Exception) -> str:
    if isinstance(error, (ValueError, RecursionError)):
        return f"not valid: {str(error)[:120]}"
    if isinstance(error, (KeyError, TypeError, AttributeError)):
        return "not a recovery copy of this version"
    return getattr(error, "strerror", None) or str(error)

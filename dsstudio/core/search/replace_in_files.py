"""Replace in files: the preview of each change, and the change itself, never losing a byte.

A file is rewritten only if its bytes are still those the search read (its fingerprint): a file
changed since by anyone is skipped, with the reason, rather than replaced blind. Everything but the
replaced text stays as it was: encoding, BOM, and each line's own line ending (a file mixing \\r\\n
and \\n keeps both; the editor's save would make them all the dominant one). The write is atomic
(core.editor.textfile). Open editors are not written here: the UI applies `replace_in_text` to
their buffers, as one undo step, and leaves them unsaved.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from dsstudio.core.editor.textfile import (
    TextFileError,
    atomic_write_bytes,
    decode_text_file,
    encode_text,
    is_read_only,
    read_file_bytes,
)
from dsstudio.core.search.find_in_files import FileMatches, fingerprint, preview_window

# Split keeps the separators (odd indices), so they are joined back exactly as they were.
LINE_BREAKS = re.compile(r"(\r\n|\r|\n)")
NOT_REPLACED_SUFFIXES = (".ipynb",)


@dataclass
class LineChange:
    """One line of the preview: the line before and after, cut around the first match."""

    line: int
    before: str
    after: str


@dataclass
class ReplaceOutcome:
    path: Path
    count: int = 0
    skipped: str | None = None  # why nothing was written
    old_data: bytes = b""  # to undo a written file, while nobody changed it since
    new_data: bytes = b""


def preview_changes(found: FileMatches, pattern: re.Pattern[str], replacement) -> list[LineChange]:
    """The lines a replacement will change in `found`, as searched (no disk access)."""
    changes = []
    for match in found.lines:
        if match.text is not None:
            before, _ = preview_window(match.text, match.column)
            # The first match starts at the same column after the replacement: same window.
            after, _ = preview_window(pattern.sub(replacement, match.text), match.column)
        else:  # a line too long to keep: the change shown on its preview window
            before, after = match.preview, pattern.sub(replacement, match.preview)
        changes.append(LineChange(match.line, before, after))
    return changes


def replace_in_text(text: str, pattern: re.Pattern[str], replacement) -> tuple[str, int]:
    """`text` with every match replaced, line by line (as searched); and how many were."""
    parts = LINE_BREAKS.split(text)
    total = 0
    for i in range(0, len(parts), 2):
        new, count = pattern.subn(replacement, parts[i])
        if count:
            parts[i] = new
            total += count
    return "".join(parts), total


def is_replaceable(path: Path) -> bool:
    """Notebooks are searched (their JSON text) but never replaced in: a replacement holding a
    quote or a backslash would break the JSON, and an open notebook is edited in its own view."""
    return Path(path).suffix.lower() not in NOT_REPLACED_SUFFIXES


def replace_in_file(path: Path, expected: bytes, pattern: re.Pattern[str],
                    replacement) -> ReplaceOutcome:
    """Rewrite `path` with the replacement if it still has the fingerprint `expected`."""
    path = Path(path)
    outcome = ReplaceOutcome(path)
    if not is_replaceable(path):
        outcome.skipped = f"{path.name} is a notebook: edit it in its notebook view"
        return outcome
    try:
        data = read_file_bytes(path)
        if fingerprint(data) != expected:
            outcome.skipped = f"{path.name} changed on disk since the search: search again"
            return outcome
        if is_read_only(path):
            outcome.skipped = f"{path.name} is marked read-only"
            return outcome
        fmt = decode_text_file(path, data).format
        bom = encode_text(path, "", fmt)  # the BOM alone (b"" without one)
        text = data[len(bom):].decode(fmt.encoding)
        new_text, count = replace_in_text(text, pattern, replacement)
        try:
            new_data = bom + new_text.encode(fmt.encoding)
        except UnicodeEncodeError as error:
            outcome.skipped = (f"{path.name} is saved as {fmt.encoding}, which has no form for "
                               f"{error.object[error.start]!r}: left unchanged")
            return outcome
        if count:
            atomic_write_bytes(path, new_data)
    except TextFileError as error:
        outcome.skipped = str(error)
        return outcome
    outcome.count, outcome.old_data, outcome.new_data = count, data, new_data
    return outcome


def undo_replacement(outcome: ReplaceOutcome) -> str | None:
    """Put back what `outcome` replaced, if the file still holds what was written; else why not."""
    try:
        if read_file_bytes(outcome.path) != outcome.new_data:
            return f"{outcome.path.name} changed since the replacement: left as it is"
        atomic_write_bytes(outcome.path, outcome.old_data)
    except TextFileError as error:
        return str(error)
    return None

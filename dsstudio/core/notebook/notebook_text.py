"""A notebook file's bytes as text and JSON, and, when they are not, the real reason why.

People meet files that should be notebooks and are not: a notebook with git's merge conflict
markers in it (jupyter/notebook#4889, vscode-jupyter#8826), a Git LFS pointer checked out without
`git lfs pull` (Jupyter says "Notebook does not appear to be JSON: 'version https://git-lfs..."),
GitHub's HTML page saved instead of the raw file, a file cut short by a full disk or a failed
copy. Jupyter reports all of them as the same JSON error; the message here names the cause, where
it is, and what to do. Text that is only a little off is read anyway: a UTF-8 byte-order mark
(Jupyter refuses it), UTF-16 (PowerShell's `Out-File` writes it).
"""

from __future__ import annotations

import codecs
import json
import re

# How deep a notebook's JSON may nest. Reading and writing a notebook recurse once or twice per
# level (nbformat's from_dict, the writer's deepcopy) and Python allows about 1,000 frames: past
# about 450 levels a notebook could be read and then not saved. Real notebooks nest about 15
# levels (a Vega-Lite or Plotly spec, widget state).
MAX_NESTING = 200

_CONFLICT = re.compile(r"^(<{7}|={7}|>{7})(?: |$)", re.MULTILINE)
_LFS_POINTER = "version https://git-lfs.github.com/spec/"
_HTML = re.compile(r"\s*(<!--.*?-->\s*)*<(!doctype\s+html|html|head|body)\b", re.IGNORECASE | re.DOTALL)


class NotNotebookText(Exception):
    """The bytes are not a notebook's text; the message says why (the file's name first)."""


def decode_notebook(name: str, data: bytes) -> tuple[str, str | None]:
    """(the text of `data`, a notice if it was not plain UTF-8) or NotNotebookText."""
    if not data.strip():
        size = "0 bytes" if not data else "only white space"
        raise NotNotebookText(f"{name} is empty ({size}): there is no notebook in it")
    for bom, encoding in ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"),
                          (codecs.BOM_UTF16_BE, "utf-16-be")):
        if data.startswith(bom):
            return _decode(name, data[len(bom):], encoding), (
                f"{name} starts with a byte-order mark ({encoding.upper()}), which Jupyter does "
                "not read: saving writes it as UTF-8 without one.")
    # UTF-16 without a mark: every other byte of "{" and the JSON around it is zero.
    if data[:2] in (b"{\x00", b"\x00{") and data[1::2].count(0) > len(data) // 4:
        encoding = "utf-16-le" if data[1] == 0 else "utf-16-be"
        return _decode(name, data, encoding), (
            f"{name} is {encoding.upper()} text, which Jupyter does not read: saving writes it "
            "as UTF-8.")
    return _decode(name, data, "utf-8"), None


def _decode(name: str, data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as error:
        head = data[:4096]
        if b"\x00" in head or sum(byte < 9 for byte in head) > len(head) // 100:
            raise NotNotebookText(f"{name} is binary data, not a notebook") from None
        raise NotNotebookText(
            f"{name} is not a notebook: it is not {encoding.upper()} text (byte "
            f"0x{data[error.start]:02x} at offset {error.start:,})") from None


def parse_json(name: str, text: str):
    """The JSON value of `text`, or NotNotebookText naming why it is not JSON and where."""
    try:
        return json.loads(text)
    except RecursionError:
        raise NotNotebookText(too_deep_message(name, text)) from None
    except json.JSONDecodeError as error:
        raise NotNotebookText(why_not_json(name, text, error)) from None


def why_not_json(name: str, text: str, error: json.JSONDecodeError) -> str:
    """What is wrong with `text`, which json could not read: its real cause, with its place."""
    stripped = text.lstrip()
    if stripped.startswith(_LFS_POINTER):
        return (f"{name} is a Git LFS pointer, not the notebook itself: run `git lfs pull` "
                "in its repository to fetch it")
    conflict = _CONFLICT.search(text)
    if conflict is not None:
        line = text.count("\n", 0, conflict.start()) + 1
        return (f"{name} has git merge conflict markers (line {line:,}: "
                f"{text[conflict.start():conflict.start() + 7]}): resolve the conflict first, "
                "for example with `git checkout --ours` or `--theirs`, or nbdime's "
                "`git mergetool --tool nbdime`")
    if _HTML.match(text):
        return (f"{name} is an HTML page, not a notebook (a web page saved instead of the raw "
                "file?)")
    where = f"line {error.lineno:,}, column {error.colno:,}"
    if error.msg == "Extra data":
        return (f"{name} has more text after the notebook's end ({where}): two notebooks "
                "joined, or text appended to it")
    # (A JSON string cannot hold a line break: one that never ends ran into the file's end.)
    if (error.pos >= len(text.rstrip()) or error.msg.startswith("Unterminated string")) \
            and stripped.startswith(("{", "[")):
        return (f"{name} ends in the middle of the notebook ({where}): the file looks "
                "truncated (a full disk or an interrupted copy?)")
    if not stripped.startswith(("{", "[")):
        return f"{name} is not a notebook: it is not JSON (it starts with {stripped[:20]!r})"
    return f"{name} is not valid JSON: {error.msg} at {where}"


def too_deep_message(name: str, text: str) -> str:
    """`text` nests deeper than JSON can be read (or than MAX_NESTING): say where it does."""
    line = _line_past_depth(text, MAX_NESTING)
    where = f" (from line {line:,})" if line else ""
    return (f"{name} is nested too deeply to be a notebook: its JSON goes more than "
            f"{MAX_NESTING} levels deep{where}")


def _line_past_depth(text: str, limit: int) -> int | None:
    """The line where the nesting of brackets passes `limit`, skipping strings (slow: only
    for a file being refused)."""
    depth, in_string, escaped = 0, False, False
    for position, char in enumerate(text):
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            if depth > limit:
                return text.count("\n", 0, position) + 1
        elif char in "]}":
            depth -= 1
    return None

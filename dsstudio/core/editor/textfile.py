"""Reading and writing the user's text files without ever losing a byte of their work.

Files open as UTF-8 when they are, or in the encoding they declare (BOM, PEP 263 cookie); binary
files are refused. Encoding, BOM and line endings are remembered and written back as they were.
Writes are atomic: a temporary file in the same folder, fsynced, then renamed over the old one.
"""

from __future__ import annotations

import codecs
import os
import re
import stat
import tempfile
from pathlib import Path
from typing import NamedTuple

SNIFF_BYTES = 8192
# PEP 263: a coding declaration in one of the first two lines.
CODING_COOKIE = re.compile(rb"^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)")
BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


# Tie-break for the encoding detector, most common first.
PREFERRED_LEGACY_ENCODINGS = ("cp1252", "latin_1")


class TextFileError(Exception):
    """A file could not be read or written; the message names it and says why."""


class BinaryFileError(TextFileError):
    """The file holds binary data, not text."""


# NamedTuples, not dataclasses: these modules load before the window's first paint, and
# dataclasses imports `inspect` (several milliseconds).
class TextFileFormat(NamedTuple):
    encoding: str
    newline: str  # "\n", "\r\n" or "\r"
    bom: bool


class LoadedText(NamedTuple):
    text: str  # newlines normalised to "\n"
    format: TextFileFormat
    data: bytes = b""  # the bytes read, to tell later changes on disk from touches


def read_file_bytes(path: Path, kind: str = "file") -> bytes:
    """The bytes at `path`, or TextFileError saying why not ("... is a folder, not a {kind}")."""
    path = Path(path)
    try:
        return path.read_bytes()
    except IsADirectoryError:
        raise TextFileError(f"{path.name} is a folder, not a {kind}") from None
    except FileNotFoundError:
        raise TextFileError(f"{path} does not exist") from None
    except PermissionError:
        raise TextFileError(f"{path.name} cannot be read: permission denied") from None
    except OSError as error:
        raise TextFileError(f"{path.name} cannot be read: {error.strerror or error}") from None


def read_text_file(path: Path) -> LoadedText:
    path = Path(path)
    return decode_text_file(path, read_file_bytes(path))


def decode_text_file(path: Path, data: bytes) -> LoadedText:
    """The text of `data`, the bytes of `path` (its name picks the rules: coding cookies)."""
    encoding, bom = _detect_encoding(path, data)
    body = data[len(_bom_for(encoding)):] if bom else data
    try:
        text = body.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        raise TextFileError(
            f"{path.name} is not valid {encoding} text and its encoding could not be detected"
        ) from None
    newline = _dominant_newline(text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return LoadedText(text=text, format=TextFileFormat(encoding=encoding, newline=newline, bom=bom),
                      data=data)


def encode_text(path: Path, text: str, fmt: TextFileFormat) -> bytes:
    """The bytes `write_text_file` would write; raises before anything touches the disk."""
    body = text.replace("\r\n", "\n").replace("\r", "\n")
    if fmt.newline != "\n":
        body = body.replace("\n", fmt.newline)
    try:
        data = body.encode(fmt.encoding)
    except UnicodeEncodeError as error:
        line = body.count(fmt.newline, 0, error.start) + 1
        raise TextFileError(
            f"{Path(path).name} cannot be saved as {fmt.encoding}: "
            f"{error.object[error.start]!r} on line {line} has no {fmt.encoding} form"
        ) from None
    return (_bom_for(fmt.encoding) if fmt.bom else b"") + data


def write_text_file(path: Path, text: str, fmt: TextFileFormat) -> bytes:
    """Write `text` atomically; returns the bytes written."""
    data = encode_text(path, text, fmt)
    atomic_write_bytes(Path(path), data)
    return data


def is_read_only(path: Path) -> bool:
    """The file exists and its owner's write permission is off (mode 0444, Windows' read-only
    attribute). Its mode, not os.access: root may write anything, but the mark means "ask"."""
    try:
        return not Path(path).stat().st_mode & stat.S_IWUSR
    except OSError:
        return False


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Replace `path` with `data` all at once: on any failure the old file is left whole."""
    path = Path(path)
    folder = path.parent
    if not folder.is_dir():
        raise TextFileError(f"{path.name} cannot be saved: the folder {folder} does not exist")
    try:
        mode = stat.S_IMODE(path.stat().st_mode) if path.exists() else None
    except OSError:
        mode = None
    temp_name = None
    try:
        fd, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if mode is not None:
            os.chmod(temp_name, mode)
        else:
            # mkstemp makes 0600; a new file gets the usual permissions (umask applied).
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(temp_name, 0o666 & ~umask)
        os.replace(temp_name, path)
        temp_name = None
    except OSError as error:
        reason = error.strerror or str(error)
        raise TextFileError(f"{path.name} could not be saved: {reason}") from None
    finally:
        if temp_name is not None:
            try:
                os.unlink(temp_name)
            except OSError:
                pass


def _bom_for(encoding: str) -> bytes:
    for bom, name in BOMS:
        if name == encoding:
            return bom
    return b""


def _detect_encoding(path: Path, data: bytes) -> tuple[str, bool]:
    for bom, name in BOMS:
        if data.startswith(bom):
            return name, True
    head = data[:SNIFF_BYTES]
    if b"\x00" in head:
        raise BinaryFileError(f"{path.name} looks like a binary file; dsstudio opens text files only")
    if path.suffix in (".py", ".pyw", ".pyi"):
        # Lines end as Python's tokenizer ends them: "\r" alone too (an old Mac file's line 3
        # is not its line 1).
        for line in head.splitlines()[:2]:
            match = CODING_COOKIE.match(line)
            if match:
                name = match.group(1).decode("ascii")
                try:
                    return codecs.lookup(name).name, False
                except LookupError:
                    raise TextFileError(f"{path.name} declares an unknown encoding {name!r}") from None
    try:
        data.decode("utf-8")
        return "utf-8", False
    except UnicodeDecodeError:
        pass
    # Not UTF-8 and nothing declared: ask a detector made for the job, and only trust it when
    # it is confident; guessing wrong would corrupt the file on the next save.
    from charset_normalizer import from_bytes

    matches = list(from_bytes(data))
    best = matches[0] if matches else None
    if best is None or best.encoding is None or _control_ratio(str(best)) > 0.01:
        raise TextFileError(
            f"{path.name} is not UTF-8 and its encoding could not be detected; "
            "convert it to UTF-8 to open it here"
        )
    # The detector often ties several code pages (French text scores the same in cp1250 and
    # cp1252, which differ on ê). Among equally good candidates, take the Western ones, by far
    # the most common in data files, before the detector's arbitrary first.
    tied = {name for match in matches
            if (match.chaos, match.coherence) == (best.chaos, best.coherence)
            for name in match.could_be_from_charset}
    for preferred in PREFERRED_LEGACY_ENCODINGS:
        if preferred in tied:
            return codecs.lookup(preferred).name, False
    return codecs.lookup(best.encoding).name, False


def _control_ratio(text: str) -> float:
    controls = sum(1 for c in text if ord(c) < 32 and c not in "\t\n\r\f")
    return controls / max(1, len(text))


def _dominant_newline(text: str) -> str:
    crlf = text.count("\r\n")
    cr = text.count("\r") - crlf
    lf = text.count("\n") - crlf
    counts = {"\n": lf, "\r\n": crlf, "\r": cr}
    best = max(counts, key=counts.get)
    return best if counts[best] > 0 else "\n"

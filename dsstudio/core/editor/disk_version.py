"""What a file on disk held when the editor last read or wrote it, to tell real changes apart.

Watchers report touches, not changes: an editor's own save, `touch`, a checkout that writes the
same bytes all fire events. A change counts only when the bytes differ, so a version carries a
checksum of the content; the stat fields let a check skip reading a file whose size and
modification time are exactly as recorded.
"""

from __future__ import annotations

import os
import zlib
from pathlib import Path
from typing import NamedTuple


class DiskVersion(NamedTuple):
    mtime_ns: int
    size: int
    checksum: str

    def same_content(self, other: DiskVersion | None) -> bool:
        return other is not None and (self.size, self.checksum) == (other.size, other.checksum)


def checksum_of(data: bytes) -> str:
    # Two 32-bit checksums (zlib costs nothing to import; this is not about attackers).
    return f"{zlib.crc32(data):08x}{zlib.adler32(data):08x}"


def version_of(path: Path, data: bytes) -> DiskVersion | None:
    """The version of `path` whose bytes were just read or written as `data`."""
    try:
        info = os.stat(path)
    except OSError:
        return None
    return DiskVersion(info.st_mtime_ns, info.st_size, checksum_of(data))


def current_version(path: Path, known: DiskVersion | None = None,
                    trust_stat: bool = True) -> tuple[DiskVersion | None, bytes | None]:
    """The file's version now, and its bytes when they had to be read (None if the stat alone
    matched `known`). (None, None) when the file is gone or unreadable as a file.

    Without `trust_stat` the bytes are always read: a same-size change within the file system's
    time granularity (FAT: 2 s, SMB), or copied with its time kept (`rsync -t`, `cp -p`), has
    the old size and time. Before writing over a file, that is the check to make."""
    try:
        info = os.stat(path)
    except OSError:
        return None, None
    if trust_stat and known is not None \
            and (info.st_mtime_ns, info.st_size) == (known.mtime_ns, known.size):
        return known, None
    try:
        data = Path(path).read_bytes()
    except OSError:
        return None, None
    return DiskVersion(info.st_mtime_ns, info.st_size, checksum_of(data)), data

"""Which notebook cell a debugger frame is in.

ipykernel compiles each cell's code under a file name made from a hash of that code
(`tmpFilePrefix + murmur2(code, hashSeed) + tmpFileSuffix`, told by the `debugInfo` request), so a
frame's source path names the cell whose code hashes to it. The hash is ipykernel's own
(ipykernel/compiler.py), repeated here because the app must not need ipykernel.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from typing import TypeVar

Key = TypeVar("Key")
# ipykernel's seed (compiler.get_tmp_hash_seed, a constant): for frames read before the
# debugger was ever attached (post-mortem), when no debugInfo told it.
IPYKERNEL_SEED = 0xC70F6907
_M = 0x5BD1E995
_MASK = 0xFFFFFFFF


def murmur2_x86(text: str, seed: int) -> int:
    """ipykernel's murmur2 of `text`'s UTF-8 bytes."""
    data = text.encode("utf-8")
    length = len(data)
    h = seed ^ length
    rounded_end = length & 0xFFFFFFFC
    for i in range(0, rounded_end, 4):
        k = data[i] | (data[i + 1] << 8) | (data[i + 2] << 16) | (data[i + 3] << 24)
        k = (k * _M) & _MASK
        k ^= k >> 24
        k = (k * _M) & _MASK
        h = ((h * _M) & _MASK) ^ k
    tail = length & 3
    if tail:
        k = 0
        if tail == 3:
            k = data[rounded_end + 2] << 16
        if tail >= 2:
            k |= data[rounded_end + 1] << 8
        k |= data[rounded_end]
        h = ((h ^ k) * _M) & _MASK
    h ^= h >> 13
    h = (h * _M) & _MASK
    return h ^ (h >> 15)


def cell_file_name(code: str, debug_info: dict) -> str | None:
    """The file name the kernel gives `code`; None before `debugInfo` answered."""
    prefix, seed = debug_info.get("tmpFilePrefix"), debug_info.get("hashSeed")
    if not prefix or seed is None or debug_info.get("hashMethod", "Murmur2").lower() != "murmur2":
        return None
    return f"{prefix}{murmur2_x86(code, int(seed))}{debug_info.get('tmpFileSuffix', '.py')}"


def find_cell(path: str, cells: Iterable[tuple[Key, str]], debug_info: dict) -> Key | None:
    """The key of the first (key, code) whose code the kernel compiled under `path` (without
    debugInfo: whose hash with ipykernel's seed names `path`'s file)."""
    known = bool(debug_info.get("tmpFilePrefix"))
    name = os.path.basename(path)
    for key, code in cells:
        if known and cell_file_name(code, debug_info) == path:
            return key
        if not known and name == f"{murmur2_x86(code, IPYKERNEL_SEED)}.py":
            return key
    return None

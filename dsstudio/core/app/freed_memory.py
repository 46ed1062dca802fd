"""Giving freed memory back to the system after big outputs are cleared (glibc only).

glibc's malloc keeps memory it was handed back inside its heap when other allocations sit above
it. Measured (benchmarks/bench_outputs.py, after a million printed lines and a 50 MB line in the
same process): 200 figures cleared from a notebook left RSS at 340 MB against 156 MB before the
run; `malloc_trim(0)` brought it to 166 MB. Run alone, the same case gave the memory back by
itself, which is why an earlier try measured no gain.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import sys

# How long after outputs are cleared or a notebook closes the trim runs: after Qt's deferred
# deletes of the old widgets.
TRIM_DELAY_MS = 1000
_libc = None


def return_freed_memory() -> bool:
    """Ask the C allocator to give freed memory back to the system; True if it could be asked
    (Linux with glibc), False elsewhere (macOS and Windows allocators return it themselves)."""
    global _libc
    if not sys.platform.startswith("linux"):
        return False
    if _libc is None:
        try:
            _libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        except OSError:
            _libc = False
    trim = getattr(_libc, "malloc_trim", None) if _libc else None  # musl has none
    if trim is None:
        return False
    trim(0)
    return True

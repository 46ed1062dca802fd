"""Messages between dsstudio and its helper processes (search, code intelligence) over pipes.

A frame is a 4-byte big-endian length and a pickled tuple. Both ends are dsstudio's own code, so
pickle is safe here, and it keeps the messages' plain tuples and named tuples as they are.
"""

from __future__ import annotations

import os
import pickle
import struct
import sys

HEADER = struct.Struct(">I")


def encode_frame(message: tuple) -> bytes:
    data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    return HEADER.pack(len(data)) + data


class FrameReader:
    """Cuts a byte stream into messages (bytes arrive in arbitrary pieces)."""

    def __init__(self) -> None:
        self._buffer = bytearray()

    def feed(self, data: bytes) -> list[tuple]:
        self._buffer += data
        messages = []
        while len(self._buffer) >= HEADER.size:
            (size,) = HEADER.unpack_from(self._buffer)
            if len(self._buffer) < HEADER.size + size:
                break
            payload = bytes(self._buffer[HEADER.size:HEADER.size + size])
            del self._buffer[:HEADER.size + size]
            messages.append(pickle.loads(payload))
        return messages


# Background work: on a busy machine the window's process gets the CPU before a helper's.
HELPER_NICENESS = 5


def helper_command(switch: str) -> list[str]:
    """The command that starts a helper process (the frozen app relaunches itself)."""
    if getattr(sys, "frozen", False):
        return [sys.executable, switch]
    return [sys.executable, "-m", "dsstudio", switch]


def run_helper(serve) -> int:
    """A helper process's main: niced, `serve(stdin, stdout)` until the window goes away."""
    if hasattr(os, "nice"):
        try:
            os.nice(HELPER_NICENESS)
        except OSError:
            pass
    try:
        serve(sys.stdin.buffer, sys.stdout.buffer)
    except (BrokenPipeError, KeyboardInterrupt):  # the window went away
        pass
    return 0

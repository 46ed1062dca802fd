"""Messages between dsstudio and its helper processes (search, code intelligence) over pipes.

A frame is a 4-byte big-endian length and a pickled tuple. Both ends are dsstudio's own code, so
pickle is safe here, and it keeps the messages' plain tuples and named tuples as they are.
"""

from __future__ import annotations

import pickle
import struct

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

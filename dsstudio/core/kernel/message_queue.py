"""The queue between a kernel channel's reader thread and the GUI thread (local ZMQ iopub in
ui/kernel/batched_client.py, a server's WebSocket in ui/kernel/remote_qt_client.py).

The reader thread only appends, and wakes the GUI thread when the queue was empty: a flood of
messages then costs one wake-up, not a signal per message, and the GUI thread takes what has
arrived in batches, at its own pace, in the order it came.
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Callable


class MessageQueue:
    """Messages put from one thread and taken in batches from another, in order."""

    def __init__(self, wake: Callable[[], None]) -> None:
        """`wake` is called (on the putting thread) when a message arrives in an empty queue:
        the taker has taken everything before it and must be told to come back."""
        self._wake = wake
        self._messages: deque = deque()
        self._lock = threading.Lock()

    def put(self, msg: dict) -> None:  # the channel's reader thread
        with self._lock:
            was_empty = not self._messages
            self._messages.append(msg)
        if was_empty:  # outside the lock: the taker may be woken at once and take
            self._wake()

    def take(self, limit: int) -> list[dict]:  # the GUI thread
        """The oldest messages, `limit` at the most, removed from the queue."""
        with self._lock:
            messages = self._messages
            return [messages.popleft() for _ in range(min(limit, len(messages)))]

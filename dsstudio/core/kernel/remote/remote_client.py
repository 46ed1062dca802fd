"""jupyter_client kernel clients whose channels travel over a server's kernel WebSocket.

The rest of the app talks to a kernel through jupyter_client's client interface (`execute`,
`kernel_info`, `get_iopub_msg`, ...). Those methods only build a message with the client's
Session and call `<channel>.send(msg)`, and read replies with `<channel>.get_msg()`: so a client
whose channel objects are queues fed by one WebSocket is a drop-in replacement for the ZMQ one
(jupyter_server's gateway client does the same). The server signs messages for the kernel: the
client's Session has no key.
"""

from __future__ import annotations

import asyncio
import os
import queue
import time
from collections.abc import Callable

from jupyter_client import AsyncKernelClient, BlockingKernelClient
from jupyter_client.session import Session

from dsstudio.core.kernel.remote.kernel_websocket import KernelWebSocket
from dsstudio.core.kernel.remote.server_address import ServerAddress

CHANNEL_NAMES = ("shell", "iopub", "stdin", "control")


class QueueChannel:
    """One channel: what arrives is queued for `get_msg`, `send` writes to the WebSocket."""

    def __init__(self, name: str, link: KernelWebSocket) -> None:
        self.name = name
        self._link = link
        self._queue: queue.Queue = queue.Queue()
        self._running = False

    def start(self) -> None:
        self._running = True

    def stop(self) -> None:
        self._running = False

    close = stop  # (jupyter_client's threaded client closes its channels before stopping them)

    def is_alive(self) -> bool:
        return self._running

    def closed(self) -> bool:
        return not self._running

    def send(self, msg: dict) -> None:
        self._link.send(self.name, msg)

    def deliver(self, msg: dict) -> None:  # the WebSocket's reader thread
        self._queue.put(msg)

    def get_msg(self, timeout: float | None = None) -> dict:
        """The next message; queue.Empty after `timeout` seconds without one."""
        return self._queue.get(timeout=timeout)

    def get_msgs(self) -> list[dict]:
        msgs = []
        while True:
            try:
                msgs.append(self._queue.get_nowait())
            except queue.Empty:
                return msgs

    def msg_ready(self) -> bool:
        return not self._queue.empty()


class AsyncQueueChannel(QueueChannel):
    """The same for jupyter_client's async client (nbclient's), without blocking its loop."""

    async def get_msg(self, timeout: float | None = None) -> dict:  # type: ignore[override]
        deadline = None if timeout is None else time.monotonic() + timeout
        while True:
            wait = 0.5 if deadline is None else max(0.0, min(0.5, deadline - time.monotonic()))
            try:
                # A bounded wait in a worker thread: an unbounded one would keep the executor
                # (and so the process) alive after the run.
                return await asyncio.to_thread(self._queue.get, True, wait)
            except queue.Empty:
                if deadline is not None and time.monotonic() >= deadline:
                    raise

    async def msg_ready(self) -> bool:  # type: ignore[override]
        return not self._queue.empty()


class WebSocketHeartbeat:
    """The heartbeat of a remote kernel is its WebSocket: the server watches the kernel itself."""

    def __init__(self, link: KernelWebSocket) -> None:
        self._link = link
        self._running = False

    def start(self) -> None:
        self._running = True

    def stop(self) -> None:
        self._running = False

    def is_alive(self) -> bool:
        return self._running

    def pause(self) -> None:
        """(qtconsole pauses heartbeats while it restarts the kernel: nothing to pause here.)"""

    def unpause(self) -> None:
        """(See `pause`.)"""

    def is_beating(self) -> bool:
        return self._link.connected


class WebSocketChannels:
    """Mixin for a jupyter_client KernelClient: its channels over one kernel WebSocket."""

    channel_class: type[QueueChannel] = QueueChannel

    def attach_server(self, address: ServerAddress, kernel_id,
                      on_closed: Callable[[str], None] | None = None,
                      on_state: Callable[[str], None] | None = None) -> None:
        """Point the client at `kernel_id` (or a callable giving it) on the server at `address`
        (before start_channels); the callbacks are KernelWebSocket's."""
        # The server signs what it passes to the kernel; a WebSocket message carries no
        # signature. (A key all the same: Session warns that an empty one is insecure.)
        self.session = Session(key=os.urandom(16).hex().encode())
        self.kernel_id = kernel_id
        self.link = KernelWebSocket(address, kernel_id, self.session.session, self.route, on_closed,
                                    on_state)
        self.channels = {name: self.channel_class(name, self.link) for name in CHANNEL_NAMES}
        self._shell_channel = self.channels["shell"]
        self._iopub_channel = self.channels["iopub"]
        self._stdin_channel = self.channels["stdin"]
        self._control_channel = self.channels["control"]
        self._hb_channel = WebSocketHeartbeat(self.link)

    def route(self, channel: str, msg: dict) -> None:
        target = self.channels.get(channel)
        if target is not None:
            target.deliver(msg)

    def start_channels(self, shell: bool = True, iopub: bool = True, stdin: bool = True,
                       hb: bool = True, control: bool = True) -> None:
        if not self.link.connected:
            self.link.connect()
        super().start_channels(shell, iopub, stdin, hb, control)

    def stop_channels(self) -> None:
        super().stop_channels()
        self.link.close()


class RemoteKernelClient(WebSocketChannels, BlockingKernelClient):
    """A BlockingKernelClient on a server's kernel."""


class RemoteAsyncKernelClient(WebSocketChannels, AsyncKernelClient):
    """An AsyncKernelClient on a server's kernel (for nbclient, in `dsstudio run --server`)."""

    channel_class = AsyncQueueChannel

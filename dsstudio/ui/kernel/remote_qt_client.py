"""The GUI thread's client of a kernel on a Jupyter server: qtconsole's client interface (Qt
signals per channel), its channels carried by the kernel's WebSocket (core/kernel/remote).

The iopub channel batches like the local one (ui/kernel/batched_client.py): the WebSocket's
reader thread only queues and wakes the GUI thread when the queue was empty, and `IopubDrain`
hands the messages on within a time budget per turn of the event loop.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from qtconsole.client import QtKernelClient

from dsstudio.core.kernel.message_queue import MessageQueue
from dsstudio.core.kernel.remote.kernel_websocket import KernelWebSocket
from dsstudio.core.kernel.remote.remote_client import (CHANNEL_NAMES, WebSocketChannels,
                                                       WebSocketHeartbeat)


class RemoteQtChannel(QObject):
    """A channel whose messages arrive as `message_received` on the GUI thread."""

    message_received = Signal(object)
    """A message arrived on this channel (emitted from the reader thread, received queued)."""

    def __init__(self, name: str, link: KernelWebSocket) -> None:
        super().__init__()
        self.name = name
        self._link = link
        self._running = False
        self._inspect = None  # (set by jupyter_client's threaded client; unused here)

    def start(self) -> None:
        self._running = True

    def stop(self) -> None:
        self._running = False

    close = stop

    def is_alive(self) -> bool:
        return self._running

    def closed(self) -> bool:
        return not self._running

    def send(self, msg: dict) -> None:
        self._link.send(self.name, msg)

    def flush(self, timeout: float = 1.0) -> None:
        """(Messages are handed over as they arrive: nothing waits in a socket here.)"""

    def deliver(self, msg: dict) -> None:  # the WebSocket's reader thread
        if self._running:
            self.message_received.emit(msg)


class RemoteBatchedChannel(RemoteQtChannel):
    """The iopub channel: queued, and taken by `IopubDrain` in batches (see the module doc)."""

    batch_ready = Signal()
    """Messages are waiting (emitted when the queue stops being empty)."""

    def __init__(self, name: str, link: KernelWebSocket) -> None:
        super().__init__(name, link)
        self.queue = MessageQueue(wake=self.batch_ready.emit)
        self.drain = None  # the IopubDrain feeding the GUI thread, once made

    def deliver(self, msg: dict) -> None:  # the WebSocket's reader thread
        if self._running:
            self.queue.put(msg)

    def flush(self, timeout: float = 1.0) -> None:
        """Hand over, now, every message read so far (qtconsole calls this before a prompt)."""
        if self.drain is not None:
            self.drain.drain(budget=None)


class RemoteQtHeartbeat(QObject):
    """The WebSocket as heartbeat (core's WebSocketHeartbeat), with qtconsole's `kernel_died`
    signal: the app reports a kernel's death itself, from the session, so it is never emitted."""

    kernel_died = Signal(object)

    def __init__(self, link: KernelWebSocket) -> None:
        super().__init__()
        self._beat = WebSocketHeartbeat(link)
        self.start, self.stop, self.is_alive = self._beat.start, self._beat.stop, self._beat.is_alive
        self.pause, self.unpause, self.is_beating = (self._beat.pause, self._beat.unpause,
                                                     self._beat.is_beating)


class RemoteQtKernelClient(WebSocketChannels, QtKernelClient):
    """qtconsole's kernel client, on a server's kernel."""

    def attach_server(self, address, kernel_id, on_closed=None, on_state=None) -> None:
        super().attach_server(address, kernel_id, on_closed, on_state)
        # Qt channels in place of the queues: the console and notebooks connect to their signals.
        self.channels = {name: (RemoteBatchedChannel if name == "iopub" else RemoteQtChannel)(
            name, self.link) for name in CHANNEL_NAMES}
        self._shell_channel = self.channels["shell"]
        self._iopub_channel = self.channels["iopub"]
        self._stdin_channel = self.channels["stdin"]
        self._control_channel = self.channels["control"]
        self._hb_channel = RemoteQtHeartbeat(self.link)


def remote_qt_client(session) -> RemoteQtKernelClient:
    """An unstarted GUI-thread client of `session` (a RemoteKernelSession)."""
    client = RemoteQtKernelClient()
    # The kernel's id is read at each connection: a kernel the server lost and the user
    # restarted is a new one there, and this client follows it.
    client.attach_server(session.address, lambda: session.kernel_id, session.on_link_closed,
                         session.on_link_state)
    session.follow_link(client.link)
    return client

"""A kernel client whose iopub messages reach the GUI thread in batches, not one signal each
(the one client the console and every notebook share; a run's consecutive stream messages are
joined on the way, see core/kernel/stream_batch.py).

qtconsole's client emits a queued Qt signal per message from its I/O thread. A cell that prints
with `flush=True` sends a message per line, and the GUI thread then spends its time dispatching
signals: 100,000 lines stalled the window for 0.4 s at a time. Here the I/O thread only appends
to a queue and wakes the GUI thread when the queue was empty; the GUI thread takes what has
arrived, within a time budget per turn of the event loop, so a flood costs a bounded amount per
frame and the kernel is never kept waiting (its messages are read as fast as it writes).

qtconsole flushes iopub before it writes a prompt (so a run's output comes above it): the
console's channel then hands over everything read so far, at once.

The kernel sends a run's input_request (input(), getpass, pdb) to the client that sent the run,
and every notebook sends on this one client: its stdin channel gives qtconsole only the requests
of the client's own session, and the others to the sessions (notebooks) that asked.
"""

from __future__ import annotations

import threading
import time
import traceback
from collections import deque

from PySide6.QtCore import QObject, QTimer, Signal
from qtconsole.client import QtKernelClient, QtZMQSocketChannel
from traitlets import Type

from dsstudio.core.kernel.message_queue import MessageQueue
from dsstudio.core.kernel.stream_batch import join_streams

# GUI time spent on messages per turn of the event loop; the rest waits for the next turn.
DRAIN_BUDGET_S = 0.008
# Messages taken from the queue at once when joining streams (bounded: a flood's batch is joined
# in a few milliseconds).
BATCH_SIZE = 2_000


class BatchedChannel(QtZMQSocketChannel):
    batch_ready = Signal()
    """Messages are waiting (emitted when the queue stops being empty)."""

    def __init__(self, *args, **kwargs) -> None:
        # Before the base class's __init__: it connects the socket to the I/O thread's loop,
        # which may hand over a message before __init__ returns (it once failed there on the
        # missing queue, and the message was lost). The signal is looked up when it is emitted,
        # not here: the QObject does not exist yet.
        self.queue = MessageQueue(wake=lambda: self.batch_ready.emit())
        self.drain = None  # the IopubDrain feeding the GUI thread, once made
        super().__init__(*args, **kwargs)

    def call_handlers(self, msg: dict) -> None:  # the client's I/O thread
        self.queue.put(msg)

    def flush(self, timeout: float = 1.0) -> None:
        """Hand over, now, every message read so far (qtconsole calls this before it writes a
        new prompt, so that a run's output comes above it)."""
        super().flush(timeout)
        if self.drain is not None:
            self.drain.drain(budget=None)


class SessionStdinChannel(QtZMQSocketChannel):
    """The stdin channel of a client shared by sessions: `message_received` (qtconsole's) has
    only what answers the client's own session; `other_session_message` has the rest.

    (Without this the console took a notebook's input_request and read the answer at its own
    prompt, and the notebook's cell waited for an answer that never came to it.)"""

    other_session_message = Signal(object)
    """A stdin message for another session on this client (a notebook's run asks for input)."""

    def call_handlers(self, msg: dict) -> None:  # the client's I/O thread
        asker = msg.get("parent_header", {}).get("session")
        if asker is None or asker == self.session.session:
            self.message_received.emit(msg)
        else:
            self.other_session_message.emit(msg)


class BatchedKernelClient(QtKernelClient):
    iopub_channel_class = Type(BatchedChannel)
    stdin_channel_class = Type(SessionStdinChannel)
    # Replies on control reach the GUI thread as signals (the debugger's debug_reply; jupyter_client's
    # threaded control channel drops them).
    control_channel_class = Type(QtZMQSocketChannel)

    def connect_iopub(self, identity: bytes | None = None):
        """The iopub socket, with no limit on messages waiting to be read.

        PUB/SUB drops messages silently once 1,000 wait on each side (zmq's default high-water
        marks): a loop printing with flush=True while the GUI thread held the GIL lost lines and
        even a run's idle status (the cell then never finished). Unlimited here, zmq's own I/O
        thread (native, no GIL) always takes what the kernel sends, so its side never fills."""
        import zmq

        # pyzmq gives a context's socket options to every socket it makes next: the option is
        # set before the socket connects, as it must be, without repeating jupyter_client's code.
        self.context.setsockopt(zmq.RCVHWM, 0)
        try:
            return super().connect_iopub(identity)
        finally:
            self.context.sockopts.pop(zmq.RCVHWM, None)

    def stop_channels_soon(self) -> None:
        """stop_channels() on a thread of its own. jupyter_client's I/O thread looks at its stop
        flag once a second (it sleeps in steps of one second), so a stop on the GUI thread froze a
        closing window for up to a second (and every test's teardown with it). The channels'
        close is made for other threads: it hands each socket's close to the I/O loop and waits."""
        def stop() -> None:
            try:
                self.stop_channels()
            except RuntimeError:  # its last step, the stopped_channels signal: the object is gone
                pass

        threading.Thread(target=stop, name="dsstudio-client-stop", daemon=True).start()


class IopubDrain(QObject):
    """Feeds `handler` the iopub messages of `client`, a time budget per turn of the loop,
    consecutive stream messages of a run joined into one first."""

    def __init__(self, client: BatchedKernelClient, handler, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._channel = client.iopub_channel
        self._channel.drain = self
        self._handler = handler
        self._pending: deque = deque()  # taken from the channel, joined, not handed on yet
        self._again = QTimer(self)
        self._again.setSingleShot(True)
        self._again.setInterval(0)
        self._again.timeout.connect(self.drain)
        self._channel.batch_ready.connect(self.drain)
        # Messages that came between start_channels and now woke nobody: take them next turn.
        self._again.start()

    def drain(self, budget: float | None = DRAIN_BUDGET_S) -> None:
        """Hand messages on until the queue is empty or `budget` seconds are spent (None: no
        limit); what is left goes on at the next turn of the event loop.

        A handler may call this again (qtconsole flushes iopub before it writes a prompt): the
        inner call goes on with the batch the outer one was handing out, from the same queue,
        so no message overtakes one taken before it. (Each call once handled its own batch: a
        notebook's idle status handed out by the inner call overtook the outer batch's last
        lines of that run, and the run, finished, dropped them.)"""
        deadline = time.perf_counter() + budget if budget is not None else float("inf")
        pending = self._pending
        while True:
            if not pending:
                pending.extend(join_streams(self._channel.queue.take(BATCH_SIZE)))
                if not pending:
                    return
            while pending:
                msg = pending.popleft()
                try:
                    self._handler(msg)
                except Exception:  # noqa: BLE001 (one bad message must not strand the rest)
                    traceback.print_exc()
                if time.perf_counter() > deadline:
                    self._again.start()  # the rest after the window has had its turn
                    return

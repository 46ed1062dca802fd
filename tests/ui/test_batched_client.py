"""The batched kernel client: every message reaches the GUI thread, in order, joined or not."""

from __future__ import annotations

import time

import zmq
from jupyter_client.session import Session
from jupyter_client.threaded import IOLoopThread, ThreadedZMQSocketChannel

from dsstudio.ui.kernel.batched_client import BatchedChannel


def test_messages_waiting_before_the_channel_exists_are_all_kept(qtbot, monkeypatch):
    """The base class connects the socket to the I/O thread's loop inside its __init__; a
    message handed over before our __init__ had made its queue was lost (an AttributeError on
    the I/O thread), which is how the console once missed a run's output."""
    session = Session(key=b"k")
    session.check_pid = False
    context = zmq.Context()
    pull = context.socket(zmq.PULL)
    port = pull.bind_to_random_port("tcp://127.0.0.1")
    push = context.socket(zmq.PUSH)
    push.connect(f"tcp://127.0.0.1:{port}")
    for i in range(200):
        session.send(push, "stream", content={"name": "stdout", "text": f"{i}\n"})
    time.sleep(0.2)  # all waiting in the PULL socket before the channel reads it
    # Widen the race: the base __init__ has connected the socket, the rest of __init__ waits.
    base_init = ThreadedZMQSocketChannel.__init__

    def slow_init(self, *args, **kwargs):
        base_init(self, *args, **kwargs)
        time.sleep(0.3)

    monkeypatch.setattr(ThreadedZMQSocketChannel, "__init__", slow_init)
    loop = IOLoopThread()
    loop.start()
    channel = BatchedChannel(pull, session, loop.ioloop)
    try:
        received = []

        def take_all() -> bool:
            received.extend(msg["content"]["text"] for msg in channel.queue.take(1_000))
            return len(received) == 200

        qtbot.waitUntil(take_all, timeout=5000)
        assert received == [f"{i}\n" for i in range(200)]
    finally:
        channel.close()
        loop.stop()
        push.close(0)
        context.term()


def test_a_drain_called_from_a_handler_never_lets_a_message_overtake(qtbot):
    """qtconsole flushes iopub (a nested drain) while it handles a message. The nested drain
    once handled the queue's next batch before the rest of the outer one: a notebook's idle
    status overtook the last lines of its run, which were then dropped (seen under load, when
    batches are big)."""
    from PySide6.QtCore import QObject

    from dsstudio.core.kernel.message_queue import MessageQueue
    from dsstudio.ui.kernel.batched_client import IopubDrain

    class Channel(QObject):
        from PySide6.QtCore import Signal

        batch_ready = Signal()

        def __init__(self, messages):
            super().__init__()
            self.queue = MessageQueue(wake=self.batch_ready.emit)
            for msg in messages:
                self.queue.put(msg)
            self.drain = None

    class Client:
        pass

    def message(n, kind="display_data"):
        return {"msg_type": kind, "parent_header": {"msg_id": "run"}, "content": {"n": n}}

    client = Client()
    client.iopub_channel = Channel([message(n) for n in range(5000)])
    handled = []

    def handler(msg):
        handled.append(msg["content"]["n"])
        if msg["content"]["n"] in (10, 1999, 3000):  # a prompt written mid-batch
            client.iopub_channel.drain.drain(budget=None)

    drain = IopubDrain(client, handler)
    drain.drain(budget=None)
    assert handled == list(range(5000))

"""The queue between a kernel channel's reader thread and the GUI thread."""

from __future__ import annotations

import threading

from dsstudio.core.kernel.message_queue import MessageQueue


def test_the_taker_is_woken_only_when_a_message_comes_to_an_empty_queue():
    """A flood must cost one wake-up, not one per message (the GUI thread once spent its time
    dispatching a signal per printed line)."""
    wakes = []
    queue = MessageQueue(wake=lambda: wakes.append(1))
    for n in range(100):
        queue.put({"n": n})
    assert len(wakes) == 1
    queue.take(1_000)
    queue.put({"n": 100})
    assert len(wakes) == 2


def test_batches_are_taken_oldest_first_and_bounded():
    queue = MessageQueue(wake=lambda: None)
    for n in range(5):
        queue.put({"n": n})
    assert [msg["n"] for msg in queue.take(3)] == [0, 1, 2]
    assert [msg["n"] for msg in queue.take(3)] == [3, 4]
    assert queue.take(3) == []


def test_messages_put_from_other_threads_all_arrive_in_each_threads_order():
    """Put on reader threads while the taker takes: nothing lost, nothing reordered, and a
    message put after the taker emptied the queue wakes it again (else it would wait there)."""
    woken = threading.Event()
    queue = MessageQueue(wake=woken.set)
    writers = [threading.Thread(target=lambda w=w: [queue.put({"w": w, "n": n})
                                                    for n in range(5_000)]) for w in range(4)]
    for writer in writers:
        writer.start()
    taken: list[dict] = []
    while len(taken) < 20_000:
        assert woken.wait(timeout=10), "a message waits and the taker was not woken"
        woken.clear()
        while batch := queue.take(300):
            taken.extend(batch)
    for writer in writers:
        writer.join()
    for w in range(4):
        assert [msg["n"] for msg in taken if msg["w"] == w] == list(range(5_000))

"""Joining a batch's stream messages: one message where the kernel sent many, order kept."""

from __future__ import annotations

from dsstudio.core.kernel.stream_batch import join_streams


def stream(text: str, name: str = "stdout", parent: str = "run-1") -> dict:
    return {"msg_type": "stream", "parent_header": {"msg_id": parent},
            "header": {"msg_type": "stream"}, "content": {"name": name, "text": text}}


def other(kind: str, parent: str = "run-1") -> dict:
    return {"msg_type": kind, "parent_header": {"msg_id": parent}, "content": {}}


def test_one_message_a_line_becomes_one_message():
    batch = [stream(f"{i}\n") for i in range(1000)]
    joined = join_streams(batch)
    assert len(joined) == 1 and joined[0]["content"]["text"] == "".join(f"{i}\n" for i in range(1000))
    assert batch[0]["content"]["text"] == "0\n"  # the kernel's message itself is not changed


def test_only_the_same_run_and_stream_are_joined_and_order_is_kept():
    batch = [stream("a"), stream("b"), stream("!", name="stderr"), stream("c"),
             other("display_data"), stream("d"), stream("e", parent="run-2"), other("status"),
             stream("f"), stream("g")]
    joined = join_streams(batch)
    assert [(m["msg_type"], m["content"].get("text")) for m in joined] == [
        ("stream", "ab"), ("stream", "!"), ("stream", "c"), ("display_data", None),
        ("stream", "d"), ("stream", "e"), ("status", None), ("stream", "fg")]


def test_carriage_returns_keep_their_meaning_across_joined_messages():
    """A progress line (`print(i, end='\\r')`) joined is the same text the view would have
    put together from the separate messages."""
    joined = join_streams([stream(f"{i}%\r") for i in range(0, 101, 10)] + [stream("done\n")])
    assert joined[0]["content"]["text"] == "".join(f"{i}%\r" for i in range(0, 101, 10)) + "done\n"


def test_an_empty_or_single_batch_is_left_as_it_is():
    assert join_streams([]) == []
    one = stream("x")
    assert join_streams([one])[0] is one

"""Joining the stream messages of a batch, so a view handles one message where a kernel sent many.

A loop that prints with `flush=True` sends one iopub message per line. qtconsole does work per
message (dispatch, ANSI parsing, a text insertion and a scroll): 100,000 one-line messages froze
the console for 13.7 s. Consecutive stream messages of the same run and the same stream say the
same as one message with their texts joined, so the console's client joins them before qtconsole
sees them. Nothing else is merged, and order is kept: a stream message after a display is
never joined with one before it.
"""

from __future__ import annotations


def join_streams(messages: list[dict]) -> list[dict]:
    """`messages` with each run of consecutive stream messages (same parent request, same
    stream) replaced by one, its text the run's texts joined. The first message of a run is
    copied, not changed: other handlers may hold it."""
    joined: list[dict] = []
    texts: list[str] = []  # the texts of the run that ends `joined`, while it is a stream run

    def close_run() -> None:
        if len(texts) > 1:
            first = joined[-1]
            joined[-1] = {**first, "content": {**first["content"], "text": "".join(texts)}}
        texts.clear()

    for msg in messages:
        if msg.get("msg_type") == "stream" and texts and _same_stream(joined[-1], msg):
            texts.append(msg["content"].get("text", ""))
            continue
        close_run()
        joined.append(msg)
        if msg.get("msg_type") == "stream":
            texts.append(msg["content"].get("text", ""))
    close_run()
    return joined


def _same_stream(a: dict, b: dict) -> bool:
    return (a["content"].get("name") == b["content"].get("name")
            and a.get("parent_header", {}).get("msg_id") == b.get("parent_header", {}).get("msg_id"))

"""How much of other clients' output the console copies: a little of each run, then a pointer.

The console shows what notebooks run on the shared kernel (qtconsole's `include_other_output`),
but qtconsole inserts that text above a waiting prompt by re-reading the console's document for
every message: 10,000 lines from a notebook froze the window for 1.5 s, 30,000 for 26 s, and a
million lines for good. The notebook shows its own output in full; the console needs only a
glimpse. So each run of another client gets a budget of lines and characters (and a few rich
outputs); past it, one line says where the rest is, and nothing more is copied.
"""

from __future__ import annotations

MAX_LINES = 200
MAX_CHARS = 20_000
MAX_RICH = 5
NOTICE = "… more output of this run is in the notebook that ran it (not copied here)\n"
# Messages that carry output; execute_input (the other client's code) and errors always pass.
STREAMED = ("stream",)
RICH = ("display_data", "execute_result", "update_display_data")


class ForeignOutputBudget:
    """Decides, message by message, what of another client's run the console shows."""

    def __init__(self, max_lines: int = MAX_LINES, max_chars: int = MAX_CHARS,
                 max_rich: int = MAX_RICH) -> None:
        self.max_lines, self.max_chars, self.max_rich = max_lines, max_chars, max_rich
        self._runs: dict[str, list[int]] = {}  # parent msg_id -> [lines, chars, rich, noticed]

    def admit(self, msg: dict) -> str:
        """"show" (the message as it is, or with its text cut to what is left), "notice" (show
        the pointer line instead, once), or "drop"."""
        kind = msg.get("msg_type")
        if kind not in STREAMED and kind not in RICH:
            return "show"
        parent = msg.get("parent_header", {}).get("msg_id", "")
        if len(self._runs) > 1000:
            self._runs.clear()  # runs long finished; a budget is only needed while one streams
        used = self._runs.setdefault(parent, [0, 0, 0, 0])
        if kind in RICH:
            used[2] += 1
            return "show" if used[2] <= self.max_rich else self._over(used)
        content = msg.get("content", {})
        text = content.get("text", "")
        lines_left, chars_left = self.max_lines - used[0], self.max_chars - used[1]
        if lines_left <= 0 or chars_left <= 0:
            return self._over(used)
        cut = _cut(text, lines_left, chars_left)
        used[0] += cut.count("\n")
        used[1] += len(cut)
        if cut != text:
            # The rest of this message, and of the run, stays in the notebook: say so right here
            # (a whole run often comes as one message, and no later one would carry the notice).
            content["text"] = (cut if cut.endswith("\n") else cut + "\n") + NOTICE
            used[0], used[1], used[3] = self.max_lines, self.max_chars, 1
        return "show"

    def _over(self, used: list[int]) -> str:
        if used[3]:
            return "drop"
        used[3] = 1
        return "notice"


def _cut(text: str, lines: int, chars: int) -> str:
    """At most `lines` lines and `chars` characters of the start of `text`."""
    head = text[:chars]
    end = -1
    for _ in range(lines):
        end = head.find("\n", end + 1)
        if end < 0:
            return head
    return head[: end + 1]

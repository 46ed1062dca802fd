"""A code cell's outputs, built from the kernel's iopub messages as Jupyter builds them.

Jupyter's rules, which progress bars (tqdm) and live displays depend on:
- consecutive stream output of the same name is one output; a carriage return rewrites the
  current line and a backspace removes a character, as a terminal would;
- `clear_output(wait=True)` clears only when the next output arrives (no flicker);
- `update_display_data` replaces, wherever it is, every output shown with that display_id.

Outputs are kept as nbformat v4 output dicts, ready to be saved.
"""

from __future__ import annotations

import re

# Past this many characters a text output is cut in the view (the full text is kept and saved).
VIEW_TEXT_LIMIT = 20_000
# A stream's view keeps its last lines: laying out rich text costs about 0.3 ms a line, and a
# redraw must fit in a frame or two while a loop prints.
VIEW_STREAM_LINES = 200
# A cell's source shown when it is not being edited: at most this many lines (and VIEW_TEXT_LIMIT
# characters), the rest behind "Show all".
VIEW_SOURCE_LINES = 300
MIME_PRIORITY = ("image/png", "image/jpeg", "image/svg+xml", "text/html", "text/markdown",
                 "text/latex", "text/plain")
_ANSI = re.compile(r"\x1b\[([0-9;]*)m")
_ANSI_COLOURS = {30: "#000000", 31: "#c62828", 32: "#2e7d32", 33: "#b07d00", 34: "#1565c0",
                 35: "#8e24aa", 36: "#00838f", 37: "#9e9e9e", 90: "#616161", 91: "#e53935",
                 92: "#43a047", 93: "#f9a825", 94: "#1e88e5", 95: "#ab47bc", 96: "#26c6da",
                 97: "#ffffff"}


class CellOutputs:
    """The outputs of one run of one cell, fed message by message."""

    def __init__(self) -> None:
        self._outputs: list[dict] = []
        self.execution_count: int | None = None
        self._clear_pending = False
        self._display_ids: dict[str, list[int]] = {}
        # The stream being written: its finished lines (chunks ending in a newline) and the line
        # still open. Joined into the output only when read, so a loop that prints with
        # flush=True (one message a line) costs the length of each message, not of the output.
        self._stream: dict | None = None
        self._lines: list[str] = []
        self._open_line = ""
        self._stream_changed = False

    @property
    def outputs(self) -> list[dict]:
        """The outputs as nbformat dicts (the stream being written is brought up to date)."""
        if self._stream_changed:
            finished = "".join(self._lines)
            self._lines = [finished] if finished else []
            self._stream["text"] = finished + self._open_line.removesuffix("\r")
            self._stream_changed = False
        return self._outputs

    def apply(self, msg: dict) -> bool:
        """Take one iopub message (already filtered to this cell's run); True if the view changes."""
        kind, content = msg.get("msg_type"), msg.get("content", {})
        if kind == "execute_input":
            self.execution_count = content.get("execution_count")
            return True
        if kind == "clear_output":
            if content.get("wait"):
                self._clear_pending = True
                return False
            self._clear()
            return True
        if kind == "update_display_data":
            return self._update_display(content)
        if kind not in ("stream", "execute_result", "display_data", "error"):
            return False
        if self._clear_pending:
            self._clear()
        if kind == "stream":
            self._add_stream(content.get("name", "stdout"), content.get("text", ""))
        elif kind == "error":
            self._end_stream()
            self._outputs.append({"output_type": "error", "ename": content.get("ename", ""),
                                 "evalue": content.get("evalue", ""),
                                 "traceback": list(content.get("traceback", []))})
        else:
            self._end_stream()
            output = {"output_type": kind, "data": dict(content.get("data", {})),
                      "metadata": dict(content.get("metadata", {}))}
            if kind == "execute_result":
                output["execution_count"] = content.get("execution_count")
                self.execution_count = content.get("execution_count")
            self._outputs.append(output)
            display_id = content.get("transient", {}).get("display_id")
            if display_id:
                self._display_ids.setdefault(display_id, []).append(len(self._outputs) - 1)
        return True

    def _clear(self) -> None:
        self._end_stream()
        self._outputs.clear()
        self._display_ids.clear()
        self._clear_pending = False

    def _add_stream(self, name: str, text: str) -> None:
        if self._stream is None or self._stream["name"] != name \
                or not self._outputs or self._outputs[-1] is not self._stream:
            self._end_stream()
            self._stream = {"output_type": "stream", "name": name, "text": ""}
            self._outputs.append(self._stream)
        # A carriage return can only rewrite the open line: only that line is re-read, so a
        # progress bar's thousands of updates cost the length of its line, not of the output.
        combined = self._open_line + text
        if "\r" in text or "\b" in text or self._open_line.endswith("\r"):
            # `print(i, end="\r")`: the carriage return ends the message, and the next message
            # must overwrite the line: it is kept (as the open line's last character).
            returned = combined.endswith("\r")
            combined = terminal_text(combined) + ("\r" if returned else "")
        newline = combined.rfind("\n")
        if newline >= 0:
            self._lines.append(combined[: newline + 1])
            self._open_line = combined[newline + 1:]
        else:
            self._open_line = combined
        self._stream_changed = True

    def _end_stream(self) -> None:
        self.outputs  # noqa: B018 (brings the stream's text up to date before it is left)
        self._stream, self._lines, self._open_line = None, [], ""

    def _update_display(self, content: dict) -> bool:
        indexes = self._display_ids.get(content.get("transient", {}).get("display_id"), [])
        for index in indexes:
            self._outputs[index]["data"] = dict(content.get("data", {}))
            self._outputs[index]["metadata"] = dict(content.get("metadata", {}))
        return bool(indexes)


def terminal_text(text: str) -> str:
    """Apply carriage returns and backspaces as a terminal shows them (tqdm bars, spinners)."""
    if "\r" not in text and "\b" not in text:
        return text
    lines = []
    for line in text.replace("\r\n", "\n").split("\n"):
        current: list[str] = []
        cursor = 0
        for char in line:
            if char == "\r":
                cursor = 0
            elif char == "\b":
                cursor = max(0, cursor - 1)
            else:
                if cursor < len(current):
                    current[cursor] = char
                else:
                    current.append(char)
                cursor += 1
        lines.append("".join(current))
    return "\n".join(lines)


def best_mime(data: dict) -> str | None:
    """The representation to show, by Jupyter's priority; None if none is displayable."""
    for mime in MIME_PRIORITY:
        if mime in data:
            return mime
    return None


def cut_for_view(text: str, limit: int = VIEW_TEXT_LIMIT,
                 max_lines: int | None = None) -> tuple[str, bool]:
    """(what to show, whether it was cut): a huge output must never freeze the window. Cut
    after `limit` characters (at a line's end if there is one) or `max_lines` lines."""
    if max_lines is not None:
        end = -1
        for _ in range(max_lines):
            end = text.find("\n", end + 1, limit + 1)
            if end < 0:
                break
        else:
            if end + 1 < len(text):
                return text[: end + 1], True
    if len(text) <= limit:
        return text, False
    head = text[:limit]
    return head[: head.rfind("\n") + 1 or limit], True


def tail_for_view(text: str, limit: int = VIEW_TEXT_LIMIT,
                  max_lines: int | None = None) -> tuple[str, int]:
    """(the end of a stream to show, how many lines come before it): a training loop's latest
    lines are the ones worth seeing. Cut at a line start; a single longer line shows its end."""
    max_lines = VIEW_STREAM_LINES if max_lines is None else max_lines
    start = max(0, len(text) - limit)
    newline = len(text) - 1 if text.endswith("\n") else len(text)
    for _ in range(max_lines):  # from the end, at most max_lines lines back
        newline = text.rfind("\n", start, newline)
        if newline < 0:
            break
    else:
        start = max(start, newline)
    if start == 0:
        return text, 0
    line_start = text.find("\n", start) + 1
    if 0 < line_start < len(text):
        start = line_start
    return text[start:], text.count("\n", 0, start)


def strip_ansi(text: str) -> str:
    """`text` without its ANSI colour codes (for plain-text views and files)."""
    return _ANSI.sub("", text)


def ansi_to_html(text: str, colours: dict[int, str] | None = None) -> str:
    """Escape `text` for HTML and turn ANSI SGR colour codes into spans (tracebacks, logs);
    `colours` maps SGR codes to CSS colours (default: ones that read on a light background)."""
    from html import escape

    parts, open_span, position = [], False, 0
    palette = colours or _ANSI_COLOURS
    for match in _ANSI.finditer(text):
        parts.append(escape(text[position:match.start()]))
        position = match.end()
        codes = [int(c) for c in match.group(1).split(";") if c.isdigit()] or [0]
        style = []
        for code in codes:
            if code in palette:
                style.append(f"color:{palette[code]}")
            elif code == 1:
                style.append("font-weight:bold")
        if open_span:
            parts.append("</span>")
            open_span = False
        if style:
            parts.append(f"<span style='{';'.join(style)}'>")
            open_span = True
    parts.append(escape(text[position:]))
    if open_span:
        parts.append("</span>")
    return "".join(parts)

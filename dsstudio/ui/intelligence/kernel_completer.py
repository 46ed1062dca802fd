"""Completions from the running kernel: the names only live objects know (`df['` columns,
attributes set at run time), asked only while the kernel is idle.

The request goes on the kernel's one shared client as a session of its own (as notebooks send
their cells), and its reply is matched by msg_id; only the newest request's reply is delivered.
A busy kernel answers only after its cell: then nothing is asked, and the editor shows jedi's
names alone.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import NamedTuple

from PySide6.QtCore import QObject


class KernelMatches(NamedTuple):
    matches: list[str]
    cursor_start: int  # in characters of the code sent
    cursor_end: int


class KernelCompleter(QObject):
    def __init__(self, kernel, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.kernel = kernel
        self._client = None
        self._session = None
        self._waiting: tuple[str, Callable[[KernelMatches], None]] | None = None

    def available(self) -> bool:
        return (self.kernel is not None and self.kernel.state == "idle"
                and self.kernel.language == "python")

    def request(self, code: str, cursor_pos: int, on_reply: Callable[[KernelMatches], None]) -> bool:
        """Ask for completions of `code` at `cursor_pos` (characters); False if not asked."""
        if not self.available():
            return False
        client = self.kernel.create_client()
        if client is not self._client:
            self._let_go()
            client.shell_channel.message_received.connect(self._on_shell)
            self._client = client
            self._session = client.session.clone()
            self._session.session = str(uuid.uuid4())  # its replies never reach the console's
        msg = self._session.msg("complete_request", {"code": code, "cursor_pos": cursor_pos})
        client.shell_channel.send(msg)
        self._waiting = (msg["header"]["msg_id"], on_reply)
        return True

    def cancel(self) -> None:
        self._waiting = None

    def stop(self) -> None:
        self.cancel()
        self._let_go()

    # ---- Internals
    def _let_go(self) -> None:
        if self._client is not None:
            try:
                self._client.shell_channel.message_received.disconnect(self._on_shell)
            except (RuntimeError, TypeError):  # the client was stopped with the kernel
                pass
            self._client = None

    def _on_shell(self, msg: dict) -> None:
        if msg.get("msg_type") != "complete_reply" or self._waiting is None:
            return
        msg_id, on_reply = self._waiting
        if msg.get("parent_header", {}).get("msg_id") != msg_id:
            return  # an older request's reply, or another client's
        self._waiting = None
        content = msg.get("content", {})
        if content.get("status") != "ok":
            return
        on_reply(KernelMatches(list(content.get("matches", [])), int(content.get("cursor_start", 0)),
                               int(content.get("cursor_end", 0))))

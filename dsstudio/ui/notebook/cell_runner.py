"""Runs notebook cells on the project kernel, one after another, and streams their outputs in.

Every notebook shares the kernel's one GUI-thread client (the console's), but sends as a session
of its own, so the console shows its runs as another client's and its replies never mix with the
console's. One client, because each client decodes every message the kernel publishes on a
thread of its own: with a client per notebook, a printing loop's messages were decoded two or
three times over and those threads held the interpreter two thirds of the time, stalling the
window. Outputs are routed by the request's msg_id to the cell that asked.

Runs may read stdin (`input()`, getpass, pdb): the kernel's input_request comes back to this
session alone (the shared client's stdin channel sorts them by session), the view shows an input
line under the cell, and the answer goes back as this session's input_reply.

Messages are applied to the cell's output model as they come (cheap), but the cell's widgets are
brought up to date at most once per frame: a cell printing in a loop sends messages faster than
anyone reads, and redrawing for each would make the GUI thread the bottleneck.
"""

from __future__ import annotations

import uuid
from collections import deque

from PySide6.QtCore import QObject, QTimer, Signal

from dsstudio.core.notebook.outputs import CellOutputs

# At most one redraw of a cell's outputs per this many milliseconds (about 30 per second).
FRAME_MS = 33


class CellRunner(QObject):
    sig_cell_started = Signal(object)
    sig_cell_output = Signal(object)
    sig_cell_finished = Signal(object, str)
    """A cell's run ended: (cell widget, reply status: ok, error or aborted)."""

    sig_input_requested = Signal(object, str, bool)
    """A running cell reads stdin: (cell, prompt, password). It waits until `answer_input`."""

    sig_input_ended = Signal(object)
    """The cell's input request is over (answered, or its run ended or the kernel restarted)."""

    sig_queue_dropped = Signal(int)
    """A cell failed and this many cells queued after it were not run (never 0)."""

    def __init__(self, kernel, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.kernel = kernel
        # Whether an iopub message is captured by an Output widget (set by the notebook).
        self.captured = None
        self._client = None
        self._queue: deque = deque()
        self._current: str | None = None  # msg_id of the cell the kernel was last sent
        self._runs: dict[str, _Run] = {}  # msg_id -> run, until its reply and idle have come
        self._dirty: dict = {}  # cell -> its CellOutputs, changed since the last frame
        self._frame = QTimer(self)
        self._frame.setSingleShot(True)
        self._frame.setInterval(FRAME_MS)
        self._frame.timeout.connect(self._draw)
        kernel.sig_state_changed.connect(self._on_kernel_state)
        kernel.sig_iopub_ready.connect(self._next)
        self._session = None  # this notebook's session on the shared client

    def run(self, cells) -> None:
        for cell in cells:
            if cell.cell.cell_type == "code" and cell.state == "idle":
                cell.set_state("queued")
                self._queue.append(cell)
        self._next()

    def cancel_queued(self) -> int:
        """Drop the cells waiting to run; how many there were."""
        count = len(self._queue)
        while self._queue:
            self._queue.popleft().set_state("idle")
        return count

    def answer_input(self, cell, value: str) -> None:
        """Send `value` as the answer to `cell`'s input request; prompt and answer (a password
        as dots) become an output of the cell, as in JupyterLab."""
        run = next((run for run in self._runs.values()
                    if run.cell is cell and run.input_request is not None), None)
        if run is None or self._client is None:
            return
        request, run.input_request = run.input_request, None
        content = request.get("content", {})
        reply = self._session.msg("input_reply", {"value": value}, parent=request.get("header", {}))
        self._client.stdin_channel.send(reply)
        shown = "········" if content.get("password") else value
        # (A stream of its own name, as JupyterLab's: never joined to the stdout around it.)
        self._apply(run, {"msg_type": "stream", "content": {
            "name": "stdin", "text": f"{content.get('prompt', '')}{shown}\n"}})
        self._draw_cell(cell)
        self.sig_input_ended.emit(cell)

    def is_running(self) -> bool:
        return bool(self._runs) or bool(self._queue)

    def stop(self) -> None:
        """The notebook closes: nothing more is sent, and the shared client is let go of."""
        self.cancel_queued()
        self._let_go()

    # ---- Internals
    def _let_go(self) -> None:
        if self._client is not None:
            for signal, handler in ((self._client.iopub_channel.message_received, self._on_iopub),
                                    (self._client.shell_channel.message_received, self._on_shell),
                                    (self._client.stdin_channel.other_session_message,
                                     self._on_stdin)):
                try:
                    signal.disconnect(handler)
                except (RuntimeError, TypeError):  # the client was stopped with the kernel
                    pass
            self._client = None

    def _execute(self, code: str) -> str:
        """Send `code` to the kernel as this notebook's session; the request's msg_id."""
        client = self.kernel.create_client()  # the kernel's one client: made once, then shared
        if client is not self._client:
            self._let_go()
            client.iopub_channel.message_received.connect(self._on_iopub)
            client.shell_channel.message_received.connect(self._on_shell)
            client.stdin_channel.other_session_message.connect(self._on_stdin)
            self._client = client
            self._session = client.session.clone()
            self._session.session = str(uuid.uuid4())  # its own: the console tells its runs apart
        msg = self._session.msg("execute_request", {
            "code": code, "silent": False, "store_history": True, "user_expressions": {},
            "allow_stdin": True, "stop_on_error": True})
        client.shell_channel.send(msg)
        return msg["header"]["msg_id"]

    def _next(self) -> None:
        if self._current is not None or not self._queue or self.kernel.state in (
                "dead", "stopped", "restarting", "starting"):
            return
        if not self.kernel.iopub_ready:  # what the kernel publishes would be lost: wait
            self.kernel.create_client()
            return
        cell = self._queue.popleft()
        source = cell.source()
        cell.cell["source"] = source
        msg_id = self._execute(source)
        self._current = msg_id
        self._runs[msg_id] = _Run(cell)
        cell.set_state("running")
        self.sig_cell_started.emit(cell)

    def _on_iopub(self, msg: dict) -> None:
        msg_id = msg.get("parent_header", {}).get("msg_id")
        run = self._runs.get(msg_id)
        if run is None:
            return
        if msg.get("msg_type") == "status":
            if msg.get("content", {}).get("execution_state") == "idle":
                run.idle = True
                self._maybe_finish(msg_id)
            return
        if self.captured is not None and self.captured(msg):
            return  # an Output widget's (`with out:`, interact): shown in it, not in the cell
        self._apply(run, msg)

    def _apply(self, run: _Run, msg: dict) -> None:
        cell = run.cell
        if run.outputs.apply(msg):
            if run.outputs.execution_count is not None:
                cell.cell["execution_count"] = run.outputs.execution_count
            self._dirty[cell] = run.outputs  # read (joined) at the next frame, not per message
            if not self._frame.isActive():
                self._frame.start()

    def _on_stdin(self, msg: dict) -> None:
        run = self._runs.get(msg.get("parent_header", {}).get("msg_id"))
        if msg.get("msg_type") != "input_request" or run is None:
            return
        # What the cell printed before it asked comes on iopub, maybe not handed over yet:
        # taken now, so it shows above the input line (and the answer's echo after it).
        if self._client is not None:
            self._client.iopub_channel.flush()
        self._draw_cell(run.cell)
        run.input_request = msg
        content = msg.get("content", {})
        self.sig_input_requested.emit(run.cell, str(content.get("prompt", "")),
                                      bool(content.get("password")))

    def _on_shell(self, msg: dict) -> None:
        msg_id = msg.get("parent_header", {}).get("msg_id")
        run = self._runs.get(msg_id)
        if msg.get("msg_type") != "execute_reply" or run is None:
            return
        content = msg.get("content", {})
        run.status = content.get("status", "error")
        if content.get("execution_count") is not None:
            run.cell.cell["execution_count"] = content["execution_count"]
        if msg_id == self._current:
            self._current = None
        if run.status != "ok":
            dropped = self.cancel_queued()  # as in Jupyter: a failing cell stops "run all"
            if dropped:
                self.sig_queue_dropped.emit(dropped)
        self._maybe_finish(msg_id)
        self._next()

    def _maybe_finish(self, msg_id: str) -> None:
        # The reply (shell) and the last outputs (iopub) come on different sockets, in either
        # order: a cell is done when it has both, so no output is dropped.
        run = self._runs[msg_id]
        if run.status is None or not run.idle:
            return
        del self._runs[msg_id]
        self._end_input(run)  # (an interrupt ends a run that waited for input)
        self._draw_cell(run.cell)  # its last outputs, now, before it says it is done
        run.cell.set_state("idle")
        run.cell.refresh_prompt()
        self.sig_cell_finished.emit(run.cell, run.status)

    def _draw(self) -> None:
        for cell in list(self._dirty):
            self._draw_cell(cell)

    def sync_outputs(self) -> None:
        """Put the outputs received so far into the cells' notebook data (before a save)."""
        for cell, outputs in self._dirty.items():
            cell.cell["outputs"] = outputs.outputs

    def _draw_cell(self, cell) -> None:
        outputs = self._dirty.pop(cell, None)
        if outputs is None:
            return
        cell.cell["outputs"] = outputs.outputs
        try:
            cell.refresh_outputs()
        except RuntimeError:  # the cell was deleted from the notebook meanwhile
            return
        self.sig_cell_output.emit(cell)

    def _on_kernel_state(self, state: str) -> None:
        if state in ("restarting", "dead", "stopped"):
            for run in self._runs.values():
                self._end_input(run)
                run.cell.set_state("idle")
            self._runs.clear()
            self._current = None
            self.cancel_queued()
        elif state == "idle":
            self._next()


    def _end_input(self, run: _Run) -> None:
        if run.input_request is not None:
            run.input_request = None
            self.sig_input_ended.emit(run.cell)


class _Run:
    """One cell's execution: its outputs so far, and which of reply and idle have come."""

    def __init__(self, cell) -> None:
        self.cell = cell
        self.outputs = CellOutputs()
        self.status: str | None = None
        self.idle = False
        self.input_request: dict | None = None  # the kernel's, while it waits for an answer

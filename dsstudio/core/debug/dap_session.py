"""The kernel's debugger, driven through the Jupyter debug protocol (Qt-free).

ipykernel ≥ 6 forwards `debug_request` messages on the control channel to debugpy, and publishes
debugpy's events on iopub as `debug_event`. The control channel has its own thread in the kernel,
so requests are answered while the shell thread is stopped at a breakpoint. This object keeps the
protocol's state: attached only while breakpoints exist (an attached debugpy slows every Python
call, see docs/benchmarks.md), every file's breakpoints sent after attaching and again whenever
they change, and, once stopped, the call stack of the stopped thread.

It sends through `send(request)` (the DAP request, the content of a debug_request) and is fed
the contents of `debug_reply` and `debug_event` messages; callbacks report what changed.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable

from dsstudio.core.debug.breakpoints import BreakpointStore

DETACHED, ATTACHING, RUNNING, PAUSED, DETACHING = (
    "detached", "attaching", "running", "paused", "detaching")

Reply = Callable[[dict], None]


def is_cell_copy(path: str, debug_info: dict) -> bool:
    """`path` is ipykernel's copy of a cell's code (`/tmp/ipykernel_<pid>/<hash>.py`), not a file
    of the user's: named by debugInfo once attached, recognised by its folder before that."""
    prefix = debug_info.get("tmpFilePrefix")
    if prefix and path.startswith(prefix):
        return True
    parent = os.path.basename(os.path.dirname(path))
    return parent.startswith("ipykernel_") and path.startswith(tempfile.gettempdir())


class DebugSession:
    """One kernel's debugger: detached → attaching → running ⇄ paused → detaching → detached."""

    def __init__(self, store: BreakpointStore, send: Callable[[dict], None]) -> None:
        self.store = store
        self._send = send
        self.state = DETACHED
        self.just_my_code = True  # library frames skipped; off steps into them
        self.thread_id: int | None = None  # the stopped thread, while paused
        self.frames: list[dict] = []  # its stack, innermost first, while paused
        self.stop_reason = ""
        self.debug_info: dict = {}  # the kernel's debugInfo (cell file names), once attached
        # Grows at each stop. Frame ids, and answers about frames, belong to one stop: once the
        # thread was told to go on, a request about its frames could be queued on the thread
        # and answered only at a later stop, or never, and ipykernel answers no further debug
        # request before it (its control thread takes them one at a time).
        self.stop_number = 0
        self._resume_sent = False  # a step, continue or stop was sent at this stop
        self._seq = 0
        self._waiting: dict[int, Reply | None] = {}
        # setBreakpoints requests not answered yet: the control channel has its own thread in
        # the kernel, so code sent on the shell before the answer can run with the old ones.
        self._breakpoints_unanswered = 0
        # Callbacks (set by the UI): each gets what it names.
        self.on_state: Callable[[str], None] = lambda state: None
        self.on_paused: Callable[[list[dict]], None] = lambda frames: None
        self.on_breakpoints: Callable[[str], None] = lambda path: None  # verified flags changed
        self.on_output: Callable[[str], None] = lambda text: None  # log points, debugpy notes
        self.on_failure: Callable[[str], None] = lambda message: None

    # ---- Public API
    @property
    def breakpoints_settled(self) -> bool:
        """The debugger has answered every breakpoint change sent to it (none are in flight),
        so code run now meets the breakpoints the store has."""
        return self.state not in (ATTACHING, DETACHING) and not self._breakpoints_unanswered

    def sync(self) -> None:
        """Attach when breakpoints exist and nothing is attached; detach when none are left."""
        if self.store and self.state == DETACHED:
            self._attach()
        elif not self.store and self.state in (RUNNING, PAUSED):
            self._detach()

    def send_breakpoints(self, path: str) -> None:
        """Tell the debugger `path`'s breakpoints as the store has them now (after an edit, a
        toggle, or a reload that recompiled the file); attaches or detaches as needed."""
        if self.state in (RUNNING, PAUSED):
            self._set_breakpoints(path)
        self.sync()

    def resend_all(self, paths: list[str] | None = None) -> None:
        for path in (self.store.files() if paths is None else paths):
            self.send_breakpoints(path)

    def set_just_my_code(self, on: bool) -> None:
        """Skip library frames (on) or step into them; debugpy takes it at attach, so an
        attached debugger is attached again (not while paused: the stop would be lost)."""
        if on == self.just_my_code:
            return
        self.just_my_code = on
        if self.state == RUNNING:
            self._detach()  # attaches again once detached, breakpoints exist

    def kernel_restarted(self) -> None:
        """The kernel process is new: its debugger knows nothing; attach again if needed."""
        self._waiting.clear()
        self._breakpoints_unanswered = 0
        self._leave_pause()
        self._set_state(DETACHED)
        self.sync()

    def request(self, command: str, arguments: dict | None = None,
                on_reply: Reply | None = None) -> int:
        """Send any request; `on_reply(response)` gets the debugger's response."""
        self._seq += 1
        self._waiting[self._seq] = on_reply
        self._send({"type": "request", "seq": self._seq, "command": command,
                    "arguments": arguments or {}})
        return self._seq

    def resume(self) -> None:
        self._step("continue")

    def stop_run(self, on_resumed: Callable[[], None]) -> None:
        """End the paused run: the debugger forgets the breakpoints (the store keeps them, and
        `resend_all()` tells them again once the run ended), the thread continues, and
        `on_resumed()` then interrupts it, so nothing stops it on its way to the interrupt."""
        if not self.frames_usable or self.thread_id is None:
            return
        self._resume_sent = True
        stop = self.stop_number
        for path in self.store.files():
            self._breakpoints_unanswered += 1
            self.request("setBreakpoints", {"source": {"path": path}, "breakpoints": [],
                                            "lines": [], "sourceModified": False},
                         self._on_breakpoints_lifted)

        def resumed(reply: dict) -> None:
            self._on_stepped(reply, stop)
            if reply.get("success"):
                on_resumed()

        self.request("continue", {"threadId": self.thread_id}, resumed)

    def step_over(self) -> None:
        self._step("next")

    def step_in(self) -> None:
        self._step("stepIn")

    def step_out(self) -> None:
        self._step("stepOut")

    @property
    def frames_usable(self) -> bool:
        """Paused, and not told to go on yet: requests about this stop's frames may be sent."""
        return self.state == PAUSED and not self._resume_sent

    def evaluate(self, expression: str, frame_id: int | None, on_result: Callable[[str], None],
                 context: str = "repl") -> None:
        """Evaluate in the paused frame (`frame_id`); `on_result` gets the value's text, or the
        error's message. About a frame, nothing is sent once the thread was told to go on, and
        an answer that comes after that is dropped (`on_result` is not called)."""
        arguments: dict = {"expression": expression, "context": context}
        if frame_id is not None:
            if not self.frames_usable:
                return
            arguments["frameId"] = frame_id
        stop = self.stop_number

        def done(reply: dict) -> None:
            if frame_id is not None and (stop != self.stop_number or not self.frames_usable):
                return
            body = reply.get("body") or {}
            on_result(body["result"] if reply.get("success") and "result" in body
                      else reply.get("message") or body.get("error", {}).get("format", "error"))

        self.request("evaluate", arguments, done)

    def handle_reply(self, reply: dict) -> None:
        """A debug_reply's content."""
        on_reply = self._waiting.pop(reply.get("request_seq", -1), None)
        if on_reply is not None:
            on_reply(reply)

    def handle_event(self, event: dict) -> None:
        """A debug_event's content."""
        name, body = event.get("event"), event.get("body") or {}
        if name == "stopped" and self.state in (RUNNING, PAUSED):
            self.stop_number += 1
            self._resume_sent = False
            self.thread_id = body.get("threadId")
            self.stop_reason = body.get("reason", "")
            self.request("stackTrace", {"threadId": self.thread_id}, self._on_stack)
        elif name == "continued" and self.state == PAUSED:
            self._leave_pause()
            self._set_state(RUNNING)
        elif name == "output" and body.get("category") in ("console", "stdout", "important"):
            self.on_output(body.get("output", ""))

    # ---- Internals
    def _set_state(self, state: str) -> None:
        if state != self.state:
            self.state = state
            self.on_state(state)

    def _attach(self) -> None:
        self._set_state(ATTACHING)
        self.request("initialize", {
            "clientID": "dsstudio", "clientName": "dsstudio", "adapterID": "python",
            "pathFormat": "path", "linesStartAt1": True, "columnsStartAt1": True,
            "supportsVariableType": True, "supportsVariablePaging": True,
            "supportsRunInTerminalRequest": False, "locale": "en"}, self._on_initialized)

    def _on_initialized(self, reply: dict) -> None:
        if self.state != ATTACHING:
            return
        if not reply.get("success"):
            self._set_state(DETACHED)
            self.on_failure(reply.get("message") or "The kernel's debugger did not start.")
            return
        self.request("attach", {"justMyCode": self.just_my_code}, self._on_attached)

    def _on_attached(self, reply: dict) -> None:
        if self.state != ATTACHING:
            return
        if not reply.get("success"):
            self._set_state(DETACHED)
            self.on_failure(reply.get("message") or "The kernel's debugger did not attach.")
            return
        self._set_state(RUNNING)
        for path in self.store.files():
            self._set_breakpoints(path)
        self.request("configurationDone")
        self.request("debugInfo", None,
                     lambda reply: setattr(self, "debug_info", reply.get("body") or {}))
        if not self.store:  # all removed while attaching
            self._detach()

    def _detach(self) -> None:
        self._leave_pause()
        self._set_state(DETACHING)
        self.request("disconnect", {"restart": False, "terminateDebuggee": False},
                     lambda reply: self._on_detached())

    def _on_detached(self) -> None:
        if self.state == DETACHING:
            self._set_state(DETACHED)
            self.sync()  # a breakpoint added while detaching, or justMyCode changed

    def _on_breakpoints_lifted(self, reply: dict) -> None:
        self._breakpoints_unanswered -= 1

    def _set_breakpoints(self, path: str) -> None:
        sent = self.store.in_file(path)
        self._breakpoints_unanswered += 1
        self.request("setBreakpoints", {
            "source": {"path": path}, "breakpoints": [b.to_dap() for b in sent],
            "lines": [b.line for b in sent], "sourceModified": False},
            lambda reply: self._on_breakpoints_set(path, sent, reply))

    def _on_breakpoints_set(self, path: str, sent: list, reply: dict) -> None:
        self._breakpoints_unanswered -= 1
        answers = (reply.get("body") or {}).get("breakpoints") or []
        for index, breakpoint in enumerate(sent):
            answer = answers[index] if index < len(answers) else {}
            breakpoint.verified = bool(reply.get("success") and answer.get("verified", False))
        self.on_breakpoints(path)

    def _step(self, command: str) -> None:
        # Once per stop: a second continue sent before the first was answered left ipykernel
        # answering nothing more (ipykernel#1255); a double click must not do that.
        if self.frames_usable and self.thread_id is not None:
            # debugpy does not always send "continued" for a request of ours: its success says it.
            self._resume_sent = True
            stop = self.stop_number
            self.request(command, {"threadId": self.thread_id},
                         lambda reply: self._on_stepped(reply, stop))

    def _on_stepped(self, reply: dict, stop: int) -> None:
        if stop != self.stop_number:
            return  # the next stop's event (iopub) came before this answer (control): kept
        if not reply.get("success"):
            self._resume_sent = False  # refused: still paused here, and may be told again
        elif self.state == PAUSED:
            self._leave_pause()
            self._set_state(RUNNING)

    def _on_stack(self, reply: dict) -> None:
        if self.state not in (RUNNING, PAUSED):
            return
        self.frames = (reply.get("body") or {}).get("stackFrames", [])
        self._set_state(PAUSED)
        self.on_paused(self.frames)

    def _leave_pause(self) -> None:
        self.thread_id = None
        self.frames = []
        self.stop_reason = ""

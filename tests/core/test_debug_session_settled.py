"""DebugSession.breakpoints_settled: no breakpoint change is in flight to the kernel's debugger.

The kernel takes debug requests on its control thread while its shell thread runs what is sent
next, so code run before the answer can meet the old breakpoints (the Stop and reload tests of
tests/ui/test_debugger*.py failed so in loaded full runs). The session is fed the replies a
debugger sends, in the protocol's own shapes.
"""

from __future__ import annotations

from dsstudio.core.debug.breakpoints import BreakpointStore
from dsstudio.core.debug.dap_session import DebugSession


def attached_session(tmp_path):
    store = BreakpointStore()
    sent: list[dict] = []
    session = DebugSession(store, sent.append)
    store.on_change = lambda path, resend: session.send_breakpoints(path) if resend else None
    store.toggle(tmp_path / "m.py", 2)
    answer = lambda request, **body: session.handle_reply(  # noqa: E731
        {"request_seq": request["seq"], "success": True, "command": request["command"],
         "body": body})
    answer(sent[-1])  # initialize
    answer(sent[-1])  # attach: the store's breakpoints are sent
    return session, store, sent, answer


def test_settled_only_once_every_set_breakpoints_is_answered(tmp_path):
    session, store, sent, answer = attached_session(tmp_path)
    set_requests = [r for r in sent if r["command"] == "setBreakpoints"]
    assert session.state == "running" and len(set_requests) == 1
    assert not session.breakpoints_settled
    answer(set_requests[0], breakpoints=[{"verified": True}])
    assert session.breakpoints_settled
    session.send_breakpoints(str(tmp_path / "m.py"))  # a reload recompiled the file
    assert not session.breakpoints_settled
    answer(sent[-1], breakpoints=[{"verified": True}])
    assert session.breakpoints_settled


def test_stop_lifts_then_tells_again_and_is_settled_only_after_both(tmp_path):
    session, store, sent, answer = attached_session(tmp_path)
    answer([r for r in sent if r["command"] == "setBreakpoints"][0], breakpoints=[{"verified": True}])
    session.handle_event({"event": "stopped", "body": {"threadId": 1, "reason": "breakpoint"}})
    answer(sent[-1], stackFrames=[{"id": 1, "line": 2, "source": {"path": "m.py"}}])
    assert session.state == "paused"
    session.stop_run(lambda: None)
    lifted, resumed = sent[-2], sent[-1]
    assert lifted["command"] == "setBreakpoints" and lifted["arguments"]["breakpoints"] == []
    assert not session.breakpoints_settled
    answer(resumed)
    answer(lifted, breakpoints=[])
    assert session.state == "running" and session.breakpoints_settled
    session.resend_all()
    assert not session.breakpoints_settled
    answer(sent[-1], breakpoints=[{"verified": True}])
    assert session.breakpoints_settled


def test_a_restarted_kernel_forgets_what_was_in_flight(tmp_path):
    session, store, sent, answer = attached_session(tmp_path)
    assert not session.breakpoints_settled
    session.kernel_restarted()  # attaches again: attaching is not settled either
    assert session.state == "attaching" and not session.breakpoints_settled
    answer(sent[-1])
    answer(sent[-1])
    answer([r for r in sent if r["command"] == "setBreakpoints"][-1], breakpoints=[{"verified": True}])
    assert session.breakpoints_settled

"""DebugSession: questions about a stop's frames belong to that stop (issue 23).

Once the paused thread is told to go on, a question about its frames may wait in the kernel for a
stop that never comes, and ipykernel answers no debug request after it; an answer that comes
after the user stepped is about frames gone from the screen. And the next stop's event (iopub)
may come before the step's answer (control). The session is fed the replies a debugger sends,
in the protocol's own shapes.
"""

from __future__ import annotations

from dsstudio.core.debug.dap_session import DebugSession
from tests.core.test_debug_session_settled import attached_session


def paused_session(tmp_path):
    session, store, sent, answer = attached_session(tmp_path)
    answer([r for r in sent if r["command"] == "setBreakpoints"][0],
           breakpoints=[{"verified": True}])
    stop(session, sent, answer, line=2)
    return session, sent, answer


def stop(session: DebugSession, sent: list, answer, line: int) -> None:
    session.handle_event({"event": "stopped", "body": {"threadId": 1, "reason": "step"}})
    answer(sent[-1], stackFrames=[{"id": line, "line": line, "source": {"path": "m.py"}}])


def test_an_answer_about_frames_after_a_step_is_dropped(tmp_path):
    session, sent, answer = paused_session(tmp_path)
    results: list[str] = []
    session.evaluate("x", 2, results.append)
    question = sent[-1]
    session.step_over()
    answer(question, result="4")  # the kernel answered it before taking the step
    assert results == []
    session.evaluate("x", None, results.append)  # about no frame: answered as ever
    answer(sent[-1], result="1")
    assert results == ["1"]


def test_nothing_is_asked_about_frames_once_a_step_is_sent(tmp_path):
    session, sent, answer = paused_session(tmp_path)
    session.step_over()
    count = len(sent)
    session.evaluate("x", 2, lambda result: None)
    assert len(sent) == count and not session.frames_usable


def test_the_next_stop_before_the_steps_answer_stays_a_stop(tmp_path):
    session, sent, answer = paused_session(tmp_path)
    session.step_over()
    step = sent[-1]
    stop(session, sent, answer, line=3)  # its event came first
    answer(step)
    assert session.state == "paused" and session.frames_usable
    results: list[str] = []
    session.evaluate("x", 3, results.append)
    answer(sent[-1], result="6")
    assert results == ["6"]
    session.step_over()
    assert sent[-1]["command"] == "next" and sent[-1]["arguments"] == {"threadId": 1}


def test_a_second_continue_before_the_first_is_answered_is_not_sent(tmp_path):
    # A double click on Continue: ipykernel answered nothing more after an extra continue
    # (ipykernel#1255).
    session, sent, answer = paused_session(tmp_path)
    session.resume()
    session.resume()
    session.step_over()
    assert [r["command"] for r in sent].count("continue") == 1 and sent[-1]["command"] == "continue"
    answer(sent[-1])
    assert session.state == "running"


def test_a_refused_step_can_be_asked_again(tmp_path):
    session, sent, answer = paused_session(tmp_path)
    session.step_over()
    session.handle_reply({"request_seq": sent[-1]["seq"], "success": False, "command": "next",
                          "message": "busy"})
    assert session.state == "paused" and session.frames_usable
    session.step_over()
    assert [r["command"] for r in sent].count("next") == 2

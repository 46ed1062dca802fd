"""The jedi engine process, started as the window starts it, spoken to through its pipes."""

from __future__ import annotations

import subprocess
from pathlib import Path

from dsstudio.core.intelligence.engine_process import engine_command
from dsstudio.core.process_frames import FrameReader, encode_frame

DEMO = Path(__file__).resolve().parents[2] / "examples" / "demo_project"


class EngineProcess:
    def __init__(self) -> None:
        self.process = subprocess.Popen(engine_command(), stdin=subprocess.PIPE,
                                        stdout=subprocess.PIPE)
        self.reader = FrameReader()
        self.received: list[tuple] = []
        self.send(("engine", str(DEMO), None))

    def send(self, *messages: tuple) -> None:
        # In one write: the process reads them together, as keystrokes in quick succession.
        self.process.stdin.write(b"".join(encode_frame(message) for message in messages))
        self.process.stdin.flush()

    def result_of(self, request_id: int, lane: str = "typing") -> tuple:
        """Read until the result of `request_id` comes (the test's timeout ends a hang)."""
        while True:
            for message in self.received:
                if message[:3] == ("result", lane, request_id):
                    return message
            chunk = self.process.stdout.read1(65536)
            assert chunk, "the engine process ended"
            self.received += self.reader.feed(chunk)

    def close(self) -> int:
        self.process.stdin.close()
        return self.process.wait(30)


def test_names_then_kinds_in_chunks_and_the_process_ends_with_its_input():
    engine = EngineProcess()
    engine.send(("request", "typing", 1, "complete", ("import os\nos.", None, 1, 3)))
    _, _, _, found, error = engine.result_of(1)
    assert error is None and "getcwd" in [item.name for item in found.items]
    assert found.handles == []  # jedi's objects stay in the engine process
    engine.send(("request", "typing", 2, "kinds", (1,)))
    _, _, _, kinds, error = engine.result_of(2)
    assert error is None and kinds["getcwd"] == "function"
    progress = [m[3] for m in engine.received if m[0] == "progress" and m[2] == 2]
    assert len(progress) > 1 and len(progress[0]) < len(kinds)  # in chunks, before the result
    assert engine.close() == 0


def test_a_superseded_request_sends_no_result_and_a_failure_is_reported():
    engine = EngineProcess()
    engine.send(("request", "typing", 1, "complete", ("import os\nos.", None, 1, 3)))
    engine.result_of(1)
    engine.send(("request", "typing", 2, "kinds", (1,)),  # a long resolution, then a keystroke
                ("request", "typing", 3, "call_tip", ("len(", None, 0, 4)))
    _, _, _, tip, error = engine.result_of(3)
    assert error is None and tip.text.startswith("len(")
    assert not [m for m in engine.received if m[0] == "result" and m[2] == 2]
    engine.send(("request", "hover", 1, "help_text", ("x", None, 5, 0)))  # no line 6
    _, lane, _, value, error = engine.result_of(1, "hover")
    assert lane == "hover" and value is None and error
    assert engine.close() == 0

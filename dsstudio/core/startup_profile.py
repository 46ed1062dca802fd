"""`--profile-startup`: seconds from the process's start, as the OS records it, to each milestone.

Counting from the OS's start time (not from our first import) charges the interpreter's own start
and every import to us, which is what a user waits through.
"""

from __future__ import annotations

import json
import time

MILESTONES = ("window_shown_s", "kernel_ready_s", "document_ready_s")


def process_start_time() -> float:
    """Wall-clock time at which this process started (psutil reads /proc, or the OS's equivalent)."""
    import psutil

    return psutil.Process().create_time()


class StartupProfile:
    """Collects milestones once each; complete when every expected one is in."""

    def __init__(self, expect_document: bool) -> None:
        self._start = process_start_time()
        self._expected = [m for m in MILESTONES if expect_document or m != "document_ready_s"]
        self.marks: dict[str, float] = {}

    def mark(self, name: str) -> None:
        if name not in MILESTONES:
            raise ValueError(f"unknown start-up milestone {name!r}")
        self.marks.setdefault(name, round(time.time() - self._start, 4))

    def is_complete(self) -> bool:
        return all(m in self.marks for m in self._expected)

    def missing(self) -> list[str]:
        return [m for m in self._expected if m not in self.marks]

    def to_json(self) -> str:
        return json.dumps({m: self.marks.get(m) for m in self._expected})

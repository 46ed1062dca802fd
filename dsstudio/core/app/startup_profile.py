"""`--profile-startup`: seconds from the process's start, as the OS records it, to each milestone.

Counting from the OS's start time (not from our first import) charges the interpreter's own start
and every import to us, which is what a user waits through.
"""

from __future__ import annotations

import json
import os
import sys
import time

MILESTONES = ("window_shown_s", "kernel_ready_s", "document_ready_s")


def seconds_since_process_start() -> float:
    """Seconds since the OS started this process.

    On Linux, /proc/self/stat gives the start in clock ticks since boot (10 ms steps), compared
    here with the boot-time clock. psutil's wall-clock start time is not used there: it adds the
    boot time from /proc/stat, rounded to whole seconds, which shifted every figure by a constant
    up to a second (0.35 s on the machine where this was found).
    """
    if sys.platform.startswith("linux"):
        with open("/proc/self/stat", encoding="ascii") as handle:
            # Field 22 (starttime); the command name in field 2 may hold spaces, so split after it.
            start_ticks = int(handle.read().rsplit(")", 1)[1].split()[19])
        return time.clock_gettime(time.CLOCK_BOOTTIME) - start_ticks / os.sysconf("SC_CLK_TCK")
    import psutil  # macOS and Windows record the start time precisely

    return time.time() - psutil.Process().create_time()


def peak_memory_mb() -> float:
    """The most memory this process has held (resident), in MB."""
    try:
        import resource
    except ImportError:  # Windows
        import psutil

        return psutil.Process().memory_info().peak_wset / 2**20
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 2**20 if sys.platform == "darwin" else peak / 2**10  # bytes there, KB here


class StartupProfile:
    """Collects milestones once each; complete when every expected one is in."""

    def __init__(self, expect_document: bool) -> None:
        # Milestones are counted on the monotonic clock from this offset.
        self._start = time.monotonic() - seconds_since_process_start()
        self._expected = [m for m in MILESTONES if expect_document or m != "document_ready_s"]
        self.marks: dict[str, float] = {}

    def mark(self, name: str) -> None:
        if name not in MILESTONES:
            raise ValueError(f"unknown start-up milestone {name!r}")
        self.marks.setdefault(name, round(time.monotonic() - self._start, 4))

    def is_complete(self) -> bool:
        return all(m in self.marks for m in self._expected)

    def missing(self) -> list[str]:
        return [m for m in self._expected if m not in self.marks]

    def to_json(self) -> str:
        figures = {m: self.marks.get(m) for m in self._expected}
        figures["peak_memory_mb"] = round(peak_memory_mb(), 1)
        return json.dumps(figures)

"""A kernel never outlives dsstudio, even one inside a long C call.

ipykernel exits when its parent is gone (JPY_PARENT_PID, checked each second by a thread), but
that thread needs the GIL: a kernel inside a call that holds it (a regular expression
backtracking, a long numpy or pandas operation) ran on after `kill -9` of the app for as long as
the call lasted (6 s reported; a backtracking regex: for good).

So each kernel gets a watchdog: a tiny `sh` blocked reading a pipe whose only write end dsstudio
holds. However dsstudio ends (quit, crash, `kill -9`), the OS closes that end, `read` returns
at once, and the watchdog kills the kernel's whole process group with SIGKILL: no Python, no
GIL, no polling. When dsstudio stops or loses the kernel itself it writes a line first, and the
watchdog exits without killing anything.

Why not `prctl(PR_SET_PDEATHSIG, SIGKILL)` in the kernel: it fires when the *thread* that forked
the child ends, not the process (a kernel launched from a worker thread would die with that
thread); setting it takes a `preexec_fn` (unsafe in a process with threads) or ctypes before the
first paint; and it is Linux only. The watchdog works the same on Linux and macOS, whatever
thread launches the kernel, and for `dsstudio run`. It costs one small process per kernel and
about a millisecond to spawn. On Windows there is none (a Job object with
JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE would be the equivalent): ipykernel's own parent watch remains.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading

# `read` fails only at end of file: the app is gone without saying so. `kill -s KILL -- -PGID`
# is the POSIX spelling for a process group (dash, bash and zsh as sh accept it).
WATCHDOG_SCRIPT = 'read line || kill -s KILL -- "-$1"'


class OrphanWatchdog:
    """Kills process group `pgid` if this process ends without calling `release()` first."""

    def __init__(self, process: subprocess.Popen, write_fd: int) -> None:
        self._process = process
        self._write_fd: int | None = write_fd
        self._lock = threading.Lock()  # released from the GUI thread and the readiness thread

    @classmethod
    def start(cls, pgid: int) -> OrphanWatchdog | None:
        """Watch `pgid` (a kernel started with its own session leads a group of its own pid).

        None where there is no watchdog (Windows) or it could not be spawned: the kernel runs
        all the same, with only ipykernel's parent watch.
        """
        if sys.platform == "win32":
            return None
        # os.pipe gives non-inheritable descriptors: no later child (the kernel, an install, a
        # probe) holds the write end, which would keep the watchdog from seeing the app end.
        read_fd, write_fd = os.pipe()
        try:
            process = subprocess.Popen(
                ["/bin/sh", "-c", WATCHDOG_SCRIPT, "dsstudio-kernel-watchdog", str(pgid)],
                stdin=read_fd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                # Its own session: Ctrl+C in the terminal that started dsstudio must not end it.
                start_new_session=True)
        except OSError:
            os.close(write_fd)
            return None
        finally:
            os.close(read_fd)
        return cls(process, write_fd)

    @property
    def pid(self) -> int:
        return self._process.pid

    def release(self) -> None:
        """The kernel was stopped (or ended) by us: let the watchdog go without killing."""
        with self._lock:
            if self._write_fd is None:
                return
            fd, self._write_fd = self._write_fd, None
        try:
            os.write(fd, b"\n")
        except OSError:
            pass  # the watchdog is gone already (killed by someone): nothing to stop
        finally:
            os.close(fd)
        try:
            self._process.wait(1.0)  # reaped: no zombie left behind
        except subprocess.TimeoutExpired:
            self._process.kill()

"""A command run in the background (installing ipykernel, making an environment), line by line.

Its output is handed over a line at a time, so the UI can show it as it comes; cancelling stops
the whole process group (pip's and uv's own children included).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path

IS_WINDOWS = sys.platform == "win32"


def command_text(argv: list[str]) -> str:
    """The command as the user would type it in their shell."""
    if IS_WINDOWS:
        return subprocess.list2cmdline(argv)
    import shlex

    return shlex.join(argv)


class CommandRun:
    """One command: `run()` blocks (call it on a worker thread); `cancel()` from any thread."""

    def __init__(self, argv: list[str], on_line: Callable[[str], None] | None = None,
                 env: dict[str, str] | None = None, cwd: Path | None = None) -> None:
        self.argv = list(argv)
        self.on_line = on_line or (lambda _line: None)
        self.env = env
        self.cwd = cwd
        self.returncode: int | None = None
        self.cancelled = False
        self._process: subprocess.Popen | None = None
        self._lock = threading.Lock()

    def run(self) -> int:
        """Run to the end; the exit status (127 if it could not start, -1 if cancelled)."""
        with self._lock:
            if self.cancelled:
                self.returncode = -1
                return -1
            try:
                self._process = subprocess.Popen(
                    self.argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                    stdin=subprocess.DEVNULL, env=self.env, cwd=self.cwd, text=True,
                    encoding="utf-8", errors="replace", bufsize=1,
                    start_new_session=not IS_WINDOWS,
                    creationflags=subprocess.CREATE_NEW_PROCESS_GROUP if IS_WINDOWS else 0)
            except OSError as error:
                self.on_line(f"could not start {self.argv[0]}: {error.strerror or error}")
                self.returncode = 127
                return 127
        for line in self._process.stdout:
            self.on_line(line.rstrip("\r\n"))
        self._process.wait()
        self.returncode = -1 if self.cancelled else self._process.returncode
        return self.returncode

    def cancel(self) -> None:
        with self._lock:
            self.cancelled = True
            process = self._process
        if process is None or process.poll() is not None:
            return
        try:
            if IS_WINDOWS:
                process.kill()
            else:
                os.killpg(process.pid, signal.SIGTERM)
        except (ProcessLookupError, PermissionError):
            pass

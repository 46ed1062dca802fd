"""Running ruff on a buffer: the binary from ruff's wheel, fed through stdin, off the GUI thread.

A `LintJob` runs one `ruff check` in a thread of its own and reports through a plain callback
(from that thread: the UI re-emits it as a Qt signal). A job made stale by a newer edit is
cancelled: its process is killed and its callback never called.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import threading
from pathlib import Path
from typing import Callable, NamedTuple

from dsstudio.core.lint.diagnostics import Diagnostic, parse_ruff_json
from dsstudio.core.lint.ruff_config import find_ruff_config, ruff_check_arguments

# A ruff that has not answered by then is stuck (it lints a 1,000-line file in ~20 ms).
RUFF_TIMEOUT_S = 20.0
EXE = ".exe" if sys.platform == "win32" else ""


class LintFailure(Exception):
    """Ruff could not lint: missing, not runnable, or it failed (its message is the text)."""


class RuffMissing(LintFailure):
    pass


class LintResult(NamedTuple):
    diagnostics: list[Diagnostic]
    config: Path | None  # the project's configuration ruff used; None: dsstudio's quiet set


def find_ruff_binary() -> Path | None:
    """The ruff binary from ruff's wheel, installed beside dsstudio's Python; else one on PATH.

    The frozen app's copy comes first (the PyInstaller spec puts it in resources/bin, as it does
    uv), then the scripts folder of this interpreter (a venv's `bin`), then the places
    `ruff.find_ruff_bin` knows (user installs), then PATH, which may hold an older ruff.
    """
    bundled = Path(__file__).resolve().parents[2] / "resources" / "bin" / f"ruff{EXE}"
    candidates = [bundled, Path(sysconfig.get_path("scripts")) / f"ruff{EXE}",
                  Path(sys.executable).parent / f"ruff{EXE}"]
    try:
        from ruff.__main__ import find_ruff_bin

        candidates.append(Path(find_ruff_bin()))
    except (ImportError, FileNotFoundError):
        pass
    on_path = shutil.which("ruff")
    if on_path:
        candidates.append(Path(on_path))
    for candidate in candidates:
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return candidate
    return None


def run_ruff(binary: Path | None, source: str, stdin_filename: Path,
             started: Callable[[subprocess.Popen], None] = lambda _p: None) -> LintResult:
    """Lint `source` as the file `stdin_filename` (absolute; it need not exist). Blocking.

    `started` receives the process as soon as it runs (so another thread can kill it).
    """
    if binary is None:
        raise RuffMissing("ruff was not found (it comes with dsstudio: reinstall it, or put "
                          "ruff on PATH)")
    stdin_filename = Path(stdin_filename)
    config = find_ruff_config(stdin_filename.parent)
    folder = stdin_filename.parent
    flags = getattr(subprocess, "CREATE_NO_WINDOW", 0)  # no console window flashing on Windows
    try:
        process = subprocess.Popen(
            [str(binary), *ruff_check_arguments(stdin_filename, config)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            cwd=folder if folder.is_dir() else None, creationflags=flags)
    except FileNotFoundError as error:
        raise RuffMissing(f"ruff was not found at {binary}") from error
    except OSError as error:
        raise LintFailure(f"ruff could not start ({binary}): {error}") from error
    started(process)
    try:
        out, err = process.communicate(source.encode("utf-8"), timeout=RUFF_TIMEOUT_S)
    except subprocess.TimeoutExpired as error:
        process.kill()
        process.communicate()
        raise LintFailure(f"ruff did not answer within {RUFF_TIMEOUT_S:.0f} s") from error
    if process.returncode != 0:  # (--exit-zero: findings alone never make it non-zero)
        if process.returncode < 0:
            raise LintFailure(f"ruff was stopped (signal {-process.returncode})")
        message = err.decode("utf-8", "replace").strip().splitlines()
        raise LintFailure("ruff failed: " + (" ".join(message[:6]) or f"exit {process.returncode}"))
    try:
        return LintResult(parse_ruff_json(out.decode("utf-8", "replace")), config)
    except ValueError as error:
        raise LintFailure(str(error)) from error


class LintJob:
    """One lint of one buffer, run in its own thread; `cancel` drops it.

    `on_done(job, result_or_failure)` is called from the worker thread, unless cancelled.
    """

    def __init__(self, binary: Path | None, source: str, stdin_filename: Path,
                 on_done: Callable[[LintJob, LintResult | LintFailure], None]) -> None:
        self.binary = binary
        self.source = source
        self.stdin_filename = stdin_filename
        self._on_done = on_done
        self._lock = threading.Lock()
        self._process: subprocess.Popen | None = None
        self.cancelled = False
        self._thread = threading.Thread(target=self._run, name="dsstudio-lint", daemon=True)

    def start(self) -> LintJob:
        self._thread.start()
        return self

    def cancel(self) -> None:
        """Kill the process if it runs; no callback will come."""
        with self._lock:
            self.cancelled = True
            process = self._process
        if process is not None and process.poll() is None:
            process.kill()

    def wait(self, timeout: float | None = None) -> None:
        self._thread.join(timeout)

    def _started(self, process: subprocess.Popen) -> None:
        with self._lock:
            self._process = process
            cancelled = self.cancelled
        if cancelled:
            process.kill()

    def _run(self) -> None:
        try:
            outcome: LintResult | LintFailure = run_ruff(
                self.binary, self.source, self.stdin_filename, self._started)
        except LintFailure as failure:
            outcome = failure
        with self._lock:
            if self.cancelled:
                return
        self._on_done(self, outcome)

"""Kernel folders left behind by a dsstudio that died: found and removed at the next start.

A kernel's folder holds its connection file (with the key that signs every message) and its
sockets. A dsstudio killed with `kill -9`, or a crash, never removes it, and it stayed forever.
Each folder now names its owner (the process id in OWNER_FILE); a later start removes the
folders whose owner is gone, never one of a dsstudio still running.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

OWNER_FILE = "owner.pid"
# mkdtemp prefixes of the window's kernels (IPC, TCP on Windows) and of `dsstudio run`.
PREFIXES = ("dss-", "dsstudio-kernel-")


def mark_owner(folder: Path) -> None:
    """Record this process as the owner of the kernel folder `folder`."""
    (Path(folder) / OWNER_FILE).write_text(str(os.getpid()))


def kernel_folder_bases() -> list[Path]:
    """Where kernel folders are made (see session.py and run.py)."""
    bases = [Path(tempfile.gettempdir())]
    if sys.platform != "win32":
        bases.append(Path("/tmp"))
        runtime = os.environ.get("XDG_RUNTIME_DIR")
        if runtime:
            bases.append(Path(runtime))
    return list(dict.fromkeys(base for base in bases if base.is_dir()))


def sweep_leftover_kernel_folders(bases: list[Path] | None = None) -> list[Path]:
    """Remove the kernel folders of this user whose owner process is gone; the removed ones."""
    import shutil  # (this module is imported before the first paint, for `mark_owner`)

    removed = []
    for base in kernel_folder_bases() if bases is None else bases:
        try:
            entries = list(base.iterdir())
        except OSError:
            continue
        for folder in entries:
            if folder.name.startswith(PREFIXES) and _owner_is_gone(folder):
                shutil.rmtree(folder, ignore_errors=True)
                if not folder.exists():
                    removed.append(folder)
    return removed


def _owner_is_gone(folder: Path) -> bool:
    owner_file = folder / OWNER_FILE
    try:
        if hasattr(os, "getuid") and folder.stat().st_uid != os.getuid():
            return False  # another user's: not ours to judge
        pid = int(owner_file.read_text().strip())
        marked = owner_file.stat().st_mtime
    except (OSError, ValueError):
        return False  # no owner recorded (or unreadable): left alone
    import psutil

    try:
        process = psutil.Process(pid)
        # A process id reused by a later process: its start is after the folder was marked.
        return process.create_time() > marked + 1 or process.status() == psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return True
    except psutil.Error:
        return False

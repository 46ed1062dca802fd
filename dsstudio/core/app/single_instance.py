"""One dsstudio per user: a second launch hands its paths to the running one and exits.

The running app listens with Qt's QLocalServer (see `dsstudio/ui/instance_server.py`) at the
address below. A new launch checks for it here, before anything else (before its own kernel is
started and before Qt is imported), with the standard library alone: a Unix domain socket on
Linux and macOS, the named pipe QLocalServer makes on Windows.

Protocol: one JSON line `{"paths": [absolute paths]}`, answered by the line `ok`.
"""

from __future__ import annotations

import getpass
import json
import os
import socket
import sys
import tempfile
import zlib
from pathlib import Path

HANDOVER_TIMEOUT_S = 2.0


def server_address() -> str:
    """Where the running app listens: a socket path (POSIX) or a pipe name (Windows).

    One per user and configuration folder, so test runs with their own DSSTUDIO_CONFIG_DIR
    never reach the user's app.
    """
    from dsstudio.core.settings import config_dir

    tag = f"{zlib.crc32(str(config_dir()).encode('utf-8')):08x}"
    name = f"dsstudio-{_user()}-{tag}"
    if sys.platform == "win32":
        return name
    # Kept short: a Unix socket path is limited to about 100 bytes.
    runtime = os.environ.get("XDG_RUNTIME_DIR")
    folder = Path(runtime) if runtime else _private_folder()
    return str(folder / f"{name}.sock")


def _private_folder() -> Path:
    """/tmp/dsstudio-UID, made 0700 and checked to be ours. In a shared /tmp, another user who
    made the socket path first would receive every path this user opens (issue 12)."""
    folder = Path(tempfile.gettempdir()) / f"dsstudio-{os.getuid()}"
    try:
        folder.mkdir(mode=0o700)
    except FileExistsError:
        pass
    info = folder.lstat()
    if (not folder.is_dir() or folder.is_symlink() or info.st_uid != os.getuid()
            or info.st_mode & 0o077):
        # Not ours, or open to others: a folder no one else can know, so no hand-over at all.
        return Path(tempfile.mkdtemp(prefix="dsstudio-"))
    return folder


def hand_over(paths: list[str], address: str | None = None) -> bool:
    """Give `paths` to the running app; True if it took them (then this process should exit)."""
    address = address or server_address()
    message = (json.dumps({"paths": [str(Path(p).resolve()) for p in paths]}) + "\n").encode("utf-8")
    try:
        if sys.platform == "win32":
            return _hand_over_pipe(address, message)
        return _hand_over_socket(address, message)
    except OSError:
        return False  # nobody listening (or a stale socket left by a crash): we are the first


def hand_over_or_become_first(paths: list[str], address: str | None = None,
                              wait_s: float = 10.0) -> bool:
    """True if a running dsstudio took `paths` (this process should exit); False if this
    process is the first, and then it holds the instance lock for as long as it runs.

    The running app listens only after its first paint: a second launch 0.1 s after the first
    found nobody listening and opened a second window and kernel on the same project. The lock
    (taken before anything else) tells the second that a first is starting: it waits for it to
    listen, then hands over.
    """
    address = address or server_address()
    if hand_over(paths, address):
        return True
    if sys.platform == "win32":
        return False  # (the lock below is POSIX flock; Windows launches are not waited for)
    import time

    deadline = time.monotonic() + wait_s
    while not _take_instance_lock(address):
        if hand_over(paths, address):
            return True
        if time.monotonic() > deadline:
            return False  # the first never listened: run on our own rather than not at all
        time.sleep(0.05)
    return False


_instance_lock = None  # the open lock file of the first instance (closed when it exits)


def _take_instance_lock(address: str) -> bool:
    global _instance_lock
    import fcntl

    if _instance_lock is not None:
        return True
    handle = open(f"{address}.lock", "a")  # noqa: SIM115 (held for the life of the process)
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        handle.close()
        return False
    _instance_lock = handle
    return True


def _hand_over_socket(address: str, message: bytes) -> bool:
    if not os.path.exists(address):
        return False
    if os.stat(address).st_uid != os.getuid():
        return False  # someone else's socket: never hand them what this user opens
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
        sock.settimeout(HANDOVER_TIMEOUT_S)
        sock.connect(address)
        sock.sendall(message)
        reply = b""
        while not reply.endswith(b"\n"):
            chunk = sock.recv(64)
            if not chunk:
                break
            reply += chunk
    return reply.strip() == b"ok"


def _hand_over_pipe(name: str, message: bytes) -> bool:
    with open(rf"\\.\pipe\{name}", "r+b", buffering=0) as pipe:
        pipe.write(message)
        return pipe.readline().strip() == b"ok"


def _user() -> str:
    try:
        user = getpass.getuser()
    except (KeyError, OSError):
        user = str(os.getuid()) if hasattr(os, "getuid") else "user"
    return "".join(c for c in user if c.isalnum())[:32] or "user"

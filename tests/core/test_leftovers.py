"""Kernel folders of a dsstudio that died are removed at the next start; live ones never."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from dsstudio.core.kernel.leftovers import OWNER_FILE, mark_owner, sweep_leftover_kernel_folders


def dead_pid() -> int:
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


def test_only_folders_whose_owner_died_are_removed(tmp_path):
    dead = tmp_path / "dss-dead1"
    alive = tmp_path / "dss-alive1"
    unknown = tmp_path / "dss-noowner"
    other = tmp_path / "somebody-else"
    run = tmp_path / "dss-run-dead"
    for folder in (dead, alive, unknown, other, run):
        folder.mkdir()
        (folder / "kernel.json").write_text('{"key": "secret"}')
    mark_owner(alive)  # this process: running
    for folder in (dead, other, run):
        (folder / OWNER_FILE).write_text(str(dead_pid()))
    removed = sweep_leftover_kernel_folders([tmp_path])
    assert sorted(removed) == sorted([dead, run])
    assert not dead.exists() and not run.exists()
    assert alive.exists() and unknown.exists() and other.exists()


def test_a_window_kernel_folder_names_its_owner(tmp_path, monkeypatch):
    import shutil
    import tempfile

    from dsstudio.core.kernel.session import KernelSession

    # A runtime folder of the test's own (short: socket paths are), so the sweep below looks at
    # nothing but this session's folder.
    runtime = Path(tempfile.mkdtemp(prefix="rt-", dir="/tmp"))
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(runtime))
    session = KernelSession(tmp_path)
    session._write_connection_file()
    try:
        folder = session.connection_file.parent
        assert folder.parent == runtime
        assert (folder / OWNER_FILE).read_text() == str(os.getpid())
        assert sweep_leftover_kernel_folders([runtime]) == []  # its owner runs: kept
        assert folder.exists()
    finally:
        session.shutdown()
        shutil.rmtree(runtime, ignore_errors=True)

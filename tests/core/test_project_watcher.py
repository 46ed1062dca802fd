"""The watcher sees saves made by other programs, in the ways real editors save."""

from __future__ import annotations

import os
import queue
import time
from pathlib import Path

import pytest

from dsstudio.core.project.watcher import ProjectWatcher

WAIT_S = 10


@pytest.fixture
def watched(tmp_path: Path):
    root = tmp_path / "proj"
    (root / "pkg").mkdir(parents=True)
    (root / ".venv").mkdir()
    (root / ".venv" / "pyvenv.cfg").write_text("home = /usr\n")
    (root / "models.py").write_text("x = 1\n")
    seen: queue.Queue[Path] = queue.Queue()
    watcher = ProjectWatcher(root, seen.put)
    watcher.start()
    time.sleep(0.2)  # let the OS watch be in place before the first write
    yield root, seen
    watcher.stop()
    assert not watcher.is_running()


def drain(seen: queue.Queue, settle_s: float = 0.5) -> set[Path]:
    """Everything reported until nothing more arrives for settle_s."""
    found: set[Path] = set()
    deadline = time.monotonic() + WAIT_S
    while time.monotonic() < deadline:
        try:
            found.add(seen.get(timeout=settle_s))
        except queue.Empty:
            if found:
                break
    return found


def test_in_place_save_is_reported(watched):
    root, seen = watched
    (root / "models.py").write_text("x = 2\n")
    assert drain(seen) == {(root / "models.py").resolve()}


def test_save_by_rename_over_is_reported(watched):
    root, seen = watched
    temp = root / ".models.py.swp"
    temp.write_text("x = 3\n")
    os.replace(temp, root / "pkg" / "mod.py")
    assert (root / "pkg" / "mod.py").resolve() in drain(seen)


def test_non_python_and_hidden_folders_are_ignored(watched):
    root, seen = watched
    (root / "notes.txt").write_text("hello\n")
    (root / ".venv" / "site.py").write_text("y = 1\n")
    (root / "pkg" / "__init__.py").write_text("")  # a real one, to know events flow at all
    assert drain(seen) == {(root / "pkg" / "__init__.py").resolve()}


def test_environments_and_caches_get_no_os_watch_but_new_folders_do(tmp_path):
    # A project's .venv can hold tens of thousands of folders: one inotify watch each would
    # exhaust the per-user limit (often 8,192) and a pip install would flood the watcher.
    root = tmp_path / "proj"
    (root / "src" / "pkg").mkdir(parents=True)
    (root / "envs" / "py").mkdir(parents=True)
    (root / "envs" / "py" / "conda-meta").mkdir()
    (root / "venv312").mkdir()
    (root / "venv312" / "pyvenv.cfg").write_text("home = /usr\n")
    (root / ".git").mkdir()
    seen: queue.Queue[Path] = queue.Queue()
    watcher = ProjectWatcher(root, seen.put)
    watcher.start()
    try:
        assert watcher.watched_folders() == {"src", "envs"}  # envs/ itself is a plain folder
        (root / "notebooks").mkdir()
        deadline = time.monotonic() + WAIT_S
        while "notebooks" not in watcher.watched_folders() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert "notebooks" in watcher.watched_folders()
        time.sleep(0.2)
        (root / "notebooks" / "helpers.py").write_text("z = 1\n")
        assert drain(seen) == {(root / "notebooks" / "helpers.py").resolve()}
    finally:
        watcher.stop()

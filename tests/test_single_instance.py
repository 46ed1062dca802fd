"""Single instance, between real processes: a second `dsstudio PATH` hands PATH over and exits."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

from dsstudio.core.app.single_instance import hand_over, server_address
from tests.kernel_processes import new_kernels

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals and sockets")


def wait_for(condition, timeout: float = 60.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


def test_nobody_listening_means_we_are_first(tmp_path, monkeypatch):
    monkeypatch.setenv("DSSTUDIO_CONFIG_DIR", str(tmp_path))
    assert hand_over([str(tmp_path)]) is False
    # A socket file left by a crashed app, with nobody behind it.
    stale = tmp_path / "stale.sock"
    with socket.socket(socket.AF_UNIX) as sock:
        sock.bind(str(stale))
    assert hand_over([str(tmp_path)], address=str(stale)) is False


def test_second_launch_hands_its_project_to_the_first(tmp_path, monkeypatch):
    config = tmp_path / "config"
    monkeypatch.setenv("DSSTUDIO_CONFIG_DIR", str(config))
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", DSSTUDIO_CONFIG_DIR=str(config))
    first_project, second_project = tmp_path / "first", tmp_path / "second"
    for root in (first_project, second_project):
        root.mkdir()
        (root / "mod.py").write_text("X = 1\n")
    address = server_address()
    before = {p.pid for p in psutil.process_iter()}
    first = subprocess.Popen([sys.executable, "-m", "dsstudio", str(first_project)], env=env,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert wait_for(lambda: Path(address).exists()), "the first app never listened"
        second = subprocess.run([sys.executable, "-m", "dsstudio", str(second_project)], env=env,
                                capture_output=True, text=True, timeout=60)
        assert second.returncode == 0, second.stderr
        recent = config / "recent_projects.json"

        def second_opened() -> bool:
            try:
                return json.loads(recent.read_text())[0] == str(second_project.resolve())
            except (OSError, ValueError, IndexError):
                return False

        assert wait_for(second_opened), "the running app did not open the second project"

        # One kernel per project, both children of the first app: the second launch made none.
        assert wait_for(lambda: len(new_kernels(before, config)) == 2), \
            [k.info for k in new_kernels(before, config)]
        assert {k.info["ppid"] for k in new_kernels(before, config)} == {first.pid}
    finally:
        first.send_signal(signal.SIGTERM)
        try:
            first.wait(timeout=60)
        except subprocess.TimeoutExpired:
            first.kill()
            raise
    assert first.returncode == 0, first.stderr
    assert not Path(address).exists()  # the server is closed with the app


def test_without_a_runtime_dir_the_socket_lives_in_a_private_folder(tmp_path, monkeypatch):
    """Issue 12: with XDG_RUNTIME_DIR unset the socket was /tmp/dsstudio-<user>-<hash>.sock, a
    path another local user could take first."""
    monkeypatch.delenv("XDG_RUNTIME_DIR", raising=False)
    monkeypatch.setattr("tempfile.tempdir", str(tmp_path))
    folder = Path(server_address()).parent
    assert folder == tmp_path / f"dsstudio-{os.getuid()}"
    assert folder.stat().st_mode & 0o777 == 0o700 and folder.stat().st_uid == os.getuid()
    # A folder of that name that is open to others (or not ours) is not used.
    folder.chmod(0o777)
    other = Path(server_address()).parent
    assert other != folder and other.stat().st_mode & 0o777 == 0o700


def test_paths_are_never_handed_to_another_users_socket(tmp_path, monkeypatch):
    address = str(tmp_path / "s.sock")
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(address)
    listener.listen(1)
    listener.settimeout(0.5)
    try:
        real_uid = os.getuid()
        monkeypatch.setattr(os, "getuid", lambda: real_uid + 1)  # the socket is now "someone else's"
        assert hand_over([str(tmp_path)], address) is False
        with pytest.raises(socket.timeout):
            listener.accept()  # nothing was sent
    finally:
        listener.close()


def test_two_launches_a_moment_apart_make_one_app(tmp_path, monkeypatch):
    """Issue 12: two launches 0.1-0.2 s apart opened two windows and two kernels (the first
    listens only after its first paint). Whichever takes the instance lock first runs; the
    other waits for it to listen and hands its project over."""
    config = tmp_path / "config"
    monkeypatch.setenv("DSSTUDIO_CONFIG_DIR", str(config))
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", DSSTUDIO_CONFIG_DIR=str(config))
    projects = [tmp_path / "first", tmp_path / "second"]
    for root in projects:
        root.mkdir()
    before = {p.pid for p in psutil.process_iter()}
    launches = []
    try:
        for root in projects:
            launches.append(subprocess.Popen([sys.executable, "-m", "dsstudio", str(root)], env=env,
                                             stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                             text=True))
            time.sleep(0.1)
        assert wait_for(lambda: any(launch.poll() is not None for launch in launches)), \
            "neither launch handed over: two apps run"
        handed = next(launch for launch in launches if launch.poll() is not None)
        running = next(launch for launch in launches if launch is not handed)
        assert handed.returncode == 0, handed.stderr.read()
        assert running.poll() is None
        recent = config / "recent_projects.json"

        def both_opened() -> bool:
            try:
                return set(json.loads(recent.read_text())[:2]) == {str(p.resolve()) for p in projects}
            except (OSError, ValueError):
                return False

        assert wait_for(both_opened), "the running app did not open the other project"

        assert wait_for(lambda: len(new_kernels(before, config)) == 2), \
            [k.info for k in new_kernels(before, config)]
        assert {k.info["ppid"] for k in new_kernels(before, config)} == {running.pid}
    finally:
        for launch in launches:
            if launch.poll() is None:
                launch.send_signal(signal.SIGTERM)
                try:
                    launch.wait(timeout=60)
                except subprocess.TimeoutExpired:
                    launch.kill()

"""The project kernel: a real ipykernel, started, used, interrupted, restarted, killed, stopped."""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import psutil
import pytest

from dsstudio.core.kernel.session import KernelError, KernelSession

WAIT_S = 60


def gone(pid: int) -> bool:
    """True once `pid` has exited (a zombie not yet reaped counts as gone)."""
    try:
        return psutil.Process(pid).status() == psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return True


def wait_until(predicate, timeout: float = WAIT_S) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.05)
    return predicate()


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "proj"
    (root / "src" / "pkg").mkdir(parents=True)
    (root / "src" / "pkg" / "__init__.py").write_text("NAME = 'from src'\n")
    (root / "helpers.py").write_text("VALUE = 41\n")
    return root


@pytest.fixture
def session(project: Path):
    kernel = KernelSession(project)
    kernel.start()
    kernel.wait_ready(WAIT_S)
    yield kernel
    kernel.shutdown()


def test_runs_in_project_root_with_root_and_src_importable(session, project):
    # Putting the paths in place leaves no name (such as `sys`) in the user's namespace.
    assert session.execute("print('sys' in dir())")["stdout"] == "False\n"
    result = session.execute(
        "import os, sys, helpers, pkg\n"
        "print(os.getcwd()); print(helpers.VALUE + 1, pkg.NAME); print(sys.path[:2])")
    assert result["status"] == "ok", result
    cwd, values, first_paths = result["stdout"].splitlines()
    assert Path(cwd) == project.resolve()
    assert values == "42 from src"
    assert first_paths == repr([str(project.resolve()), str(project.resolve() / "src")])


def test_connection_is_private_ipc_and_signed(session):
    info = session.connection_info
    assert info["signature_scheme"] == "hmac-sha256" and len(info["key"]) >= 32
    if sys.platform != "win32":
        assert info["transport"] == "ipc"
        folder = session.connection_file.parent
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert stat.S_IMODE(session.connection_file.stat().st_mode) == 0o600


def test_inline_plot_comes_back_as_png(session):
    pytest.importorskip("matplotlib")
    result = session.execute(
        "import matplotlib.pyplot as plt\nplt.plot([1, 2, 3])\nplt.show()", timeout=WAIT_S)
    assert result["status"] == "ok", result
    assert any("image/png" in bundle for bundle in result["data"])


def test_interrupt_stops_running_code_and_keeps_state(session):
    session.execute("kept = 'yes'")
    client = session.client()
    try:
        client.execute("import time; print('sleeping', flush=True); time.sleep(60)")
        # Interrupt once the code is running (its print is on iopub).
        deadline = time.monotonic() + WAIT_S
        while time.monotonic() < deadline:
            msg = client.get_iopub_msg(timeout=WAIT_S)
            if msg["msg_type"] == "stream" and "sleeping" in msg["content"]["text"]:
                break
        started = time.monotonic()
        session.interrupt()
        while True:
            reply = client.get_shell_msg(timeout=WAIT_S)
            if reply["msg_type"] == "execute_reply":
                break
    finally:
        client.stop_channels()
    assert reply["content"]["status"] == "error"
    assert reply["content"]["ename"] == "KeyboardInterrupt"
    assert time.monotonic() - started < 30  # long before the sleep would have ended
    assert session.execute("print(kept)")["stdout"] == "yes\n"


def test_restart_gives_fresh_namespace_on_same_connection(session):
    session.execute("survivor = 1")
    old_pid, old_info = session.pid, dict(session.connection_info)
    session.restart()
    session.wait_ready(WAIT_S)
    assert session.pid != old_pid and gone(old_pid)
    assert session.connection_info == old_info
    assert session.execute("print('survivor' in dir())")["stdout"] == "False\n"


def test_killed_kernel_is_reported_dead(session):
    os.kill(session.pid, signal.SIGKILL)
    assert wait_until(lambda: not session.is_alive())
    with pytest.raises(KernelError):
        session.wait_ready(5)


def test_shutdown_leaves_no_process_and_no_files(project):
    kernel = KernelSession(project)
    kernel.start()
    kernel.wait_ready(WAIT_S)
    pid, folder = kernel.pid, kernel.connection_file.parent
    kernel.shutdown()
    assert gone(pid)
    assert not folder.exists()


def test_missing_kernel_command_is_a_clear_error(project):
    kernel = KernelSession(project, kernel_cmd=["/no/such/python", "-f", "{connection_file}"])
    with pytest.raises(KernelError, match="could not be started"):
        kernel.start()
    kernel.shutdown()


def test_kernel_that_exits_at_once_is_reported(project):
    kernel = KernelSession(project, kernel_cmd=[sys.executable, "-c", "raise SystemExit(3)"])
    kernel.start()
    with pytest.raises(KernelError, match="died"):
        kernel.wait_ready(WAIT_S)
    kernel.shutdown()


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
def test_kernel_exits_when_its_parent_is_killed(project, tmp_path):
    # A stand-in for the app: starts the kernel, prints its pid, then waits to be killed.
    script = tmp_path / "parent.py"
    script.write_text(textwrap.dedent(f"""
        import sys, time
        sys.path.insert(0, {str(Path(__file__).resolve().parents[2])!r})
        from dsstudio.core.kernel.session import KernelSession
        k = KernelSession({str(project)!r}); k.start(); k.wait_ready(60)
        print(k.pid, flush=True)
        time.sleep(600)
    """))
    parent = subprocess.Popen([sys.executable, str(script)], stdout=subprocess.PIPE, text=True)
    reader = threading.Timer(WAIT_S, parent.kill)  # never hang the suite on a broken parent
    reader.start()
    try:
        kernel_pid = int(parent.stdout.readline())
    finally:
        reader.cancel()
    parent.kill()
    parent.wait()
    try:
        # ipykernel's parent poller checks about once a second.
        assert wait_until(lambda: gone(kernel_pid), timeout=30)
    finally:
        if not gone(kernel_pid):
            os.kill(kernel_pid, signal.SIGKILL)


def test_opening_a_project_runs_none_of_its_files_as_the_kernel_starts(tmp_path):
    """Issue 12: the kernel was started with `python -m ipykernel_launcher` in the project
    folder, so a project file named ipykernel_launcher.py ran instead of ipykernel (and a
    sitecustomize.py or an IPython folder there would run or shadow at start)."""
    root = tmp_path / "untrusted"
    (root / "IPython").mkdir(parents=True)
    marker = tmp_path / "ran.txt"
    for name in ("ipykernel_launcher.py", "sitecustomize.py", "IPython/__init__.py"):
        (root / name).write_text(f"open({str(marker)!r}, 'a').write({name!r} + '\\n')\n"
                                 "raise SystemExit('project code ran at kernel start')\n")
    (root / "helpers.py").write_text("VALUE = 41\n")
    kernel = KernelSession(root)
    kernel.start()
    try:
        kernel.wait_ready(WAIT_S)
        result = kernel.execute("import os, helpers; print(os.getcwd(), helpers.VALUE + 1)")
        assert result["stdout"] == f"{root} 42\n"  # the project is still the working directory
    finally:
        kernel.shutdown()
    assert not marker.exists(), marker.read_text()


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
def test_output_tail_and_exit_are_the_latest_launchs_own(project):
    """kernel.log keeps every launch's output; a failed start quotes only its own (an earlier
    kernel's lines explain nothing), and says how the process ended."""
    kernel = KernelSession(project, kernel_cmd=[
        sys.executable, "-c", "print('the first kernel says this'); raise SystemExit(3)"])
    kernel.start()
    assert wait_until(lambda: not kernel.is_alive())
    assert kernel.output_tail() == "the first kernel says this"
    assert kernel.exit_description() == "exit status 3"
    kernel.launch.argv = [sys.executable, "-c", "import time; time.sleep(60)"]
    kernel.restart()
    try:
        assert kernel.is_alive() and kernel.exit_description() == ""
        assert kernel.output_tail() == ""
        kernel.kill()
        assert kernel.exit_description() == "killed by SIGKILL"
    finally:
        kernel.shutdown()

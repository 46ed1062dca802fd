"""Restarts that go wrong, with real kernel processes: every one ends "idle" or "dead" (with the
reason and the one-click restart), never "restarting…" for good (issue 12: a kernel that died
during a restart left the status bar on "Kernel restarting…" for 70 s and counting)."""

from __future__ import annotations

import os
import signal
import sys
import threading
import time
from pathlib import Path

import psutil
import pytest

from dsstudio.core.kernel.launch import KernelLaunch, own_launch
from tests.ui.helpers import KERNEL_WAIT_MS, wait_for_console

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals and scripts")

# The tests' start deadline: long enough for a real ipykernel to answer on a busy 2-core
# machine (about 1 s here), short enough to keep the test quick. The app's is 60 s.
TEST_DEADLINE_S = 8
# A regular expression that backtracks for hours: `re` holds the GIL throughout, so neither
# ipykernel's control thread nor its signal handlers run (as in a long numpy or C call).
GIL_HOLDING_CALL = "import re; re.match('(a+)+$', 'a' * 40 + 'b')"


def gone(pid: int) -> bool:
    try:
        return psutil.Process(pid).status() == psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return True


def problem_text(window) -> str:
    return window.interpreters.bar.message.text() if window.interpreters.problem_shown() else ""


def assert_dead_with_restart(qtbot, window, *words: str) -> None:
    """The status bar says dead and offers Restart; the bar above the console says why."""
    qtbot.waitUntil(lambda: window.kernel.state == "dead", timeout=KERNEL_WAIT_MS)
    qtbot.waitUntil(window.interpreters.problem_shown, timeout=KERNEL_WAIT_MS)
    assert "Kernel dead" in window.status.kernel_label.text()
    assert not window.status.restart_button.isHidden()
    for word in words:
        assert word in problem_text(window), problem_text(window)


def python_c_launch(code: str, label: str = "test kernel") -> KernelLaunch:
    """A "kernel" that is a plain python running `code` (given the connection file like one)."""
    return KernelLaunch([sys.executable, "-c", code, "-f", "{connection_file}"], own_launch().env,
                        label, kind="custom", python=Path(sys.executable), runs_ipykernel=False)


def busy_in_gil_holding_call(qtbot, window) -> None:
    # The pause lets ipykernel's output thread (which needs the GIL too) send the line.
    window.console.run_code("print('entering the call', flush=True); import time; "
                            f"time.sleep(0.5); {GIL_HOLDING_CALL}")
    wait_for_console(qtbot, window, lambda text: "entering the call\n" in text)
    qtbot.wait(800)  # into the match itself


def test_a_kernel_that_never_answers_is_dead_after_the_deadline_with_what_it_printed(
        qtbot, window, tmp_path):
    # A real ipykernel whose start blocks before it listens: a sitecustomize that waits forever.
    site = tmp_path / "site"
    site.mkdir()
    (site / "sitecustomize.py").write_text(
        "print('sitecustomize: waiting for the licence server', flush=True)\n"
        "import time\ntime.sleep(3600)\n")
    launch = own_launch(dict(os.environ, PYTHONPATH=str(site)))
    window.kernel.start_deadline_s = TEST_DEADLINE_S
    window.kernel.restart(launch)
    hung = window.kernel.session.pid
    assert window.kernel.state == "restarting"
    assert_dead_with_restart(qtbot, window, f"did not answer within {TEST_DEADLINE_S} s",
                             "sitecustomize: waiting for the licence server")
    assert gone(hung)  # stopped, not left running behind a "dead" label
    (site / "sitecustomize.py").unlink()  # the user fixes the cause, then one click
    assert not window.interpreters.bar.restart_button.isHidden()  # beside the reason
    window.interpreters.bar.restart_button.click()
    qtbot.waitUntil(lambda: window.kernel.state == "idle", timeout=KERNEL_WAIT_MS)
    assert not window.interpreters.problem_shown()
    assert window.status.restart_button.isHidden()


def test_a_kernel_that_exits_0_at_start_is_dead_with_its_output(qtbot, window):
    window.kernel.restart(python_c_launch("print('no kernel today, sorry')"))
    assert_dead_with_restart(qtbot, window, "exited while starting (exit status 0)",
                             "no kernel today, sorry")


def test_a_new_kernel_killed_right_after_its_spawn_is_dead_and_restarts(qtbot, window):
    old = window.kernel.session.pid
    killed = []

    def kill_the_new_one() -> None:  # watches for the new process and kills it at once
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            pid = window.kernel.session.pid
            if pid and pid != old:
                os.kill(pid, signal.SIGKILL)
                killed.append(pid)
                return
            time.sleep(0.001)

    killer = threading.Thread(target=kill_the_new_one)
    killer.start()
    window.kernel.restart()
    killer.join()
    assert killed
    assert_dead_with_restart(qtbot, window, "killed by SIGKILL")
    window.status.restart_button.click()
    qtbot.waitUntil(lambda: window.kernel.state == "idle", timeout=KERNEL_WAIT_MS)


def test_a_kernel_killed_while_the_restart_waits_for_its_shutdown_restarts(qtbot, window):
    """The old kernel, busy in a GIL-holding call, cannot answer the shutdown request; it is
    killed by someone else while the restart waits for that answer."""
    busy_in_gil_holding_call(qtbot, window)
    old = window.kernel.session.pid
    threading.Timer(0.5, os.kill, (old, signal.SIGKILL)).start()
    window.kernel.restart()
    qtbot.waitUntil(lambda: window.kernel.state == "idle", timeout=KERNEL_WAIT_MS)
    assert window.kernel.session.pid != old and gone(old)


def test_restart_while_busy_in_a_gil_holding_call_gives_a_fresh_kernel(qtbot, window):
    window.console.run_code("survivor = 1")
    busy_in_gil_holding_call(qtbot, window)
    assert window.kernel.state == "busy"
    old = window.kernel.session.pid
    window.restart_now()  # Kernel > Restart, once confirmed
    qtbot.waitUntil(lambda: window.kernel.state == "idle", timeout=KERNEL_WAIT_MS)
    assert gone(old)
    window.console.run_code("print('survivor' in dir(), 'after', sep='-')")
    wait_for_console(qtbot, window, lambda text: "False-after" in text)


def test_an_interpreter_deleted_between_starts_is_dead_with_the_reason(qtbot, window, tmp_path):
    env = tmp_path / "env"  # an environment that is there for one start, then deleted
    env.symlink_to(Path(sys.prefix), target_is_directory=True)
    python = env / "bin" / "python"
    launch = KernelLaunch([str(python), "-m", "ipykernel_launcher", "-f", "{connection_file}"],
                          own_launch().env, "Python (env)", kind="custom", python=python)
    window.kernel.restart(launch)
    qtbot.waitUntil(lambda: window.kernel.state == "idle", timeout=KERNEL_WAIT_MS)
    env.unlink()
    window.kernel.restart()
    assert_dead_with_restart(qtbot, window, str(python), "No such file")


def test_restart_pressed_twice_fast_ends_with_one_ready_kernel(qtbot, window):
    first = window.kernel.session.pid
    window.restart_now()
    second = window.kernel.session.pid
    qtbot.wait(30)  # the second press lands while the first restart's kernel boots
    window.restart_now()
    qtbot.waitUntil(lambda: window.kernel.state == "idle", timeout=KERNEL_WAIT_MS)
    assert gone(first) and gone(second)
    window.console.run_code("print(6 * 7, 'from the third', sep='-')")
    wait_for_console(qtbot, window, lambda text: "42-from the third" in text)
    assert window.kernel.state in ("idle", "busy")

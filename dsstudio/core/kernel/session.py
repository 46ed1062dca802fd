"""One real ipykernel per project: launched fast, private, signed, never orphaned.

`start()` only writes a connection file and spawns the process; it imports nothing heavy, so the
app can launch the kernel before Qt is even imported and let it boot on the other core while the
window is built. jupyter_client (the protocol) is imported only when a client is needed.

- Transport: IPC sockets in a private 0700 folder on Linux/macOS (no TCP port at all); loopback TCP
  on Windows. The connection file is 0600 and holds the HMAC key that signs every message.
- Orphans: the kernel gets JPY_PARENT_PID, and ipykernel's parent poller exits when we are gone;
  a watchdog process (`orphan_watchdog`) kills it when we are gone even if it holds the GIL.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

from dsstudio.core.kernel.kernel_boot import boot_command
from dsstudio.core.kernel.leftovers import mark_owner
from dsstudio.core.kernel.launch import KernelLaunch, own_launch
from dsstudio.core.kernel.orphan_watchdog import OrphanWatchdog

IS_WINDOWS = sys.platform == "win32"
CHANNELS = ("shell_port", "iopub_port", "stdin_port", "control_port", "hb_port")
SHUTDOWN_GRACE_S = 3.0
# A kernel that has not answered kernel_info this long after its launch is reported dead (and
# stopped) with what it printed. A cold start of ipykernel takes about a second here, and tens of
# seconds on a slow disk with an antivirus; a start blocked for good (a sitecustomize waiting on
# a network drive, an interpreter replaced by something that never answers) must not leave
# "restarting…" on screen forever.
START_DEADLINE_S = 60.0


class KernelError(Exception):
    """The kernel could not be started or reached; the message is for the user."""


def kernel_sys_path(project_root: Path) -> list[str]:
    """What goes first on the kernel's sys.path: the project root, and `src/` if there is one."""
    entries = [str(project_root)]
    if (project_root / "src").is_dir():
        entries.append(str(project_root / "src"))
    return entries


def project_setup_option(project_root: Path) -> str:
    """ipykernel's option that makes the project the kernel's working directory and puts its
    folders first on sys.path, once ipykernel is up.

    The kernel starts in a folder of its own (`KernelSession._start_folder`), not in the project: `python -m
    ipykernel_launcher` puts its working directory first on sys.path, so a project file named
    `ipykernel_launcher.py`, a `sitecustomize.py` or an `IPython` folder would run or shadow
    ipykernel's own as the project opened. No name (such as `sys`) is left behind in the user's
    namespace; exec_lines run before the kernel answers its first request.
    """
    paths = json.dumps(kernel_sys_path(project_root))
    root = json.dumps(str(project_root))
    return (f"--IPKernelApp.exec_lines=__import__('sys').path[:0] = {paths}; "
            f"__import__('os').chdir({root})")


class KernelSession:
    """The kernel process of one project, and the facts a client needs to reach it."""

    def __init__(self, project_root: Path, kernel_cmd: list[str] | None = None,
                 launch: KernelLaunch | None = None) -> None:
        self.project_root = Path(project_root).resolve()
        # What runs: the project's interpreter (see core/kernel/launch.py), dsstudio's by default.
        self.launch = launch or own_launch()
        if kernel_cmd is not None:
            self.launch.argv = list(kernel_cmd)
        self.connection_info: dict = {}
        self.connection_file: Path | None = None
        self._runtime_dir: Path | None = None
        self._process: subprocess.Popen | None = None
        # The process and its watchdog, paired: a readiness thread that saw an earlier process
        # end must not release the watchdog of the one that replaced it.
        self._watched: tuple[subprocess.Popen, OrphanWatchdog] | None = None
        # Where this launch's output starts in kernel.log (the log keeps earlier launches' too).
        self._log_offset = 0

    # ---- Public API
    @property
    def pid(self) -> int | None:
        return self._process.pid if self._process else None

    def start(self) -> None:
        """Launch the kernel and return at once (readiness: `wait_ready` or `watch_ready`)."""
        if self.connection_file is None:
            self._write_connection_file()
        self._launch()

    def is_alive(self) -> bool:
        process = self._process
        if process is None:
            return False
        if process.poll() is None:
            return True
        # Ended: its watchdog goes now, so that it can never kill a later owner of the id.
        self._release_watchdog(process)
        return False

    def exit_description(self) -> str:
        """How the kernel process ended ("exit status 0", "killed by SIGKILL"), or "" if it runs."""
        code = self._process.poll() if self._process is not None else None
        if code is None:
            return ""
        if code < 0:
            try:
                return f"killed by {signal.Signals(-code).name}"
            except ValueError:
                return f"killed by signal {-code}"
        return f"exit status {code}"

    def kill(self) -> None:
        """Stop the kernel process at once, without asking it (it does not answer)."""
        process = self._process
        if process is not None and process.poll() is None:
            self._kill_process(process)
        self._release_watchdog()

    def interrupt(self) -> None:
        """Raise KeyboardInterrupt in the running code (the kernel keeps its state)."""
        if not self.is_alive():
            return
        if IS_WINDOWS:
            from jupyter_client.win_interrupt import send_interrupt

            send_interrupt(self._interrupt_event)
        else:
            # The kernel leads its own process group: subprocesses it started are interrupted too.
            os.killpg(self._process.pid, signal.SIGINT)

    def restart(self, launch: KernelLaunch | None = None) -> None:
        """A fresh kernel on the same connection, so connected clients keep working.

        With `launch`, the new kernel runs in that interpreter (Select Interpreter).
        """
        self._stop_process(restart=True)
        if launch is not None:
            self.launch = launch
        self._launch()

    def shutdown(self) -> None:
        """Stop the kernel for good and remove its connection file and sockets."""
        self._stop_process()
        if self._runtime_dir is not None:
            import shutil  # only needed at the end; keeps start-up imports small

            shutil.rmtree(self._runtime_dir, ignore_errors=True)
        elif self.connection_file is not None:
            self.connection_file.unlink(missing_ok=True)
        self._runtime_dir = None
        self.connection_file = None

    def shutdown_soon(self) -> threading.Thread:
        """shutdown() on a thread of its own, so a closing window does not wait for the kernel
        to exit (ipykernel takes 0.3-2 s after its shutdown reply). The thread is not a daemon:
        the app's process waits for it before it exits, so no kernel outlives the app."""
        thread = threading.Thread(target=self.shutdown, name="dsstudio-kernel-shutdown")
        thread.start()
        return thread

    def client(self):
        """A started jupyter_client BlockingKernelClient on this kernel (caller stops it)."""
        import zmq
        from jupyter_client import BlockingKernelClient

        # One shared zmq context: a client's own context is never closed by stop_channels, and
        # each one holds file descriptors (its I/O thread) for as long as the process lives.
        client = BlockingKernelClient(context=zmq.Context.instance())
        client.load_connection_info(self.connection_info)
        # No heartbeat channel: liveness comes from the process itself, and jupyter_client's
        # heartbeat thread, stopped right after it starts, can spin creating sockets until the
        # process runs out of file descriptors.
        client.start_channels(hb=False)
        return client

    def wait_ready(self, timeout: float = START_DEADLINE_S) -> dict:
        """Block until the kernel answers kernel_info; return that reply's content."""
        client = self.client()
        try:
            return self._wait_for_kernel_info(client, timeout)
        finally:
            client.stop_channels()

    def watch_ready(self, callback: Callable[[dict], None]) -> None:
        """Call `callback(kernel_info content)` from a daemon thread once the kernel answers."""

        def watch() -> None:
            try:
                content = self.wait_ready(START_DEADLINE_S)
            except Exception:  # noqa: BLE001 (a dead kernel, or none reachable: reported by the
                return         # UI's liveness check and start deadline, never left "starting")
            callback(content)

        threading.Thread(target=watch, name="dsstudio-kernel-ready", daemon=True).start()

    def execute(self, code: str, timeout: float = 60.0) -> dict:
        """Run `code` and collect what it printed and returned (for headless use and tests)."""
        from dsstudio.core.kernel.execute import execute_collect

        client = self.client()
        try:
            self._wait_for_kernel_info(client, timeout)
            return execute_collect(client, code, timeout)
        finally:
            client.stop_channels()

    # ---- Internals
    def _write_connection_file(self) -> None:
        # os.urandom is what `secrets` uses, without importing hmac and hashlib at start-up.
        info: dict = {"key": os.urandom(32).hex(), "signature_scheme": "hmac-sha256",
                      "kernel_name": "python3"}
        if IS_WINDOWS:
            info.update(transport="tcp", ip="127.0.0.1")
            info.update(zip(CHANNELS, _free_loopback_ports(len(CHANNELS))))
            folder = Path(tempfile.mkdtemp(prefix="dsstudio-kernel-"))
        else:
            # Unix socket paths are limited to about 100 bytes: keep the folder short.
            base = os.environ.get("XDG_RUNTIME_DIR")
            base = base if base and len(base) < 40 and os.access(base, os.W_OK) else None
            folder = Path(tempfile.mkdtemp(prefix="dss-", dir=base or "/tmp"))
            info.update(transport="ipc", ip=str(folder / "k"))
            info.update(zip(CHANNELS, range(1, len(CHANNELS) + 1)))
        os.chmod(folder, 0o700)
        mark_owner(folder)  # a later start removes it if this process dies without doing so
        path = folder / "kernel.json"
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            json.dump(info, handle)
        self._runtime_dir = folder
        self.connection_file = path
        self.connection_info = info

    def _command(self) -> list[str]:
        command = [part.replace("{connection_file}", str(self.connection_file))
                   for part in self.launch.argv]
        if self.launch.runs_ipykernel:
            command.append(project_setup_option(self.project_root))
        return boot_command(command)  # iopub that never drops output (core/kernel/kernel_boot.py)

    def _start_folder(self) -> str:
        """Where the kernel process starts: its private folder when ipykernel will move it to
        the project once up (`project_setup_option`); else (another language's kernel) the
        project itself."""
        if self.launch.runs_ipykernel:
            return str(self.connection_file.parent)
        return str(self.project_root)

    def _launch(self) -> None:
        # The kernel's own output (start-up errors, warnings of C libraries) goes to a log beside
        # its connection file: an app started from the desktop has no terminal to show it, and
        # a kernel that dies while starting is explained from it (`output_tail`).
        log = open(self.connection_file.parent / "kernel.log", "ab")  # noqa: SIM115 (closed below)
        self._log_offset = log.seek(0, os.SEEK_END)
        try:
            self._start_process(log)
        finally:
            log.close()  # the child has its own copy of the descriptor

    def output_tail(self, lines: int = 12) -> str:
        """The last lines the latest kernel process printed (for explaining a failed start);
        never an earlier kernel's, which would explain nothing."""
        if self.connection_file is None:
            return ""
        try:
            with open(self.connection_file.parent / "kernel.log", "rb") as log:
                log.seek(max(self._log_offset, log.seek(0, os.SEEK_END) - 8192))
                data = log.read()
        except OSError:
            return ""
        text = data.decode("utf-8", errors="replace").strip().splitlines()
        return "\n".join(text[-lines:])

    def _start_process(self, log) -> None:
        env = dict(self.launch.env)
        # Frozen apps set these for their own Qt; a kernel in a user's Python must not see them.
        env.pop("QT_PLUGIN_PATH", None)
        if "LD_LIBRARY_PATH_ORIG" in env:
            env["LD_LIBRARY_PATH"] = env["LD_LIBRARY_PATH_ORIG"]
        # debugpy (in ipykernel) warns on Python 3.11+ that frozen modules "may make the
        # debugger miss breakpoints": four lines in the console after every restart, about a
        # debugger nobody started. (The variable only skips that check; a user's value wins.)
        env.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")
        try:
            if IS_WINDOWS:
                from jupyter_client.launcher import launch_kernel
                from jupyter_client.win_interrupt import create_interrupt_event

                self._interrupt_event = create_interrupt_event()
                env["JPY_INTERRUPT_EVENT"] = str(self._interrupt_event)
                self._process = launch_kernel(self._command(), env=env, stdout=log,
                                              stderr=subprocess.STDOUT, cwd=self._start_folder())
            else:
                env["JPY_PARENT_PID"] = str(os.getpid())
                self._process = subprocess.Popen(
                    self._command(), env=env, cwd=self._start_folder(),
                    stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
                    start_new_session=True)
                watchdog = OrphanWatchdog.start(self._process.pid)
                self._watched = (self._process, watchdog) if watchdog is not None else None
        except OSError as error:
            raise KernelError(f"The kernel could not be started ({self._command()[0]}): "
                              f"{error.strerror or error}") from None

    def _release_watchdog(self, process: subprocess.Popen | None = None) -> None:
        """Let the watchdog of `process` (default: any) go: the kernel ended or we stop it."""
        watched = self._watched
        if watched is not None and (process is None or watched[0] is process):
            self._watched = None
            watched[1].release()

    def _stop_process(self, restart: bool = False) -> None:
        process = self._process
        if process is None or process.poll() is not None:
            self._release_watchdog()
            return
        client = None
        try:
            client = self.client()
            client.shutdown(restart=restart)
            # Wait for the reply: closing the channel at once can drop the request unsent.
            client.control_channel.get_msg(timeout=SHUTDOWN_GRACE_S)
            process.wait(SHUTDOWN_GRACE_S)
        except Exception:  # noqa: BLE001 (any failure to ask politely ends in a kill below)
            pass
        finally:
            if client is not None:
                client.stop_channels()
        if process.poll() is None:
            self._kill_process(process)
        self._release_watchdog()

    @staticmethod
    def _kill_process(process: subprocess.Popen) -> None:
        if IS_WINDOWS:
            process.kill()
        else:
            # The kernel leads its process group: what it started goes with it.
            try:
                os.killpg(process.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass  # exited meanwhile
        process.wait(SHUTDOWN_GRACE_S)

    def _wait_for_kernel_info(self, client, timeout: float) -> dict:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if not self.is_alive():
                tail = self.output_tail(3)
                raise KernelError("The kernel died while starting" + (f": {tail}" if tail else "."))
            client.kernel_info()
            try:
                reply = client.get_shell_msg(timeout=0.2)
            except Exception:  # noqa: BLE001 (queue.Empty: not up yet, ask again)
                continue
            # Any kernel_info reply proves the kernel is up. Matching only the latest request
            # would never succeed once earlier requests are queued: each pass would read one
            # old reply and add one new request.
            if reply["msg_type"] != "kernel_info_reply":
                continue
            # Output is published on iopub, and what is published before our subscription
            # lands is lost: only a message seen there (the welcome, or a status) proves it did.
            try:
                client.get_iopub_msg(timeout=0.2)
            except Exception:  # noqa: BLE001 (queue.Empty: ask again, which publishes a status)
                continue
            return reply["content"]
        raise KernelError(f"The kernel did not answer within {timeout:.0f} s.")


def _free_loopback_ports(count: int) -> list[int]:
    import socket

    sockets, ports = [], []
    for _ in range(count):
        sock = socket.socket()
        sock.bind(("127.0.0.1", 0))
        sockets.append(sock)
        ports.append(sock.getsockname()[1])
    for sock in sockets:
        sock.close()
    return ports

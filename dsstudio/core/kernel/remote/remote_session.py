"""A project's kernel on a Jupyter server, with the face of the local `KernelSession`
(`start`, `is_alive`, `watch_ready`, `interrupt`, `restart`, `shutdown`, `client`, `execute`), so
the kernel controller, the console, notebooks and the reloader use it unchanged.

The server owns the process: liveness is what the server and the kernel's WebSocket say, and
"how it ended" is the server's word, never a local exit status.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from pathlib import Path

from dsstudio.core.kernel.launch import KernelLaunch
from dsstudio.core.kernel.remote.mirror_protocol import MirrorReloadWire
from dsstudio.core.kernel.remote.project_mirror import ProjectMirror
from dsstudio.core.kernel.remote.server_address import ServerAddress
from dsstudio.core.kernel.remote.server_api import ServerApi, ServerError
from dsstudio.core.kernel.session import START_DEADLINE_S, KernelError

READY_POLL_S = 0.2


def remote_launch(address: ServerAddress, kernel_name: str, mirror_current: bool = False) -> KernelLaunch:
    """What the status bar and the Kernel menu call a server's kernel: where it runs, and
    whether the project's mirror there is current."""
    host = address.url.split("://", 1)[1].rstrip("/")
    mirror = ", files mirrored" if mirror_current else ""
    return KernelLaunch([], {}, f"{kernel_name} on {host}{mirror}", kind="remote", kernelspec=kernel_name,
                        reason=f"the Jupyter server at {address}", runs_ipykernel=False)


class RemoteKernelSession:
    """One kernel on one server: started there (or attached to), reached over its WebSocket."""

    remote = True

    def __init__(self, project_root: Path, address: ServerAddress, kernel_name: str = "",
                 kernel_id: str | None = None, mirror_folder: str | None = None) -> None:
        self.project_root = Path(project_root).resolve()
        self.address = address
        self.api = ServerApi(address)
        self.kernel_name = kernel_name
        self.kernel_id = kernel_id
        self.launch = remote_launch(address, kernel_name or "default kernel")
        self.connection_info: dict = {}
        # The project's files reach the kernel through a mirror on the server, and live reload
        # requests carry the saved text (core/kernel/remote/mirror_protocol.py).
        self.mirror = ProjectMirror(self.api, self.project_root, mirror_folder)
        self.reload_wire = MirrorReloadWire(self.project_root, self.mirror)
        self._ended = ""  # why the kernel is gone, in the server's words; "" while it runs
        self._starting: threading.Thread | None = None
        self._reconnecting = False
        self._link = None  # the GUI client's KernelWebSocket, once made

    # ---- Public API
    @property
    def pid(self) -> None:
        return None  # the process is the server's

    def start(self) -> None:
        """Mirror the project, then start a kernel on the server working in the mirror (or check
        the one to attach to exists)."""
        try:
            self.mirror.sync()
            if self.kernel_id is None:
                model = self.api.start_kernel(
                    self.kernel_name or None, None if self.mirror.through_kernel else self.mirror.folder)
                self.kernel_id = model["id"]
            else:
                model = self.api.kernel(self.kernel_id)
                # A running kernel works wherever it was started, not in the mirror: the files
                # travel in its set-up request instead (core/kernel/remote/mirror_protocol.py).
                self.mirror.through_kernel = True
        except ServerError as error:
            raise KernelError(str(error)) from None
        self.kernel_name = model.get("name", self.kernel_name)
        self.launch = remote_launch(self.address, self.kernel_name, self.mirror.current)
        self._ended = ""

    def start_in_background(self) -> None:
        """`start` on a thread of its own (the mirror's first sync and the server's answer take
        network time the window must not wait for); `watch_ready` waits for it."""

        def start() -> None:
            try:
                self.start()
            except KernelError as error:
                self._ended = str(error)

        self._starting = threading.Thread(target=start, name="dsstudio-remote-start", daemon=True)
        self._starting.start()

    def is_alive(self) -> bool:
        if self._starting is not None and self._starting.is_alive():
            return not self._ended
        return self.kernel_id is not None and not self._ended

    def mark_gone(self, reason: str) -> None:
        """The server or the kernel is gone (a client found out): say so from now on."""
        self._ended = reason

    @property
    def reconnecting(self) -> bool:
        """The GUI client's connection dropped and is being made again."""
        return self._reconnecting

    @property
    def last_execution_state(self) -> str:
        """"busy" or "idle", as the kernel last said on the GUI client's connection."""
        return getattr(self._link, "last_execution_state", "")

    def follow_link(self, link) -> None:
        """`link` (the GUI client's KernelWebSocket) is told to connect again after a restart."""
        self._link = link

    def on_link_state(self, state: str) -> None:  # the link's reader thread
        self._reconnecting = state == "reconnecting"

    def on_link_closed(self, reason: str) -> None:
        """A client's WebSocket ended and could not be made again (its reader thread): the
        kernel is reported gone, in words that say whether the server or only the kernel went,
        and what the kernel was doing when last heard from."""
        last = getattr(self._link, "last_execution_state", "")
        was = f"; the kernel was {last} when last heard from" if last else ""
        try:
            self.api.kernel(self.kernel_id)
        except ServerError as error:
            self.mark_gone((str(error) if error.status != 404 else
                            f"the Jupyter server at {self.address} no longer has this kernel") + was)
            return
        self.mark_gone(f"the connection to the kernel on {self.address} was lost ({reason}){was}")

    def exit_description(self) -> str:
        return self._ended

    def output_tail(self, lines: int = 12) -> str:
        return ""  # the kernel's own output is in the server's log, not here

    def kill(self) -> None:
        self.shutdown()

    def interrupt(self) -> None:
        if self.is_alive():
            self._ask(self.api.interrupt_kernel, self.kernel_id)

    def restart(self, launch: KernelLaunch | None = None) -> None:
        """A fresh kernel process under the same id, so connected clients keep working; a
        kernel the server no longer has (it was restarted, or culled the kernel) is started anew
        there, and the GUI client's connection follows it."""
        if self.kernel_id is not None and not self._ended:
            self._ask(self.api.restart_kernel, self.kernel_id)
            return
        self.kernel_id = None
        self.start()
        link = self._link
        if link is not None and not link.connected:
            try:
                link.connect()
            except Exception as error:  # noqa: BLE001 (websocket's and socket errors alike)
                raise KernelError(f"The kernel on {self.address} cannot be reached: {error}") from None

    def shutdown(self) -> None:
        if self.kernel_id is not None and not self._ended:
            try:
                self.api.shutdown_kernel(self.kernel_id)
            except ServerError:
                pass  # gone already: what shutting down wanted
        self._ended = "shut down"

    def client(self):
        """A started blocking jupyter_client client on this kernel (the caller stops it)."""
        from dsstudio.core.kernel.remote.remote_client import RemoteKernelClient

        client = RemoteKernelClient()
        client.attach_server(self.address, self.kernel_id)
        try:
            client.start_channels()
        except Exception as error:  # noqa: BLE001 (websocket's and socket errors alike)
            raise KernelError(f"The kernel on {self.address} cannot be reached: {error}") from None
        return client

    def wait_ready(self, timeout: float = START_DEADLINE_S) -> dict:
        if self._starting is not None:
            self._starting.join(timeout)
        if self._ended or self.kernel_id is None:
            raise KernelError(self._ended or "The kernel on the server was not started.")
        client = self.client()
        try:
            return wait_for_kernel_info(client, timeout)
        finally:
            client.stop_channels()

    def watch_ready(self, callback: Callable[[dict], None]) -> None:
        def watch() -> None:
            try:
                content = self.wait_ready(START_DEADLINE_S)
            except Exception as error:  # noqa: BLE001 (reported through is_alive: never a hang)
                self._ended = str(error)
                return
            callback(content)

        threading.Thread(target=watch, name="dsstudio-remote-ready", daemon=True).start()

    def execute(self, code: str, timeout: float = 60.0) -> dict:
        from dsstudio.core.kernel.execute import execute_collect

        client = self.client()
        try:
            wait_for_kernel_info(client, timeout)
            return execute_collect(client, code, timeout)
        finally:
            client.stop_channels()

    # ---- Internals
    def _ask(self, call, *args) -> None:
        try:
            call(*args)
        except ServerError as error:
            if error.status == 404:
                self._ended = "the server no longer has this kernel"
            raise KernelError(str(error)) from None


def wait_for_kernel_info(client, timeout: float) -> dict:
    """The kernel_info reply's content, asking again until one comes (a kernel still starting
    on the server drops requests sent before it is up)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        client.kernel_info()
        try:
            reply = client.get_shell_msg(timeout=min(2.0, max(READY_POLL_S, deadline - time.monotonic())))
        except Exception:  # noqa: BLE001 (queue.Empty: ask again)
            continue
        # Any reply proves the kernel is up (matching only the latest request would never
        # succeed once earlier ones are queued: each pass reads one old reply, sends one more).
        if reply["msg_type"] == "kernel_info_reply":
            return reply["content"]
    raise KernelError(f"The kernel did not answer within {timeout:.0f} s.")


def session_for_choice(project_root: Path, choice) -> RemoteKernelSession:
    """A session on the server the project chose (core/kernel/remote/server_choice.py),
    starting in the background."""
    from dsstudio.core.kernel.remote.server_choice import choice_address

    session = RemoteKernelSession(project_root, choice_address(choice), choice.kernel_name)
    session.start_in_background()
    return session

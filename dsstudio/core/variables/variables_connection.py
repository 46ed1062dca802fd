"""The app's end of the Variables pane's comm: install the kernel side, then ask and listen.

The kernel side (dsstudio/kernel/variables_*.py, standard library and IPython only) is sent in as
source, like the reloader, into the same private package (core/kernel/kernel_package.py).
Requests are comm messages; on a kernel that lists "kernel subshells" in `supported_features`
(JEP 91, ipykernel 7) they go to a subshell of their own, so the pane is answered while a cell
runs; otherwise they wait for the running cell.

A connection has its own jupyter_client client, used from worker threads only (never the GUI
thread): a reader thread takes the comm's answers and pushes from iopub, and `request` blocks
its caller until the answer comes. Qt-free: the UI wraps it in signals.
"""

from __future__ import annotations

import itertools
import queue
import threading
import uuid
from collections.abc import Callable

from dsstudio.core.kernel.kernel_package import install_modules_code, installed_module

# frame_variables serves the debugger and post-mortem: the same describers, installed with them.
MODULES = ("variables_describe", "variables_table", "frame_variables", "variables_service")
TARGET = "dsstudio.variables"
SUBSHELLS_FEATURE = "kernel subshells"
UNWATCH_TIMEOUT_S = 5.0

# After the modules, once: the service registers its comm target.
_START = f"""
from IPython import get_ipython
{installed_module("variables_service")}.install(get_ipython())
"""


class VariablesError(Exception):
    """A request failed or got no answer; the message is for the user."""


def install_code() -> str:
    """Code that installs the kernel side once, leaving no name in the user's namespace."""
    return install_modules_code(MODULES, _START, once=True)


class VariablesConnection:
    """One comm with the kernel's variables service, over `client` (a started jupyter_client
    BlockingKernelClient this connection owns from now on)."""

    def __init__(self, client, on_event: Callable[[dict], None]) -> None:
        self._client = client
        self._on_event = on_event  # called on the reader thread with each push ("changed")
        self._send_lock = threading.Lock()
        self._waiting: dict[int, queue.Queue] = {}
        self._ids = itertools.count(1)
        # The prefix tells the app's other clients the answers are not theirs (kernel_controller).
        self._comm_id = f"dsstudio-variables-{uuid.uuid4().hex}"
        self.subshell_id: str | None = None
        self._reader: threading.Thread | None = None
        self._closed = threading.Event()

    # ---- Public API
    def open(self, timeout: float = 30.0) -> None:
        """Install the kernel side, take a subshell if the kernel has them, open the comm."""
        client = self._client
        info = client.kernel_info(reply=True, timeout=timeout)["content"]
        reply = self._silent_execute(install_code(), timeout)
        if reply["content"]["status"] != "ok":
            raise VariablesError(f"the kernel side could not be installed: "
                                 f"{reply['content'].get('evalue', '')}")
        if SUBSHELLS_FEATURE in info.get("supported_features", []):
            msg = client.session.msg("create_subshell_request", {})
            client.control_channel.send(msg)
            answer = self._reply(client.control_channel, msg, timeout)
            self.subshell_id = answer["content"].get("subshell_id")
        self._reader = threading.Thread(target=self._read, name="dsstudio-variables", daemon=True)
        self._reader.start()
        self._send("comm_open", {"comm_id": self._comm_id, "target_name": TARGET, "data": {}})

    def request(self, op: str, timeout: float = 30.0, **arguments) -> dict:
        """Ask the service; its result, or VariablesError with its message."""
        request_id = next(self._ids)
        answer: queue.Queue = queue.Queue(maxsize=1)
        self._waiting[request_id] = answer
        try:
            self._send("comm_msg", {"comm_id": self._comm_id,
                                    "data": {"id": request_id, "op": op, **arguments}})
            try:
                data = answer.get(timeout=timeout)
            except queue.Empty:
                raise VariablesError(f"the kernel did not answer within {timeout:.0f} s") from None
        finally:
            self._waiting.pop(request_id, None)
        if not data.get("ok"):
            raise VariablesError(data.get("error", "failed"))
        return data["result"]

    def close(self) -> None:
        """Close the comm (the kernel stops tracking) and stop the client."""
        if self._closed.is_set():
            return
        try:
            if self._reader is None:
                raise VariablesError("never opened")
            # Tracking stops first, answered: a comm_close sent to the subshell just before its
            # deletion could be dropped with it, leaving the per-cell hook in the kernel.
            self.request("unwatch", timeout=UNWATCH_TIMEOUT_S)
        except VariablesError:
            pass  # a kernel busy without subshells: the comm's close below ends tracking
        self._closed.set()
        try:
            self._send("comm_close", {"comm_id": self._comm_id, "data": {}}, main_shell=True)
            if self.subshell_id is not None:
                self._client.control_channel.send(self._client.session.msg(
                    "delete_subshell_request", {"subshell_id": self.subshell_id}))
        finally:
            if self._reader is not None:
                self._reader.join(2.0)
            self._client.stop_channels()

    # ---- Internals
    def _send(self, msg_type: str, content: dict, main_shell: bool = False) -> None:
        msg = self._client.session.msg(msg_type, content)
        if self.subshell_id is not None and not main_shell:
            msg["header"]["subshell_id"] = self.subshell_id
        with self._send_lock:
            self._client.shell_channel.send(msg)

    def _silent_execute(self, code: str, timeout: float) -> dict:
        msg = self._client.session.msg("execute_request", {
            "code": code, "silent": True, "store_history": False, "user_expressions": {},
            "allow_stdin": False, "stop_on_error": False})
        self._client.shell_channel.send(msg)
        return self._reply(self._client.shell_channel, msg, timeout)

    @staticmethod
    def _reply(channel, msg: dict, timeout: float) -> dict:
        msg_id = msg["header"]["msg_id"]
        while True:
            try:
                reply = channel.get_msg(timeout=timeout)
            except queue.Empty:
                raise VariablesError(f"the kernel did not answer within {timeout:.0f} s") from None
            if reply["parent_header"].get("msg_id") == msg_id:
                return reply

    def _read(self) -> None:
        while not self._closed.is_set():
            try:
                msg = self._client.get_iopub_msg(timeout=0.2)
            except queue.Empty:
                continue
            except Exception:  # noqa: BLE001 (channels stopped under us: the connection is over)
                return
            content = msg.get("content", {})
            if msg.get("msg_type") != "comm_msg" or content.get("comm_id") != self._comm_id:
                continue
            data = content.get("data", {})
            if "event" in data:
                self._on_event(data)
                continue
            waiting = self._waiting.get(data.get("id"))
            if waiting is not None:
                waiting.put(data)

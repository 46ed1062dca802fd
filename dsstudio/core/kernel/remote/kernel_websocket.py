"""One kernel's WebSocket on a Jupyter server (`api/kernels/{id}/channels`): every channel's
messages, both ways, on one connection.

The library is `websocket-client`: synchronous, one reader thread, which is what jupyter_client's
threaded clients (and qtconsole's) expect; jupyter_server itself depends on it, so a project
that can talk to a server already has it. The binary `v1.kernel.websocket.jupyter.org` framing is
used where the server offers it (no JSON re-encoding of buffers on the server; binary buffers
arrive as bytes), else the JSON framing every server speaks (Enterprise Gateway's included).
"""

from __future__ import annotations

import json
import ssl
import threading
import time
from collections.abc import Callable

from dsstudio.core.kernel.remote.server_address import ServerAddress

V1_PROTOCOL = "v1.kernel.websocket.jupyter.org"
CONNECT_TIMEOUT_S = 30.0
# After a drop, the connection is tried again for this long (a Wi-Fi change, a laptop waking, a
# proxy's idle cut); the server keeps the kernel's messages for the same session meanwhile.
RECONNECT_WINDOW_S = 30.0
RECONNECT_TIMEOUT_S = 5.0
RECONNECT_DELAYS_S = (0.1, 0.25, 0.5, 1.0, 2.0)
MESSAGE_PARTS = ("header", "parent_header", "metadata", "content")


def _json_default(value):
    from jupyter_client.jsonutil import json_default  # dates in headers, bytes, numpy scalars

    return json_default(value)


def encode_v1(channel: str, msg: dict) -> bytes:
    """A message in the v1 binary framing: offsets, then the channel name and the parts."""
    parts = [json.dumps(msg.get(part, {}), default=_json_default).encode("utf-8")
             for part in MESSAGE_PARTS] + [bytes(b) for b in msg.get("buffers", [])]
    name = channel.encode("utf-8")
    offsets = [8 * (len(parts) + 3)]
    offsets.append(offsets[-1] + len(name))
    for part in parts:
        offsets.append(offsets[-1] + len(part))
    head = len(offsets).to_bytes(8, "little") + b"".join(o.to_bytes(8, "little") for o in offsets)
    return head + name + b"".join(parts)


def decode_v1(data: bytes) -> tuple[str, dict]:
    count = int.from_bytes(data[:8], "little")
    offsets = [int.from_bytes(data[8 * (i + 1):8 * (i + 2)], "little") for i in range(count)]
    channel = data[offsets[0]:offsets[1]].decode("utf-8")
    parts = [data[offsets[i]:offsets[i + 1]] for i in range(1, count - 1)]
    msg = {name: json.loads(part) for name, part in zip(MESSAGE_PARTS, parts)}
    msg["buffers"] = [memoryview(part) for part in parts[len(MESSAGE_PARTS):]]
    return channel, _complete(msg)


def encode_json(channel: str, msg: dict) -> str:
    body = {part: msg.get(part, {}) for part in MESSAGE_PARTS}
    body["channel"] = channel
    body["buffers"] = []
    return json.dumps(body, default=_json_default)


def decode_json(text: str) -> tuple[str, dict]:
    msg = json.loads(text)
    return msg.pop("channel", "iopub"), _complete(msg)


def _complete(msg: dict) -> dict:
    """The shape jupyter_client's Session gives a received message (msg_id, msg_type on top)."""
    header = msg.get("header") or {}
    msg["msg_id"] = header.get("msg_id", "")
    msg["msg_type"] = header.get("msg_type", "")
    msg.setdefault("parent_header", {})
    msg.setdefault("metadata", {})
    msg.setdefault("content", {})
    return msg


class KernelWebSocket:
    """The connection; `on_message(channel, msg)` is called on the reader thread.

    A connection that drops is made again with the same session id, so the server hands over
    what the kernel said meanwhile (a running cell's output is not lost); `on_state` hears
    "reconnecting" and then "connected". When that fails for RECONNECT_WINDOW_S, or the server
    no longer has the kernel, `on_closed(reason)` is called once. `kernel_id` may be a callable:
    a kernel restarted as a new one on the server is followed."""

    def __init__(self, address: ServerAddress, kernel_id, session_id: str,
                 on_message: Callable[[str, dict], None],
                 on_closed: Callable[[str], None] | None = None,
                 on_state: Callable[[str], None] | None = None) -> None:
        self.address = address
        self._kernel_id = kernel_id
        # The same session id on every connection: the server then replays what it buffered for
        # this session while it was disconnected.
        self.session_id = session_id
        self._on_message = on_message
        self._on_closed = on_closed
        self._on_state = on_state
        self.last_execution_state = ""  # the kernel's last status as heard here
        self._socket = None
        self._reader: threading.Thread | None = None
        self._send_lock = threading.Lock()
        self._closing = False
        self.protocol = ""

    # ---- Public API
    @property
    def kernel_id(self) -> str:
        return self._kernel_id() if callable(self._kernel_id) else self._kernel_id

    def connect(self, timeout: float = CONNECT_TIMEOUT_S) -> None:
        """Open the WebSocket (raises OSError or websocket's errors when it cannot)."""
        import websocket

        options = {}
        if not self.address.verify_tls:
            options["sslopt"] = {"cert_reqs": ssl.CERT_NONE, "check_hostname": False}
        url = self.address.websocket_endpoint(f"api/kernels/{self.kernel_id}/channels",
                                              {"session_id": self.session_id})
        headers = [f"{k}: {v}" for k, v in self.address.auth_headers().items()]
        self._closing = False
        socket = websocket.create_connection(
            url, timeout=timeout, header=headers, subprotocols=[V1_PROTOCOL], **options)
        if self._closing:  # closed while connecting
            socket.close()
            return
        self._socket = socket
        self._socket.settimeout(None)  # the reader waits for as long as the kernel is quiet
        self.protocol = self._socket.getsubprotocol() or ""
        self._reader = threading.Thread(target=self._read, name="dsstudio-kernel-websocket",
                                        daemon=True)
        self._reader.start()

    @property
    def connected(self) -> bool:
        return self._socket is not None and self._socket.connected

    def send(self, channel: str, msg: dict) -> None:
        """Send `msg` (a jupyter_client message dict) on `channel`; OSError when disconnected."""
        import websocket

        socket = self._socket
        if socket is None:
            raise ConnectionError("the kernel's WebSocket is not connected")
        with self._send_lock:
            try:
                if self.protocol == V1_PROTOCOL:
                    socket.send(encode_v1(channel, msg), opcode=websocket.ABNF.OPCODE_BINARY)
                else:
                    socket.send(encode_json(channel, msg))
            except websocket.WebSocketException as error:
                raise ConnectionError(str(error)) from None

    def close(self) -> None:
        self._closing = True
        socket, self._socket = self._socket, None
        if socket is not None:
            try:
                socket.close(timeout=1)
            except Exception:  # noqa: BLE001 (already broken: closed is what we wanted)
                pass

    # ---- Internals
    def _read(self) -> None:
        import websocket

        socket = self._socket
        reason = "closed by the server"
        while True:
            try:
                opcode, data = socket.recv_data()
            except (websocket.WebSocketException, OSError) as error:
                reason = str(error) or type(error).__name__
                break
            if opcode == websocket.ABNF.OPCODE_CLOSE:
                break
            try:
                if opcode == websocket.ABNF.OPCODE_BINARY and self.protocol == V1_PROTOCOL:
                    channel, msg = decode_v1(data)
                elif opcode == websocket.ABNF.OPCODE_TEXT:
                    channel, msg = decode_json(data.decode("utf-8"))
                else:
                    continue  # legacy binary frames (buffers outside v1): not used by dsstudio
            except (ValueError, UnicodeDecodeError, IndexError):
                continue  # a frame we cannot read must not end the connection
            if channel == "iopub" and msg["msg_type"] == "status":
                self.last_execution_state = msg["content"].get("execution_state", "")
            self._on_message(channel, msg)
        if self._closing or socket is not self._socket:
            return
        self._socket = None
        if not self._reconnect():
            self._report_state("")
            if self._on_closed is not None:
                self._on_closed(reason)

    def _reconnect(self) -> bool:
        """Connect again (same session); True once connected, False when it cannot be."""
        import websocket

        self._report_state("reconnecting")
        deadline = time.monotonic() + RECONNECT_WINDOW_S
        attempt = 0
        while not self._closing and time.monotonic() < deadline:
            try:
                self.connect(timeout=RECONNECT_TIMEOUT_S)
            except websocket.WebSocketBadStatusException as error:
                if error.status_code in (401, 403, 404):
                    return False  # the kernel (or our access) is gone: trying again changes nothing
            except (websocket.WebSocketException, OSError):
                pass  # the server is not reachable (yet): try again
            else:
                self._report_state("connected")
                return True
            time.sleep(RECONNECT_DELAYS_S[min(attempt, len(RECONNECT_DELAYS_S) - 1)])
            attempt += 1
        return False

    def _report_state(self, state: str) -> None:
        if self._on_state is not None:
            self._on_state(state)

"""Real Jupyter servers on loopback for the remote-kernel tests, started and stopped by them."""

from __future__ import annotations

import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

START_TIMEOUT_S = 60.0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class RunningServer:
    url: str
    token: str
    root: Path
    port: int
    process: subprocess.Popen | None
    argv: list[str]
    log: Path
    ready_path: str = "api/status"

    @property
    def url_with_token(self) -> str:
        return f"{self.url}?token={self.token}"

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)
        self.process = None

    def start(self) -> None:
        """Start (again, on the same port, token and root)."""
        with open(self.log, "ab") as log:
            self.process = subprocess.Popen(self.argv, stdout=log, stderr=subprocess.STDOUT,
                                            stdin=subprocess.DEVNULL, cwd=self.root)
        deadline = time.monotonic() + START_TIMEOUT_S
        request = urllib.request.Request(f"{self.url}{self.ready_path}",
                                         headers={"Authorization": f"token {self.token}"})
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the server exited: {self.log.read_text()[-2000:]}")
            try:
                with urllib.request.urlopen(request, timeout=2):
                    return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError(f"the server did not answer: {self.log.read_text()[-2000:]}")


def jupyter_server(root: Path, log: Path) -> RunningServer:
    """A jupyter_server serving `root` (not the project folder), with a token."""
    port, token = free_port(), secrets.token_hex(16)
    argv = [sys.executable, "-m", "jupyter_server", "--no-browser", "--allow-root", "--ServerApp.ip=127.0.0.1",
            f"--ServerApp.port={port}", "--ServerApp.port_retries=0",
            f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={root}",
            # A kernel buffers its messages for a client that went away, and replays them to
            # the same session when it comes back (the reconnect tests rely on it).
            "--ZMQChannelsWebsocketConnection.limit_rate=False"]
    server = RunningServer(f"http://127.0.0.1:{port}/", token, root, port, None, argv, log)
    os.makedirs(root, exist_ok=True)
    server.start()
    return server


def enterprise_gateway(python: Path, workdir: Path, log: Path) -> RunningServer:
    """Jupyter Enterprise Gateway (local process proxy) from the environment of `python`: it
    pins jupyter_client 6 and jupyter_server 1, so it cannot share dsstudio's environment.
    It serves kernels only (no Contents API)."""
    port, token = free_port(), secrets.token_hex(16)
    gateway = Path(python).parent / "jupyter-enterprisegateway"
    argv = [str(gateway), "--ip=127.0.0.1", f"--port={port}", "--port_retries=0",
            f"--EnterpriseGatewayApp.auth_token={token}",
            # Its default refuses kernels to root, which tests in containers are.
            "--EnterpriseGatewayApp.unauthorized_users=nobody"]
    os.makedirs(workdir, exist_ok=True)
    server = RunningServer(f"http://127.0.0.1:{port}/", token, workdir, port, None, argv, log,
                           ready_path="api/kernelspecs")
    server.start()
    return server

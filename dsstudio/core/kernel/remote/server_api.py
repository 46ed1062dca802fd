"""The REST API of a Jupyter Server (and of Enterprise Gateway, which speaks the same): kernel
specs, kernels and the Contents API, over `urllib` (no extra dependency, certificates verified
unless the user chose otherwise).

Errors become `ServerError` with a sentence for the user; the token, sent in the Authorization
header, never appears in one.
"""

from __future__ import annotations

import json
import ssl
import urllib.error
import urllib.request
from urllib.parse import quote

from dsstudio.core.kernel.remote.server_address import ServerAddress

REQUEST_TIMEOUT_S = 30.0


class ServerError(Exception):
    """The server could not be reached or refused a request; the message is for the user."""

    def __init__(self, message: str, status: int | None = None) -> None:
        super().__init__(message)
        self.status = status


class ServerApi:
    """One server's REST endpoints."""

    def __init__(self, address: ServerAddress, timeout: float = REQUEST_TIMEOUT_S) -> None:
        self.address = address
        self.timeout = timeout
        context = ssl.create_default_context()
        if not address.verify_tls:
            context.check_hostname = False
            context.verify_mode = ssl.CERT_NONE
        self._opener = urllib.request.build_opener(urllib.request.HTTPSHandler(context=context))

    # ---- Public API
    def request(self, method: str, path: str, body: dict | None = None) -> dict | list | None:
        """The decoded JSON answer of `method path` (None for an empty answer)."""
        data = json.dumps(body).encode("utf-8") if body is not None else None
        headers = {"Content-Type": "application/json", **self.address.auth_headers()}
        request = urllib.request.Request(self.address.endpoint(path), data=data, method=method,
                                         headers=headers)
        try:
            with self._opener.open(request, timeout=self.timeout) as response:
                raw = response.read()
        except urllib.error.HTTPError as error:
            raise ServerError(self._refusal(method, path, error), error.code) from None
        except (urllib.error.URLError, OSError) as error:
            reason = getattr(error, "reason", error)
            raise ServerError(f"The Jupyter server at {self.address} cannot be reached: {reason}") from None
        return json.loads(raw) if raw else None

    def kernelspecs(self) -> dict:
        """{"default": name, "kernelspecs": {name: {"spec": {"display_name", ...}}}}."""
        return self.request("GET", "api/kernelspecs")

    def kernels(self) -> list[dict]:
        return self.request("GET", "api/kernels")

    def kernel(self, kernel_id: str) -> dict:
        return self.request("GET", f"api/kernels/{quote(kernel_id)}")

    def start_kernel(self, name: str | None = None, path: str | None = None) -> dict:
        """Start a kernel (`path`: its working folder, relative to the server's root)."""
        body: dict = {}
        if name:
            body["name"] = name
        if path is not None:
            body["path"] = path
        return self.request("POST", "api/kernels", body)

    def interrupt_kernel(self, kernel_id: str) -> None:
        self.request("POST", f"api/kernels/{quote(kernel_id)}/interrupt")

    def restart_kernel(self, kernel_id: str) -> dict:
        return self.request("POST", f"api/kernels/{quote(kernel_id)}/restart")

    def shutdown_kernel(self, kernel_id: str) -> None:
        self.request("DELETE", f"api/kernels/{quote(kernel_id)}")

    # ---- Internals
    def _refusal(self, method: str, path: str, error: urllib.error.HTTPError) -> str:
        try:
            body = json.loads(error.read())
        except (ValueError, AttributeError, OSError):
            body = {}
        detail = body.get("reason") or body.get("message") or ""
        # A refusal with a reason (Enterprise Gateway: "User 'root' is not authorized to start
        # kernel ...") says it; one without (jupyter_server's bare "Forbidden") is the token.
        if error.code == 401 or error.code == 403 and not body.get("reason"):
            return (f"The Jupyter server at {self.address} refused the token "
                    f"(HTTP {error.code}): check it, or get a new one from the server")
        return (f"The Jupyter server at {self.address} answered {method} {path} with HTTP "
                f"{error.code}" + (f": {detail}" if detail else ""))

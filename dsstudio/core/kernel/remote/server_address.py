"""Where a Jupyter server is and how to authenticate: read from the URL Jupyter prints.

`jupyter server` prints `http://127.0.0.1:8888/?token=abc`; JupyterHub user servers live under a
prefix (`https://hub.example.org/user/ana/`). The token comes from the URL, else from
`JUPYTER_TOKEN` (the variable Jupyter itself reads). It is kept out of `url` and of `str()`, so
that an address printed in a log or an error message never carries it.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from urllib.parse import parse_qs, urlencode, urlsplit, urlunsplit


class ServerAddressError(ValueError):
    """The text is not a server URL; the message says why, for the user."""


@dataclass(frozen=True)
class ServerAddress:
    url: str
    """The server's base URL without the token, ending with "/" (`http://host:8888/user/ana/`)."""
    token: str = field(default="", repr=False)
    verify_tls: bool = True
    """False only by the user's explicit choice (a server with a self-signed certificate)."""

    def __str__(self) -> str:
        return self.url

    def endpoint(self, path: str) -> str:
        """The full http(s) URL of `path` (relative to the base URL, e.g. "api/kernels")."""
        return self.url + path.lstrip("/")

    def websocket_endpoint(self, path: str, query: dict[str, str] | None = None) -> str:
        parts = urlsplit(self.endpoint(path))
        scheme = "wss" if parts.scheme == "https" else "ws"
        return urlunsplit((scheme, parts.netloc, parts.path, urlencode(query or {}), ""))

    def auth_headers(self) -> dict[str, str]:
        return {"Authorization": f"token {self.token}"} if self.token else {}


def parse_server_url(text: str, environ: dict[str, str] | None = None,
                     verify_tls: bool = True) -> ServerAddress:
    """The address in `text` (`http://host:port/?token=...`, or a base URL with the token in
    `JUPYTER_TOKEN`)."""
    environ = os.environ if environ is None else environ
    text = text.strip()
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ServerAddressError(f"Not a Jupyter server URL (http:// or https:// and a host): {text!r}")
    query = parse_qs(parts.query)
    token = (query.get("token") or [""])[0] or environ.get("JUPYTER_TOKEN", "")
    path = parts.path
    # The URL Jupyter prints for a notebook or JupyterLab page points inside the server.
    for page in ("/lab", "/tree", "/notebooks"):
        if page in path:
            path = path[:path.index(page)]
    if not path.endswith("/"):
        path += "/"
    return ServerAddress(urlunsplit((parts.scheme, parts.netloc, path, "", "")), token, verify_tls)

"""The running app's side of single-instance: take paths from later launches (QLocalServer)."""

from __future__ import annotations

import json

from PySide6.QtCore import QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

from dsstudio.core.app.single_instance import server_address


class InstanceServer(QObject):
    sig_open_paths = Signal(list)
    """Another launch asked to open these paths (absolute)."""

    def __init__(self, parent: QObject | None = None, address: str | None = None) -> None:
        super().__init__(parent)
        self.address = address or server_address()
        self._server = QLocalServer(self)
        self._server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self._server.newConnection.connect(self._on_connection)
        self._buffers: dict[QLocalSocket, bytes] = {}

    def listen(self) -> bool:
        """Start listening; a socket left by a crashed app is removed first (the caller has
        already found nobody answering on it)."""
        if self._server.listen(self.address):
            return True
        QLocalServer.removeServer(self.address)
        return self._server.listen(self.address)

    def close(self) -> None:
        self._server.close()

    def _on_connection(self) -> None:
        while self._server.hasPendingConnections():
            connection = self._server.nextPendingConnection()
            self._buffers[connection] = b""
            connection.readyRead.connect(lambda c=connection: self._on_ready_read(c))
            connection.disconnected.connect(lambda c=connection: self._forget(c))

    def _on_ready_read(self, connection: QLocalSocket) -> None:
        data = self._buffers.get(connection, b"") + bytes(connection.readAll())
        self._buffers[connection] = data
        if not data.endswith(b"\n"):
            return
        try:
            paths = json.loads(data.decode("utf-8"))["paths"]
            if not isinstance(paths, list) or not all(isinstance(p, str) for p in paths):
                raise ValueError("paths must be a list of strings")
        except (ValueError, KeyError, TypeError, UnicodeDecodeError):
            connection.write(b"error\n")
        else:
            connection.write(b"ok\n")
            self.sig_open_paths.emit(paths)
        connection.flush()
        connection.disconnectFromServer()

    def _forget(self, connection: QLocalSocket) -> None:
        self._buffers.pop(connection, None)
        connection.deleteLater()

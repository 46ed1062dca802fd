"""Kernel > Connect to Jupyter Server…: a server's URL and token, its kernels, and the choice.

The URL may be pasted as Jupyter prints it (`http://host:8888/?token=...`): the token moves to
its own field, shown as dots. A server with a self-signed certificate needs the box ticked;
without it the certificate is verified. Nothing is remembered until the user presses Connect.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QCheckBox, QComboBox, QDialog, QDialogButtonBox, QFormLayout,
                               QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget)

from dsstudio.core.kernel.remote.server_address import (ServerAddress, ServerAddressError,
                                                        parse_server_url)
from dsstudio.core.kernel.remote.server_api import ServerApi, ServerError

LIST_TIMEOUT_S = 10.0


class RemoteConnectDialog(QDialog):
    """Asks for a server and a kernel on it; `address()` and `kernel()` once accepted."""

    def __init__(self, url: str = "", token: str = "", verify_tls: bool = True,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Connect to Jupyter Server")
        self.url_edit = QLineEdit(url)
        self.url_edit.setPlaceholderText("http://host:8888/  (JupyterHub: https://hub/user/name/)")
        self.token_edit = QLineEdit(token)
        self.token_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.token_edit.setPlaceholderText("kept in the system keyring, never in the project")
        self.self_signed = QCheckBox("Trust this server's certificate without verifying it "
                                     "(self-signed)")
        self.self_signed.setChecked(not verify_tls)
        self.list_button = QPushButton("List Kernels")
        self.kernels = QComboBox()
        self.kernels.setEnabled(False)
        self.message = QLabel("")
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        form = QFormLayout()
        form.addRow("Server URL:", self.url_edit)
        form.addRow("Token:", self.token_edit)
        form.addRow("", self.self_signed)
        form.addRow(self.list_button, self.kernels)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.connect_button = self.buttons.addButton("Connect",
                                                     QDialogButtonBox.ButtonRole.AcceptRole)
        self.connect_button.setEnabled(False)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.url_edit.editingFinished.connect(self._take_token_from_url)
        self.url_edit.textChanged.connect(self._forget_list)
        self.token_edit.textChanged.connect(self._forget_list)
        self.list_button.clicked.connect(self.list_kernels)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.resize(560, self.sizeHint().height())

    # ---- Public API
    def address(self) -> ServerAddress:
        """The server as typed (raises ServerAddressError for a URL that is not one)."""
        parsed = parse_server_url(self.url_edit.text(), environ={},
                                  verify_tls=not self.self_signed.isChecked())
        return ServerAddress(parsed.url, self.token_edit.text().strip() or parsed.token,
                             parsed.verify_tls)

    def kernel(self) -> tuple[str, str | None]:
        """(kernelspec name, id of a running kernel to attach to or None) chosen in the list."""
        return self.kernels.currentData() or ("", None)

    def list_kernels(self) -> bool:
        """Ask the server for its kernelspecs and running kernels; False (said why) if it fails."""
        self._take_token_from_url()
        self._forget_list()
        try:
            api = ServerApi(self.address(), timeout=LIST_TIMEOUT_S)
            specs = api.kernelspecs()
            running = api.kernels()
        except (ServerAddressError, ServerError) as error:
            self.message.setText(str(error))
            return False
        default = specs.get("default", "")
        for name, spec in sorted(specs.get("kernelspecs", {}).items(), key=lambda i: i[0] != default):
            display = spec.get("spec", {}).get("display_name", name)
            self.kernels.addItem(f"Start a new {display} kernel", (name, None))
        for model in running:
            state = model.get("execution_state", "")
            self.kernels.addItem(f"Attach to the running {model.get('name')} kernel "
                                 f"{model['id'][:8]} ({state})", (model.get("name", ""), model["id"]))
        self.kernels.setEnabled(True)
        self.connect_button.setEnabled(self.kernels.count() > 0)
        self.message.setText(f"{len(specs.get('kernelspecs', {}))} kernel types, "
                             f"{len(running)} running on {self.address()}.")
        return True

    # ---- Internals
    def _take_token_from_url(self) -> None:
        """A pasted URL with ?token=: the token goes to its field, out of sight."""
        try:
            parsed = parse_server_url(self.url_edit.text(), environ={})
        except ServerAddressError:
            return
        if parsed.token:
            self.token_edit.setText(parsed.token)
            self.url_edit.setText(parsed.url)

    def _forget_list(self) -> None:
        self.kernels.clear()
        self.kernels.setEnabled(False)
        self.connect_button.setEnabled(False)

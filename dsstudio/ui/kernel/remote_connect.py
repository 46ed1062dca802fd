"""The Connect to Jupyter Server command: ask (RemoteConnectDialog), remember (the URL in the
`.dsproj` file, the token in the keyring), and reopen the project on the server's kernel.

The project reopens in a fresh window because every part of a window (console, notebooks, live
reload, code help) holds the kernel's client; the window closing asks about unsaved work first,
as closing it always does.
"""

from __future__ import annotations

from PySide6.QtWidgets import QApplication, QMessageBox

from dsstudio.core.kernel.remote.server_choice import (ServerChoice, read_server_choice,
                                                       save_server_choice, store_token, stored_token)
from dsstudio.core.project.project_file import ProjectFileError
from dsstudio.ui.kernel.remote_connect_dialog import RemoteConnectDialog


def connect_to_server(window) -> None:
    """Kernel > Connect to Jupyter Server… on `window`'s project."""
    root = window.project_root
    if root is None:
        return
    choice = read_server_choice(root)
    url = choice.url if choice else ""
    dialog = RemoteConnectDialog(url, stored_token(url) if url else "",
                                 choice.verify_tls if choice else True, window)
    if dialog.exec() != RemoteConnectDialog.DialogCode.Accepted:
        return
    address = dialog.address()
    kernel_name, kernel_id = dialog.kernel()
    try:
        save_server_choice(root, ServerChoice(address.url, kernel_name, address.verify_tls))
    except ProjectFileError as error:
        QMessageBox.warning(window, "Connect to Jupyter Server", str(error))
        return
    if not store_token(address.url, address.token):
        QMessageBox.information(window, "Connect to Jupyter Server",
                                "No system keyring is available, so the token is not remembered: "
                                "set JUPYTER_TOKEN, or enter it again next time.")
    from dsstudio.core.kernel.remote.remote_session import RemoteKernelSession

    session = RemoteKernelSession(root, address, kernel_name, kernel_id)
    reopen_on(window, session)


def reopen_on(window, session) -> None:
    """Close `window` and open its project again on `session` (a started-in-background one)."""
    opener, root = window.project_opener, window.project_root
    app = QApplication.instance()
    quits = app.quitOnLastWindowClosed()
    app.setQuitOnLastWindowClosed(False)  # the project's new window follows at once

    def reopen(_obj=None) -> None:
        app.setQuitOnLastWindowClosed(quits)
        session.start_in_background()
        opener(root, None, session)

    window.destroyed.connect(reopen)
    if not window.close():
        window.destroyed.disconnect(reopen)
        app.setQuitOnLastWindowClosed(quits)

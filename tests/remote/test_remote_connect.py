"""Kernel > Connect to Jupyter Server…: the dialog, the URL in .dsproj, the token in the keyring."""

from __future__ import annotations

from pathlib import Path

import keyring
import pytest

from dsstudio.core.kernel.remote.server_choice import (KEYRING_SERVICE, ServerChoice,
                                                       choice_address, read_server_choice,
                                                       save_server_choice, store_token)
from dsstudio.ui.kernel.remote_connect_dialog import RemoteConnectDialog
from tests.remote.file_keyring import FileKeyring


@pytest.fixture
def file_keyring(tmp_path):
    previous = keyring.get_keyring()
    backend = FileKeyring(tmp_path / "keyring.json")
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


def test_the_url_goes_in_the_project_file_and_the_token_only_in_the_keyring(tmp_path, file_keyring):
    root = tmp_path / "proj"
    root.mkdir()
    (root / "proj.dsproj").write_text("# mine\n[dsstudio]\nformat = 1\nreload_on_save = false\n")
    save_server_choice(root, ServerChoice("https://hub.example.org/user/ana/", "python3"))
    assert store_token("https://hub.example.org/user/ana/", "tok-123")
    text = (root / "proj.dsproj").read_text()
    assert "# mine" in text and "reload_on_save = false" in text  # the user's file kept
    assert 'jupyter_server = "https://hub.example.org/user/ana/"' in text and "tok-123" not in text
    choice = read_server_choice(root)
    assert choice == ServerChoice("https://hub.example.org/user/ana/", "python3", True)
    address = choice_address(choice)
    assert address.token == "tok-123" and address.verify_tls
    assert file_keyring.get_password(KEYRING_SERVICE, "https://hub.example.org/user/ana/") == "tok-123"
    save_server_choice(root, None)
    assert read_server_choice(root) is None and "# mine" in (root / "proj.dsproj").read_text()


def test_a_self_signed_server_is_trusted_only_when_chosen(tmp_path, file_keyring):
    root = tmp_path / "proj"
    root.mkdir()
    save_server_choice(root, ServerChoice("https://box:8888/", "", verify_tls=False))
    assert 'jupyter_certificate = "self-signed"' in (root / "proj.dsproj").read_text()
    assert choice_address(read_server_choice(root)).verify_tls is False


def test_the_dialog_lists_the_servers_kernels_and_hides_a_pasted_token(qtbot, server):
    dialog = RemoteConnectDialog()
    qtbot.addWidget(dialog)
    dialog.url_edit.setText(server.url_with_token)
    dialog.url_edit.editingFinished.emit()
    assert dialog.url_edit.text() == server.url and dialog.token_edit.text() == server.token
    assert dialog.list_kernels()
    assert dialog.kernels.count() >= 1 and dialog.connect_button.isEnabled()
    assert dialog.kernel() == ("python3", None)
    assert dialog.address().token == server.token


def test_the_dialog_says_why_a_wrong_token_fails(qtbot, server):
    dialog = RemoteConnectDialog(server.url, "not-the-token")
    qtbot.addWidget(dialog)
    assert not dialog.list_kernels()
    assert "refused the token" in dialog.message.text() and not dialog.connect_button.isEnabled()


def test_a_project_that_names_a_server_opens_on_a_kernel_there(tmp_path, server, file_keyring):
    from dsstudio.app import start_kernel_session
    from dsstudio.core.kernel.remote.remote_session import RemoteKernelSession

    root = tmp_path / "proj"
    root.mkdir()
    (root / "models.py").write_text("NAME = 'mirrored'\n")
    save_server_choice(root, ServerChoice(server.url))
    store_token(server.url, server.token)
    session = start_kernel_session(root)
    try:
        assert isinstance(session, RemoteKernelSession)
        session.wait_ready()
        assert session.execute("import models; print(models.NAME)")["stdout"] == "mirrored\n"
        assert "127.0.0.1" in session.launch.label and "files mirrored" in session.launch.label
    finally:
        session.shutdown()

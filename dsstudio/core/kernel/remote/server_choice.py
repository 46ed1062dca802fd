"""Where a project's Jupyter server is remembered: its URL (never the token) in the `.dsproj`
file, the token in the system keyring (`keyring`: macOS Keychain, Windows Credential Locker,
the Secret Service on Linux), so neither a committed project file nor a log ever holds it.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import NamedTuple

from dsstudio.core.project.project_file import (
    SUFFIX,
    ProjectFileError,
    find_project_file,
    read_project_file,
    write_project_file,
)

KEYRING_SERVICE = "dsstudio-jupyter-server"
SELF_SIGNED = "self-signed"  # `jupyter_certificate`'s one value: the user trusts it unverified


# A NamedTuple, and the address module imported only when connecting: the app reads the choice
# before its first paint, when nothing more than needed is imported.
class ServerChoice(NamedTuple):
    url: str
    kernel_name: str = ""  # a kernelspec on the server ("" = the server's default)
    verify_tls: bool = True


def read_server_choice(root: Path) -> ServerChoice | None:
    """The project's server, if its project file names one (an unreadable file: none)."""
    path = find_project_file(Path(root))
    if path is None:
        return None
    try:
        settings = read_project_file(path)
    except ProjectFileError:
        return None
    url = settings.get("jupyter_server")
    if not url:
        return None
    # Certificates are verified unless the user chose to trust a self-signed one.
    return ServerChoice(url, settings.get("jupyter_kernel", ""),
                        settings.get("jupyter_certificate") != SELF_SIGNED)


def save_server_choice(root: Path, choice: ServerChoice | None) -> Path:
    """Write the choice into the project file (made if the project has none); None forgets it.

    Raises ProjectFileError when the file cannot be written (it is never replaced by one that
    loses what the user wrote in it)."""
    root = Path(root)
    path = find_project_file(root) or root / f"{root.name}{SUFFIX}"
    keys = ("jupyter_server", "jupyter_kernel", "jupyter_certificate")
    if choice is None:
        write_project_file(path, {}, remove=keys)
        return path
    values: dict = {"jupyter_server": choice.url}
    if choice.kernel_name:
        values["jupyter_kernel"] = choice.kernel_name
    if not choice.verify_tls:
        values["jupyter_certificate"] = SELF_SIGNED
    remove = tuple(k for k in keys[1:] if k not in values)
    write_project_file(path, values, remove=remove)
    return path


def stored_token(url: str) -> str:
    """The token kept for `url` in the keyring ("" if none, or no keyring works here)."""
    try:
        import keyring
        from keyring.errors import KeyringError

        return keyring.get_password(KEYRING_SERVICE, url) or ""
    except (ImportError, RuntimeError, KeyringError):
        return ""


def store_token(url: str, token: str) -> bool:
    """Keep `token` for `url` in the keyring; False when no keyring can hold it here."""
    try:
        import keyring
        from keyring.errors import KeyringError

        if token:
            keyring.set_password(KEYRING_SERVICE, url, token)
        elif keyring.get_password(KEYRING_SERVICE, url) is not None:
            keyring.delete_password(KEYRING_SERVICE, url)
        return True
    except (ImportError, RuntimeError, KeyringError):
        return False


def choice_address(choice: ServerChoice):
    """The ServerAddress to connect with: the URL, the keyring's token (else JUPYTER_TOKEN)."""
    from dsstudio.core.kernel.remote.server_address import ServerAddress, parse_server_url

    address = parse_server_url(choice.url, verify_tls=choice.verify_tls)
    token = stored_token(address.url) or address.token or os.environ.get("JUPYTER_TOKEN", "")
    return ServerAddress(address.url, token, choice.verify_tls)

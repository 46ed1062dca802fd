from __future__ import annotations

import pytest

from tests.remote.jupyter_servers import jupyter_server


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """A jupyter_server whose root folder is not the project folder (nothing shared by disk)."""
    base = tmp_path_factory.mktemp("server")
    running = jupyter_server(base / "root", base / "server.log")
    yield running
    running.stop()

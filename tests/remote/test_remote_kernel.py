"""A project kernel on a real jupyter_server on loopback, reached over REST and its WebSocket."""

from __future__ import annotations

import json
import queue
from pathlib import Path

import nbformat
import pytest

from dsstudio.core.kernel.remote.remote_session import RemoteKernelSession
from dsstudio.core.kernel.remote.server_address import ServerAddressError, parse_server_url
from dsstudio.core.kernel.session import KernelError
from dsstudio.core.notebook.run import run_notebook


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    root.mkdir()
    (root / "app.dsproj").write_text("{}\n")
    return root


@pytest.fixture
def remote(server, project):
    session = RemoteKernelSession(project, parse_server_url(server.url_with_token))
    session.start()
    yield session
    session.shutdown()


def test_the_token_comes_from_the_url_or_jupyter_token_and_is_never_shown():
    address = parse_server_url("http://127.0.0.1:8888/lab/tree/x.ipynb?token=s3cret", environ={})
    assert address.url == "http://127.0.0.1:8888/" and address.token == "s3cret"
    assert "s3cret" not in str(address) and "s3cret" not in repr(address)
    hub = parse_server_url("https://hub.example.org/user/ana", environ={"JUPYTER_TOKEN": "t"})
    assert hub.url == "https://hub.example.org/user/ana/" and hub.token == "t" and hub.verify_tls
    assert hub.websocket_endpoint("api/kernels/k/channels").startswith("wss://hub.example.org/user/ana/")
    with pytest.raises(ServerAddressError):
        parse_server_url("127.0.0.1:8888", environ={})


def test_code_runs_in_the_servers_kernel_over_the_websocket(remote, server, project):
    result = remote.execute("import os, sys; print(os.getcwd()); print(sys.executable); 6 * 7")
    assert result["status"] == "ok" and result["data"] == [{"text/plain": "42"}]
    # The kernel works in the server's root, not in the project (nothing is shared by disk).
    assert Path(result["stdout"].splitlines()[0]).resolve() == server.root.resolve()
    client = remote.client()
    try:
        assert client.link.protocol == "v1.kernel.websocket.jupyter.org"
    finally:
        client.stop_channels()


def test_binary_buffers_and_non_ascii_text_survive_the_websocket(remote):
    result = remote.execute("print('état ✓ 数据'); from IPython.display import display; "
                            "display({'application/json': {'x': [1, 2]}}, raw=True)")
    assert result["stdout"] == "état ✓ 数据\n"
    assert result["data"] == [{"application/json": {"x": [1, 2]}}]


def test_a_wrong_token_is_a_clear_message_without_the_token(server, project):
    session = RemoteKernelSession(project, parse_server_url(f"{server.url}?token=wrong-token-123"))
    with pytest.raises(KernelError) as raised:
        session.start()
    assert "refused the token" in str(raised.value) and "wrong-token-123" not in str(raised.value)


def test_a_server_that_is_not_there_is_a_clear_message_not_a_hang(project):
    from tests.remote.jupyter_servers import free_port

    session = RemoteKernelSession(project, parse_server_url(f"http://127.0.0.1:{free_port()}/?token=t"))
    with pytest.raises(KernelError, match="cannot be reached"):
        session.start()


def test_interrupt_and_restart_through_the_server(remote):
    client = remote.client()
    try:
        client.execute("print('sleeping', flush=True); import time; time.sleep(60)")
        while client.get_iopub_msg(timeout=20)["msg_type"] != "stream":
            pass
        # (An interrupt that lands between the print and the sleep is asked again.)
        for _attempt in range(10):
            remote.interrupt()
            try:
                reply = client.get_shell_msg(timeout=3)
                break
            except queue.Empty:
                continue
        assert reply["content"]["ename"] == "KeyboardInterrupt"
    finally:
        client.stop_channels()
    remote.execute("marker = 1")
    remote.restart()
    assert remote.execute("print('marker' in dir())")["stdout"] == "False\n"


def test_dsstudio_run_on_a_server(server, project, monkeypatch):
    notebook = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_code_cell("import os\nprint('hello from', os.getcwd())"),
        nbformat.v4.new_code_cell("21 * 2")])
    path = project / "analysis.ipynb"
    nbformat.write(notebook, path)
    monkeypatch.setenv("JUPYTER_TOKEN", server.token)  # the token as Jupyter's own variable
    assert run_notebook(path, inplace=True, server=parse_server_url(server.url)) == 0
    cells = json.loads(path.read_text())["cells"]
    assert cells[0]["outputs"][0]["text"] == [f"hello from {server.root}\n"]
    assert cells[1]["outputs"][0]["data"] == {"text/plain": ["42"]}
    # nbclient shut the kernel down on the server when the run ended.
    from dsstudio.core.kernel.remote.server_api import ServerApi

    assert ServerApi(parse_server_url(server.url_with_token)).kernels() == []


def test_dsstudio_run_with_an_unreachable_server_says_so(project):
    import io

    from tests.remote.jupyter_servers import free_port

    path = project / "a.ipynb"
    nbformat.write(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("1")]), path)
    log = io.StringIO()
    status = run_notebook(path, log=log,
                          server=parse_server_url(f"http://127.0.0.1:{free_port()}/?token=t"))
    assert status == 1
    assert "cannot be reached" in log.getvalue()

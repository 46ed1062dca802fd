"""The app's GUI-thread client on a server's kernel: what the console and notebooks use."""

from __future__ import annotations

import pytest

from dsstudio.core.kernel.remote.remote_session import RemoteKernelSession
from dsstudio.core.kernel.remote.server_address import parse_server_url
from dsstudio.ui.kernel.kernel_controller import KernelController

WAIT_MS = 60_000


@pytest.fixture
def controller(qtbot, server, tmp_path):
    session = RemoteKernelSession(tmp_path, parse_server_url(server.url_with_token))
    controller = KernelController(session)
    controller.start()
    qtbot.waitUntil(lambda: controller.state == "idle", timeout=WAIT_MS)
    yield controller
    controller.shutdown()


def test_the_console_client_runs_code_and_receives_its_output(qtbot, controller):
    client = controller.create_client()
    seen: list[dict] = []
    client.iopub_channel.message_received.connect(seen.append)
    replies: list[dict] = []
    client.shell_channel.message_received.connect(replies.append)
    msg_id = client.execute("for i in range(3): print('line', i, flush=True)")
    qtbot.waitUntil(lambda: any(r["parent_header"].get("msg_id") == msg_id for r in replies),
                    timeout=WAIT_MS)
    qtbot.waitUntil(lambda: controller.state == "idle" and any(
        m["msg_type"] == "status" and m["content"]["execution_state"] == "idle" and
        m["parent_header"].get("msg_id") == msg_id for m in seen), timeout=WAIT_MS)
    text = "".join(m["content"]["text"] for m in seen if m["msg_type"] == "stream")
    assert text == "line 0\nline 1\nline 2\n"
    assert controller.has_state  # execute_input was seen, as with a local kernel
    assert controller.iopub_ready


def test_a_notebook_session_on_the_shared_client_gets_its_own_replies(qtbot, controller):
    """Notebooks send on the console's client as sessions of their own (ui/notebook/cell_runner.py)."""
    client = controller.create_client()
    notebook_session = client.session.clone()
    notebook_session.session = "notebook-1"
    replies: list[dict] = []
    client.shell_channel.message_received.connect(replies.append)
    msg = notebook_session.msg("execute_request", {"code": "1 + 1", "silent": False,
                                                   "store_history": True, "user_expressions": {},
                                                   "allow_stdin": False, "stop_on_error": True})
    client.shell_channel.send(msg)
    qtbot.waitUntil(lambda: any(r["parent_header"].get("msg_id") == msg["header"]["msg_id"]
                                for r in replies), timeout=WAIT_MS)
    reply = next(r for r in replies if r["parent_header"]["msg_id"] == msg["header"]["msg_id"])
    assert reply["parent_header"]["session"] == "notebook-1" and reply["content"]["status"] == "ok"


def test_a_stopped_server_makes_the_kernel_dead_with_the_reason(qtbot, server, tmp_path, monkeypatch):
    from dsstudio.core.kernel.remote import kernel_websocket
    from tests.remote.jupyter_servers import jupyter_server

    # The client tries to reconnect for RECONNECT_WINDOW_S (30 s) before it gives up; the
    # outcome is the same after a shorter try.
    monkeypatch.setattr(kernel_websocket, "RECONNECT_WINDOW_S", 3.0)
    own = jupyter_server(tmp_path / "root", tmp_path / "server.log")
    try:
        session = RemoteKernelSession(tmp_path, parse_server_url(own.url_with_token))
        controller = KernelController(session)
        controller.start()
        qtbot.waitUntil(lambda: controller.state == "idle", timeout=WAIT_MS)
        controller.create_client()
        with qtbot.waitSignal(controller.sig_died, timeout=WAIT_MS):
            own.stop()
        assert controller.state == "dead"
        assert "cannot be reached" in session.exit_description()
    finally:
        own.stop()


def test_live_reload_on_a_servers_kernel_reports_the_local_file(qtbot, server, tmp_path):
    from dsstudio.ui.kernel.live_reload import LiveReload

    project = tmp_path / "project"
    project.mkdir()
    (project / "models.py").write_text("def score():\n    return 1\n")
    session = RemoteKernelSession(project, parse_server_url(server.url_with_token))
    controller = KernelController(session)
    controller.start()
    qtbot.waitUntil(lambda: controller.state == "idle", timeout=WAIT_MS)
    live = LiveReload(controller, project)
    try:
        client = controller.create_client()
        qtbot.waitUntil(lambda: not live.is_busy(), timeout=WAIT_MS)
        client.execute("import models")
        reports: list[dict] = []
        live.sig_report.connect(reports.append)
        (project / "models.py").write_text("def score():\n    return 2\n")
        live.request([project / "models.py"])
        qtbot.waitUntil(lambda: bool(reports), timeout=WAIT_MS)
        assert reports[0]["reloaded"] == ["models"]
        assert reports[0]["files"]["models"] == str(project.resolve() / "models.py")
        assert session.execute("import models; print(models.score())")["stdout"] == "2\n"
    finally:
        live.stop()
        controller.shutdown()


def test_the_console_widget_runs_code_on_the_servers_kernel(qtbot, controller):
    from dsstudio.ui.console.console_pane import ConsolePane

    pane = ConsolePane()
    qtbot.addWidget(pane)
    pane.follow_kernel(controller)
    pane.attach(controller.create_client())
    pane.run_code("print('answer', 6 * 7)")
    qtbot.waitUntil(lambda: "answer 42" in pane.console._control.toPlainText(), timeout=WAIT_MS)


def test_a_dropped_connection_comes_back_and_a_running_cells_output_is_not_lost(
        qtbot, controller, tmp_path):
    link_states: list[str] = []
    session = controller.session
    heard = session.on_link_state
    session.on_link_state = lambda state: (link_states.append(state), heard(state))
    client = controller.create_client()
    seen: list[dict] = []
    client.iopub_channel.message_received.connect(seen.append)
    replies: list[dict] = []
    client.shell_channel.message_received.connect(replies.append)
    flag = tmp_path / "go"
    msg_id = client.execute(f"import os, time\nwhile not os.path.exists({str(flag)!r}): "
                            "time.sleep(0.02)\nprint('after the drop')")
    qtbot.waitUntil(lambda: controller.state == "busy", timeout=WAIT_MS)
    client.link._socket.sock.shutdown(2)  # the network goes (both ways), the server stays
    # (The status bar may show "reconnecting" or not: on loopback it is back within a poll.)
    qtbot.waitUntil(lambda: link_states[-2:] == ["reconnecting", "connected"], timeout=WAIT_MS)
    flag.write_text("")  # the cell ends while we are away (or just back)
    qtbot.waitUntil(lambda: any(r["parent_header"].get("msg_id") == msg_id for r in replies),
                    timeout=WAIT_MS)
    qtbot.waitUntil(lambda: any(m["msg_type"] == "stream" for m in seen), timeout=WAIT_MS)
    assert "".join(m["content"]["text"] for m in seen if m["msg_type"] == "stream") == "after the drop\n"
    qtbot.waitUntil(lambda: controller.state == "idle", timeout=WAIT_MS)


@pytest.mark.slow  # a second server, stopped and started again
def test_a_restarted_server_is_said_and_restart_starts_a_kernel_there_again(qtbot, tmp_path):
    from tests.remote.jupyter_servers import jupyter_server

    own = jupyter_server(tmp_path / "root", tmp_path / "server.log")
    try:
        session = RemoteKernelSession(tmp_path / "root", parse_server_url(own.url_with_token))
        controller = KernelController(session)
        controller.start()
        qtbot.waitUntil(lambda: controller.state == "idle", timeout=WAIT_MS)
        client = controller.create_client()
        client.execute("x = 1")
        qtbot.waitUntil(lambda: session.last_execution_state == "idle", timeout=WAIT_MS)
        own.stop()
        own.start()  # same port and token; its kernels are gone
        qtbot.waitUntil(lambda: controller.state == "dead", timeout=WAIT_MS)
        message = controller.death_message()
        assert "no longer has this kernel" in message and "idle when last heard from" in message
        controller.restart()
        qtbot.waitUntil(lambda: controller.state == "idle", timeout=WAIT_MS)
        replies: list[dict] = []
        client.shell_channel.message_received.connect(replies.append)
        msg_id = client.execute("print('x' in dir())")
        qtbot.waitUntil(lambda: any(r["parent_header"].get("msg_id") == msg_id for r in replies),
                        timeout=WAIT_MS)
        controller.shutdown()
    finally:
        own.stop()

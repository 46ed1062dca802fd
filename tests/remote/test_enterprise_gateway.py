"""The project kernel on a Jupyter Enterprise Gateway (local process proxy): the same API as a
Jupyter Server for kernels, and no Contents API, so the project's files travel in the kernel's
set-up request and reloads carry the saved source."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from dsstudio.core.kernel.execute import execute_collect
from dsstudio.core.kernel.reload_protocol import REPORT_EXPRESSION
from dsstudio.core.kernel.remote.remote_session import RemoteKernelSession, wait_for_kernel_info
from dsstudio.core.kernel.remote.server_address import parse_server_url

pytestmark = pytest.mark.slow  # an environment with the gateway is made, then the gateway starts


@pytest.fixture(scope="module")
def gateway(tmp_path_factory):
    from tests.environments import make_venv
    from tests.remote.jupyter_servers import enterprise_gateway

    base = tmp_path_factory.mktemp("gateway")
    python = make_venv(base / "env", "jupyter_enterprise_gateway", "ipykernel")
    running = enterprise_gateway(python, base / "work", base / "gateway.log")
    yield running
    running.stop()


@pytest.fixture
def kernel(gateway, tmp_path):
    project = tmp_path / "project"
    (project / "src" / "shapes").mkdir(parents=True)
    (project / "src" / "shapes" / "__init__.py").write_text("")
    (project / "src" / "shapes" / "area.py").write_text("def square(x):\n    return x * x\n")
    session = RemoteKernelSession(project, parse_server_url(gateway.url_with_token), "python3")
    session.start()
    client = session.client()
    wait_for_kernel_info(client, 60)
    installed = execute_collect(client, session.reload_wire.install_code(project), 60, silent=True)
    assert installed["status"] == "ok", installed
    yield project, session, client
    client.stop_channels()
    session.shutdown()


def run(client, code: str) -> dict:
    return execute_collect(client, code, 60)


def test_the_project_reaches_a_gateway_kernel_and_a_save_reloads_there(kernel):
    project, session, client = kernel
    assert session.mirror.through_kernel  # the gateway has no Contents API
    assert run(client, "from shapes.area import square; print(square(3))")["stdout"] == "9\n"
    (project / "src" / "shapes" / "area.py").write_text("def square(x):\n    return x * x + 1\n")
    result = execute_collect(
        client, session.reload_wire.reload_code([project / "src" / "shapes" / "area.py"]), 60,
        silent=True, user_expressions={"report": REPORT_EXPRESSION})
    report = session.reload_wire.read_report({"status": "ok",
                                              "user_expressions": result["user_expressions"]})
    assert report["reloaded"] == ["shapes.area"]
    assert report["files"]["shapes.area"] == str(project / "src" / "shapes" / "area.py")
    assert run(client, "import shapes.area; print(shapes.area.square(3))")["stdout"] == "10\n"


def test_a_traceback_from_a_gateway_kernel_names_the_local_file(kernel):
    project, session, client = kernel
    (project / "src" / "shapes" / "bad.py").write_text("def boom():\n    return 1 / 0\n")
    execute_collect(client, session.reload_wire.reload_code([project / "src" / "shapes" / "bad.py"]),
                    60, silent=True)
    error = run(client, "import shapes.bad; shapes.bad.boom()")["error"]
    text = re.sub(r"\x1b\[[0-9;]*m", "", "\n".join(error["traceback"]))
    assert str(Path(project / "src" / "shapes" / "bad.py")) in text and "return 1 / 0" in text

"""A live reload reaches the worker processes of the kernel's Dask client (a LocalCluster with
processes), through a server's kernel as through a local one."""

from __future__ import annotations

import pytest

from dsstudio.core.kernel.execute import execute_collect
from dsstudio.core.kernel.reload_protocol import REPORT_EXPRESSION, short_summary
from dsstudio.core.kernel.remote.remote_session import RemoteKernelSession, wait_for_kernel_info
from dsstudio.core.kernel.remote.server_address import parse_server_url

pytestmark = pytest.mark.slow  # a cluster of worker processes starts


def test_after_a_save_the_workers_run_the_new_code(server, tmp_path):
    project = tmp_path / "project"
    (project / "pipeline").mkdir(parents=True)
    (project / "pipeline" / "__init__.py").write_text("")
    (project / "pipeline" / "steps.py").write_text("def f():\n    return 'old'\n")
    session = RemoteKernelSession(project, parse_server_url(server.url_with_token))
    session.start()
    client = session.client()
    try:
        wait_for_kernel_info(client, 60)
        assert execute_collect(client, session.reload_wire.install_code(project), 60,
                               silent=True)["status"] == "ok"
        started = execute_collect(client, (
            "from distributed import Client, LocalCluster\n"
            "cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True,"
            " dashboard_address=None)\n"
            "dask_client = Client(cluster)\n"
            "import pipeline.steps as m\n"
            "print(dask_client.submit(m.f, pure=False).result())"), 120)
        assert started["stdout"].strip().endswith("old"), started
        (project / "pipeline" / "steps.py").write_text("def f():\n    return 'new'\n")
        result = execute_collect(client, session.reload_wire.reload_code(
            [project / "pipeline" / "steps.py"]), 120, silent=True,
            user_expressions={"report": REPORT_EXPRESSION})
        report = session.reload_wire.read_report({"status": "ok",
                                                  "user_expressions": result["user_expressions"]})
        assert report["dask"]["workers"] == 2 and report["dask"]["failed"] == ""
        assert report["dask"]["dashboard"].startswith("http")
        assert "pushed to 2 Dask workers" in short_summary(report)
        after = execute_collect(client, "print(dask_client.submit(m.f, pure=False).result())", 60)
        assert after["stdout"] == "new\n"
        execute_collect(client, "dask_client.close(); cluster.close()", 60)
    finally:
        client.stop_channels()
        session.shutdown()


def test_the_dashboard_link_is_one_click_from_the_status_bar(qtbot):
    from PySide6.QtWidgets import QStatusBar

    from dsstudio.ui.kernel.dask_dashboard_link import show_dask_dashboard

    status = QStatusBar()
    qtbot.addWidget(status)
    label = show_dask_dashboard(status, "http://127.0.0.1:8787/status")
    assert show_dask_dashboard(status, "http://127.0.0.1:8788/status") is label  # one link, updated
    assert "href='http://127.0.0.1:8788/status'" in label.text() and label.openExternalLinks()

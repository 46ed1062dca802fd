"""The project reaches a server's kernel through a Contents API mirror, and live reload carries
the saved source (the server's root is not the project folder: nothing is shared by disk)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from dsstudio.core.kernel.execute import execute_collect
from dsstudio.core.kernel.reload_protocol import REPORT_EXPRESSION
from dsstudio.core.kernel.remote.project_mirror import ProjectMirror, project_files
from dsstudio.core.kernel.remote.remote_session import RemoteKernelSession, wait_for_kernel_info
from dsstudio.core.kernel.remote.server_address import parse_server_url
from dsstudio.core.kernel.remote.server_api import ServerApi


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    (root / "pkg").mkdir(parents=True)
    (root / "models.py").write_text("def score():\n    return 1\n")
    (root / "pkg" / "__init__.py").write_text("")
    (root / "pkg" / "features.py").write_text("WIDTH = 3\n")
    (root / "secret_notes.py").write_text("TOKEN = 'x'\n")
    (root / ".gitignore").write_text("secret_notes.py\nbuild/\n")
    (root / "build").mkdir()
    (root / "build" / "generated.py").write_text("")
    (root / "env").mkdir()
    (root / "env" / "pyvenv.cfg").write_text("home = /usr\n")
    (root / "env" / "site.py").write_text("")
    (root / "data.csv").write_text("a,b\n1,2\n")
    return root


def test_the_mirror_holds_the_projects_python_files_and_not_what_git_or_environments_hide(project):
    assert sorted(project_files(project)) == ["models.py", "pkg/__init__.py", "pkg/features.py"]


def test_only_what_changed_is_sent_again(server, project):
    api = ServerApi(parse_server_url(server.url_with_token))
    first = ProjectMirror(api, project).sync()
    assert sorted(first.sent) == ["models.py", "pkg/__init__.py", "pkg/features.py"]
    mirrored = server.root / ProjectMirror(api, project).folder
    assert (mirrored / "pkg" / "features.py").read_text() == "WIDTH = 3\n"
    # A later session (a new mirror object) reads the manifest the first one left.
    again = ProjectMirror(api, project)
    result = again.sync()
    assert result.sent == [] and result.unchanged == 3
    (project / "models.py").write_text("def score():\n    return 2\n")
    (project / "pkg" / "features.py").unlink()
    result = again.sync()
    assert result.sent == ["models.py"] and result.deleted == ["pkg/features.py"]
    assert not (mirrored / "pkg" / "features.py").exists()
    (project / "models.py").write_text("def score():\n    return 3\n")
    assert again.sync_file(project / "models.py") and not again.sync_file(project / "models.py")
    assert (mirrored / "models.py").read_text() == "def score():\n    return 3\n"


@pytest.fixture
def kernel(server, project):
    session = RemoteKernelSession(project, parse_server_url(server.url_with_token))
    session.start()
    client = session.client()
    wait_for_kernel_info(client, 60)
    installed = execute_collect(client, session.reload_wire.install_code(project), 60, silent=True)
    assert installed["status"] == "ok", installed
    yield session, client
    client.stop_channels()
    session.shutdown()


def reload(session, client, *paths: Path) -> dict:
    result = execute_collect(client, session.reload_wire.reload_code(list(paths)), 60, silent=True,
                             user_expressions={"report": REPORT_EXPRESSION})
    assert result["status"] == "ok", result
    return session.reload_wire.read_report({"status": "ok",
                                            "user_expressions": result["user_expressions"]})


def run(client, code: str) -> dict:
    return execute_collect(client, code, 60)


def test_a_save_reaches_the_servers_kernel_with_its_source(kernel, project, server):
    session, client = kernel
    out = run(client, "import models, os; print(models.score()); print(os.getcwd())")
    assert out["stdout"].splitlines()[0] == "1"
    assert Path(out["stdout"].splitlines()[1]).resolve().is_relative_to(server.root.resolve())
    (project / "models.py").write_text("def score():\n    return 2\n\ndef fit():\n    return 'fit'\n")
    report = reload(session, client, project / "models.py")
    assert report["reloaded"] == ["models"]
    assert report["files"]["models"] == str(project / "models.py")  # the local file, not the mirror
    assert run(client, "print(models.score(), models.fit())")["stdout"] == "2 fit\n"


def test_a_module_created_after_the_start_imports_once_saved(kernel, project):
    session, client = kernel
    (project / "fresh.py").write_text("VALUE = 'new'\n")
    reload(session, client, project / "fresh.py")  # not imported yet: written to the mirror
    assert run(client, "import fresh; print(fresh.VALUE)")["stdout"] == "new\n"


def test_a_traceback_names_the_local_file_and_shows_its_line(kernel, project):
    session, client = kernel
    (project / "broken.py").write_text("def fail():\n    raise ValueError('from broken')\n")
    reload(session, client, project / "broken.py")
    error = run(client, "import broken; broken.fail()")["error"]
    text = re.sub(r"\x1b\[[0-9;]*m", "", "\n".join(error["traceback"]))
    assert str(project / "broken.py") in text and "raise ValueError('from broken')" in text


def test_after_a_reload_a_traceback_still_names_the_local_file(kernel, project):
    session, client = kernel
    (project / "shaky.py").write_text("def fail():\n    raise ValueError('first')\n")
    reload(session, client, project / "shaky.py")
    run(client, "import shaky")
    (project / "shaky.py").write_text("class Model:\n    def fit(self):\n        raise ValueError('second')\n\n"
                                      "def fail():\n    Model().fit()\n")
    assert reload(session, client, project / "shaky.py")["reloaded"] == ["shaky"]
    error = run(client, "shaky.fail()")["error"]
    text = re.sub(r"\x1b\[[0-9;]*m", "", "\n".join(error["traceback"]))
    assert str(project / "shaky.py") in text and "raise ValueError('second')" in text
    assert "dsstudio-mirrors" not in text


def test_attaching_to_a_running_kernel_brings_the_project_to_it(server, project):
    api = ServerApi(parse_server_url(server.url_with_token))
    running = api.start_kernel()  # started by someone else, working in the server's root
    session = RemoteKernelSession(project, parse_server_url(server.url_with_token),
                                  kernel_id=running["id"])
    session.start()
    client = session.client()
    try:
        wait_for_kernel_info(client, 60)
        assert execute_collect(client, session.reload_wire.install_code(project), 60,
                               silent=True)["status"] == "ok"
        assert run(client, "import models; print(models.score())")["stdout"] == "1\n"
    finally:
        client.stop_channels()
        session.shutdown()

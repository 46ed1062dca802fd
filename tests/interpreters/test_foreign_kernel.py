"""The kernel in the project's own environment: real venvs, real kernels, no mocks."""

from __future__ import annotations

import json
import os
import signal
import stat
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import psutil
import pytest

from dsstudio.core.command_run import CommandRun
from dsstudio.core.kernel.diagnosis import diagnose
from dsstudio.core.kernel.launch import python_launch
from dsstudio.core.kernel.reload_protocol import install_code, reload_code
from dsstudio.core.kernel.session import KernelError, KernelSession
from tests.environments import make_broken_venv, make_venv, pyenv_python

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX environment layouts")
WAIT_S = 60
REPO = Path(__file__).resolve().parents[2]


def gone(pid: int) -> bool:
    try:
        return psutil.Process(pid).status() == psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return True


@pytest.fixture
def project(tmp_path):
    root = tmp_path / "proj"
    (root / "src" / "pkg").mkdir(parents=True)
    (root / "src" / "pkg" / "__init__.py").write_text("NAME = 'from src'\n")
    (root / "models.py").write_text("def score():\n    return 1\n")
    return root


def start(project: Path, python: Path, **env) -> KernelSession:
    launch = python_launch(python, dict(os.environ, **env))
    session = KernelSession(project, launch=launch)
    session.start()
    return session


def reload_in(session: KernelSession, root: Path, relative: str) -> dict:
    assert session.execute(install_code(root))["status"] == "ok"
    out = session.execute(f"import json; {reload_code([root / relative])}; "
                          "print(json.dumps(__import__('sys').modules['_dsstudio_kernel.reloader'].last_report))")
    assert out["status"] == "ok", out
    return json.loads(out["stdout"].strip().splitlines()[-1])


def test_kernel_runs_in_the_projects_venv_privately(project, venv_with_ipykernel):
    # The app's own environment does not leak in: PYTHONPATH and VIRTUAL_ENV are the venv's.
    session = start(project, venv_with_ipykernel, PYTHONPATH="/app/site", VIRTUAL_ENV="/app/.venv")
    try:
        session.wait_ready(WAIT_S)
        result = session.execute(
            "import os, sys, pkg\nprint(sys.executable); print(os.getcwd()); print(sys.path[:2])\n"
            "print(os.environ.get('VIRTUAL_ENV')); print(os.environ.get('PYTHONPATH')); print(pkg.NAME)")
        assert result["status"] == "ok", result
        executable, cwd, paths, virtual_env, pythonpath, name = result["stdout"].splitlines()
        assert executable == str(venv_with_ipykernel)
        assert Path(cwd) == project.resolve()
        assert paths == repr([str(project.resolve()), str(project.resolve() / "src")])
        assert virtual_env == str(venv_with_ipykernel.parent.parent)
        assert pythonpath == "None" and name == "from src"
        info = session.connection_info
        assert info["transport"] == "ipc" and info["signature_scheme"] == "hmac-sha256"
        assert stat.S_IMODE(session.connection_file.stat().st_mode) == 0o600
    finally:
        session.shutdown()


def test_live_reload_in_the_projects_venv(project, venv_with_ipykernel):
    session = start(project, venv_with_ipykernel)
    try:
        session.wait_ready(WAIT_S)
        session.execute("from models import score")
        (project / "models.py").write_text("def score():\n    return 2\n")
        report = reload_in(session, project.resolve(), "models.py")
        assert report["reloaded"] == ["models"], report
        assert session.execute("print(score())")["stdout"] == "2\n"
    finally:
        session.shutdown()


def test_kernel_in_venv_exits_when_dsstudio_dies(project, venv_with_ipykernel, tmp_path):
    script = tmp_path / "parent.py"
    script.write_text(textwrap.dedent(f"""
        import sys, time
        sys.path.insert(0, {str(REPO)!r})
        from dsstudio.core.kernel.launch import python_launch
        from dsstudio.core.kernel.session import KernelSession
        k = KernelSession({str(project)!r}, launch=python_launch({str(venv_with_ipykernel)!r}))
        k.start(); k.wait_ready(60)
        print(k.pid, flush=True)
        time.sleep(600)
    """))
    parent = subprocess.Popen([sys.executable, str(script)], stdout=subprocess.PIPE, text=True)
    timer = threading.Timer(WAIT_S, parent.kill)
    timer.start()
    try:
        kernel_pid = int(parent.stdout.readline())
    finally:
        timer.cancel()
    assert psutil.Process(kernel_pid).cmdline()[0] == str(venv_with_ipykernel)
    parent.kill()
    parent.wait()
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and not gone(kernel_pid):
        time.sleep(0.1)
    try:
        assert gone(kernel_pid)
    finally:
        if not gone(kernel_pid):
            os.kill(kernel_pid, signal.SIGKILL)


def test_missing_ipykernel_is_explained_then_installed_on_request(project, tmp_path):
    python = make_venv(tmp_path / "bare")
    session = start(project, python)
    try:
        with pytest.raises(KernelError, match="No module named ipykernel_launcher"):
            session.wait_ready(WAIT_S)
        problem = diagnose(session.launch, session.output_tail())
        assert str(python) in problem.message and "has no ipykernel" in problem.message
        # A uv venv has no pip: the command is uv's, aimed at exactly this interpreter.
        assert problem.install[1:5] == ["pip", "install", "--python", str(python)]
        assert problem.install[-1] == "ipykernel"
        lines: list[str] = []
        assert CommandRun(problem.install, lines.append).run() == 0, "\n".join(lines)
        session.restart()
        session.wait_ready(WAIT_S)
        assert session.execute("import sys; print(sys.executable)")["stdout"] == f"{python}\n"
    finally:
        session.shutdown()


def test_pip_venv_gets_a_pip_command(project, tmp_path):
    python = tmp_path / "pipenv" / "bin" / "python"
    subprocess.run([sys.executable, "-m", "venv", str(python.parent.parent)], check=True, timeout=120)
    problem = diagnose(python_launch(python))
    assert problem.install == [str(python), "-m", "pip", "install", "ipykernel"]
    assert problem.install_text == f"{python} -m pip install ipykernel"


def test_deleted_environment_is_explained(project, tmp_path):
    python = make_broken_venv(tmp_path / "gone")
    problem = diagnose(python_launch(python))
    assert "does not exist" in problem.message and problem.install is None


@pytest.mark.slow
@pytest.mark.parametrize("minor,packages", [
    ("3.9", ("ipykernel==6.29.5", "ipython==8.18.1")),
    ("3.10", ("ipykernel==6.29.5", "ipython==8.18.1")),
    ("3.12", ("ipykernel==6.29.5", "ipython<9")),
    ("3.13", ("ipykernel",)),
])
def test_reloader_works_with_other_pythons_and_older_ipykernel(project, tmp_path, minor, packages):
    base = pyenv_python(minor)
    if base is None:
        pytest.skip(f"no Python {minor} on this machine")
    python = make_venv(tmp_path / f"py{minor}", *packages, python=base)
    session = start(project, python)
    try:
        session.wait_ready(WAIT_S)
        version = session.execute("import sys; print('%d.%d' % sys.version_info[:2])")["stdout"]
        assert version.strip() == minor
        session.execute("from models import score\nclass Sub:\n    pass\n")
        (project / "models.py").write_text("def score():\n    return 3\n\ndef added():\n    return 4\n")
        report = reload_in(session, project.resolve(), "models.py")
        assert report["reloaded"] == ["models"] and not report["failed"], report
        assert session.execute("print(score())")["stdout"] == "3\n"
        # Enum internals differ between versions: a member added keeps old members equal.
        enum_source = "import enum\nclass C(enum.Enum):\n    A = 1\n"
        (project / "colors.py").write_text(enum_source)
        session.execute("import colors; a = colors.C.A")
        (project / "colors.py").write_text(enum_source + "    B = 2\n")
        report = reload_in(session, project.resolve(), "colors.py")
        assert report["modules"]["colors"]["replaced"] == ["C"], report
        out = session.execute("print(a == colors.C.A, a is colors.C(1), [m.name for m in colors.C])")
        assert out["stdout"] == "True True ['A', 'B']\n", out
    finally:
        session.shutdown()


@pytest.mark.slow
def test_too_old_ipykernel_gets_an_upgrade_command(project, tmp_path):
    python = make_venv(tmp_path / "old", "ipykernel==5.5.6")
    problem = diagnose(python_launch(python))
    assert "ipykernel 5.5.6" in problem.message and "6.0 or newer" in problem.message
    assert problem.install[-2:] == ["-U", "ipykernel"]
    lines: list[str] = []
    assert CommandRun(problem.install, lines.append).run() == 0, "\n".join(lines)
    session = start(project, python)
    try:
        session.wait_ready(WAIT_S)
        assert session.execute("import ipykernel; print(ipykernel.__version__[0])")["stdout"] != "5\n"
    finally:
        session.shutdown()


def test_python_older_than_the_kernel_side_supports_is_listed_as_unsupported():
    from dsstudio.core.kernel.interpreter import probe

    old = pyenv_python("3.8")
    if old is None:
        pytest.skip("no Python 3.8 on this machine")
    result = probe(Path(old))
    assert "Python 3.8" in result.problem and "needs Python 3.9 or newer" in result.problem


def test_spaces_and_non_ascii_in_paths(tmp_path):
    # Reported against every kernel launcher at some point (VS Code's Jupyter extension,
    # jupyter_client on Windows): environments and projects under "My Documents" or a
    # non-English user name.
    project = tmp_path / "Mes projets" / "données été"
    project.mkdir(parents=True)
    (project / "modèle.py").write_text("VALEUR = 'ok'\n")
    python = make_venv(tmp_path / "env with spaces é", "ipykernel")
    session = start(project, python)
    try:
        session.wait_ready(WAIT_S)
        result = session.execute("import sys, modèle; print(sys.executable); print(modèle.VALEUR)")
        assert result["stdout"].splitlines() == [str(python), "ok"], result
    finally:
        session.shutdown()


PROJECT_ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("minor", ["3.9", "3.10"])
def test_a_save_is_planned_statement_by_statement_on_pythons_before_311(minor):
    # The re-run plan's walk of a module named Python 3.11's `ast.TryStar`: on 3.9 and 3.10,
    # every save compared with the text before it failed with AttributeError.
    base = pyenv_python(minor)
    if base is None:
        pytest.skip(f"no Python {minor} on this machine")
    script = textwrap.dedent("""
        import ast
        from dsstudio.kernel import rerun_plan
        def read(text):
            return rerun_plan.analyse(ast.parse(text), text)
        before = read("import json\\ndef score():\\n    return 1\\n")
        after = read("try:\\n    import json\\nexcept ImportError:\\n    json = None\\n"
                     "def score():\\n    return 3\\n")
        print(rerun_plan.plan(before, after, {"json"}).run)
    """)
    ran = subprocess.run([base, "-c", script], capture_output=True, text=True, timeout=60, check=False,
                         cwd=PROJECT_ROOT, env=dict(os.environ, PYTHONPATH=str(PROJECT_ROOT)))
    assert ran.returncode == 0, ran.stderr
    assert ran.stdout == "[0, 1]\n"

"""Create Project Environment: a real .venv made with uv (or venv and pip), never half-made."""

from __future__ import annotations

import subprocess
import sys
import threading
import time

import pytest

from dsstudio.core.command_run import CommandRun
from dsstudio.core.project.environment_creation import (
    EnvironmentCreation,
    EnvironmentCreationError,
    parse_extra_packages,
    pyproject_dependencies,
    requirement_sources,
)

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX environment layouts")


def has_ipykernel(python) -> bool:
    return subprocess.run([str(python), "-c", "import ipykernel_launcher"], capture_output=True,
                          timeout=60).returncode == 0


def test_sources_offered_follow_the_project(tmp_path):
    assert requirement_sources(tmp_path) == ["preset", "ipykernel"]
    (tmp_path / "requirements.txt").write_text("six\n")
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "p"\ndependencies = ["six>=1", 3]\n')
    assert requirement_sources(tmp_path) == ["preset", "requirements", "pyproject", "ipykernel"]
    assert pyproject_dependencies(tmp_path) == ["six>=1"]
    (tmp_path / "pyproject.toml").write_text("not toml [")
    assert pyproject_dependencies(tmp_path) == []


def test_steps_say_what_they_do(tmp_path):
    creation = EnvironmentCreation(tmp_path, "preset", base_python=sys.executable)
    (create_title, create), (install_title, install) = creation.steps()
    assert create_title == "Creating .venv" and create[1:3] == ["venv", "--no-project"]
    assert install_title == "Installing ipykernel, numpy, pandas, matplotlib"
    assert install[-4:] == ["ipykernel", "numpy", "pandas", "matplotlib"]


def test_extra_packages_are_read_as_pip_takes_them():
    """Issue 19: scikit-learn could not be added without writing requirements.txt first."""
    assert parse_extra_packages("  scikit-learn pandas ") == ["scikit-learn", "pandas"]
    assert parse_extra_packages("scikit-learn, pandas>=2,<3 numpy==1.26.* xarray[io]") == [
        "scikit-learn", "pandas>=2,<3", "numpy==1.26.*", "xarray[io]"]
    assert parse_extra_packages("") == []


@pytest.mark.parametrize("line", ["-r requirements.txt", "--index-url=https://x.example",
                                  "./local_folder", "pandas; rm -rf /", "https://x.example/a.whl"])
def test_options_and_paths_are_not_taken_as_packages(line):
    with pytest.raises(EnvironmentCreationError, match="is not a package name"):
        parse_extra_packages(line)


def test_extra_packages_go_into_the_install_step(tmp_path):
    creation = EnvironmentCreation(tmp_path, "preset", base_python=sys.executable,
                                   extra_packages=["scikit-learn", "seaborn"])
    (_create_title, _create), (install_title, install) = creation.steps()
    assert install_title == "Installing ipykernel, numpy, pandas, matplotlib and scikit-learn, seaborn"
    assert install[-6:] == ["ipykernel", "numpy", "pandas", "matplotlib", "scikit-learn", "seaborn"]


@pytest.mark.slow
def test_uv_installs_the_extra_packages_into_the_new_environment(tmp_path):
    creation = EnvironmentCreation(tmp_path, "ipykernel", base_python=sys.executable,
                                   extra_packages=parse_extra_packages("six"))
    lines: list[str] = []
    ok, message = creation.run(lambda *_: None, lines.append)
    assert ok, "\n".join(lines)
    assert subprocess.run([str(creation.python), "-c", "import six"]).returncode == 0
    assert message == "Created .venv (ipykernel, six)"


@pytest.mark.slow
def test_uv_makes_the_environment_with_the_projects_requirements(tmp_path):
    (tmp_path / "requirements.txt").write_text("six\n")
    creation = EnvironmentCreation(tmp_path, "requirements", base_python=sys.executable)
    steps, lines = [], []
    ok, message = creation.run(lambda n, total, title: steps.append((n, total, title)), lines.append)
    assert ok, "\n".join(lines)
    assert steps == [(1, 2, "Creating .venv"), (2, 2, "Installing ipykernel and requirements.txt")]
    assert has_ipykernel(creation.python)
    assert subprocess.run([str(creation.python), "-c", "import six"]).returncode == 0
    assert message.startswith("Created .venv")


@pytest.mark.slow
def test_failed_install_leaves_nothing_behind(tmp_path):
    (tmp_path / "requirements.txt").write_text("dsstudio-no-such-package-anywhere==0.0.1\n")
    creation = EnvironmentCreation(tmp_path, "requirements", base_python=sys.executable)
    lines: list[str] = []
    ok, message = creation.run(lambda *_: None, lines.append)
    assert not ok and "failed" in message and "nothing was left behind" in message
    assert not (tmp_path / ".venv").exists()
    assert any("dsstudio-no-such-package-anywhere" in line for line in lines)


def test_cancel_removes_the_half_made_environment(tmp_path):
    creation = EnvironmentCreation(tmp_path, "preset", base_python=sys.executable)

    def on_step(number, _total, _title):
        if number == 2:  # the venv exists now; the user cancels before the install
            assert (tmp_path / ".venv").is_dir()
            creation.cancel()

    ok, message = creation.run(on_step, lambda _line: None)
    assert not ok and message.startswith("Cancelled")
    assert not (tmp_path / ".venv").exists()


def test_an_existing_environment_is_never_replaced(tmp_path):
    (tmp_path / ".venv").mkdir()
    (tmp_path / ".venv" / "mine.txt").write_text("keep")
    ok, message = EnvironmentCreation(tmp_path, "ipykernel").run(lambda *_: None, lambda _: None)
    assert not ok and "already exists" in message
    assert (tmp_path / ".venv" / "mine.txt").read_text() == "keep"


def test_cancel_stops_a_running_command_and_its_children(tmp_path):
    lines: list[str] = []
    run = CommandRun(["sh", "-c", "echo started; sleep 30 & wait"], lines.append)
    threading.Timer(0.5, run.cancel).start()
    started = time.monotonic()
    assert run.run() == -1
    assert time.monotonic() - started < 10 and lines == ["started"]


@pytest.mark.slow
def test_without_uv_venv_and_pip_do_it(tmp_path):
    creation = EnvironmentCreation(tmp_path, "ipykernel", base_python=sys.executable, uv=None)
    assert creation.steps()[0][1][1:3] == ["-m", "venv"]
    lines: list[str] = []
    ok, _message = creation.run(lambda *_: None, lines.append)
    assert ok, "\n".join(lines[-20:])
    assert has_ipykernel(creation.python)

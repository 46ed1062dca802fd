"""Which interpreter a project's kernel runs in, found from files alone (before Qt is up)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from dsstudio.core.kernel.conda import conda_activation, standard_activation
from dsstudio.core.kernel.launch import kernel_environment, project_environments
from dsstudio.core.project.interpreter_choice import (
    InterpreterChoice,
    project_launch,
    read_choice,
    resolve_launch,
    save_choice,
)
from tests.environments import make_fake_conda_env

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX environment layouts")


def fake_venv(prefix: Path, uv: bool = False) -> Path:
    """A venv's layout whose python is a real interpreter (a link to this one)."""
    (prefix / "bin").mkdir(parents=True)
    (prefix / "pyvenv.cfg").write_text(f"home = {Path(sys.executable).parent}\n"
                                       + ("uv = 0.13.9\n" if uv else ""))
    (prefix / "bin" / "python").symlink_to(sys.executable)
    return prefix / "bin" / "python"


def test_project_environments_most_likely_first(tmp_path):
    fake_venv(tmp_path / "venv")
    fake_venv(tmp_path / ".venv", uv=True)
    fake_venv(tmp_path / "py312")  # any folder with a pyvenv.cfg
    make_fake_conda_env(tmp_path / ".pixi" / "envs" / "default")
    (tmp_path / "data").mkdir()
    (tmp_path / "env").mkdir()  # a folder called env that is not an environment
    found = [(p.relative_to(tmp_path).as_posix(), kind) for p, kind in project_environments(tmp_path)]
    assert found == [(".venv", "uv"), ("venv", "venv"), (".pixi/envs/default", "pixi"),
                     ("py312", "venv")]


def test_default_is_the_projects_own_environment_else_dsstudios(tmp_path):
    launch = resolve_launch(tmp_path, InterpreterChoice())
    assert launch.kind == "dsstudio" and launch.reason == "dsstudio's own Python"
    python = fake_venv(tmp_path / ".venv")
    launch = resolve_launch(tmp_path, InterpreterChoice())
    assert launch.python == python and launch.kind == "venv"
    assert launch.argv == [str(python), "-m", "ipykernel_launcher", "-f", "{connection_file}"]
    assert launch.reason == "the project's own environment (.venv)"
    assert launch.label == "Python (.venv)"


def test_project_file_choice_wins_and_is_relative_to_the_root(tmp_path):
    fake_venv(tmp_path / ".venv")
    other = fake_venv(tmp_path / "envs" / "py")
    (tmp_path / "p.dsproj").write_text('[dsstudio]\npython = "envs/py/bin/python"\n')
    choice = read_choice(tmp_path)
    assert (choice.python, choice.origin) == ("envs/py/bin/python", "project file")
    launch = project_launch(tmp_path)
    assert launch.python == other and "project file" in launch.reason


def test_choice_is_saved_in_the_project_file_keeping_what_the_user_wrote(tmp_path):
    project_file = tmp_path / "p.dsproj"
    project_file.write_text('[dsstudio]\nkernelspec = "ir"\nreload_on_save = false\nmine = 3\n')
    python = fake_venv(tmp_path / ".venv")
    where = save_choice(tmp_path, python=python)
    assert where == "the project file p.dsproj"
    text = project_file.read_text()
    assert 'python = ".venv/bin/python"' in text and "kernelspec" not in text
    assert "reload_on_save = false" in text and "mine = 3" in text


def test_without_a_project_file_the_choice_is_the_users(tmp_path):
    python = fake_venv(tmp_path / "elsewhere" / "env")
    project = tmp_path / "proj"
    project.mkdir()
    assert save_choice(project, python=python) == "your settings for this project"
    assert not list(project.iterdir())  # nothing written into the project
    choice = read_choice(project)
    assert choice.origin == "user" and Path(choice.python) == python
    save_choice(project, kernelspec="ir")
    assert (read_choice(project).python, read_choice(project).kernelspec) == (None, "ir")


def test_a_chosen_interpreter_that_is_gone_falls_back_with_a_notice(tmp_path):
    fake_venv(tmp_path / ".venv")
    launch = resolve_launch(tmp_path, InterpreterChoice("/no/such/python", None, "user"))
    assert launch.kind == "venv"  # the project's own, not silence
    assert "/no/such/python" in launch.notice and "does not exist" in launch.notice


def test_a_missing_kernelspec_falls_back_with_a_notice(tmp_path, monkeypatch):
    monkeypatch.setenv("JUPYTER_PATH", str(tmp_path / "jupyter"))
    launch = resolve_launch(tmp_path, InterpreterChoice(None, "no-such-spec", "project file"))
    assert launch.kind == "dsstudio" and "no-such-spec" in launch.notice


def test_kernel_environment_drops_the_apps_python_and_activates_the_target(tmp_path):
    python = fake_venv(tmp_path / ".venv")
    base = {"PATH": "/usr/bin", "VIRTUAL_ENV": "/app/.venv", "PYTHONPATH": "/app/src",
            "PYTHONHOME": "/app", "HOME": "/home/u", "QT_PLUGIN_PATH": "/app/qt"}
    env = kernel_environment("venv", python.parent.parent, base)
    assert env["VIRTUAL_ENV"] == str(tmp_path / ".venv")
    assert env["PATH"] == f"{tmp_path / '.venv' / 'bin'}{os.pathsep}/usr/bin"
    assert "PYTHONPATH" not in env and "PYTHONHOME" not in env and "QT_PLUGIN_PATH" not in env
    assert env["HOME"] == "/home/u"


def test_frozen_app_library_path_is_restored_for_the_kernel(tmp_path):
    env = kernel_environment("custom", None, {"LD_LIBRARY_PATH": "/bundle/lib",
                                              "LD_LIBRARY_PATH_ORIG": "/usr/local/lib"})
    assert env["LD_LIBRARY_PATH"] == "/usr/local/lib"


def test_conda_without_conda_gets_the_standard_activation(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", "/usr/bin")
    monkeypatch.delenv("CONDA_EXE", raising=False)
    monkeypatch.delenv("MAMBA_EXE", raising=False)
    prefix = tmp_path / "miniconda3" / "envs" / "ds"
    make_fake_conda_env(prefix)
    env = conda_activation(prefix, {"PATH": "/usr/bin"}, cache_dir=tmp_path / "cache")
    assert env == standard_activation(prefix, {"PATH": "/usr/bin"})
    assert env["CONDA_PREFIX"] == str(prefix) and env["CONDA_DEFAULT_ENV"] == "ds"
    assert env["PATH"].split(os.pathsep)[0] == str(prefix / "bin")


def test_conda_activation_is_captured_once_and_cached_until_the_env_changes(tmp_path, monkeypatch):
    # A stand-in for conda's `run`: it sets what an activate.d script would, then runs the code,
    # and counts its calls. The capture logic under test is the real one.
    calls = tmp_path / "calls"
    conda = tmp_path / "bin" / "conda"
    conda.parent.mkdir()
    conda.write_text(f"""#!/bin/sh
echo x >> {calls}
# conda run --no-capture-output -p PREFIX python -c CODE
export GDAL_DATA="$4/share/gdal" CONDA_PREFIX="$4" PATH="$4/bin:$PATH"
shift 5
exec {sys.executable} "$@"
""")
    conda.chmod(0o755)
    monkeypatch.setenv("CONDA_EXE", str(conda))
    prefix = tmp_path / "envs" / "geo"
    make_fake_conda_env(prefix)
    cache = tmp_path / "cache"
    base = {"PATH": "/usr/bin", "HOME": str(tmp_path)}
    first = conda_activation(prefix, base, cache_dir=cache)
    assert first["GDAL_DATA"] == f"{prefix}/share/gdal" and first["CONDA_PREFIX"] == str(prefix)
    assert first["PATH"] == f"{prefix}/bin{os.pathsep}/usr/bin"
    again = conda_activation(prefix, dict(base, PATH="/opt/bin"), cache_dir=cache)
    assert again["GDAL_DATA"] == first["GDAL_DATA"]
    assert again["PATH"] == f"{prefix}/bin{os.pathsep}/opt/bin"  # today's PATH, activated
    assert calls.read_text().count("x") == 1
    (prefix / "conda-meta" / "history").write_text("==> 2026-11-26 <==\n+numpy\n")
    conda_activation(prefix, base, cache_dir=cache)
    assert calls.read_text().count("x") == 2


def test_the_apps_qt_api_does_not_reach_the_kernel():
    """With QT_API set, tqdm.auto takes the kernel for a Qt console and draws text bars (issue 20)."""
    from dsstudio.core.kernel.launch import own_launch

    env = own_launch({"QT_API": "pyside6", "HOME": "/home/someone"}).env
    assert "QT_API" not in env and env["HOME"] == "/home/someone"

"""Finding interpreters: project environments, conda without conda, pyenv, PATH, kernelspecs,
each asked about itself in parallel; broken ones listed with the reason, never hanging the list."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import pytest

from dsstudio.core.kernel.discovery import candidates, describe, discover, probe_all
from dsstudio.core.kernel.interpreter import ProjectInterpreter, probe
from tests.environments import make_broken_venv, make_fake_conda_env, make_venv

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX environment layouts")


@pytest.fixture
def home(tmp_path):
    """A home folder with conda's list of environments and a pyenv root (real interpreters)."""
    home = tmp_path / "home"
    envs = [home / "miniconda3", home / "miniconda3" / "envs" / "ds", tmp_path / "elsewhere" / "geo"]
    for prefix in envs:
        make_fake_conda_env(prefix)
    (home / ".conda").mkdir(parents=True)
    (home / ".conda" / "environments.txt").write_text(
        "\n".join(str(p) for p in envs) + f"\n{tmp_path / 'deleted-env'}\n")
    for version in ("3.11.7", "3.9.1", "3.12.0"):
        folder = home / ".pyenv" / "versions" / version / "bin"
        folder.mkdir(parents=True)
        (folder / "python").symlink_to(sys.executable)
    return home


def names(found):
    return [(i.kind, i.name) for i in found]


def test_conda_and_pyenv_are_found_without_conda(home, tmp_path):
    environ = {"PATH": str(tmp_path / "empty-bin"), "HOME": str(home)}
    found = candidates(None, environ, home)
    listed = names(found)
    assert ("conda", "conda base") in listed and ("conda", "conda ds") in listed
    assert ("conda", f"conda {tmp_path / 'elsewhere' / 'geo'}") in listed
    assert not any("deleted-env" in str(i.python) for i in found)  # a stale line is skipped
    pyenv = [name for kind, name in listed if kind == "pyenv"]
    assert pyenv == ["pyenv 3.12.0", "pyenv 3.11.7", "pyenv 3.9.1"]  # newest first


def test_project_environment_comes_first_and_started_from_env_is_found(home, tmp_path, venv_with_ipykernel):
    root = tmp_path / "proj"
    make_fake_conda_env(root / ".pixi" / "envs" / "default")
    environ = {"PATH": "", "VIRTUAL_ENV": str(venv_with_ipykernel.parent.parent)}
    found = candidates(root, environ, home)
    assert found[0].kind == "pixi" and found[0].name == ".pixi/envs/default"
    assert found[1].python == venv_with_ipykernel


def test_probe_says_version_and_ipykernel(tmp_path, venv_with_ipykernel):
    bare = make_venv(tmp_path / "bare")
    with_kernel = probe(venv_with_ipykernel)
    assert with_kernel.problem is None
    assert with_kernel.facts["version"] == "%d.%d.%d" % sys.version_info[:3]
    assert with_kernel.facts["ipykernel"].split(".")[0].isdigit()
    without = probe(bare)
    assert without.problem is None and without.facts["ipykernel"] is None
    assert without.facts["pip"] is False  # uv makes venvs without pip


def test_broken_and_hanging_interpreters_are_listed_with_the_reason_quickly(tmp_path):
    broken = make_broken_venv(tmp_path / "broken")
    hanging = tmp_path / "hang" / "bin" / "python"
    hanging.parent.mkdir(parents=True)
    hanging.write_text("#!/bin/sh\nsleep 60\n")
    hanging.chmod(0o755)
    failing = tmp_path / "fail" / "bin" / "python"
    failing.parent.mkdir(parents=True)
    failing.write_text("#!/bin/sh\necho 'Fatal Python error: init_fs_encoding' >&2\nexit 1\n")
    failing.chmod(0o755)
    listed = [ProjectInterpreter(p, "custom", p.parent.parent.name) for p in (broken, hanging, failing)]
    started = time.monotonic()
    found = probe_all(listed, timeout=1.0)
    assert time.monotonic() - started < 10  # in parallel, each with its timeout
    problems = {i.name: i.problem for i in found}
    assert "does not exist" in problems["broken"]
    assert "did not answer within 1 s" in problems["hang"]
    assert "init_fs_encoding" in problems["fail"]
    assert not any(i.usable for i in found)


def test_same_python_on_path_twice_is_listed_once(tmp_path):
    folder = tmp_path / "bin"
    folder.mkdir()
    (folder / "python3").symlink_to(sys.executable)
    (folder / "python").symlink_to(sys.executable)
    found = probe_all(candidates(None, {"PATH": str(folder)}, tmp_path))
    on_path = [i for i in found if i.kind == "path"]
    assert len(on_path) == 1


def test_kernelspecs_are_listed_including_other_languages(tmp_path, monkeypatch):
    spec_dir = tmp_path / "jupyter" / "kernels"
    for name, language, argv in (("ir", "R", ["R", "--slave", "-e", "IRkernel::main()", "--args",
                                               "{connection_file}"]),
                                 ("py-other", "python", [sys.executable, "-m", "ipykernel_launcher",
                                                         "-f", "{connection_file}"]),
                                 ("stale", "python", ["/no/such/env/bin/python", "-m",
                                                      "ipykernel_launcher", "-f", "{connection_file}"])):
        (spec_dir / name).mkdir(parents=True)
        (spec_dir / name / "kernel.json").write_text(json.dumps(
            {"argv": argv, "display_name": f"Kernel {name}", "language": language}))
    monkeypatch.setenv("JUPYTER_PATH", str(tmp_path / "jupyter"))
    found = {i.kernelspec: i for i in discover(None, {"PATH": ""}, tmp_path) if i.kernelspec}
    assert found["ir"].language == "r" and found["ir"].display_name == "Kernel ir (kernelspec ir)"
    assert found["ir"].usable  # runs code; live reload says it is not available
    assert found["py-other"].python == Path(sys.executable)
    # A kernelspec left behind by a deleted environment is listed as broken, not offered.
    assert "no longer exists" in found["stale"].problem and not found["stale"].usable


def test_browsed_python_is_described(tmp_path, venv_with_ipykernel):
    found = describe(venv_with_ipykernel, root=venv_with_ipykernel.parent.parent.parent)
    assert found.kind == "uv" and found.usable and found.name == "with-ipykernel"
    assert found.display_name.startswith("Python %d.%d (" % sys.version_info[:2])


def test_pyenv_shims_on_path_are_not_listed(tmp_path):
    # Found on this machine: pyenv's shims fail for every version not selected, and the
    # versions behind them are listed from the pyenv root already.
    shims = tmp_path / ".pyenv" / "shims"
    shims.mkdir(parents=True)
    (shims / "python3.9").write_text("#!/bin/sh\necho 'pyenv: python3.9: command not found' >&2\nexit 127\n")
    (shims / "python3.9").chmod(0o755)
    found = candidates(None, {"PATH": str(shims)}, tmp_path)
    assert not [i for i in found if i.kind == "path"]


def test_kernelspec_with_bare_python_means_the_python_running_jupyter(tmp_path, monkeypatch):
    # ipykernel's own spec says "python"; jupyter_client runs sys.executable for it, not PATH's.
    from dsstudio.core.kernel.kernelspecs import kernelspec_launch

    spec = tmp_path / "jupyter" / "kernels" / "plain"
    spec.mkdir(parents=True)
    (spec / "kernel.json").write_text(json.dumps({
        "argv": ["python", "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "Plain", "language": "python"}))
    monkeypatch.setenv("JUPYTER_PATH", str(tmp_path / "jupyter"))
    launch = kernelspec_launch("plain")
    assert launch.argv[0] == sys.executable and launch.runs_ipykernel
    assert launch.python == Path(sys.executable) and launch.label == "Plain"

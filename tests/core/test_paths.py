"""What PATH on the command line opens."""

from __future__ import annotations

import pytest

from dsstudio.core.project.paths import PathArgumentError, resolve_launch_path


def test_folder_is_the_project(tmp_path):
    assert resolve_launch_path(str(tmp_path)) == (tmp_path.resolve(), None)


def test_file_opens_its_folder_and_itself(tmp_path):
    script = tmp_path / "models.py"
    script.write_text("x = 1\n")
    assert resolve_launch_path(str(script)) == (tmp_path.resolve(), script.resolve())


def test_dsproj_file_opens_its_folder_only(tmp_path):
    marker = tmp_path / "analysis.dsproj"
    marker.write_text("{}")
    assert resolve_launch_path(str(marker)) == (tmp_path.resolve(), None)


def test_relative_path_is_resolved(tmp_path, monkeypatch):
    (tmp_path / "proj").mkdir()
    monkeypatch.chdir(tmp_path)
    assert resolve_launch_path("proj") == ((tmp_path / "proj").resolve(), None)


def test_missing_path_names_itself(tmp_path):
    with pytest.raises(PathArgumentError, match="no-such-thing.*no such file or folder"):
        resolve_launch_path(str(tmp_path / "no-such-thing"))

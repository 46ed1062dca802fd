"""The .dsproj file: settings round trip, unknown keys kept, broken files refused and untouched."""

from __future__ import annotations

import tomllib

import pytest

from dsstudio.core.project.project_file import (
    ProjectFileError,
    find_project_file,
    read_project_file,
    write_project_file,
)


def test_round_trip_writes_readable_toml(tmp_path):
    path = tmp_path / "proj.dsproj"
    write_project_file(path, {"reload_on_save": False, "save_notebook_outputs": True})
    text = path.read_text()
    assert text.startswith("# dsstudio project file") and "[dsstudio]" in text
    assert tomllib.loads(text)["dsstudio"] == {"format": 1, "reload_on_save": False,
                                               "save_notebook_outputs": True}
    assert read_project_file(path) == {"reload_on_save": False, "save_notebook_outputs": True,
                                       "format": 1}


def test_defaults_and_unknown_keys_are_kept(tmp_path):
    path = tmp_path / "p.dsproj"
    path.write_text('[dsstudio]\ninterpreter = "C:\\\\py\\\\python.exe"\n')
    settings = read_project_file(path)
    assert settings["reload_on_save"] is True and settings["interpreter"] == "C:\\py\\python.exe"
    write_project_file(path, {"reload_on_save": False})
    again = read_project_file(path)
    assert again["interpreter"] == "C:\\py\\python.exe" and again["reload_on_save"] is False


@pytest.mark.parametrize("content, message", [
    ("[dsstudio\nreload_on_save = true", "not valid TOML"),
    ('[dsstudio]\nreload_on_save = "yes"', "reload_on_save must be bool"),
    ("dsstudio = 3", "must be a table"),
])
def test_broken_files_are_refused_and_never_overwritten(tmp_path, content, message):
    path = tmp_path / "p.dsproj"
    path.write_text(content)
    with pytest.raises(ProjectFileError, match=message):
        read_project_file(path)
    with pytest.raises(ProjectFileError):
        write_project_file(path, {"reload_on_save": False})
    assert path.read_text() == content


def test_binary_file_is_refused(tmp_path):
    path = tmp_path / "p.dsproj"
    path.write_bytes(b"\xff\xfe\x00binary")
    with pytest.raises(ProjectFileError, match="not UTF-8"):
        read_project_file(path)


def test_find_prefers_the_one_named_after_the_folder(tmp_path):
    root = tmp_path / "analysis"
    root.mkdir()
    assert find_project_file(root) is None
    (root / "another.dsproj").write_text("")
    assert find_project_file(root).name == "another.dsproj"
    (root / "analysis.dsproj").write_text("")
    assert find_project_file(root).name == "analysis.dsproj"

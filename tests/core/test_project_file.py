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
                                       "run_imported_module": "ask", "format": 1}


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


def test_a_switch_flipped_keeps_the_file_as_the_user_wrote_it(tmp_path):
    """Issue 12: comments and other tables were dropped, and a quoted key or a control
    character came back as invalid TOML (after which dsstudio refused the file for good)."""
    path = tmp_path / "p.dsproj"
    written = ('# my project: notes for the team\n'
               '[dsstudio]\n'
               'format = 1\n'
               'reload_on_save = true  # we like it on\n'
               '"quoted key" = "a\\u0007bell"\n'
               'python = ".venv/bin/python"\n'
               '\n'
               '[tool.other]\n'
               'paths = ["a", "b"]  # kept\n')
    path.write_text(written)
    write_project_file(path, {"reload_on_save": False}, remove=("python",))
    text = path.read_text()
    assert text == (written.replace("reload_on_save = true  #", "reload_on_save = false  #")
                    .replace('python = ".venv/bin/python"\n', ""))
    data = tomllib.loads(text)  # still valid TOML
    assert data["dsstudio"]["quoted key"] == "a\x07bell" and data["tool"]["other"]["paths"] == ["a", "b"]
    assert read_project_file(path)["reload_on_save"] is False


def test_an_unchanged_setting_leaves_the_file_byte_for_byte(tmp_path):
    path = tmp_path / "p.dsproj"
    written = "[dsstudio]\nreload_on_save   =   true # spaced as I like\n"
    path.write_text(written)
    write_project_file(path, {"reload_on_save": True})
    # (Only the format marker is added, the line after.)
    assert path.read_text() == written + "format = 1\n"


def test_deeply_nested_or_huge_files_are_a_message_not_a_crash(tmp_path):
    """Issue 12: a deeply nested array crashed start-up with RecursionError."""
    nested = tmp_path / "nested.dsproj"
    nested.write_text("[dsstudio]\nx = " + "[" * 100_000 + "]" * 100_000 + "\n")
    with pytest.raises(ProjectFileError, match="nested.dsproj"):
        read_project_file(nested)
    with pytest.raises(ProjectFileError):
        write_project_file(nested, {"reload_on_save": False})
    huge = tmp_path / "huge.dsproj"
    huge.write_text("[dsstudio]\n" + "# padding\n" * 200_000)
    with pytest.raises(ProjectFileError, match="too big"):
        read_project_file(huge)


def test_the_interpreter_choice_ignores_a_project_file_it_cannot_read(tmp_path):
    from dsstudio.core.project.interpreter_choice import read_choice

    (tmp_path / "p.dsproj").write_text("[dsstudio]\nx = " + "[" * 100_000 + "]" * 100_000 + "\n")
    choice = read_choice(tmp_path)  # before Qt, at start-up: must not raise
    assert choice.python is None and choice.kernelspec is None

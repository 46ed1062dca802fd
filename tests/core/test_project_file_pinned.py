"""The .dsproj file, pinned so a rewrite cannot change what is read, refused or written.

Each test is one behaviour that no earlier test pinned (mutation testing found them: a change to
project_file.py kept every other test green).
"""

from __future__ import annotations

import pytest

from dsstudio.core.project.project_file import (
    HEADER,
    MAX_BYTES,
    ProjectFileError,
    project_file_text,
    read_project_file,
    write_project_file,
)

DEFAULTS = {"reload_on_save": True, "save_notebook_outputs": True, "run_imported_module": "ask"}


def refused(path) -> str:
    with pytest.raises(ProjectFileError) as caught:
        read_project_file(path)
    return str(caught.value)


# ---- Reading
def test_an_empty_project_file_reads_as_the_defaults(tmp_path):
    path = tmp_path / "p.dsproj"
    path.write_text("")
    assert read_project_file(path) == DEFAULTS
    path.write_text("# just a comment\n[tool.other]\nx = 1\n")
    assert read_project_file(path) == DEFAULTS


@pytest.mark.parametrize("key, value", [("python", '"   "'), ("python", '""'), ("kernelspec", '"\\t"'),
                                        ("python", "3"), ("kernelspec", "false")])
def test_a_blank_or_non_string_interpreter_is_refused(tmp_path, key, value):
    path = tmp_path / "p.dsproj"
    path.write_text(f"[dsstudio]\n{key} = {value}\n")
    shown = repr(read_toml_value(value))
    assert refused(path) == f"p.dsproj: {key} must be a non-empty string, not {shown}"


def read_toml_value(value: str):
    import tomllib

    return tomllib.loads(f"v = {value}")["v"]


def test_an_interpreter_that_is_set_is_read(tmp_path):
    path = tmp_path / "p.dsproj"
    path.write_text('[dsstudio]\npython = " .venv/bin/python"\n')
    assert read_project_file(path)["python"] == " .venv/bin/python"


def test_a_too_deeply_nested_file_names_its_error(tmp_path):
    path = tmp_path / "nested.dsproj"
    path.write_text("[dsstudio]\nx = " + "[" * 100_000 + "]" * 100_000 + "\n")
    assert refused(path) == ("nested.dsproj could not be read (RecursionError: nested too deeply "
                             "or too big for a settings file)")


def test_a_file_of_exactly_the_size_limit_is_read(tmp_path):
    path = tmp_path / "p.dsproj"
    body = "[dsstudio]\nreload_on_save = false\n"
    path.write_text(body + "#" * (MAX_BYTES - len(body) - 1) + "\n")
    assert path.stat().st_size == MAX_BYTES
    assert read_project_file(path)["reload_on_save"] is False
    path.write_text(body + "#" * (MAX_BYTES - len(body)) + "\n")
    assert refused(path) == (f"p.dsproj is {MAX_BYTES + 1:,} bytes: too big for a project file "
                             f"(at most {MAX_BYTES:,}); it was not read")


def test_a_folder_named_like_a_project_file_is_refused_by_name(tmp_path):
    (tmp_path / "p.dsproj").mkdir()
    assert refused(tmp_path / "p.dsproj") == "p.dsproj is a folder, not a project file"


def test_a_missing_project_file_says_so(tmp_path):
    assert refused(tmp_path / "gone.dsproj") == "gone.dsproj could not be read: No such file or directory"


# ---- Writing
def test_a_new_file_starts_with_the_header_then_the_settings(tmp_path):
    path = tmp_path / "p.dsproj"
    write_project_file(path, {"reload_on_save": False})
    assert path.read_text() == HEADER + "\n[dsstudio]\nformat = 1\nreload_on_save = false\n"


def test_the_format_marker_is_the_files_not_a_setting(tmp_path):
    """Settings read from the file carry `format`; writing them back never changes it, and the
    settings after it are still written."""
    path = tmp_path / "p.dsproj"
    path.write_text("[dsstudio]\nformat   = 2  # a later dsstudio wrote this\n")
    write_project_file(path, {"format": 1, "reload_on_save": False})
    assert path.read_text() == ("[dsstudio]\nformat   = 2  # a later dsstudio wrote this\n"
                                "reload_on_save = false\n")


def test_an_unchanged_string_setting_keeps_its_spelling(tmp_path):
    """tomlkit would rewrite `\"\"\"x\"\"\"` or an escape as a plain string: an unchanged value
    is not written at all."""
    path = tmp_path / "p.dsproj"
    written = '[dsstudio]\nformat = 1\npython = """.venv/bin/python"""\nkernelspec = "\\u0069r"\n'
    path.write_text(written)
    write_project_file(path, {"python": ".venv/bin/python", "kernelspec": "ir"})
    assert path.read_text() == written


def test_a_setting_of_another_type_is_rewritten_even_when_equal():
    """True == 1, but a file saying 1 is not a file saying true (and would be refused)."""
    text = project_file_text({"reload_on_save": True}, "[dsstudio]\nformat = 1\nreload_on_save = 1\n")
    assert text == "[dsstudio]\nformat = 1\nreload_on_save = true\n"


def test_removing_a_key_that_is_not_there_is_fine(tmp_path):
    path = tmp_path / "p.dsproj"
    path.write_text('[dsstudio]\nformat = 1\npython = "py"\n')
    write_project_file(path, {}, remove=("kernelspec",))
    assert path.read_text() == '[dsstudio]\nformat = 1\npython = "py"\n'


def test_a_setting_that_toml_cannot_hold_is_refused_by_name(tmp_path):
    path = tmp_path / "p.dsproj"
    with pytest.raises(ProjectFileError) as caught:
        write_project_file(path, {"paths": ["a", "b"]})
    assert str(caught.value) == "the setting paths cannot be written (a list)"
    assert not path.exists()


def test_a_save_into_a_missing_folder_says_so(tmp_path):
    path = tmp_path / "gone" / "p.dsproj"
    with pytest.raises(ProjectFileError) as caught:
        write_project_file(path, {"reload_on_save": False})
    assert str(caught.value) == f"p.dsproj cannot be saved: the folder {path.parent} does not exist"

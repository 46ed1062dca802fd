"""Ruff on a buffer (no display): its findings, their places, the configuration it uses."""

from __future__ import annotations

import json
import os
import stat
import threading
from pathlib import Path

import pytest

from dsstudio.core.lint.diagnostics import parse_ruff_json, severity_of
from dsstudio.core.lint.notebook_source import notebook_for_ruff, notebook_language
from dsstudio.core.lint.ruff_config import find_ruff_config, ruff_check_arguments
from dsstudio.core.lint.ruff_runner import (
    LintFailure,
    LintJob,
    RuffMissing,
    find_ruff_binary,
    run_ruff,
)
from dsstudio.core.lint.text_positions import LineIndex

RUFF = find_ruff_binary()


def codes(result) -> list[tuple[str, int, int]]:
    return [(d.code, d.row, d.column) for d in result.diagnostics]


def test_the_ruff_binary_comes_with_dsstudio():
    assert RUFF is not None and RUFF.is_file()


# ---- Places: characters (ruff) to UTF-8 bytes (Scintilla)
def test_columns_are_characters_and_offsets_are_utf8_bytes(tmp_path):
    text = 'x = "é😀"; y = undefined_a\n'
    result = run_ruff(RUFF, text, tmp_path / "m.py")
    [found] = result.diagnostics
    assert (found.code, found.row, found.column, found.end_column) == ("F821", 1, 15, 26)
    start = LineIndex(text).byte_offset(found.row, found.column)
    assert text.encode("utf-8")[start:start + 11] == b"undefined_a"


def test_crlf_and_lone_cr_lines_end_where_ruff_and_scintilla_end_them(tmp_path):
    text = "import os\r\nx = 1\rq = \x0cnope_é\r\n"
    result = run_ruff(RUFF, text, tmp_path / "m.py")
    assert codes(result) == [("F401", 1, 8), ("F821", 3, 6)]
    index = LineIndex(text)
    undefined = result.diagnostics[1]
    start = index.byte_offset(undefined.row, undefined.column)
    end = index.byte_offset(undefined.end_row, undefined.end_column)
    assert text.encode("utf-8")[start:end] == "nope_é".encode("utf-8")


def test_places_past_the_end_are_clamped():
    index = LineIndex("ab\ncd")
    assert index.byte_offset(9, 9) == 5 and index.byte_offset(1, 99) == 2
    assert index.line_count == 2 and index.line_text(2) == "cd"


# ---- What is reported, and how severe
def test_quiet_default_errors_and_warnings(tmp_path):
    text = "import os\nimport sys\n\n\ndef f():\n    return undefined_name\nprint(sys)\n"
    result = run_ruff(RUFF, text, tmp_path / "m.py")
    assert result.config is None
    assert [(d.code, d.severity) for d in result.diagnostics] == [
        ("F401", "warning"), ("F821", "error")]
    assert result.diagnostics[1].label == "Undefined name `undefined_name` (F821)"


def test_a_syntax_error_mid_file_is_an_error_at_its_place(tmp_path):
    text = "a = 1\nb = 2\ndef f(:\n    pass\nc = 3\n"
    result = run_ruff(RUFF, text, tmp_path / "m.py")
    assert result.diagnostics, "a syntax error must be reported"
    first = result.diagnostics[0]
    assert first.severity == "error" and first.row == 3 and first.label.startswith("Syntax error")


def test_untitled_buffers_are_linted_under_a_name_in_the_project(tmp_path):
    (tmp_path / "ruff.toml").write_text('[lint]\nselect = ["E711"]\n')
    result = run_ruff(RUFF, "x = None\nif x == None:\n    pass\n", tmp_path / "untitled-1.py")
    assert codes(result) == [("E711", 2, 9)]


def test_severity_of_codes():
    assert severity_of("invalid-syntax") == "error" and severity_of("F821") == "error"
    assert severity_of("E999") == "error" and severity_of("F706") == "error"
    assert severity_of("F401") == "warning" and severity_of("E501") == "warning"


def test_output_that_is_not_ruffs_json_is_a_failure():
    with pytest.raises(ValueError):
        parse_ruff_json("Traceback: nope")
    with pytest.raises(ValueError):
        parse_ruff_json('{"not": "a list"}')
    assert parse_ruff_json("") == [] and parse_ruff_json("[]") == []


# ---- The project's configuration
def test_the_project_configuration_is_found_from_the_files_folder_upward(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[tool.ruff]\nline-length = 40\n[tool.ruff.lint]\n'
                                            'select = ["E501", "F"]\n')
    deep = tmp_path / "pkg" / "sub"
    deep.mkdir(parents=True)
    (tmp_path / "pkg" / "pyproject.toml").write_text('[project]\nname = "no-ruff-here"\n')
    assert find_ruff_config(deep) == tmp_path / "pyproject.toml"
    text = "x = 'a line that is longer than forty characters'\n"
    result = run_ruff(RUFF, text, deep / "m.py")
    assert result.config == tmp_path / "pyproject.toml"
    assert codes(result) == [("E501", 1, 41)]
    assert result.diagnostics[0].severity == "warning"


def test_ruff_toml_comes_before_pyproject_in_a_folder(tmp_path):
    (tmp_path / "pyproject.toml").write_text("[tool.ruff]\n")
    (tmp_path / "ruff.toml").write_text("")
    (tmp_path / ".ruff.toml").write_text("")
    assert find_ruff_config(tmp_path) == tmp_path / ".ruff.toml"
    (tmp_path / ".ruff.toml").unlink()
    assert find_ruff_config(tmp_path) == tmp_path / "ruff.toml"


def test_the_users_own_ruff_configuration_counts_as_a_configuration(tmp_path, no_user_ruff_config):
    folder = no_user_ruff_config / ".config" / "ruff"
    folder.mkdir(parents=True)
    (folder / "ruff.toml").write_text('[lint]\nselect = ["E711"]\n')
    project = tmp_path / "p"
    project.mkdir()
    assert find_ruff_config(project) == folder / "ruff.toml"
    assert "--select" not in ruff_check_arguments(project / "m.py", folder / "ruff.toml")
    result = run_ruff(RUFF, "import os\nx = None\nif x == None:\n    pass\n", project / "m.py")
    assert [d.code for d in result.diagnostics] == ["E711"]


def test_the_quiet_default_is_passed_only_without_a_configuration(tmp_path):
    assert "--select" in ruff_check_arguments(tmp_path / "m.py", None)
    arguments = ruff_check_arguments(tmp_path / "m.py", tmp_path / "ruff.toml")
    assert "--select" not in arguments and "--isolated" not in arguments
    assert arguments[arguments.index("--stdin-filename") + 1] == str(tmp_path / "m.py")


def test_a_file_the_project_excludes_is_not_linted(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[tool.ruff]\nextend-exclude = ["generated"]\n')
    (tmp_path / "generated").mkdir()
    text = "import os\nundefined_name\n"
    assert run_ruff(RUFF, text, tmp_path / "generated" / "m.py").diagnostics == []
    assert run_ruff(RUFF, text, tmp_path / "m.py").diagnostics  # the rest of the project is


def test_the_configuration_is_found_whatever_the_working_directory(tmp_path, monkeypatch):
    (tmp_path / "ruff.toml").write_text('[lint]\nselect = ["E711"]\n')
    (tmp_path / "sub").mkdir()
    monkeypatch.chdir("/")
    result = run_ruff(RUFF, "x = None\nif x == None:\n    pass\n", tmp_path / "sub" / "new.py")
    assert [d.code for d in result.diagnostics] == ["E711"]


def test_a_broken_project_configuration_is_a_failure_with_ruffs_reason(tmp_path):
    (tmp_path / "ruff.toml").write_text("[lint\nselect = \n")
    with pytest.raises(LintFailure, match="ruff failed"):
        run_ruff(RUFF, "x = 1\n", tmp_path / "m.py")


# ---- Notebooks: all cells linted as one module, findings per cell
def test_a_name_from_an_earlier_cell_is_defined_and_magics_are_understood(tmp_path):
    cells = [("code", "import numpy as np\n%matplotlib inline\ndata = 1\n!ls"),
             ("markdown", "# notes with `undefined` words"),
             ("code", "%%time\ntotal = data + np.pi\ndisplay(total)\nobj?"),
             ("code", "%%bash\necho $not_python"),
             ("code", "files = !ls\nprint(files, total)\nprint(nope)")]
    result = run_ruff(RUFF, notebook_for_ruff(cells), tmp_path / "analysis.ipynb")
    assert [(d.code, d.cell, d.row, d.column) for d in result.diagnostics] == [
        ("F821", 4, 3, 7)]


def test_notebook_language():
    assert notebook_language({}) == "python"
    assert notebook_language({"kernelspec": {"language": "R"}}) == "r"
    assert notebook_language({"language_info": {"name": "python"}}) == "python"
    assert json.loads(notebook_for_ruff([("raw", "x")]))["cells"][0]["cell_type"] == "markdown"
    # Shapes nbformat reads but does not define (its own test file v4_5_invalid_metadata): the
    # linting of such a notebook raised in the window.
    assert notebook_language({"kernelspec": "BAD: should be a dict"}) == "python"
    assert notebook_language({"language_info": ["python"], "kernelspec": None}) == "python"
    assert notebook_language("not a dict") == "python"


# ---- A missing or failing ruff
def test_a_missing_binary_is_reported_as_missing(tmp_path):
    with pytest.raises(RuffMissing):
        run_ruff(None, "x = 1\n", tmp_path / "m.py")
    with pytest.raises(RuffMissing):
        run_ruff(tmp_path / "no-ruff", "x = 1\n", tmp_path / "m.py")


def fake_ruff(tmp_path: Path, script: str) -> Path:
    path = tmp_path / "fake-ruff"
    path.write_text("#!/bin/sh\n" + script)
    path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return path


@pytest.mark.skipif(os.name == "nt", reason="a shell script stands in for ruff")
def test_a_failing_binary_is_a_failure_with_its_message(tmp_path):
    binary = fake_ruff(tmp_path, "cat > /dev/null; echo 'error: something broke' >&2; exit 2\n")
    with pytest.raises(LintFailure, match="something broke"):
        run_ruff(binary, "x = 1\n", tmp_path / "m.py")


@pytest.mark.skipif(os.name == "nt", reason="a shell script stands in for ruff")
def test_a_cancelled_job_is_killed_and_never_reports(tmp_path):
    started = tmp_path / "started"
    binary = fake_ruff(tmp_path, f"touch {started}\nexec sleep 60\n")
    outcomes = []
    job = LintJob(binary, "x = 1\n", tmp_path / "m.py", lambda j, o: outcomes.append(o)).start()
    while not started.exists():
        threading.Event().wait(0.01)
    job.cancel()
    job.wait(30)
    assert not job._thread.is_alive() and outcomes == []


def test_a_job_reports_its_result(tmp_path):
    done = threading.Event()
    outcomes = []

    def on_done(job, outcome):
        outcomes.append(outcome)
        done.set()

    LintJob(RUFF, "print(nope)\n", tmp_path / "m.py", on_done).start()
    assert done.wait(30)
    assert [d.code for d in outcomes[0].diagnostics] == ["F821"]

"""`dsstudio run`: a real kernel, real files, and the exit status that says what happened."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

v4 = nbformat.v4


def make_notebook(path: Path, *sources: str) -> Path:
    nb = v4.new_notebook(cells=[v4.new_code_cell(s) for s in sources])
    nb.cells.insert(1, v4.new_markdown_cell("# notes"))
    nbformat.write(nb, str(path))
    return path


def dsstudio_run(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "dsstudio", "run", *args], cwd=cwd,
                          capture_output=True, text=True, timeout=180)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "proj"
    (root / "notebooks").mkdir(parents=True)
    (root / "analysis.dsproj").write_text("{}")
    (root / "helpers.py").write_text("def double(x):\n    return 2 * x\n")
    return root


def test_success_writes_outputs_in_the_project(project):
    notebook = make_notebook(
        project / "notebooks" / "a.ipynb",
        "import os, helpers\nprint(os.getcwd())\nhelpers.double(21)",
        "from IPython.display import display, clear_output\n"
        "h = display('step 1', display_id=True)\nh.update('step 2')",
        "print('gone'); clear_output(wait=True); print('kept')")
    result = dsstudio_run(str(notebook), cwd=project)
    assert result.returncode == 0, result.stderr
    assert "cell 1 of 3" in result.stderr and "cell 3 of 3" in result.stderr
    out = nbformat.read(str(project / "notebooks" / "a.out.ipynb"), as_version=4)
    first, updated, cleared = out.cells[0], out.cells[2], out.cells[3]
    assert first.outputs[0]["text"].strip() == str(project.resolve())  # the .dsproj folder
    assert first.outputs[1]["data"]["text/plain"] == "42"
    assert [o["data"]["text/plain"] for o in updated.outputs] == ["'step 2'"]
    assert [o["text"] for o in cleared.outputs] == ["kept\n"]
    assert nbformat.read(str(notebook), as_version=4).cells[0].outputs == []  # input untouched


def test_failing_cell_exits_1_names_it_and_keeps_outputs_so_far(project):
    notebook = make_notebook(project / "b.ipynb", "print('first ran')", "1 / 0", "print('never')")
    result = dsstudio_run(str(notebook), "--inplace", cwd=project)
    assert result.returncode == 1
    assert "cell 2 failed: ZeroDivisionError: division by zero" in result.stderr
    saved = nbformat.read(str(notebook), as_version=4)
    assert saved.cells[0].outputs[0]["text"] == "first ran\n"
    assert saved.cells[2].outputs[0]["ename"] == "ZeroDivisionError"
    assert saved.cells[3].outputs == []


def test_an_error_shown_by_a_display_is_named_from_the_cells_error_output(project):
    """Issue 19: a result whose _repr_html_ raises makes ipykernel reply "error" with ename
    "NoneType" (no exception reached the reply): the run said "cell 2 failed: NoneType: None"."""
    notebook = make_notebook(
        project / "d.ipynb", "print('first ran')",
        "class Table:\n    def _repr_html_(self):\n        raise ValueError('no html for you')\nTable()")
    result = dsstudio_run(str(notebook), cwd=project)
    assert result.returncode == 1
    assert "cell 2 failed: ValueError: no html for you" in result.stderr, result.stderr
    assert "NoneType" not in result.stderr
    assert "Parent appears to have exited" not in result.stderr  # (a failed run stops it too)


def test_a_successful_run_prints_nothing_of_the_kernels_own_on_stderr(project):
    """Issue 19: every successful run ended with "[KernelApp] WARNING | Parent appears to have
    exited, shutting down." (the kernel outlived its parent's shutdown request)."""
    notebook = make_notebook(project / "e.ipynb", "x = 1", "print(x)")
    result = dsstudio_run(str(notebook), cwd=project)
    assert result.returncode == 0, result.stderr
    assert "Parent appears to have exited" not in result.stderr
    assert not [line for line in result.stderr.splitlines()
                if not line.startswith(("dsstudio run:", "cell "))], result.stderr


def test_timeout_stops_a_cell(project):
    notebook = make_notebook(project / "c.ipynb", "import time; time.sleep(30)")
    result = dsstudio_run(str(notebook), "--timeout", "2", cwd=project)
    assert result.returncode == 1 and "cell 1 ran longer than 2 s" in result.stderr


def test_malformed_notebook_exits_2_and_is_untouched(project):
    path = project / "bad.ipynb"
    path.write_text('{"cells": [')
    result = dsstudio_run(str(path), "--inplace", cwd=project)
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1 and "bad.ipynb" in result.stderr
    assert path.read_text() == '{"cells": ['
    assert not (project / "bad.out.ipynb").exists()


def test_src_layout_project_without_dsproj_runs_from_its_root(tmp_path):
    # Found as a new user would meet it: notebooks/ beside src/, a pyproject.toml, no .dsproj.
    root = tmp_path / "srcproj"
    (root / "src" / "mypkg").mkdir(parents=True)
    (root / "notebooks").mkdir()
    (root / "pyproject.toml").write_text("[project]\nname = 'mypkg'\nversion = '0'\n")
    (root / "src" / "mypkg" / "__init__.py").write_text("ANSWER = 42\n")
    notebook = make_notebook(root / "notebooks" / "explore.ipynb",
                             "import os, mypkg\nprint(os.getcwd(), mypkg.ANSWER)")
    result = dsstudio_run(str(notebook), cwd=root / "notebooks")
    assert result.returncode == 0, result.stderr
    out = nbformat.read(str(root / "notebooks" / "explore.out.ipynb"), as_version=4)
    assert out.cells[0].outputs[0]["text"] == f"{root.resolve()} 42\n"
    # Over IPC like the window: jupyter_client warns about TCP without encryption otherwise.
    assert "TCP" not in result.stderr


def test_runs_in_the_projects_venv_and_python_overrides(project, tmp_path, venv_with_ipykernel):
    notebook = make_notebook(project / "which.ipynb", "import sys; print(sys.executable)")
    (project / ".venv").symlink_to(venv_with_ipykernel.parent.parent, target_is_directory=True)
    result = dsstudio_run(str(notebook), cwd=project)
    assert result.returncode == 0, result.stderr
    out = nbformat.read(str(project / "which.out.ipynb"), as_version=4)
    assert out.cells[0].outputs[0]["text"] == f"{project / '.venv' / 'bin' / 'python'}\n"
    assert "the project's own environment (.venv)" in result.stderr
    result = dsstudio_run(str(notebook), "--python", sys.executable, cwd=project)
    assert result.returncode == 0, result.stderr
    out = nbformat.read(str(project / "which.out.ipynb"), as_version=4)
    assert out.cells[0].outputs[0]["text"] == f"{sys.executable}\n"


def test_interpreter_without_ipykernel_says_so_and_keeps_the_notebook(project, tmp_path):
    from tests.environments import make_venv

    bare = make_venv(tmp_path / "bare")
    notebook = make_notebook(project / "d.ipynb", "print(1)")
    before = notebook.read_bytes()
    result = dsstudio_run(str(notebook), "--inplace", "--python", str(bare), cwd=project)
    assert result.returncode == 1
    assert "has no ipykernel" in result.stderr and "pip install --python" in result.stderr
    assert notebook.read_bytes() != b"" and nbformat.reads(notebook.read_text(), as_version=4)
    assert before  # the input was whole before; it is whole (rewritten unchanged) after


def test_missing_python_exits_2(project):
    notebook = make_notebook(project / "e.ipynb", "print(1)")
    result = dsstudio_run(str(notebook), "--python", "/no/such/python", cwd=project)
    assert result.returncode == 2 and "/no/such/python" in result.stderr

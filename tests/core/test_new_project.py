"""File > New Project's folder: a project file, a module, and a notebook that imports it."""

from __future__ import annotations

import subprocess
import sys

import pytest

from dsstudio.core.notebook.notebook_file import read_notebook
from dsstudio.core.project.new_project import NewProjectError, create_project
from dsstudio.core.project.project_file import find_project_file, read_project_file


def test_a_new_project_has_a_project_file_a_module_and_a_notebook_using_it(tmp_path):
    root = create_project(tmp_path, "study")
    assert root == tmp_path / "study"
    assert find_project_file(root) == root / "study.dsproj"
    assert read_project_file(root / "study.dsproj")["reload_on_save"] is True
    cells = read_notebook(root / "analysis.ipynb").notebook.cells
    code = [cell.source for cell in cells if cell.cell_type == "code"]
    assert code and "from models import" in code[0]
    # The notebook's code runs against the module, from the project folder (as the kernel does).
    result = subprocess.run([sys.executable, "-c", code[0].replace("mean([", "print(mean([") + ")"],
                            cwd=root, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "2.5"


@pytest.mark.parametrize("name", ["", "  ", "a/b", "..", "x:y"])
def test_names_that_are_not_folder_names_are_refused(tmp_path, name):
    with pytest.raises(NewProjectError):
        create_project(tmp_path, name)
    assert list(tmp_path.iterdir()) == []


def test_a_folder_in_use_is_never_written_into(tmp_path):
    (tmp_path / "busy").mkdir()
    (tmp_path / "busy" / "models.py").write_text("mine = 1\n")
    with pytest.raises(NewProjectError, match="not an empty folder"):
        create_project(tmp_path, "busy")
    assert (tmp_path / "busy" / "models.py").read_text() == "mine = 1\n"
    (tmp_path / "empty").mkdir()
    assert (create_project(tmp_path, "empty") / "models.py").is_file()

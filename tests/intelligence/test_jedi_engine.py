"""Real jedi on the example project and on small projects written for the test."""

from __future__ import annotations

import os
import subprocess
import sys
import venv
from pathlib import Path

import pytest

from dsstudio.core.intelligence.jedi_engine import JediEngine, is_project_file, same_python
from tests.environments import add_module, make_linked_venv

DEMO = Path(__file__).resolve().parents[2] / "examples" / "demo_project"


def test_completes_a_project_modules_names():
    engine = JediEngine(DEMO)
    source = "import preprocess\npreprocess.sp"
    found = engine.complete(source, DEMO / "scratch.py", 1, len("preprocess.sp"))
    assert [item.name for item in found.items] == ["split_features"]
    assert found.prefix_length == 2


def test_completes_a_stdlib_module_names_and_kinds_come_later():
    engine = JediEngine(DEMO)
    found = engine.complete("import os.path\nos.path.", None, 1, len("os.path."))
    names = [item.name for item in found.items]
    assert "join" in names and "exists" in names
    assert all(item.kind is None for item in found.items)  # names first
    kinds = engine.kinds(found, lambda: True)
    assert kinds["join"] == "function"


def test_kind_resolution_stops_when_no_longer_wanted():
    engine = JediEngine(DEMO)
    found = engine.complete("import os\nos.", None, 1, 3)
    assert len(found.items) > 50
    asked = []

    def still_wanted() -> bool:
        asked.append(True)
        return len(asked) < 2  # wanted for the first chunk only

    assert 0 < len(engine.kinds(found, still_wanted)) < len(found.items)


def test_call_tip_highlights_the_current_parameter():
    engine = JediEngine(DEMO)
    source = "def area(width, height):\n    pass\narea(1, "
    tip = engine.call_tip(source, None, 2, len("area(1, "))
    assert tip is not None
    start, end = tip.highlight
    assert tip.text[start:end].startswith("height")


def test_help_gives_the_docstring():
    engine = JediEngine(DEMO)
    source = "from preprocess import standardise\nstandardise"
    assert "Centre on the mean" in engine.help_text(source, DEMO / "scratch.py", 1, 3)


def test_definition_in_a_project_module():
    engine = JediEngine(DEMO)
    source = (DEMO / "models.py").read_text()
    line = next(n for n, text in enumerate(source.splitlines()) if "import split_features" in text)
    column = source.splitlines()[line].index("split_features") + 2
    [location] = engine.definitions(source, DEMO / "models.py", line, column)
    assert location.path == DEMO / "preprocess.py"
    assert location.in_project
    assert (DEMO / "preprocess.py").read_text().splitlines()[location.line].startswith("def split_features")


def test_definition_in_an_installed_package_is_not_the_projects():
    engine = JediEngine(DEMO)
    [location] = engine.definitions("import jedi\njedi.Script", None, 1, 7)
    assert "site-packages" in location.path.parts and not location.in_project


def test_references_across_the_project():
    engine = JediEngine(DEMO)
    source = (DEMO / "preprocess.py").read_text()
    line = next(n for n, text in enumerate(source.splitlines()) if text.startswith("def standardise"))
    found = engine.references(source, DEMO / "preprocess.py", line, 5)
    assert len([loc for loc in found if loc.path.name == "preprocess.py"]) >= 3


def test_an_environment_folder_inside_the_project_is_not_project_code(tmp_path):
    assert is_project_file(tmp_path / "pkg" / "a.py", tmp_path)
    assert not is_project_file(tmp_path / ".venv/lib/python3.12/site-packages/x.py", tmp_path)
    assert not is_project_file(Path("/usr/lib/python3/os.py"), tmp_path)


@pytest.mark.slow
def test_completions_come_from_the_projects_own_environment(tmp_path):
    # A package installed only in the project's venv: dsstudio's own python does not have it.
    root = tmp_path / "proj"
    root.mkdir()
    venv.create(root / ".venv", with_pip=False)
    python = root / ".venv" / "bin" / "python"
    site = Path(subprocess.check_output(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        text=True).strip())
    (site / "only_in_project_env.py").write_text("def private_helper():\n    pass\n")
    source = "import only_in_project_env\nonly_in_project_env.pri"
    own = JediEngine(root, Path(sys.executable)).complete(source, None, 1, 23)
    assert own.items == []
    theirs = JediEngine(root, python)
    found = theirs.complete(source, None, 1, 23)
    assert [item.name for item in found.items] == ["private_helper"]
    assert theirs.environment_error is None


def test_a_broken_project_python_falls_back_to_dsstudios_own(tmp_path):
    # jedi#1984: an environment jedi cannot read must not leave the editor without completion.
    fake = tmp_path / "python"
    fake.write_text("#!/bin/sh\nexit 3\n")
    fake.chmod(0o755)
    engine = JediEngine(tmp_path, fake)
    found = engine.complete("import os.path\nos.path.jo", None, 1, 10)
    assert [item.name for item in found.items] == ["join"]
    assert engine.environment_error and str(fake) in engine.environment_error


def test_a_src_layout_package_is_found(tmp_path):
    package = tmp_path / "src" / "mylib"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text("def load_everything():\n    pass\n")
    engine = JediEngine(tmp_path)
    found = engine.complete("import mylib\nmylib.lo", tmp_path / "notebook.py", 1, 8)
    assert [item.name for item in found.items] == ["load_everything"]


# A module only the project's venv has: its names, signature, docs and definition tell where
# jedi looked.
RIDGE_TOOLS = '''def fit_ridge(data, alpha=1.0):
    """Fit a ridge regression to `data`."""
    return alpha
'''


@pytest.fixture(scope="module")
def linked_venvs(tmp_path_factory):
    """Two venvs made with `python -m venv` from the Python under dsstudio's own (issue 19): all
    three pythons are links to one file. Only the project's has `ridge_tools`."""
    folder = tmp_path_factory.mktemp("linked")
    project = folder / "project"
    python = make_linked_venv(project / ".venv")
    add_module(python, "ridge_tools", RIDGE_TOOLS)
    other = make_linked_venv(folder / "other" / ".venv")
    return project, python, other


def test_a_venv_of_dsstudios_own_base_python_is_another_environment(linked_venvs):
    _project, python, other = linked_venvs
    assert os.path.samefile(python, other)  # what the executable's file cannot tell apart
    assert not same_python(python) and not same_python(other)
    assert same_python(Path(sys.executable)) and same_python(None)
    base = Path(getattr(sys, "_base_executable", sys.executable))
    assert same_python(base) == (sys.prefix == sys.base_prefix)
    # jedi#1375: a prefix reached through `bin/..` is the same folder.
    assert same_python(Path(sys.executable).parent / ".." / Path(sys.executable).parent.name
                       / Path(sys.executable).name)


def test_code_help_reads_the_projects_venv_not_dsstudios(linked_venvs):
    project, python, other = linked_venvs
    source = "import ridge_tools\nridge_tools.fit_r\nridge_tools.fit_ridge(1, "
    engine = JediEngine(project, python)
    assert [item.name for item in engine.complete(source, None, 1, 17).items] == ["fit_ridge"]
    tip = engine.call_tip(source, None, 2, len("ridge_tools.fit_ridge(1, "))
    assert tip is not None and tip.text[slice(*tip.highlight)].startswith("alpha")
    assert "Fit a ridge regression" in engine.help_text(source, None, 2, 14)
    [location] = engine.definitions(source, None, 2, 14)
    assert location.path.name == "ridge_tools.py" and not location.in_project
    assert engine.environment_error is None
    for elsewhere in (JediEngine(project, other), JediEngine(project, Path(sys.executable))):
        assert elsewhere.complete(source, None, 1, 17).items == []
        assert elsewhere.help_text(source, None, 2, 14) == ""

"""The source a module was imported from (kernel/source_record.py): behaviours no test pinned.

Mutation testing of source_record.py found each: a change to it kept every other test green.
What a user sees of it after a save is whether the save re-runs only what changed (the loaded
data and caches kept) or the whole module, and whether the edit is applied at all (a "before"
taken from the saved file makes the save look like no change). On a real InteractiveShell with
the extension loaded.
"""

from __future__ import annotations

import py_compile
from pathlib import Path

import pytest

from dsstudio.kernel import reloader, source_record

MODULE = """\
DATA = [object()]  # stands for a slow read
def f():
    return {value}
"""


def edit_and_reload(project, name: str = "m") -> dict:
    """Save an edit of f in `name`.py; the reload's changes for that module."""
    project.write(f"{name}.py", MODULE.format(value=2))
    report = project.reload(f"{name}.py")
    assert report["failed"] == []
    return report["modules"][name]


def assert_only_f_ran_again(project, changes: dict, name: str = "m") -> None:
    assert changes["fallback"] is None and changes["rerun"] == ["lines 2-3 (f)"]
    assert project.run(f"{name}.f(), {name}.DATA is data") == (2, True)


@pytest.mark.parametrize("pyc", ["none", "timestamp", "checked hash", "unchecked hash"])
def test_a_save_after_an_import_reruns_only_the_edited_function_whatever_the_pyc(project, monkeypatch, pyc):
    path = project.write("m.py", MODULE.format(value=1))
    monkeypatch.setattr("sys.dont_write_bytecode", pyc == "none")
    if pyc.endswith("hash"):  # as pip installs, or a build with SOURCE_DATE_EPOCH set (PEP 552)
        mode = py_compile.PycInvalidationMode.CHECKED_HASH if pyc == "checked hash" \
            else py_compile.PycInvalidationMode.UNCHECKED_HASH
        py_compile.compile(str(path), invalidation_mode=mode, doraise=True)
    project.run("import m\ndata = m.DATA")
    assert_only_f_ran_again(project, edit_and_reload(project))


def test_a_pyc_cut_short_leaves_the_source_trusted(project, monkeypatch):
    # A .pyc cut short (a full disk, a killed process): the import ignored it, and it says
    # nothing about the text the import read.
    path = project.write("m.py", MODULE.format(value=1))
    cached = Path(py_compile.compile(str(path), doraise=True))
    cached.write_bytes(cached.read_bytes()[:10])
    project.run("import m\ndata = m.DATA")
    assert_only_f_ran_again(project, edit_and_reload(project))


@pytest.mark.parametrize("newest", [True, False], ids=["last imported", "imported before another"])
def test_a_module_imported_afresh_is_compared_with_the_text_it_ran(project, newest):
    # `del sys.modules[...]` then `import`: a new module object, and sys.modules as long as before.
    project.write("m.py", MODULE.format(value=1))
    project.write("other.py", "X = 1\n")
    project.run("import m" if newest else "import m, other")
    project.run("import sys\ndel sys.modules['m']\nimport m\ndata = m.DATA")
    assert_only_f_ran_again(project, edit_and_reload(project))


def test_a_save_made_while_another_cell_imported_something_is_applied(project):
    # The save's reload waits behind a cell that imports another module: the file, read then,
    # already holds the saved text, which is not the text the module ran.
    project.write("m.py", MODULE.format(value=1))
    project.write("other.py", "X = 1\n")
    project.run("import m\ndata = m.DATA")
    project.write("m.py", MODULE.format(value=2))
    project.run("import other")
    report = project.reload("m.py")
    assert_only_f_ran_again(project, report["modules"]["m"])


def test_a_module_imported_before_the_extension_was_loaded_is_applied_whole(project):
    # What its import read is unknown (the file may have been saved since): its first save
    # re-runs the whole module instead of taking the file for the text it ran.
    reloader.unload_ipython_extension(project.shell)
    project.write("m.py", MODULE.format(value=1))
    project.write("other.py", "X = 1\n")
    project.run("import m")
    reloader.load_ipython_extension(project.shell)
    project.write("m.py", MODULE.format(value=2))
    project.run("import other")
    changes = project.reload("m.py")["modules"]["m"]
    assert changes["fallback"] == "its source before the save is not known"
    assert project.run("m.f()") == 2


@pytest.mark.parametrize("trouble", ["saved while its import ran", "removed after its import"])
def test_every_module_a_cell_imports_is_remembered_when_one_cannot_be(project, monkeypatch, trouble):
    monkeypatch.setattr("sys.dont_write_bytecode", False)  # the .pyc says what the import read
    for name in ("a", "b", "c"):
        project.write(f"{name}.py", MODULE.format(value=1))
    project.run("import a")
    spoil = "Path(b.__file__).write_text('X = 1\\n')" if trouble.startswith("saved") \
        else "Path(b.__file__).unlink()"
    project.run(f"import b, c\nfrom pathlib import Path\n{spoil}\ndata = c.DATA")
    assert_only_f_ran_again(project, edit_and_reload(project, "c"), "c")


def test_a_module_not_trusted_at_its_import_is_not_trusted_later(project, monkeypatch):
    # Saved while the cell that imported it ran; then a worker process (joblib, pytest) imports
    # the saved file and writes its .pyc, and a later cell imports something. That .pyc matches
    # the saved text, not the one the kernel ran: taking it as "before" loses the edit.
    monkeypatch.setattr("sys.dont_write_bytecode", False)
    path = project.write("m.py", MODULE.format(value=1))
    project.write("other.py", "X = 1\n")
    project.run(f"import m\nfrom pathlib import Path\n_ = Path(m.__file__).write_text({MODULE.format(value=2)!r})")
    py_compile.compile(str(path), doraise=True)
    project.run("import other")
    changes = project.reload("m.py")["modules"]["m"]
    assert changes["fallback"] == "its source before the save is not known"
    assert project.run("m.f()") == 2


def test_a_cell_that_imports_nothing_does_not_list_the_project_modules(project):
    # The per-cell cost IPython's autoreload has (a look at every module, each cell): a cell
    # that imports nothing only compares the size and last entry of sys.modules.
    listed = []

    def project_modules():
        listed.append(1)
        return reloader._project_modules()

    source_record.install(project.shell, project_modules)
    project.write("m.py", MODULE.format(value=1))
    project.run("x = 1")
    assert listed == []
    project.run("import m\ndata = m.DATA")
    assert listed == [1]
    project.run("y = 2")
    project.run("z = 3")
    assert listed == [1]
    assert_only_f_ran_again(project, edit_and_reload(project))

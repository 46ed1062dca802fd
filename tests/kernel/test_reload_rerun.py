"""A save re-runs only the top-level statements it changed and those that read what they bind."""

from __future__ import annotations

import hashlib
import sys
import traceback

from dsstudio.kernel import reloader

EXPENSIVE = """
    import itertools
    LOADS = itertools.count()
    _CACHE = dict()
    DATA = [next(LOADS), object()]  # stands for a slow read
    RATE = {rate}
    SCALED = RATE * 10
    def total(values):
        return sum(values) + {extra}
    BOTH = total([RATE, 1])
"""


def test_a_function_edit_keeps_loaded_data_and_caches(project):
    project.write("m.py", EXPENSIVE.format(rate=0.5, extra=0))
    project.run("import m; data = m.DATA; m._CACHE['k'] = 1")
    project.write("m.py", EXPENSIVE.format(rate=0.5, extra=100))
    report = project.reload("m.py")
    changes = report["modules"]["m"]
    assert changes["rerun"] == ["lines 8-9 (total)", "line 10"] and changes["fallback"] is None
    assert changes["updated"] == ["total", "BOTH"]
    assert project.run("m.DATA is data, m._CACHE, m.BOTH, m.total([1])") == (True, {"k": 1}, 101.5, 101)


def test_a_constant_edit_reruns_what_reads_it(project):
    project.write("m.py", EXPENSIVE.format(rate=0.5, extra=0))
    project.run("import m; data = m.DATA")
    project.write("m.py", "    # a comment\n\n" + EXPENSIVE.format(rate=2, extra=0))
    changes = project.reload("m.py")["modules"]["m"]
    assert changes["rerun"] == ["line 8", "line 9", "line 12"]
    assert project.run("m.DATA is data, m.SCALED, m.BOTH") == (True, 20, 3)


def test_a_function_the_top_level_calls_reruns_its_callers(project):
    source = "import itertools\nRUNS = itertools.count()\ndef load():\n    return {n}\n" \
             "def prepare():\n    return load() * 2\nDATA = (next(RUNS), prepare())\nOTHER = next(RUNS)\n"
    project.write("m.py", source.format(n=1))
    project.run("import m")
    project.write("m.py", source.format(n=5))
    changes = project.reload("m.py")["modules"]["m"]
    assert changes["rerun"] == ["lines 3-4 (load)", "line 7"]
    assert project.run("m.DATA, m.OTHER") == ((2, 10), 1)


def test_a_rerun_that_changes_an_object_rebuilds_it_first(project):
    source = "REGISTRY = []\nSEEN = set()\nREGISTRY.append({n})\nSEEN.add('x')\n"
    project.write("m.py", source.format(n=1))
    project.run("import m; seen = m.SEEN")
    project.write("m.py", source.format(n=2))
    changes = project.reload("m.py")["modules"]["m"]
    assert changes["rerun"] == ["line 1", "line 3"]
    assert project.run("m.REGISTRY, m.SEEN is seen") == ([2], True)
    project.write("m.py", "REGISTRY = []\nSEEN = set()\nSEEN.add('x')\n")  # the append removed
    assert project.reload("m.py")["modules"]["m"]["rerun"] == ["line 1"]
    assert project.run("m.REGISTRY") == []


def test_unsure_modules_rerun_whole_and_say_why(project):
    project.write("star.py", "from os.path import *\nX = 1\n")
    project.write("dyn.py", "exec('Y = 1')\nX = 1\n")
    project.write("rebind.py", "def setup():\n    global Y\n    Y = 1\nsetup()\nX = 1\n")
    project.run("import star, dyn, rebind")
    for name in ("star", "dyn", "rebind"):
        project.write(f"{name}.py", (project.root / f"{name}.py").read_text().replace("X = 1", "X = 2"))
    report = project.reload("star.py", "dyn.py", "rebind.py")
    reasons = {name: report["modules"][name]["fallback"] for name in ("star", "dyn", "rebind")}
    assert reasons == {"star": "it has a star import", "dyn": "its top level calls exec()",
                       "rebind": "its top level calls setup, which rebinds module names"}
    assert all(report["modules"][n]["rerun"] == ["all"] for n in reasons)


def test_a_module_whose_old_source_is_unknown_reruns_whole(project):
    project.write("m.py", "X = 1\ndef f():\n    return 1\n")
    reloader.unload_ipython_extension(project.shell)  # imported while no one was looking
    project.run("import m")
    reloader.load_ipython_extension(project.shell)
    project.write("m.py", "X = 1\ndef f():\n    return 2\n")
    changes = project.reload("m.py")["modules"]["m"]
    assert changes["fallback"] == "its source before the save is not known"
    project.write("m.py", "X = 1\ndef f():\n    return 3\n")
    assert project.reload("m.py")["modules"]["m"]["rerun"] == ["lines 2-3 (f)"]


def test_rerun_code_keeps_the_files_line_numbers(project):
    project.write("m.py", "X = 1\n\n\ndef f():\n    return 1\n")
    project.run("import m")
    project.write("m.py", "X = 1\n\n\ndef f():\n    raise ValueError('here')\n")
    project.reload("m.py")
    try:
        sys.modules["m"].f()
    except ValueError as error:
        frame = traceback.extract_tb(error.__traceback__)[-1]
    assert (frame.filename, frame.lineno) == (str(project.root / "m.py"), 5)


def test_the_request_carries_the_saved_text_for_a_kernel_without_the_file(project):
    path = project.write("m.py", "def f():\n    return 1\n")
    project.run("import m")
    path.unlink()  # as on a remote kernel
    saved = "def f():\n    return 'sent'\n"
    digest = hashlib.sha256(saved.encode()).hexdigest()
    cut = reloader.reload_paths([path], project.shell, {str(path): ["def f():\n    return 'cut'", digest]})
    assert cut["skipped"] == [{"path": str(path), "reason": "file not found"}]
    reloader.reload_paths([path], project.shell, {str(path): [saved, digest]})
    assert project.run("m.f()") == "sent"
    # A kernel that can read the file reads it: a save made since the request was sent is there.
    path.write_text("def f():\n    return 'on disk'\n")
    reloader.reload_paths([path], project.shell, {str(path): [saved, digest]})
    assert project.run("m.f()") == "on disk"


def test_a_dependent_reruns_only_its_imports_of_what_reran(project):
    project.write("base.py", "SCALE = 1\n")
    project.write("user.py", "import itertools\nLOADS = itertools.count()\nDATA = next(LOADS)\n"
                  "from base import SCALE\nSCALED = SCALE * 10\n")
    project.run("import user")
    project.write("base.py", "SCALE = 3\n")
    report = project.reload("base.py")
    assert report["reloaded"] == ["base", "user"]
    assert report["modules"]["user"]["rerun"] == ["line 4", "line 5"]
    assert project.run("user.DATA, user.SCALED") == (0, 30)


def test_definitions_moved_by_a_save_keep_their_real_line_numbers(project):
    # Not re-run (their code did not change), but tracebacks and breakpoints follow their lines.
    source = """\
def logged(func):
    def wrapper(*args):
        return func(*args)
    return wrapper
{extra}
@logged
def fails():
    raise ValueError("here")
class Box:
    @property
    def fails(self):
        raise ValueError("there")
"""
    project.write("m.py", source.format(extra=""))
    project.run("import m")
    project.write("m.py", source.format(extra="X = 1\n\n\n"))
    changes = project.reload("m.py")["modules"]["m"]
    assert changes["rerun"] == ["line 5"] and changes["updated"] == []

    def failing_line(call) -> int:
        try:
            call()
        except ValueError as error:
            return traceback.extract_tb(error.__traceback__)[-1].lineno
        raise AssertionError("did not fail")

    module = sys.modules["m"]
    assert failing_line(module.fails) == 11
    assert failing_line(lambda: module.Box().fails) == 15
    assert module.logged.__code__.co_consts[1].co_firstlineno == 2  # the decorator did not move


def test_a_file_saved_while_its_import_ran_is_not_taken_for_the_imported_text(project, monkeypatch):
    # The cell imported the old text, the editor saved the new one before the cell ended: taking
    # the file then as "the source before the save" would make the save look like no change.
    monkeypatch.setattr("sys.dont_write_bytecode", False)  # the .pyc says what the import read
    path = project.write("m.py", "def f():\n    return 1\n")
    project.run("""
        import m
        from pathlib import Path
        Path(m.__file__).write_text("def f():\\n    return 22\\n")
    """)
    changes = project.reload("m.py")["modules"]["m"]
    assert changes["fallback"] == "its source before the save is not known"
    assert changes["updated"] == ["f"] and project.run("m.f()") == 22
    assert path.read_text().endswith("22\n")


def test_a_removed_registration_leaves_the_registry_as_a_whole_run_would(project):
    source = ("REGISTRY = dict()\ndef register(name):\n    REGISTRY[name] = len(REGISTRY)\n"
              "register('a')\nregister('b')\n")
    project.write("m.py", source)
    project.run("import m")
    project.write("m.py", source.replace("register('a')\n", ""))
    changes = project.reload("m.py")["modules"]["m"]
    assert changes["rerun"] == ["line 1", "line 4"]
    assert project.run("m.REGISTRY") == {"b": 0}


def test_a_cache_filled_by_functions_survives_an_unrelated_edit(project):
    source = ("import itertools\nLOADS = itertools.count()\n_CACHE = dict()\n"
              "def load():\n    _CACHE['data'] = next(LOADS)\n    return _CACHE['data']\n"
              "def total(x):\n    _CACHE['total'] = x + {n}\n    return _CACHE['total']\n"
              "DATA = load()\nREPORT = total(DATA)\n")
    project.write("m.py", source.format(n=1))
    project.run("import m")
    project.write("m.py", source.format(n=10))
    changes = project.reload("m.py")["modules"]["m"]
    assert changes["rerun"] == ["lines 7-9 (total)", "line 11"]
    assert project.run("m.DATA, m.REPORT, m._CACHE") == (0, 10, {"data": 0, "total": 10})

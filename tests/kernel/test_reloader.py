"""What a reload must get right, each on a real InteractiveShell and real files."""

from __future__ import annotations

import json
import pickle
import sys

from dsstudio.kernel import reloader


def test_functions_and_references_taken_before_run_new_code(project):
    project.write("m.py", """
        def f(x):
            return x + 1
        def outer():
            def inner():
                return "old inner"
            return inner()
    """)
    project.run("import m; from m import f; g = m.f")
    project.write("m.py", """
        def f(x, scale=10):
            return x * scale
        def outer():
            def inner():
                return "new inner"
            return inner()
    """)
    report = project.reload("m.py")
    assert report["reloaded"] == ["m"] and report["failed"] == []
    assert project.run("f(2), g(2), m.f(2, scale=3), m.outer()") == (20, 20, 6, "new inner")
    assert report["modules"]["m"]["updated"] == ["f", "outer"]


def test_classes_methods_properties_and_old_instances(project):
    project.write("shapes.py", """
        class Square:
            sides = 4
            def __init__(self, size):
                self.size = size
            def area(self):
                return 0
            @property
            def label(self):
                return "old"
            @classmethod
            def unit(cls):
                return "old unit"
            @staticmethod
            def kind():
                return "old kind"
            def gone(self):
                return "still here"
    """)
    project.run("""
        import shapes
        sq = shapes.Square(3)
        bound = sq.area
        class Big(shapes.Square):
            pass
        big = Big(10)
    """)
    project.write("shapes.py", """
        class Square:
            sides = 40
            def __init__(self, size):
                self.size = size
            def area(self):
                return self.size ** 2
            @property
            def label(self):
                return f"square {self.size}"
            @classmethod
            def unit(cls):
                return cls(1)
            @staticmethod
            def kind():
                return "new kind"
            def perimeter(self):
                return 4 * self.size
    """)
    changes = project.reload("shapes.py")["modules"]["shapes"]
    assert changes["updated"] == ["Square"]
    assert project.run("sq.area(), bound(), sq.label, sq.kind(), sq.perimeter(), Big.sides") == (
        9, 9, "square 3", "new kind", 12, 40)
    assert project.run("isinstance(sq, shapes.Square) and isinstance(shapes.Square.unit(), shapes.Square)")
    assert project.run("big.area(), hasattr(sq, 'gone')") == (100, False)
    assert pickle.loads(pickle.dumps(project.ns("sq"))).area() == 9


def test_decorated_functions_follow(project):
    project.write("deco.py", """
        import functools
        def logged(func):
            @functools.wraps(func)
            def wrapper(*args):
                return ("logged", func(*args))
            return wrapper
        @logged
        def compute(x):
            return x
        @functools.lru_cache(maxsize=None)
        def cached(x):
            return x
    """)
    # Aliases are not rebound by name: only updating the old objects in place reaches them.
    project.run("from deco import compute, cached; c1, c2 = compute, cached; first = cached(2)")
    project.write("deco.py", """
        import functools
        def logged(func):
            @functools.wraps(func)
            def wrapper(*args):
                return ("logged", func(*args))
            return wrapper
        @logged
        def compute(x):
            return x * 100
        @functools.lru_cache(maxsize=None)
        def cached(x):
            return -x
    """)
    project.reload("deco.py")
    assert project.run("c1(2), c2(2), compute(2), first") == (("logged", 200), -2, ("logged", 200), 2)


def test_dataclasses_enums_namedtuples_and_future_annotations(project):
    source = """
        from __future__ import annotations
        import dataclasses, enum, typing
        @dataclasses.dataclass(frozen=True)
        class Point:
            x: int
            y: int = 0
            def norm(self) -> int:
                return {norm}
        class Color(enum.Enum):
            RED = 1
            BLUE = 2
            def loud(self) -> str:
                return {loud}
        class Pair(typing.NamedTuple):
            a: int
            b: int
            def total(self) -> int:
                return {total}
    """
    project.write("types_m.py", source.format(norm="0", loud="'old'", total="0"))
    project.run("import types_m as t; p = t.Point(3, 4); red = t.Color.RED; pair = t.Pair(1, 2)")
    project.write("types_m.py", source.format(norm="self.x + self.y", loud="self.name",
                                              total="self.a + self.b"))
    report = project.reload("types_m.py")
    assert report["failed"] == []
    assert project.run("p.norm(), red.loud(), pair.total()") == (7, "RED", 3)
    assert project.run("red == t.Color.RED and red is t.Color(1)")
    assert project.run("isinstance(p, t.Point) and p == t.Point(3, 4)")
    try:
        project.run("p.x = 1")
        frozen = False
    except Exception as error:  # noqa: BLE001
        frozen = type(error).__name__ == "FrozenInstanceError"
    assert frozen


def test_from_imports_follow_unless_reassigned(project):
    project.write("config.py", "RATE = 0.1\nEPOCHS = 5\nNAME = 'old'\n")
    project.run("from config import RATE, EPOCHS\nfrom config import *\nEPOCHS = 99")
    project.write("config.py", "RATE = 0.5\nEPOCHS = 50\nNAME = 'new'\nEXTRA = 1\n")
    report = project.reload("config.py")
    assert report["modules"]["config"] == {"updated": ["RATE", "EPOCHS", "NAME"],
                                           "added": ["EXTRA"], "removed": [], "replaced": [],
                                           "reasons": {}, "fallback": None, "warnings": [],
                                           "rerun": ["line 1", "line 2", "line 3", "line 4"]}
    assert project.run("RATE, EPOCHS, NAME") == (0.5, 99, "new")


def test_removed_names_disappear(project):
    project.write("m.py", "def keep(): return 1\ndef drop(): return 2\n")
    project.run("import m")
    project.write("m.py", "def keep(): return 1\n")
    report = project.reload("m.py")
    assert report["modules"]["m"]["removed"] == ["drop"]
    assert not project.run("hasattr(m, 'drop')")


def test_dependents_rerun_in_dependency_order(project):
    project.write("pkg/__init__.py", "from .base import SCALE, scaled\n")
    project.write("pkg/base.py", "SCALE = 2\ndef scaled(x):\n    return x * SCALE\n")
    project.write("derived.py", "from pkg import SCALE\nTABLE = [SCALE * i for i in range(3)]\n")
    project.write("top.py", "import derived\nFIRST = derived.TABLE[1]\n")
    project.write("unrelated.py", "X = 1\n")
    project.run("import top, unrelated, pkg")
    project.write("pkg/base.py", "SCALE = 10\ndef scaled(x):\n    return x * SCALE\n")
    report = project.reload("pkg/base.py")
    assert report["reloaded"] == ["pkg.base", "pkg", "derived", "top"]
    assert project.run("top.FIRST, pkg.scaled(1), pkg.SCALE") == (10, 10, 10)


def test_errors_leave_the_module_as_it_was_and_report_the_line(project):
    project.write("m.py", "VALUE = 1\ndef f():\n    return 'good'\n")
    project.run("import m; before = m.f")
    for bad, line, kind in (("VALUE = 2\ndef f(:\n    pass\n", 2, "SyntaxError"),
                            ("VALUE = 2\nx = 1\nraise ValueError('boom')\n", 3, "ValueError")):
        path = project.write("m.py", bad)
        report = project.reload("m.py")
        (failure,) = report["failed"]
        assert failure["line"] == line and failure["message"].startswith(kind)
        assert failure["path"] == str(path.resolve()) and report["reloaded"] == []
        assert project.run("m.VALUE, m.f(), m.f is before, hasattr(m, 'x')") == (1, "good", True, False)
    project.write("m.py", "VALUE = 3\ndef f():\n    return 'fixed'\n")
    assert project.reload("m.py")["failed"] == []
    assert project.run("m.VALUE, before()") == (3, "fixed")


def test_a_failed_module_holds_back_its_dependents(project):
    project.write("a.py", "X = 1\n")
    project.write("b.py", "from a import X\nY = X + 1\n")
    project.run("import b")
    project.write("a.py", "X = 1/0\n")
    report = project.reload("a.py")
    assert [f["module"] for f in report["failed"]] == ["a"]
    assert report["skipped"][0]["module"] == "b" and "depends on a" in report["skipped"][0]["reason"]


def test_main_blocks_and_module_prints_stay_quiet(project):
    project.write("script.py", "print('importing')\nif __name__ == '__main__':\n    RAN = True\n")
    project.run("import script")
    project.write("script.py", "print('importing again')\nif __name__ == '__main__':\n    RAN = True\n")
    report = project.reload("script.py")
    assert report["output"] == "importing again\n"
    assert not project.run("hasattr(script, 'RAN')")


def test_unimported_outside_and_non_python_paths_are_skipped(project, tmp_path):
    project.write("never.py", "X = 1\n")
    (project.root / "notes.txt").write_text("hi")
    outside = tmp_path / "elsewhere.py"
    outside.write_text("X = 1\n")
    report = reloader.reload_paths([project.root / "never.py", project.root / "notes.txt", outside],
                                   project.shell)
    reasons = [s["reason"] for s in report["skipped"]]
    assert reasons == ["not imported", "not a Python file", "outside the project"]
    assert "never" not in sys.modules
    json.dumps(report)  # the report crosses the wire as JSON


def test_magic_and_only_the_source_recorders_cell_hooks(project):
    # No per-cell module scan (autoreload's cost): only the call that notices an import.
    from dsstudio.kernel import source_record

    events = project.shell.events
    reloader.unload_ipython_extension(project.shell)
    hooks_before = {name: list(cbs) for name, cbs in events.callbacks.items()}
    reloader.load_ipython_extension(project.shell)
    added = {name: [cb for cb in cbs if cb not in hooks_before.get(name, [])]
             for name, cbs in events.callbacks.items()}
    assert {name: cbs for name, cbs in added.items() if cbs} == {
        "post_run_cell": [source_record.cell_finished]}
    project.write("m.py", "def f():\n    return 1\n")
    project.run("import m")
    project.write("m.py", "def f():\n    return 2\ndef g():\n    return 3\n")
    project.shell.run_line_magic("dsreload", str(project.root / "m.py"))
    assert project.run("m.f()") == 2
    assert reloader.summary(reloader.last_report) == \
        "m reloaded: f updated, g added, re-ran lines 1-2 (f), lines 3-4 (g)"


def test_users_own_autoreload_keeps_working(project):
    project.write("m.py", "def f():\n    return 1\n")
    project.run("%load_ext autoreload\n%autoreload 2\nimport m")
    try:
        project.write("m.py", "def f():\n    return 2\n")
        assert project.reload("m.py")["reloaded"] == ["m"]
        assert project.run("m.f()") == 2
        project.write("m.py", "def f():\n    return 3\n")  # no dsstudio reload this time
        assert project.run("m.f()") == 3
    finally:
        project.run("%autoreload 0")


def test_modules_at_names_every_import_of_a_file_and_nothing_for_others(project):
    """Run File asks this before `%run` (issue 19): a file imported under two names (the project
    root and its parent both on sys.path) is both; a file nobody imported, or a %run script
    (its `__main__`), is none."""
    import json

    project.write("pkg/__init__.py", "")
    models = project.write("pkg/models.py", "class Model:\n    pass\n")
    script = project.write("script.py", "x = 1\n")
    assert json.loads(reloader.modules_at_json(models)) == []
    sys.path.insert(0, str(project.root / "pkg"))
    try:
        project.run("import models, pkg.models")
        assert json.loads(reloader.modules_at_json(models)) == ["models", "pkg.models"]
        project.run(f"%run {script}")
        assert json.loads(reloader.modules_at_json(script)) == []
    finally:
        sys.path.remove(str(project.root / "pkg"))

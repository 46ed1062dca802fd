"""What a user sees after a save, as kernel/module_reload.py decides it: which names a reload
removes and which it leaves, what the report lists, and when a module whose text before the
save is unknown is taken as saved unchanged. Mutation testing of module_reload.py found that no
test pinned them. On a real InteractiveShell with the extension loaded as the app loads it."""

from __future__ import annotations

import py_compile

from dsstudio.kernel import reloader

REGISTRY = ("class Registry(type):\n    names = []\n    def __init__(cls, *args):\n"
            "        super().__init__(*args)\n        Registry.names.append(cls.__name__)\n"
            "class Plugin(metaclass=Registry):\n    pass\n")


def _import_unseen(project, name: str) -> None:
    """Import `name` while the extension is not loaded: its text at import is not known."""
    reloader.unload_ipython_extension(project.shell)
    project.run(f"import {name}")
    reloader.load_ipython_extension(project.shell)


# ---- Names a save removes, and names it must leave


def test_an_attribute_the_user_set_survives_every_later_save(project):
    project.write("m.py", "def a():\n    return 1\ndef b():\n    return 2\n")
    project.run("import m")
    project.write("m.py", "def a():\n    return 10\ndef b():\n    return 2\n")
    assert project.reload("m.py")["modules"]["m"]["updated"] == ["a"]
    project.run("m.patched_in = 'by the user'")
    project.write("m.py", "def a():\n    return 10\n")
    assert project.reload("m.py")["modules"]["m"]["removed"] == ["b"]
    assert project.run("hasattr(m, 'b'), m.patched_in") == (False, "by the user")


def test_an_attribute_the_user_set_before_the_first_save_survives_it(project):
    # `import config; config.DEBUG = True`, then an edit of config.py: DEBUG is the user's.
    project.write("config.py", "def rate():\n    return 1\n")
    project.run("import config\nconfig.DEBUG = True")
    project.write("config.py", "def rate():\n    return 2\n")
    report = project.reload("config.py")
    assert report["modules"]["config"]["removed"] == []
    assert project.run("config.DEBUG, config.rate()") == (True, 2)


def test_a_name_added_then_removed_goes_through_the_user_set_another_in_between(project):
    project.write("m.py", "def a():\n    return 1\n")
    project.run("import m")
    project.run("m.patched_in = 'by the user'")
    project.write("m.py", "def a():\n    return 1\ndef c():\n    return 3\n")
    assert project.reload("m.py")["modules"]["m"]["added"] == ["c"]
    project.write("m.py", "def a():\n    return 1\n")
    assert project.reload("m.py")["modules"]["m"]["removed"] == ["c"]
    assert project.run("hasattr(m, 'c'), m.patched_in") == (False, "by the user")


def test_an_import_removed_by_a_save_is_gone_from_the_module(project):
    project.write("m.py", "import json\nimport os.path\ndef a():\n    return 1\n")
    project.run("import m")
    project.write("m.py", "def a():\n    return 1\n")
    assert project.reload("m.py")["modules"]["m"]["removed"] == ["json", "os"]
    assert project.run("hasattr(m, 'json'), hasattr(m, 'os')") == (False, False)


def test_a_package_that_stops_importing_a_submodule_keeps_it_and_drops_the_rest(project):
    project.write("pkg/__init__.py", "from . import io\nVERSION = 1\nNAME = 'p'\n")
    project.write("pkg/io.py", "def load():\n    return 'data'\n")
    project.run("import pkg")
    project.write("pkg/__init__.py", "NAME = 'p'\n")
    report = project.reload("pkg/__init__.py")
    assert report["modules"]["pkg"]["removed"] == ["VERSION"]
    assert project.run("pkg.io.load(), hasattr(pkg, 'VERSION')") == ("data", False)


def test_star_imported_names_follow_their_module_in_a_package(project):
    # `from .core import *` in a package: what core still has stays, what it lost goes.
    project.write("app/__init__.py", "from .core import *\n")
    project.write("app/core.py", "def fit():\n    return 1\ndef legacy():\n    return 0\n")
    project.run("import app")
    project.write("app/core.py", "def fit():\n    return 2\n")
    report = project.reload("app/core.py")
    assert report["modules"]["app"]["removed"] == ["legacy"]
    assert project.run("app.fit(), hasattr(app, 'legacy')") == (2, False)


def test_a_module_with_a_star_import_keeps_the_users_attribute_from_its_second_save_on(project):
    # Before the first save what the star import brought is not known; after it, it is.
    project.write("m.py", "from os.path import *\ndef f():\n    return 1\n")
    project.run("import m")
    project.write("m.py", "from os.path import *\ndef f():\n    return 2\n")
    project.reload("m.py")
    project.run("m.DEBUG = True")
    project.write("m.py", "from os.path import *\ndef f():\n    return 3\n")
    assert project.reload("m.py")["modules"]["m"]["removed"] == []
    assert project.run("m.f(), m.DEBUG, m.join('a', 'b')") == (3, True, "a/b")


def test_star_imported_names_follow_their_modules_one_and_two_levels_up(project):
    project.write("app/__init__.py", "")
    project.write("app/formats.py", "def parse():\n    return 'p1'\n")
    project.write("app/io/__init__.py", "")
    project.write("app/io/csv_format.py", "def read():\n    return 'r1'\n")
    project.write("app/io/readers.py", "from .csv_format import *\nfrom ..formats import *\n")
    project.run("import app.io.readers as readers")
    project.write("app/formats.py", "def parse():\n    return 'p2'\n")
    project.write("app/io/csv_format.py", "def read():\n    return 'r2'\n")
    report = project.reload("app/formats.py", "app/io/csv_format.py")
    assert report["modules"]["app.io.readers"]["removed"] == []
    assert project.run("readers.read(), readers.parse()") == ("r2", "p2")


# ---- What the report lists


def test_every_name_a_save_adds_is_reported_added(project):
    project.write("m.py", "def a():\n    return 1\n")
    project.run("import m")
    project.write("m.py", "def a():\n    return 1\ndef b():\n    return 2\nC = 3\n")
    assert project.reload("m.py")["modules"]["m"]["added"] == ["b", "C"]
    assert project.run("m.b(), m.C") == (2, 3)


def test_the_report_names_the_users_names_not_the_modules_dunders(project):
    project.write("m.py", '"""Old docstring."""\ndef a():\n    return 1\n')
    project.run("import m")
    project.write("m.py", '"""New docstring."""\n__all__ = ["a"]\ndef a():\n    return 2\n')
    changes = project.reload("m.py")["modules"]["m"]
    assert (changes["updated"], changes["added"]) == (["a"], [])
    assert project.run("m.__doc__, m.__all__, m.a()") == ("New docstring.", ["a"], 2)


# ---- A decorator that wraps in an object of another module's class


def test_a_function_wrapped_in_another_modules_object_takes_the_new_code(project):
    # Such a wrapper (a class that keeps `__wrapped__`, no functools.wraps) reports the
    # decorator's module as its own: the function it wraps says where it was defined.
    project.write("counting.py", """
        class Counted:
            def __init__(self, fn):
                self.__wrapped__ = fn
                self.calls = 0
            def __call__(self, *args):
                self.calls += 1
                return self.__wrapped__(*args)
    """)
    project.write("m.py", "from counting import Counted\n@Counted\ndef f():\n    return 1\n")
    project.run("import m\nf = m.f\nf()")
    project.write("m.py", "from counting import Counted\n@Counted\ndef f():\n    return 2\n")
    assert project.reload("m.py")["modules"]["m"]["updated"] == ["f"]
    assert project.run("f(), m.f is f, f.calls") == (2, True, 2)


# ---- A module whose text before the save is unknown (imported before the extension loaded):
# the bytecode cache its import wrote tells what its body ran.


def test_an_unseen_module_saved_unchanged_runs_nothing(project, monkeypatch):
    monkeypatch.setattr("sys.dont_write_bytecode", False)
    project.write("plugins.py", REGISTRY)
    _import_unseen(project, "plugins")
    project.run("class Mine(plugins.Plugin):\n    pass")
    project.write("plugins.py", REGISTRY)
    changes = project.reload("plugins.py")["modules"]["plugins"]
    assert (changes["rerun"], changes["fallback"], changes["updated"]) == ([], None, [])
    assert project.run("plugins.Registry.names") == ["Plugin", "Mine"]


def test_an_unseen_module_whose_saved_file_another_process_compiled_takes_the_change(
        project, monkeypatch):
    monkeypatch.setattr("sys.dont_write_bytecode", False)
    project.write("m.py", "X = 1\n")
    _import_unseen(project, "m")
    path = project.write("m.py", "X = 2\n")
    py_compile.compile(str(path))  # pytest or `dsstudio run` importing the saved file
    changes = project.reload("m.py")["modules"]["m"]
    assert changes["fallback"] == "its source before the save is not known"
    assert project.run("m.X") == 2


def test_an_unseen_module_whose_cache_is_hash_based_takes_the_change(project, monkeypatch):
    # A hash-based .pyc (SOURCE_DATE_EPOCH builds, `compileall --invalidation-mode`) records no
    # file time: it may be of the saved text, so it never counts as what the import ran.
    monkeypatch.setattr("sys.dont_write_bytecode", False)
    project.write("m.py", "X = 1\n")
    _import_unseen(project, "m")
    path = project.write("m.py", "X = 2\n")
    py_compile.compile(str(path), invalidation_mode=py_compile.PycInvalidationMode.UNCHECKED_HASH)
    project.reload("m.py")
    assert project.run("m.X") == 2


def test_an_unseen_module_saved_unchanged_with_a_changed_dependency_runs_again(project, monkeypatch):
    # "Save all": the dependency changed, the module did not; what it took from it must follow.
    monkeypatch.setattr("sys.dont_write_bytecode", False)
    project.write("base.py", "SCALE = 1\n")
    project.write("user.py", "from base import SCALE\nSCALED = SCALE * 10\n")
    _import_unseen(project, "user")
    project.write("base.py", "SCALE = 3\n")
    project.write("user.py", "from base import SCALE\nSCALED = SCALE * 10\n")
    report = project.reload("base.py", "user.py")
    assert report["reloaded"] == ["base", "user"]
    assert project.run("user.SCALED") == 30


# ---- Saves that cannot run: the report says why, the module stays as it was


def test_a_dependent_of_a_module_saved_unchanged_is_left_alone(project):
    project.write("base.py", "SCALE = 1\n")
    project.write("user.py", "import itertools\nLOADS = itertools.count()\nDATA = next(LOADS)\n"
                  "from base import SCALE\n")
    project.run("import user")
    project.write("base.py", "SCALE = 1\n")
    report = project.reload("base.py")
    assert report["reloaded"] == ["base"] and report["modules"]["base"]["updated"] == []
    assert project.run("user.DATA, next(user.LOADS)") == (0, 1)


def test_a_syntax_error_is_reported_with_its_module_file_and_line(project):
    project.write("m.py", "X = 1\n")
    project.run("import m")
    path = project.write("m.py", "X = 2\ndef f(:\n    pass\n")
    (failure,) = project.reload("m.py")["failed"]
    assert failure == {"module": "m", "path": str(path.resolve()), "line": 2,
                       "message": "SyntaxError: invalid syntax"}
    assert project.run("m.X") == 1


def test_a_statement_python_refuses_only_when_compiling_is_reported_with_its_line(project):
    # `return` at the top level parses, and fails only when compiled.
    project.write("m.py", "X = 1\n")
    project.run("import m")
    path = project.write("m.py", "X = 2\n\nreturn X\n")
    (failure,) = project.reload("m.py")["failed"]
    assert failure == {"module": "m", "path": str(path.resolve()), "line": 3,
                       "message": "SyntaxError: 'return' outside function (m.py, line 3)"}
    assert project.run("m.X") == 1


def test_a_misspelt_future_import_is_reported_with_its_line(project):
    project.write("m.py", "X = 1\n")
    project.run("import m")
    path = project.write("m.py", "from __future__ import anotations\nX = 2\n")
    (failure,) = project.reload("m.py")["failed"]
    assert failure == {"module": "m", "path": str(path.resolve()), "line": 1,
                       "message": "SyntaxError: future feature anotations is not defined (m.py, line 1)"}
    assert project.run("m.X") == 1


def test_a_compile_error_of_an_unseen_module_is_reported_with_its_line(project):
    project.write("m.py", "X = 1\n")
    _import_unseen(project, "m")
    path = project.write("m.py", "X = 2\nreturn X\n")
    (failure,) = project.reload("m.py")["failed"]
    assert failure == {"module": "m", "path": str(path.resolve()), "line": 2,
                       "message": "SyntaxError: 'return' outside function (m.py, line 2)"}
    assert project.run("m.X") == 1


def test_a_file_saved_in_another_encoding_is_reported_and_changes_nothing(project):
    project.write("m.py", "X = 1\n")
    project.run("import m")
    path = project.root / "m.py"
    path.write_bytes("X = 'caf\u00e9'\n".encode("latin-1"))
    (failure,) = project.reload("m.py")["failed"]
    assert (failure["module"], failure["path"], failure["line"]) == ("m", str(path.resolve()), None)
    assert failure["message"] == "SyntaxError: invalid or missing encoding declaration"
    assert project.run("m.X") == 1


def test_a_file_not_in_utf8_past_its_first_lines_is_reported_and_changes_nothing(project):
    # Python checks the encoding of the first two lines only: the rest fails when decoded.
    project.write("m.py", "X = 1\n")
    project.run("import m")
    path = project.root / "m.py"
    path.write_bytes("X = 2\n\nNAME = 'caf\u00e9'\n".encode("latin-1"))
    (failure,) = project.reload("m.py")["failed"]
    assert failure == {"module": "m", "path": str(path.resolve()), "line": None,
                       "message": "UnicodeDecodeError: 'utf-8' codec can't decode byte 0xe9 in "
                                  "position 18: invalid continuation byte"}
    assert project.run("m.X") == 1


def test_annotations_stay_evaluated_in_a_module_without_the_future_import(project):
    project.write("m.py", "X = 1\ndef f(x: int) -> int:\n    return x\n")
    project.run("import m")
    project.write("m.py", "X = 1\ndef f(x: int) -> int:\n    return x + 1\n")
    project.reload("m.py")
    assert project.run("m.f.__annotations__, m.f(1)") == ({"x": int, "return": int}, 2)


# ---- Classes a save cannot update in place


def test_a_mixin_given_to_a_base_held_after_its_subclass_reaches_the_subclass(project):
    # The base was extracted in a later save, so the module holds it after its subclass (and
    # after Settings, also given the mixin): both refused, the subclass, looked at before the
    # base, must be made again on the new base too.
    project.write("m.py", "class Settings:\n    pass\nclass Model:\n    pass\n")
    project.run("import m")
    project.write("m.py", "class Settings:\n    pass\nclass Base:\n    pass\nclass Model(Base):\n    pass\n")
    project.reload("m.py")
    project.write("m.py", "class Mixin:\n    def save(self):\n        return 'saved'\n"
                  "class Settings(Mixin):\n    pass\nclass Base(Mixin):\n    pass\n"
                  "class Model(Base):\n    pass\n")
    changes = project.reload("m.py")["modules"]["m"]
    assert changes["replaced"] == ["Settings", "Model", "Base"]
    assert changes["reasons"]["Model"] == "its base classes changed; objects made before keep the old class"
    assert project.run("m.Model().save(), m.Settings().save(), issubclass(m.Model, m.Base)") == \
        ("saved", "saved", True)


def test_an_alias_of_a_class_made_again_is_the_new_class(project):
    project.write("m.py", "class Base:\n    pass\nAlias = Base\n")
    project.run("import m\nold = m.Base()")
    project.write("m.py", "class Mixin:\n    def save(self):\n        return 'saved'\n"
                  "class Base(Mixin):\n    pass\nAlias = Base\n")
    changes = project.reload("m.py")["modules"]["m"]
    assert (changes["replaced"], changes["added"]) == (["Base", "Alias"], ["Mixin"])
    assert project.run("m.Alias is m.Base, m.Alias().save(), isinstance(old, m.Base)") == \
        (True, "saved", False)


# ---- Statements run again alone


def test_a_function_edited_under_the_future_import_keeps_its_annotations_as_text(project):
    # Only the edited function runs again: it must be compiled as the rest of the file was
    # (with every future import it has, the one that matters first).
    source = ("from __future__ import annotations\nfrom __future__ import generator_stop\n"
              "def f(x: Frame) -> Frame:\n    return {value}\n")
    project.write("m.py", source.format(value=1))
    project.run("import m")
    project.write("m.py", source.format(value=2))
    assert project.reload("m.py")["modules"]["m"]["rerun"] == ["lines 3-4 (f)"]
    assert project.run("m.f(0), m.f.__annotations__") == (2, {"x": "Frame", "return": "Frame"})


def test_a_name_with_two_leading_underscores_is_the_modules_like_any_other(project):
    project.write("m.py", "def __helper():\n    return 1\n")
    project.run("import m\nhelper = getattr(m, '__helper')")
    project.write("m.py", "def __helper():\n    return 2\n__cache = {}\n")
    changes = project.reload("m.py")["modules"]["m"]
    assert (changes["updated"], changes["added"]) == (["__helper"], ["__cache"])
    assert project.run("helper()") == 2
    project.write("m.py", "def __helper():\n    return 2\n")
    assert project.reload("m.py")["modules"]["m"]["removed"] == ["__cache"]


def test_after_a_save_unchanged_the_next_edit_runs_only_what_changed(project, monkeypatch):
    # Also for a module imported unseen: the text saved unchanged is what its body ran.
    monkeypatch.setattr("sys.dont_write_bytecode", False)
    source = "import itertools\nLOADS = itertools.count()\nDATA = next(LOADS)\ndef f():\n    return {}\n"
    project.write("m.py", source.format(1))
    _import_unseen(project, "m")
    for _ in range(2):
        project.write("m.py", source.format(1))
        assert project.reload("m.py")["modules"]["m"]["rerun"] == []
    project.run("m.DEBUG = True")  # the user's, as the saved text does not bind it
    project.write("m.py", source.format(2))
    changes = project.reload("m.py")["modules"]["m"]
    assert (changes["rerun"], changes["fallback"], changes["removed"]) == (["lines 4-5 (f)"], None, [])
    assert project.run("m.DATA, m.f(), m.DEBUG") == (0, 2, True)


def test_a_failure_while_updating_says_the_module_is_as_before(project, monkeypatch):
    from dsstudio.kernel import patching

    project.write("m.py", "def f():\n    return 1\n")
    project.run("import m\nf = m.f")
    path = project.write("m.py", "def f():\n    return 2\n")

    def failing(old, new):
        raise RuntimeError("cannot update")

    monkeypatch.setattr(patching, "update_object", failing)
    (failure,) = project.reload("m.py")["failed"]
    assert failure == {"module": "m", "path": str(path.resolve()), "line": None,
                       "message": "RuntimeError: cannot update (while updating objects in place; "
                                  "the module is as before the save)"}
    assert project.run("m.f is f, f()") == (True, 1)

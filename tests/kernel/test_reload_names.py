"""The user's own names, packages' submodules and module state across reloads (issue 10)."""

from __future__ import annotations

import sys


def test_users_own_variables_are_never_rebound_by_a_shared_name(project):
    # Reported: a notebook's DEBUG = False and n_jobs = 1 became True and 8 when cfg.py (which
    # also has them, with the same cached values) was saved.
    project.write("cfg.py", "DEBUG = False\nn_jobs = 1\nSEED = 0\n")
    project.run("import cfg\nDEBUG = False\nn_jobs = 1\nfrom cfg import SEED")
    project.write("cfg.py", "DEBUG = True\nn_jobs = 8\nSEED = 42\n")
    project.reload("cfg.py")
    assert project.run("DEBUG, n_jobs, SEED") == (False, 1, 42)


def test_alias_follows_and_a_reassigned_name_is_left_alone(project):
    project.write("m.py", "n = 1\nk = 2\n")
    project.run("from m import n as foo, k")
    project.run("k = 2")  # the user's own, equal to the module's value
    project.write("m.py", "n = 10\nk = 20\n")
    project.reload("m.py")
    assert project.run("foo, k") == (10, 2)


def test_star_import_brings_new_names_but_not_over_the_users(project):
    project.write("tools.py", "def f():\n    return 1\n")
    project.run("from tools import *")
    project.run("def g():\n    return 'mine'")  # the user's own g, before tools has one
    project.write("tools.py", "def f():\n    return 2\ndef g():\n    return 'tools'\ndef h():\n"
                              "    return 3\n")
    project.reload("tools.py")
    assert project.run("f(), g(), h()") == (2, "mine", 3)


def test_import_inside_blocks_is_recorded_and_a_failed_cell_binds_nothing(project):
    project.write("m.py", "A = 1\nB = 1\n")
    project.run("try:\n    from m import A\nexcept ImportError:\n    A = None")
    project.write("m.py", "A = 2\nB = 2\n")
    project.reload("m.py")
    assert project.run("A") == 2
    result = project.shell.run_cell("raise RuntimeError\nfrom m import B", store_history=False)
    assert not result.success
    project.write("m.py", "A = 3\nB = 3\n")
    project.reload("m.py")
    assert not project.run("'B' in dir()")  # recorded, never bound: not created by a reload


def test_package_keeps_its_submodules_when_a_submodule_is_saved(project):
    # Reported with a src layout: saving mypkg/features.py said "mypkg reloaded: features
    # removed, io removed", and mypkg.io raised AttributeError until a restart.
    project.write("mypkg/__init__.py", "from .features import build\nVERSION = 1\n")
    project.write("mypkg/features.py", "def build():\n    return 'v1'\n")
    project.write("mypkg/io.py", "def load():\n    return 'data'\n")
    project.run("import mypkg, mypkg.io")
    project.write("mypkg/features.py", "def build():\n    return 'v2'\n")
    report = project.reload("mypkg/features.py")
    assert report["reloaded"] == ["mypkg.features", "mypkg"]
    assert report["modules"]["mypkg"]["removed"] == []
    assert project.run("mypkg.io.load(), mypkg.features.build(), mypkg.build()") == ("data", "v2", "v2")
    project.run("import mypkg.io")
    assert project.run("mypkg.io is __import__('sys').modules['mypkg.io']")


def test_module_state_kept_by_the_name_error_idiom_survives(project):
    source = ("try:\n    registry\nexcept NameError:\n    registry = {{}}\n"
              "def register(key):\n    registry[key] = {value}\n")
    project.write("reg.py", source.format(value=1))
    project.run("import reg; reg.register('a')")
    project.write("reg.py", source.format(value=2))
    report = project.reload("reg.py")
    assert report["modules"]["reg"]["removed"] == []
    project.run("reg.register('b')")
    assert project.run("reg.registry") == {"a": 1, "b": 2}


def test_removed_names_go_also_on_later_reloads_but_attributes_set_from_outside_stay(project):
    project.write("m.py", "def a():\n    return 1\ndef b():\n    return 2\n")
    project.run("import m")
    project.write("m.py", "def a():\n    return 1\ndef b():\n    return 2\n")
    project.reload("m.py")
    project.run("m.patched_in = 'by the user'")
    project.write("m.py", "def a():\n    return 1\n")
    report = project.reload("m.py")
    assert report["modules"]["m"]["removed"] == ["b"]
    assert project.run("hasattr(m, 'b'), m.patched_in") == (False, "by the user")
    assert "m" in sys.modules


def test_unchanged_save_keeps_state_the_body_would_reset(project, monkeypatch):
    # A metaclass registry filled as classes are defined (the notebook's own subclass included):
    # running the body again would empty it, so an unchanged save runs nothing.
    source = ("class Registry(type):\n    names = []\n    def __init__(cls, *args):\n"
              "        super().__init__(*args)\n        Registry.names.append(cls.__name__)\n"
              "class Plugin(metaclass=Registry):\n    pass\n")
    monkeypatch.setattr("sys.dont_write_bytecode", False)  # its .pyc tells what the import ran
    project.write("plugins.py", source)
    project.run("import plugins\nclass Mine(plugins.Plugin):\n    pass")
    project.write("plugins.py", source)
    report = project.reload("plugins.py")
    assert report["reloaded"] == ["plugins"] and report["modules"]["plugins"]["updated"] == []
    assert project.run("plugins.Registry.names") == ["Plugin", "Mine"]
    project.write("plugins.py", source + "VERSION = 2\n")  # a real change runs the body
    assert project.reload("plugins.py")["modules"]["plugins"]["added"] == ["VERSION"]


def test_a_pyc_compiled_by_another_process_never_hides_a_change(project, monkeypatch):
    import py_compile

    monkeypatch.setattr("sys.dont_write_bytecode", False)
    project.write("m.py", "X = 1\n")
    project.run("import m")
    path = project.write("m.py", "X = 2\n")
    py_compile.compile(str(path))  # pytest or `dsstudio run` importing the saved file
    project.reload("m.py")
    assert project.run("m.X") == 2

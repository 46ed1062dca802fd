"""What a save shows and which modules it reloads (kernel/reloader.py): behaviours no test pinned.

Mutation testing of reloader.py found each: a change to it kept every other test green. The one
line the app shows after a save (no change, a failure's line, why a file was not reloaded, a
class replaced and why, a whole re-run and why, warnings), and which modules a save brings
along: a module that started importing the saved one, relative imports in packages, imports
inside top-level blocks but not in functions, import cycles. On a real InteractiveShell with the
extension loaded.
"""

from __future__ import annotations

import json
import sys

from dsstudio.kernel import reloader


def summary_after_save(project, *relatives: str) -> str:
    return reloader.summary(project.reload(*relatives))


def test_a_save_that_changed_nothing_says_no_change(project):
    project.write("m.py", "X = 1\n")
    project.run("import m")
    project.write("m.py", "X = 1\n")
    assert summary_after_save(project, "m.py") == "m reloaded, no change"


def test_a_failed_save_names_the_module_line_and_error(project):
    project.write("m.py", "X = 1\n")
    project.run("import m")
    project.write("m.py", "X = 1\nY = 1 / 0\n")
    assert summary_after_save(project, "m.py") == "m failed at line 2: ZeroDivisionError: division by zero"


def test_files_not_reloaded_say_why_and_nothing_says_so(project):
    (project.root / "notes.txt").write_text("hi")
    project.write("never.py", "X = 1\n")
    assert summary_after_save(project, "notes.txt", "never.py") == \
        "notes.txt not reloaded: not a Python file; never.py not reloaded: not imported"
    assert summary_after_save(project) == "nothing to reload"


def test_two_modules_reloaded_are_one_line_each_in_order(project):
    project.write("a.py", "X = 1\n")
    project.write("b.py", "from a import X\nY = X + 1\n")
    project.run("import b")
    project.write("a.py", "X = 2\n")
    assert summary_after_save(project, "a.py") == \
        "a reloaded: X updated, re-ran line 1; b reloaded: X updated, Y updated, re-ran line 1, line 2"
    assert project.run("b.Y") == 3


def test_a_class_replaced_says_why(project):
    project.write("feat.py", "import enum\nclass Feature(enum.Flag):\n    A = 1\n")
    project.run("import feat")
    project.write("feat.py", "import enum\nclass Feature(enum.Flag):\n    A = 1\n    B = 2\n")
    report = project.reload("feat.py")
    reason = report["modules"]["feat"]["reasons"]["Feature"]
    assert reason
    assert reloader.summary(report) == f"feat reloaded: Feature replaced ({reason}), re-ran lines 2-4 (Feature)"


def test_a_whole_rerun_says_why(project):
    project.write("base.py", "A = 1\n")
    project.write("m.py", "from base import *\nB = 2\n")
    project.run("import m")
    project.write("m.py", "from base import *\nB = 3\n")
    assert summary_after_save(project, "m.py") == \
        "m reloaded: B updated, whole module re-ran (it has a star import)"


WARNS = "import warnings\n{warns}\ndef f():\n    return 1\n"


def test_warnings_of_a_save_are_counted_and_the_first_shown(project):
    project.write("w.py", WARNS.format(warns=""))
    project.run("import w")
    project.write("w.py", WARNS.format(warns="warnings.warn('careful')"))
    assert summary_after_save(project, "w.py").endswith("1 warning: UserWarning: careful")
    project.write("w.py", WARNS.format(warns="warnings.warn('first')\nwarnings.warn('second')"))
    assert summary_after_save(project, "w.py").endswith("2 warnings: UserWarning: first")


def test_a_long_warning_is_cut_to_one_line_of_the_summary(project):
    project.write("w.py", WARNS.format(warns=""))
    project.run("import w")
    long = "x" * 200
    project.write("w.py", WARNS.format(warns=f"warnings.warn({long!r})"))
    report = project.reload("w.py")
    assert report["modules"]["w"]["warnings"] == [f"UserWarning: {long}"]  # the console shows it whole
    shown = reloader.summary(report).split("1 warning: ")[1]
    assert shown == ("UserWarning: " + long)[:reloader.WARNING_SHOWN - 1] + "…"
    assert len(shown) == reloader.WARNING_SHOWN
    exact = "y" * (reloader.WARNING_SHOWN - len("UserWarning: "))
    project.write("w.py", WARNS.format(warns=f"warnings.warn({exact!r})"))
    assert summary_after_save(project, "w.py").endswith(f"1 warning: UserWarning: {exact}")


def test_a_module_that_started_importing_the_saved_one_is_reloaded_with_it(project):
    project.write("a.py", "RATE = 1\n")
    project.write("b.py", "RATE = 0\n")
    project.run("import a, b")
    assert project.reload("a.py")["reloaded"] == ["a"]
    project.write("b.py", "from a import RATE\n")
    project.reload("b.py")
    for rate in (2, 3):  # the second time, b's imports are known from the first
        project.write("a.py", f"RATE = {rate}\n")
        assert project.reload("a.py")["reloaded"] == ["a", "b"]
        assert project.run("b.RATE") == rate


def test_relative_imports_in_packages_bring_their_modules_along(project):
    project.write("pkg/__init__.py", "from . import util\n")
    project.write("pkg/util.py", "RATE = 1\n")
    project.write("pkg/models.py", "from .util import RATE\n")
    project.write("pkg/sub/__init__.py", "")
    project.write("pkg/sub/leaf.py", "SIZE = 1\n")
    project.write("pkg/sub/deep.py", "from ..util import RATE\nfrom .. import util as u\nfrom .leaf import SIZE\n")
    project.run("import pkg.models, pkg.sub.deep")
    project.write("pkg/util.py", "RATE = 2\n")
    report = project.reload("pkg/util.py")
    assert sorted(report["reloaded"]) == ["pkg", "pkg.models", "pkg.sub.deep", "pkg.util"]
    assert project.run("pkg.models.RATE, pkg.sub.deep.RATE, pkg.sub.deep.u.RATE") == (2, 2, 2)
    project.write("pkg/sub/leaf.py", "SIZE = 2\n")
    assert project.reload("pkg/sub/leaf.py")["reloaded"] == ["pkg.sub.leaf", "pkg.sub.deep"]
    assert project.run("pkg.sub.deep.SIZE") == 2


BLOCKS = """
import sys
if sys.version_info >= (3,):
    from a import A
else:
    pass
try:
    from b import B
except ImportError:
    from c import C
else:
    from d import D
finally:
    from e import E
with open(__file__) as handle:
    from f import F
def later():
    from g import G
    return G
"""


def test_imports_in_top_level_blocks_bring_the_module_along_and_those_in_functions_not(project):
    for name in "abcdefg":
        project.write(f"{name}.py", f"{name.upper()} = 1\n")
    project.write("user.py", BLOCKS)
    project.run("import user, c, g")
    for name in "abcdef":
        project.write(f"{name}.py", f"{name.upper()} = 2\n")
        assert project.reload(f"{name}.py")["reloaded"] == [name, "user"], name
    project.write("g.py", "G = 2\n")
    assert project.reload("g.py")["reloaded"] == ["g"]
    assert project.run("user.A, user.B, user.D, user.E, user.F, user.later()") == (2, 2, 2, 2, 2, 2)


def test_modules_that_import_each_other_are_reloaded_once_each(project):
    project.write("ping.py", "import pong\nNAME = 'ping'\n")
    project.write("pong.py", "import ping\nNAME = 'pong'\ndef other():\n    return ping.NAME\n")
    project.run("import ping")
    project.write("ping.py", "import pong\nNAME = 'PING'\n")
    report = project.reload("ping.py")
    assert report["reloaded"] == ["ping", "pong"]
    assert project.run("ping.pong.other()") == "PING"


def test_the_app_reads_the_last_report_as_json(project):
    project.write("m.py", "X = 1\n")
    project.run("import m")
    project.write("m.py", "X = 2\n")
    report = project.reload("m.py")
    assert json.loads(reloader.last_report_json()) == report


def test_without_a_shell_the_running_one_follows_the_save(project):
    project.write("m.py", "X = 1\n")
    project.run("from m import X")
    project.write("m.py", "X = 2\n")
    reloader.reload_paths([project.root / "m.py"])
    assert project.ns("X") == 2


def test_a_virtual_environment_inside_the_project_is_not_project_code(project):
    lib = project.root / ".venv" / "lib" / "python3" / "site-packages"
    project.write(".venv/lib/python3/site-packages/vendored.py", "X = 1\n")
    sys.path.insert(0, str(lib))
    try:
        reloader.set_project_roots([project.root])
        project.run("import vendored")
        project.write(".venv/lib/python3/site-packages/vendored.py", "X = 2\n")
        assert summary_after_save(project, ".venv/lib/python3/site-packages/vendored.py") == \
            "vendored.py not reloaded: outside the project"
    finally:
        sys.path.remove(str(lib))
        sys.modules.pop("vendored", None)


def test_without_project_roots_the_working_folder_is_the_project(project, monkeypatch, tmp_path):
    project.write("m.py", "X = 1\n")
    project.run("import m")
    monkeypatch.chdir(project.root)
    reloader.set_project_roots([])
    project.write("m.py", "X = 2\n")
    assert project.reload("m.py")["reloaded"] == ["m"]
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    reloader.set_project_roots([])
    project.write("m.py", "X = 3\n")
    assert summary_after_save(project, "m.py") == "m.py not reloaded: outside the project"


def test_the_report_names_each_reloaded_modules_file_and_keeps_its_error_output(project):
    project.write("m.py", "X = 1\n")
    project.run("import m")
    path = project.write("m.py", "import sys\nsys.stderr.write('to stderr\\n')\nX = 2\n")
    report = project.reload("m.py")
    assert report["files"] == {"m": str(path.resolve())}
    assert report["output"] == "to stderr\n"


def test_a_failed_module_holds_back_only_its_own_dependents(project):
    project.write("a.py", "X = 1\n")
    project.write("b.py", "from a import X\n")
    project.write("b2.py", "from b import X\n")
    project.write("c.py", "Y = 1\n")
    project.run("import a, b, b2, c")
    project.write("a.py", "X = 1 / 0\n")
    project.write("c.py", "Y = 2\n")
    report = project.reload("a.py", "c.py")
    assert [f["module"] for f in report["failed"]] == ["a"]
    assert report["skipped"] == [
        {"path": str((project.root / "b.py").resolve()), "module": "b", "reason": "depends on a, which failed"},
        {"path": str((project.root / "b2.py").resolve()), "module": "b2", "reason": "depends on b, which failed"}]
    assert report["reloaded"] == ["c"] and project.run("c.Y") == 2


def test_a_save_without_change_leaves_its_dependents_alone(project):
    project.write("a.py", "X = 1\n")
    project.write("b.py", "from a import X\nimport random\nDRAW = random.random()\n")
    project.write("c.py", "Z = 1\n")
    project.run("import b, c; draw = b.DRAW")
    project.write("a.py", "X = 1\n")
    project.write("c.py", "Z = 2\n")
    assert project.reload("a.py", "c.py")["reloaded"] == ["a", "c"]
    assert project.run("b.DRAW == draw, c.Z") == (True, 2)
    project.write("a.py", "X = 2\n")
    assert project.reload("a.py")["reloaded"] == ["a", "b"]
    assert project.run("b.X") == 2


def test_the_dsreload_magic_prints_the_summary(project, capsys):
    project.write("m.py", "X = 1\n")
    project.run("import m")
    project.write("m.py", "X = 2\n")
    # As in a fresh kernel: loading the extension is what adds the magic.
    reloader.unload_ipython_extension(project.shell)
    project.shell.magics_manager.magics["line"].pop("dsreload")
    reloader.load_ipython_extension(project.shell)
    capsys.readouterr()
    project.shell.run_line_magic("dsreload", str(project.root / "m.py"))
    assert capsys.readouterr().out == "m reloaded: X updated, re-ran line 1\n"


def test_dependents_reload_in_the_order_they_were_imported(project):
    # As a fresh import would run them: the report (and what the bodies print) in that order.
    project.write("base.py", "N = 1\n")
    project.write("zeta.py", "from base import N\n")
    project.write("alpha.py", "from base import N\n")
    project.write("top.py", "import zeta, alpha\n")
    project.run("import top")
    project.write("base.py", "N = 2\n")
    assert project.reload("base.py")["reloaded"] == ["base", "zeta", "alpha", "top"]
    project.write("alpha.py", "from base import N\nA = 1\n")
    project.write("zeta.py", "from base import N\nZ = 1\n")
    assert project.reload("alpha.py", "zeta.py")["reloaded"] == ["zeta", "alpha", "top"]


def test_a_project_inside_the_python_installations_folder_is_project_code(project, monkeypatch):
    # A project kept under a conda or pyenv folder: that folder is not all library code.
    project.write("m.py", "X = 1\n")
    project.run("import m")
    monkeypatch.setattr(sys, "prefix", str(project.root.parent))
    reloader.set_project_roots([project.root])
    project.write("m.py", "X = 2\n")
    assert project.reload("m.py")["reloaded"] == ["m"]


def test_a_file_deleted_before_its_reload_says_file_not_found(project):
    path = project.write("m.py", "X = 1\n")
    project.run("import m")
    path.unlink()
    assert summary_after_save(project, "m.py") == "m.py not reloaded: file not found"
    assert project.run("m.X") == 1

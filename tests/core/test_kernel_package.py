"""Installing dsstudio's kernel-side modules: the code is run by a real Python, as a kernel
runs it (a kernel's environment need not have dsstudio, so the modules travel as source)."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

from dsstudio.core.kernel.kernel_package import INSTALLED_NAME, install_modules_code

# Counts the runs of `then` in a global of the interpreter (sys, so no user name is made).
COUNT_RUNS = "import sys; sys.then_runs = getattr(sys, 'then_runs', 0) + 1"


def run(*codes: str, report: str) -> dict:
    """Run `codes` as a kernel's user would see them (each at the top level of __main__, in a
    Python without dsstudio on its path), then print `report`'s value as JSON."""
    script = "\n".join([*(f"exec({code!r})" for code in codes),
                        f"print(__import__('json').dumps({report}))"])
    done = subprocess.run([sys.executable, "-I", "-c", script], check=False, capture_output=True,
                          text=True, timeout=60, cwd="/")
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_the_modules_are_installed_in_order_and_then_runs_with_the_values_given():
    code = install_modules_code(["bindings", "journal"], textwrap.dedent("""
        import sys
        sys.seen = [ROOTS, sorted(name for name in sys.modules if name.startswith(NAME))]
    """), values={"ROOTS": ["/project"]})
    seen = run(code, report="__import__('sys').seen")
    assert seen == [["/project"], [INSTALLED_NAME, f"{INSTALLED_NAME}.bindings",
                                   f"{INSTALLED_NAME}.journal"]]


def test_no_name_is_left_in_the_users_namespace():
    code = install_modules_code(["bindings"], "shell = 1", values={"ROOTS": []})
    names = run(code, report="sorted(name for name in dir() if not name.startswith('__'))")
    assert names == []


def test_once_installs_and_runs_then_only_the_first_time():
    """The Variables pane's service is installed by each connection; a second install would
    register its comm target again."""
    code = install_modules_code(["bindings"], COUNT_RUNS, once=True)
    assert run(code, code, report="__import__('sys').then_runs") == 1


def test_without_once_each_install_runs_again_and_replaces_the_modules():
    """The reloader is installed at each start, its modules new each time."""
    code = install_modules_code(["bindings"], COUNT_RUNS)
    module = f"__import__('sys').modules['{INSTALLED_NAME}.bindings']"
    runs, replaced = run(code, f"import sys; sys.first = {module}", code,
                         report=f"[__import__('sys').then_runs, __import__('sys').first is not {module}]")
    assert (runs, replaced) == (2, True)


def test_fresh_sets_the_package_of_an_earlier_install_aside():
    """A module another part installed stays in the package unless the install is fresh."""
    other = install_modules_code(["journal"])
    kept = run(other, install_modules_code(["bindings"]),
               report=f"sorted(vars(__import__('sys').modules['{INSTALLED_NAME}']).keys() & "
                      f"{{'bindings', 'journal'}})")
    fresh = run(other, install_modules_code(["bindings"], fresh=True),
                report=f"sorted(vars(__import__('sys').modules['{INSTALLED_NAME}']).keys() & "
                       f"{{'bindings', 'journal'}})")
    assert (kept, fresh) == (["bindings", "journal"], ["bindings"])

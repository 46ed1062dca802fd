"""Which statements a save re-runs (kernel/rerun_plan.py): behaviours no test pinned.

Mutation testing of rerun_plan.py found each: a change to it kept every other test green. What a
user sees of it after a save is the report's "re-ran line 3, lines 5-7 (f)" (or "whole module
re-ran (why)"), and the module's values: a statement that should have run again and did not
leaves a stale value, one that ran again needlessly re-does its work (a print, a slow read). On a
real InteractiveShell with the extension loaded.
"""

from __future__ import annotations

import pytest

from dsstudio.kernel import reloader

DECORATORS = "SEEN = set()\ndef keep(f):\n    return f\ndef note(f):\n    SEEN.add(f.__name__)\n    return f\n"

# (what the save changes, the module before, after, the report's re-run lines, a cell, its value)
SAVES = [
    ("an import's alias now names another function",
     "from math import floor as rnd\nX = rnd(2.5)\nY = 1\n",
     "from math import ceil as rnd\nX = rnd(2.5)\nY = 1\n",
     ["line 1", "line 2"], "m.X, m.Y", (3, 1)),
    ("a module imported under an alias is switched",
     "import math as lib\nPI = lib.pi\nE = 1\n",
     "import cmath as lib\nPI = lib.pi\nE = 1\n",
     ["line 1", "line 2"], "m.lib.__name__", "cmath"),
    ("a dotted import changed binds its top package",
     "import xml.dom\nNAME = xml.__name__\nN = 1\n",
     "import xml.sax\nNAME = xml.__name__\nN = 1\n",
     ["line 1", "line 2"], "m.NAME", "xml"),
    ("a class edited: what reads its name runs again",
     "class Unit:\n    scale = 1\nDEFAULT = Unit()\nN = 1\n",
     "class Unit:\n    scale = 2\nDEFAULT = Unit()\nN = 1\n",
     ["lines 1-2 (Unit)", "line 3"], "m.DEFAULT.scale", 2),
    ("the names a function's annotations read",
     "Kind = int\ndef f(x: Kind, *rest: Kind, **named: Kind):\n    return x\ndef g() -> Kind:\n    return 1\n",
     "Kind = float\ndef f(x: Kind, *rest: Kind, **named: Kind):\n    return x\ndef g() -> Kind:\n    return 1\n",
     ["line 1", "lines 2-3 (f)", "lines 4-5 (g)"],
     "[*m.f.__annotations__.values(), *m.g.__annotations__.values()]", [float] * 4),
    ("the value a default reads, keyword-only or not",
     "DEFAULT = 1\ndef f(*, k=DEFAULT):\n    return k\ndef g(x=DEFAULT):\n    return x\nN = 1\n",
     "DEFAULT = 2\ndef f(*, k=DEFAULT):\n    return k\ndef g(x=DEFAULT):\n    return x\nN = 1\n",
     ["line 1", "lines 2-3 (f)", "lines 4-5 (g)"], "m.f(), m.g()", (2, 2)),
    ("a name a lambda reads: its default now, its body when called",
     "FACTOR = 2\ndouble = lambda x: x * FACTOR\nscale = lambda x, *, k=FACTOR: x * k\nDATA = double(3)\nN = 1\n",
     "FACTOR = 3\ndouble = lambda x: x * FACTOR\nscale = lambda x, *, k=FACTOR: x * k\nDATA = double(3)\nN = 1\n",
     ["line 1", "line 3", "line 4"], "m.DATA, m.scale(1)", (9, 3)),
    ("a lambda called at once on a changed name",
     "RATE = 1\nDATA = (lambda x: x * 2)(RATE)\nN = 1\n",
     "RATE = 2\nDATA = (lambda x: x * 2)(RATE)\nN = 1\n",
     ["line 1", "line 2"], "m.DATA", 4),
    ("a class body binds its own names, not the module's",
     "LIMIT = 10\nclass Box:\n    LIMIT = 3\n    size = LIMIT\nCAP = LIMIT * 2\n",
     "LIMIT = 10\nclass Box:\n    LIMIT = 4\n    size = LIMIT\nCAP = LIMIT * 2\n",
     ["lines 2-4 (Box)"], "m.Box.size, m.CAP", (4, 20)),
    ("a class attribute after the methods reads a changed name",
     "RATE = 1\nclass Box(dict):\n    def f(self):\n        return 0\n    size = RATE\nN = 1\n",
     "RATE = 2\nclass Box(dict):\n    def f(self):\n        return 0\n    size = RATE\nN = 1\n",
     ["line 1", "lines 2-5 (Box)"], "m.Box.size", 2),
    ("a function reads a changed name after its inner function and lambda",
     "RATE = 1\ndef outer():\n    def inner():\n        return 0\n    g = lambda: 0\n    return RATE + inner() + g()\nN = 1\n",
     "RATE = 2\ndef outer():\n    def inner():\n        return 0\n    g = lambda: 0\n    return RATE + inner() + g()\nN = 1\n",
     ["line 1"], "m.outer()", 2),
    ("a dict filled through a method's result, made again",
     "CONFIG = {'a': {}, 'v': 1}\nCONFIG.get('a')['k'] = 1\nN = 1\n",
     "CONFIG = {'a': {}, 'v': 2}\nCONFIG.get('a')['k'] = 1\nN = 1\n",
     ["line 1", "line 2"], "m.CONFIG", {"a": {"k": 1}, "v": 2}),
    ("a method called on an expression at the top level",
     "from pathlib import Path\nBASE = Path('.')\n(BASE / 'x').exists()\nN = 1\n",
     "from pathlib import Path\nBASE = Path('.')\n(BASE / 'x').exists()\nN = 2\n",
     ["line 4"], "m.N", 2),
    ("a dict made again and then cut by a del",
     "CACHE = {'a': 1, 'k': 2}\ndel CACHE['k']\nN = 1\n",
     "CACHE = {'a': 1, 'k': 3}\ndel CACHE['k']\nN = 1\n",
     ["line 1", "line 2"], "m.CACHE", {"a": 1}),
    ("a function deleted, nothing else changed",
     "def f():\n    return 1\ndef g():\n    return 2\n",
     "def f():\n    return 1\n",
     [], "hasattr(m, 'g'), m.f()", (False, 1)),
    ("a dict made again, then filled by a function defined before it",
     "def put(k):\n    A[k] = 1\nRATE = 1\nA = {'r': RATE}\nB = [RATE]\nput('x')\n",
     "def put(k):\n    A[k] = 1\nRATE = 2\nA = {'r': RATE}\nB = [RATE]\nput('x')\n",
     ["line 3", "line 4", "line 5", "line 6"], "m.A, m.B", ({"r": 2, "x": 1}, [2])),
    ("a del removed: its dict is made whole again",
     "CACHE = {'a': 1, 'k': 2}\ndel CACHE['k']\nN = 1\n",
     "CACHE = {'a': 1, 'k': 2}\nN = 1\n",
     ["line 1"], "m.CACHE", {"a": 1, "k": 2}),
    ("a function's local counter shares a module name",
     "n = 1\ndef count(items):\n    n = 0\n    for _ in items:\n        n += 1\n    return n\nSIZE = count([1, 2])\n",
     "n = 2\ndef count(items):\n    n = 0\n    for _ in items:\n        n += 1\n    return n\nSIZE = count([1, 2])\n",
     ["line 1", "line 7"], "m.SIZE, m.n", (2, 2)),
    ("a total made again before it is added to",
     "RATE = 1\nTOTAL = 0\nTOTAL += RATE\nN = 1\n",
     "RATE = 5\nTOTAL = 0\nTOTAL += RATE\nN = 1\n",
     ["line 1", "line 2", "line 3"], "m.TOTAL", 5),
    ("an item added to, made again first",
     "TOTALS = {'a': 0}\nRATE = 1\nTOTALS['a'] += RATE\n",
     "TOTALS = {'a': 0}\nRATE = 2\nTOTALS['a'] += RATE\n",
     ["line 1", "line 2", "line 3"], "m.TOTALS", {"a": 2}),
    ("an attribute added to, its class made again first",
     "class Stats:\n    n = 0\nRATE = 1\nStats.n += RATE\n",
     "class Stats:\n    n = 0\nRATE = 2\nStats.n += RATE\n",
     ["lines 1-2 (Stats)", "line 3", "line 4"], "m.Stats.n", 2),
    ("an annotated attribute of a class removed",
     "class Box:\n    kind = 1\nBox.limit: int = 3\nN = 1\n",
     "class Box:\n    kind = 1\nN = 1\n",
     ["lines 1-2 (Box)"], "hasattr(m.Box, 'limit')", False),
    ("an annotated assignment reads what it is given",
     "BASE = 1\nLIMIT: int = BASE * 2\nN = 1\n",
     "BASE = 2\nLIMIT: int = BASE * 2\nN = 1\n",
     ["line 1", "line 2"], "m.LIMIT", 4),
    ("two registrations removed in one save",
     "REGISTRY = {}\nOTHER = {}\nREGISTRY['a'] = 1\nOTHER['b'] = 2\nN = 1\n",
     "REGISTRY = {}\nOTHER = {}\nN = 1\n",
     ["line 1", "line 2"], "m.REGISTRY, m.OTHER", ({}, {})),
    ("two lists made again, each filled again",
     "RATE = 1\nA = [RATE]\nB = [RATE]\nA.append(0)\nB.append(0)\n",
     "RATE = 2\nA = [RATE]\nB = [RATE]\nA.append(0)\nB.append(0)\n",
     ["line 1", "line 2", "line 3", "line 4", "line 5"], "m.A, m.B", ([2, 0], [2, 0])),
    ("a constant read by a function and by a later line",
     "RATE = 1\ndef f():\n    return RATE\nY = RATE * 2\n",
     "RATE = 2\ndef f():\n    return RATE\nY = RATE * 2\n",
     ["line 1", "line 4"], "m.Y, m.f()", (4, 2)),
    ("a decorator swapped, the function's body kept",
     DECORATORS + "@keep\ndef f(x):\n    return x\n",
     DECORATORS + "@note\ndef f(x):\n    return x\n",
     ["lines 7-9 (f)"], "m.SEEN", {"f"}),
    ("a function called for its result, not its effect",
     "def setup(n):\n    return n\nVALUE = 1\nsetup(VALUE)\n",
     "def setup(n):\n    return n\nVALUE = 2\nsetup(VALUE)\n",
     ["line 3", "line 4"], "m.VALUE", 2),
    ("a function that sets module names through `global`, never called at the top level",
     "def setup():\n    global Y\n    Y = 1\nX = 1\n",
     "def setup():\n    global Y\n    Y = 1\nX = 2\n",
     ["line 4"], "m.X", 2),
]


@pytest.mark.parametrize("old, new, rerun, cell, value", [s[1:] for s in SAVES], ids=[s[0] for s in SAVES])
def test_a_save_reruns_what_it_changed_and_what_reads_it(project, old, new, rerun, cell, value):
    project.write("m.py", old)
    project.run("import m")
    project.write("m.py", new)
    report = project.reload("m.py")
    assert report["failed"] == []
    changes = report["modules"]["m"]
    assert (changes["fallback"], changes["rerun"]) == (None, rerun)
    assert project.run(cell) == value


# (what the module does, its source: each is saved again with X = 2, the reason the report gives)
UNSURE = [
    ("a function that runs exec, called at the top level",
     "def setup():\n    exec('Y = 1', globals())\nsetup()\nX = 1\n",
     "its top level calls setup, which rebinds module names"),
    ("a function calling one that rebinds module names",
     "def setup():\n    global Y\n    Y = 1\ndef prepare():\n    setup()\nprepare()\nX = 1\n",
     "its top level calls prepare, which rebinds module names"),
    ("two functions that rebind module names, the first called",
     "def a():\n    global P\n    P = 0\ndef b():\n    global Q\n    Q = 0\na()\nX = 1\n",
     "its top level calls a, which rebinds module names"),
    ("two dynamic calls in one statement (the first by name is named)",
     "SEEN = (vars(), eval('1'))\nX = 1\n",
     "its top level calls eval()"),
]


@pytest.mark.parametrize("source, reason", [u[1:] for u in UNSURE], ids=[u[0] for u in UNSURE])
def test_a_module_the_reading_cannot_follow_reruns_whole_and_says_why(project, source, reason):
    project.write("m.py", source)
    project.run("import m")
    project.write("m.py", source.replace("X = 1", "X = 2"))
    changes = project.reload("m.py")["modules"]["m"]
    assert (changes["fallback"], changes["rerun"]) == (reason, ["all"])
    assert project.run("m.X") == 2


def test_a_long_module_reruns_only_its_edited_line(project):
    # difflib's "autojunk" drops a statement repeated in a module of 200 or more (a divider
    # printed at its end): those after the edit would run again, their output shown again.
    lines = [f"A{i} = {i}" for i in range(1, 237)] + ["print('-' * 20)"] * 4
    project.write("m.py", "\n".join(lines) + "\n")
    project.run("import m")
    lines[235] = "A236 = 'edited'"
    project.write("m.py", "\n".join(lines) + "\n")
    report = project.reload("m.py")
    assert report["modules"]["m"]["rerun"] == ["line 236"] and report["output"] == ""
    assert project.run("m.A236, m.A235") == ("edited", 235)


def test_a_package_module_reruns_only_its_relative_import_of_what_reran(project):
    project.write("pkg/__init__.py", "")
    project.write("pkg/a.py", "V = 1\n")
    project.write("pkg/c.py", "Z = 1\n")
    project.write("pkg/b.py", "from . import a\nfrom .c import Z\nfrom .a import V\nX = a.V * 2 + Z + V\n")
    project.run("import pkg.b")
    project.write("pkg/a.py", "V = 5\n")
    report = project.reload("pkg/a.py")
    assert report["modules"]["pkg.b"]["rerun"] == ["line 1", "line 3", "line 4"]
    assert project.run("pkg.b.X") == 16


def test_an_alias_pointed_at_another_function_leaves_the_first_as_it_was(project):
    # IPython#14944: autoreload gave `foo` the code of `bar` when `f = foo` became `f = bar`.
    source = "def foo():\n    return 'foo'\ndef bar():\n    return 'bar'\nf = {target}\n"
    project.write("m.py", source.format(target="foo"))
    project.run("from m import f, foo")
    project.write("m.py", source.format(target="bar"))
    assert project.reload("m.py")["modules"]["m"]["rerun"] == ["line 5"]
    assert project.run("foo(), f()") == ("foo", "bar")


@pytest.mark.parametrize("source", ["known", "unknown"])
def test_an_unchanged_save_leaves_the_modules_importing_it(project, monkeypatch, source):
    # Unknown: imported before the extension, its .pyc says the body ran this very code. Nothing
    # runs, and a module importing it has nothing to bring in again.
    monkeypatch.setattr("sys.dont_write_bytecode", False)
    if source == "unknown":
        reloader.unload_ipython_extension(project.shell)
    project.write("base.py", "SCALE = 1\n")
    project.write("user.py", "import itertools\nLOADS = itertools.count()\nfrom base import SCALE\n"
                  "DATA = (next(LOADS), SCALE)\n")
    project.run("import user")
    if source == "unknown":
        reloader.load_ipython_extension(project.shell)
    project.write("base.py", "SCALE = 1\n")
    report = project.reload("base.py")
    assert report["reloaded"] == ["base"] and report["modules"]["base"]["rerun"] == []
    assert project.run("user.DATA") == (0, 1)

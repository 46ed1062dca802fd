"""Updating old objects in place (kernel/patching.py): more behaviours no test pinned.

Found by a `make mutation` run of patching.py after the pinned tests of the other kernel files
(test_reload_patching_pinned.py has the first ones): each mutant kept every kernel test green.
Each test is something a user sees after a save, on a real InteractiveShell with the extension
loaded as the app loads it.
"""

from __future__ import annotations

import dataclasses

import pytest

KINDS = """
class Units:
    {decorator}
    def base({args}):
        return {unit!r}
"""


def test_a_classmethod_made_a_staticmethod_is_called_as_one(project):
    project.write("units.py", KINDS.format(decorator="@classmethod", args="cls", unit="m"))
    project.run("import units\nold = units.Units()")
    project.write("units.py", KINDS.format(decorator="@staticmethod", args="", unit="km"))
    assert project.reload("units.py")["modules"]["units"]["updated"] == ["Units"]
    assert project.run("units.Units.base(), old.base()") == ("km", "km")


PROXY = """
class Dataset:
    class Column:
        # A proxy, as wrapt and lazy-object-proxy make them: the object it stands for is
        # `__wrapped__`, so the class itself has a `__wrapped__` attribute (a property).
        def __init__(self, load):
            self._load = load

        @property
        def __wrapped__(self):
            return self._load()

        def describe(self):
            return {word!r}
"""


def test_a_proxy_class_defining_wrapped_is_updated_in_place(project):
    project.write("proxy.py", PROXY.format(word="old"))
    project.run("import proxy\ncolumn = proxy.Dataset.Column(list)")
    project.write("proxy.py", PROXY.format(word="new"))
    assert project.reload("proxy.py")["failed"] == []
    assert project.run("isinstance(column, proxy.Dataset.Column), column.describe()") == (True, "new")


MEMO = """
import functools

def memo_scaled(k{extra_arg}):
    @functools.lru_cache
    def table(n):
        return n * k{extra}
    return table

table = memo_scaled(2)
"""


def test_a_cached_inner_function_that_reads_another_variable_is_the_new_one(project):
    # The new inner function reads `offset` too: its code cannot go into the old one (other
    # closure cells), so the module takes the new cached function.
    project.write("memo.py", MEMO.format(extra_arg="", extra=""))
    project.run("import memo\nmemo.table(3)")
    project.write("memo.py", MEMO.format(extra_arg=", offset=1", extra=" + offset"))
    assert project.reload("memo.py")["failed"] == []
    assert project.run("memo.table(3)") == 7


DISPATCH_TO_WRAPS = """
import functools

def logged(fn):
    @functools.wraps(fn)
    def wrapper(x):
        return "logged " + fn(x)
    return wrapper

@logged
def describe(x):
    return "plain"
"""


def test_a_singledispatch_function_given_a_wraps_decorator_instead(project):
    # It kept the old dispatcher (and its registered implementations) while reporting the
    # new function: the dispatcher's pair was marked as being updated before it was.
    project.write("disp.py", "import functools\n\n@functools.singledispatch\ndef describe(x):\n"
                  "    return 'object'\n\n@describe.register(int)\ndef _(x):\n    return 'int'\n")
    project.run("import disp")
    project.write("disp.py", DISPATCH_TO_WRAPS)
    report = project.reload("disp.py")
    assert report["failed"] == [], report
    assert report["modules"]["disp"]["updated"] == ["describe"]
    assert project.run("disp.describe(1), disp.describe.__wrapped__('a')") == ("logged plain", "plain")


FLAGS = """
import enum

class Perm(enum.Flag):
{members}
"""


def test_flag_members_removed_in_a_save_are_gone_by_value_too(project):
    # As after a fresh import: a removed member's value, and a combination made before the save
    # with it, are no values of the Flag; a combination member removed is a plain combination.
    project.write("perm.py", FLAGS.format(members="    R = 1\n    W = 2\n    X = 4\n    RW = R | W\n"))
    project.run("import perm\nrx = perm.Perm.R | perm.Perm.X")
    project.write("perm.py", FLAGS.format(members="    R = 1\n    W = 2\n    A = 8\n"))
    changes = project.reload("perm.py")["modules"]["perm"]
    assert changes["replaced"] == ["Perm"]
    assert project.run("perm.Perm(3).name, [m.name for m in perm.Perm]") == ("R|W", ["R", "W", "A"])
    for value in (4, 5):
        with pytest.raises(ValueError, match="invalid value"):
            project.run(f"perm.Perm({value})")


CACHES = """
import functools

class memo:
    \"\"\"The project's own cache: keeps every result, unlike lru_cache's bound.\"\"\"

    def __init__(self, fn):
        functools.update_wrapper(self, fn)
        self.results = {{}}

    def __call__(self, n):
        if n not in self.results:
            self.results[n] = self.__wrapped__(n)
        return self.results[n]

{decorator}
def table(n):
    return n * 2
"""


def test_the_report_names_a_function_whose_cache_decorator_was_swapped(project):
    # Only the decorator changed, not the function's code: the report still says it changed.
    project.write("caches.py", CACHES.format(decorator="@functools.lru_cache"))
    project.run("import caches")
    project.write("caches.py", CACHES.format(decorator="@memo"))
    changes = project.reload("caches.py")["modules"]["caches"]
    assert changes["updated"] == ["table"]
    assert project.run("caches.table(3), caches.table.results") == (6, {3: 6})


FROZEN = """
import dataclasses

@dataclasses.dataclass(slots=True{frozen})
class Config:
    rate: float = 0.1
"""


def test_a_slots_dataclass_made_frozen_can_still_be_copied(project):
    # dataclasses gives a frozen slots class `__getstate__` / `__setstate__` (after its slot
    # descriptors): without them copying or unpickling goes through the frozen `__setattr__`.
    project.write("conf.py", FROZEN.format(frozen=""))
    project.run("import conf\nold = conf.Config(0.5)")
    project.write("conf.py", FROZEN.format(frozen=", frozen=True"))
    assert project.reload("conf.py")["modules"]["conf"]["replaced"] == []
    assert project.run("import copy, pickle\n"
                       "copy.deepcopy(old).rate, pickle.loads(pickle.dumps(conf.Config(2.0))).rate") == (0.5, 2.0)
    with pytest.raises(dataclasses.FrozenInstanceError):
        project.run("old.rate = 1.0")

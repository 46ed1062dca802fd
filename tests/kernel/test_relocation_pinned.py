"""Definitions a save moved but did not change (kernel/relocation.py): behaviours no test pinned.

Mutation testing of relocation.py found each: a change to it kept every other test green. A save
that adds or removes lines above a function does not run it again, and what the user sees of it
afterwards is its lines: each frame of a traceback shows the line of the file it names, and
`inspect.getsource` shows the definition. On a real InteractiveShell with the extension loaded.
"""

from __future__ import annotations

import inspect
import sys
import traceback

import pytest

# Lines are added or removed at {above}: below the decorator `logged` (which stays where it is)
# and above everything else (which moves and is not re-run).
MOVED = '''\
import functools

def logged(func):
    @functools.wraps(func)
    def wrapper(*args):
        return func(*args)  # in the wrapper
    return wrapper
{above}
@logged
def loud(x):
    raise ValueError("loud")

@functools.lru_cache
def cached(x):
    raise ValueError("cached")

def outer():
    def inner():
        raise ValueError("inner")
    return inner()

class Box:
    def fit(self):
        raise ValueError("fit")
    train = fit

    @staticmethod
    def make():
        raise ValueError("make")

    @classmethod
    def load(cls):
        raise ValueError("load")

    @property
    def size(self):
        raise ValueError("size get")

    @size.setter
    def size(self, value):
        raise ValueError("size set")

    @size.deleter
    def size(self):
        raise ValueError("size del")

    class Part:
        def go(self):
            raise ValueError("go")

    scale = lambda self: self.missing_attribute
'''

CALLS = {
    "m.loud(1)": ['return func(*args)  # in the wrapper', 'raise ValueError("loud")'],
    "m.cached(1)": ['raise ValueError("cached")'],
    "m.outer()": ["return inner()", 'raise ValueError("inner")'],
    "m.Box().fit()": ['raise ValueError("fit")'],
    "m.Box().train()": ['raise ValueError("fit")'],
    "m.Box.make()": ['raise ValueError("make")'],
    "m.Box.load()": ['raise ValueError("load")'],
    "m.Box().size": ['raise ValueError("size get")'],
    "setattr(m.Box(), 'size', 1)": ['raise ValueError("size set")'],
    "delattr(m.Box(), 'size')": ['raise ValueError("size del")'],
    "m.Box.Part().go()": ['raise ValueError("go")'],
    "m.Box().scale()": ["scale = lambda self: self.missing_attribute"],
}


def traceback_lines(project, call: str) -> list[str]:
    """The lines of the module's file that the traceback of `call` shows, as a user reads them."""
    try:
        project.run(call)
    except (ValueError, AttributeError) as error:
        path = str(project.root / "m.py")
        return [frame.line for frame in traceback.extract_tb(error.__traceback__) if frame.filename == path]
    raise AssertionError(f"{call} did not fail")


@pytest.mark.parametrize("above, then", [("\nX = 1\n\n\n", ""), ("", "\nX = 1\n\n\n")],
                         ids=["lines added above", "lines removed above"])
def test_a_traceback_shows_the_right_lines_after_a_save_moved_the_code(project, above, then):
    project.write("m.py", MOVED.format(above=above))
    project.run("import m")
    project.write("m.py", MOVED.format(above=then))
    report = project.reload("m.py")
    assert report["failed"] == []
    changes = report["modules"]["m"]
    assert changes["updated"] == [] and all("(" not in label for label in changes["rerun"])
    assert {call: traceback_lines(project, call) for call in CALLS} == CALLS


def test_inspect_getsource_shows_the_moved_definition(project):
    project.write("m.py", MOVED.format(above=""))
    project.run("import m")
    project.write("m.py", MOVED.format(above="\nX = 1\n\n\n"))
    project.reload("m.py")
    module = sys.modules["m"]
    assert inspect.getsource(module.loud).startswith('@logged\ndef loud(x):\n    raise ValueError("loud")')
    assert inspect.getsource(module.Box.fit).startswith('    def fit(self):\n        raise ValueError("fit")')
    assert inspect.getsource(module.logged).startswith("def logged(func):\n")


RECORDED_FIRST_LINE = '''\
{above}
class Model:
    kind = "model"

    class Part:
        kind = "part"
'''


def test_a_moved_classs_recorded_first_line_moves_with_it(project):
    # Python 3.13 records each class's first line (`__firstlineno__`), and inspect.getsource
    # reads it. On older Pythons the test records it, as 3.13's compiler would have.
    project.write("m.py", RECORDED_FIRST_LINE.format(above=""))
    project.run("import m")
    if sys.version_info < (3, 13):
        project.run("m.Model.__firstlineno__ = 2\nm.Model.Part.__firstlineno__ = 5")
    assert project.run("m.Model.__firstlineno__, m.Model.Part.__firstlineno__") == (2, 5)
    project.write("m.py", RECORDED_FIRST_LINE.format(above="X = 1\n\n\n"))
    assert project.reload("m.py")["modules"]["m"]["updated"] == []
    assert project.run("m.Model.__firstlineno__, m.Model.Part.__firstlineno__") == (5, 8)
    assert inspect.getsource(sys.modules["m"].Model).startswith("class Model:\n")

"""A reload that fails while old objects are being updated leaves everything as before the save
(kernel/journal.py): attributes added, changed and removed on kept classes, Enum members moved
to a new class, function code, closure cells and function attributes. Mutation testing of journal.py found that only the function code
and one method were checked. On a real InteractiveShell with the extension loaded."""

from __future__ import annotations

BEFORE = """
import enum

class Color(enum.Enum):
    RED = 1
    BLUE = 2

class Model:
    rate = 1
    legacy = "kept"

    def fit(self):
        return "old fit"

    @staticmethod
    def scale(x):
        return x

def scaled(k, unit):
    def decorate(fn):
        def wrapper(x):
            return k * fn(x)
        wrapper.unit = unit
        return wrapper
    return decorate

@scaled(2, "m")
def area(x):
    return x

def boom():
    return 1
"""

AFTER = """
import enum

class Color(enum.Enum):
    RED = 1
    BLUE = 2
    GREEN = 3

class Model:
    rate = 2
    added = "new"

    def fit(self):
        return "new fit"

def scaled(k, unit):
    def decorate(fn):
        def wrapper(x):
            return k * fn(x)
        wrapper.unit = unit
        return wrapper
    return decorate

@scaled(3, "km")
def area(x):
    return x

def boom():
    return 2
"""


def test_a_failure_while_updating_undoes_every_change(project, break_patching):
    project.write("m.py", BEFORE)
    project.run("import m\nred, model, Color, Model = m.Color.RED, m.Model(), m.Color, m.Model\n"
                "area = m.area")
    project.write("m.py", AFTER)
    break_patching("boom")
    report = project.reload("m.py")
    assert "patching broke" in report["failed"][0]["message"]
    assert project.run("m.Color is Color and m.Model is Model and m.boom()") == 1
    # The Enum's members went to the new class (a member was added), and came back.
    assert project.run("type(red) is Color and red is Color.RED and Color(1) is red")
    assert project.run("[c.name for c in Color]") == ["RED", "BLUE"]
    # The kept class: changed, removed and added attributes as before the save.
    assert project.run("Model.rate, Model.legacy, hasattr(Model, 'added'), model.fit()") == \
        (1, "kept", False, "old fit")
    assert project.run("model.scale(3), Model.scale(3)") == (3, 3)  # still a staticmethod
    # A decorated function: its closure (the factor) and its attributes as before.
    assert project.run("m.area is area, area(1), area.unit") == (True, 2, "m")

"""What a save must also do for objects libraries build (kernel/library_patches.py): behaviours no
test pinned.

Mutation testing of library_patches.py found each: a change to it kept every other test green.
A singledispatch function's implementations edited, removed, added or put back by a failed save;
pydantic fields written in every usual form (`Point | None`, `Optional[Point]`, `dict[str, Point]`,
`Annotated[Point, ...]`), the annotations a library reads, a classmethod validator's `cls`; pandas
Series and Index accessors. On a real InteractiveShell with the extension loaded.
"""

from __future__ import annotations

import pytest

DISPATCH = """
import functools

@functools.singledispatch
def describe(x):
    return "thing"

@describe.register(int)
def _(x):
    return "int {word}"

@describe.register(str)
def _(x):
    return "str {word}"
{extra}
def boom():
    return {word!r}
"""

LIST_IMPL = """
@describe.register(list)
def _(x):
    return "list"
"""

FLOAT_IMPL = """
@describe.register(float)
def _(x):
    return "float"
"""


def _dispatch_module_used_by_the_notebook(project) -> None:
    project.write("desc.py", DISPATCH.format(word="old", extra=LIST_IMPL))
    project.run("""
        import desc
        d = desc.describe
        as_int = desc.describe.dispatch(int)  # an implementation taken before the save
        @desc.describe.register(dict)
        def _(x):
            return "mine"
        before = desc.describe(1), desc.describe("a"), desc.describe([1]), desc.describe({})
    """)
    assert project.ns("before") == ("int old", "str old", "list", "mine")


def test_singledispatch_save_edits_every_implementation_and_drops_the_removed_one(project):
    _dispatch_module_used_by_the_notebook(project)
    project.write("desc.py", DISPATCH.format(word="new", extra=""))
    report = project.reload("desc.py")
    assert report["failed"] == [], report
    # Both implementations are named `_`: only the last is the module's; the first is reached
    # through the dispatcher alone. The list one, called before (and so cached), is gone.
    assert project.run("desc.describe is d, desc.describe(1), desc.describe('a'), desc.describe([1])") \
        == (True, "int new", "str new", "thing")
    assert project.run("desc.describe({}), as_int(1), list in desc.describe.registry") == \
        ("mine", "int new", False)


def test_singledispatch_type_added_in_a_save_dispatches(project):
    _dispatch_module_used_by_the_notebook(project)
    project.write("desc.py", DISPATCH.format(word="new", extra=LIST_IMPL + FLOAT_IMPL))
    assert project.reload("desc.py")["failed"] == []
    assert project.run("desc.describe(1.5), desc.describe([1]), desc.describe({}), desc.describe is d") \
        == ("float", "list", "mine", True)


def test_singledispatch_after_a_failed_save_dispatches_as_before(project, break_patching):
    _dispatch_module_used_by_the_notebook(project)
    project.write("desc.py", DISPATCH.format(word="new", extra=FLOAT_IMPL))
    break_patching("boom")
    report = project.reload("desc.py")
    assert "patching broke" in report["failed"][0]["message"]
    # The float implementation the failed save registered is gone, the removed list one is back.
    assert project.run("desc.describe(1), desc.describe([1]), desc.describe(1.5), desc.describe({})") \
        == ("int old", "list", "thing", "mine")


FIELDS = """
import typing
from typing import Annotated, Optional
from pydantic import BaseModel, Field

class Point(BaseModel):
    x: int
    def norm(self):
        return {norm}

class Shapes(BaseModel):
    best: Point | None = None
    maybe: Optional[Point] = None
    named: dict[str, Point] = {{}}
    listed: typing.List[Point] = []
    tagged: Annotated[Point, Field(description="a point")] = None
"""

ALL_FIELDS = "dict(best={p}, maybe={p}, named={{'a': {p}}}, listed=[{p}], tagged={p})"


def test_pydantic_fields_of_every_usual_form_take_points_made_before_the_save(project):
    pytest.importorskip("pydantic")
    project.write("geo.py", FIELDS.format(norm="self.x"))
    project.run("import geo; p = geo.Point(x=2)")
    project.write("geo.py", FIELDS.format(norm="self.x * 10"))
    report = project.reload("geo.py")
    assert report["failed"] == [], report
    shapes = project.run(f"geo.Shapes(**{ALL_FIELDS.format(p='p')})")
    assert [shapes.best.norm(), shapes.maybe.norm(), shapes.named["a"].norm(),
            shapes.listed[0].norm(), shapes.tagged.norm()] == [20] * 5
    made = project.run(f"geo.Shapes(**{ALL_FIELDS.format(p=repr({'x': 3}))})")
    points = [made.best, made.maybe, made.named["a"], made.listed[0], made.tagged]
    assert all(type(point) is project.run("geo.Point") for point in points)


def test_pydantic_type_hints_name_the_modules_classes_after_a_save(project):
    # Libraries that read a model's annotations (FastAPI, typer, a notebook's own code) must find
    # the classes the module has, not the ones the save made and patching discarded.
    pytest.importorskip("pydantic")
    project.write("geo.py", FIELDS.format(norm="self.x"))
    project.run("import geo")
    project.write("geo.py", FIELDS.format(norm="self.x * 10"))
    assert project.reload("geo.py")["failed"] == []
    assert project.run("import typing\n"
                       "hints = typing.get_type_hints(geo.Shapes)\n"
                       "hints['best'] == (geo.Point | None), hints['named'] == dict[str, geo.Point]") \
        == (True, True)


COUNTED = """
from typing import ClassVar
from pydantic import BaseModel, field_validator, model_validator

class Sample(BaseModel):
    size: int
    checked: ClassVar[int] = 0
    seen: ClassVar[int] = 0

    @field_validator("size")
    @classmethod
    def positive(cls, value):
        cls.checked += 1
        return {check}

    @model_validator(mode="before")
    @classmethod
    def count(cls, data):
        cls.seen += 1
        return data

    @model_validator(mode="after")
    def sane(self):
        return self
"""


def test_pydantic_classmethod_validators_count_on_the_modules_class(project):
    pytest.importorskip("pydantic")
    project.write("samples.py", COUNTED.format(check="value"))
    project.run("import samples; samples.Sample(size=1)")
    project.write("samples.py", COUNTED.format(check="abs(value)"))
    assert project.reload("samples.py")["failed"] == []
    assert project.run("samples.Sample(size=-2).size, samples.Sample.checked, samples.Sample.seen") \
        == (2, 1, 1)


ACCESSORS = """
import pandas as pd

@pd.api.extensions.register_series_accessor("lp_stats")
class SeriesStats:
    def __init__(self, series):
        self._series = series
    def spread(self):
        return {spread}

@pd.api.extensions.register_index_accessor("lp_stats")
class IndexStats:
    def __init__(self, index):
        self._index = index
    def spread(self):
        return {spread_index}
"""


def test_pandas_series_and_index_accessors_are_the_modules_classes(project):
    pytest.importorskip("pandas")
    project.write("stats.py", ACCESSORS.format(spread="0", spread_index="0"))
    project.run("import pandas as pd, stats; s = pd.Series([1, 4])")
    project.write("stats.py", ACCESSORS.format(spread="int(self._series.max() - self._series.min())",
                                               spread_index="len(self._index)"))
    report = project.reload("stats.py")
    assert report["failed"] == []
    assert project.run("isinstance(s.lp_stats, stats.SeriesStats), s.lp_stats.spread()") == (True, 3)
    assert project.run("isinstance(s.index.lp_stats, stats.IndexStats), s.index.lp_stats.spread()") \
        == (True, 2)


ITEMS = """
import pydantic

@pydantic.dataclasses.dataclass
class Item:
    n: int
    def twice(self):
        return self.n * {factor}

class Basket(pydantic.BaseModel):
    items: list[Item]
"""


def test_pydantic_dataclass_field_takes_items_made_before_the_save(project):
    # A model copies the compiled schema of a pydantic dataclass it names, which built the class
    # the save made and discarded: the model refused items made before, and made discarded ones.
    pytest.importorskip("pydantic")
    project.write("shop.py", ITEMS.format(factor=2))
    project.run("import shop; item = shop.Item(n=1)")
    project.write("shop.py", ITEMS.format(factor=3))
    assert project.reload("shop.py")["failed"] == []
    assert project.run("[i.twice() for i in shop.Basket(items=[item, {'n': 2}]).items]") == [3, 6]
    assert project.run("all(type(i) is shop.Item for i in shop.Basket(items=[item, {'n': 2}]).items)")


ROUTER = """
class Router:
    def __init__(self):
        self.routes = {{}}
    def register(self, name):
        def add(handler):
            self.routes[name] = handler
            return handler
        return add
    def dispatch(self, name, *args):
        return self.routes[name](*args)

router = Router()

@router.register("hello")
def hello(who):
    return "{greeting} " + who
"""


def test_a_router_with_register_and_dispatch_methods_is_made_again(project):
    # Not a singledispatch function, though it has `register` and `dispatch`.
    project.write("web.py", ROUTER.format(greeting="hello"))
    project.run("import web; old_router = web.router")
    project.write("web.py", ROUTER.format(greeting="hi"))
    report = project.reload("web.py")
    assert report["failed"] == [], report
    assert project.run("web.router.dispatch('hello', 'ann'), old_router.dispatch('hello', 'bob')") \
        == ("hi ann", "hi bob")


POINT = """
from pydantic import BaseModel

class Point(BaseModel):
    x: int{more}

def boom():
    return {more!r}
"""


def test_pydantic_model_after_a_failed_save_validates_as_before(project, break_patching):
    pytest.importorskip("pydantic")
    project.write("geo.py", POINT.format(more=""))
    project.run("import geo")
    project.write("geo.py", POINT.format(more="\n    y: int = 5"))
    break_patching("boom")
    assert "patching broke" in project.reload("geo.py")["failed"][0]["message"]
    assert project.run("geo.Point(x=1).model_dump(), list(geo.Point.model_fields)") == ({"x": 1}, ["x"])


READING = """
from pydantic import BaseModel, ConfigDict, field_validator

class Reading(BaseModel):
    model_config = ConfigDict(validate_assignment=True)
    value: int

    @field_validator("value")
    @classmethod
    def clip(cls, value):
        return {clip}
"""


def test_pydantic_assignment_to_an_instance_made_before_runs_the_new_validator(project):
    pytest.importorskip("pydantic")
    project.write("meter.py", READING.format(clip="value"))
    project.run("import meter; r = meter.Reading(value=1); r.value = 2")
    project.write("meter.py", READING.format(clip="max(value, 0)"))
    assert project.reload("meter.py")["failed"] == []
    project.run("r.value = -5")
    assert project.run("r.value, meter.Reading(value=-1).value") == (0, 0)


NESTED_MODELS = """
from pydantic import BaseModel

class Point(BaseModel):
    x: int{more}

class Path(BaseModel):
    points: list[Point]
"""


def test_a_notebook_subclass_of_a_model_builds_the_saved_nested_model(project):
    pytest.importorskip("pydantic")
    project.write("geo.py", NESTED_MODELS.format(more=""))
    project.run("import geo\nclass MyPath(geo.Path):\n    name: str = 'mine'\n")
    project.write("geo.py", NESTED_MODELS.format(more="\n    z: int = 7"))
    assert project.reload("geo.py")["failed"] == []
    assert project.run("MyPath(points=[{'x': 1}]).points[0].z") == 7


OVERLOADS = """{top}
import typing

@typing.overload
def parse(x: int) -> int: ...
@typing.overload
def parse(x: str) -> str: ...
def parse(x):
    return x{tail}
"""


def test_overloads_after_a_save_that_moves_them_are_the_files(project):
    # Runtime dispatch on overloads (plum, a notebook's own checks) reads typing.get_overloads.
    # typing keeps them by module, name and first line: a save that ran them again at other
    # lines added to the old ones (marimo #10551).
    project.write("ov.py", OVERLOADS.format(top="", tail=""))
    project.run("import ov, typing")
    project.write("ov.py", OVERLOADS.format(top="# parsing\n", tail=" * 2"))
    assert project.reload("ov.py")["failed"] == []
    assert project.run("ov.parse(2), len(typing.get_overloads(ov.parse))") == (4, 2)


def test_overloads_a_save_removes_are_gone_and_others_stay(project):
    project.write("ov.py", OVERLOADS.format(top="", tail="") + "\n\ndef other():\n    return 1\n")
    project.run("import ov, typing")
    project.write("ov.py", OVERLOADS.format(top="", tail="") + "\n\ndef other():\n    return 2\n")
    assert project.reload("ov.py")["modules"]["ov"]["updated"] == ["other"]
    assert project.run("len(typing.get_overloads(ov.parse))") == 2  # not run again: kept
    project.write("ov.py", "import typing\n\ndef parse(x):\n    return x\n")
    assert project.reload("ov.py")["failed"] == []
    assert project.run("typing.get_overloads(ov.parse)") == []


METHOD_OVERLOADS = """
import typing

class Reader:{top}
    @typing.overload
    def read(self, x: int) -> int: ...
    @typing.overload
    def read(self, x: str) -> str: ...
    def read(self, x):
        return x{tail}
"""


def test_a_methods_overloads_after_a_save_that_moves_them_are_the_files(project):
    project.write("rd.py", METHOD_OVERLOADS.format(top="", tail=""))
    project.run("import rd, typing")
    project.write("rd.py", METHOD_OVERLOADS.format(top="\n    kind = 'plain'\n", tail=" * 2"))
    assert project.reload("rd.py")["failed"] == []
    assert project.run("rd.Reader().read(2), len(typing.get_overloads(rd.Reader.read))") == (4, 2)


def test_a_failed_save_leaves_the_overloads_as_before(project):
    project.write("ov.py", OVERLOADS.format(top="", tail=""))
    project.run("import ov, typing")
    project.write("ov.py", OVERLOADS.format(top="# parsing\n", tail=" * 2\n\nraise ValueError('not yet')"))
    assert "not yet" in project.reload("ov.py")["failed"][0]["message"]
    assert project.run("[f.__code__.co_firstlineno for f in typing.get_overloads(ov.parse)], ov.parse(2)") \
        == ([4, 6], 2)

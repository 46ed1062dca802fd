"""Issue 10's rule on data-science code (issue 21): a save that changes nothing changes nothing
anyone can observe, and a save that changes one function re-runs nothing else.

The fixture module holds a pydantic model hierarchy, an attrs class with validators, a
singledispatch function with a type registered by the notebook, an enum.Flag, a pandas accessor,
a decorator that keeps state on its wrapper, and an expensive top-level load.
"""

from __future__ import annotations

import sys

import pytest

LAB = """
import enum
import functools
import itertools

import attrs
import pandas as pd
from pydantic import BaseModel, field_validator

LOADS = itertools.count()
DATA = pd.DataFrame({"lat": [1.0, 3.0], "lon": [2.0, 4.0]})
LOADED = next(LOADS)  # stands for a slow read: must not run again
_CACHE = {}


def counted(func):
    @functools.wraps(func)
    def wrapper(*args):
        wrapper.calls += 1
        return func(*args)
    wrapper.calls = 0
    return wrapper


class Point(BaseModel):
    x: float
    y: float = 0.0

    @field_validator("x")
    @classmethod
    def finite(cls, value):
        return value


class Track(BaseModel):
    points: list[Point]
    name: str = "track"


class NamedTrack(Track):
    label: str = ""


@attrs.define
class Sample:
    size: int = attrs.field(validator=attrs.validators.instance_of(int))


@functools.singledispatch
def describe(value):
    return "thing"


@describe.register(int)
def _(value):
    return "int"


class Feature(enum.Flag):
    NUMERIC = 1
    TEXT = 2


@pd.api.extensions.register_dataframe_accessor("geo")
class GeoAccessor:
    def __init__(self, frame):
        self._frame = frame

    def centre(self):
        return float(self._frame["lat"].mean())


@counted
def total(values):
    return sum(values){edit}
"""

USER_CODE = """
    import lab
    from lab import Point, Track, Sample, Feature, describe, total
    @describe.register(dict)
    def _(value):
        return "mine"
    p = Point(x=1)
    track = Track(points=[p])
    sample = Sample(3)
    sel = Feature.NUMERIC | Feature.TEXT
    centre = lab.DATA.geo.centre()
    first = total([1, 2])
    lab._CACHE["k"] = 1
"""


def observe(project) -> dict:
    module = sys.modules["lab"]
    user = {k: id(v) for k, v in project.shell.user_ns.items()
            if not k.startswith("_") and k not in project.shell.user_ns_hidden}
    attributes = {k: id(v) for k, v in vars(module).items() if not k.startswith("__")}
    behaviour = project.run("""
        (type(lab.Point.model_validate({'x': 2})) is lab.Point, lab.Track(points=[p]).points[0] is p,
         isinstance(lab.NamedTrack(points=[{'x': 1}]).points[0], Point), describe({}), describe(1),
         lab.Feature.NUMERIC in sel, isinstance(lab.DATA.geo, lab.GeoAccessor), lab.LOADED,
         next(iter(lab._CACHE)), lab.DATA is lab.DATA)
    """)
    return {"user": user, "attributes": attributes, "behaviour": behaviour}


@pytest.fixture
def lab(project):
    for name in ("pydantic", "attrs", "pandas"):
        pytest.importorskip(name)
    project.write("lab.py", LAB.replace("{edit}", ""))
    project.run(USER_CODE)
    return project


def test_saving_unchanged_changes_nothing_observable(lab):
    before = observe(lab)
    lab.write("lab.py", LAB.replace("{edit}", ""))
    changes = lab.reload("lab.py")["modules"]["lab"]
    assert changes == {"updated": [], "added": [], "removed": [], "replaced": [], "reasons": {},
                       "rerun": [], "fallback": None, "warnings": []}
    assert observe(lab) == before


def test_one_function_changed_reruns_nothing_else(lab):
    before = observe(lab)
    lab.write("lab.py", LAB.replace("{edit}", " * 10"))
    changes = lab.reload("lab.py")["modules"]["lab"]
    assert changes["rerun"] == ["lines 73-75 (total)"] and changes["updated"] == ["total"]
    assert changes["warnings"] == [] and changes["fallback"] is None
    assert observe(lab) == before
    # The re-run definition made a fresh wrapper, whose state the kept one takes (a memo of the
    # old function's results would be stale), as running `@counted def total` again does.
    assert lab.run("total([1, 2]), lab.total.calls, first") == (30, 1, 3)

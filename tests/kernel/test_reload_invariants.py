"""Saving a module unchanged changes nothing anyone can observe (issue 10's rule).

For each module of the example project and of a fixture project (a class hierarchy with an
exception family and a metaclass, a package with submodules, an Enum, dataclasses, module-level
instances, a namedtuple subclass, `__slots__`), imported the ways notebooks import them: save it
unchanged, reload, and compare everything observable with before: the identity of every module
attribute and every name in the user's namespace, subclass and instance relations, `except`
clauses, `super()`, pickling, and an honest report (nothing updated, replaced, added or removed).
"""

from __future__ import annotations

import pickle
import shutil
import textwrap
from pathlib import Path

import pytest

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "demo_project"

FIXTURE = {
    "zoo/__init__.py": """
        from .base import Animal, AnimalError
        from .kinds import Dog, Kind
        __all__ = ["Animal", "AnimalError", "Dog", "Kind"]
    """,
    "zoo/base.py": """
        class Registry(type):
            def describe(cls):
                return f"registered {cls.__name__}"
        class AnimalError(Exception):
            pass
        class HungryError(AnimalError):
            pass
        class Animal(metaclass=Registry):
            __slots__ = ("name",)
            def __init__(self, name):
                self.name = name
            def speak(self):
                return f"{self.name}: ..."
            def __reduce__(self):
                return (type(self), (self.name,))
    """,
    "zoo/kinds.py": """
        import enum
        from collections import namedtuple
        from .base import Animal, HungryError
        class Kind(enum.Enum):
            DOG = "dog"
            CAT = "cat"
        class Dog(Animal):
            __slots__ = ()
            kind = Kind.DOG
            def speak(self):
                return super().speak() + " woof"
            def feed(self, amount):
                if amount < 1:
                    raise HungryError(self.name)
                return amount
        class Pos(namedtuple("Pos", "x y")):
            def moved(self):
                return Pos(self.x + 1, self.y)
    """,
    "settings.py": """
        import dataclasses
        @dataclasses.dataclass(frozen=True)
        class Settings:
            rate: float = 0.1
            layers: tuple = (8, 4)
        @dataclasses.dataclass
        class Run:
            name: str
            settings: Settings = dataclasses.field(default_factory=Settings)
        DEFAULT = Settings()
        RUNS = [Run("a"), Run("b", Settings(0.5))]
        THRESHOLDS = {"low": 0.2, "high": 0.8}
        DEBUG = False
    """,
}

USER_CODE = """
    import zoo, zoo.kinds, settings
    from zoo import Dog, Kind, AnimalError
    from zoo.kinds import Pos as P
    from settings import *
    from preprocess import load_rows, split_features
    from models import LinearModel
    class Puppy(Dog):
        __slots__ = ()
        def speak(self):
            return super().speak() + "!"
    rex, pup, pos = Dog("rex"), Puppy("pup"), P(1, 2)
    kind, run, rate = Kind.DOG, RUNS[0], DEFAULT.rate
    model = LinearModel(epochs=5).fit(*split_features(load_rows()))
"""


def observe(project) -> dict:
    """Everything the rule protects, as comparable values (identities by id)."""
    shell = project.shell
    user = {k: id(v) for k, v in shell.user_ns.items()
            if not k.startswith("_") and k not in shell.user_ns_hidden}
    modules = {}
    for name in ("zoo", "zoo.base", "zoo.kinds", "settings", "preprocess", "models"):
        module = __import__("sys").modules[name]
        modules[name] = {k: id(v) for k, v in vars(module).items() if not k.startswith("__")}
    relations = project.run("""
        (issubclass(Puppy, zoo.Animal), isinstance(rex, zoo.Dog), isinstance(pup, Dog),
         isinstance(pos, zoo.kinds.Pos), isinstance(DEFAULT, settings.Settings),
         all(isinstance(r, settings.Run) for r in settings.RUNS), kind is zoo.Kind.DOG,
         type(zoo.Dog) is zoo.base.Registry, zoo.Dog.describe(), rex.speak(), pup.speak(), pos.moved(),
         isinstance(model, __import__('models').LinearModel), DEFAULT == settings.Settings())
    """)
    try:
        rex = shell.user_ns["rex"]
        rex.feed(0)
        caught = None
    except shell.user_ns["AnimalError"] as error:  # the except clause the user would write
        caught = type(error).__name__
    pickled = pickle.loads(pickle.dumps(shell.user_ns["rex"])).speak()
    return {"user": user, "modules": modules, "relations": relations, "caught": caught,
            "pickled": pickled}


@pytest.fixture(params=["bytecode", "no-bytecode"])
def full_project(project, request, monkeypatch):
    # With a .pyc the reloader sees an unchanged save and runs nothing; without one (some images
    # set PYTHONDONTWRITEBYTECODE) it runs the body again, and the rule must hold all the same.
    monkeypatch.setattr("sys.dont_write_bytecode", request.param == "no-bytecode")
    for relative, source in FIXTURE.items():
        project.write(relative, textwrap.dedent(source))
    for file in ("preprocess.py", "models.py"):
        shutil.copy(EXAMPLE / file, project.root / file)
    project.run(USER_CODE)
    return project


@pytest.mark.parametrize("relative", [*FIXTURE, "preprocess.py", "models.py"])
def test_saving_unchanged_changes_nothing_observable(full_project, relative):
    before = observe(full_project)
    path = full_project.root / relative
    full_project.write(relative, path.read_text())  # the same text, a newer save
    report = full_project.reload(relative)
    assert report["failed"] == [] and report["reloaded"], report
    for name, changes in report["modules"].items():
        assert (changes["updated"], changes["added"], changes["removed"], changes["replaced"]) \
            == ([], [], [], []), (name, changes)
    after = observe(full_project)
    assert after["relations"] == before["relations"]
    assert (after["caught"], after["pickled"]) == (before["caught"], before["pickled"]) == \
        ("HungryError", "rex: ... woof")
    assert after["modules"] == before["modules"]
    assert after["user"] == before["user"]

"""A reload never leaves the kernel worse than before (issue 10), on a real InteractiveShell.

Cases from IPython's autoreload tests and its issue tracker, and from the issue's own reports.
"""

from __future__ import annotations

import pickle


def test_class_hierarchy_in_one_module_survives_even_an_unchanged_save(project):
    source = """
        class BaseError(Exception):
            pass
        class DataError(BaseError):
            pass
        class Model:
            def fit(self):
                return "model"
        class Linear(Model):
            def fit(self):
                return "linear+" + super().fit()
    """
    project.write("m.py", source)
    project.run("import m; lin = m.Linear(); OldLinear, OldModel = m.Linear, m.Model")
    project.write("m.py", source)  # saved unchanged
    report = project.reload("m.py")
    assert report["modules"]["m"]["updated"] == [] and report["modules"]["m"]["replaced"] == []
    assert project.run("m.Linear is OldLinear and m.Model is OldModel")
    assert project.run("issubclass(m.Linear, m.Model) and isinstance(lin, m.Model)")
    assert project.run("lin.fit()") == "linear+model"  # super() in an old instance
    assert project.run("""
        try:
            raise m.DataError("x")
        except m.BaseError:
            caught = True
        caught
    """)
    project.write("m.py", source.replace('"linear+"', '"LINEAR+"'))
    report = project.reload("m.py")
    assert report["modules"]["m"]["updated"] == ["Linear"]
    assert project.run("lin.fit(), m.Linear().fit()") == ("LINEAR+model", "LINEAR+model")
    assert pickle.loads(pickle.dumps(project.ns("lin"))).fit() == "LINEAR+model"


def test_metaclass_and_namedtuple_bases_made_by_the_module(project):
    source = """
        from collections import namedtuple
        class Registry(type):
            def tag(cls):
                return "{tag}"
        class Plugin(metaclass=Registry):
            pass
        class Point(namedtuple("Point", "x y")):
            def norm(self):
                return {norm}
    """
    project.write("m.py", source.format(tag="old", norm="0"))
    project.run("import m; plugin_cls = m.Plugin; p = m.Point(3, 4)")
    project.write("m.py", source.format(tag="new", norm="self.x + self.y"))
    report = project.reload("m.py")
    assert report["modules"]["m"]["replaced"] == [], report["modules"]["m"]["reasons"]
    assert project.run("m.Plugin is plugin_cls and m.Plugin.tag()") == "new"
    assert project.run("p.norm(), isinstance(p, m.Point)") == (7, True)


def test_package_reexports_that_other_modules_subclass(project):
    project.write("shapes/__init__.py", "from .base import Shape\n")
    project.write("shapes/base.py", "class Shape:\n    def area(self):\n        return 0\n")
    project.write("square.py", "from shapes import Shape\nclass Square(Shape):\n    def area(self):\n"
                               "        return 4 + super().area()\n")
    project.run("import shapes, square; sq = square.Square()")
    project.write("shapes/base.py", "class Shape:\n    def area(self):\n        return 100\n")
    report = project.reload("shapes/base.py")
    assert report["failed"] == [] and all(not c["replaced"] for c in report["modules"].values())
    assert project.run("sq.area(), isinstance(sq, shapes.Shape), issubclass(square.Square, shapes.Shape)") \
        == (104, True, True)


def test_objects_made_by_the_module_body_are_instances_of_the_kept_class(project):
    source = """
        import dataclasses
        @dataclasses.dataclass(frozen=True)
        class Config:
            rate: float = 0.1
            def doubled(self):
                return {body}
        class Plain:
            pass
        DEFAULT = Config()
        PLAIN = Plain()
        CHOICES = [Config(0.5), Config(0.9)]
    """
    project.write("cfg.py", source.format(body="self.rate * 2"))
    project.run("import cfg")
    project.write("cfg.py", source.format(body="self.rate * 3"))
    project.reload("cfg.py")
    assert project.run("isinstance(cfg.DEFAULT, cfg.Config) and isinstance(cfg.PLAIN, cfg.Plain)")
    assert project.run("all(isinstance(c, cfg.Config) for c in cfg.CHOICES)")
    assert project.run("round(cfg.DEFAULT.doubled(), 2)") == 0.3
    assert project.run("cfg.DEFAULT == cfg.Config()")


def test_slots_classes_keep_their_instances_working(project):
    source = """
        class A:
            __slots__ = ("a",)
            def __init__(self):
                self.a = 1
            def get(self):
                return self.a + {extra}
    """
    project.write("s.py", source.format(extra=0))
    project.run("import s; inst = s.A()")
    project.write("s.py", source.format(extra=10))
    report = project.reload("s.py")
    assert report["modules"]["s"]["updated"] == ["A"]
    assert project.run("inst.get(), inst.a, s.A().get()") == (11, 1, 11)
    project.run("inst.a = 5")
    assert project.run("inst.get()") == 15


def test_a_class_that_cannot_be_updated_is_reported_as_replaced(project):
    project.write("r.py", "class A:\n    __slots__ = ('a',)\n")
    project.run("import r; old = r.A")
    project.write("r.py", "class A:\n    __slots__ = ('a', 'b')\n")
    changes = project.reload("r.py")["modules"]["r"]
    assert changes["replaced"] == ["A"] and "A" not in changes["updated"]
    assert changes["reasons"]["A"].startswith("its __slots__ changed")
    assert project.run("r.A is not old")


def test_enum_member_taken_before_still_equals_after_a_member_is_added(project):
    source = "import enum\nclass Color(enum.Enum):\n    RED = 1\n    BLUE = 2\n"
    project.write("colors.py", source)
    project.run("import colors; red = colors.Color.RED")
    project.write("colors.py", source + "    GREEN = 3\n")
    changes = project.reload("colors.py")["modules"]["colors"]
    assert changes["replaced"] == ["Color"]
    assert project.run("red == colors.Color.RED and red is colors.Color(1)")
    assert project.run("isinstance(red, colors.Color) and colors.Color.GREEN.value == 3")
    assert project.run("[c.name for c in colors.Color]") == ["RED", "BLUE", "GREEN"]


# ---- Cases from IPython's issue tracker (autoreload), each a report by a user.
def test_ipython_12399_type_equality_after_an_unchanged_save(project):
    source = "class A:\n    pass\nclass B:\n    def test(self, x):\n        return type(x) == A and isinstance(x, A)\n"
    project.write("ab.py", source)
    project.run("from ab import *")
    assert project.run("B().test(A())")
    project.write("ab.py", source)
    project.reload("ab.py")
    assert project.run("B().test(A())")


def test_ipython_13258_singledispatch_registered_on_a_class_keeps_dispatching(project):
    project.write("bug.py", "class A:\n    a = 1\n")
    project.run("""
        from functools import singledispatch
        import bug
        @singledispatch
        def fun(x):
            return "unknown"
        @fun.register
        def _a(x: bug.A):
            return "A!"
        a = bug.A()
    """)
    project.write("bug.py", "class A:\n    a = 1\n    def __repr__(self):\n        return f'newA({self.a})'\n")
    project.reload("bug.py")
    assert project.run("repr(a), fun(a), fun(bug.A())") == ("newA(1)", "A!", "A!")


def test_ipython_13830_metaclass_with_star_import(project):
    project.write("metaklass.py", "class MetaKlass(type):\n    pass\nclass Klass(metaclass=MetaKlass):\n    pass\n")
    project.run("from metaklass import *; k = Klass()")
    project.write("metaklass.py", "class MetaKlass(type):\n    pass\nclass Klass(metaclass=MetaKlass):\n"
                                  "    x = 1\n")
    report = project.reload("metaklass.py")
    assert report["failed"] == [] and report["modules"]["metaklass"]["replaced"] == []
    assert project.run("Klass().x, isinstance(k, Klass), type(Klass) is MetaKlass") == (1, True, True)


def test_ipython_11175_explicit_base_init_call_after_editing_the_subclass(project):
    source = ("class A(object):\n    def __init__(self):\n        self.seen = [type(self).__name__]\n"
              "class B(A):\n    def __init__(self):\n        {edit}A.__init__(self)\n")
    project.write("mymodule.py", source.format(edit=""))
    project.run("from mymodule import A, B; b = B()")
    project.write("mymodule.py", source.format(edit="self.edited = True\n        "))
    project.reload("mymodule.py")
    assert project.run("B().edited, B().seen, isinstance(b, A)") == (True, ["B"], True)

"""The debugger's and the post-mortem's variables (kernel/frame_variables.py), in this process:
what the Variables pane shows of a paused frame or of the last error's frames, a level at a
time. Post-mortem on a real InteractiveShell (tests/kernel/conftest.py) after a failing cell, as
the app asks it; the debugger's listing found on this thread's stack as the debugger finds it.
"""

from __future__ import annotations

import json
import sys

import pytest

from dsstudio.kernel import frame_variables
from dsstudio.kernel.frame_variables import LISTING_LIMIT, describe_in_stack, post_mortem
from tests.kernel.test_frame_variables import listing_here

RATIO = """\
SCALE = 100

def ratio(numerator, parts):
    total = sum(parts)
    note = "no parts"
    return numerator / total
"""


def shown(listing: dict) -> dict:
    """{name: preview} of a listing's rows."""
    return {row["name"]: row["preview"] for row in listing["variables"]}


@pytest.fixture
def failed(project, monkeypatch):
    """A function that runs a cell failing inside a project module's function (the post-mortem's
    subject; run by the test itself: pytest forgets the last error before each test)."""
    for name in ("last_type", "last_value", "last_traceback", "last_exc"):
        monkeypatch.delattr(sys, name, raising=False)  # put back after the test
    return lambda: fail_in_a_module(project)


def fail_in_a_module(project):
    project.write("ratios.py", RATIO)
    result = project.shell.run_cell("import ratios as nb\nimport math\nrows = [1, 2]\n_private = 3\n"
                                    "def helper():\n    pass\nclass Kind:\n    pass\nexit = 'mine'\nnothing = None\n"
                                    "nb.ratio(10, [])", store_history=False)
    assert isinstance(result.error_in_exec, ZeroDivisionError)
    return project


def test_post_mortem_before_any_error_is_empty(monkeypatch):
    for name in ("last_type", "last_value", "last_traceback", "last_exc"):
        monkeypatch.delattr(sys, name, raising=False)
    assert json.loads(post_mortem(0, [], "1")) == {"error": "", "frames": [], "variables": None,
                                                   "result": None}


def test_post_mortem_lists_the_errors_frames_innermost_first_without_ipythons(failed):
    failed = failed()
    report = json.loads(post_mortem(0, [], ""))
    assert report["error"] == "ZeroDivisionError: division by zero"
    module, cell = report["frames"]
    assert module == {"file": str(failed.root / "ratios.py"), "line": 6, "name": "ratio"}
    assert cell["name"] == "<module>" and cell["line"] == 11
    assert shown(report["variables"]) == {"numerator": "10", "parts": "[]", "total": "0",
                                          "note": "'no parts'"}
    assert report["result"] is None


def test_post_mortem_of_the_cell_lists_the_users_data_only(failed):
    failed = failed()
    report = json.loads(post_mortem(1, [], ""))
    # Not modules, functions, classes, private or IPython's names; a name the user took over
    # from IPython (`exit`) is the user's.
    assert shown(report["variables"]) == {"rows": "[1, 2]", "exit": "'mine'", "nothing": "None"}
    rows = json.loads(post_mortem(1, [["name", "rows"]], ""))["variables"]
    assert shown(rows) == {"[0]": "1", "[1]": "2"}


def test_post_mortem_evaluates_an_expression_in_the_chosen_frame(failed):
    failed = failed()
    assert json.loads(post_mortem(0, [], "numerator * 2 + len(parts)"))["result"] == "20"
    assert json.loads(post_mortem(0, [], "numerator * SCALE"))["result"] == "1000"  # its module's
    assert json.loads(post_mortem(1, [], "rows + [_private]"))["result"] == "[1, 2, 3]"
    assert json.loads(post_mortem(0, [], "rows"))["result"] == "NameError: name 'rows' is not defined"
    assert json.loads(post_mortem(0, [], "numerator ="))["result"].startswith("SyntaxError: ")


def test_post_mortem_of_a_frame_not_in_the_error_lists_nothing(failed):
    failed = failed()
    for index in (2, -1):
        report = json.loads(post_mortem(index, [], "1"))
        assert report["variables"] is None and report["result"] is None
        assert len(report["frames"]) == 2


def test_a_dicts_entries_are_named_by_their_keys_and_opened_by_position():
    table = {"a": 1, 7: [3, 4], 2.5: None, True: "t", None: {}, (1, 2): "pair", "k" * 100: 0}
    rows = listing_here([["name", "table"]])["variables"]
    assert [row["name"] for row in rows] == ["'a'", "7", "2.5", "True", "None", "<tuple>",
                                             "'" + "k" * 59]
    assert [row["step"] for row in rows][:2] == [["entry", 0], ["entry", 1]]
    assert [row["expandable"] for row in rows] == [False, True, False, False, False, False, False]
    assert shown(listing_here([["name", "table"], ["entry", 1]])) == {"[0]": "3", "[1]": "4"}
    assert table


def test_which_rows_open_a_level_further():
    class Plain:
        pass

    class Holder:
        def __init__(self) -> None:
            self.value = 1

    values = {"empty": [], "filled": (0,), "aset": {5}, "frozen": frozenset(), "text": "abc",
              "bare": Plain(), "holder": Holder(), "function": len, "nested": [[1]]}
    rows = {row["name"]: row["expandable"] for row in listing_here([["name", "values"]])["variables"]}
    assert rows == {"'empty'": False, "'filled'": True, "'aset'": True, "'frozen'": False,
                    "'text'": False, "'bare'": False, "'holder'": True, "'function'": False,
                    "'nested'": True}
    assert shown(listing_here([["name", "values"], ["entry", 2]])) == {"[0]": "5"}
    assert shown(listing_here([["name", "values"], ["entry", 6]])) == {"value": "1"}
    assert values


def test_a_dict_and_an_objects_attributes_past_the_limit_say_how_many_more():
    class Wide:
        def __init__(self) -> None:
            for i in range(LISTING_LIMIT + 5):
                setattr(self, f"a{i}", i)

    wide, table = Wide(), {i: i for i in range(LISTING_LIMIT + 7)}
    attributes = listing_here([["name", "wide"]])
    assert len(attributes["variables"]) == LISTING_LIMIT and attributes["more"] == 5
    entries = listing_here([["name", "table"]])
    assert len(entries["variables"]) == LISTING_LIMIT and entries["more"] == 7
    last = listing_here([["name", "table"], ["entry", LISTING_LIMIT + 6]])
    assert last["error"] == "" and last["variables"] == []  # an int: no children
    assert wide and table


def test_attributes_are_the_instances_own_and_slots_without_running_its_code():
    class Base:
        __slots__ = ("__weakref__", "unset_first", "base_slot", "__dict__")

    class Single(Base):
        __slots__ = "only"

    class Watched:
        reads = 0

        def __init__(self) -> None:
            self.visible = 1
            self.__dict__["__dunder__"] = 2
            self.__dict__[3] = "not a name"

        @property
        def computed(self):
            Watched.reads += 1
            return "ran"

        def __getattribute__(self, name):
            Watched.reads += 1
            return object.__getattribute__(self, name)

    single, watched = Single(), Watched()
    single.only, single.base_slot = "o", "b"
    Watched.reads = 0
    assert shown(listing_here([["name", "single"]])) == {"only": "'o'", "base_slot": "'b'"}
    assert shown(listing_here([["name", "watched"]])) == {"visible": "1"}
    assert shown(listing_here([["name", "watched"], ["attr", "visible"]])) == {}
    assert Watched.reads == 0


def test_an_object_that_refuses_its_dict_has_no_attributes():
    class Guarded:
        @property
        def __dict__(self):
            raise RuntimeError("no")

    guarded = Guarded()
    listing = listing_here([["name", "guarded"]])
    assert listing == {"variables": [], "more": 0, "error": ""}
    assert guarded


def test_a_set_item_and_an_attribute_gone_since_are_said():
    items, holder = {"x"}, type("Holder", (), {})()
    assert listing_here([["name", "items"], ["item", 3]]) == {
        "variables": [], "more": 0, "error": "IndexError: item 3 is gone"}
    assert listing_here([["name", "holder"], ["attr", "gone"]])["error"] == "KeyError: 'gone'"
    assert listing_here([["name", "missing"]])["error"] == "KeyError: 'missing'"
    assert items and holder


def recurse(depth: int, found: list, positions: list) -> None:
    level = depth
    if depth:
        recurse(depth - 1, found, positions)  # (this line: the code's first line + 3)
        return
    for position in positions:
        found.append(json.loads(describe_in_stack(position, [])))
    assert level == 0


def test_the_nth_frame_of_a_recursion_counts_from_the_innermost():
    code = recurse.__code__
    # The frames paused at the recursive call, as the debugger names them (its file path may be
    # another machine's: the file's name is compared).
    at_call = {"file": "/elsewhere/" + code.co_filename.rsplit("/", 1)[-1], "name": "recurse",
               "line": code.co_firstlineno + 3}
    found: list = []
    recurse(3, found, [at_call, {**at_call, "nth": 1}, {**at_call, "nth": 2}, {**at_call, "nth": 3},
                       {**at_call, "name": "other"}, {**at_call, "line": at_call["line"] + 1}])
    assert [shown(f).get("level") for f in found[:3]] == ["1", "2", "3"]
    assert set(shown(found[0])) == {"depth", "found", "positions", "level"}
    assert [f["error"] for f in found[3:]] == ["the frame is not on the stack"] * 3


def test_a_frame_not_on_the_stack_is_said():
    position = {"file": "elsewhere.py", "name": "nothing", "line": 1}
    assert json.loads(describe_in_stack(position, [])) == {
        "variables": [], "more": 0, "error": "the frame is not on the stack"}


def test_a_frames_listing_names_its_locals_but_not_dunders():
    __hidden__ = 1
    visible = [1]
    rows = listing_here([])["variables"]
    assert [row["name"] for row in rows] == ["visible"] and rows[0]["step"] == ["name", "visible"]
    assert __hidden__ and visible


def test_values_past_the_time_budget_are_typed_but_not_described(monkeypatch):
    monkeypatch.setattr(frame_variables, "LISTING_BUDGET_S", -1)
    late = [[1], 2]
    rows = listing_here([["name", "late"]])["variables"]
    assert rows == [{"name": f"[{i}]", "type": kind, "kind": "data", "shape": "", "memory": None,
                     "viewable": False, "preview": "<not described: out of time>",
                     "step": ["item", i], "expandable": False} for i, kind in enumerate(["list", "int"])]
    assert late


def test_each_rows_step_opens_it_as_the_pane_asks():
    class Holder:
        def __init__(self) -> None:
            self.inner = [7]

    data = [Holder()]
    [holder] = listing_here([["name", "data"]])["variables"]
    assert holder["step"] == ["item", 0] and holder["expandable"]
    [inner] = listing_here([["name", "data"], holder["step"]])["variables"]
    assert inner["step"] == ["attr", "inner"] and inner["expandable"]
    [seven] = listing_here([["name", "data"], holder["step"], inner["step"]])["variables"]
    assert seven["preview"] == "7" and seven["step"] == ["item", 0]
    assert data


def test_a_dataframe_or_a_tagged_string_is_not_opened_into_its_internals():
    pandas = pytest.importorskip("pandas")

    class Tag(str):
        pass

    tag = Tag("abc")
    tag.note = "attribute of a str subclass"
    frame = pandas.DataFrame({"a": [1, 2]})
    rows = {row["name"]: (row["shape"], row["expandable"])
            for row in listing_here([])["variables"] if row["name"] in ("tag", "frame")}
    assert rows == {"tag": ("3", False), "frame": ("2 × 1", False)}
    assert tag and not frame.empty

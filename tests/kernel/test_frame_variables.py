"""The kernel side of the debugger's variables (dsstudio/kernel/frame_variables.py), run in this
process on real frames: a level at a time, a limit per level, attributes read without running the
object's code, a time budget for the whole listing."""

from __future__ import annotations

import json
import sys
import time

from dsstudio.kernel import frame_variables
from dsstudio.kernel.frame_variables import LISTING_LIMIT, describe_in_stack


class Slotted:
    __slots__ = ("left", "right", "unset")

    def __init__(self) -> None:
        self.left, self.right = 1, [2]


class Sleepy:
    def __repr__(self) -> str:
        time.sleep(0.3)  # longer than a repr's deadline: each costs the listing its deadline
        return "sleepy"


def listing_here(path: list, depth: int = 1) -> dict:
    """The listing of `path` in the caller's frame, found as the debugger finds it."""
    frame = sys._getframe(depth)
    position = {"file": frame.f_code.co_filename, "name": frame.f_code.co_name,
                "line": frame.f_lineno, "nth": 0}
    return json.loads(describe_in_stack(position, path))


def test_a_level_holds_the_first_rows_and_says_how_many_more():
    rows = list(range(250))
    listing = listing_here([["name", "rows"]])
    assert [v["name"] for v in listing["variables"]][:3] == ["[0]", "[1]", "[2]"]
    assert len(listing["variables"]) == LISTING_LIMIT and listing["more"] == 250 - LISTING_LIMIT
    assert rows  # (a local of this frame)


def test_slots_are_attributes_and_unset_ones_are_left_out():
    pair = Slotted()
    listing = listing_here([["name", "pair"]])
    assert {v["name"]: v["preview"] for v in listing["variables"]} == {"left": "1",
                                                                      "right": "[2]"}
    right = listing_here([["name", "pair"], ["attr", "right"]])
    assert [v["preview"] for v in right["variables"]] == ["2"]
    assert pair


def test_a_value_gone_since_is_said_not_raised():
    rows = [1]
    listing = listing_here([["name", "rows"], ["item", 5]])
    assert listing["variables"] == [] and "item 5 is gone" in listing["error"]
    assert rows


def test_the_listing_stops_describing_when_its_time_is_spent(monkeypatch):
    monkeypatch.setattr(frame_variables, "LISTING_BUDGET_S", 0.5)
    sleepers = [Sleepy() for _ in range(8)]
    listing = listing_here([["name", "sleepers"]])
    previews = [v["preview"] for v in listing["variables"]]
    assert previews[0] == "<repr still running>"
    assert previews[-1] == "<not described: out of time>"
    assert not listing["variables"][-1]["expandable"]
    assert sleepers

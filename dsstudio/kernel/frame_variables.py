"""The variables of a paused frame (the debugger) or of the last error's frames (post-mortem),
described as the Variables pane describes them (`variables_describe`: name, type, shape, a short
preview, each under its time budget), a level at a time: never a copy of a whole object.

A listing is one level: a frame's names, or the children of one value reached by a path of steps
from a name (["name", n], then ["item", i] of a list/tuple/set, ["entry", i] of a dict's i-th
value, ["attr", a] of an instance attribute). Attributes are read from the instance's `__dict__`
and `__slots__` only: a property would run code.

The debugger calls `describe_in_stack` through one DAP `evaluate` in the paused thread, and
debugpy's control thread answers nothing else until it returns (the user's next step waits for
it): so a listing stops describing after LISTING_BUDGET_S and says so.

Standard library only: this source is sent into kernels in any environment.
"""

from __future__ import annotations

import json
import os
import sys
import time

from . import variables_describe as describing

LISTING_BUDGET_S = 0.5
LISTING_LIMIT = 100
_CONTAINERS = (list, tuple, set, frozenset, dict)


# ---- Entry points
def describe_in_stack(position: dict, path: list) -> str:
    """The listing (JSON) of `path` in the paused frame at `position` ({file, name, line, nth}:
    the nth frame, innermost first, running `name` of that file at that line) of the calling
    thread's stack; this runs inside the debugger's evaluate, in the paused thread."""
    frame = _find_frame(sys._getframe(1), position)
    if frame is None:
        return json.dumps({"variables": [], "more": 0, "error": "the frame is not on the stack"})
    return json.dumps(_listing(frame, path))


def post_mortem(frame_index: int, path: list, expression: str) -> str:
    """The last error's report (JSON): its frames (innermost first, IPython's own left out), the
    listing of `path` in frame `frame_index`, and `expression`'s value there."""
    frames = _last_error_frames()
    report: dict = {"error": "", "frames": [], "variables": None, "result": None}
    if not frames:
        return json.dumps(report)
    report["error"] = f"{sys.last_type.__name__}: {sys.last_value}"
    report["frames"] = [{"file": f.f_code.co_filename, "line": line, "name": f.f_code.co_name}
                        for f, line in frames]
    if 0 <= frame_index < len(frames):
        frame = frames[frame_index][0]
        report["variables"] = _listing(frame, path)
        if expression:
            try:
                value = eval(expression, frame.f_globals, dict(frame.f_locals))  # noqa: S307
                report["result"] = describing.describe("", value)["preview"]
            except Exception as error:  # noqa: BLE001 (the user's expression: its error is shown)
                report["result"] = f"{type(error).__name__}: {error}"
    return json.dumps(report)


# ---- Frames
def _find_frame(frame, position: dict):
    """Walk out from `frame` to the `nth` frame matching `position` (the debugger's evaluate runs
    a few of its own frames above the paused ones; they never match a user's file and line)."""
    wanted = (os.path.normcase(os.path.basename(position.get("file", ""))),
              position.get("name"), position.get("line"))
    seen = 0
    while frame is not None:
        code = frame.f_code
        if (os.path.normcase(os.path.basename(code.co_filename)), code.co_name,
                frame.f_lineno) == wanted:
            if seen == position.get("nth", 0):
                return frame
            seen += 1
        frame = frame.f_back
    return None


def _last_error_frames() -> list:
    tb = getattr(sys, "last_traceback", None)
    ipython = os.path.dirname(__import__("IPython").__file__)
    frames = []
    while tb is not None:
        if not tb.tb_frame.f_code.co_filename.startswith(ipython):
            frames.append((tb.tb_frame, tb.tb_lineno))
        tb = tb.tb_next
    frames.reverse()
    return frames


def _names(frame) -> list:
    """(name, value) of a frame: a function's locals; at module level (a cell, a script) the
    user's data only, as the Variables pane lists it (no modules, functions, classes, private or
    IPython names)."""
    namespace = frame.f_locals
    if namespace is not frame.f_globals:
        return [(n, v) for n, v in list(namespace.items()) if not n.startswith("__")]
    hidden = _ipython_hidden(namespace)
    missing = object()
    return [(n, v) for n, v in list(namespace.items())
            if not n.startswith("_") and hidden.get(n, missing) is not v
            and describing._kind(v) == "data"]


def _ipython_hidden(namespace) -> dict:
    shell = getattr(sys.modules.get("IPython"), "get_ipython", lambda: None)()
    if shell is not None and shell.user_ns is namespace:
        return shell.user_ns_hidden
    return {}


# ---- Listings
def _listing(frame, path: list) -> dict:
    try:
        if not path:
            rows = [(name, ["name", name], value) for name, value in _names(frame)]
            return _described(rows, len(rows))
        value = frame.f_locals[path[0][1]]
        for step in path[1:]:
            value = _child(value, step)
        return _described(*_children(value))
    except Exception as error:  # noqa: BLE001 (a value changed or vanished: said, not raised)
        return {"variables": [], "more": 0, "error": f"{type(error).__name__}: {error}"}


def _described(rows: list, total: int) -> dict:
    """Describe each (name, step, value) of the first LISTING_LIMIT of `total` until the time
    budget runs out."""
    deadline = time.monotonic() + LISTING_BUDGET_S
    variables = []
    for name, step, value in rows[:LISTING_LIMIT]:
        if time.monotonic() > deadline:
            entry = {"name": name, "type": describing._type_name(type(value)), "kind": "data",
                     "shape": "", "memory": None, "viewable": False,
                     "preview": "<not described: out of time>"}
        else:
            entry = describing.describe(name, value)
        entry["step"] = step
        entry["expandable"] = time.monotonic() <= deadline and _expandable(value, entry)
        variables.append(entry)
    return {"variables": variables, "more": max(0, total - len(variables)), "error": ""}


def _expandable(value, entry: dict) -> bool:
    """Containers with items, and objects with attributes; data a describer gave a shape (a
    frame, an array, a string) is not opened here."""
    if entry.get("kind") != "data":
        return False
    if describing._exact_type(value, _CONTAINERS):
        return len(value) > 0
    return not entry.get("shape") and bool(_attributes(value))


def _children(value) -> tuple[list, int]:
    """(name, step, value) of the first LISTING_LIMIT children of `value`, and how many it has."""
    if type(value) is dict:
        return ([(_key_text(key), ["entry", i], item)
                 for i, (key, item) in enumerate(_first(value.items()))], len(value))
    if describing._exact_type(value, _CONTAINERS):
        return [(f"[{i}]", ["item", i], item) for i, item in enumerate(_first(value))], len(value)
    attributes = _attributes(value)
    return [(name, ["attr", name], item) for name, item in attributes], len(attributes)


def _child(value, step: list):
    kind, key = step
    if kind == "attr":
        return dict(_attributes(value))[key]
    items = value.values() if kind == "entry" else value
    for i, item in enumerate(items):
        if i == key:
            return item
    raise IndexError(f"item {key} is gone")


def _first(items) -> list:
    taken = []
    for item in items:
        if len(taken) == LISTING_LIMIT:
            break
        taken.append(item)
    return taken


def _attributes(value) -> list:
    """(name, value) of the instance's own attributes, read without running its code."""
    found = []
    try:
        own = object.__getattribute__(value, "__dict__")
    except Exception:  # noqa: BLE001 (no __dict__, or one that refuses)
        own = None
    if type(own) is dict:
        found = [(n, v) for n, v in own.items() if isinstance(n, str) and not n.startswith("__")]
    for kind in type(value).__mro__:
        slots = kind.__dict__.get("__slots__", ())
        for name in ([slots] if isinstance(slots, str) else slots):
            if name in ("__dict__", "__weakref__"):
                continue
            try:
                found.append((name, object.__getattribute__(value, name)))
            except Exception:  # noqa: BLE001 (an unset slot)
                continue
    return found


def _key_text(key) -> str:
    if key is None or isinstance(key, (bool, int, float, str)):
        return describing._cut(repr(key))[:60]
    return f"<{describing._type_name(type(key))}>"

"""A paused frame's variables as the Variables pane describes them (Qt-free): one DAP `evaluate`
in the frame calls the kernel side (dsstudio/kernel/frame_variables.py), which answers a level
at a time, under a time budget.

debugpy's own `variables` request sends the repr of everything it lists. The describers read
shape and a short preview instead, and are installed into the kernel by the Variables pane's
installer (the same code, once per kernel: the first answer of a new kernel says they are
missing, the installer runs through the same evaluate, then the question is asked again).

A listing is {"variables": [entry], "more": n, "error": text}; an entry is what the Variables
pane gets (name, type, kind, shape, memory, preview, viewable) plus its `step` from its parent
and whether it `expandable`.
"""

from __future__ import annotations

import ast
import json
from collections.abc import Callable

from dsstudio.core.kernel.kernel_package import INSTALLED_NAME
from dsstudio.core.variables.variables_connection import install_code

KERNEL_MODULE = f"{INSTALLED_NAME}.frame_variables"

Listing = dict
OnListing = Callable[[Listing], None]


def frame_position(frames: list[dict], index: int) -> dict:
    """How the kernel side finds frame `index` of a DAP stack (innermost first) on the paused
    thread's stack: its file, function and line, and how many frames inside it have the same."""
    frame = frames[index]
    key = _key(frame)
    return {"file": key[0], "name": key[1], "line": key[2],
            "nth": sum(1 for f in frames[:index] if _key(f) == key)}


def listing_expression(position: dict, path: list) -> str:
    """The evaluate's expression: the listing's JSON text, or None while the kernel side is not
    installed (a new kernel)."""
    return (f"(lambda m: m.describe_in_stack({position!r}, {path!r}) if m else None)"
            f"(__import__('sys').modules.get({KERNEL_MODULE!r}))")


def read_listing(result: str) -> Listing | None:
    """The listing from the evaluate's result (the repr of its text); None when the kernel side
    is not installed; a listing with the error when the answer is not one."""
    try:
        text = ast.literal_eval(result)
        return None if text is None else json.loads(text)
    except (ValueError, SyntaxError, TypeError):
        return {"variables": [], "more": 0, "error": result}


def describe_paused(session, frames: list[dict], index: int, path: list,
                    on_listing: OnListing) -> None:
    """Ask for the listing of `path` (empty: the frame's names) in frame `index` of the stop
    `frames` belong to; `on_listing` gets it, unless the stop is over by then (the session drops
    answers about a stop the user stepped away from, and sends nothing once a step was sent)."""
    frame_id = frames[index]["id"]
    expression = listing_expression(frame_position(frames, index), path)

    def answered(result: str, installed: bool = False) -> None:
        listing = read_listing(result)
        if listing is not None:
            on_listing(listing)
        elif installed:
            on_listing({"variables": [], "more": 0,
                        "error": "The describers could not be installed in the kernel."})
        else:
            session.evaluate(install_code(), frame_id, lambda _result: session.evaluate(
                expression, frame_id, lambda again: answered(again, True), context="clipboard"),
                context="clipboard")

    # ("clipboard": debugpy sends the whole result; "repl" cuts long texts.)
    session.evaluate(expression, frame_id, answered, context="clipboard")


def _key(frame: dict) -> tuple:
    return ((frame.get("source") or {}).get("path") or "", frame.get("name"), frame.get("line"))

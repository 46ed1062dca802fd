"""Post-mortem: the frames of the last error in the kernel (`sys.last_traceback`, which IPython
keeps for `%debug`), with their variables, read by a silent execute.

Chosen over the debug protocol's exception breakpoints by measuring (docs/benchmarks.md): those
need debugpy attached before the error, and on Python 3.11 an attached debugpy makes every call
several times slower for the rest of the kernel's life; and they stop at the raise of a code
run again, whereas the user asks about the error already on screen. The frames of a finished
traceback keep their locals, so reading them changes nothing and costs nothing beforehand.

The variables are described by the Variables pane's describers (dsstudio/kernel/
frame_variables.py: shape and a short preview, never a whole-object copy), a level at a time;
the execute runs the Variables pane's installer first (it does nothing once installed).
"""

from __future__ import annotations

import ast
import json

from dsstudio.core.debug.frame_variables import KERNEL_MODULE
from dsstudio.core.variables.variables_connection import install_code


def post_mortem_request(frame_index: int = 0, expression: str = "",
                        path: list | None = None) -> tuple[str, dict]:
    """(code, user_expressions) of the silent execute; its report is read by `read_post_mortem`.
    The report: the error's text, its frames ({file, line, name}, innermost first), the listing
    of `path` (empty: the names) in frame `frame_index`, and `expression`'s value there."""
    call = (f"__import__('sys').modules[{KERNEL_MODULE!r}].post_mortem("
            f"{frame_index!r}, {path or []!r}, {expression!r})")
    return install_code(), {"report": call}


def read_post_mortem(reply_content: dict) -> dict | None:
    """The report from the execute reply's content; None when it could not be read."""
    if reply_content.get("status") != "ok":
        return None
    value = reply_content.get("user_expressions", {}).get("report", {})
    if value.get("status") != "ok":
        return None
    try:
        return json.loads(ast.literal_eval(value["data"]["text/plain"]))
    except (KeyError, ValueError, SyntaxError):
        return None

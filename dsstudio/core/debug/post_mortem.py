"""Post-mortem: the frames of the last error in the kernel (`sys.last_traceback`, which IPython
keeps for `%debug`), with their variables, read by a silent execute.

Chosen over the debug protocol's exception breakpoints by measuring (docs/benchmarks.md): those
need debugpy attached before the error, and on Python 3.11 an attached debugpy makes every call
several times slower for the rest of the kernel's life; and they stop at the raise of a code
run again, whereas the user asks about the error already on screen. The frames of a finished
traceback keep their locals, so reading them changes nothing and costs nothing beforehand.
"""

from __future__ import annotations

import json

# Runs in the kernel (standard library only), in a function so that the user's namespace is
# left as it was. Values are shown by a bounded repr: never a copy of a whole object.
_KERNEL_SOURCE = '''
def _dsstudio_post_mortem(frame_index, expression):
    import json, os, reprlib, sys
    shown = reprlib.Repr()
    shown.maxstring, shown.maxother, shown.maxlist, shown.maxdict = 120, 120, 10, 10
    tb = getattr(sys, "last_traceback", None)
    frames = []
    ipython = os.path.dirname(__import__("IPython").__file__)
    while tb is not None:
        if not tb.tb_frame.f_code.co_filename.startswith(ipython):
            frames.append((tb.tb_frame, tb.tb_lineno))
        tb = tb.tb_next
    frames.reverse()  # innermost first, as a stack is shown
    report = {"error": "", "frames": [], "result": None}
    if frames:
        report["error"] = f"{sys.last_type.__name__}: {sys.last_value}"
    for frame, line in frames:
        names = [{"name": name, "type": type(value).__name__, "value": shown.repr(value)}
                 for name, value in frame.f_locals.items() if not name.startswith("__")]
        report["frames"].append({"file": frame.f_code.co_filename, "line": line,
                                 "name": frame.f_code.co_name,
                                 "variables": names if frame.f_code.co_name != "<module>" else []})
    if expression and 0 <= frame_index < len(frames):
        frame = frames[frame_index][0]
        try:
            report["result"] = shown.repr(eval(expression, frame.f_globals, dict(frame.f_locals)))
        except Exception as error:
            report["result"] = f"{type(error).__name__}: {error}"
    return json.dumps(report)
'''

REPORT_NAME = "_dsstudio_post_mortem_report"


def post_mortem_code(frame_index: int = 0, expression: str = "") -> str:
    """Code to execute silently; its report is read with `REPORT_EXPRESSION`."""
    return (f"{_KERNEL_SOURCE}\n"
            f"__import__('sys').modules['__main__'].__dict__[{REPORT_NAME!r}] = "
            f"_dsstudio_post_mortem({frame_index!r}, {expression!r})\n"
            "del _dsstudio_post_mortem\n")


REPORT_EXPRESSION = f"__import__('sys').modules['__main__'].__dict__.pop({REPORT_NAME!r}, '')"


def read_post_mortem(reply_content: dict) -> dict | None:
    """The report from the execute reply's content; None when it could not be read."""
    if reply_content.get("status") != "ok":
        return None
    value = reply_content.get("user_expressions", {}).get("report", {})
    if value.get("status") != "ok":
        return None
    import ast

    try:
        return json.loads(ast.literal_eval(value["data"]["text/plain"]))
    except (KeyError, ValueError, SyntaxError):
        return None

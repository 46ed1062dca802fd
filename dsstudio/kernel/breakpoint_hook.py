"""`breakpoint()` in a cell or a module: dsstudio's debugger when it is attached, pdb otherwise.

ipykernel imports debugpy, whose import sets `sys.breakpointhook` to `debugpy.breakpoint()`,
which does nothing while no debugger client is attached: `breakpoint()` in a cell was silently
ignored. This hook asks debugpy only when debugpy is already imported and a client is connected,
and otherwise starts pdb in the caller's frame (answered in the notebook's input line or the
console's prompt), or whatever PYTHONBREAKPOINT names, as `sys.__breakpointhook__` would.
Also: Python subprocesses run undebugged (`_children_run_undebugged`).
Standard library only (sent into the kernel).
"""

from __future__ import annotations

import os
import sys


def dsstudio_breakpointhook(*args, **kwargs):
    debugpy = sys.modules.get("debugpy")
    if debugpy is not None and debugpy.is_client_connected():
        _debugpy_stop(debugpy, sys._getframe(1))
        return None
    if os.environ.get("PYTHONBREAKPOINT", "pdb.set_trace") not in ("", "pdb.set_trace"):
        return sys.__breakpointhook__(*args, **kwargs)
    # pdb.set_trace() would stop in this hook; the user's frame is the caller's.
    import pdb

    pdb.Pdb().set_trace(sys._getframe(1))
    return None


def _debugpy_stop(debugpy, caller) -> None:
    """What `debugpy.breakpoint()` does, stopping in `caller` (the frame that called
    `breakpoint()`) rather than in this hook, which is no file the user can see."""
    api = sys.modules.get("debugpy.server.api")  # loaded: a client is connected through it
    if api is None or not hasattr(api, "_settrace"):  # another layout: one frame too deep
        debugpy.breakpoint()
        return
    api._settrace(suspend=True, trace_only_current_thread=True, patch_multiprocessing=False,
                  stop_at_frame=caller)


def install() -> None:
    sys.breakpointhook = dsstudio_breakpointhook
    _children_run_undebugged()


def _children_run_undebugged() -> None:
    """Once attached, debugpy patches subprocess so that each Python child is debugged too: the
    child waits for a client to take it (a `debugpyAttach` request only VS Code answers), so with
    any breakpoint set a cell starting Python (joblib's, multiprocessing's workers) hung. Told
    before ipykernel makes it listen (at the first attach), it leaves children alone (debugpy
    #1168); later, it is already listening and says so."""
    debugpy = sys.modules.get("debugpy")
    if debugpy is None:
        return  # ipykernel imports it at start when it is installed: no debugger in this kernel
    try:
        debugpy.configure(subProcess=False)
    except Exception:  # noqa: BLE001, S110 (already listening: children are debugged, as before)
        pass

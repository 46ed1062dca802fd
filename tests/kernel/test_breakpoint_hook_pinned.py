"""`breakpoint()` with dsstudio's hook installed (kernel/breakpoint_hook.py), in this process:
pdb stops in the frame that called `breakpoint()` (driven here through a scripted stdin, as the
notebook's input line answers it), PYTHONBREAKPOINT is honoured and "0" turns it off, and an
imported debugpy with no debugger attached (as in every ipykernel) does not swallow it.

Not exercised here: the branch for an attached debugger (`_debugpy_stop`). It needs a DAP client
connected to debugpy in the process, which traces every thread of it;
tests/ui/test_debugger_breakpoint_builtin.py covers it with a real kernel and the app's debugger.
The `test_pdb_*` tests are left out of the mutation run (pyproject.toml): mutmut's trampoline adds
a frame between `breakpoint()` and the hook, so in its copy pdb stops in the trampoline.
"""

from __future__ import annotations

import io
import sys

import pytest

from dsstudio.kernel import breakpoint_hook


@pytest.fixture
def hooked(monkeypatch):
    """The hook installed as the kernel installs it, and pdb answered by `answers` (its output
    kept): returns a function that runs a callable under those answers."""
    monkeypatch.setattr(sys, "breakpointhook", sys.breakpointhook)
    monkeypatch.delenv("PYTHONBREAKPOINT", raising=False)
    breakpoint_hook.install()

    def run(function, answers: str = "c\n"):
        shown = io.StringIO()
        monkeypatch.setattr(sys, "stdin", io.StringIO(answers))
        monkeypatch.setattr(sys, "stdout", shown)
        try:
            result = function()
        finally:
            sys.settrace(None)  # (pdb leaves none after "c"; a failed test must not leave one)
            monkeypatch.setattr(sys, "stdout", sys.__stdout__)
        # What pdb printed, its prompts left out.
        return result, shown.getvalue().replace("(Pdb) ", "")

    return run


def halve(value):
    half = value / 2
    breakpoint()
    return half


def test_pdb_stops_in_the_frame_that_called_breakpoint(hooked):
    result, shown = hooked(lambda: halve(82), "p half\np value\nc\n")
    assert result == 41.0
    lines = shown.splitlines()
    assert lines[0].startswith("> ") and lines[0].endswith("halve()")
    assert lines[0][2:].startswith(__file__)
    assert "41.0" in lines and "82" in lines


@pytest.mark.parametrize("setting", ["", "pdb.set_trace"])
def test_pdb_stops_there_when_pythonbreakpoint_names_pdb_or_is_empty(hooked, monkeypatch, setting):
    monkeypatch.setenv("PYTHONBREAKPOINT", setting)
    result, shown = hooked(lambda: halve(10), "p half\nc\n")
    assert result == 5.0 and shown.splitlines()[0].endswith("halve()") and "5.0" in shown.splitlines()


def test_pdb_stops_there_with_debugpy_imported_and_no_debugger_attached(hooked):
    debugpy = pytest.importorskip("debugpy")  # ipykernel imports it in every kernel
    assert not debugpy.is_client_connected()  # (which sets its own breakpointhook: set before ours)
    breakpoint_hook.install()
    result, shown = hooked(lambda: halve(4), "p half\nc\n")
    assert result == 2.0 and "2.0" in shown.splitlines()


def test_pythonbreakpoint_names_the_users_own_hook(hooked, monkeypatch, tmp_path):
    (tmp_path / "my_debug_hook.py").write_text(
        "calls = []\n\ndef stop(*args, **kwargs):\n    calls.append((args, kwargs))\n    return 'stopped'\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setenv("PYTHONBREAKPOINT", "my_debug_hook.stop")
    try:
        result, shown = hooked(lambda: breakpoint(1, where="here"), "p 1\nc\n")
        assert result == "stopped" and shown == ""
        assert sys.modules["my_debug_hook"].calls == [((1,), {"where": "here"})]
    finally:
        sys.modules.pop("my_debug_hook", None)


def test_pythonbreakpoint_zero_turns_breakpoints_off(hooked, monkeypatch):
    monkeypatch.setenv("PYTHONBREAKPOINT", "0")
    result, shown = hooked(lambda: halve(6), "p half\nc\n")
    assert result == 3.0 and shown == "" and sys.stdin.read() == "p half\nc\n"

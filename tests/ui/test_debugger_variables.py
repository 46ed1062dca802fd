"""The Debug pane's variables (issue 23): the paused frame's names described as the Variables pane
describes them (type, shape, a short preview; never a whole-object copy), opened a level at a time;
asked for the chosen frame of the stop on screen only, never holding a step back; the same for
the last error's frames (post-mortem)."""

from __future__ import annotations

from pathlib import Path

from dsstudio.core.debug.frame_variables import describe_paused
from dsstudio.core.variables.variable_list import COLUMNS
from dsstudio.kernel.variables_describe import PREVIEW_CHARS
from tests.ui.helpers import KERNEL_WAIT_MS, wait_for_console
from tests.ui.test_debugger import (
    armed,
    ask,
    listed,
    previews,
    resumed,
    stop_after,
    top,
)

TYPE, SHAPE, PREVIEW = (COLUMNS.index(c) for c in ("Type", "Shape", "Preview"))

SHAPES = '''import pandas as pd


class Point:
    def __init__(self):
        self.x = 1
        self.tags = ["a", "b"]


class Loud:
    def __repr__(self):
        shown = "loud"
        return shown


class Lazy:
    calls = 0

    def __init__(self):
        self.ready = True

    @property
    def total(self):  # a property can compute, block or raise (debugpy#2053): never called
        Lazy.calls += 1
        return 0


def work(n):
    items = list(range(n))
    text = "y" * 100_000
    point = Point()
    loud = Loud()
    lazy = Lazy()
    frame = pd.DataFrame({"a": range(100_000), "b": 0.5})
    table = {"first": items, 2: point}
    return len(items)
'''
RETURN_LINE = SHAPES.splitlines().index("    return len(items)") + 1
REPR_LINE = SHAPES.splitlines().index('        return shown') + 1


def test_a_stop_lists_the_frame_as_the_variables_pane_describes_it(qtbot, window, debugger,
                                                                   project: Path):
    (project / "shapes.py").write_text(SHAPES)
    armed(qtbot, debugger, project / "shapes.py", RETURN_LINE)
    # A breakpoint in a __repr__ the describers call: describing must not stop there (it did,
    # and ipykernel then paired the debugger's answers with the wrong requests).
    armed(qtbot, debugger, project / "shapes.py", REPR_LINE)
    frames = stop_after(qtbot, debugger, window.console.run_code,
                        "import shapes\nscale = 3\nprint('work', shapes.work(1000))")
    tree = debugger.pane.variables
    rows = listed(qtbot, tree)
    assert list(rows) == ["n", "items", "text", "point", "loud", "lazy", "frame", "table"]
    assert (rows["items"].text(TYPE), rows["items"].text(SHAPE)) == ("list", "1,000")
    assert rows["items"].text(PREVIEW).startswith("[0, 1, 2")
    assert rows["text"].text(SHAPE) == "100,000"
    assert len(rows["text"].text(PREVIEW)) <= PREVIEW_CHARS  # a preview, not the value
    assert rows["loud"].text(PREVIEW) == "loud"
    # A large frame by its metadata (debugpy's repr of one froze VS Code, debugpy#695).
    assert (rows["frame"].text(SHAPE), rows["frame"].text(PREVIEW)) == ("100,000 × 2",
                                                                       "columns: a, b")
    assert debugger.state == "paused" and debugger.session.stop_number == 1
    point = listed(qtbot, tree, rows["point"])
    assert previews(point) == {"x": "1", "tags": "['a', 'b']"}
    assert previews(listed(qtbot, tree, point["tags"])) == {"[0]": "'a'", "[1]": "'b'"}
    table = listed(qtbot, tree, rows["table"])
    assert list(table) == ["'first'", "2"] and table["2"].text(TYPE) == "Point"
    opens = [name for name, row in rows.items()
             if row.childIndicatorPolicy() == row.ChildIndicatorPolicy.ShowIndicator]
    assert opens == ["items", "point", "lazy", "table"]
    assert previews(listed(qtbot, tree, rows["lazy"])) == {"ready": "True"}
    assert ask(qtbot, debugger.session.evaluate, "Lazy.calls", frames[0]["id"]) == "0"
    debugger.pane.stack.setCurrentRow(1)  # the console's frame: its data (no modules, no In/Out)
    assert previews(listed(qtbot, tree)) == {"scale": "3"}
    resumed(qtbot, debugger)
    wait_for_console(qtbot, window, lambda text: "work 1000" in text)


def test_a_listing_asked_before_a_step_is_dropped_and_the_step_goes_on(qtbot, window, debugger,
                                                                      project: Path):
    script = project / "steps.py"
    script.write_text("def twice(y):\n    a = y * 2\n    b = a + 1\n    return b\n")
    armed(qtbot, debugger, script, 2)
    frames = stop_after(qtbot, debugger, window.console.run_code,
                        "from steps import twice\nprint('twice', twice(3))")
    assert previews(listed(qtbot, debugger.pane.variables)) == {"y": "3"}  # (describers in)
    session = debugger.session
    sent: list[str] = []
    send = session._send
    session._send = lambda request: (sent.append(request["command"]), send(request))
    late: list[dict] = []
    describe_paused(session, frames, 0, [], late.append)  # asked, and at once a step:
    assert top(stop_after(qtbot, debugger, session.step_over)) == ("steps.py", 3)
    # The answer came (the kernel took the question before the step) but was about the stop
    # the user left: dropped. The new stop's listing is the pane's.
    assert sent[:2] == ["evaluate", "next"]
    assert previews(listed(qtbot, debugger.pane.variables)) == {"y": "3", "a": "6"}
    assert late == []
    # Asked after a step was sent, nothing is sent: the thread may be running, and a question
    # about its frames could then wait in the kernel for a stop that never comes, holding up
    # every debug request after it.
    sent.clear()
    session.step_over()
    debugger.pane.stack.setCurrentRow(1)
    describe_paused(session, frames, 0, [], late.append)
    assert sent == ["next"]
    assert top(stop_after(qtbot, debugger, lambda: None)) == ("steps.py", 4)
    assert late == []
    resumed(qtbot, debugger)
    wait_for_console(qtbot, window, lambda text: "twice 7" in text)
    debugger.toggle_breakpoint(script, 2)
    qtbot.waitUntil(lambda: debugger.state == "detached", timeout=KERNEL_WAIT_MS)


def test_post_mortem_describes_the_failing_frame(qtbot, window, debugger, project: Path):
    (project / "failing.py").write_text(
        "class Point:\n    def __init__(self):\n        self.x = 1\n\n\n"
        "def fail():\n    rows = list(range(10_000))\n    text = 'z' * 50_000\n"
        "    point = Point()\n    table = {'p': point}\n    return rows[10_000]\n")
    window.console.run_code("import failing\nfailing.fail()")
    wait_for_console(qtbot, window, lambda text: "IndexError" in text)
    pane = debugger.pane
    pane.last_error_button.click()
    qtbot.waitUntil(lambda: pane.post_mortem is not None, timeout=KERNEL_WAIT_MS)
    rows = listed(qtbot, pane.variables)
    assert list(rows) == ["rows", "text", "point", "table"]
    assert (rows["rows"].text(TYPE), rows["rows"].text(SHAPE)) == ("list", "10,000")
    assert len(rows["text"].text(PREVIEW)) <= PREVIEW_CHARS
    assert previews(listed(qtbot, pane.variables, rows["point"])) == {"x": "1"}
    window.console.run_code("1 / 0")  # the kernel keeps its last error only
    wait_for_console(qtbot, window, lambda text: "ZeroDivisionError" in text)
    gone = listed(qtbot, pane.variables, rows["table"])
    assert "This error is gone" in gone["(error)"].text(PREVIEW)
    assert debugger.state == "detached"

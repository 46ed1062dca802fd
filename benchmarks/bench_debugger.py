"""The debugger: what an attached debugpy costs a call-heavy cell, and how fast a stop is shown.

1. Per-call cost, in a real kernel per interpreter (Python 3.11 and 3.12 if present): a cell
   calling a module's one-line function a million times, timed inside the kernel (medians of
   `--runs`), in three phases on the same kernel: never attached (what dsstudio does with no
   breakpoint: the x1.00 baseline), attached with a breakpoint in another file (`initialize`,
   `attach`, `setBreakpoints`, `configurationDone` as the app sends them), and after `disconnect`.
2. Stop to editor: a real (offscreen) window; a console line writes the wall clock just before it
   calls a function with a breakpoint; the time until the editor shows that line (stack fetched,
   file opened, caret placed). Target: under 200 ms.
3. Stop to variables: in that window, a stop in a frame holding a pandas frame, a numpy array,
   big containers and objects; the time from the stop shown to its variables listed in the Debug
   pane (one evaluate running the Variables pane's describers; the first stop of a kernel also
   installs them), and the time a step sent at once (the listing still being made in the
   kernel, ahead of it) takes to reach its next stop, against a step sent after the listing.

Usage: python benchmarks/bench_debugger.py [--runs 5] [--stops 5] [--python PATH ...]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MODULE = "def step(x):\n    return x + 1\n"
FRAME = ("import numpy as np, pandas as pd\n\n\nclass Point:\n    def __init__(self, i):\n"
         "        self.i, self.name = i, f'p{i}'\n\n\ndef work():\n"
         "    frame = pd.DataFrame(np.random.rand(100_000, 10), columns=list('abcdefghij'))\n"
         "    array = np.arange(1_000_000)\n    rows = list(range(100_000))\n"
         "    table = {str(i): i for i in range(1_000)}\n    text = 'x' * 1_000_000\n"
         "    points = [Point(i) for i in range(1_000)]\n    point = Point(0)\n"
         "    total = 0\n    total += 1\n    return total\n")
FRAME_STOP = FRAME.splitlines().index("    total = 0") + 1
OTHER = "def unused():\n    return 0\n"
CELL = ("import time, hot\nstart = time.perf_counter()\nx = 0\nfor _ in range(1_000_000):\n"
        "    x = hot.step(x)\nprint(json.dumps(time.perf_counter() - start))")


def _debug(client, seq: list[int], command: str, arguments: dict | None = None) -> dict:
    seq[0] += 1
    client.control_channel.send(client.session.msg(
        "debug_request", {"type": "request", "seq": seq[0], "command": command,
                          "arguments": arguments or {}}))
    while True:
        reply = client.control_channel.get_msg(timeout=30)
        if reply["content"].get("request_seq") == seq[0]:
            return reply["content"]


def _cell_seconds(client) -> float:
    msg_id = client.execute(CELL)
    while True:
        msg = client.get_iopub_msg(timeout=120)
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        if msg["msg_type"] == "stream":
            return json.loads(msg["content"]["text"].strip().splitlines()[-1])
        if msg["msg_type"] == "error":
            raise RuntimeError(msg["content"]["evalue"])


def per_call_cost(python: str, runs: int) -> dict:
    from jupyter_client.kernelspec import KernelSpecManager
    from jupyter_client.manager import KernelManager

    folder = Path(tempfile.mkdtemp(prefix="bench-debugger-"))
    (folder / "hot.py").write_text(MODULE)
    (folder / "other.py").write_text(OTHER)
    # A kernelspec of its own: jupyter_client 8 ignores `kernel_cmd`.
    spec = folder / "kernels" / "bench"
    spec.mkdir(parents=True)
    (spec / "kernel.json").write_text(json.dumps({
        "argv": [python, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "bench", "language": "python"}))
    manager = KernelManager(kernel_name="bench",
                            kernel_spec_manager=KernelSpecManager(kernel_dirs=[str(spec.parent)]))
    manager.start_kernel(cwd=str(folder), env={"PYDEVD_DISABLE_FILE_VALIDATION": "1",
                                                "PATH": "/usr/bin:/bin"})
    client = manager.client()
    client.start_channels()
    client.wait_for_ready(timeout=60)
    client.execute_interactive("import json, sys; sys.path.insert(0, '.')", timeout=60)
    seq = [0]
    phases: dict[str, float] = {}
    try:
        phases["not attached"] = statistics.median(_cell_seconds(client) for _ in range(runs))
        _debug(client, seq, "initialize", {"clientID": "bench", "adapterID": "python",
                                           "pathFormat": "path", "linesStartAt1": True,
                                           "columnsStartAt1": True})
        _debug(client, seq, "attach", {"justMyCode": True})
        _debug(client, seq, "setBreakpoints", {"source": {"path": str(folder / "other.py")},
                                               "breakpoints": [{"line": 2}]})
        _debug(client, seq, "configurationDone")
        phases["attached"] = statistics.median(_cell_seconds(client) for _ in range(runs))
        _debug(client, seq, "disconnect", {"restart": False, "terminateDebuggee": False})
        phases["after disconnect"] = statistics.median(_cell_seconds(client) for _ in range(runs))
        client.execute_interactive(
            "import platform; print(platform.python_version())", timeout=30,
            output_hook=lambda m: m["msg_type"] == "stream" and phases.setdefault(
                "python", m["content"]["text"].strip()))
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)
    return phases


def stop_to_editor(stops: int) -> list[float]:
    import os

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    from dsstudio.app import start_kernel_session
    from dsstudio.core.settings import RecentProjects
    from dsstudio.ui.kernel.kernel_controller import KernelController
    from dsstudio.ui.window.main_window import MainWindow

    app = QApplication.instance() or QApplication([])
    root = Path(tempfile.mkdtemp(prefix="bench-stop-"))
    (root / "hot.py").write_text(MODULE)
    stamp = root / "before_call.txt"
    window = MainWindow(RecentProjects())
    controller = KernelController(start_kernel_session(root))
    window.open_project(root, controller)
    controller.start()
    window.show()
    window.attach_console()

    def wait(predicate, timeout_s: float = 60) -> None:
        end = time.time() + timeout_s
        while not predicate():
            if time.time() > end:
                raise TimeoutError
            loop = QEventLoop()
            QTimer.singleShot(5, loop.quit)
            loop.exec()

    wait(lambda: getattr(window, "debugger", None) is not None and controller.state == "idle")
    debugger = window.debugger
    debugger.toggle_breakpoint(root / "hot.py", 2)
    wait(lambda: debugger.state == "running")
    shown: list[float] = []
    # Connected after the window's own handler: it runs once the editor shows the line.
    debugger.sig_paused.connect(lambda _frames: shown.append(time.time()))
    gaps = []
    for _ in range(stops):
        count = len(shown)
        window.console.run_code(f"import hot, time, pathlib\npathlib.Path({str(stamp)!r})"
                                ".write_text(repr(time.time()))\nhot.step(1)")
        wait(lambda: len(shown) > count)
        editor = window.tabs.current_editor()
        assert editor.current_line() == 1, "the editor does not show the stopped line"
        gaps.append(shown[-1] - float(stamp.read_text()))
        debugger.session.resume()
        wait(lambda: debugger.state == "running")
    listing = stop_to_variables(window, root, wait, stops)
    window.close_project()
    app.processEvents()
    return gaps, listing


def stop_to_variables(window, root: Path, wait, stops: int) -> dict[str, list[float]]:
    (root / "frame.py").write_text(FRAME)
    debugger = window.debugger
    debugger.toggle_breakpoint(root / "hot.py", 2)  # (off: only frame.py stops now)
    debugger.toggle_breakpoint(root / "frame.py", FRAME_STOP)
    wait(lambda: debugger.session.breakpoints_settled)
    tree = debugger.pane.variables
    listed = lambda: tree.topLevelItemCount() > 1  # noqa: E731
    paused: list[float] = []
    debugger.sig_paused.connect(lambda _frames: paused.append(time.time()))

    def step() -> float:
        count, start = len(paused), time.time()
        debugger.session.step_over()
        wait(lambda: len(paused) > count)
        return time.time() - start

    times: dict[str, list[float]] = {"listed": [], "step after": [], "step at once": []}
    for _ in range(stops):
        count = len(paused)
        window.console.run_code("import frame\nframe.work()")
        wait(lambda: len(paused) > count)
        wait(listed)
        times["listed"].append(time.time() - paused[-1])
        times["step after"].append(step())  # the listing came: nothing ahead of the step
        times["step at once"].append(step())  # the new stop's listing asked just before
        debugger.session.resume()
        wait(lambda: debugger.state == "running")
    return times


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--stops", type=int, default=5)
    parser.add_argument("--python", action="append", default=None,
                        help="an interpreter with ipykernel and debugpy (default: this one)")
    args = parser.parse_args()
    for python in args.python or [sys.executable]:
        phases = per_call_cost(python, args.runs)
        base = phases["not attached"]
        print(f"Python {phases.get('python', '?')} ({python}): a million calls")
        for name in ("not attached", "attached", "after disconnect"):
            print(f"  {name:17s} {phases[name]:.3f} s  x{phases[name] / base:.2f}")
    gaps, listing = stop_to_editor(args.stops)
    print(f"stop to editor: median {statistics.median(gaps) * 1000:.0f} ms, "
          f"max {max(gaps) * 1000:.0f} ms over {len(gaps)} stops")
    first, *rest = listing["listed"]
    print(f"stop to variables listed: first {first * 1000:.0f} ms (installs the describers), "
          f"then median {statistics.median(rest or [first]) * 1000:.0f} ms")
    for kind, said in (("step after", "a step after the listing came"),
                       ("step at once", "a step with the listing still in the kernel")):
        print(f"{said}: to its stop median {statistics.median(listing[kind]) * 1000:.0f} ms, "
              f"max {max(listing[kind]) * 1000:.0f} ms")


if __name__ == "__main__":
    main()

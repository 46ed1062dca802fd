"""Outputs at scale: each case in a notebook cell and in the console, against a bare collector.

Cases (issue 11): a million printed lines, 100,000 lines flushed one message each, one 50 MB
line, 200 matplotlib figures. For each:
- bare: a jupyter_client BlockingKernelClient on the same kernel build collects the iopub
  messages until idle (what the kernel itself costs);
- notebook: an offscreen window runs the case in a notebook cell; wall time to the end of the
  run, the longest stall of a 10 ms QTimer on the GUI thread, RSS before, at its peak, and after
  Clear Outputs;
- console: the same code typed into the console (wall time to the next prompt, longest stall).
Targets: wall time within 1.3x of bare; longest stall under 100 ms; 200 figures under 600 MB
peak; RSS after clearing within 50 MB of before the cell ran. Usage:
    python benchmarks/bench_outputs.py [--cases lines,flushed,wide,figures]
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

CASES = {
    "lines": "for i in range(10**6):\n    print(i)",
    "flushed": "for i in range(100_000):\n    print(i, flush=True)",
    "wide": "print('x' * 50_000_000)",
    "figures": ("import matplotlib.pyplot as plt\nfor i in range(200):\n"
                "    plt.figure(); plt.plot(range(100)); plt.show()"),
}


def rss_mb() -> float:
    import psutil

    return psutil.Process().memory_info().rss / 2**20


def bare(code: str, root: Path) -> float:
    from dsstudio.core.kernel.execute import execute_collect
    from dsstudio.core.kernel.session import KernelSession

    session = KernelSession(root)
    session.start()
    session.wait_ready()
    client = session.client()
    try:
        execute_collect(client, "import matplotlib; matplotlib.use('module://matplotlib_inline.backend_inline')", 60)
        start = time.perf_counter()
        execute_collect(client, code, 900)
        return time.perf_counter() - start
    finally:
        client.stop_channels()
        session.shutdown()


class StallMeter:
    """The longest gap between ticks of a 10 ms timer on the GUI thread, and peak RSS."""

    def __init__(self) -> None:
        from PySide6.QtCore import QTimer

        self.longest = 0.0
        self.peak = rss_mb()
        self._last = time.perf_counter()
        self._ticks = 0
        self.timer = QTimer()
        self.timer.setInterval(10)
        self.timer.timeout.connect(self._tick)
        self.timer.start()

    def _tick(self) -> None:
        now = time.perf_counter()
        self.longest = max(self.longest, now - self._last)
        self._last = now
        self._ticks += 1
        if self._ticks % 10 == 0:
            self.peak = max(self.peak, rss_mb())

    def stop(self) -> None:
        self.timer.stop()


def in_window(code: str, root: Path, where: str) -> dict:
    import nbformat
    from PySide6.QtCore import QEvent, QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    from dsstudio.app import start_kernel_session
    from dsstudio.core.settings import RecentProjects
    from dsstudio.ui.kernel.kernel_controller import KernelController
    from dsstudio.ui.window.main_window import MainWindow

    app = QApplication.instance() or QApplication([])
    window = MainWindow(RecentProjects())
    controller = KernelController(start_kernel_session(root))
    window.open_project(root, controller)
    controller.start()
    window.show()
    window.attach_console()

    def wait(predicate, timeout=900.0):
        """Run the event loop as the app does (asleep when there is nothing to do) until
        `predicate()`, checked every 10 ms. (A loop of processEvents calls kept the GUI thread
        busy in Python, competing for the interpreter with the client's I/O thread.)"""
        deadline = time.monotonic() + timeout
        loop = QEventLoop()
        check = QTimer()
        check.setInterval(10)

        def poll() -> None:
            if predicate() or time.monotonic() > deadline:
                loop.quit()

        check.timeout.connect(poll)
        check.start()
        if not predicate():
            loop.exec()
        check.stop()
        if not predicate():
            raise SystemExit(f"timed out ({where})")

    wait(lambda: controller.state == "idle" and window.console.console is not None
         and "In [" in window.console.console._control.toPlainText())
    if where == "notebook":
        path = root / "bench.ipynb"
        nbformat.write(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(code)]), str(path))
        view = window.open_file(path)
        wait(lambda: view.cells[0].built)
    gc.collect()
    before = rss_mb()
    meter = StallMeter()
    start = time.perf_counter()
    if where == "notebook":
        view.run_all()
        wait(lambda: not view.runner.is_running())
    else:
        window.console.run_code(code)
        wait(lambda: window.console.console._executing)
        wait(lambda: not window.console.console._executing)
    wall = time.perf_counter() - start
    meter.stop()
    result = {"wall": wall, "stall": meter.longest, "before": before, "peak": meter.peak}
    if where == "notebook":
        view.clear_outputs()
        # deleteLater runs in the application's event loop, which this script stands in for.
        app.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        settle = time.monotonic() + 1.5  # the view hands freed memory back after 1 s
        wait(lambda: time.monotonic() > settle)
        gc.collect()
        result["cleared"] = rss_mb()
    window.close_project()
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", default=",".join(CASES))
    args = parser.parse_args()
    os.environ["DSSTUDIO_CONFIG_DIR"] = tempfile.mkdtemp(prefix="dsstudio-bench-")
    print(f"{'case':8} {'where':9} {'wall s':>8} {'x bare':>7} {'stall ms':>9} {'RSS before':>11} "
          f"{'peak':>7} {'cleared':>8}")
    for name in args.cases.split(","):
        code = CASES[name]
        root = Path(tempfile.mkdtemp(prefix="dsstudio-bench-out-"))
        base = bare(code, root)
        print(f"{name:8} {'bare':9} {base:8.2f} {1.0:7.2f}")
        for where in ("notebook", "console"):
            r = in_window(code, root, where)
            cleared = f"{r['cleared']:8.0f}" if "cleared" in r else f"{'-':>8}"
            print(f"{name:8} {where:9} {r['wall']:8.2f} {r['wall'] / base:7.2f} "
                  f"{r['stall'] * 1e3:9.0f} {r['before']:11.0f} {r['peak']:7.0f} {cleared}", flush=True)


if __name__ == "__main__":
    main()

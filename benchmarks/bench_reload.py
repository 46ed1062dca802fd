"""Live reload: what it costs per cell (nothing, unlike %autoreload) and how fast a save lands.

1. Per-cell time of a trivial cell in an IPython shell with many modules imported: plain, with
   dsstudio's reloader loaded, and with `%autoreload 2`. Each variant runs in its own process,
   alternated over several rounds; medians. Target: dsstudio within 2% of plain.
2. Save to report: a 1,000-line module imported in a real kernel, saved from the editor of a real
   (offscreen) window; time from the save to the report reaching the window, against an empty
   silent execute on the same client as the baseline. Target: under 50 ms.

Usage: python benchmarks/bench_reload.py [--rounds 5] [--cells 2000] [--saves 20]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Heavy, commonly imported modules; those not installed are skipped.
MODULES = ["numpy", "pandas", "matplotlib.pyplot", "scipy", "sklearn", "json", "email", "http.client",
           "xml.etree.ElementTree", "asyncio", "decimal", "unittest", "sqlite3", "csv", "logging"]

CELL_SCRIPT = """
import importlib, json, sys, time
sys.path.insert(0, {root!r})
from IPython.core.interactiveshell import InteractiveShell
for name in {modules!r}:
    try:
        importlib.import_module(name)
    except ImportError:
        pass
shell = InteractiveShell.instance()
variant = {variant!r}
if variant == "dsstudio":
    from dsstudio.kernel import reloader
    reloader.load_ipython_extension(shell)
elif variant == "autoreload":
    shell.run_line_magic("load_ext", "autoreload")
    shell.run_line_magic("autoreload", "2")
for _ in range(200):
    shell.run_cell("x = 1", store_history=False)
times = []
for _ in range({cells}):
    start = time.perf_counter()
    shell.run_cell("x = 1", store_history=False)
    times.append(time.perf_counter() - start)
print(json.dumps({{"median_s": sorted(times)[len(times) // 2], "modules": len(sys.modules)}}))
"""


def per_cell(rounds: int, cells: int) -> None:
    variants = ("plain", "dsstudio", "autoreload")
    samples: dict[str, list[float]] = {v: [] for v in variants}
    modules = 0
    for _ in range(rounds):
        for variant in variants:
            script = CELL_SCRIPT.format(root=str(ROOT), modules=MODULES, variant=variant, cells=cells)
            out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                                 check=True).stdout
            result = json.loads(out.strip().splitlines()[-1])
            samples[variant].append(result["median_s"])
            modules = result["modules"]
    plain = statistics.median(samples["plain"])
    print(f"per-cell time of `x = 1` with {modules} modules imported (median of {rounds} runs):")
    for variant in variants:
        value = statistics.median(samples[variant])
        print(f"  {variant:10} {value * 1e3:8.3f} ms   ratio to plain {value / plain:5.2f}")
    ratio = statistics.median(samples["dsstudio"]) / plain
    print(f"  dsstudio overhead: {100 * (ratio - 1):+.1f}% (target within 2%: "
          f"{'meets' if ratio <= 1.02 else 'MISSES'})")


def save_to_report(saves: int) -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ["DSSTUDIO_CONFIG_DIR"] = tempfile.mkdtemp(prefix="dsstudio-bench-")
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    from dsstudio.app import start_kernel_session
    from dsstudio.core.settings import RecentProjects
    from dsstudio.ui.kernel.kernel_controller import KernelController
    from dsstudio.ui.window.main_window import MainWindow

    app = QApplication.instance() or QApplication([])
    root = Path(tempfile.mkdtemp(prefix="dsstudio-bench-proj-"))
    module = root / "big.py"
    module.write_text(big_module(1000, 0))
    window = MainWindow(RecentProjects())
    controller = KernelController(start_kernel_session(root))
    window.open_project(root, controller)
    controller.start()
    window.show()
    window.attach_console()

    def wait(predicate, timeout=60.0):
        deadline = time.monotonic() + timeout
        while not predicate():
            if time.monotonic() > deadline:
                raise SystemExit("timed out waiting for the app")
            app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 5)

    wait(lambda: window.live_reload is not None and controller.client is not None
         and not window.live_reload.is_busy() and controller.state == "idle")
    window.console.run_code("import big")
    wait(lambda: not window.console.console._executing and "big" in window.console.console._control.toPlainText())
    editor = window.open_file(module)
    reports: list[float] = []
    window.live_reload.sig_report.connect(lambda _r: reports.append(time.perf_counter()))
    latencies, baselines = [], []
    client = controller.client
    replies: dict[str, float] = {}
    client.shell_channel.message_received.connect(
        lambda msg: replies.__setitem__(msg["parent_header"].get("msg_id"), time.perf_counter()))
    for i in range(1, saves + 1):
        editor.set_text(big_module(1000, i))
        editor.insertText(0, "")
        start = time.perf_counter()
        window.save()
        wait(lambda: len(reports) == i)
        latencies.append(reports[-1] - start)
        start = time.perf_counter()
        msg_id = client.execute("pass", silent=True, store_history=False)
        wait(lambda: msg_id in replies)
        baselines.append(replies[msg_id] - start)
    window.close_project()
    QTimer.singleShot(0, app.quit)
    lines = big_module(1000, 0).count("\n")
    median, base = statistics.median(latencies), statistics.median(baselines)
    print(f"save to report, {lines}-line module, median of {saves} saves: {median * 1e3:.1f} ms "
          f"(empty silent execute on the same client: {base * 1e3:.1f} ms, ratio {median / base:.1f}); "
          f"target under 50 ms: {'meets' if median < 0.050 else 'MISSES'}")


def big_module(lines: int, version: int) -> str:
    """A module of about `lines` lines: functions, a class, constants; `version` changes one."""
    parts = [f"VERSION = {version}\n"]
    body = textwrap.dedent("""
        def function_{n}(x, y=2):
            total = 0
            for i in range(x):
                total += i * y
            return total + VERSION
    """)
    n = 0
    while sum(p.count("\n") for p in parts) < lines - 20:
        parts.append(body.format(n=n))
        n += 1
    parts.append("class Model:\n    def fit(self, data):\n        return len(data) + VERSION\n")
    return "".join(parts)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--cells", type=int, default=2000)
    parser.add_argument("--saves", type=int, default=20)
    args = parser.parse_args()
    per_cell(args.rounds, args.cells)
    save_to_report(args.saves)


if __name__ == "__main__":
    main()

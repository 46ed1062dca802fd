"""Notebooks of stored Plotly charts (issue 20): how fast the first screen of charts is drawn,
whether the window stalls, scrolling, and memory with the web engine's processes.

    python benchmarks/bench_rich_outputs.py [--charts 200 20] [--runs 3]

Each run is a fresh process (the web engine cold), offscreen, on a real kernel, with the
notebook trusted (signed, as one the user trusted before). Printed per notebook (median of runs):
- first_chart_s / screen_charts_s: from the notebook's open call to its first chart drawn, and
  to every chart on the first screen drawn (JupyterLab 4.6.6, same machine kind: first at 8.4 s
  for 200 charts, 5.3 s for 20; all 200 at 24 s, it draws every chart, on screen or not);
- max_stall_ms: the longest gap between 10 ms timer ticks on the GUI thread while it opens,
  after the open call itself (target: under 100 ms); the notebook is opened once the console
  has loaded and the app's idle imports are done (the notebook's modules, none of the web
  engine), so the start's stalls are not counted as the notebook's;
- scroll_step_ms (median, p90): the notebook scrolled top to bottom by 120 px steps, each step
  laid out and painted (target: under 50 ms; JupyterLab 50 ms, p90 60 ms);
- pss_mib: the peak PSS of dsstudio and all its child processes (the web engine's) while
  scrolling, the kernel excluded (JupyterLab's Chromium: 1,321 MiB PSS, 1,976 MiB peak RSS, for
  200 charts);
- warm_chart_ms: a cell that makes a Plotly chart, from its run ending to the chart drawn, with
  the web engine warm (target: within 100 ms).
Start-up ratios are bench_startup.py's: nothing of the web engine is imported before the first
paint (tests/test_startup_imports.py).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent


def chart_notebook(path: Path, charts: int) -> None:
    import nbformat
    from nbformat.sign import NotebookNotary

    v4 = nbformat.v4
    cells = []
    for index in range(charts):
        cell = v4.new_code_cell(f"px.scatter(df, x='a', y='b', title='chart {index}')")
        figure = {"data": [{"type": "scatter", "mode": "markers", "x": list(range(50)),
                            "y": [(i * 37 + index) % 50 for i in range(50)]}],
                  "layout": {"title": {"text": f"chart {index}"}}}
        cell.outputs = [v4.new_output("display_data", data={
            "application/vnd.plotly.v1+json": figure, "text/plain": f"Figure {index}"})]
        cells.append(cell)
    nbformat.write(v4.new_notebook(cells=cells), str(path))
    with NotebookNotary() as notary:
        notary.sign(nbformat.read(str(path), as_version=4))


def window_with_console(root: Path):
    """A window on `root` with its real kernel idle, its console loaded and its idle imports
    done: (app, window, controller, wait). The console's own start (qtconsole and pygments
    imports, stalls of up to about 0.2 s each) is over, so it is not counted as a notebook's
    opening."""
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
    window.resize(1400, 900)
    window.show()
    window.attach_console()

    def wait(predicate, limit_s: float = 120) -> None:
        deadline = time.monotonic() + limit_s
        while not predicate():
            if time.monotonic() > deadline:
                raise SystemExit("timed out")
            app.processEvents()
            time.sleep(0.001)

    wait(lambda: controller.state == "idle")
    wait(lambda: window.console.console is not None
         and "In [" in window.console.console._control.toPlainText())
    # And the notebook's modules, which the app imports while idle once the kernel has answered
    # (window_services.preload_notebook_modules): a notebook opened a second after start.
    from dsstudio.ui.window.window_services import NOTEBOOK_MODULES

    wait(lambda: all(name in sys.modules for name in NOTEBOOK_MODULES))
    return app, window, controller, wait


def one_run(charts: int) -> dict:
    """Runs in a fresh process: opens the notebook in a window on a real kernel, measures."""
    import psutil
    from PySide6.QtCore import QElapsedTimer, QTimer

    from dsstudio.ui.web.web_output import WebOutput

    root = Path(tempfile.mkdtemp(prefix="dsstudio-rich-"))
    path = root / "charts.ipynb"
    chart_notebook(path, charts)
    app, window, controller, wait = window_with_console(root)
    clock, gaps, last = QElapsedTimer(), [], [0]
    ticker = QTimer()
    ticker.setInterval(10)

    def tick() -> None:
        now = clock.elapsed()
        gaps.append(now - last[0])
        last[0] = now

    ticker.timeout.connect(tick)
    clock.start()
    ticker.start()
    view = window.open_file(path)
    wait(lambda: view.findChildren(WebOutput))
    first = None
    viewport = view.scroll.viewport()

    def on_screen() -> list:
        return [web for web in view.findChildren(WebOutput)
                if web.isVisible() and web.mapTo(viewport, web.rect().topLeft()).y() < viewport.height()
                and web.mapTo(viewport, web.rect().bottomLeft()).y() > 0]

    while True:
        app.processEvents()
        drawn = [web for web in on_screen() if web.drawn]
        if drawn and first is None:
            first = clock.elapsed() / 1000
        if on_screen() and len(drawn) == len(on_screen()):
            break
        if clock.elapsed() > 120_000:
            raise SystemExit("charts never drawn")
    screen = clock.elapsed() / 1000
    ticker.stop()
    stall = max(gaps[1:] or [0])
    kernel_pid = controller.session.pid

    def pss_mib() -> float:
        me = psutil.Process()
        total = 0
        for process in [me, *me.children(recursive=True)]:
            if process.pid == kernel_pid:
                continue
            try:
                total += process.memory_full_info().pss
            except (psutil.NoSuchProcess, psutil.AccessDenied):
                pass
        return total / 2**20

    bar = view.scroll.verticalScrollBar()
    steps, peak = [], pss_mib()
    timer = QElapsedTimer()
    while bar.value() < bar.maximum():
        timer.start()
        bar.setValue(bar.value() + 120)
        view.build_visible_cells()
        viewport.repaint()
        app.processEvents()
        steps.append(timer.nsecsElapsed() / 1e6)
        if len(steps) % 25 == 0:
            peak = max(peak, pss_mib())
    peak = max(peak, pss_mib())
    # Warm: a new chart from the kernel.
    view.cells[-1].cell["source"] = ("import plotly.graph_objects as go\n"
                                     "go.Figure(go.Scatter(x=[1, 2, 3], y=[3, 1, 2]))")
    finished = {}
    view.runner.sig_cell_finished.connect(lambda *_: finished.setdefault("at", clock.elapsed()))
    view.select(len(view.cells) - 1)
    view.run_selected()
    wait(lambda: "at" in finished)
    cell = view.cells[-1]
    wait(lambda: cell.built and any(web.drawn for web in cell.widget.findChildren(WebOutput)))
    warm = clock.elapsed() - finished["at"]
    result = {"charts": charts, "first_chart_s": first, "screen_charts_s": screen,
              "max_stall_ms": stall, "scroll_step_ms": statistics.median(steps),
              "scroll_p90_ms": sorted(steps)[int(len(steps) * 0.9)], "pss_mib": peak,
              "warm_chart_ms": warm, "views_at_end": len(view.findChildren(WebOutput))}
    window.close_project()
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--charts", type=int, nargs="+", default=[200, 20])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(one_run(args.one)))
        return
    env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"),
               PYTHONPATH=str(ROOT), DSSTUDIO_CONFIG_DIR=tempfile.mkdtemp(prefix="dsstudio-bench-"),
               JUPYTER_DATA_DIR=tempfile.mkdtemp(prefix="dsstudio-bench-jupyter-"))
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        env.setdefault("QTWEBENGINE_CHROMIUM_FLAGS", "--no-sandbox")
    for charts in args.charts:
        runs = []
        for _ in range(args.runs):
            result = subprocess.run([sys.executable, __file__, "--one", str(charts)], capture_output=True,
                                    text=True, env=env, timeout=600, cwd=ROOT)
            if result.returncode != 0:
                raise SystemExit(result.stderr[-3000:])
            runs.append(json.loads(result.stdout.strip().splitlines()[-1]))
        summary = {key: round(statistics.median(run[key] for run in runs), 3) for key in runs[0]}
        print(json.dumps(summary))


if __name__ == "__main__":
    main()

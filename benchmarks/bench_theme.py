"""The themes' cost: start-up in dark against light, and switching the theme of a busy window.

1. Start-up: `dsstudio --profile-startup` on the example project, alternating a light and a dark
   preference in one run (the dark theme is put on the app before its first window: Fusion and
   a palette). Prints the medians and the ratio dark / light.
2. Switching: a window with the example project's files and a 300-cell notebook open; the time
   View > Theme takes from light to dark and back (palette, editors, console, notebook), and the
   same window's repaint as the baseline in the same process. Usage:
    python benchmarks/bench_theme.py [--runs 9] [--switches 5]
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

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "examples" / "demo_project"


def start_up(runs: int) -> None:
    configs = {}
    for theme in ("light", "dark"):
        folder = Path(tempfile.mkdtemp(prefix=f"dsstudio-theme-{theme}-"))
        (folder / "preferences.json").write_text(json.dumps({"theme": theme}))
        configs[theme] = folder
    samples: dict[str, list[dict]] = {theme: [] for theme in configs}
    for run in range(runs + 1):  # the first round warms the file cache, uncounted
        for theme, folder in configs.items():
            env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"),
                       DSSTUDIO_CONFIG_DIR=str(folder))
            result = subprocess.run([sys.executable, "-m", "dsstudio", "--profile-startup", str(DEMO)],
                                    cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
            if result.returncode != 0:
                raise SystemExit(f"{theme} failed:\n{result.stderr}")
            if run:
                samples[theme].append(json.loads(result.stdout.strip().splitlines()[-1]))
    print(f"start-up ({runs} runs each, medians)   window_shown_s   kernel_ready_s")
    medians = {}
    for theme, runs_of in samples.items():
        medians[theme] = {key: statistics.median(s[key] for s in runs_of)
                          for key in ("window_shown_s", "kernel_ready_s")}
        print(f"  {theme:34} {medians[theme]['window_shown_s']:14.3f} "
              f"{medians[theme]['kernel_ready_s']:16.3f}")
    for key in ("window_shown_s", "kernel_ready_s"):
        print(f"  ratio {key} dark / light: {medians['dark'][key] / medians['light'][key]:.3f}")


def switching(switches: int) -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ["DSSTUDIO_CONFIG_DIR"] = tempfile.mkdtemp(prefix="dsstudio-theme-switch-")
    import nbformat
    from PySide6.QtWidgets import QApplication

    from dsstudio.app import start_kernel_session
    from dsstudio.core.settings import RecentProjects
    from dsstudio.ui.kernel.kernel_controller import KernelController
    from dsstudio.ui.window.main_window import MainWindow

    app = QApplication.instance() or QApplication([])
    project = Path(tempfile.mkdtemp(prefix="dsstudio-theme-project-"))
    for source in DEMO.glob("*.py"):
        (project / source.name).write_text(source.read_text())
    cells = [nbformat.v4.new_code_cell(f"x{i} = {i}\nprint('cell', x{i})") for i in range(300)]
    nbformat.write(nbformat.v4.new_notebook(cells=cells), str(project / "big.ipynb"))
    window = MainWindow(RecentProjects())
    controller = KernelController(start_kernel_session(project))
    window.open_project(project, controller)
    controller.start()
    window.resize(1400, 900)
    window.show()
    window.attach_console()
    deadline = time.monotonic() + 60
    while (controller.state != "idle" or not window.console.is_attached()) \
            and time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.01)
    for source in sorted(project.glob("*.py")):
        window.open_file(source)
    window.open_file(project / "big.ipynb")
    for _ in range(20):
        app.processEvents()

    def settle() -> None:
        for _ in range(5):
            app.processEvents()

    def timed(action) -> float:
        start = time.perf_counter()
        action()
        settle()  # the palette reaches widgets at the next turn of the loop: count it
        window.repaint()
        return time.perf_counter() - start

    repaint = [timed(lambda: None) for _ in range(switches)]
    to_dark, to_light = [], []
    for _ in range(switches):
        to_dark.append(timed(window.actions["theme_dark"].trigger))
        to_light.append(timed(window.actions["theme_light"].trigger))
    base = statistics.median(repaint)
    print(f"switching ({switches} times; window with {len(window.tabs.editors())} editors and a "
          "300-cell notebook)")
    print(f"  repaint (baseline)   {base * 1000:8.1f} ms")
    for name, values in (("light -> dark", to_dark), ("dark -> light", to_light)):
        median = statistics.median(values)
        print(f"  {name:20} {median * 1000:8.1f} ms  (max {max(values) * 1000:.1f}; "
              f"{median / base:.1f}x the repaint)")
    window.tabs.ask_unsaved = lambda names: "discard"
    window.close_project()
    window.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9, help="start-up runs per theme")
    parser.add_argument("--switches", type=int, default=5)
    parser.add_argument("--only", choices=("startup", "switching"))
    args = parser.parse_args()
    if args.only != "switching":
        start_up(args.runs)
    if args.only != "startup":
        switching(args.switches)


if __name__ == "__main__":
    main()

"""Find in Files on a generated project: 5,000 files of 100 lines (500,000 lines, 50 folders).

Printed, all from one run:
- baselines: `grep -rn` over the same tree (C, one process) and a pure-Python read and decode of
  every file (the floor for any Python search);
- the core search (ProjectSearch on this thread): time to the first result, total time;
- the Search pane in a real window (offscreen Qt), the search in its search process, twice: time
  until the first result row is on screen, until all rows are, and the GUI thread's longest stall
  while results stream in (the largest gap between ticks of a 1 ms timer; a frame is 16 ms), how
  much of that gap the GUI thread itself spent on the CPU (on a busy shared machine a gap can be
  the scheduler's), the longest CPU time it spent between two ticks, next to the same timer's
  largest gap with nothing running, and how many full garbage collections (which stop every
  thread) ran meanwhile.
Two queries: a rare word (5 results) and a common one (10,000 results in all 5,000 files).
Usage:
    python benchmarks/bench_find_in_files.py [--files 5000] [--lines 100]
"""

from __future__ import annotations

import argparse
import gc
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def make_project(root: Path, files: int, lines: int) -> None:
    body_lines = [f"    value_{i} = compute(data, {i})  # step {i}\n" for i in range(lines)]
    for i in range(files):
        folder = root / f"pkg{i % 50:02d}"
        folder.mkdir(exist_ok=True)
        text = list(body_lines)
        text[10] = "    result = common_target(data)\n"
        text[60] = "    other = common_target(result)\n"
        if i % 1000 == 7:
            text[30] = "    rare_needle = True\n"
        (folder / f"module_{i:04d}.py").write_text("".join(text))
    (root / ".venv" / "lib").mkdir(parents=True)
    (root / ".venv" / "pyvenv.cfg").write_text("home = /usr\n")
    (root / ".venv" / "lib" / "big.py").write_text("common_target\n" * 10_000)


def timed(function) -> float:
    start = time.perf_counter()
    function()
    return time.perf_counter() - start


def baselines(root: Path, word: str) -> dict[str, float]:
    grep = timed(lambda: subprocess.run(
        ["grep", "-rn", "--exclude-dir=.venv", word, str(root)], capture_output=True))

    def read_all() -> None:
        for folder, dirs, names in os.walk(root):
            dirs[:] = [d for d in dirs if not d.startswith(".")]
            for name in names:
                (Path(folder) / name).read_bytes().decode("utf-8")

    return {"grep -rn": grep, "python read+decode all": timed(read_all)}


def core_search(root: Path, word: str) -> tuple[float, float, int]:
    from dsstudio.core.search.find_in_files import ProjectSearch
    from dsstudio.core.search.query import SearchQuery

    first: list[float] = []
    start = time.perf_counter()

    def on_file(_found) -> None:
        if not first:
            first.append(time.perf_counter() - start)

    summary = ProjectSearch(root, SearchQuery(word)).run(on_file)
    return first[0], time.perf_counter() - start, summary.results


def open_window(root: Path, app):
    """A project window on `root` (no kernel: the search needs none), shown, Search tab built."""
    from dsstudio.core.settings import RecentProjects, load_project_state
    from dsstudio.ui.project.project_settings import ProjectSettings
    from dsstudio.ui.window.main_window import MainWindow

    window = MainWindow(RecentProjects())
    window.project_root = root
    window.settings = ProjectSettings(root, load_project_state(root), window)
    window.stack.setCurrentWidget(window.splitter)
    window.show()
    window.find_in_files()
    app.processEvents()
    return window


def gui_search(window, word: str, app) -> dict[str, float]:
    """Search `word` in the window's pane; the GUI thread's stalls measured meanwhile."""
    from PySide6.QtCore import QTimer

    pane = window.search
    # (wall time, the GUI thread's own CPU time) between ticks: a long gap with little CPU is the
    # machine giving the core to someone else, not this thread being busy.
    gaps: list[tuple[float, float]] = []
    last = [time.perf_counter()]
    last_cpu = [time.thread_time()]
    full_collections = [0]

    def tick() -> None:
        now, cpu = time.perf_counter(), time.thread_time()
        gaps.append((now - last[0], cpu - last_cpu[0]))
        last[0], last_cpu[0] = now, cpu

    def count_full(phase: str, info: dict) -> None:
        if phase == "stop" and info["generation"] == 2:
            full_collections[0] += 1

    timer = QTimer(interval=1)
    timer.timeout.connect(tick)

    def run_loop_until(done, limit: float = 120.0) -> None:
        deadline = time.perf_counter() + limit
        while not done() and time.perf_counter() < deadline:
            app.processEvents()
            time.sleep(0.0005)

    # Idle: the same timer with nothing running, for comparison.
    timer.start()
    last[0] = time.perf_counter()
    run_loop_until(lambda: False, 0.5)
    idle_gap = max(gaps)[0]
    gaps.clear()

    gc.callbacks.append(count_full)
    pane.find_field.setText(word)
    first_row: list[float] = []
    start = time.perf_counter()
    last[0], last_cpu[0] = start, time.thread_time()
    pane.start_search()
    run_loop_until(lambda: (not first_row and pane.results.model().rowCount()
                            and first_row.append(time.perf_counter() - start)) or
                   pane.summary is not None)
    total = time.perf_counter() - start
    timer.stop()
    gc.callbacks.remove(count_full)
    return {"first row": first_row[0] if first_row else float("nan"), "all rows": total,
            "longest stall": max(gaps)[0], "its CPU": max(gaps)[1],
            "longest busy": max(cpu for _wall, cpu in gaps), "idle timer gap": idle_gap,
            "results": pane.summary.results, "full collections": full_collections[0]}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--files", type=int, default=5000)
    parser.add_argument("--lines", type=int, default=100)
    args = parser.parse_args()
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([])
    # The real window has the console's modules loaded after its first paint: the heap the
    # garbage collector walks is that size, not a bare window's (a full collection is triggered
    # when the heap has grown by a quarter, and takes longer the larger the heap).
    import qtconsole.rich_jupyter_widget  # noqa: F401

    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "project"
        root.mkdir()
        os.environ["DSSTUDIO_CONFIG_DIR"] = str(Path(folder) / "config")
        made = timed(lambda: make_project(root, args.files, args.lines))
        print(f"project: {args.files:,} files x {args.lines} lines = {args.files * args.lines:,} "
              f"lines (+ a .venv that must be skipped), made in {made:.1f} s")
        window = open_window(root, app)
        for word in ("rare_needle", "common_target"):
            print(f"\nquery {word!r}")
            for name, seconds in baselines(root, word).items():
                print(f"  baseline {name:<24} total {seconds * 1000:7.0f} ms")
            first, total, results = core_search(root, word)
            print(f"  core search (this thread)       first {first * 1000:6.0f} ms   total "
                  f"{total * 1000:6.0f} ms   {results:,} results")
            for run in (1, 2):
                gui = gui_search(window, word, app)
                print(f"  Search pane, run {run} (search process + GUI)  first row "
                      f"{gui['first row'] * 1000:4.0f} ms   all rows {gui['all rows'] * 1000:6.0f} ms"
                      f"   {gui['results']:,} results")
                print(f"    GUI thread longest stall while streaming: "
                      f"{gui['longest stall'] * 1000:.1f} ms wall, {gui['its CPU'] * 1000:.1f} ms "
                      f"of it on the GUI thread's CPU (idle, same timer: "
                      f"{gui['idle timer gap'] * 1000:.1f} ms; a frame: 16 ms)")
                print(f"    longest GUI-thread CPU between two ticks: "
                      f"{gui['longest busy'] * 1000:.1f} ms; full garbage collections meanwhile: "
                      f"{gui['full collections']}")
        window.project_root = None
        window.close()


if __name__ == "__main__":
    main()

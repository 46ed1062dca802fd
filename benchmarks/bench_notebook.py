"""Opening and scrolling a big notebook (1,000 code cells with outputs, 100 markdown cells).

    python benchmarks/bench_notebook.py [--runs 5] [--code-cells 1000] [--scroll-only]

1. Opening: `dsstudio --profile-startup big.ipynb` against the small demo notebook, alternated in
   the same run. Prints each one's median seconds from window shown to document ready (target for
   the big one: within 1.0 s) and peak memory of the app process (target: under 400 MB).
2. Scrolling (in this process, offscreen): the notebook view scrolled from top to bottom in steps
   of 120 px (a few wheel notches), each step painted, twice. Cells are built as they come near
   the screen and go back to heights a few screens away, so both passes build: the second is
   the baseline for the first (warm caches). Prints frame times, their ratio, how many cells
   have widgets at the end, and this process's peak memory.
3. Big documents (issue 11), opened the same way, alternated with the small notebook: 10,000
   empty code cells (target: within 1 s of the window), one 1 MB markdown cell, one 8 MB code
   line (each shows its start; "Show all" has the rest); 300 markdown cells with math (issue 20:
   typeset in web views near the screen only), same target as the 10,000 cells.
4. A long notebook's scroll steps (issue 19): 100,000 empty code cells, 200 steps of 120 px from
   the top, against the same steps in the notebook of part 2 and in 1,100 empty cells, in the
   same process: a step should cost what is on screen, not what the notebook holds (it cost
   0.25 s). Empty cells are short: more of them are on screen than of part 2's.

--scroll-only runs parts 2 and 4 (no app launches).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))
DEMO_NOTEBOOK = HERE.parent / "examples" / "demo_project" / "analysis.ipynb"

from make_big_notebook import big_notebook  # noqa: E402 (after the path set-up)


def profile_open(path: Path, env: dict) -> dict:
    # A fresh settings folder each time: the app reopens a project's remembered files, and the
    # notebooks here share one project folder (the small one would reopen the big ones).
    env = dict(env, DSSTUDIO_CONFIG_DIR=tempfile.mkdtemp(prefix="dsstudio-bench-"))
    result = subprocess.run([sys.executable, "-m", "dsstudio", "--profile-startup", str(path)],
                            capture_output=True, text=True, env=env, timeout=120)
    if result.returncode != 0:
        raise SystemExit(f"opening {path} failed ({result.returncode}):\n{result.stderr}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def open_env() -> dict:
    env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # as installed: bytecode cached
    return env


def bench_open(big: Path, small: Path, runs: int) -> None:
    env = open_env()
    profile_open(small, env)  # warm the file cache
    samples: dict[str, list[dict]] = {"big": [], "small": []}
    for _ in range(runs):
        for name, path in (("big", big), ("small", small)):
            samples[name].append(profile_open(path, env))
    print(f"{'notebook':10} {'window_shown_s':>15} {'document_ready_s':>17} {'open_s':>8} {'peak_MB':>8}")
    medians = {}
    for name, runs_ in samples.items():
        shown = statistics.median(r["window_shown_s"] for r in runs_)
        ready = statistics.median(r["document_ready_s"] for r in runs_)
        opened = statistics.median(r["document_ready_s"] - r["window_shown_s"] for r in runs_)
        peak = statistics.median(r["peak_memory_mb"] for r in runs_)
        medians[name] = (opened, peak)
        print(f"{name:10} {shown:15.3f} {ready:17.3f} {opened:8.3f} {peak:8.1f}")
    opened, peak = medians["big"]
    print(f"big: open_s {opened:.3f} (target <= 1.0: {'meets' if opened <= 1.0 else 'MISSES'}), "
          f"peak {peak:.0f} MB (target < 400: {'meets' if peak < 400 else 'MISSES'}); "
          f"open_s ratio big / small {opened / medians['small'][0]:.2f}")


def big_documents(folder: Path) -> dict[str, Path]:
    """The three notebooks that froze dsstudio before issue 11's virtual rows and cut sources."""
    import nbformat

    v4 = nbformat.v4
    documents = {
        "10,000 empty cells": v4.new_notebook(cells=[v4.new_code_cell() for _ in range(10_000)]),
        "1 MB markdown cell": v4.new_notebook(cells=[v4.new_markdown_cell(
            "".join(f"* point {i}: some words\n" for i in range(45_000)))]),
        "8 MB code line": v4.new_notebook(cells=[v4.new_code_cell("x = '" + "y" * 8_000_000 + "'")]),
        # (issue 20) typeset with KaTeX in web views, for the cells near the screen only
        "300 markdown with math": v4.new_notebook(cells=[v4.new_markdown_cell(
            f"Cell {i}: *energy* $E_{{{i}}} = m c^2$, and\n\n$$\\sum_{{k=1}}^{{{i}}} \\frac{{1}}{{k^2}}$$")
            for i in range(300)]),
    }
    paths = {}
    for index, (name, notebook) in enumerate(documents.items()):
        paths[name] = folder / f"document{index}.ipynb"
        nbformat.write(notebook, str(paths[name]))
    return paths


def bench_big_documents(folder: Path, small: Path, runs: int) -> None:
    env = open_env()
    profile_open(small, env)
    documents = big_documents(folder)
    samples: dict[str, list[float]] = {name: [] for name in ["small", *documents]}
    for _ in range(runs):
        for name, path in [("small", small), *documents.items()]:
            result = profile_open(path, env)
            samples[name].append(result["document_ready_s"] - result["window_shown_s"])
    small_open = statistics.median(samples["small"])
    print(f"{'document':22} {'size_MB':>8} {'open_s':>8} {'ratio to small':>15}")
    for name, values in samples.items():
        path = small if name == "small" else documents[name]
        opened = statistics.median(values)
        print(f"{name:22} {path.stat().st_size / 1e6:8.1f} {opened:8.3f} {opened / small_open:15.2f}")
    many = statistics.median(samples["10,000 empty cells"])
    print(f"10,000 cells: open_s {many:.3f} (target <= 1.0: {'meets' if many <= 1.0 else 'MISSES'})")


def scroll_pass(app, view, step: int) -> list[float]:
    bar = view.scroll.verticalScrollBar()
    bar.setValue(0)
    app.processEvents()
    frames = []
    while True:
        start = time.perf_counter()
        bar.setValue(bar.value() + step)
        app.processEvents()
        view.scroll.viewport().repaint()
        frames.append((time.perf_counter() - start) * 1000)
        if bar.value() >= bar.maximum():
            return frames


def shown_view(path: Path):
    """The notebook at `path` in a NotebookView on screen (offscreen), on a kernel that runs
    nothing; and the application."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QObject, Signal
    from PySide6.QtWidgets import QApplication

    from dsstudio.core.notebook.notebook_file import read_notebook
    from dsstudio.ui.notebook.notebook_view import NotebookView

    class IdleKernel(QObject):
        """Scrolling runs nothing: the view only needs a kernel's state signals."""

        sig_state_changed = Signal(str)
        sig_ready = Signal(dict)
        sig_iopub_ready = Signal()
        state = "idle"

    app = QApplication.instance() or QApplication([])
    view = NotebookView(path, read_notebook(path, validate=False).notebook, IdleKernel())
    view.resize(720, 860)
    view.show()
    app.processEvents()
    return app, view


def bench_scroll(big: Path) -> None:
    from dsstudio.core.app.startup_profile import peak_memory_mb

    app, view = shown_view(big)
    first = scroll_pass(app, view, 120)
    built = sum(cell.built for cell in view.cells)
    second = scroll_pass(app, view, 120)

    def summary(frames: list[float]) -> str:
        ordered = sorted(frames)
        p95 = ordered[int(len(ordered) * 0.95)]
        slow = sum(f > 16.7 for f in frames)
        return (f"{len(frames)} frames, median {statistics.median(frames):5.1f} ms, p95 {p95:5.1f} ms, "
                f"max {max(frames):6.1f} ms, over 16.7 ms: {slow}")

    print(f"scroll, first pass:    {summary(first)}")
    print(f"scroll, second pass:   {summary(second)}")
    print(f"ratio median first / second pass: {statistics.median(first) / statistics.median(second):.2f}; "
          f"cells built: {built} of {len(view.cells)}; peak memory {peak_memory_mb():.0f} MB")


def scroll_steps(app, view, step: int, count: int) -> list[float]:
    """`count` steps of `step` px down from the top, each painted: milliseconds each."""
    bar = view.scroll.verticalScrollBar()
    bar.setValue(0)
    app.processEvents()
    frames = []
    for _ in range(count):
        start = time.perf_counter()
        bar.setValue(bar.value() + step)
        app.processEvents()
        view.scroll.viewport().repaint()
        frames.append((time.perf_counter() - start) * 1000)
    return frames


def long_notebook(path: Path, cells: int) -> None:
    """`cells` empty code cells, written as JSON (nbformat's writer validates: minutes)."""
    empty = {"cell_type": "code", "execution_count": None, "metadata": {}, "outputs": [], "source": ""}
    path.write_text(json.dumps({"cells": [dict(empty, id=f"c{i}") for i in range(cells)],
                                "metadata": {}, "nbformat": 4, "nbformat_minor": 5}))


def bench_long_scroll(big: Path, folder: Path, cells: int = 100_000, steps: int = 200) -> None:
    long, short = folder / "long.ipynb", folder / "short.ipynb"
    long_notebook(long, cells)
    long_notebook(short, 1_100)
    medians = {}
    for name, path in (("big", big), ("short", short), ("long", long)):
        start = time.perf_counter()
        app, view = shown_view(path)
        opened = time.perf_counter() - start
        frames = scroll_steps(app, view, 120, steps)
        medians[name] = statistics.median(frames)
        print(f"{name} ({len(view.cells):,} cells, view made in {opened:.1f} s): {steps} steps, "
              f"median {medians[name]:.1f} ms, max {max(frames):.1f} ms")
        view.close()
        view.deleteLater()
        app.processEvents()
    print(f"scroll step (medians), {cells:,} empty cells / the {big.name} notebook: "
          f"{medians['long'] / medians['big']:.2f}; / 1,100 empty cells: "
          f"{medians['long'] / medians['short']:.2f}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--code-cells", type=int, default=1000)
    parser.add_argument("--scroll-only", action="store_true", help="no app launches: parts 2 and 4")
    args = parser.parse_args()
    import nbformat

    folder = Path(tempfile.mkdtemp(prefix="dsstudio-bench-nb-"))
    try:
        big = folder / "big.ipynb"
        nbformat.write(big_notebook(args.code_cells, args.code_cells // 10), str(big))
        small = folder / "small.ipynb"
        shutil.copy(DEMO_NOTEBOOK, small)
        if not args.scroll_only:
            bench_open(big, small, args.runs)
            bench_big_documents(folder, small, args.runs)
        bench_scroll(big)
        bench_long_scroll(big, folder)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()

"""Recovery copies of unsaved work (issue 12): what keeping them costs the user, and how soon
they are on disk.

    python benchmarks/bench_recovery.py [--samples 10]

In this process, offscreen, on a real window and kernel:
1. The keeper's tick (four times a second): its GUI time with nothing open (the baseline) and with
   20 editors and a 10,000-cell notebook open, all unsaved and unchanged since their copies.
2. A copy's latency: from a keystroke (a text appended to a 1,000-line buffer) to the copy with
   that text on disk (the promise: within 2 s after typing stops).
3. The GUI time of taking a copy of the 10,000-cell notebook (the sources as JSON; written on
   the keeper's thread).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["DSSTUDIO_CONFIG_DIR"] = tempfile.mkdtemp(prefix="dsstudio-bench-recovery-")


def wait_until(app, predicate, timeout: float = 60.0) -> float:
    start = time.perf_counter()
    while not predicate():
        if time.perf_counter() - start > timeout:
            raise SystemExit("timed out")
        app.processEvents()
        time.sleep(0.005)
    return time.perf_counter() - start


def timed(function, repeat: int) -> list[float]:
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--samples", type=int, default=10)
    args = parser.parse_args()

    import nbformat
    from PySide6.QtWidgets import QApplication

    from dsstudio.app import start_kernel_session
    from dsstudio.core.editor.recovery_store import RecoveryStore, key_for
    from dsstudio.core.settings import RecentProjects
    from dsstudio.ui.kernel.kernel_controller import KernelController
    from dsstudio.ui.window.main_window import MainWindow
    from dsstudio.ui.window.recovery_keeper import notebook_snapshot

    app = QApplication([])
    root = Path(tempfile.mkdtemp(prefix="dsstudio-bench-project-"))
    for n in range(20):
        (root / f"module_{n}.py").write_text("".join(f"value_{i} = {i}\n" for i in range(1000)))
    notebook_path = root / "big.ipynb"
    nbformat.write(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(f"cell_{i} = {i}")
                                                   for i in range(10_000)]), str(notebook_path))
    window = MainWindow(RecentProjects())
    controller = KernelController(start_kernel_session(root))
    window.open_project(root, controller)
    controller.start()
    window.show()
    wait_until(app, lambda: window.recovery is not None and controller.state == "idle")
    keeper = window.recovery
    keeper._timer.stop()  # ticks are driven here

    empty = timed(keeper.tick, 50)
    editors = [window.tabs.open_file(root / f"module_{n}.py") for n in range(20)]
    view = window.notebooks.open(notebook_path)
    for editor in editors:
        editor.appendText(2, "#\n")
    view.mark_modified()
    keeper.tick(now=time.monotonic() + 10)  # everything copied once
    keeper.flush(60)
    loaded = timed(keeper.tick, 50)

    store = RecoveryStore(root)
    target = editors[0]
    key = key_for("text", root / "module_0.py")
    latencies = []
    keeper._timer.start()
    for sample in range(args.samples):
        marker = f"typed_{sample} = 1\n"
        target.appendText(len(marker), marker)
        typed = time.perf_counter()

        def copied() -> bool:
            try:
                return marker in json.loads((store.folder / f"{key}.json").read_text())["content"]
            except (OSError, ValueError):
                return False

        wait_until(app, copied, timeout=10)
        latencies.append(time.perf_counter() - typed)
    copy_ms = timed(lambda: notebook_snapshot(view), 5)
    json_ms = timed(notebook_snapshot(view), 5)

    def show(name: str, samples: list[float]) -> None:
        median, longest = statistics.median(samples), max(samples)
        print(f"  {name:<46} median {median:6.2f} ms   max {longest:6.2f} ms")

    print("Keeper tick (GUI thread, four times a second):")
    show("nothing open (baseline)", empty)
    show("20 editors + a 10,000-cell notebook, unsaved", loaded)
    print(f"  ratio of medians: {statistics.median(loaded) / statistics.median(empty):.1f}x the "
          f"empty tick; {statistics.median(loaded) / 16.7 * 100:.1f}% of a 60 Hz frame")
    latencies.sort()
    print(f"Keystroke to copy on disk: median {statistics.median(latencies):.2f} s, "
          f"max {latencies[-1]:.2f} s (promise: 2 s)")
    show("copy of the 10,000-cell notebook: GUI part", copy_ms)
    show("  and its JSON, on the keeper's thread", json_ms)
    window.tabs.ask_unsaved = lambda names: "discard"
    if window._notebooks is not None:
        window._notebooks.maybe_close_all = lambda: True
    window.close_project()


if __name__ == "__main__":
    main()

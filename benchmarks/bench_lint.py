"""Lint as you type: how long ruff takes on a 1,000-line buffer, and what the GUI thread feels.

Printed in one run:
- lint latency of a 1,000-line module through stdin (`run_ruff`, as the worker thread runs it),
  median and p95 of N runs, beside two baselines measured in the same run: `ruff check` of the
  same file from disk, and `python -c pass` (a process start);
- the same from the GUI's side: from the request to the marks shown (LintController);
- the GUI thread's longest stall while 200 characters are typed at 20 per second into that
  buffer (offscreen Qt), with linting off, on (its 300 ms pause: it lints when typing stops),
  and on with a 30 ms pause (a lint after every keystroke, the worst case). A 2 ms probe timer
  measures the longest gap the event loop left; the budget is one frame, ~16 ms.
Usage:
    python benchmarks/bench_lint.py [--runs 30]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from dsstudio.core.lint.ruff_runner import find_ruff_binary, run_ruff  # noqa: E402

TYPED = "value = undefined_total + 1  # typed\n" * 6  # ~220 characters; 200 are typed


def module_text(lines: int = 1000) -> str:
    """A plausible module: imports, functions, a class, some findings (unused, undefined)."""
    out = ["import os", "import sys", "import json", "", ""]
    n = 0
    while len(out) < lines - 8:
        out += [f"def function_{n}(data, factor={n}):",
                f'    """Scale the data by {n} (é, 😀 in a docstring)."""',
                "    total = 0",
                "    for item in data:",
                "        total += item * factor",
                f"    return total + len(sys.argv) + missing_{n % 7}",
                "", ""]
        n += 1
    out += ["class Model:", "    def fit(self, x):", "        return json.dumps(x)", ""]
    return "\n".join(out[:lines]) + "\n"


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def timed(function, runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return times


def row(name: str, times: list[float]) -> None:
    print(f"  {name:<48} median {statistics.median(times) * 1000:7.1f} ms   "
          f"p95 {percentile(times, 0.95) * 1000:7.1f} ms")


def latency(folder: Path, text: str, runs: int, ruff: Path) -> None:
    path = folder / "module.py"
    path.write_text(text, encoding="utf-8")
    run_ruff(ruff, text, path)  # warm the file cache
    print(f"Lint latency, {text.count(chr(10))}-line module, {runs} runs ({ruff}):")
    row("run_ruff through stdin (what dsstudio runs)",
        timed(lambda: run_ruff(ruff, text, path), runs))
    row("baseline: ruff check FILE from disk", timed(lambda: subprocess.run(
        [str(ruff), "check", "--output-format", "json", "--select", "F,E9", "--exit-zero",
         "--no-cache", str(path)], capture_output=True, check=True), runs))
    row("baseline: python -c pass (a process start)", timed(lambda: subprocess.run(
        [sys.executable, "-c", "pass"], check=True), runs))


def gui(folder: Path, text: str, runs: int) -> None:
    from PySide6.QtCore import QElapsedTimer, QEventLoop, Qt, QTimer
    from PySide6.QtWidgets import QApplication, QStatusBar, QTabWidget

    from dsstudio.ui.editor.editor_tabs import EditorTabs
    from dsstudio.ui.lint.lint_controller import LINT_DELAY_MS, LintController

    app = QApplication.instance() or QApplication([])
    path = folder / "module.py"

    def wait(signal, timeout_ms: int = 30_000) -> None:
        loop = QEventLoop()
        signal.connect(loop.quit)
        QTimer.singleShot(timeout_ms, loop.quit)
        loop.exec()
        signal.disconnect(loop.quit)

    def window(delay_ms: int | None):
        tabs = EditorTabs()
        tabs.ask_unsaved = lambda names: "discard"
        tabs.resize(900, 700)
        tabs.show()
        lint = None
        if delay_ms is not None:
            lint = LintController(tabs, QTabWidget(), QStatusBar(), lambda: folder,
                                  delay_ms=delay_ms)
        editor = tabs.open_file(path)
        if lint is not None:
            wait(lint.sig_linted)
        return tabs, lint, editor

    tabs, lint, editor = window(LINT_DELAY_MS)
    shown = []
    for _ in range(runs):
        start = time.perf_counter()
        lint.lint_now(editor)
        wait(lint.sig_linted)
        shown.append(time.perf_counter() - start)
    print("From the GUI's side:")
    row("request to marks shown (LintController)", shown)
    tabs.close()

    print("GUI thread's longest stall, typing 200 characters at 20 per second:")
    for label, delay in (("linting off", None),
                         (f"linting on ({LINT_DELAY_MS} ms pause)", LINT_DELAY_MS),
                         ("linting on (30 ms pause: a lint per keystroke)", 30)):
        tabs, lint, editor = window(delay)
        editor.set_cursor(editor.lineCount() - 1, 0)
        editor.take_focus()
        settle = QEventLoop()  # the first paint of the file is not typing
        QTimer.singleShot(500, settle.quit)
        settle.exec()
        handlers = []  # the lint's own work on the GUI thread: starting a job, showing a result
        if lint is not None:
            for name in ("lint_now", "_on_job_done"):
                original = getattr(lint, name)

                def measured(*args, _original=original):
                    start = time.perf_counter()
                    _original(*args)
                    handlers.append(time.perf_counter() - start)

                setattr(lint, name, measured)
            lint._linted[id(editor)].timer.timeout.disconnect()
            lint._linted[id(editor)].timer.timeout.connect(lambda: lint.lint_now(editor))
            lint._sig_job_done.disconnect()
            lint._sig_job_done.connect(lint._on_job_done)
        results = [0] if lint is None else []
        if lint is not None:
            lint.sig_linted.connect(lambda _e: results.append(1))
        gaps, clock = [], QElapsedTimer()
        probe = QTimer()
        probe.setTimerType(Qt.TimerType.PreciseTimer)
        probe.setInterval(2)
        probe.timeout.connect(lambda: (gaps.append(clock.restart())))
        typed = list(TYPED[:200])
        typist = QTimer()
        typist.setTimerType(Qt.TimerType.PreciseTimer)
        typist.setInterval(50)
        done = QEventLoop()

        def type_one() -> None:
            if typed:
                editor.replaceSel(typed.pop(0))
            else:
                typist.stop()
                QTimer.singleShot(LINT_DELAY_MS + 700, done.quit)  # the last lint lands too

        typist.timeout.connect(type_one)
        clock.start()
        probe.start()
        typist.start()
        done.exec()
        probe.stop()
        stall = max(gaps[1:]) - 2
        lints = len(results) if lint is not None else 0
        own = f"; lint's own longest {max(handlers) * 1000:4.1f} ms" if handlers else ""
        print(f"  {label:<48} longest stall {stall:5.1f} ms   "
              f"(p99 gap {percentile(gaps[1:], 0.99):4.0f} ms; results shown: {lints}{own})")
        tabs.close()
        tabs.deleteLater()
        app.processEvents()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    ruff = find_ruff_binary()
    if ruff is None:
        sys.exit("ruff not found")
    text = module_text()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        latency(folder, text, args.runs, ruff)
        gui(folder, text, args.runs)


if __name__ == "__main__":
    main()

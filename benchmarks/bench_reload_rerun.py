"""Live reload's cost, kernel side, on a real InteractiveShell (issue 21).

1. A module whose top level takes 2 s (a sleep standing for a data load), one function edited and
   saved: save-to-report with partial re-runs, against the whole body re-run (the baseline:
   what every save cost before, and what `%autoreload 2` costs).
2. A 1,000-line module, one function edited: save-to-report.

The per-cell cost and save-to-report through a real window are bench_reload.py's (separate
processes, alternated rounds).

Run: PYTHONPATH=. python benchmarks/bench_reload_rerun.py
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

from IPython.core.interactiveshell import InteractiveShell

from dsstudio.kernel import reloader

SLOW = "import time\ntime.sleep(2)\nDATA = list(range(10))\ndef total():\n    return sum(DATA) + {n}\n"


def big_module(n: int) -> str:
    lines = ["import math", "TABLE = {i: i * i for i in range(100)}"]
    for i in range(0, 996, 4):
        lines += [f"def f{i}(x):", f"    y = x + {i}", "    return math.sqrt(abs(y))", ""]
    return "\n".join(lines[:1000]) + f"\ndef edited():\n    return {n}\n"


def save_to_report(shell, root: Path, name: str, text, edits: int, forget: bool) -> list[float]:
    path = root / f"{name}.py"
    path.write_text(text(0))
    shell.run_cell(f"import {name}", store_history=False)
    times = []
    for n in range(1, edits + 1):
        if forget:  # the baseline: the source before the save unknown, so the whole body re-runs
            from dsstudio.kernel import module_reload, source_record
            module_reload._statement_cache.pop(sys.modules[name], None)
            source_record._sources.pop(sys.modules[name], None)
        path.write_text(text(n))
        start = time.perf_counter()
        report = reloader.reload_paths([path], shell)
        times.append(time.perf_counter() - start)
        assert report["reloaded"] == [name], report
    return times


def main() -> None:
    shell = InteractiveShell.instance()
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        sys.path.insert(0, str(root))
        reloader.set_project_roots([root])
        reloader.load_ipython_extension(shell)
        partial = save_to_report(shell, root, "slow_a", lambda n: SLOW.format(n=n), 3, forget=False)
        whole = save_to_report(shell, root, "slow_b", lambda n: SLOW.format(n=n), 1, forget=True)
        big = save_to_report(shell, root, "big", big_module, 5, forget=False)
        big_whole = save_to_report(shell, root, "big2", big_module, 5, forget=True)
        reloader.unload_ipython_extension(shell)
    ms = lambda seconds: f"{seconds * 1000:.1f} ms"
    print(f"2 s top level, function edited: {ms(statistics.median(partial))} "
          f"(whole body re-run: {ms(whole[0])}, ratio {whole[0] / statistics.median(partial):.0f}x)")
    print(f"1,000-line module, function edited: {ms(statistics.median(big))} "
          f"(whole body re-run: {ms(statistics.median(big_whole))})")


if __name__ == "__main__":
    main()

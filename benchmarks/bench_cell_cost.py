"""What live reload costs a cell, measured so that the machine's noise cannot hide 2% (issue 21).

A trivial cell (`x = 1`) is the worst case: anything the reloader adds is largest next to it.
Two measures, both in one process on a real IPython InteractiveShell with heavy modules imported
(the subprocess per variant of bench_reload.py moved by more than 2% between runs of the same
code):

1. A/B in one process: the extension loaded and unloaded in turn (ABBA order, so drift cancels),
   each round the median of `--cells` cells; printed: the median and spread of the per-round
   ratios loaded / unloaded.
2. What the extension adds, timed alone: its two per-cell steps (the import recorder reading the
   cell's top-level statements as IPython transforms the tree, and the post_run_cell check of
   sys.modules) called directly on the same cell many times, against the whole cell's time.

    PYTHONPATH=. python benchmarks/bench_cell_cost.py [--rounds 16] [--cells 400]
"""

from __future__ import annotations

import argparse
import ast
import importlib
import statistics
import time

from bench_reload import MODULES


def cell_median(shell, cells: int) -> float:
    times = []
    for _ in range(cells):
        start = time.perf_counter()
        shell.run_cell("x = 1", store_history=False)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def per_step(function, repeats: int = 20000) -> float:
    """The median time of one call of `function`, over batches of 100."""
    batches = []
    for _ in range(repeats // 100):
        start = time.perf_counter()
        for _ in range(100):
            function()
        batches.append((time.perf_counter() - start) / 100)
    return statistics.median(batches)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=16)
    parser.add_argument("--cells", type=int, default=400)
    args = parser.parse_args()
    for name in MODULES:
        try:
            importlib.import_module(name)
        except ImportError:
            pass
    import sys

    from IPython.core.interactiveshell import InteractiveShell

    from dsstudio.kernel import import_record, reloader, source_record

    shell = InteractiveShell.instance()
    for _ in range(300):  # (warm: caches, the compiler, the history's first writes)
        shell.run_cell("x = 1", store_history=False)
    ratios = []
    for round_index in range(args.rounds):
        order = ("on", "off") if round_index % 2 == 0 else ("off", "on")
        medians = {}
        for state in order:
            if state == "on":
                reloader.load_ipython_extension(shell)
            else:
                reloader.unload_ipython_extension(shell)
            medians[state] = cell_median(shell, args.cells)
        ratios.append(medians["on"] / medians["off"])
    reloader.unload_ipython_extension(shell)
    plain = cell_median(shell, args.cells * 2)
    quartiles = statistics.quantiles(ratios, n=4)
    print(f"{len(sys.modules)} modules imported; a trivial cell takes {plain * 1e6:.1f} µs without the extension")
    print(f"1. A/B in one process, {args.rounds} rounds of {args.cells} cells: loaded / unloaded "
          f"median {statistics.median(ratios):.4f} (quartiles {quartiles[0]:.4f}-{quartiles[2]:.4f}, "
          f"min {min(ratios):.4f}, max {max(ratios):.4f})")

    tree = ast.parse("x = 1")
    reloader.load_ipython_extension(shell)
    recorder = per_step(lambda: import_record.RECORDER.visit(tree))
    post_cell = per_step(source_record.cell_finished)
    wrapped = per_step(lambda: shell.transform_ast(tree))
    reloader.unload_ipython_extension(shell)
    bare = per_step(lambda: shell.transform_ast(tree))
    added = (wrapped - bare) + post_cell
    print(f"2. per cell: the recorder's reading {recorder * 1e6:.2f} µs, transform_ast wrapped "
          f"{wrapped * 1e6:.2f} µs against {bare * 1e6:.2f} µs bare, the post_run_cell check "
          f"{post_cell * 1e6:.2f} µs: {added * 1e6:.2f} µs added, {100 * added / plain:.2f}% of the trivial cell "
          f"(target within 2%)")


if __name__ == "__main__":
    main()

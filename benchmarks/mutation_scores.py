"""Print the mutation score of each mutated file from mutmut's results (after `make mutation`).

mutmut 3 prints one total; the score that matters is each file's against the tests that reach
it. Score = killed (a test failed, timed out or the type check caught it) / all mutants: a
mutant no test reaches ("no tests") counts as a survivor, as it is one.
Usage: python benchmarks/mutation_scores.py [mutants-folder]
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

# mutmut's exit codes (mutmut/stats.py): which ones mean the mutant was caught.
KILLED = {1, 3, 36, 37, 24, -24, 152, 255}
SURVIVED = {0}
NO_TESTS = {5, 33}
SKIPPED = {34}


def file_counts(meta: Path) -> Counter:
    """How many of one file's mutants were killed, survived, reached by no test, or other."""
    counts: Counter = Counter()
    for code in json.loads(meta.read_text("utf-8"))["exit_code_by_key"].values():
        if code in SKIPPED:
            continue
        counts["total"] += 1
        if code in KILLED:
            counts["killed"] += 1
        elif code in SURVIVED:
            counts["survived"] += 1
        elif code in NO_TESTS:
            counts["no tests"] += 1
        else:  # not run yet, suspicious, segfault
            counts["other"] += 1
    return counts


def main(folder: Path) -> int:
    metas = sorted(folder.rglob("*.py.meta"))
    if not metas:
        print(f"no mutmut results under {folder}: run `make mutation` first")
        return 1
    overall: Counter = Counter()
    print(f"{'file':48} {'score':>7} {'killed':>7} {'survived':>9} {'no tests':>9} {'other':>6}")
    for meta in metas:
        counts = file_counts(meta)
        if not counts["total"]:
            continue
        overall += counts
        name = str(meta.relative_to(folder)).removesuffix(".meta")
        print(f"{name:48} {100 * counts['killed'] / counts['total']:6.1f}% {counts['killed']:7} "
              f"{counts['survived']:9} {counts['no tests']:9} {counts['other']:6}")
    print(f"{'all':48} {100 * overall['killed'] / overall['total']:6.1f}% {overall['killed']:7} "
          f"{overall['survived']:9} {overall['no tests']:9} {overall['other']:6}")
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1] if len(sys.argv) > 1 else "mutants")))

"""Start-up now against an earlier commit, alternated in one run: did a change move it?

`bench_startup.py` compares with the naive embedding, whose own noise moves the ratio by a few
hundredths; this compares dsstudio with itself. The earlier commit is checked out in a git
worktree and run from there (PYTHONPATH), on the same example project and interpreter. Usage:
    python benchmarks/bench_startup_ab.py REV [--runs 15]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "examples" / "demo_project"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("rev", help="the commit to compare with")
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    before = Path(tempfile.mkdtemp(prefix="dsstudio-ab-")) / "before"
    subprocess.run(["git", "worktree", "add", "-q", "--detach", str(before), args.rev], cwd=ROOT,
                   check=True)
    env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"),
               DSSTUDIO_CONFIG_DIR=tempfile.mkdtemp(prefix="dsstudio-bench-"))
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    variants = {args.rev: before, "now": ROOT}
    samples: dict[str, list[dict]] = {name: [] for name in variants}
    try:
        for run in range(args.runs + 1):  # the first round warms the file cache, uncounted
            for name, tree in variants.items():
                result = subprocess.run(
                    [sys.executable, "-m", "dsstudio", "--profile-startup", str(DEMO)], cwd=tree,
                    env=dict(env, PYTHONPATH=str(tree)), capture_output=True, text=True, timeout=120)
                if result.returncode != 0:
                    raise SystemExit(f"{name} failed:\n{result.stderr}")
                if run:
                    samples[name].append(json.loads(result.stdout.strip().splitlines()[-1]))
    finally:
        subprocess.run(["git", "worktree", "remove", "--force", str(before)], cwd=ROOT)
    medians = {name: {key: statistics.median(s[key] for s in runs)
                      for key in ("window_shown_s", "kernel_ready_s")} for name, runs in samples.items()}
    print(f"{'variant':10} {'window_shown_s':>15} {'kernel_ready_s':>15}   (medians of {args.runs})")
    for name, figures in medians.items():
        print(f"{name[:10]:10} {figures['window_shown_s']:15.3f} {figures['kernel_ready_s']:15.3f}")
    for key in ("window_shown_s", "kernel_ready_s"):
        print(f"ratio {key} now / {args.rev}: {medians['now'][key] / medians[args.rev][key]:.3f}")


if __name__ == "__main__":
    main()

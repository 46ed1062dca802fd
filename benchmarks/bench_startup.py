"""Start-up of `dsstudio --profile-startup` against the naive embedding, alternated, same run.

Prints each variant's median seconds from process start to window shown and to kernel ready, and
the ratios dsstudio / naive (targets: window <= 0.35, kernel <= 0.70). Usage:
    python benchmarks/bench_startup.py [--runs 5] [PATH]
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

HERE = Path(__file__).resolve().parent
DEMO = HERE.parent / "examples" / "demo_project"


def run_once(command: list[str], env: dict) -> dict:
    result = subprocess.run(command, capture_output=True, text=True, env=env, timeout=120)
    if result.returncode != 0:
        raise SystemExit(f"{command} failed ({result.returncode}):\n{result.stderr}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("path", nargs="?", default=str(DEMO))
    args = parser.parse_args()
    env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"),
               DSSTUDIO_CONFIG_DIR=tempfile.mkdtemp(prefix="dsstudio-bench-"))
    # An installed app has its bytecode cached; without this (some CI images set it) every run
    # would compile dsstudio's sources again and charge that to start-up.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    variants = {
        "dsstudio": [sys.executable, "-m", "dsstudio", "--profile-startup", args.path],
        "naive": [sys.executable, str(HERE / "naive_embedding.py")],
    }
    samples: dict[str, list[dict]] = {name: [] for name in variants}
    run_once(variants["naive"], env)  # warm the file cache once for both
    for _ in range(args.runs):
        for name, command in variants.items():  # alternate, so drift hits both alike
            samples[name].append(run_once(command, env))
    medians = {name: {key: statistics.median(s[key] for s in runs) for key in runs[0]}
               for name, runs in samples.items()}
    print(f"{'variant':10} {'window_shown_s':>15} {'kernel_ready_s':>15}")
    for name, figures in medians.items():
        print(f"{name:10} {figures['window_shown_s']:15.3f} {figures['kernel_ready_s']:15.3f}")
    for key, target in (("window_shown_s", 0.35), ("kernel_ready_s", 0.70)):
        ratio = medians["dsstudio"][key] / medians["naive"][key]
        verdict = "meets" if ratio <= target else "MISSES"
        print(f"ratio {key}: {ratio:.2f} (target <= {target:.2f}: {verdict})")
    if "document_ready_s" in medians["dsstudio"]:
        print(f"dsstudio document_ready_s: {medians['dsstudio']['document_ready_s']:.3f}")


if __name__ == "__main__":
    main()

"""Start-up of `dsstudio --profile-startup` against the naive embedding, alternated, same run.

Prints each variant's median seconds from process start to window shown and to kernel ready, and
the ratios dsstudio / naive (targets: window <= 0.35, kernel <= 0.70). The variant "venv" opens a
copy of the project with its own `.venv` (made with uv, ipykernel installed), so the kernel runs
in the project's interpreter: its kernel-ready time against dsstudio's own Python (target <= 1.15)
and its window time (unchanged). Usage:
    python benchmarks/bench_startup.py [--runs 5] [--no-venv] [PATH]
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
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEMO = HERE.parent / "examples" / "demo_project"


def run_once(command: list[str], env: dict) -> dict:
    result = subprocess.run(command, capture_output=True, text=True, env=env, timeout=120)
    if result.returncode != 0:
        raise SystemExit(f"{command} failed ({result.returncode}):\n{result.stderr}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def project_with_venv(project: Path) -> Path:
    """A copy of `project` with its own .venv (uv; ipykernel from uv's cache after the first run)."""
    from uv import find_uv_bin

    folder = Path(tempfile.mkdtemp(prefix="dsstudio-bench-venv-")) / project.name
    shutil.copytree(project, folder, ignore=shutil.ignore_patterns(".venv", "__pycache__"))
    uv = find_uv_bin()
    subprocess.run([uv, "venv", "-q", "--python", sys.executable, str(folder / ".venv")], check=True)
    subprocess.run([uv, "pip", "install", "-q", "--python", str(folder / ".venv" / "bin" / "python"),
                    "ipykernel"], check=True)
    return folder


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--no-venv", action="store_true", help="skip the project-.venv variant")
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
    if not args.no_venv:
        variants["venv"] = [sys.executable, "-m", "dsstudio", "--profile-startup",
                            str(project_with_venv(Path(args.path)))]
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
    if "venv" in medians:
        for key, target in (("kernel_ready_s", 1.15), ("window_shown_s", None)):
            ratio = medians["venv"][key] / medians["dsstudio"][key]
            note = f" (target <= {target:.2f}: {'meets' if ratio <= target else 'MISSES'})" if target else ""
            print(f"ratio {key} project .venv / dsstudio's Python: {ratio:.2f}{note}")
    if "document_ready_s" in medians["dsstudio"]:
        print(f"dsstudio document_ready_s: {medians['dsstudio']['document_ready_s']:.3f}")


if __name__ == "__main__":
    main()

"""The command line as a user runs it: real processes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

from dsstudio import __version__
from tests.kernel_processes import new_kernels

REPO = Path(__file__).resolve().parents[1]
DEMO = REPO / "examples" / "demo_project"


def run_dsstudio(*args: str, env_extra: dict | None = None, timeout: float = 120):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", **(env_extra or {}))
    return subprocess.run([sys.executable, "-m", "dsstudio", *args], capture_output=True,
                          text=True, env=env, timeout=timeout)


def test_missing_path_is_one_line_on_stderr_and_exit_2(tmp_path):
    missing = tmp_path / "nowhere"
    result = run_dsstudio(str(missing))
    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "nowhere" in lines[0]


def test_version_and_help():
    version = run_dsstudio("--version")
    assert version.returncode == 0 and __version__ in version.stdout
    helped = run_dsstudio("--help")
    assert helped.returncode == 0 and "--profile-startup" in helped.stdout


@pytest.mark.parametrize("document", ["models.py", "analysis.ipynb"])
def test_profile_startup_prints_json_and_leaves_no_kernel(tmp_path, document):
    before = {p.pid for p in psutil.process_iter()}
    result = run_dsstudio("--profile-startup", str(DEMO / document),
                          env_extra={"DSSTUDIO_CONFIG_DIR": str(tmp_path)})
    assert result.returncode == 0, result.stderr
    figures = json.loads(result.stdout.strip().splitlines()[-1])
    assert set(figures) == {"window_shown_s", "kernel_ready_s", "document_ready_s", "peak_memory_mb"}
    assert all(isinstance(v, float) and v > 0 for v in figures.values())
    assert figures["document_ready_s"] >= figures["window_shown_s"]
    assert 30 < figures["peak_memory_mb"] < 2000  # MB, not KB or bytes
    # The kernel went down with the app: no new ipykernel process survives it.
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        survivors = new_kernels(before, tmp_path)
        if not survivors:
            break
        time.sleep(0.2)
    assert survivors == []

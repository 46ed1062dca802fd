"""The kernels a test's own app started, told from those of other test runs on the machine."""

from __future__ import annotations

import psutil


def new_kernels(before: set[int], config_dir) -> list[psutil.Process]:
    """ipykernel processes started since `before` (pids) by an app run with DSSTUDIO_CONFIG_DIR
    `config_dir`: a kernel inherits the app's environment. (Counting every new ipykernel failed
    whenever another test run on the machine started one.)"""
    found = []
    for process in psutil.process_iter(["pid", "ppid", "cmdline"]):
        if process.info["pid"] in before or "ipykernel" not in " ".join(process.info["cmdline"] or []):
            continue
        try:
            if process.environ().get("DSSTUDIO_CONFIG_DIR") == str(config_dir):
                found.append(process)
        except psutil.Error:  # gone meanwhile, or not ours to read
            continue
    return found

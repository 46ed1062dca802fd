"""The one command that gives a kernel's environment a debugger (debugpy), found the way the
ipykernel install command is (conda for conda environments, uv where there is no pip)."""

from __future__ import annotations

from pathlib import Path

from dsstudio.core.kernel.diagnosis import install_command
from dsstudio.core.kernel.interpreter import probe
from dsstudio.core.kernel.launch import KernelLaunch


def debugpy_install_command(launch: KernelLaunch) -> list[str] | None:
    """The install command for `launch`'s interpreter, or None when it cannot be told (a
    kernelspec without a python, an interpreter that does not answer). Blocks: probes the
    interpreter, so call it from a worker thread."""
    if launch.python is None:
        return None
    result = probe(launch.python, launch.env)
    if result.problem is not None:
        return None
    facts = result.facts
    prefix = launch.prefix or (Path(facts["prefix"]) if facts.get("prefix") else None)
    return install_command(launch.python, launch.kind, prefix, bool(facts.get("pip", True)),
                           package="debugpy")

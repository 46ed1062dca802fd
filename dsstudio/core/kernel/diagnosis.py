"""Why a kernel did not start, in words for the user, with the command that fixes it.

The kernel is launched without asking the interpreter first (that would cost a process start on
every project opening). When it dies while starting, this asks the interpreter what is wrong:
gone, not runnable, no ipykernel, or an ipykernel too old. Nothing is ever installed from here:
the UI shows the command and runs it only when the user clicks Install.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from dsstudio.core.command_run import command_text
from dsstudio.core.kernel.interpreter import MIN_IPYKERNEL, ipykernel_too_old, probe
from dsstudio.core.kernel.launch import KernelLaunch


class KernelProblem:
    """What went wrong (`message`) and, when installing ipykernel fixes it, the command."""

    def __init__(self, message: str, install: list[str] | None = None) -> None:
        self.message = message
        self.install = install

    @property
    def install_text(self) -> str | None:
        return command_text(self.install) if self.install else None

    def __repr__(self) -> str:
        return f"KernelProblem({self.message!r}, install={self.install!r})"


def uv_executable() -> str | None:
    """The uv binary: the frozen app's own copy, the one the `uv` wheel installed beside
    dsstudio, else one on PATH."""
    bundled = Path(__file__).resolve().parents[2] / "resources" / "bin" / (
        "uv.exe" if sys.platform == "win32" else "uv")
    if bundled.is_file():
        return str(bundled)
    try:
        from uv import find_uv_bin

        return find_uv_bin()
    except (ImportError, FileNotFoundError):
        return shutil.which("uv")


def install_command(python: Path, kind: str, prefix: Path | None, has_pip: bool,
                    upgrade: bool = False, package: str = "ipykernel") -> list[str]:
    """The command that installs (or upgrades) `package` (ipykernel, or debugpy for the
    debugger) into `python`'s environment.

    conda environments get conda (pip inside conda can break its packages); uv environments and
    any without pip get `uv pip install --python`, which leaves a uv project's lock file alone.
    """
    packages = [*(["-U"] if upgrade else []), package]
    if kind in ("conda", "pixi") and prefix is not None:
        from dsstudio.core.kernel.conda import conda_executable

        conda = conda_executable()
        if conda is not None:
            return [conda, "install", "-y", "-p", str(prefix), package]
    uv = uv_executable()
    if uv is not None and (kind == "uv" or not has_pip):
        return [uv, "pip", "install", "--python", str(python), *packages]
    return [str(python), "-m", "pip", "install", *packages]


def diagnose(launch: KernelLaunch, output_tail: str = "", ended: str = "") -> KernelProblem:
    """Ask the launch's interpreter why its kernel did not start (blocks: use a worker thread).

    `output_tail`: the last lines the kernel printed, quoted when no better reason is found;
    `ended`: how the process ended ("exit status 0", "killed by SIGKILL"), if known.
    """
    said = f" Its last output:\n{output_tail}" if output_tail else ""
    exited = f"exited while starting ({ended})" if ended else "exited while starting"
    if launch.python is None or launch.kind == "dsstudio" and launch.argv[1:2] != ["-m"]:
        return KernelProblem(f"The kernel ({launch.label}) {exited}.{said}")
    result = probe(launch.python, launch.env)
    if result.problem is not None:
        return KernelProblem(f"The kernel's interpreter cannot be used: {result.problem}. "
                             "Choose another with Kernel > Select Interpreter.")
    facts = result.facts
    version = facts.get("ipykernel")
    has_pip = bool(facts.get("pip", True))
    prefix = launch.prefix or (Path(facts["prefix"]) if facts.get("prefix") else None)
    if version is None:
        return KernelProblem(
            f"{launch.python} (Python {facts.get('version')}) has no ipykernel, which dsstudio "
            "needs to run a kernel in it. Install it, or choose another interpreter.",
            install_command(launch.python, launch.kind, prefix, has_pip))
    if ipykernel_too_old(version):
        minimum = ".".join(map(str, MIN_IPYKERNEL))
        return KernelProblem(
            f"{launch.python} has ipykernel {version}; dsstudio needs {minimum} or newer. "
            "Upgrade it, or choose another interpreter.",
            install_command(launch.python, launch.kind, prefix, has_pip, upgrade=True))
    return KernelProblem(f"The kernel ({launch.label}) {exited}, although "
                         f"{launch.python} has ipykernel {version}.{said}")

"""Installed Jupyter kernelspecs (jupyter_client's KernelSpecManager) as kernels a project can use.

A kernelspec is how JupyterLab knows a kernel: `kernel.json` with the command line, a display name
and a language. A Python one (`python -m ipykernel_launcher`) runs exactly like a chosen
interpreter; another language (R, Julia, bash) runs code in the console and notebooks, without
live reload (the reloader is Python).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from dsstudio.core.kernel.interpreter import ProjectInterpreter
from dsstudio.core.kernel.launch import KernelLaunch, activated_environment, kernel_environment


def _all_specs() -> dict:
    from jupyter_client.kernelspec import KernelSpecManager

    try:
        return KernelSpecManager().get_all_specs()
    except Exception:  # noqa: BLE001 (a broken kernelspec folder must not break the list)
        return {}


def _resolve_python(argv: list[str], language: str) -> list[str]:
    """A spec's bare `python` means the Python running Jupyter (jupyter_client does the same)."""
    if argv and language == "python" and argv[0] in ("python", "python3") \
            and not getattr(sys, "frozen", False):
        return [sys.executable, *argv[1:]]
    return argv


def runs_ipykernel(argv: list[str]) -> bool:
    return any(part in ("ipykernel_launcher", "ipykernel") or part.endswith("ipykernel_launcher.py")
               for part in argv)


def kernelspec_interpreters() -> list[ProjectInterpreter]:
    """Every installed kernelspec, as a list entry (Python ones carry their python's path)."""
    found = []
    for name, entry in sorted(_all_specs().items()):
        spec = entry.get("spec", {})
        language = (spec.get("language") or "").lower() or "unknown"
        argv = _resolve_python(spec.get("argv") or [], language)
        python = Path(argv[0]) if argv and language == "python" and os.path.isabs(argv[0]) else None
        problem = None if argv else "its kernel.json has no command (argv)"
        if python is not None and not python.exists():
            # Left behind by an environment deleted since: common after years of JupyterLab.
            problem = f"its python {python} no longer exists (kernelspec in {entry.get('resource_dir')})"
        found.append(ProjectInterpreter(
            python, "kernelspec", name, kernelspec=name, language=language, problem=problem,
            ipykernel="kernelspec" if runs_ipykernel(argv) else None,
            display=f"{spec.get('display_name') or name} (kernelspec {name})"))
    return found


def kernelspec_launch(name: str, base_env: dict[str, str] | None = None,
                      reason: str = "") -> KernelLaunch | None:
    """How to start kernelspec `name`, or None if it is not installed."""
    entry = _all_specs().get(name)
    if entry is None:
        return None
    spec = entry.get("spec", {})
    language = (spec.get("language") or "").lower() or "unknown"
    argv = _resolve_python([part.replace("{resource_dir}", entry.get("resource_dir", ""))
                            for part in spec.get("argv", [])], language)
    if not argv:
        return None
    python = Path(argv[0]) if language == "python" and os.path.isabs(argv[0]) else None
    if python is not None:
        prefix, _kind, env = activated_environment(python, base_env, default_kind="kernelspec")
    else:
        prefix, env = None, kernel_environment("kernelspec", None,
                                               dict(os.environ if base_env is None else base_env))
    env.update(spec.get("env") or {})
    return KernelLaunch(argv, env, spec.get("display_name") or name, kind="kernelspec",
                        python=python, prefix=prefix, kernelspec=name, language=language,
                        reason=reason, runs_ipykernel=runs_ipykernel(argv))

"""Conda (and pixi) environments: where they are, and their activation variables.

A conda environment's Python needs the environment activated: PATH (and on Windows the DLL
folders under Library/) so that numpy finds its libraries, CONDA_PREFIX for packages that look
for their data there, and whatever the packages' own `etc/conda/activate.d` scripts set (GDAL,
PROJ, CUDA). `conda run` does all of that but costs a conda start (about a second) on every
kernel start. So the activated environment is captured once with `conda run`, when conda is
installed, and cached on disk keyed on the environment's `conda-meta/history` (conda rewrites it
on every install). Without conda (pixi, or an environment copied from elsewhere) the standard
variables are set by hand, which is what `conda activate` does before running activate.d.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zlib
from pathlib import Path

IS_WINDOWS = sys.platform == "win32"
CAPTURE_TIMEOUT_S = 60.0
# Set by activation itself or per shell: never copied from a captured environment.
NOT_CAPTURED = ("PWD", "OLDPWD", "SHLVL", "_", "JPY_PARENT_PID", "PS1")


def conda_executable() -> str | None:
    """conda (or mamba / micromamba) if installed: CONDA_EXE first, then PATH."""
    for candidate in (os.environ.get("CONDA_EXE"), os.environ.get("MAMBA_EXE")):
        if candidate and Path(candidate).is_file():
            return candidate
    for name in ("conda", "mamba", "micromamba"):
        found = shutil.which(name)
        if found:
            return found
    return None


def environment_folders(home: Path | None = None) -> list[Path]:
    """Conda environments known to this user: `conda env list` when conda runs, else the
    `~/.conda/environments.txt` file conda writes for every environment it makes."""
    home = Path(home) if home is not None else Path.home()
    found: list[Path] = []
    conda = conda_executable()
    if conda is not None:
        try:
            result = subprocess.run([conda, "env", "list", "--json"], capture_output=True,
                                    text=True, timeout=20, stdin=subprocess.DEVNULL)
            found = [Path(p) for p in json.loads(result.stdout).get("envs", [])]
        except (OSError, ValueError, subprocess.TimeoutExpired, AttributeError):
            found = []
    listing = home / ".conda" / "environments.txt"
    try:
        lines = listing.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        lines = []
    found += [Path(line.strip()) for line in lines if line.strip() and not line.startswith("#")]
    unique: dict[str, Path] = {}
    for prefix in found:
        if (prefix / "conda-meta").is_dir():
            unique.setdefault(os.path.normcase(str(prefix)), prefix)
    return list(unique.values())


def conda_activation(prefix: Path, env: dict[str, str], cache_dir: Path | None = None) -> dict[str, str]:
    """`env` with conda environment `prefix` activated (captured by conda if it can, cached)."""
    captured = _captured(prefix, env, cache_dir)
    if captured is not None:
        merged = dict(env)
        merged.update({k: v for k, v in captured.items() if k not in NOT_CAPTURED and k != "PATH"})
        # PATH: activation's own folders (all the cache keeps of it) before the PATH of now.
        added = [p for p in captured.get("PATH", "").split(os.pathsep) if p]
        merged["PATH"] = os.pathsep.join(added + ([env["PATH"]] if env.get("PATH") else []))
        return merged
    return standard_activation(prefix, env)


def environment_name(prefix: Path) -> str:
    """conda's name for it: "base" for an installation's root, NAME for .../envs/NAME, else its path."""
    if (prefix / "condabin").is_dir() or (prefix / "envs").is_dir():
        return "base"
    return prefix.name if prefix.parent.name == "envs" else str(prefix)


def standard_activation(prefix: Path, env: dict[str, str]) -> dict[str, str]:
    """What `conda activate` sets before its activate.d scripts: PATH, CONDA_PREFIX and names."""
    env = dict(env)
    if IS_WINDOWS:
        folders = [prefix, prefix / "Library" / "mingw-w64" / "bin", prefix / "Library" / "usr" / "bin",
                   prefix / "Library" / "bin", prefix / "Scripts", prefix / "bin"]
    else:
        folders = [prefix / "bin"]
    current = env.get("PATH", "")
    env["PATH"] = os.pathsep.join([*(str(f) for f in folders), *([current] if current else [])])
    env["CONDA_PREFIX"] = str(prefix)
    env["CONDA_DEFAULT_ENV"] = environment_name(prefix)
    env["CONDA_SHLVL"] = "1"
    return env


def _cache_path(prefix: Path, cache_dir: Path | None) -> Path:
    if cache_dir is None:
        from dsstudio.core.settings import config_dir

        cache_dir = config_dir() / "conda-activation"
    name = f"{zlib.crc32(str(prefix).encode()):08x}{zlib.adler32(str(prefix).encode()):08x}.json"
    return cache_dir / name


def _stamp(prefix: Path) -> str:
    try:
        info = (prefix / "conda-meta" / "history").stat()
        return f"{info.st_mtime_ns}:{info.st_size}"
    except OSError:
        return "none"


def _captured(prefix: Path, env: dict[str, str], cache_dir: Path | None) -> dict[str, str] | None:
    cache = _cache_path(prefix, cache_dir)
    stamp = _stamp(prefix)
    try:
        stored = json.loads(cache.read_text(encoding="utf-8"))
        if stored.get("stamp") == stamp and stored.get("prefix") == str(prefix):
            return stored["env"]
    except (OSError, ValueError, KeyError, AttributeError):
        pass
    conda = conda_executable()
    if conda is None:
        return None
    dump = "import json, os, sys; sys.stdout.write(json.dumps(dict(os.environ)))"
    try:
        result = subprocess.run([conda, "run", "--no-capture-output", "-p", str(prefix),
                                 "python", "-c", dump], capture_output=True, text=True, env=env,
                                timeout=CAPTURE_TIMEOUT_S, stdin=subprocess.DEVNULL)
        captured = json.loads(result.stdout.strip().splitlines()[-1])
    except (OSError, ValueError, IndexError, subprocess.TimeoutExpired):
        return None
    if result.returncode != 0 or not isinstance(captured, dict):
        return None
    # Only what activation added or changed: the rest is the app's and may change later.
    delta = {k: v for k, v in captured.items() if env.get(k) != v}
    before = env.get("PATH", "").split(os.pathsep)
    delta["PATH"] = os.pathsep.join(p for p in captured.get("PATH", "").split(os.pathsep)
                                    if p and p not in before)
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        cache.write_text(json.dumps({"prefix": str(prefix), "stamp": stamp, "env": delta}),
                         encoding="utf-8")
    except OSError:
        pass  # a cache that cannot be written only costs the capture again next time
    return delta

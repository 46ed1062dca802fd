"""Reloaded project modules pushed to the workers of the kernel's Dask client.

Dask workers run the project's code as they imported it, or cannot import it at all when they
run elsewhere (pangeo#187): a live reload in the kernel alone leaves them on the old code. When
the kernel holds a `distributed.Client`, each reloaded module's new source is run on every
worker as that module (`Client.run`), so the next `client.submit(module.f)` runs the new code.
`Client.upload_file` was not used: it names the module after the file (`area`, not
`shapes.area`), so a package's module would not be replaced, and it writes files on the workers.

Standard library only, and `distributed` only if the user's code already imported it.
"""

from __future__ import annotations

import os
import sys
import uuid
from pathlib import Path

# This process, as a worker can tell it: a worker thread of `Client(processes=False)` runs in the
# kernel's own process, whose modules the reload has just updated in place (a fork of the kernel
# has this module too, but another pid).
_ORIGIN = f"{os.getpid()}-{uuid.uuid4().hex}"


def push(report: dict) -> dict:
    """Run the reloaded modules' sources on the workers; the report, with "dask" added
    ({"workers": how many took every module, "failed": error text, "dashboard": its URL})
    when there is a client."""
    distributed = sys.modules.get("distributed")
    if distributed is None or not report.get("reloaded"):
        return report
    try:
        client = distributed.default_client()
    except ValueError:
        return report  # distributed is imported, but no client was made
    sources = []
    for name in report["reloaded"]:
        module = sys.modules.get(name)
        path = getattr(module, "__file__", None)
        if path is None:
            continue
        try:
            sources.append((name, Path(path).read_text(encoding="utf-8"), report["files"].get(name, path)))
        except OSError:
            continue
    if not sources:
        return report
    # distributed has imported cloudpickle (this module imports no user library). Workers do
    # not have this module: its function travels by value.
    sys.modules["cloudpickle"].register_pickle_by_value(sys.modules[__name__])
    try:
        results = client.run(install_modules, sources, __name__, _ORIGIN)
    except Exception as error:  # noqa: BLE001 (a worker lost, a cluster shutting down: said, not raised)
        report["dask"] = {"workers": 0, "failed": f"{type(error).__name__}: {error}"}
        return report
    report["dask"] = {"workers": sum(1 for ok in results.values() if ok), "failed": "",
                      "dashboard": _dashboard_link(client)}
    return report


def _dashboard_link(client) -> str:
    """The cluster's dashboard URL as the client knows it ("" when it has none)."""
    try:
        return client.dashboard_link or ""
    except Exception:  # noqa: BLE001 (no dashboard: distributed raises a KeyError or its own)
        return ""


def install_modules(sources: list, pushed_from: str = "", origin: str = "") -> bool:
    """On a worker: run each (name, source, file name) as that module, made if missing; not in
    the kernel's own process (`pushed_from` is the pushing module's name there, `origin` its
    `_ORIGIN`), where running a source again would replace the objects the reload kept: the
    user's instances would no longer be of the module's classes, its caches emptied."""
    import types

    home = sys.modules.get(pushed_from)
    if home is not None and getattr(home, "_ORIGIN", None) == origin \
            and origin.startswith(f"{os.getpid()}-"):
        return True
    for name, text, filename in sources:
        module = sys.modules.get(name)
        if module is None:
            module = types.ModuleType(name)
            module.__file__ = filename
            parent, _, child = name.rpartition(".")
            sys.modules[name] = module
            if parent:  # `import shop.prices` then reads `shop.prices`
                setattr(_package(parent), child, module)
        exec(compile(text, filename, "exec"), module.__dict__)
    return True


def _package(name: str):
    """On a worker: the package `name`, imported, or made empty where the worker cannot import
    it (the project is not on its machine)."""
    import importlib
    import types

    if name in sys.modules:
        return sys.modules[name]
    try:
        return importlib.import_module(name)
    except ImportError:
        package = types.ModuleType(name)
        package.__path__ = []
        sys.modules[name] = package
        parent, _, child = name.rpartition(".")
        if parent:
            setattr(_package(parent), child, package)
        return package

"""How dsstudio's kernel-side modules get into a kernel.

The kernel may run in any Python environment, where dsstudio is not installed. So the modules
of dsstudio/kernel (standard library and IPython only) are sent in as source, in an execute
request, and installed as modules of the private package `_dsstudio_kernel`; the reloader, the
remote mirror and the Variables pane's service each install theirs this way.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

KERNEL_PACKAGE = Path(__file__).resolve().parents[2] / "kernel"
INSTALLED_NAME = "_dsstudio_kernel"

# Runs in a private dict (NAME, SOURCES, FRESH, ONCE, THEN and the caller's values): the user's
# namespace is not touched. `THEN` runs in that dict too, so it sees the caller's values.
_INSTALLER = '''
import sys, types
package = None if FRESH else sys.modules.get(NAME)
if package is None:
    package = types.ModuleType(NAME)
    package.__path__ = []
    sys.modules[NAME] = package
# The last module is installed last: while it is there, all are.
if not ONCE or f"{NAME}.{SOURCES[-1][0]}" not in sys.modules:
    for short, source in SOURCES:
        module = types.ModuleType(f"{NAME}.{short}")
        module.__package__ = NAME
        module.__file__ = f"<dsstudio {short}>"
        sys.modules[module.__name__] = module
        exec(compile(source, module.__file__, "exec"), module.__dict__)
        setattr(package, short, module)
    exec(THEN)
'''


def installed_module(short: str) -> str:
    """An expression, in the kernel, for the installed module dsstudio/kernel/`short`.py."""
    return f"__import__('sys').modules['{INSTALLED_NAME}.{short}']"


def install_modules_code(modules: Sequence[str], then: str = "", *,
                         values: dict[str, object] | None = None, fresh: bool = False,
                         once: bool = False) -> str:
    """Code that installs `modules` (names in dsstudio/kernel, in dependency order), then runs
    `then`, which finds each module in `sys.modules` and the `values` given as globals.

    `fresh`: a new package replaces the one in the kernel (a restarted reloader starts clean).
    `once`: nothing is done, `then` included, where the modules are installed already."""
    sources = [(name, (KERNEL_PACKAGE / f"{name}.py").read_text(encoding="utf-8"))
               for name in modules]
    scope = {**(values or {}), "NAME": INSTALLED_NAME, "SOURCES": sources, "FRESH": fresh,
             "ONCE": once, "THEN": then}
    return f"exec({_INSTALLER!r}, {scope!r})"

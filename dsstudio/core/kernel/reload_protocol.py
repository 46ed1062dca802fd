"""The app's half of live reload: the code it sends to the kernel, and reading the answer.

The reloader's source (dsstudio/kernel, standard library and IPython only) is sent in once per
kernel start (core/kernel/kernel_package.py: the kernel may run where dsstudio is not installed).
Each reload is then one *silent* execute request (no history entry, no execution count, no
console echo) whose `user_expressions` carry the report back as JSON in the execute reply.
"""

from __future__ import annotations

import ast
import hashlib
import importlib.util
import json
from pathlib import Path

from dsstudio.core.kernel.kernel_package import install_modules_code, installed_module

# In dependency order: the reloader imports the others.
KERNEL_MODULES = ("bindings", "import_record", "journal", "library_patches", "patching", "relocation",
                  "rerun_plan", "source_record", "module_reload", "reloader", "dask_push",
                  "breakpoint_hook")
RELOADER = installed_module("reloader")
# Reloaded modules go on to the workers of a Dask client the kernel holds (kernel/dask_push.py).
DASK_PUSH = f"{installed_module('dask_push')}.push"
REPORT_EXPRESSION = f"{RELOADER}.last_report_json()"

# After the modules: the reloader's roots, the breakpoint hook, and the extension that checks
# the imports of each cell.
_START = f"""
from IPython import get_ipython
{RELOADER}.set_project_roots(ROOTS)
{installed_module("breakpoint_hook")}.install()
shell = get_ipython()
if shell is not None:
    {RELOADER}.load_ipython_extension(shell)
"""


class ReloadProtocolError(Exception):
    """The kernel's answer to a reload request could not be read."""


def install_code(project_root: Path) -> str:
    """Code that installs the reloader in a kernel, leaving no name in the user's namespace
    (in a package of its own: whatever was installed before is set aside)."""
    return install_modules_code(KERNEL_MODULES, _START, values={"ROOTS": [str(project_root)]},
                                fresh=True)


def reload_code(paths: list[Path]) -> str:
    """The reload request: the saved paths, and the text of each with its sha256, so the kernel
    compiles what was saved (a remote kernel has no copy of the file; a file that cannot be read
    here is read by the kernel instead)."""
    # Reloaded modules then go on to the workers of a Dask client the kernel holds.
    return (f"{DASK_PUSH}({RELOADER}.reload_paths({[str(p) for p in paths]!r}, None, "
            f"{saved_sources(paths)!r}))")


def saved_sources(paths: list[Path]) -> dict[str, list[str]]:
    """{path: [text, sha256]} of the saved files that can be read as Python source (one that
    cannot, deleted or unreadable since the save, is left to the kernel's own copy)."""
    sources = {}
    for path in paths:
        try:
            text = importlib.util.decode_source(Path(path).read_bytes())
        except (OSError, UnicodeDecodeError, SyntaxError):
            continue
        sources[str(path)] = [text, hashlib.sha256(text.encode("utf-8")).hexdigest()]
    return sources


def modules_at_expression(path: Path) -> str:
    """A user expression naming the modules imported from `path` (read by `read_modules_at`)."""
    return f"{RELOADER}.modules_at_json({str(path)!r})"


def read_modules_at(reply_content: dict) -> list[str]:
    """The module names in the answer to `modules_at_expression`; [] when the kernel could not
    say (no reloader in it: a kernel of another language, or one still starting)."""
    expression = reply_content.get("user_expressions", {}).get("modules", {})
    try:
        names = json.loads(ast.literal_eval(expression["data"]["text/plain"]))
    except (KeyError, ValueError, SyntaxError, TypeError):
        return []
    return [name for name in names if isinstance(name, str)] if isinstance(names, list) else []


def read_report(reply_content: dict) -> dict:
    """The report from an execute reply's content (status, user_expressions)."""
    if reply_content.get("status") != "ok":
        raise ReloadProtocolError(
            f"{reply_content.get('ename', 'Error')}: {reply_content.get('evalue', 'reload failed')}")
    expression = reply_content.get("user_expressions", {}).get("report", {})
    if expression.get("status") != "ok":
        raise ReloadProtocolError(f"{expression.get('ename', 'Error')}: {expression.get('evalue', '')}")
    try:
        # text/plain is the repr of the JSON string.
        return json.loads(ast.literal_eval(expression["data"]["text/plain"]))
    except (KeyError, ValueError, SyntaxError) as error:
        raise ReloadProtocolError(f"unreadable reload report: {error}") from None


def short_summary(report: dict) -> str:
    """The status bar's line, with file names: "models.py reloaded: score updated, fit added"."""
    # The kernel side's wording, imported from its source here (standard library only).
    from dsstudio.kernel.reloader import change_words

    parts = []
    for name in report["reloaded"]:
        changes = report["modules"][name]
        words = change_words(changes)
        file = Path(report["files"][name])
        label = name if file.name == "__init__.py" else file.name
        parts.append(f"{label} reloaded" + (": " + ", ".join(words) if words else " (no change)"))
    for failure in report["failed"]:
        where = f"{Path(failure['path']).name}, line {failure['line']}" if failure["line"] else \
            Path(failure["path"]).name
        parts.append(f"{failure['module']} not reloaded ({where}): {failure['message']}")
    dask = report.get("dask")
    if dask:
        parts.append(f"pushed to {dask['workers']} Dask workers" if not dask["failed"] else
                     f"not pushed to the Dask workers ({dask['failed']})")
    if not parts:
        # A saved file nobody imported needs no word; other reasons are worth one.
        parts = [f"{Path(s['path']).name}: {s['reason']}" for s in report["skipped"]
                 if s["reason"] != "not imported"]
    return "; ".join(parts)

"""Static analysis of Python source with jedi, in the project's own environment.

`jedi.Project(root, environment_path=<the kernel's python>)` makes completions and definitions come
from the packages the project's kernel imports, not dsstudio's. Everything here runs on the
worker thread of the engine process (engine_process.py): jedi is imported there, on first use,
never in the window's process.

Lines are 0-based and columns are in characters everywhere in this module's API (jedi's lines are
1-based); callers never see jedi's objects.
"""

from __future__ import annotations

import keyword
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

from dsstudio.core.kernel.interpreter import runs_in_own_environment

# A docstring longer than this is cut for a tooltip: a whole pandas docstring is 300 lines.
HELP_MAX_LINES = 40
# Kinds resolved per chunk before asking whether the list is still wanted.
KIND_CHUNK = 25
READ_ONLY_PARTS = {"site-packages", "dist-packages", "lib-dynload"}


class CompletionItem(NamedTuple):
    name: str
    kind: str | None  # jedi's type ("function", "class", "module", ...), None until resolved


class Completions(NamedTuple):
    items: list[CompletionItem]
    prefix_length: int  # characters of the name already typed before the caret
    handles: list  # jedi's Completion objects, for resolving kinds later (engine process only)


class CallTip(NamedTuple):
    text: str
    highlight: tuple[int, int]  # character range of the current parameter in `text`, or (0, 0)


class Location(NamedTuple):
    path: Path
    line: int
    column: int
    name: str
    code: str  # the line's code, stripped (shown in the references list)
    in_project: bool  # False: an installed package or the standard library (opened read-only)


def is_project_file(path: Path, root: Path) -> bool:
    """True for the project's own sources: under its root and not inside an environment in it."""
    try:
        relative = path.resolve().relative_to(root.resolve())
    except ValueError:
        return False
    return not READ_ONLY_PARTS.intersection(relative.parts)


def same_python(python: Path | None) -> bool:
    """Whether `python` runs in dsstudio's own environment (or none was given): then jedi reads
    this process's. Decided by the environment, not the executable: a project's `.venv` made
    from the Python dsstudio's venv comes from links to the same file, yet has other packages."""
    return python is None or runs_in_own_environment(python)


class JediEngine:
    """jedi for one project; create on any thread, call only on the analysis worker."""

    def __init__(self, root: Path, python: Path | None = None) -> None:
        self.root = Path(root)
        self.python = None if same_python(python) else Path(python)
        self._project = None
        self.environment_error: str | None = None  # the project's python could not be used

    # ---- Public API (worker thread)
    def project(self):
        if self._project is None:
            import jedi

            # A src/ layout is on the kernel's sys.path (README): on jedi's too.
            src = self.root / "src"
            extra = {"added_sys_path": [str(src)]} if src.is_dir() else {}
            if self.python is not None:
                try:
                    # Checked first: jedi.Project accepts any path and fails only at the first
                    # completion, deep inside (jedi#1984: environments it cannot read).
                    jedi.create_environment(str(self.python), safe=False).get_sys_path()
                    self._project = jedi.Project(self.root, environment_path=str(self.python),
                                                 **extra)
                except Exception as error:  # a broken environment: analyse with ours, say why
                    self.environment_error = f"{self.python}: {error}"
            if self._project is None:
                self._project = jedi.Project(self.root, **extra)
        return self._project

    def complete(self, source: str, path: Path | None, line: int, column: int) -> Completions:
        """Names only: resolving each one's kind can take seconds on a big module (see `kinds`)."""
        found = self._script(source, path).complete(line + 1, column)
        prefix = found[0].get_completion_prefix_length() if found else 0
        # Keywords are known by name; every other kind waits for `kinds`.
        items = [CompletionItem(c.name, "keyword" if keyword.iskeyword(c.name) else None)
                 for c in found]
        return Completions(items, prefix, found)

    def kinds(self, completions: Completions, still_wanted: Callable[[], bool],
              on_progress: Callable[[dict[str, str]], None] | None = None) -> dict[str, str]:
        """name -> kind for `completions`, in chunks, stopping when no longer wanted."""
        resolved: dict[str, str] = {}
        for start in range(0, len(completions.handles), KIND_CHUNK):
            if not still_wanted():
                break
            for handle in completions.handles[start:start + KIND_CHUNK]:
                try:
                    resolved[handle.name] = handle.type
                except Exception:  # jedi fails on some compiled objects: no icon for those
                    resolved[handle.name] = "statement"
            if on_progress is not None:
                on_progress(dict(resolved))
        return resolved

    def call_tip(self, source: str, path: Path | None, line: int, column: int) -> CallTip | None:
        signatures = self._script(source, path).get_signatures(line + 1, column)
        if not signatures:
            return None
        signature = signatures[0]
        text = signature.to_string()
        return CallTip(text, _parameter_range(text, signature))

    def help_text(self, source: str, path: Path | None, line: int, column: int) -> str:
        """The docstring (with its signature) of the name at the position, or ""."""
        for name in self._script(source, path).help(line + 1, column):
            if name.type == "keyword":
                continue
            text = name.docstring().strip()
            if text:
                lines = text.splitlines()
                if len(lines) > HELP_MAX_LINES:
                    lines = lines[:HELP_MAX_LINES] + ["…"]
                return "\n".join(lines)
        return ""

    def definitions(self, source: str, path: Path | None, line: int, column: int) -> list[Location]:
        script = self._script(source, path)
        names = script.goto(line + 1, column, follow_imports=True)
        if not any(n.module_path for n in names):
            names = script.infer(line + 1, column)  # a compiled name: perhaps its stub
        return self._locations(names)

    def references(self, source: str, path: Path | None, line: int, column: int) -> list[Location]:
        return self._locations(self._script(source, path).get_references(line + 1, column))

    # ---- Internals
    def _script(self, source: str, path: Path | None):
        import jedi

        return jedi.Script(source, path=str(path) if path else None, project=self.project())

    def _locations(self, names) -> list[Location]:
        found = []
        for name in names:
            if name.module_path is None or name.line is None:
                continue  # a builtin without source
            path = Path(name.module_path)
            try:
                code = name.get_line_code().strip()
            except Exception:
                code = ""
            found.append(Location(path, name.line - 1, name.column, name.name, code,
                                  is_project_file(path, self.root)))
        return found


def _parameter_range(text: str, signature) -> tuple[int, int]:
    """Where the current parameter is in `text` (signature.to_string()), searched after '('."""
    index = signature.index
    if index is None or index >= len(signature.params):
        return 0, 0
    wanted = signature.params[index].to_string()
    start = text.find(wanted, text.find("(") + 1)
    return (start, start + len(wanted)) if start >= 0 else (0, 0)

"""Which files of a project a search walks: `.gitignore` files (nested ones too), never
environments, caches or hidden folders, and the user's include / exclude globs.

Git's rules, as `pathspec` implements them: a `.gitignore` applies to its own folder and below,
patterns relative to that folder; a deeper file's verdict wins over a shallower one's, and the
last matching line of a file wins (so `!keep.log` after `*.log` brings one file back). A folder
that is ignored is not entered, so nothing inside it can be brought back: git behaves the same.
The rules apply whether or not the folder is a git repository (VS Code does the same; ripgrep
needs `--no-require-git` for it), because a project copied without its `.git` should search alike.
"""

from __future__ import annotations

import os
from pathlib import Path

import pathspec

# Never searched, wherever they are: tools' caches and dependency folders. Folders whose name
# starts with a dot (.git, .venv, .mypy_cache, ...) are skipped as well.
SKIPPED_FOLDER_NAMES = frozenset({"__pycache__", "node_modules", "venv", "site-packages"})
# A folder holding one of these is a Python or conda environment, whatever its name.
ENVIRONMENT_MARKERS = ("pyvenv.cfg", "conda-meta")
SKIPPED_FILE_SUFFIXES = (".pyc", ".pyo")


def parse_globs(text: str) -> list[str]:
    """`*.py, src/**` as typed in a glob field: comma separated, blanks dropped."""
    return [part.strip() for part in text.split(",") if part.strip()]


def glob_spec(globs: list[str]) -> pathspec.PathSpec | None:
    """Globs matched as .gitignore lines are: `*.py` at any depth, `src/` a folder and all below,
    `/data` only at the root, `**` across folders. None when there are none."""
    return pathspec.GitIgnoreSpec.from_lines(globs) if globs else None


class IgnoreRules:
    """The `.gitignore` files met on the way down, and the fixed folders never entered.

    `enter(folder)` must be called for a folder before asking about its entries; the walk goes
    depth first, so the stack of specs is the chain of `.gitignore` files above the current folder.
    """

    def __init__(self, root: Path, use_gitignore: bool = True) -> None:
        self.root = Path(root)
        self.use_gitignore = use_gitignore
        # folder (relative, "" for the root, else "a/b/") -> its spec, or None without one
        self._specs: dict[str, pathspec.GitIgnoreSpec | None] = {}
        if use_gitignore:
            # .git/info/exclude is the repository's private .gitignore at the root.
            self._extra_root_lines = _read_lines(self.root / ".git" / "info" / "exclude")
        else:
            self._extra_root_lines = []

    def enter(self, folder_rel: str) -> None:
        """Read `folder_rel`'s own .gitignore (relative path with a trailing slash, "" = root)."""
        if folder_rel in self._specs or not self.use_gitignore:
            return
        lines = _read_lines(self.root / folder_rel / ".gitignore")
        if folder_rel == "":
            lines = self._extra_root_lines + lines
        self._specs[folder_rel] = pathspec.GitIgnoreSpec.from_lines(lines) if lines else None

    def leave(self, folder_rel: str) -> None:
        """Forget a folder's spec once its subtree is walked (memory stays that of one path)."""
        self._specs.pop(folder_rel, None)

    def is_ignored(self, rel_path: str, is_dir: bool) -> bool:
        """By the .gitignore files of the folders above `rel_path` (`a/b.py`, no leading slash)."""
        if not self.use_gitignore:
            return False
        parts = rel_path.split("/")
        # Deepest .gitignore first: the first that has an opinion decides.
        for depth in range(len(parts) - 1, -1, -1):
            folder = "/".join(parts[:depth]) + "/" if depth else ""
            spec = self._specs.get(folder)
            if spec is None:
                continue
            local = "/".join(parts[depth:]) + ("/" if is_dir else "")
            verdict = spec.check_file(local).include
            if verdict is not None:
                return bool(verdict)
        return False


def is_skipped_folder(path: str, name: str) -> bool:
    """Hidden folders, caches, dependency folders and environments (found by their marker)."""
    if name.startswith(".") or name in SKIPPED_FOLDER_NAMES:
        return True
    return any(os.path.exists(os.path.join(path, marker)) for marker in ENVIRONMENT_MARKERS)


def is_skipped_file(name: str) -> bool:
    return name.endswith(SKIPPED_FILE_SUFFIXES)


def _read_lines(path: Path) -> list[str]:
    try:
        return path.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return []

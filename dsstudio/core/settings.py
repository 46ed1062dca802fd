"""Settings that outlive a session: recent projects, and each project's layout and switches.

They live in the user's config folder, never in the project (projects are often git
repositories). A corrupt or unreadable settings file means defaults, never a crash.
"""

from __future__ import annotations

import json
import os
import zlib
from pathlib import Path

from dsstudio.core.editor.textfile import TextFileError, atomic_write_bytes

MAX_RECENT = 10


def config_dir() -> Path:
    override = os.environ.get("DSSTUDIO_CONFIG_DIR")
    if override:
        return Path(override)
    from platformdirs import user_config_dir

    return Path(user_config_dir("dsstudio", appauthor=False))


def _read_json(path: Path):
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def _write_json(path: Path, value) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write_bytes(path, json.dumps(value, indent=1).encode("utf-8"))
    except (OSError, TextFileError):
        # Settings are a convenience: failing to remember a layout must not stop the user.
        pass


class RecentProjects:
    """Most recent first, at most MAX_RECENT, one entry per folder."""

    def __init__(self, path: Path | None = None) -> None:
        self._path = path or config_dir() / "recent_projects.json"

    def _load(self) -> list[str]:
        value = _read_json(self._path)
        return [p for p in value if isinstance(p, str)] if isinstance(value, list) else []

    def add(self, folder: Path) -> None:
        resolved = str(Path(folder).resolve())
        entries = [resolved] + [p for p in self._load() if p != resolved]
        _write_json(self._path, entries[:MAX_RECENT])

    def remove(self, folder: Path) -> None:
        resolved = str(Path(folder).resolve())
        _write_json(self._path, [p for p in self._load() if p != resolved])

    def paths(self) -> list[Path]:
        return [Path(p) for p in self._load() if Path(p).is_dir()]

    def last(self) -> Path | None:
        existing = self.paths()
        return existing[0] if existing else None


class Preferences:
    """The user's own choices, the same in every project: the editor's look, autosave, and the
    defaults of a project's switches (a project's `.dsproj` file wins over those).

    Every read goes to the file, so windows opened later see a change made in another one.
    A value of the wrong type or out of range reads as its default (a hand-edited file must not
    break the editor).
    """

    THEMES = ("light", "dark", "system")
    DEFAULTS = {
        "autosave": False,
        "editor_font_family": "",  # "": the platform's monospace font
        "editor_font_size": 0,  # 0: the platform's size
        "tab_width": 4,
        "word_wrap": False,
        "theme": "light",  # one of THEMES; "system" follows the desktop's colour scheme
        # Defaults for projects without their own value (their .dsproj, or remembered state).
        "reload_on_save": True,
        "save_notebook_outputs": True,
    }
    RANGES = {"editor_font_size": (0, 72), "tab_width": (1, 16)}

    def __init__(self, path: Path | None = None) -> None:
        self._path = path or config_dir() / "preferences.json"

    def get(self, name: str):
        value = _read_json(self._path)
        return self._valid(name, value.get(name) if isinstance(value, dict) else None)

    def values(self) -> dict:
        """Every preference, read once (the dialog and a new editor need them all)."""
        value = _read_json(self._path)
        value = value if isinstance(value, dict) else {}
        return {name: self._valid(name, value.get(name)) for name in self.DEFAULTS}

    def set(self, name: str, value) -> None:
        self.update({name: value})

    def update(self, changes: dict) -> None:
        current = _read_json(self._path)
        current = current if isinstance(current, dict) else {}
        current.update(changes)
        _write_json(self._path, current)

    def _valid(self, name: str, found):
        default = self.DEFAULTS[name]
        # bool is an int subclass: True must not pass as a font size, nor 1 as a switch.
        if type(found) is not type(default):
            return default
        if name == "theme" and found not in self.THEMES:
            return default
        low, high = self.RANGES.get(name, (None, None))
        if low is not None and not low <= found <= high:
            return default
        return found


class ProjectState:
    """One project's layout and switches, as saved between sessions.

    A plain class rather than a dataclass: settings load before the window's first paint, and
    dataclasses imports `inspect` (several milliseconds).
    """

    FIELDS = ("splitter_sizes", "open_files", "current_file", "reload_on_save", "window_geometry",
              "save_notebook_outputs", "python", "kernelspec", "panes", "run_imported_module")

    def __init__(self) -> None:
        self.splitter_sizes: dict[str, list[int]] = {}
        self.open_files: list[str] = []
        self.current_file: str | None = None
        self.reload_on_save = True
        self.window_geometry: str | None = None
        self.save_notebook_outputs = True  # off: notebooks are written without outputs
        # The kernel's interpreter chosen by this user (a project file's choice wins over it).
        self.python: str | None = None
        self.kernelspec: str | None = None
        # The panes shown or hidden and where notebooks and the console open (read by the UI,
        # which ignores what it does not understand).
        self.panes: dict = {}
        self.run_imported_module = "ask"  # Run File on an imported module (project_file.SETTINGS)

    def to_dict(self) -> dict:
        return {name: getattr(self, name) for name in self.FIELDS}

    def __eq__(self, other: object) -> bool:
        return isinstance(other, ProjectState) and self.to_dict() == other.to_dict()

    def __repr__(self) -> str:
        return f"ProjectState({self.to_dict()!r})"


def _state_path(root: Path) -> Path:
    resolved = str(Path(root).resolve())
    # Two 32-bit checksums make a 64-bit name: collisions are out of reach for one user's
    # projects, and zlib (unlike hashlib's OpenSSL) costs nothing to import.
    data = resolved.encode("utf-8")
    digest = f"{zlib.crc32(data):08x}{zlib.adler32(data):08x}"
    return config_dir() / "projects" / f"{digest}.json"


def breakpoints_path(root: Path) -> Path:
    """Where a project's breakpoints are kept between sessions (beside its state)."""
    return _state_path(root).with_suffix(".breakpoints.json")


def load_project_state(root: Path) -> ProjectState:
    value = _read_json(_state_path(root))
    state = ProjectState()
    if not isinstance(value, dict):
        # A project never seen before starts from the user's defaults (Preferences).
        preferences = Preferences().values()
        state.reload_on_save = preferences["reload_on_save"]
        state.save_notebook_outputs = preferences["save_notebook_outputs"]
        return state
    for name in ProjectState.FIELDS:
        if name in value:
            setattr(state, name, value[name])
    if not _looks_valid(state):
        return ProjectState()
    return state


def save_project_state(root: Path, state: ProjectState) -> None:
    payload = {"root": str(Path(root).resolve()), **state.to_dict()}
    _write_json(_state_path(root), payload)


def _looks_valid(state: ProjectState) -> bool:
    return (
        isinstance(state.splitter_sizes, dict)
        and all(isinstance(v, list) and all(isinstance(n, int) for n in v)
                for v in state.splitter_sizes.values())
        and isinstance(state.open_files, list)
        and all(isinstance(p, str) for p in state.open_files)
        and (state.current_file is None or isinstance(state.current_file, str))
        and isinstance(state.reload_on_save, bool)
        and isinstance(state.save_notebook_outputs, bool)
        and isinstance(state.panes, dict)
        and (state.window_geometry is None or isinstance(state.window_geometry, str))
        and isinstance(state.run_imported_module, str)
        and all(getattr(state, name) is None or isinstance(getattr(state, name), str)
                for name in ("python", "kernelspec"))
    )

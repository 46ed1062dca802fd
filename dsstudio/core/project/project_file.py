"""The `.dsproj` file: marks a project's root and holds its settings (TOML; settings, never code).

A project file is small and readable, meant to be committed with the project:

    # dsstudio project file: settings only (https://toml.io). Double-click it to open the project.
    [dsstudio]
    format = 1
    reload_on_save = true
    save_notebook_outputs = true
    run_imported_module = "ask"     # Run File on an imported module: "ask", "reload", "script"
    python = ".venv/bin/python"     # optional: the kernel's interpreter (relative to the root)
    # kernelspec = "ir"             # optional, instead of python: an installed Jupyter kernelspec

dsstudio changes only its own keys when it writes the file, with tomlkit (made for edits that
keep a TOML file as it was written): comments, order, other tables (`[tool.x]`) and keys this
version does not know stay as they are. A file that cannot be read (not TOML, settings of the
wrong type, over MAX_BYTES, nested past what a parser can follow) is reported, whatever went
wrong, and never written over.
"""

from __future__ import annotations

from pathlib import Path

from dsstudio.core.editor.textfile import TextFileError, atomic_write_bytes, read_file_bytes

SUFFIX = ".dsproj"
FORMAT = 1
# A settings file is a few hundred bytes; a bigger one is refused rather than parsed.
MAX_BYTES = 1_000_000
HEADER = ("# dsstudio project file: settings only (https://toml.io). "
          "Double-click it to open the project.\n")
# Setting name -> (type, default).
SETTINGS: dict[str, tuple[type, object]] = {
    "reload_on_save": (bool, True),
    "save_notebook_outputs": (bool, True),
    # Run File on a module the kernel imported: "ask", "reload" it, or run it as a "script".
    "run_imported_module": (str, "ask"),
}
# Optional settings: absent unless chosen (no default is written into the file).
OPTIONAL: dict[str, type] = {"python": str, "kernelspec": str,
                             # the project's kernel on a Jupyter server (core/kernel/remote)
                             "jupyter_server": str, "jupyter_kernel": str, "jupyter_certificate": str}


class ProjectFileError(Exception):
    """A project file that cannot be read or written; the message names it and says why."""


def find_project_file(root: Path) -> Path | None:
    """The `.dsproj` file at `root` (the one named after the folder first), or None."""
    root = Path(root)
    preferred = root / f"{root.name}{SUFFIX}"
    if preferred.is_file():
        return preferred
    found = sorted(p for p in root.glob(f"*{SUFFIX}") if p.is_file())
    return found[0] if found else None


def read_project_file(path: Path) -> dict:
    """The settings in `path`: every known setting (defaults where absent) plus unknown keys."""
    path = Path(path)
    return _settings(path, _read_text(path))


def _settings(path: Path, text: str) -> dict:
    """The settings in `text`, the contents of the project file `path` (named in messages)."""
    import tomllib  # only projects with a file pay for it, before the first paint

    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ProjectFileError(f"{path.name} is not valid TOML: {error}") from None
    except (RecursionError, MemoryError, ValueError) as error:  # deeply nested arrays, say
        raise ProjectFileError(f"{path.name} could not be read ({type(error).__name__}: "
                               "nested too deeply or too big for a settings file)") from None
    table = data.get("dsstudio", {})
    if not isinstance(table, dict):
        raise ProjectFileError(f"{path.name}: [dsstudio] must be a table of settings")
    settings = {name: default for name, (_kind, default) in SETTINGS.items()}
    for key, value in table.items():
        if key in SETTINGS and not isinstance(value, SETTINGS[key][0]):
            raise ProjectFileError(f"{path.name}: {key} must be {SETTINGS[key][0].__name__}, "
                                   f"not {value!r}")
        if key in OPTIONAL and not (isinstance(value, OPTIONAL[key]) and value.strip()):
            raise ProjectFileError(f"{path.name}: {key} must be a non-empty string, not {value!r}")
        settings[key] = value
    return settings


def project_file_text(settings: dict, existing: str | None = None) -> str:
    """The file's text with `settings` in its [dsstudio] table: `existing` (a file's text) with
    only those keys changed, or a new file. A value of None removes its key."""
    import tomlkit

    document = tomlkit.parse(existing) if existing is not None else tomlkit.document()
    if existing is None:
        document.add(tomlkit.comment(HEADER.removeprefix("# ").rstrip("\n")))
    if "dsstudio" not in document:
        document["dsstudio"] = tomlkit.table()
    table = document["dsstudio"]
    if "format" not in table:
        table["format"] = FORMAT
    for key, value in settings.items():
        if key == "format":
            continue
        current = table.get(key)
        current = current.unwrap() if hasattr(current, "unwrap") else current
        if value is None:
            table.pop(key, None)
        elif current != value or type(current) is not type(value):  # (True == 1: types too)
            if not isinstance(value, (bool, int, float, str)):
                raise ProjectFileError(f"the setting {key} cannot be written (a {type(value).__name__})")
            table[key] = value  # (tomlkit keeps the line's comment)
    return tomlkit.dumps(document)


def write_project_file(path: Path, settings: dict, remove: tuple[str, ...] = ()) -> None:
    """Write `settings` to `path`; everything else in a file already there stays as written.

    Keys in `remove` are taken out (choosing a python drops a kernelspec, and back).
    """
    path = Path(path)
    existing = None
    if path.exists():
        existing = _read_text(path)
        _settings(path, existing)  # a broken file raises: it is not ours to replace
    changes = {**settings, **{key: None for key in remove}}
    try:
        text = project_file_text(changes, existing)
    except ProjectFileError:
        raise
    except Exception as error:  # noqa: BLE001 (tomlkit: a file tomllib read but it cannot)
        raise ProjectFileError(f"{path.name} could not be updated ({error}); it was left as it is") from None
    try:
        atomic_write_bytes(path, text.encode("utf-8"))
    except TextFileError as error:
        raise ProjectFileError(str(error)) from None


def _read_text(path: Path) -> str:
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise ProjectFileError(f"{path.name} is {size:,} bytes: too big for a "
                                   f"project file (at most {MAX_BYTES:,}); it was not read")
        return read_file_bytes(path, kind="project file").decode("utf-8")
    except TextFileError as error:
        raise ProjectFileError(str(error)) from None
    except OSError as error:
        raise ProjectFileError(f"{path.name} could not be read: {error.strerror}") from None
    except UnicodeDecodeError:
        raise ProjectFileError(f"{path.name} is not a project file: it is not UTF-8 text") from None

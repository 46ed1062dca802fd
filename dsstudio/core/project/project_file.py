"""The `.dsproj` file: marks a project's root and holds its settings (TOML; settings, never code).

A project file is small and readable, meant to be committed with the project:

    # dsstudio project file: settings only (https://toml.io). Double-click it to open the project.
    [dsstudio]
    format = 1
    reload_on_save = true
    save_notebook_outputs = true
    python = ".venv/bin/python"     # optional: the kernel's interpreter (relative to the root)
    # kernelspec = "ir"             # optional, instead of python: an installed Jupyter kernelspec

Keys this version does not know are kept when dsstudio writes the file; a file that is not valid
TOML, or has settings of the wrong type, is reported and never written over.
"""

from __future__ import annotations

from pathlib import Path

from dsstudio.core.editor.textfile import TextFileError, atomic_write_bytes, read_file_bytes

SUFFIX = ".dsproj"
FORMAT = 1
HEADER = ("# dsstudio project file: settings only (https://toml.io). "
          "Double-click it to open the project.\n")
# Setting name -> (type, default).
SETTINGS: dict[str, tuple[type, object]] = {
    "reload_on_save": (bool, True),
    "save_notebook_outputs": (bool, True),
}
# Optional settings: absent unless chosen (no default is written into the file).
OPTIONAL: dict[str, type] = {"python": str, "kernelspec": str}


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
    import tomllib  # only projects with a file pay for it, before the first paint

    path = Path(path)
    try:
        data = tomllib.loads(read_file_bytes(path, kind="project file").decode("utf-8"))
    except TextFileError as error:
        raise ProjectFileError(str(error)) from None
    except UnicodeDecodeError:
        raise ProjectFileError(f"{path.name} is not a project file: it is not UTF-8 text") from None
    except tomllib.TOMLDecodeError as error:
        raise ProjectFileError(f"{path.name} is not valid TOML: {error}") from None
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


def project_file_text(settings: dict) -> str:
    lines = [HEADER, "[dsstudio]\n", f"format = {FORMAT}\n"]
    for key, value in settings.items():
        if key != "format" and value is not None:
            lines.append(f"{key} = {_toml_value(key, value)}\n")
    return "".join(lines)


def write_project_file(path: Path, settings: dict, remove: tuple[str, ...] = ()) -> None:
    """Write `settings` to `path`, keeping unknown keys of a readable file already there.

    Keys in `remove` are taken out (choosing a python drops a kernelspec, and back).
    """
    path = Path(path)
    merged = {}
    if path.exists():
        merged = read_project_file(path)  # a broken file raises: it is not ours to replace
    merged.update(settings)
    for key in remove:
        merged.pop(key, None)
    try:
        atomic_write_bytes(path, project_file_text(merged).encode("utf-8"))
    except TextFileError as error:
        raise ProjectFileError(str(error)) from None


def _toml_value(key: str, value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, str):
        escaped = value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
        return f'"{escaped}"'
    raise ProjectFileError(f"the setting {key} cannot be written (a {type(value).__name__})")

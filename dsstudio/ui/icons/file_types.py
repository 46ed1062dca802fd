"""Which icon a file in the project tree gets, from its name alone.

Decided by suffix, never by reading the file: the tree asks for every row it paints, and a big
folder must stay as fast as Qt's file model already makes it. Plain Python (no Qt).
"""

from __future__ import annotations

# suffix (lower case, without the dot) -> (icon name, role)
SUFFIXES: dict[str, tuple[str, str]] = {}
for _suffixes, _kind in (
    (("py", "pyw", "pyi"), ("file_python", "accent")),
    (("ipynb",), ("file_notebook", "accent")),
    (("md", "markdown", "rst"), ("file_markdown", "icon")),
    (("txt", "log"), ("file_text", "icon")),
    (("csv", "tsv", "parquet", "feather", "arrow", "xlsx", "xls", "h5", "hdf5", "hdf", "nc",
      "pkl", "pickle", "npy", "npz", "sqlite", "db"), ("file_data", "icon")),
    (("json", "toml", "yaml", "yml", "ini", "cfg", "conf", "env", "lock"), ("file_config", "icon")),
    (("png", "jpg", "jpeg", "svg", "gif", "bmp", "webp", "tif", "tiff", "ico"), ("file_image", "icon")),
    (("dsproj",), ("file_project", "accent")),
    (("sh", "bash", "zsh", "bat", "cmd", "ps1"), ("file_shell", "icon")),
):
    for _suffix in _suffixes:
        SUFFIXES[_suffix] = _kind
# Whole names that say what they are better than their suffix (or have none).
NAMES: dict[str, tuple[str, str]] = {
    "readme": ("file_markdown", "icon"), "makefile": ("file_shell", "icon"),
    "dockerfile": ("file_config", "icon"), ".gitignore": ("file_config", "icon"),
    "requirements.txt": ("file_config", "icon"),
}
FOLDER = ("folder", "icon")
GENERIC = ("file", "icon")


def file_icon_name(name: str, is_dir: bool = False) -> tuple[str, str]:
    """(icon name, role) for a file or folder called `name`."""
    if is_dir:
        return FOLDER
    lowered = name.lower()
    if lowered in NAMES:
        return NAMES[lowered]
    _, dot, suffix = lowered.rpartition(".")
    return SUFFIXES.get(suffix, GENERIC) if dot else GENERIC

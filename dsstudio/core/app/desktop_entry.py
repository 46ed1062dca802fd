"""Linux desktop integration: the .desktop entry, the .dsproj file type, icons (XDG, per user).

`dsstudio --install-desktop-entry` writes them under ~/.local/share (or $XDG_DATA_HOME) for pip
users, `--uninstall-desktop-entry` removes exactly what it wrote. The same texts are committed in
packaging/linux/ for distribution packages (a test keeps the two equal). Folders are offered
"Open with dsstudio"; dsstudio is never made the default for anything.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

APP_ID = "dsstudio"
PROJECT_MIME = "application/x-dsstudio-project"
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
ICONS = Path(__file__).resolve().parents[2] / "resources" / "icons"

DESKTOP_ENTRY = """[Desktop Entry]
Type=Application
Name=dsstudio
GenericName=Data Science IDE
Comment=Python modules, an IPython console and notebooks on one kernel
Exec={exec} %F
TryExec={try_exec}
Icon=dsstudio
Terminal=false
Categories=Development;IDE;
Keywords=python;jupyter;notebook;ipython;data;science;
MimeType=inode/directory;application/x-dsstudio-project;application/x-ipynb+json;text/x-python;
StartupNotify=true
StartupWMClass=dsstudio
"""

MIME_XML = """<?xml version="1.0" encoding="UTF-8"?>
<mime-info xmlns="http://www.freedesktop.org/standards/shared-mime-info">
  <mime-type type="application/x-dsstudio-project">
    <comment>dsstudio project</comment>
    <sub-class-of type="text/plain"/>
    <generic-icon name="application-x-dsstudio-project"/>
    <glob pattern="*.dsproj"/>
  </mime-type>
</mime-info>
"""


def desktop_entry_text(command: str = APP_ID) -> str:
    """The .desktop file; `command` is what starts dsstudio (a name on PATH or a full path)."""
    return DESKTOP_ENTRY.format(exec=command, try_exec=shlex.split(command)[0])


def data_home() -> Path:
    return Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")


def installed_files(home: Path | None = None) -> dict[Path, Path | str]:
    """Every file the per-user install writes: destination -> source icon path, or text."""
    home = home or data_home()
    files: dict[Path, Path | str] = {
        home / "applications" / f"{APP_ID}.desktop": desktop_entry_text(_launch_command()),
        home / "mime" / "packages" / f"{APP_ID}.xml": MIME_XML,
        home / "icons" / "hicolor" / "scalable" / "apps" / f"{APP_ID}.svg": ICONS / "dsstudio.svg",
        home / "icons" / "hicolor" / "scalable" / "mimetypes" / "application-x-dsstudio-project.svg":
            ICONS / "dsstudio.svg",
    }
    for size in ICON_SIZES:
        folder = home / "icons" / "hicolor" / f"{size}x{size}"
        files[folder / "apps" / f"{APP_ID}.png"] = ICONS / f"dsstudio-{size}.png"
    return files


def install(home: Path | None = None) -> list[str]:
    """Write the entry, file type and icons; returns notes for the user (refreshed caches)."""
    home = home or data_home()
    for destination, source in installed_files(home).items():
        destination.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(source, Path):
            shutil.copyfile(source, destination)
        else:
            destination.write_text(source, encoding="utf-8")
    return _refresh_caches(home)


def uninstall(home: Path | None = None) -> list[str]:
    home = home or data_home()
    for destination in installed_files(home):
        destination.unlink(missing_ok=True)
    return _refresh_caches(home)


def _launch_command() -> str:
    """How a desktop session starts this dsstudio: its script if installed, else python -m."""
    script = shutil.which(APP_ID)
    if script:
        return shlex.quote(str(Path(script).resolve()))
    return f"{shlex.quote(sys.executable)} -m dsstudio"


def _refresh_caches(home: Path) -> list[str]:
    notes = []
    for command in (["update-mime-database", str(home / "mime")],
                    ["update-desktop-database", str(home / "applications")],
                    ["gtk-update-icon-cache", "-f", "-t", str(home / "icons" / "hicolor")]):
        if shutil.which(command[0]) is None:
            notes.append(f"{command[0]} is not installed: the desktop may notice the change only "
                         "after you log in again")
            continue
        result = subprocess.run(command, capture_output=True, text=True)
        if result.returncode != 0:
            notes.append(f"{command[0]} failed: {result.stderr.strip() or result.returncode}")
    return notes

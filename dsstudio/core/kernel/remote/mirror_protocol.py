"""Live reload's requests for a kernel that imports the project from a mirror on its server.

The reloader is installed as for a local kernel (core/kernel/reload_protocol.py); the kernel-side
`mirror` module (dsstudio/kernel/mirror.py) is installed beside it, told where the mirror is (the
kernel's working folder, where the server started it) and made the reloader's project root. A
reload request carries each saved file's text and sha256: the kernel writes it to the mirror,
then reloads the mirror's paths, and maps the report's paths back to the local files.
"""

from __future__ import annotations

from pathlib import Path

from dsstudio.core.kernel.kernel_package import install_modules_code, installed_module
from dsstudio.core.kernel.remote.project_mirror import project_files
from dsstudio.core.kernel.reload_protocol import (DASK_PUSH, RELOADER, install_code, read_report,
                                                  saved_sources)

MIRROR = installed_module("mirror")

# After the mirror module (beside the reloader, installed just before): the mirror's folder,
# the project's files where they travel with this request, and the reloader's root.
_START = f"""
import os
root = os.path.join(__import__("tempfile").gettempdir(), MIRROR_DIR) if MIRROR_DIR else os.getcwd()
os.makedirs(root, exist_ok=True)
os.chdir(root)
{MIRROR}.set_mirror(LOCAL_ROOT, root)
{MIRROR}.receive(FILES)
{MIRROR}.set_mirror(LOCAL_ROOT, root)  # again: a src/ folder the files just made goes on sys.path
{RELOADER}.set_project_roots([root])
"""


class MirrorReloadWire:
    """The three things live reload asks of a kernel protocol, for a mirrored project."""

    def __init__(self, local_root: Path, mirror=None) -> None:
        self.local_root = Path(local_root)
        # The ProjectMirror: when the server has no Contents API, the project's files travel in
        # the set-up request, to a folder of the kernel machine's temporary folder.
        self.mirror = mirror

    def install_code(self, project_root: Path) -> str:
        through_kernel = self.mirror is not None and self.mirror.through_kernel
        files = self._sources(list(project_files(self.local_root).values())) if through_kernel else {}
        values = {"LOCAL_ROOT": str(self.local_root),
                  "MIRROR_DIR": self.mirror.folder if through_kernel else "", "FILES": files}
        mirror = install_modules_code(["mirror"], _START, values=values)
        return f"{install_code(project_root)}\n{mirror}"

    def reload_code(self, paths: list[Path]) -> str:
        sources = self._sources(paths)
        # A file whose text arrives damaged is left out of the reload, and the report says so.
        mirrored = f"{MIRROR}.kernel_paths({[str(p) for p in paths]!r})"
        return (f"{MIRROR}.receive({sources!r}); "
                f"{DASK_PUSH}({MIRROR}.localize_report({RELOADER}.reload_paths({mirrored})))")

    read_report = staticmethod(read_report)  # (the kernel maps the report's paths back itself)

    @staticmethod
    def _sources(paths: list[Path]) -> dict[str, list[str]]:
        """{local path: [text, sha256]} (a file unreadable since the save: the mirror's copy is
        reloaded)."""
        return saved_sources(paths)

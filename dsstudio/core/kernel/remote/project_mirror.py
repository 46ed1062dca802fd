"""The project's Python files, mirrored to a folder on a Jupyter server through its Contents API.

Only what changed is sent: the mirror keeps a manifest (`dsstudio-mirror.json`, relative path ->
sha256 of the text) beside the files, so a second sync, from this session or a later one, sends
only the files whose hash differs and deletes those gone locally. The walk is the project
search's (`.gitignore`d files, hidden folders, caches and environments are never sent).
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

from dsstudio.core.kernel.remote.server_api import ServerApi, ServerError
from dsstudio.core.search.ignore_rules import IgnoreRules, is_skipped_file, is_skipped_folder

# Not hidden: a Jupyter server refuses names starting with a dot (allow_hidden is off by default).
MANIFEST_NAME = "dsstudio-mirror.json"
MIRRORED_SUFFIXES = (".py", ".pyi")
# Other files a project's code reads next to its modules (small configuration, not data).
MIRRORED_NAMES = ("pyproject.toml", "setup.cfg")


@dataclass
class SyncResult:
    sent: list[str] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)
    unchanged: int = 0


def mirror_folder_for(project_root: Path) -> str:
    """The mirror's folder, relative to the server's root: one per local project folder (two
    projects with the same name on one server do not share one)."""
    root = Path(project_root).resolve()
    digest = hashlib.sha256(str(root).encode("utf-8")).hexdigest()[:8]
    return f"dsstudio-mirrors/{root.name}-{digest}"


def project_files(project_root: Path) -> dict[str, Path]:
    """The files to mirror, by relative POSIX path."""
    root = Path(project_root)
    rules = IgnoreRules(root)
    found: dict[str, Path] = {}

    def walk(folder: str, rel: str) -> None:
        rules.enter(rel)
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError:
            return
        for entry in entries:
            child = rel + entry.name
            if entry.is_dir(follow_symlinks=False):
                if not is_skipped_folder(entry.path, entry.name) and not rules.is_ignored(child, True):
                    walk(entry.path, child + "/")
            elif (entry.name.endswith(MIRRORED_SUFFIXES) or entry.name in MIRRORED_NAMES) and \
                    not is_skipped_file(entry.name) and not rules.is_ignored(child, False):
                found[child] = Path(entry.path)
        rules.leave(rel)

    walk(str(root), "")
    return found


class ProjectMirror:
    """Keeps `folder` on the server (relative to its root) equal to the project's files."""

    def __init__(self, api: ServerApi, project_root: Path, folder: str | None = None) -> None:
        self.api = api
        self.project_root = Path(project_root).resolve()
        self.folder = (folder or mirror_folder_for(self.project_root)).strip("/")
        self._manifest: dict[str, str] | None = None
        self._folders: set[str] = set()
        self.current = False
        """The mirror held every file as saved at the end of the last sync."""
        self.through_kernel = False
        """The server has no Contents API (Enterprise Gateway serves kernels only): the files
        travel in the kernel's set-up request instead (mirror_protocol.MirrorReloadWire)."""

    # ---- Public API
    def sync(self) -> SyncResult:
        """Send what differs from the mirror's manifest, delete what is gone locally."""
        self.current = False
        if not self._has_contents_api():
            self.through_kernel = True
            return SyncResult()
        manifest = self._read_manifest()
        result = SyncResult()
        local = project_files(self.project_root)
        for rel, path in local.items():
            try:
                text = path.read_bytes()
            except OSError:
                continue  # removed during the walk: the next sync deletes its mirror
            digest = hashlib.sha256(text).hexdigest()
            if manifest.get(rel) == digest:
                result.unchanged += 1
                continue
            self._put_file(rel, text)
            manifest[rel] = digest
            result.sent.append(rel)
        for rel in sorted(set(manifest) - set(local)):
            try:
                self.api.request("DELETE", self._contents(rel))
            except ServerError as error:
                if error.status != 404:
                    raise
            del manifest[rel]
            result.deleted.append(rel)
        if result.sent or result.deleted:
            self._write_manifest(manifest)
        self.current = True
        return result

    def sync_file(self, path: Path) -> bool:
        """Send one saved file (if it is one the mirror holds and it changed); True if sent."""
        path = Path(path).resolve()
        try:
            rel = path.relative_to(self.project_root).as_posix()
            data = path.read_bytes()
        except (ValueError, OSError):
            return False
        manifest = self._read_manifest()
        digest = hashlib.sha256(data).hexdigest()
        if manifest.get(rel) == digest:
            return False
        self._put_file(rel, data)
        manifest[rel] = digest
        self._write_manifest(manifest)
        return True

    # ---- Internals
    def _has_contents_api(self) -> bool:
        try:
            self.api.request("GET", "api/contents?content=0")
        except ServerError as error:
            if error.status == 404:
                return False
            raise
        return True

    def _contents(self, rel: str) -> str:
        return "api/contents/" + quote(f"{self.folder}/{rel}" if rel else self.folder)

    def _read_manifest(self) -> dict[str, str]:
        if self._manifest is None:
            try:
                model = self.api.request("GET", self._contents(MANIFEST_NAME) + "?type=file&format=text")
                self._manifest = json.loads(model["content"])
            except ServerError as error:
                if error.status != 404:
                    raise
                self._manifest = {}  # a mirror never made (or made by hand): everything is sent
            except (ValueError, KeyError, TypeError):
                self._manifest = {}
        return self._manifest

    def _write_manifest(self, manifest: dict[str, str]) -> None:
        self._put_file(MANIFEST_NAME, json.dumps(manifest, sort_keys=True).encode("utf-8"))

    def _put_file(self, rel: str, data: bytes) -> None:
        self._ensure_folder(rel.rpartition("/")[0])
        self.api.request("PUT", self._contents(rel), {
            "type": "file", "format": "base64", "content": base64.b64encode(data).decode("ascii")})

    def _ensure_folder(self, rel_folder: str) -> None:
        """Create the folder and its parents on the server (the Contents API does not)."""
        parts = [p for p in f"{self.folder}/{rel_folder}".split("/") if p]
        for depth in range(1, len(parts) + 1):
            folder = "/".join(parts[:depth])
            if folder in self._folders:
                continue
            try:
                self.api.request("PUT", "api/contents/" + quote(folder), {"type": "directory"})
            except ServerError as error:
                if error.status != 409:  # (a file of that name: the PUT of the file says so)
                    raise
            self._folders.add(folder)

"""The installers' files: the macOS document types (plistlib) and the NSIS script (makensis -WX)."""

from __future__ import annotations

import plistlib
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGING = ROOT / "packaging"


def test_macos_plist_declares_folders_notebooks_and_project_files():
    plist = plistlib.loads((PACKAGING / "macos" / "Info.plist").read_bytes())
    types = {entry["CFBundleTypeName"]: entry for entry in plist["CFBundleDocumentTypes"]}
    for entry in types.values():
        assert isinstance(entry["CFBundleTypeRole"], str) and isinstance(entry["LSHandlerRank"], str)
    folder = types["Folder"]
    assert folder["LSItemContentTypes"] == ["public.folder"] and folder["LSHandlerRank"] == "Alternate"
    assert types["Jupyter notebook"]["CFBundleTypeExtensions"] == ["ipynb"]
    assert types["Python source"]["LSHandlerRank"] == "Alternate"
    project = types["dsstudio project"]
    assert project["LSHandlerRank"] == "Owner" and project["LSItemContentTypes"] == ["org.dsstudio.project"]
    exported = {t["UTTypeIdentifier"]: t for t in plist["UTExportedTypeDeclarations"]}
    tags = exported["org.dsstudio.project"]["UTTypeTagSpecification"]
    assert tags["public.filename-extension"] == ["dsproj"]
    assert "Owner" not in {folder["LSHandlerRank"], types["Jupyter notebook"]["LSHandlerRank"]}


NSIS = PACKAGING / "windows" / "dsstudio.nsi"


def _expand(text: str, script: str) -> str:
    for name, value in (("${CLASSES}", "Software\\Classes"), ("${APP}", "dsstudio"),
                        ("${UNINSTALL_KEY}",
                         "Software\\Microsoft\\Windows\\CurrentVersion\\Uninstall\\dsstudio")):
        text = text.replace(name, value)
    return text


def test_nsis_uninstaller_removes_every_key_it_writes():
    import re

    script = NSIS.read_text()
    written = {_expand(key, script) for key in re.findall(r'WriteReg(?:Str|DWORD) HKCU "([^"]+)"', script)}
    deleted = {_expand(key, script) for key in re.findall(r'DeleteRegKey HKCU "([^"]+)"', script)}
    assert written, "no registry keys found in the script"
    for key in written:
        assert any(key == d or key.startswith(d + "\\") for d in deleted), f"{key} stays after uninstall"
    assert "Software\\Classes\\Directory\\shell\\dsstudio\\command" in written
    assert "Software\\Classes\\Directory\\Background\\shell\\dsstudio\\command" in written
    # Folders are offered, never taken over: no default verb or handler is set on them.
    assert not re.search(r'Directory\\shell"\s+""', script)
    assert "RequestExecutionLevel user" in script and 'Delete "$SMPROGRAMS' in script


@pytest.mark.skipif(shutil.which("makensis") is None, reason="nsis is not installed (.ci/run installs it)")
def test_nsis_script_builds_without_warnings(tmp_path):
    payload = tmp_path / "payload"
    payload.mkdir()
    (payload / "dsstudio.exe").write_bytes(b"MZ dummy payload")
    out = tmp_path / "dsstudio-test-windows.exe"
    icon = ROOT / "dsstudio" / "resources" / "icons" / "dsstudio.ico"
    result = subprocess.run(["makensis", "-WX", "-V2", f"-DPAYLOAD={payload}", f"-DOUTFILE={out}",
                             f"-DICON={icon}", "-DVERSION=1.2.3", str(NSIS)],
                            capture_output=True, text=True, cwd=NSIS.parent)
    assert result.returncode == 0, result.stdout + result.stderr
    assert out.stat().st_size > 10_000


def test_the_wheel_and_the_bundle_carry_the_window_icons():
    import fnmatch
    import tomllib

    patterns = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"][
        "package-data"]["dsstudio"]
    package = ROOT / "dsstudio"
    svgs = list((package / "ui" / "icons" / "svg").glob("*.svg"))
    assert len(svgs) >= 29
    for svg in svgs:
        relative = svg.relative_to(package).as_posix()
        assert any(fnmatch.fnmatch(relative, pattern) for pattern in patterns), relative
    spec = (PACKAGING / "pyinstaller" / "dsstudio.spec").read_text()
    assert '"icons" / "svg" / "*.svg"), "dsstudio/ui/icons/svg")' in spec

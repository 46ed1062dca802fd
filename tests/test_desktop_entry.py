"""Linux desktop integration: valid files, the committed copies current, install and uninstall."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from dsstudio.core.app.desktop_entry import MIME_XML, desktop_entry_text, installed_files

ROOT = Path(__file__).resolve().parent.parent
LINUX = ROOT / "packaging" / "linux"
needs_validator = pytest.mark.skipif(shutil.which("desktop-file-validate") is None,
                                     reason="desktop-file-utils is not installed (.ci/run installs it)")


def test_committed_files_are_the_generated_ones():
    assert (LINUX / "dsstudio.desktop").read_text() == desktop_entry_text()
    assert (LINUX / "dsstudio-mime.xml").read_text() == MIME_XML


@needs_validator
def test_desktop_file_is_valid():
    result = subprocess.run(["desktop-file-validate", str(LINUX / "dsstudio.desktop")],
                            capture_output=True, text=True)
    assert result.returncode == 0 and result.stdout.strip() == "", result.stdout + result.stderr
    assert "Exec=dsstudio %F" in (LINUX / "dsstudio.desktop").read_text()


@needs_validator
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="XDG desktops")
def test_install_and_uninstall_for_one_user(tmp_path):
    env = {"XDG_DATA_HOME": str(tmp_path), "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    install = subprocess.run([sys.executable, "-m", "dsstudio", "--install-desktop-entry"],
                             capture_output=True, text=True, env=env)
    assert install.returncode == 0, install.stderr
    files = installed_files(tmp_path)
    assert all(path.is_file() for path in files)
    entry = tmp_path / "applications" / "dsstudio.desktop"
    assert subprocess.run(["desktop-file-validate", str(entry)]).returncode == 0
    assert f"Exec={sys.executable} -m dsstudio %F" in entry.read_text()  # not on that PATH
    if shutil.which("update-mime-database"):
        globs = (tmp_path / "mime" / "globs2").read_text()
        assert "application/x-dsstudio-project:*.dsproj" in globs
    uninstall = subprocess.run([sys.executable, "-m", "dsstudio", "--uninstall-desktop-entry"],
                               capture_output=True, text=True, env=env)
    assert uninstall.returncode == 0, uninstall.stderr
    assert not any(path.exists() for path in files)

"""A kernel without debugpy: breakpoints show unavailable with the one command that installs it;
the install (on a click) and the kernel's restart arm them."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from tests.environments import make_venv, uv
from tests.ui.helpers import KERNEL_WAIT_MS, wait_for_console
from tests.ui.test_debugger import stop_after, top

INSTALL_WAIT_MS = 180_000


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "proj"
    root.mkdir()
    (root / "helpers.py").write_text("def double(x):\n    return 2 * x\n")
    python = make_venv(root / ".venv", "ipykernel")
    subprocess.run([uv(), "pip", "uninstall", "-q", "--python", str(python), "debugpy"],
                   check=True, env=dict(os.environ, UV_PYTHON_DOWNLOADS="never"), timeout=120)
    return root


def test_no_debugpy_shows_the_install_command_and_installing_arms_breakpoints(
        qtbot, window, project):
    from dsstudio.ui.debug.breakpoint_gutter import UNVERIFIED

    qtbot.waitUntil(lambda: getattr(window, "debugger", None) is not None, timeout=KERNEL_WAIT_MS)
    debugger = window.debugger
    pane = debugger.pane
    qtbot.waitUntil(lambda: not pane.install_button.isHidden(),
                    timeout=KERNEL_WAIT_MS)
    assert debugger.state == "unavailable"
    python = project / ".venv" / "bin" / "python"
    assert pane.install_command.text().endswith(f"pip install --python {python} debugpy")
    assert "unavailable" in pane.status.text()
    editor = window.open_file(project / "helpers.py")
    qtbot.waitUntil(lambda: getattr(editor, "breakpoint_gutter", None) is not None)
    editor.breakpoint_gutter.toggle(1)
    assert editor.markerGet(1) & (1 << UNVERIFIED)  # kept, shown as not armed
    pane.install_button.click()  # nothing is installed before this click
    dialog = debugger.install_dialog
    qtbot.waitUntil(lambda: dialog.succeeded is not None, timeout=INSTALL_WAIT_MS)
    assert dialog.succeeded, dialog.output.toPlainText()
    qtbot.waitUntil(lambda: debugger.state == "running", timeout=KERNEL_WAIT_MS)
    assert pane.install_button.isHidden()
    assert not editor.markerGet(1) & (1 << UNVERIFIED)
    frames = stop_after(qtbot, debugger, window.console.run_code,
                        "import helpers\nprint('armed', helpers.double(2))")
    assert top(frames) == ("helpers.py", 2)
    debugger.session.resume()
    wait_for_console(qtbot, window, lambda text: "armed 4" in text)

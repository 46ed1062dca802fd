"""What runs before the first paint stays small: the interpreter machinery loads only when used.

The kernel is launched before Qt is imported, so choosing its interpreter must be file look-ups
(dsstudio.core.kernel.launch); discovery, probing, diagnosis and the dialogs wait until needed.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LATER = ("dsstudio.core.kernel.discovery", "dsstudio.core.kernel.interpreter",
         "dsstudio.core.kernel.diagnosis", "dsstudio.core.kernel.kernelspecs",
         "dsstudio.core.kernel.conda", "dsstudio.core.command_run",
         "dsstudio.core.project.environment_creation", "dsstudio.ui.kernel.interpreter_picker",
         "dsstudio.ui.kernel.kernel_problem_bar", "dsstudio.ui.kernel.command_dialog",
         "concurrent.futures", "jupyter_client", "qtconsole",
         "dsstudio.ui.search.search_pane", "dsstudio.core.search.find_in_files", "pathspec",
         "dsstudio.ui.lint.lint_controller", "dsstudio.core.lint.ruff_runner",
         "jedi", "dsstudio.core.intelligence.jedi_engine",
         "dsstudio.ui.intelligence.window_intelligence",
         "PySide6.QtWebEngineCore", "PySide6.QtWebEngineWidgets", "dsstudio.ui.web.web_output",
         "nbformat.sign")


def test_interpreter_machinery_is_not_imported_before_the_window_exists(tmp_path):
    code = (
        "import json, sys\n"
        "from pathlib import Path\n"
        "from dsstudio.core.project.interpreter_choice import project_launch\n"
        f"launch = project_launch(Path({str(tmp_path)!r}))\n"
        "from PySide6.QtWidgets import QApplication\n"
        "app = QApplication([])\n"
        "from dsstudio.core.settings import RecentProjects\n"
        "from dsstudio.ui.window.main_window import MainWindow\n"
        "window = MainWindow(RecentProjects())\n"
        f"print(json.dumps([name for name in {list(LATER)!r} if name in sys.modules]))\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            cwd=ROOT, timeout=120,
                            env={"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin",
                                 "DSSTUDIO_CONFIG_DIR": str(tmp_path / "config"),
                                 "HOME": str(tmp_path)})
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.strip().splitlines()[-1]) == []


def test_the_notebooks_modules_are_imported_while_idle_and_none_of_qtwebengine(tmp_path):
    """Once the kernel has answered, the notebook's modules are imported a few at a time: the
    first notebook opened then imports nothing of dsstudio's (0.15-0.3 s it spent importing
    here, and before a chart notebook's web engine could start). QtWebEngine still waits for an
    output that needs it."""
    project = tmp_path / "project"
    project.mkdir()
    (project / "n.ipynb").write_text(json.dumps({
        "cells": [{"cell_type": "code", "execution_count": None, "id": "a1", "metadata": {}, "outputs": [],
                   "source": "1 + 1"}], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}))
    code = (
        "import json, sys, time\n"
        "from pathlib import Path\n"
        "from PySide6.QtWidgets import QApplication\n"
        "app = QApplication([])\n"
        "from dsstudio.app import start_kernel_session\n"
        "from dsstudio.core.settings import RecentProjects\n"
        "from dsstudio.ui.kernel.kernel_controller import KernelController\n"
        "from dsstudio.ui.window.main_window import MainWindow\n"
        f"root = Path({str(project)!r})\n"
        "window = MainWindow(RecentProjects())\n"
        "controller = KernelController(start_kernel_session(root))\n"
        "window.open_project(root, controller)\n"
        "controller.start()\n"
        "window.show()\n"
        "from dsstudio.ui.window.window_services import NOTEBOOK_MODULES\n"
        "deadline = time.monotonic() + 90\n"
        "while not all(name in sys.modules for name in NOTEBOOK_MODULES) and time.monotonic() < deadline:\n"
        "    app.processEvents()\n"
        "    time.sleep(0.005)\n"
        "preloaded = all(name in sys.modules for name in NOTEBOOK_MODULES)\n"
        "web_engine = 'PySide6.QtWebEngineCore' in sys.modules\n"
        "before = set(sys.modules)\n"
        "view = window.open_file(root / 'n.ipynb')\n"
        "new = sorted(name for name in set(sys.modules) - before if name.startswith('dsstudio'))\n"
        "print(json.dumps({'preloaded': preloaded, 'web_engine': web_engine, 'opened': view is not None,\n"
        "                  'imported_at_open': new}))\n"
        "window.close_project()\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=150,
                            env={"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT),
                                 "DSSTUDIO_CONFIG_DIR": str(tmp_path / "config"), "HOME": str(tmp_path)})
    assert result.returncode == 0, result.stderr[-3000:]
    figures = json.loads(result.stdout.strip().splitlines()[-1])
    assert figures == {"preloaded": True, "web_engine": False, "opened": True, "imported_at_open": []}

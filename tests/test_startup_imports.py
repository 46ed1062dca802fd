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

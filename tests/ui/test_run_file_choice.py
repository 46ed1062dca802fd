"""Run File (F5) on a module the kernel has imported (issue 19, point 6): `%run models.py` made
`__main__` copies of its classes, so `isinstance(ols, Model)` turned False and later saves no
longer reached the names the user imported. It now asks, and offers the module's reload.
(Spyder's and VS Code's "Run File" have the same trap: runfile/%run of an imported module.)"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QPushButton

from dsstudio.core.project.project_file import read_project_file
from dsstudio.ui.kernel.run_file_choice import RunImportedDialog
from dsstudio.ui.window.main_window import MainWindow
from tests.ui.helpers import KERNEL_WAIT_MS, console_text, wait_for_console

MODELS = ("class Model:\n    pass\n\n\nclass LeastSquares(Model):\n"
          "    def fit(self):\n        return 'fitted'\n")


@pytest.fixture
def imported(qtbot, window: MainWindow, project: Path) -> MainWindow:
    (project / "models.py").write_text(MODELS)
    qtbot.waitUntil(lambda: window.live_reload is not None and not window.live_reload.is_busy(),
                    timeout=KERNEL_WAIT_MS)
    window.console.run_code("import models\nfrom models import Model, LeastSquares\n"
                            "ols = LeastSquares()\nprint('made', type(ols).__name__)")
    wait_for_console(qtbot, window, lambda text: "made LeastSquares" in text)
    return window


def run_file_and_wait_for_dialog(qtbot, window: MainWindow, path: Path) -> RunImportedDialog:
    window.open_file(path)
    window.actions["run_file"].trigger()
    qtbot.waitUntil(lambda: window.findChild(RunImportedDialog) is not None, timeout=KERNEL_WAIT_MS)
    return window.findChild(RunImportedDialog)


def print_in_console(qtbot, window: MainWindow, code: str, expected: str) -> None:
    window.console.run_code(code)
    wait_for_console(qtbot, window, lambda text: expected in text)


def test_reload_module_keeps_the_classes_and_reloads(qtbot, imported, project):
    # Reload on save off: only the dialog's choice can bring the new method in.
    imported.live_reload.enabled = False
    editor = imported.open_file(project / "models.py")
    editor.set_text(MODELS + "\n    def extra(self):\n        return 'new code'\n")
    editor.insertText(0, "")  # modified: Run File saves it first
    dialog = run_file_and_wait_for_dialog(qtbot, imported, project / "models.py")
    assert dialog.isVisible()
    assert "models.py is imported by the kernel as <code>models</code>" in dialog.message.text()
    dialog.findChild(QPushButton, "ReloadModuleButton").click()
    qtbot.waitUntil(lambda: "models.py reloaded" in imported.status.reload_label.text(),
                    timeout=KERNEL_WAIT_MS)
    print_in_console(qtbot, imported, "print('same', isinstance(ols, Model), "
                     "isinstance(ols, models.Model), ols.extra())", "same True True new code")
    assert "%run" not in console_text(imported)


def test_run_as_script_runs_it_with_run_magic(qtbot, imported, project):
    dialog = run_file_and_wait_for_dialog(qtbot, imported, project / "models.py")
    dialog.findChild(QPushButton, "RunAsScriptButton").click()
    wait_for_console(qtbot, imported, lambda text: "%run models.py" in text)
    # Knowingly: the names are the script's copies now.
    print_in_console(qtbot, imported, "print('forked', isinstance(ols, Model))", "forked False")


def test_cancel_runs_nothing(qtbot, imported, project):
    dialog = run_file_and_wait_for_dialog(qtbot, imported, project / "models.py")
    dialog.reject()
    print_in_console(qtbot, imported, "print('after cancel')", "after cancel\n")
    assert "%run" not in console_text(imported)


def test_a_file_not_imported_runs_at_once_without_asking(qtbot, window, project):
    window.open_file(project / "cells.py")
    window.actions["run_file"].trigger()
    wait_for_console(qtbot, window, lambda text: "%run cells.py" in text)
    assert window.findChild(RunImportedDialog) is None


def test_dont_ask_again_is_remembered_in_the_project_file(qtbot, imported, project):
    imported.settings.save_project_file()  # a .dsproj: the choice is written there
    ask = imported.actions["ask_run_imported"]
    assert ask.isChecked()
    dialog = run_file_and_wait_for_dialog(qtbot, imported, project / "models.py")
    dialog.remember.setChecked(True)
    dialog.findChild(QPushButton, "ReloadModuleButton").click()
    qtbot.waitUntil(lambda: "models.py reloaded" in imported.status.reload_label.text(),
                    timeout=KERNEL_WAIT_MS)
    assert read_project_file(imported.settings.file)["run_imported_module"] == "reload"
    assert not ask.isChecked()
    imported.status.reload_label.clear()
    # Next time: reloaded at once, no question.
    imported.actions["run_file"].trigger()
    qtbot.waitUntil(lambda: "models.py reloaded" in imported.status.reload_label.text(),
                    timeout=KERNEL_WAIT_MS)
    assert imported.findChild(RunImportedDialog) is None
    assert "%run" not in console_text(imported)
    # Run > Ask Before Running an Imported Module: asked again.
    ask.trigger()
    assert read_project_file(imported.settings.file)["run_imported_module"] == "ask"
    run_file_and_wait_for_dialog(qtbot, imported, project / "models.py").reject()


def test_a_restart_before_the_kernel_answers_drops_the_question(qtbot, imported, project):
    from dsstudio.ui.kernel.run_file_choice import _ImportedModulesQuery

    imported.console.run_code("import time; print('sleeping'); time.sleep(60)")
    wait_for_console(qtbot, imported, lambda text: "sleeping\n" in text)
    imported.open_file(project / "models.py")
    imported.actions["run_file"].trigger()  # the question waits behind the sleep
    assert imported.findChild(_ImportedModulesQuery) is not None
    imported.restart_now()
    qtbot.waitUntil(lambda: imported.findChild(_ImportedModulesQuery) is None,
                    timeout=KERNEL_WAIT_MS)
    wait_for_console(qtbot, imported, lambda text: text.rstrip().endswith("In [1]:"))
    assert imported.findChild(RunImportedDialog) is None
    assert "%run" not in console_text(imported)

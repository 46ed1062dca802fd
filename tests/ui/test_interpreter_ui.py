"""The project's interpreter in the window: shown, chosen, fixed (Install), created; real venvs."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from dsstudio.core.kernel.discovery import describe
from dsstudio.core.kernel.kernelspecs import kernelspec_interpreters
from dsstudio.core.project.interpreter_choice import read_choice
from dsstudio.ui.kernel.interpreter_picker import InterpreterPicker
from dsstudio.ui.window.main_window import MainWindow
from tests.environments import make_broken_venv, make_venv
from tests.ui.helpers import KERNEL_WAIT_MS, console_text, open_project_window, wait_for_console

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX environment layouts")
INSTALL_WAIT_MS = 180_000


@pytest.fixture
def open_window(qtbot):
    """Opens a window on a project without waiting for its kernel (it may never start)."""
    opened = []

    def open_(root: Path) -> MainWindow:
        window = open_project_window(qtbot, root)
        window.tabs.ask_unsaved = lambda names: "discard"
        opened.append(window)
        return window

    yield open_
    for window in opened:
        window.close_project()


def run_and_read(qtbot, window: MainWindow, code: str, marker: str) -> str:
    window.console.run_code(f"print('{marker}', {code}, sep='=')")
    wait_for_console(qtbot, window, lambda text: f"{marker}=" in text)
    line = next(line for line in console_text(window).splitlines() if line.startswith(f"{marker}="))
    return line.split("=", 1)[1]


def wait_idle(qtbot, window: MainWindow, timeout: int = KERNEL_WAIT_MS) -> None:
    qtbot.waitUntil(lambda: window.kernel.state == "idle", timeout=timeout)


@pytest.fixture
def plain_project(tmp_path) -> Path:
    root = tmp_path / "proj"
    root.mkdir()
    (root / "models.py").write_text("def score():\n    return 1\n")
    return root


def test_projects_own_venv_runs_the_kernel_and_is_shown(qtbot, open_window, plain_project,
                                                          venv_with_ipykernel):
    (plain_project / ".venv").symlink_to(venv_with_ipykernel.parent.parent, target_is_directory=True)
    window = open_window(plain_project)
    wait_idle(qtbot, window)
    wait_for_console(qtbot, window, lambda text: "In [" in text)
    assert run_and_read(qtbot, window, "__import__('sys').executable", "EXE") == \
        str(plain_project / ".venv" / "bin" / "python")
    label = window.status.interpreter_button.text()
    assert label.endswith("Python %d.%d (.venv)" % sys.version_info[:2])
    assert "the project's own environment (.venv)" in window.status.interpreter_button.toolTip()
    assert not window.interpreters.problem_shown()


def test_missing_ipykernel_shows_the_command_and_installs_on_click(qtbot, open_window,
                                                                    plain_project):
    python = make_venv(plain_project / ".venv")
    window = open_window(plain_project)
    bar = window.interpreters.bar
    qtbot.waitUntil(window.interpreters.problem_shown, timeout=KERNEL_WAIT_MS)
    assert window.kernel.state == "dead"
    assert str(python) in bar.message.text() and "has no ipykernel" in bar.message.text()
    command = bar.command.text()
    assert command.endswith(f"pip install --python {python} ipykernel")
    assert bar.restart_button.isHidden()  # restarting would fail the same way: Install is the fix
    assert not list((plain_project / ".venv").glob("lib/python*/site-packages/ipykernel"))
    bar.install_button.click()  # nothing was installed before this click
    dialog = window.interpreters.dialog
    qtbot.waitUntil(lambda: dialog.succeeded is not None, timeout=INSTALL_WAIT_MS)
    assert dialog.succeeded, dialog.output.toPlainText()
    wait_idle(qtbot, window, INSTALL_WAIT_MS)
    assert not window.interpreters.problem_shown()
    wait_for_console(qtbot, window, lambda text: "In [" in text)
    assert run_and_read(qtbot, window, "__import__('sys').executable", "EXE") == str(python)


def test_choosing_an_interpreter_restarts_there_after_asking_and_is_remembered(
        qtbot, open_window, plain_project, venv_with_ipykernel):
    window = open_window(plain_project)
    wait_idle(qtbot, window)
    wait_for_console(qtbot, window, lambda text: "In [" in text)
    assert run_and_read(qtbot, window, "__import__('sys').executable", "BEFORE") == sys.executable
    asked = []
    window.interpreters.confirm_switch = lambda name: asked.append(name) or False
    chosen = describe(venv_with_ipykernel, plain_project)
    old_pid = window.kernel.session.pid
    assert window.interpreters.switch_to(chosen) is False  # the user said no: nothing changes
    assert asked and window.kernel.session.pid == old_pid
    window.interpreters.confirm_switch = lambda name: True
    assert window.interpreters.switch_to(chosen) is True
    wait_idle(qtbot, window)
    assert run_and_read(qtbot, window, "__import__('sys').executable", "AFTER") == \
        str(venv_with_ipykernel)
    assert read_choice(plain_project).python == str(venv_with_ipykernel)
    assert "with-ipykernel" in window.status.interpreter_button.text()
    # Live reload follows into the new interpreter.
    qtbot.waitUntil(lambda: window.live_reload is not None and not window.live_reload.is_busy(),
                    timeout=KERNEL_WAIT_MS)
    window.console.run_code("from models import score")
    wait_for_console(qtbot, window, lambda text: "In [3]" in text)
    (plain_project / "models.py").write_text("def score():\n    return 7\n")
    window.live_reload.request([plain_project / "models.py"])
    qtbot.waitUntil(lambda: "models.py reloaded" in window.status.reload_label.text(),
                    timeout=KERNEL_WAIT_MS)
    assert run_and_read(qtbot, window, "score()", "SCORE") == "7"


def test_broken_interpreter_is_refused_and_the_kernel_kept(qtbot, open_window, plain_project,
                                                           tmp_path):
    window = open_window(plain_project)
    wait_idle(qtbot, window)
    warned = []
    window.interpreters.warn = lambda title, text: warned.append(text)
    pid = window.kernel.session.pid
    broken = describe(make_broken_venv(tmp_path / "gone"))
    assert window.interpreters.switch_to(broken) is False
    assert "does not exist" in warned[0] and window.kernel.session.pid == pid
    assert window.kernel.state == "idle" and read_choice(plain_project).python is None


def test_chosen_interpreter_without_ipykernel_keeps_the_running_kernel(qtbot, open_window,
                                                                        plain_project, tmp_path):
    window = open_window(plain_project)
    wait_idle(qtbot, window)
    pid = window.kernel.session.pid
    bare = describe(make_venv(tmp_path / "bare"))
    assert window.interpreters.switch_to(bare) is False
    bar = window.interpreters.bar
    assert window.interpreters.problem_shown() and "has no ipykernel" in bar.message.text()
    assert "keeps running" in bar.message.text()
    assert window.kernel.session.pid == pid and window.kernel.state == "idle"


def test_picker_lists_the_project_environment_first_with_its_facts(qtbot, plain_project,
                                                                  venv_with_ipykernel, tmp_path):
    (plain_project / ".venv").symlink_to(venv_with_ipykernel.parent.parent, target_is_directory=True)
    broken = make_broken_venv(tmp_path / "gone")
    picker = InterpreterPicker(plain_project, None)
    qtbot.addWidget(picker)
    qtbot.waitUntil(lambda: picker.refresh_button.isEnabled(), timeout=KERNEL_WAIT_MS)
    first = picker.tree.topLevelItem(0)
    assert first.text(0) == "Python %d.%d (.venv)" % sys.version_info[:2]
    assert first.text(2)[0].isdigit()  # the ipykernel version
    assert first.text(3) == str(plain_project / ".venv" / "bin" / "python")
    picker.add_python(broken)
    qtbot.waitUntil(lambda: any(i.python == broken for i in picker.items()), timeout=KERNEL_WAIT_MS)
    assert picker.tree.currentItem().text(2) == "broken"
    assert not picker.use_button.isEnabled()
    picker.select(f"python:{plain_project / '.venv' / 'bin' / 'python'}")
    picker.use_button.click()
    assert picker.chosen.name == ".venv" and picker.chosen.usable


@pytest.mark.slow
def test_create_project_environment_then_the_kernel_runs_in_it(qtbot, open_window, plain_project,
                                                                monkeypatch):
    from dsstudio.ui.kernel import environment_dialog

    (plain_project / "requirements.txt").write_text("six\n")
    window = open_window(plain_project)
    wait_idle(qtbot, window)

    def accept_with_requirements(dialog):
        assert dialog.source() == "requirements"  # the project's own list is preferred
        dialog.base.addItem("this Python", sys.executable)
        dialog.base.setCurrentIndex(dialog.base.count() - 1)
        return 1

    monkeypatch.setattr(environment_dialog.EnvironmentDialog, "exec", accept_with_requirements)
    window.interpreters.create_environment()
    dialog = window.interpreters.dialog
    qtbot.waitUntil(lambda: dialog.succeeded is not None, timeout=INSTALL_WAIT_MS)
    assert dialog.succeeded, dialog.output.toPlainText()
    wait_idle(qtbot, window, INSTALL_WAIT_MS)
    wait_for_console(qtbot, window, lambda text: "In [" in text)
    assert run_and_read(qtbot, window, "__import__('sys').executable", "EXE") == \
        str(plain_project / ".venv" / "bin" / "python")
    assert run_and_read(qtbot, window, "__import__('six').__name__", "SIX") == "six"


@pytest.mark.slow
def test_non_python_kernelspec_runs_code_and_live_reload_says_it_is_not_available(
        qtbot, open_window, plain_project, tmp_path, monkeypatch):
    python = make_venv(tmp_path / "bashkernel", "bash_kernel")
    spec = tmp_path / "jupyter" / "kernels" / "bash"
    spec.mkdir(parents=True)
    (spec / "kernel.json").write_text(json.dumps({
        "argv": [str(python), "-m", "bash_kernel", "-f", "{connection_file}"],
        "display_name": "Bash", "language": "bash"}))
    monkeypatch.setenv("JUPYTER_PATH", str(tmp_path / "jupyter"))
    window = open_window(plain_project)
    wait_idle(qtbot, window)
    bash = next(i for i in kernelspec_interpreters() if i.kernelspec == "bash")
    assert window.interpreters.switch_to(bash) is True
    wait_idle(qtbot, window)
    assert read_choice(plain_project).kernelspec == "bash"
    assert window.status.interpreter_button.text().endswith("Bash")
    window.console.run_code("echo hello-from-$((40 + 2))")
    wait_for_console(qtbot, window, lambda text: "hello-from-42" in text)
    qtbot.waitUntil(lambda: "Live reload is not available: this kernel runs bash"
                    in window.status.reload_label.text(), timeout=KERNEL_WAIT_MS)


def test_environment_dialog_takes_extra_packages_and_refuses_what_is_not_one(qtbot, tmp_path):
    """Issue 19: adding scikit-learn took a requirements.txt written first."""
    from dsstudio.ui.kernel.environment_dialog import EnvironmentDialog

    dialog = EnvironmentDialog(tmp_path, [("uv's choice", None)])
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.also.setText("scikit-learn, pandas>=2")
    assert dialog.extra_packages() == ["scikit-learn", "pandas>=2"]
    assert dialog.create_button.isEnabled() and dialog.also_problem.isHidden()
    dialog.also.setText("scikit-learn --index-url=https://x.example")
    assert not dialog.create_button.isEnabled()
    assert "'--index-url=https://x.example' is not a package name" in dialog.also_problem.text()
    assert dialog.also_problem.isVisible()
    dialog.also.setText("")
    assert dialog.create_button.isEnabled() and dialog.extra_packages() == []

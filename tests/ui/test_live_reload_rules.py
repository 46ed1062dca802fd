"""Issue 10's rules end to end: the app, a real kernel, saves from the editor and other programs."""

from __future__ import annotations

import os

import pytest

from dsstudio.ui.window.main_window import MainWindow
from tests.ui.helpers import KERNEL_WAIT_MS, wait_for_console
from tests.ui.test_live_reload import reload_label, save_in_editor

HIERARCHY = ("class BaseError(Exception):\n    pass\nclass DataError(BaseError):\n    pass\n"
             "class Model:\n    def fit(self):\n        return 'model'\n"
             "class Linear(Model):\n    def fit(self):\n        return 'linear+' + super().fit()\n")


@pytest.fixture
def ready(qtbot, window: MainWindow) -> MainWindow:
    qtbot.waitUntil(lambda: window.live_reload is not None and not window.live_reload.is_busy(),
                    timeout=KERNEL_WAIT_MS)
    return window


def run_and_wait(qtbot, window: MainWindow, code: str, expected: str) -> None:
    window.console.run_code(code)
    wait_for_console(qtbot, window, lambda text: expected in text)


def test_unchanged_save_of_a_class_hierarchy_keeps_every_relation(qtbot, ready, project):
    (project / "hier.py").write_text(HIERARCHY)
    run_and_wait(qtbot, ready, "import hier; lin = hier.Linear(); print('made')", "made\n")
    save_in_editor(ready, project / "hier.py", HIERARCHY)
    qtbot.waitUntil(lambda: "hier.py reloaded" in reload_label(ready), timeout=KERNEL_WAIT_MS)
    run_and_wait(qtbot, ready,
                 "try:\n    raise hier.DataError()\nexcept hier.BaseError:\n    caught = True\n"
                 "print('rel', issubclass(hier.Linear, hier.Model), isinstance(lin, hier.Model), "
                 "lin.fit(), caught)", "rel True True linear+model True")


def test_the_notebooks_own_names_are_not_rebound_but_aliases_follow(qtbot, ready, project):
    (project / "cfg.py").write_text("DEBUG = False\nn_jobs = 1\nrate = 0.1\n")
    run_and_wait(qtbot, ready, "DEBUG = False\nn_jobs = 1\nfrom cfg import rate as lr\nprint('set')",
                 "set\n")
    save_in_editor(ready, project / "cfg.py", "DEBUG = True\nn_jobs = 8\nrate = 0.5\n")
    qtbot.waitUntil(lambda: "cfg.py reloaded" in reload_label(ready), timeout=KERNEL_WAIT_MS)
    run_and_wait(qtbot, ready, "print('mine', DEBUG, n_jobs, lr)", "mine False 1 0.5")


def test_src_package_keeps_its_submodules_when_another_program_saves_one(qtbot, ready, project):
    package = project / "src" / "mypkg"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text("from .features import build\n")
    (package / "features.py").write_text("def build():\n    return 'v1'\n")
    (package / "io.py").write_text("def load():\n    return 'data'\n")
    ready.kernel.restart()  # src/ goes on sys.path when the kernel starts
    qtbot.waitUntil(lambda: ready.kernel.state == "idle" and not ready.live_reload.is_busy(),
                    timeout=KERNEL_WAIT_MS)
    run_and_wait(qtbot, ready, "import mypkg, mypkg.io; print('imported')", "imported\n")
    temp = package / ".features.py.swp"
    temp.write_text("def build():\n    return 'v2'\n")
    os.replace(temp, package / "features.py")  # vim, VS Code and others save by rename
    qtbot.waitUntil(lambda: "features.py reloaded" in reload_label(ready), timeout=KERNEL_WAIT_MS)
    assert "removed" not in reload_label(ready)
    run_and_wait(qtbot, ready, "print('pkg', mypkg.io.load(), mypkg.build())", "pkg data v2")

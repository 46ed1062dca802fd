"""Live reload end to end on real data-science code (issue 21): a real window and kernel, the
module saved in the editor, the result read in the console and the report in the status bar."""

from __future__ import annotations

from pathlib import Path

import pytest

from dsstudio.ui.window.main_window import MainWindow
from tests.ui.helpers import KERNEL_WAIT_MS, console_text, wait_for_console
from tests.ui.test_live_reload import reload_label, save_in_editor

MODELS = """\
import itertools
import attrs
from pydantic import BaseModel
LOADS = itertools.count()
DATA = [next(LOADS)]  # stands for a slow read


def counted(func):
    def wrapper(*args):
        wrapper.calls += 1
        return func(*args)
    wrapper.calls = 0
    return wrapper


class Point(BaseModel):
    x: int
    def norm(self):
        return {norm}


class Track(BaseModel):
    points: list[Point]


@attrs.define
class Sample:
    size: int = attrs.field(validator={validator})


@counted
def total(values):
    return sum(values) * {factor}
"""


@pytest.fixture
def libraries(qtbot, window: MainWindow, project: Path) -> MainWindow:
    pytest.importorskip("pydantic")
    pytest.importorskip("attrs")
    (project / "models.py").write_text(MODELS.format(
        norm="self.x", validator="attrs.validators.instance_of(int)", factor=1))
    qtbot.waitUntil(lambda: window.live_reload is not None and not window.live_reload.is_busy(),
                    timeout=KERNEL_WAIT_MS)
    window.console.run_code("import models; p = models.Point(x=2); s = models.Sample(1); "
                            "print('ready', models.total([1]))")
    wait_for_console(qtbot, window, lambda text: "ready 1" in text)
    return window


def test_pydantic_attrs_and_a_stateful_decorator_follow_a_save(qtbot, libraries, project):
    save_in_editor(libraries, project / "models.py", MODELS.format(
        norm="self.x * 10",
        validator="[attrs.validators.instance_of(int), attrs.validators.ge(0)]", factor=100))
    qtbot.waitUntil(lambda: "total updated" in reload_label(libraries), timeout=KERNEL_WAIT_MS)
    assert "Point updated" in reload_label(libraries)
    libraries.console.run_code(
        "t = models.Track.model_validate({'points': [{'x': 3}]}); "
        "print('kept', type(t.points[0]) is models.Point, models.Track(points=[p]).points[0].norm(), "
        "models.total([1]), models.DATA)")
    wait_for_console(qtbot, libraries, lambda text: "kept True 20 100 [0]" in text)
    libraries.console.run_code("models.Sample(-1)")
    wait_for_console(qtbot, libraries, lambda text: "must be >= 0" in text)


def test_the_report_names_the_statements_that_reran(qtbot, libraries, project):
    save_in_editor(libraries, project / "models.py", MODELS.format(
        norm="self.x", validator="attrs.validators.instance_of(int)", factor=2))
    qtbot.waitUntil(lambda: "total updated" in reload_label(libraries), timeout=KERNEL_WAIT_MS)
    assert "total updated, re-ran lines 31-33 (total)" in reload_label(libraries)
    libraries.console.run_code("print('loaded once', models.DATA)")
    wait_for_console(qtbot, libraries, lambda text: "loaded once [0]" in text)
    assert "Traceback" not in console_text(libraries)


def test_a_long_report_does_not_widen_the_window(qtbot, window: MainWindow):
    # A warning's text in the status bar pushed the window past the screen's edge (seen under
    # Xvfb with pandas' accessor warning): it is cut there, and whole in the tooltip.
    before = window.minimumSizeHint().width()
    text = "models.py reloaded: " + ", ".join(f"name{i} updated" for i in range(60))
    window.status.show_reload(text)
    qtbot.wait(50)
    assert window.minimumSizeHint().width() == before
    assert window.status.reload_label.toolTip() == text

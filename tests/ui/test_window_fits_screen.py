"""A window fits the screen it opens on: new ones are sized to it, remembered geometry that no
longer fits (another monitor, another scale) is moved and shrunk onto it. The offscreen platform
has one screen of known size."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRect
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QMainWindow

from dsstudio.core.settings import ProjectState, RecentProjects
from dsstudio.ui.window.main_window import MainWindow
from dsstudio.ui.window.window_state import PREFERRED_SIZE, restore_window_state


def available() -> QRect:
    return QGuiApplication.primaryScreen().availableGeometry()


def remembered_geometry(qtbot, rect: QRect) -> str:
    """What saveGeometry wrote for a window at `rect` (as if on a screen that is gone)."""
    other = QMainWindow()
    qtbot.addWidget(other)
    other.setGeometry(rect)
    return bytes(other.saveGeometry().toBase64()).decode("ascii")


def test_a_new_window_fits_the_screen(qtbot):
    window = MainWindow(RecentProjects())
    qtbot.addWidget(window)
    screen = available()
    assert window.width() <= screen.width() and window.height() <= screen.height()
    if screen.width() >= PREFERRED_SIZE.width() / 0.9 and screen.height() >= PREFERRED_SIZE.height() / 0.9:
        assert window.size() == PREFERRED_SIZE
    else:  # the offscreen screen (800x600): most of it, not 1280x800 hanging off its edges
        assert window.width() < PREFERRED_SIZE.width() or window.height() < PREFERRED_SIZE.height()


@pytest.mark.parametrize("where", ["far away", "mostly off the right edge", "too big"])
def test_remembered_geometry_off_screen_is_brought_back(qtbot, project, where):
    screen = available()
    rect = {
        # A monitor that is gone: Qt's restoreGeometry alone moves this one.
        "far away": QRect(screen.right() + 3000, screen.bottom() + 2000, 640, 480),
        # Still touching the screen, so Qt keeps it: all but a 100-pixel strip out of sight.
        "mostly off the right edge": QRect(screen.right() - 100, screen.top() + 50,
                                           screen.width() // 2, screen.height() // 2),
        # Remembered at a smaller scale (QT_SCALE_FACTOR) or on a bigger monitor.
        "too big": QRect(screen.left(), screen.top(), screen.width() + 900, screen.height() + 700),
    }[where]
    state = ProjectState()
    state.window_geometry = remembered_geometry(qtbot, rect)
    window = MainWindow(RecentProjects())
    qtbot.addWidget(window)
    window.project_root = project
    restore_window_state(window, state)
    window.project_root = None  # only the geometry is under test: no files reopen, no state saved
    window.show()
    assert screen.contains(window.geometry()), (window.geometry(), screen)


def test_remembered_geometry_that_fits_is_kept(qtbot, project):
    screen = available()
    wanted = QRect(screen.left() + 10, screen.top() + 20, screen.width() * 3 // 4,
                   screen.height() * 3 // 4)
    state = ProjectState()
    state.window_geometry = remembered_geometry(qtbot, wanted)
    window = MainWindow(RecentProjects())
    qtbot.addWidget(window)
    window.project_root = project
    restore_window_state(window, state)
    window.project_root = None  # only the geometry is under test: no files reopen, no state saved
    assert window.geometry().size() == wanted.size()

"""A traceback in the console offers "Debug this error" (issue 23), as a notebook cell's error
offers its Debug button: a click opens that error's frames in the Debug pane; a link whose error
the kernel no longer has (a later error, a restart) says so and shows no other error's frames."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtTest import QTest

from dsstudio.ui.console.error_links import LINK_TEXT
from tests.ui.helpers import KERNEL_WAIT_MS, console_text, wait_for_console
from tests.ui.test_debugger import listed, previews
from tests.ui.test_debugger_variables import SHAPE


def links(window) -> list[tuple[str, int]]:
    """(address, position) of each link in the console's text, top to bottom."""
    document = window.console.console._control.document()
    found = []
    block = document.begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            fragment = it.fragment()
            if fragment.charFormat().isAnchor() and fragment.text() == LINK_TEXT:
                found.append((fragment.charFormat().anchorHref(), fragment.position()))
            it += 1
        block = block.next()
    return found


def click_link(window, index: int) -> None:
    """Click link `index` as a user does, on the console's text."""
    control = window.console.console._control
    cursor = QTextCursor(control.document())
    cursor.setPosition(links(window)[index][1] + 2)
    control.setTextCursor(cursor)
    control.ensureCursorVisible()
    spot = control.cursorRect(cursor).center() + QPoint(1, 0)
    QTest.mouseClick(control.viewport(), Qt.MouseButton.LeftButton, pos=spot)


def test_a_console_traceback_links_to_its_post_mortem(qtbot, window, debugger):
    pane = debugger.pane
    window.console.run_code("def boom():\n    rows = list(range(5))\n    return 1 / 0\n\nboom()")
    wait_for_console(qtbot, window, lambda text: "ZeroDivisionError" in text and LINK_TEXT in text)
    assert len(links(window)) == 1
    click_link(window, 0)
    qtbot.waitUntil(lambda: pane.post_mortem is not None, timeout=KERNEL_WAIT_MS)
    assert pane.status.text().startswith("Post-mortem of ZeroDivisionError")
    assert window.areas.tabs_of(pane).currentWidget() is pane
    assert listed(qtbot, pane.variables)["rows"].text(SHAPE) == "5"
    # A later error: the kernel has only that one now.
    window.console.run_code("int('seven')")
    wait_for_console(qtbot, window, lambda text: "ValueError" in text)
    qtbot.waitUntil(lambda: len(links(window)) == 2, timeout=KERNEL_WAIT_MS)
    click_link(window, 0)
    assert pane.status.text().startswith("That error is gone")
    window.console.console.open_anchor(links(window)[0][0])  # the context menu's "Open Link"
    assert pane.status.text().startswith("That error is gone")
    click_link(window, 1)
    qtbot.waitUntil(lambda: pane.status.text().startswith("Post-mortem of ValueError"),
                    timeout=KERNEL_WAIT_MS)
    # A restart keeps the text, links and all, but not the error.
    window.restart_now()
    qtbot.waitUntil(lambda: window.kernel.state == "idle", timeout=KERNEL_WAIT_MS)
    wait_for_console(qtbot, window, lambda text: "Kernel restarted" in text)
    assert len(links(window)) == 2
    click_link(window, 1)
    assert pane.status.text().startswith("That error is gone")
    window.console.run_code("{}['missing']")
    wait_for_console(qtbot, window, lambda text: "KeyError" in text)
    qtbot.waitUntil(lambda: len(links(window)) == 3, timeout=KERNEL_WAIT_MS)
    click_link(window, 2)
    qtbot.waitUntil(lambda: pane.status.text().startswith("Post-mortem of KeyError"),
                    timeout=KERNEL_WAIT_MS)
    assert previews(listed(qtbot, pane.variables)) == {"(no variables)": ""}
    assert "Debug this error" in console_text(window)

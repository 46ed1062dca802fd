"""Odd notebooks in a real window (issue 12): each one opens, shows every cell (a broken output as
an "unreadable output" line), takes an edit and saves it; or it is refused with its cause."""

from __future__ import annotations

import psutil
import pytest
from PySide6.QtWidgets import QLabel

from dsstudio.core.notebook.notebook_file import read_notebook
from tests.notebook.odd_notebooks import CASES
from tests.ui.helpers import KERNEL_WAIT_MS, open_project_window


@pytest.fixture(scope="module")
def odd_window(qapp, request, tmp_path_factory):
    """One window on a real kernel for all the cases (a kernel per case would take minutes)."""
    from pytestqt.qtbot import QtBot

    root = tmp_path_factory.mktemp("odd_project")
    qtbot = QtBot(request)
    window = open_project_window(qtbot, root)
    controller = window.kernel
    qtbot.waitUntil(lambda: controller.state == "idle", timeout=KERNEL_WAIT_MS)
    window.tabs.ask_unsaved = lambda names: "discard"
    yield window
    pid = controller.session.pid
    window.close_project()
    window.close()
    controller.stopping.join(30)
    if pid is not None:
        assert not psutil.pid_exists(pid) or psutil.Process(pid).status() == psutil.STATUS_ZOMBIE


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.id)
def test_an_odd_notebook_opens_shows_and_saves_an_edit_or_is_refused(qtbot, odd_window,
                                                                      monkeypatch, case):
    window = odd_window
    path = case.write(window.project_root)
    warnings = []
    monkeypatch.setattr("dsstudio.ui.notebook.notebook_pane.QMessageBox.warning",
                        lambda _parent, _title, text: warnings.append(text))
    view = window.open_file(path)
    if not case.opens:
        assert view is None and len(warnings) == 1 and case.message in warnings[0]
        assert path.read_bytes() == case.data
        return
    assert view is not None and not warnings
    try:
        for index in range(len(view.cells)):  # every cell is built, the ones after a broken one too
            view.select(index)
            assert view.cells[index].built
        unreadable = [label.text() for label in view.findChildren(QLabel, "UnreadableOutput")]
        if case.unreadable is not None:
            assert any(case.unreadable in text for text in unreadable), unreadable
            assert all(text.startswith("⚠ unreadable output: ") for text in unreadable)
        else:
            assert unreadable == []
        view.insert_cell(below=True)
        cell = view.current()
        cell.start_editing()
        cell.widget.editor.set_text("edited_here = 1")
        view.command_mode()
        assert view.modified and path.read_bytes() == case.data  # unchanged until saved
        assert view.save()
        assert not view.modified
        sources = [c.source for c in read_notebook(path).notebook.cells]
        assert "edited_here = 1" in sources
    finally:
        window.notebooks.close_view(view)

"""Lint as you type in real widgets: marks in the editor, the Problems pane, notices."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import nbformat
import pytest
from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QLabel, QStatusBar, QTabBar, QTabWidget, QToolButton

from dsstudio.ui.editor.editor_tabs import EditorTabs
from dsstudio.ui.lint.diagnostic_marks import COLOURS, INDICATORS, MARKERS
from dsstudio.ui.lint.lint_controller import LintController

WAIT_MS = 30_000


class Harness:
    def __init__(self, qtbot, root: Path, **options) -> None:
        self.qtbot = qtbot
        self.tabs = EditorTabs()
        self.side = QTabWidget()
        self.status = QStatusBar()
        for widget in (self.tabs, self.side, self.status):
            qtbot.addWidget(widget)
        self.tabs.ask_unsaved = lambda names: "discard"
        self.tabs.resize(800, 600)
        self.tabs.show()
        self.lint = LintController(self.tabs, self.side, self.status, lambda: root,
                                   delay_ms=options.pop("delay_ms", 20), **options)
        self.side.show()  # the Problems pane fills its rows while on screen
        self.linted: list[tuple[object, str]] = []
        self.lint.sig_linted.connect(lambda editor: self.linted.append((editor, editor.text())))

    def open(self, path: Path):
        with self.qtbot.waitSignal(self.lint.sig_linted, timeout=WAIT_MS):
            editor = self.tabs.open_file(path)
        return editor


def squiggles(editor, severity: str) -> list[bytes]:
    """The bytes under each run of `severity`'s indicator."""
    indicator, runs, position = INDICATORS[severity], [], 0
    text = bytes(editor.getText(editor.textLength() + 1))[:editor.textLength()]
    while position < editor.textLength():
        end = editor.indicatorEnd(indicator, position)
        if editor.indicatorValueAt(indicator, position):
            runs.append(text[position:end])
        if end <= position:
            break
        position = end
    return runs


def marked_lines(editor, severity: str) -> list[int]:
    bit = 1 << MARKERS[severity]
    return [n for n in range(editor.lineCount()) if editor.markerGet(n) & bit]


@pytest.fixture
def project(tmp_path) -> Path:
    root = tmp_path / "proj"
    root.mkdir()
    (root / "models.py").write_text(
        "import os\n\n\ndef fit(data):\n    return undefined_model(data)\n", encoding="utf-8")
    return root


def test_errors_and_warnings_are_marked_listed_and_counted(qtbot, project):
    harness = Harness(qtbot, project)
    editor = harness.open(project / "models.py")
    assert squiggles(editor, "error") == [b"undefined_model"]
    assert squiggles(editor, "warning") == [b"os"]
    assert marked_lines(editor, "error") == [4] and marked_lines(editor, "warning") == [0]
    pane = harness.lint.pane
    assert pane.list.topLevelItemCount() == 2
    pane.hide()
    editor.set_text("print(one_more)\n")  # while hidden the pane keeps data, not rows...
    qtbot.waitUntil(lambda: pane.diagnostics[0].message == "Undefined name `one_more`",
                    timeout=WAIT_MS)
    assert pane.list.topLevelItemCount() == 2
    pane.show()  # ...and builds them when shown
    assert pane.list.topLevelItemCount() == 1
    editor.set_text((project / "models.py").read_text())
    qtbot.waitUntil(lambda: len(pane.diagnostics) == 2, timeout=WAIT_MS)
    assert pane.list.topLevelItem(1).text(0) == "Undefined name `undefined_model` (F821)"
    assert harness.side.tabText(harness.side.indexOf(pane)) == "Problems (1 ⊗, 1 ⚠)"
    assert harness.lint.status_button.text() == "⊗ 1  ⚠ 1"


def test_places_after_non_ascii_text_are_exact(qtbot, project):
    (project / "text.py").write_text('label = "é😀 ü"; value = nowhere_é\n', encoding="utf-8")
    editor = Harness(qtbot, project).open(project / "text.py")
    assert squiggles(editor, "error") == ["nowhere_é".encode("utf-8")]


def test_marks_move_with_the_text_and_hover_names_the_rule(qtbot, project):
    harness = Harness(qtbot, project, delay_ms=60_000)  # no new result while this test types
    editor = harness.open(project / "models.py")
    editor.setSel(0, 0)
    editor.replaceSel("# a comment\n# another\n")
    assert marked_lines(editor, "error") == [6]
    assert squiggles(editor, "error") == [b"undefined_model"]
    marks = harness.lint.marks(editor)
    position = editor.text().encode("utf-8").index(b"undefined_model") + 3
    x, y = editor.pointXFromPosition(position), editor.pointYFromPosition(position)
    assert marks.hover_text(x, y + 2) == "Undefined name `undefined_model` (F821)"
    assert marks.hover_text(2, y + 2) == "Undefined name `undefined_model` (F821)"  # the margin


def test_a_click_in_the_problems_pane_goes_there(qtbot, project):
    harness = Harness(qtbot, project)
    editor = harness.open(project / "models.py")
    pane = harness.lint.pane
    pane.list.itemClicked.emit(pane.list.topLevelItem(1), 0)
    assert editor.cursor_position() == (4, 11)


def test_a_result_made_stale_by_typing_is_dropped(qtbot, project):
    harness = Harness(qtbot, project)
    editor = harness.open(project / "models.py")
    harness.linted.clear()
    harness.lint.lint_now(editor)  # a lint of the text as it is now...
    editor.set_text("import sys\n\nprint(other_name)\n")  # ...made stale at once
    qtbot.waitUntil(lambda: bool(harness.linted), timeout=WAIT_MS)
    assert harness.linted[0] == (editor, "import sys\n\nprint(other_name)\n")
    assert squiggles(editor, "error") == [b"other_name"]
    assert squiggles(editor, "warning") == [b"sys"]


def test_typing_an_undefined_name_is_marked_after_the_pause(qtbot, project):
    harness = Harness(qtbot, project)
    editor = harness.open(project / "models.py")
    editor.set_cursor(5, 0)
    with qtbot.waitSignal(harness.lint.sig_linted, timeout=WAIT_MS):
        for char in "\nprint(typo_name)\n":
            editor.replaceSel(char)
    qtbot.waitUntil(lambda: b"typo_name" in squiggles(editor, "error"), timeout=WAIT_MS)


def test_buffers_of_other_languages_are_left_alone(qtbot, project):
    (project / "notes.txt").write_text("import os\nundefined_name\n")
    harness = Harness(qtbot, project)
    harness.open(project / "models.py")
    editor = harness.tabs.open_file(project / "notes.txt")
    qtbot.wait(1)  # (events are processed; no lint is started for a text file)
    assert harness.lint._linted[id(editor)].job is None
    assert squiggles(editor, "error") == [] and harness.lint.pane.diagnostics == []


def test_an_untitled_buffer_is_linted(qtbot, project):
    harness = Harness(qtbot, project)
    with qtbot.waitSignal(harness.lint.sig_linted, timeout=WAIT_MS):
        editor = harness.tabs.new_file()
    with qtbot.waitSignal(harness.lint.sig_linted, timeout=WAIT_MS):
        editor.set_text("print(not_defined)\n")
    assert squiggles(editor, "error") == [b"not_defined"]


def test_a_missing_ruff_gives_one_notice_and_no_jobs(qtbot, project):
    harness = Harness(qtbot, project, binary=None)
    editor = harness.tabs.open_file(project / "models.py")
    for n in range(5):
        editor.set_text(f"x = {n}\n")
        harness.lint.lint_now(editor)
    assert len(harness.lint.notices) == 1 and "ruff was not found" in harness.lint.notices[0]
    assert harness.lint.pane.notice() == harness.lint.notices[0]
    assert harness.lint._linted[id(editor)].job is None


@pytest.mark.skipif(os.name == "nt", reason="a shell script stands in for ruff")
def test_a_failing_ruff_gives_one_notice_until_it_works_again(qtbot, project, tmp_path):
    from dsstudio.core.lint.ruff_runner import find_ruff_binary

    fake = tmp_path / "ruff"
    fake.write_text("#!/bin/sh\ncat > /dev/null\necho 'error: config broken' >&2\nexit 2\n")
    fake.chmod(fake.stat().st_mode | stat.S_IXUSR)
    harness = Harness(qtbot, project, binary=fake)
    editor = harness.tabs.open_file(project / "models.py")
    qtbot.waitUntil(lambda: bool(harness.lint.notices), timeout=WAIT_MS)
    for n in range(3):
        job_done = harness.lint._linted[id(editor)]
        harness.lint.lint_now(editor)
        qtbot.waitUntil(lambda: job_done.job is None, timeout=WAIT_MS)
    assert harness.lint.notices == ["ruff failed: error: config broken"]
    harness.lint.binary = find_ruff_binary()
    with qtbot.waitSignal(harness.lint.sig_linted, timeout=WAIT_MS):
        harness.lint.lint_now(editor)
    assert harness.lint.pane.notice() == "" and squiggles(editor, "error") == [b"undefined_model"]


class StandInKernel(QObject):
    """What a notebook view listens to (its cell runner and widget models); no cell is run here,
    and no kernel client is ever made."""

    sig_state_changed = Signal(str)
    sig_iopub_ready = Signal()
    sig_client_created = Signal(object)
    client = None


def test_a_notebook_cell_knows_the_names_of_earlier_cells(qtbot, project):
    from dsstudio.ui.notebook.notebook_view import NotebookView

    v4 = nbformat.v4
    path = project / "analysis.ipynb"
    notebook = v4.new_notebook(cells=[
        v4.new_code_cell("import pandas as pd\n%matplotlib inline\nframe = pd.DataFrame()"),
        v4.new_markdown_cell("# Results"),
        v4.new_code_cell("!ls\nsummary = frame.describe()\ndisplay(summary, missing_df)")])
    nbformat.write(notebook, str(path))
    harness = Harness(qtbot, project)
    view = NotebookView(path, nbformat.read(str(path), as_version=4), StandInKernel())
    qtbot.addWidget(view)
    view.show()
    view.activateWindow()
    qtbot.waitUntil(view.isActiveWindow, timeout=WAIT_MS)  # (focus goes only to the active window)
    view.build_visible_cells()
    view.select(2)
    with qtbot.waitSignal(harness.lint.sig_linted, timeout=WAIT_MS):
        view.cells[2].start_editing()
    editor = view.cells[2].widget.editor
    assert squiggles(editor, "error") == [b"missing_df"]
    assert squiggles(editor, "warning") == []
    pane = harness.lint.pane
    assert [pane.list.topLevelItem(n).text(1) for n in range(pane.list.topLevelItemCount())] == [
        "Cell 3, Ln 3, Col 18"]


def test_marks_and_folding_are_not_edits(qtbot):
    from dsstudio.ui.editor.code_editor import CodeEditor

    editor = CodeEditor()
    qtbot.addWidget(editor)
    editor.show()
    qtbot.waitExposed(editor)
    editor.set_text("def f():\n    if True:\n        return 1\n")
    editor.colourise(0, -1)  # lexing sets fold levels, as painting does
    before = editor.change_count
    editor.markerAdd(1, MARKERS["error"])
    editor.markerDeleteAll(MARKERS["error"])
    assert editor.change_count == before
    editor.replaceSel("x")
    assert editor.change_count > before


def test_the_window_lints_after_its_first_paint(qtbot, tmp_path, monkeypatch):
    monkeypatch.setenv("DSSTUDIO_CONFIG_DIR", str(tmp_path / "config"))
    from dsstudio.core.settings import RecentProjects
    from dsstudio.ui.window.main_window import MainWindow

    window = MainWindow(RecentProjects())
    qtbot.addWidget(window)
    assert window.lint is None  # nothing of linting before the window is on screen
    window.show()
    qtbot.waitUntil(lambda: window.lint is not None, timeout=WAIT_MS)
    index = window.side_tabs.indexOf(window.lint.pane)
    assert index >= 0
    window.side_tabs.setTabsClosable(True)  # as notebook tabs make them
    window.side_tabs.addTab(QLabel("a notebook"), "a notebook")
    window.side_tabs.setCurrentIndex(window.side_tabs.count() - 1)
    bar = window.side_tabs.tabBar()
    assert bar.tabButton(index, QTabBar.ButtonPosition.RightSide) is None  # the pane stays
    assert bar.tabButton(index + 1, QTabBar.ButtonPosition.RightSide) is not None
    with qtbot.waitSignal(window.lint.sig_linted, timeout=WAIT_MS):
        editor = window.new_file() or window.tabs.current_editor()
    with qtbot.waitSignal(window.lint.sig_linted, timeout=WAIT_MS):
        editor.set_text("print(nowhere)\n")
    assert window.status.findChild(QToolButton, "LintCountsButton").text() == "⊗ 1  ⚠ 0"


def rows_filled_with(widget, colour: str) -> int:
    """Pixel rows of `widget` more than half covered by `colour`."""
    image = widget.grab().toImage()
    wanted = QColor(colour).rgb()
    return sum(1 for y in range(image.height())
               if sum(image.pixel(x, y) == wanted for x in range(image.width())) > image.width() // 2)


def test_a_syntax_error_in_a_cell_is_a_squiggle_not_a_filled_block(qtbot, project):
    # Issue 19: a cell's editor has no marker margin, and Scintilla painted the findings'
    # markers as their lines' background: a solid red block over the code.
    from dsstudio.ui.notebook.notebook_view import NotebookView

    path = project / "broken.ipynb"
    nbformat.write(nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_code_cell("values = [1, 2,\n          3, 4\nprint(values)\nx = 1")]), str(path))
    harness = Harness(qtbot, project)
    view = NotebookView(path, nbformat.read(str(path), as_version=4), StandInKernel())
    qtbot.addWidget(view)
    view.resize(700, 400)
    view.show()
    view.activateWindow()
    qtbot.waitUntil(view.isActiveWindow, timeout=WAIT_MS)
    view.build_visible_cells()
    view.select(0)
    with qtbot.waitSignal(harness.lint.sig_linted, timeout=WAIT_MS):
        view.cells[0].start_editing()
    editor = view.cells[0].widget.editor
    editor.gotoPos(editor.textLength())  # the caret's line has a background of its own
    assert squiggles(editor, "error")
    assert len(set(marked_lines(editor, "error"))) >= 2
    assert rows_filled_with(editor, COLOURS["error"]) == 0

"""Completion, signatures, help and go to definition in a real window, with real jedi and a
real kernel (the `window` fixture)."""

from __future__ import annotations

from pathlib import Path

import jedi
import psutil
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QToolTip

from dsstudio.ui.intelligence.analysis_service import AnalysisService
from tests.environments import add_module, make_linked_venv
from tests.ui.helpers import KERNEL_WAIT_MS, menu_action, menu_texts, wait_for_console

WAIT_MS = 20_000


def intelligence(qtbot, window):
    qtbot.waitUntil(lambda: window.intelligence is not None, timeout=WAIT_MS)
    return window.intelligence


def editor_with(qtbot, window, path: Path, text: str):
    path.write_text(text)
    editor = window.open_file(path)
    assist = intelligence(qtbot, window).attach(editor)
    editor.gotoPos(editor.textLength())
    return editor, assist


def type_into(qtbot, editor, text: str) -> None:
    for line_number, line in enumerate(text.split("\n")):
        if line_number:
            qtbot.keyClick(editor, Qt.Key.Key_Return)
        qtbot.keyClicks(editor, line)


def test_completes_a_project_modules_names_after_a_dot(qtbot, window, project):
    editor, assist = editor_with(qtbot, window, project / "use.py", "import helpers\n")
    type_into(qtbot, editor, "helpers.")
    qtbot.waitUntil(lambda: "double" in assist.completion.shown_names(), timeout=WAIT_MS)
    qtbot.keyClick(editor, Qt.Key.Key_Tab)  # Tab accepts
    assert editor.line_text(1) == "helpers.double"


def test_completes_a_stdlib_module_after_two_characters_and_enter_accepts(qtbot, window, project):
    editor, assist = editor_with(qtbot, window, project / "use.py", "import os\n")
    type_into(qtbot, editor, "os.ge")  # the list opens at `.`, and filters as the user types
    qtbot.waitUntil(lambda: "getcwd" in assist.completion.shown_names(), timeout=WAIT_MS)
    type_into(qtbot, editor, "tcw")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    assert editor.line_text(1) == "os.getcwd"


def test_kinds_arrive_after_the_names(qtbot, window, project):
    editor, assist = editor_with(qtbot, window, project / "use.py", "import helpers\n")
    type_into(qtbot, editor, "helpers.")
    completion = assist.completion
    qtbot.waitUntil(lambda: completion._request is not None
                    and completion._request.kinds.get("double") == "function", timeout=WAIT_MS)
    assert editor.autoCActive()


def test_a_runtime_only_attribute_comes_from_the_idle_kernel(qtbot, window, project):
    window.console.run_code("class A: pass\na = A(); a.runtime_only = 1\nprint('made', 'a')")
    # The console's next prompt takes the keyboard focus: wait for it before typing elsewhere
    # (Scintilla closes its list when the editor loses focus).
    wait_for_console(qtbot, window, lambda text: "In [" in text.split("made a")[-1])
    qtbot.waitUntil(lambda: window.kernel.state == "idle", timeout=KERNEL_WAIT_MS)
    # Characters before the caret that take 2 UTF-16 units and 4 UTF-8 bytes: the protocol's
    # cursor_pos counts code points (jupyter_client#259), Scintilla counts bytes.
    editor, assist = editor_with(qtbot, window, project / "use.py", 's = "𝐚é"; ')
    type_into(qtbot, editor, "a.")
    qtbot.waitUntil(lambda: "runtime_only" in assist.completion.shown_names(), timeout=WAIT_MS)


def test_a_kernel_reply_after_the_wait_is_added_to_the_list(qtbot, window, project):
    window.console.run_code("class B: pass\nb = B(); b.late_attribute = 1\nprint('made', 'b')")
    wait_for_console(qtbot, window, lambda text: "In [" in text.split("made b")[-1])
    qtbot.waitUntil(lambda: window.kernel.state == "idle", timeout=KERNEL_WAIT_MS)
    editor, assist = editor_with(qtbot, window, project / "use.py", "import helpers\n")
    assist.completion._kernel_timer.setInterval(0)  # jedi's names are shown before the kernel's
    type_into(qtbot, editor, "b.")
    qtbot.waitUntil(lambda: "late_attribute" in assist.completion.shown_names(), timeout=WAIT_MS)


def test_a_busy_kernel_is_not_waited_for(qtbot, window, project):
    window.console.run_code("import time; print('sleeping'); time.sleep(30)")
    wait_for_console(qtbot, window, lambda text: "sleeping" in text)
    editor, assist = editor_with(qtbot, window, project / "use.py", "import helpers\n")
    type_into(qtbot, editor, "helpers.")
    qtbot.waitUntil(lambda: "double" in assist.completion.shown_names(), timeout=WAIT_MS)
    assert window.kernel.state == "busy"  # shown while the cell still runs
    window.kernel.interrupt()


def test_no_completion_inside_a_comment_or_a_string(qtbot, window, project):
    editor, assist = editor_with(qtbot, window, project / "use.py", "import os\n")
    type_into(qtbot, editor, "# os.\n'os.pa")
    qtbot.wait(300)  # nothing to wait for: nothing must happen
    assert not assist.completion.is_waiting() and not editor.autoCActive()


def test_call_tip_with_the_current_parameter(qtbot, window, project):
    (project / "shapes.py").write_text("def area(width, height):\n    return width * height\n")
    editor, assist = editor_with(qtbot, window, project / "use.py", "from shapes import area\n")
    type_into(qtbot, editor, "area(")
    tips = assist.calltips
    qtbot.waitUntil(lambda: editor.callTipActive() and "width" in tips.shown_text, timeout=WAIT_MS)
    start, end = tips.shown_highlight
    assert tips.shown_text[start:end].startswith("width")
    type_into(qtbot, editor, "2, ")
    qtbot.waitUntil(lambda: tips.shown_text[slice(*tips.shown_highlight)].startswith("height"),
                    timeout=WAIT_MS)
    type_into(qtbot, editor, "3)")
    assert not editor.callTipActive()


AREA = "def area(width, height):\n    return width * height\n"


def test_a_signature_that_comes_after_the_call_was_closed_is_not_shown(qtbot, window, project):
    # Issue 19: the answer to `(` came after `)` and opened a calltip that stayed.
    (project / "shapes.py").write_text(AREA)
    editor, _assist = editor_with(qtbot, window, project / "use.py", "from shapes import area\n")
    service = window.intelligence.service
    type_into(qtbot, editor, "area(2)")  # typed before any answer can come (no event loop)
    qtbot.waitUntil(lambda: not service._waiting, timeout=WAIT_MS)
    assert not editor.callTipActive()


def test_a_save_closes_the_calltip(qtbot, window, project):
    (project / "shapes.py").write_text(AREA)
    editor, assist = editor_with(qtbot, window, project / "use.py", "from shapes import area\n")
    type_into(qtbot, editor, "area(")
    qtbot.waitUntil(lambda: editor.callTipActive(), timeout=WAIT_MS)
    window.actions["save"].trigger()
    assert not editor.callTipActive() and assist.calltips.shown_text == ""
    assert (project / "use.py").read_text().endswith("area(")


def test_answers_for_a_closed_editor_are_let_go(qtbot, window, project):
    # Issue 19: `RuntimeError: ... (CodeEditor) already deleted` from calltips.py.
    (project / "shapes.py").write_text(AREA)
    editor, _assist = editor_with(qtbot, window, project / "use.py", "from shapes import area\n")
    service = window.intelligence.service
    type_into(qtbot, editor, "area(")
    editor.set_save_point()  # closed without a question
    window.tabs.close_tab(window.tabs.indexOf(editor))
    qtbot.waitUntil(lambda: not service._waiting, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: service.delivered >= 1, timeout=WAIT_MS)


def test_help_at_the_caret(qtbot, window, project):
    editor, assist = editor_with(qtbot, window, project / "use.py", "import json\njson.dumps")
    editor.set_cursor(1, 7)
    assist.hover.help_at_caret()
    qtbot.waitUntil(lambda: "Serialize" in assist.hover.shown_text, timeout=WAIT_MS)


def point_of(editor, line: int, column: int) -> QPoint:
    """The viewport point in the middle of the character at (line, column)."""
    pos = editor.positionFromLine(line) + column
    return QPoint(editor.pointXFromPosition(pos) + 2,
                  editor.pointYFromPosition(pos) + editor.textHeight(line) // 2)


def rest_mouse(qtbot, editor, point: QPoint) -> None:
    """A real pause of the mouse at `point`, only shorter than the user's."""
    editor.setMouseDwellTime(50)
    # Moved again if Scintilla ended the pause: it does when its viewport is resized, and the
    # first paints of a new tab fit its scroll bars to the text.
    # (Qt drops a move to where the mouse already is: a pixel aside on every other attempt.)
    for attempt in range(10):
        with qtbot.waitSignal(editor.dwellStart, timeout=1000, raising=False) as paused:
            QTest.mouseMove(editor.viewport(), point + QPoint(attempt % 2, 0))
        if paused.signal_triggered:
            return
    raise AssertionError("the mouse never rested on the editor")


def test_hover_shows_the_docs_of_the_name_under_the_resting_mouse(qtbot, window, project):
    # Issue 19: every pause raised a TypeError (Scintilla's dwellStart gives the point only).
    editor, assist = editor_with(qtbot, window, project / "use.py",
                                 "from json import dumps\ndumps\n")
    rest_mouse(qtbot, editor, point_of(editor, 1, 1))
    qtbot.waitUntil(lambda: QToolTip.isVisible() and "Serialize" in QToolTip.text(),
                    timeout=WAIT_MS)
    assert "Serialize" in assist.hover.shown_text


def test_hover_over_a_lint_finding_keeps_the_finding_above_the_docs(qtbot, window, project):
    editor, assist = editor_with(qtbot, window, project / "use.py", "import json\n")
    window.resize(1400, 900)  # (the default leaves the editor too narrow to reach `json`)
    qtbot.waitUntil(lambda: window.lint is not None and window.lint.marks(editor) is not None
                    and bool(window.lint.marks(editor).shown), timeout=WAIT_MS)  # F401: unused
    rest_mouse(qtbot, editor, point_of(editor, 0, 8))
    qtbot.waitUntil(lambda: "JSON" in assist.hover.shown_text, timeout=WAIT_MS)
    assert "F401" in QToolTip.text() and "JSON" in QToolTip.text()


def test_hover_over_blank_space_asks_nothing(qtbot, window, project):
    editor, _assist = editor_with(qtbot, window, project / "use.py", "import json\n\n\njson\n")
    service = window.intelligence.service
    asked = []
    editor.dwellStart.connect(lambda x, y: asked.append(service._generation["hover"]))
    rest_mouse(qtbot, editor, point_of(editor, 1, 0) + QPoint(8, 0))
    qtbot.waitUntil(lambda: len(asked) == 1, timeout=WAIT_MS)
    assert service._generation["hover"] == asked[0] == 0


def test_show_docs_says_when_a_name_has_none(qtbot, window, project):
    editor, assist = editor_with(qtbot, window, project / "use.py", "limit = 10\nlimit\n")
    editor.set_cursor(1, 2)
    assist.hover.help_at_caret()
    qtbot.waitUntil(lambda: window.status.currentMessage() == "No documentation found for limit",
                    timeout=WAIT_MS)


def test_go_to_definition_in_the_project_and_back(qtbot, window, project):
    editor, _assist = editor_with(qtbot, window, project / "use.py",
                                  "from helpers import double\n\nprint(double(2))\n")
    editor.set_cursor(2, 8)
    window.actions["goto_definition"].trigger()
    tabs = window.tabs
    qtbot.waitUntil(lambda: tabs.current_editor() is not editor, timeout=WAIT_MS)
    target = tabs.current_editor()
    assert tabs.document(target).path == (project / "helpers.py").resolve()
    assert target.cursor_position() == (0, 4)
    assert not target.readOnly() and window.tabs.notice_bar.isHidden()
    window.actions["navigate_back"].trigger()
    assert tabs.current_editor() is editor and editor.cursor_position() == (2, 8)


def test_go_to_definition_in_site_packages_opens_read_only(qtbot, window, project):
    editor, _assist = editor_with(qtbot, window, project / "use.py", "import jedi\njedi.Script\n")
    editor.set_cursor(1, 7)
    window.actions["goto_definition"].trigger()
    tabs = window.tabs
    qtbot.waitUntil(lambda: tabs.current_editor() is not editor, timeout=WAIT_MS)
    target = tabs.current_editor()
    assert tabs.document(target).path.parent == Path(jedi.__file__).resolve().parent / "api"
    assert target.readOnly()
    assert "read-only" in tabs.notice_bar.notice.text and tabs.notice_bar.notice.kind == "info"
    assert target.line_text(target.current_line()).startswith("class Script")


def test_go_to_definition_says_when_it_finds_nothing(qtbot, window, project):
    # Issue 19: F12 was silent when jedi found nothing (a package missing from the environment).
    editor, _assist = editor_with(qtbot, window, project / "use.py",
                                  "from no_such_package import Ridge\n\nmodel = Ridge()\n")
    editor.set_cursor(2, 10)
    window.actions["goto_definition"].trigger()
    qtbot.waitUntil(lambda: window.status.currentMessage() == "No definition found for Ridge",
                    timeout=WAIT_MS)
    assert window.tabs.current_editor() is editor and editor.cursor_position() == (2, 10)


def test_go_to_definition_on_the_definition_itself_says_so(qtbot, window, project):
    editor, _assist = editor_with(qtbot, window, project / "use.py", "def train():\n    pass\n")
    editor.set_cursor(0, 6)
    window.actions["goto_definition"].trigger()
    qtbot.waitUntil(lambda: window.status.currentMessage() == "train is defined here",
                    timeout=WAIT_MS)


def test_the_right_click_menu_runs_lines_and_goes_to_definitions(qtbot, window, project):
    # Issue 19: the menu had only Undo/Cut/Copy/Paste.
    editor, _assist = editor_with(qtbot, window, project / "use.py",
                                  "from helpers import double\nprint(double(21) + 1000)\n")
    menu = editor.context_menu(point_of(editor, 1, 8))  # a right-click on `double`
    assert [text for text in menu_texts(menu) if text][:4] == [
        "Run Line", "Go to Definition", "Find References", "Show Docs"]
    menu_action(menu, "Go to Definition").trigger()
    tabs = window.tabs
    qtbot.waitUntil(lambda: tabs.current_editor() is not editor, timeout=WAIT_MS)
    assert tabs.document(tabs.current_editor()).path == (project / "helpers.py").resolve()
    window.actions["navigate_back"].trigger()
    editor.set_cursor(0, 0)
    menu_action(editor.context_menu(), "Run Line").trigger()  # (the caret goes to the next line)
    menu_action(editor.context_menu(), "Run Line").trigger()
    wait_for_console(qtbot, window, lambda text: "1042" in text)
    editor.setSel(editor.positionFromLine(1), editor.positionFromLine(2))
    assert "Run Selection" in menu_texts(editor.context_menu())


def test_show_docs_from_the_right_click_menu(qtbot, window, project):
    editor, assist = editor_with(qtbot, window, project / "use.py", "from json import dumps\n")
    menu_action(editor.context_menu(point_of(editor, 0, 18)), "Show Docs").trigger()
    qtbot.waitUntil(lambda: "Serialize" in assist.hover.shown_text, timeout=WAIT_MS)


def test_find_references_lists_the_uses(qtbot, window, project):
    editor, _assist = editor_with(qtbot, window, project / "use.py",
                                  "from helpers import double\ndouble(1)\ndouble(2)\n")
    editor.set_cursor(1, 2)
    window.actions["find_references"].trigger()
    navigator = window.intelligence.navigator
    qtbot.waitUntil(lambda: navigator.references_dialog is not None
                    and navigator.references_dialog.isVisible(), timeout=WAIT_MS)
    rows = [navigator.references_dialog.list.item(n).text()
            for n in range(navigator.references_dialog.list.count())]
    assert any(row.startswith("helpers.py:1") for row in rows)
    assert len([row for row in rows if row.startswith("use.py")]) == 3
    navigator.references_dialog.close()


def help_of(name: str) -> tuple:
    """The arguments of a "help_text" request for `name`, as the hover help sends them."""
    source = f"import json\njson.{name}"
    return source, None, 1, len("json.") + 1


def test_a_superseded_request_is_never_delivered(qtbot, window):
    service = intelligence(qtbot, window).service
    delivered = []
    service.request("help_text", help_of("dumps"), delivered.append)
    service.request("help_text", help_of("loads"), delivered.append)
    qtbot.waitUntil(lambda: len(delivered) == 1, timeout=WAIT_MS)
    qtbot.wait(300)  # the old result, had it been delivered, would have come by now
    assert len(delivered) == 1 and "Deserialize" in delivered[0]


def test_the_engine_process_restarts_after_dying_and_ends_with_the_window(qtbot, window):
    service = intelligence(qtbot, window).service
    notices = []
    service.sig_engine_stopped.connect(notices.append)
    answers = []
    service.request("help_text", help_of("dumps"), answers.append)
    qtbot.waitUntil(lambda: len(answers) == 1, timeout=WAIT_MS)
    first = psutil.Process(service.process_id())
    assert "dsstudio" in " ".join(first.cmdline())
    first.kill()
    qtbot.waitUntil(lambda: service.process_id() is None, timeout=WAIT_MS)
    assert len(notices) == 1  # the user is told once; nothing restarts until it is needed
    service.request("help_text", help_of("loads"), answers.append)
    qtbot.waitUntil(lambda: len(answers) == 2, timeout=WAIT_MS)
    assert "Deserialize" in answers[1]
    second = psutil.Process(service.process_id())
    assert second.pid != first.pid and service.starts == 2
    window.close_project()
    assert not second.is_running() or second.status() == psutil.STATUS_ZOMBIE


def test_a_notebook_cell_knows_the_names_of_the_cells_above(qtbot, window, project):
    import nbformat

    notebook = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_code_cell("import helpers\nlimit = 10"),
        nbformat.v4.new_markdown_cell("some text"),
        nbformat.v4.new_code_cell(""),
    ])
    path = project / "nb.ipynb"
    nbformat.write(notebook, str(path))
    intelligence(qtbot, window)
    view = window.open_file(path)
    cell = view.cells[2]
    qtbot.waitUntil(lambda: cell.widget is not None, timeout=WAIT_MS)
    cell.widget.start_editing()
    editor = cell.widget.editor
    assist = window.intelligence.assist_of(editor)
    assert assist is not None
    type_into(qtbot, editor, "helpers.")
    qtbot.waitUntil(lambda: "double" in assist.completion.shown_names(), timeout=WAIT_MS)
    editor.autoCCancel()
    type_into(qtbot, editor, "\nli")
    qtbot.waitUntil(lambda: "limit" in assist.completion.shown_names(), timeout=WAIT_MS)


def test_the_engine_reads_a_venv_made_from_dsstudios_own_python(qtbot, tmp_path):
    # Issue 19: the usual `.venv`, whose python links to the same file as dsstudio's own.
    project = tmp_path / "proj"
    python = make_linked_venv(project / ".venv")
    add_module(python, "ridge_tools", 'def fit_ridge(data):\n    """Fit a ridge."""\n')
    service = AnalysisService(project, python)
    assert service.python == python
    answers = []
    service.request("help_text", ("import ridge_tools\nridge_tools.fit_ridge", None, 1, 14),
                    answers.append)
    qtbot.waitUntil(lambda: len(answers) == 1, timeout=WAIT_MS)
    service.stop()
    assert "Fit a ridge." in answers[0]

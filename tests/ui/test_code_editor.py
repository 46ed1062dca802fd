"""The Scintilla editor as a user drives it: keys, commands, cells, marks."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt

from dsstudio.ui.editor.code_editor import CodeEditor
from tests.ui.helpers import menu_action, menu_texts


@pytest.fixture
def editor(qtbot) -> CodeEditor:
    widget = CodeEditor()
    qtbot.addWidget(widget)
    widget.resize(600, 400)
    widget.show()
    widget.take_focus()
    return widget


def test_typing_is_text_and_marks_modified(qtbot, editor):
    editor.set_text("")
    assert not editor.is_modified()
    # (QTest aborts on keys outside Latin-1's ASCII part, so type ASCII and insert the rest.)
    qtbot.keyClicks(editor, "x = ''")
    editor.set_cursor(0, 5)
    editor.insertText(editor.currentPos(), "é→")
    assert editor.text() == "x = 'é→'"
    assert editor.is_modified()
    editor.set_save_point()
    assert not editor.is_modified()


def test_tab_inserts_four_spaces(qtbot, editor):
    qtbot.keyClick(editor, Qt.Key.Key_Tab)
    assert editor.text() == "    "


def test_enter_after_colon_indents_and_after_return_dedents(qtbot, editor):
    qtbot.keyClicks(editor, "def f(x):  # doc")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.keyClicks(editor, "return x")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.keyClicks(editor, "y = 1")
    assert editor.text() == "def f(x):  # doc\n    return x\ny = 1"


def test_enter_keeps_the_indentation_of_a_plain_line(qtbot, editor):
    editor.set_text("if a:\n    b = 1")
    editor.set_cursor(1, 9)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.keyClicks(editor, "c = 2")
    assert editor.text() == "if a:\n    b = 1\n    c = 2"


def test_toggle_comment_round_trips_a_selection(editor):
    original = "def f():\n    a = 1\n\n    return a\n"
    editor.set_text(original)
    editor.setSel(editor.positionFromLine(1), editor.positionFromLine(4))
    editor.toggle_comment()
    assert editor.text() == "def f():\n    # a = 1\n\n    # return a\n"
    editor.toggle_comment()
    assert editor.text() == original
    editor.undo()
    assert editor.text() == "def f():\n    # a = 1\n\n    # return a\n"  # one undo step each


def test_brace_matching_finds_the_partner(editor):
    editor.set_text("print((1, 2))")
    editor.gotoPos(5)  # just before the first "("
    editor._on_update_ui(0)
    assert editor.brace_match == (5, 12)
    editor.set_text("print((1, 2)")
    editor.gotoPos(6)  # just after the unmatched first "("
    editor._on_update_ui(0)
    assert editor.brace_match == (5, None)


def test_folding_hides_a_function_body(editor):
    editor.set_text("def f():\n    a = 1\n    return a\n\nb = 2\n")
    editor.colourise(0, -1)  # the lexer sets fold levels as it styles
    assert editor.lineVisible(1)
    editor.toggle_fold_at(0)
    assert not editor.lineVisible(1) and not editor.lineVisible(2)
    assert editor.lineVisible(4)


def test_goto_line_clamps_and_moves_the_caret(editor):
    editor.set_text("a\nb\nc\n")
    editor.goto_line(2)
    assert editor.current_line() == 2
    editor.goto_line(99)
    assert editor.current_line() == editor.lineCount() - 1


def test_zoom_and_word_wrap(editor):
    editor.zoom_in()
    editor.zoom_in()
    assert editor.zoom() == 2
    editor.zoom_out()
    assert editor.zoom() == 1
    editor.zoom_reset()
    assert editor.zoom() == 0
    editor.set_word_wrap(True)
    assert editor.wrapMode() != 0
    editor.set_word_wrap(False)
    assert editor.wrapMode() == 0


def test_line_numbers_margin_grows_with_the_file(editor):
    editor.set_text("x\n")
    narrow = editor.marginWidthN(0)
    editor.set_text("x\n" * 20000)
    assert narrow > 0 and editor.marginWidthN(0) > narrow


def test_selection_or_line_runs_line_and_moves_on(editor):
    editor.set_text("a = 1\n    b = 2\n")
    editor.set_cursor(0)
    assert editor.selection_or_current_line() == "a = 1"
    assert editor.current_line() == 1
    editor.setSel(editor.positionFromLine(1), editor.lineEndPosition(1))
    assert editor.selection_or_current_line() == "b = 2"  # dedented


def test_cells_and_next_cell(editor):
    editor.set_text("x = 0\n# %% one\na = 1\n# %% two\nb = 2\n")
    editor.set_cursor(2)
    code, start, end = editor.current_cell_text()
    assert (code, start, end) == ("# %% one\na = 1", 1, 3)
    editor.goto_next_cell()
    assert editor.current_line() == 4


def test_error_marks_come_and_go(editor):
    editor.set_text("a\nb\nc\n")
    editor.mark_error_line(1, "NameError: b")
    assert editor.error_lines() == [1]
    editor.clear_error_marks()
    assert editor.error_lines() == []


def test_the_right_click_menu_has_the_editing_commands(qtbot, editor):
    editor.set_text("alpha beta\n")
    menu = editor.context_menu()
    assert [t for t in menu_texts(menu) if t] == [
        "Undo", "Redo", "Cut", "Copy", "Paste", "Delete", "Select All"]
    assert not menu_action(menu, "Cut").isEnabled() and not menu_action(menu, "Undo").isEnabled()
    editor.setSel(0, 5)
    menu = editor.context_menu()
    menu_action(menu, "Cut").trigger()
    assert editor.text() == " beta\n"
    assert menu_action(editor.context_menu(), "Undo").isEnabled()


def test_parts_come_first_and_a_right_click_moves_the_caret_unless_on_the_selection(qtbot, editor):
    editor.set_text("alpha beta gamma\n")
    clicked_at = []
    editor.context_menu_parts.append(
        lambda menu: clicked_at.append(editor.currentPos()) or menu.addAction("Run Line"))
    beta = editor.positionFromLine(0) + 7
    point = QPoint(editor.pointXFromPosition(beta) + 2, editor.pointYFromPosition(beta) + 2)
    assert menu_texts(editor.context_menu(point))[:2] == ["Run Line", ""]
    assert clicked_at == [beta] and editor.selectionEmpty()
    editor.setSel(6, 10)  # "beta" selected: a click on it keeps it
    editor.context_menu(point)
    assert editor.selected_text() == "beta"

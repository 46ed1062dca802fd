"""Find and replace over a real editor: case, whole word, regex, counts, one undo step."""

from __future__ import annotations

import pytest

from dsstudio.ui.editor.code_editor import CodeEditor
from dsstudio.ui.editor.find_bar import FindBar

TEXT = "value = 1\nValue = 2\nvalues = [value, value]\n"


@pytest.fixture
def bar(qtbot):
    editor = CodeEditor()
    find = FindBar()
    for widget in (editor, find):
        qtbot.addWidget(widget)
    editor.set_text(TEXT)
    editor.set_cursor(0)
    find.show_find(editor)
    return find


def selected(bar) -> tuple[str, int]:
    editor = bar.editor
    return editor.selected_text(), editor.lineFromPosition(editor.selectionStart())


def test_find_next_wraps_and_counts(bar):
    bar.find_field.setText("value")
    assert bar.message.text() == "5 matches"  # case-insensitive by default
    seen = []
    for _ in range(6):
        assert bar.find_next()
        seen.append(selected(bar))
    assert seen[0] == ("value", 0) and seen[1] == ("Value", 1)
    assert seen[5] == seen[0]  # wrapped around


def test_find_previous_goes_back(bar):
    bar.find_field.setText("value")
    bar.find_next()
    bar.find_next()
    assert bar.find_previous()
    assert selected(bar) == ("value", 0)


def test_match_case_and_whole_word(bar):
    bar.find_field.setText("value")
    bar.case_button.setChecked(True)
    assert bar.message.text() == "4 matches"
    bar.word_button.setChecked(True)
    assert bar.message.text() == "3 matches"


def test_regex_and_invalid_regex(bar):
    bar.regex_button.setChecked(True)
    bar.find_field.setText(r"= \d")
    assert bar.message.text() == "2 matches"
    bar.find_field.setText("(")
    assert "Invalid regular expression" in bar.message.text()
    assert not bar.find_next()


def test_no_match_is_said(bar):
    bar.find_field.setText("missing")
    assert not bar.find_next()
    assert bar.message.text() == "No match"


def test_replace_one_then_all_in_one_undo(bar):
    bar.show_replace(bar.editor)
    bar.case_button.setChecked(True)
    bar.word_button.setChecked(True)
    bar.find_field.setText("value")
    bar.replace_field.setText("v")
    bar.find_next()
    bar.replace_one()
    assert bar.editor.text().startswith("v = 1\n")
    assert bar.replace_all() == 2
    assert bar.editor.text() == "v = 1\nValue = 2\nvalues = [v, v]\n"
    bar.editor.undo()
    assert bar.editor.text() == "v = 1\nValue = 2\nvalues = [value, value]\n"


def test_regex_replace_uses_groups(bar):
    bar.regex_button.setChecked(True)
    bar.find_field.setText(r"(\w+) = (\d)")
    bar.replace_field.setText(r"\2 -> \1")
    assert bar.replace_all() == 2
    assert bar.editor.text().startswith("1 -> value\n2 -> Value\n")


def test_selected_word_fills_the_field(bar):
    editor = bar.editor
    editor.setSel(0, 5)
    bar.show_find(editor)
    assert bar.find_field.text() == "value"

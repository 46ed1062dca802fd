"""Find and replace under the editor: case, whole word and regular expression, wrapping around.

Searching is Scintilla's own (target search on UTF-8 bytes, C++11 ECMAScript regexes); patterns are
checked with Python's `re` first so a broken regex gets a message instead of silently matching
nothing.
"""

from __future__ import annotations

import re

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPushButton, QToolButton, QVBoxLayout, QWidget

from dsstudio.ui.widget_shortcut import widget_shortcut

SCFIND_WHOLEWORD, SCFIND_MATCHCASE = 2, 4
SCFIND_REGEXP, SCFIND_CXX11REGEX = 0x200000, 0x800000


class FindBar(QWidget):
    """Acts on one CodeEditor at a time (the current tab's)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("FindBar")
        self.editor = None
        self.find_field = QLineEdit(placeholderText="Find")
        self.replace_field = QLineEdit(placeholderText="Replace with")
        self.case_button = self._toggle("Aa", "Match case")
        self.word_button = self._toggle("W", "Whole word")
        self.regex_button = self._toggle(".*", "Regular expression")
        self.message = QLabel()
        self.message.setObjectName("FindMessage")
        previous_button = QPushButton("Previous")
        next_button = QPushButton("Next")
        replace_button = QPushButton("Replace")
        replace_all_button = QPushButton("Replace all")
        close_button = QToolButton(text="✕", toolTip="Close (Esc)")

        find_row = QHBoxLayout()
        for widget in (self.find_field, self.case_button, self.word_button, self.regex_button,
                       previous_button, next_button, self.message, close_button):
            find_row.addWidget(widget)
        find_row.setStretch(0, 1)
        self.replace_row = QWidget()
        replace_layout = QHBoxLayout(self.replace_row)
        replace_layout.setContentsMargins(0, 0, 0, 0)
        for widget in (self.replace_field, replace_button, replace_all_button):
            replace_layout.addWidget(widget)
        replace_layout.setStretch(0, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 4)
        layout.setSpacing(4)
        layout.addLayout(find_row)
        layout.addWidget(self.replace_row)

        self.find_field.returnPressed.connect(self.find_next)
        self.find_field.textChanged.connect(lambda _text: self._update_count())
        self.replace_field.returnPressed.connect(self.replace_one)
        next_button.clicked.connect(self.find_next)
        previous_button.clicked.connect(self.find_previous)
        replace_button.clicked.connect(self.replace_one)
        replace_all_button.clicked.connect(self.replace_all)
        close_button.clicked.connect(self.close_bar)
        widget_shortcut(Qt.Key.Key_Escape, self, self.close_bar)

    # ---- Public API
    def show_find(self, editor) -> None:
        self._open(editor, replace=False)

    def show_replace(self, editor) -> None:
        self._open(editor, replace=True)

    def close_bar(self) -> None:
        self.hide()
        if self.editor is not None:
            self.editor.take_focus()

    def find_next(self) -> bool:
        return self._find(forward=True)

    def find_previous(self) -> bool:
        return self._find(forward=False)

    def replace_one(self) -> bool:
        """Replace the current match (if the selection is one), then find the next."""
        if self.editor is None or not self._pattern_ok():
            return False
        editor = self.editor
        start, end = editor.selectionStart(), editor.selectionEnd()
        if end > start:
            editor.setTargetRange(start, end)
            editor.setSearchFlags(self._flags())
            needle = self.find_field.text()
            if editor.searchInTarget(len(needle.encode("utf-8")), needle) == start and \
                    editor.targetEnd() == end:
                self._replace_target()
        return self.find_next()

    def replace_all(self) -> int:
        """Replace every match as one undo step; returns how many were replaced."""
        if self.editor is None or not self._pattern_ok() or not self.find_field.text():
            return 0
        editor, needle = self.editor, self.find_field.text()
        raw = needle.encode("utf-8")
        count, position = 0, 0
        editor.beginUndoAction()
        try:
            while True:
                editor.setTargetRange(position, editor.textLength())
                editor.setSearchFlags(self._flags())
                if editor.searchInTarget(len(raw), needle) < 0:
                    break
                empty_match = editor.targetStart() == editor.targetEnd()
                self._replace_target()
                count += 1
                position = editor.targetEnd()
                if empty_match:  # e.g. `^`: step over a character or it matches forever
                    if position >= editor.textLength():
                        break
                    position = editor.positionAfter(position)
        finally:
            editor.endUndoAction()
        self.message.setText(f"{count} replaced" if count else "No match")
        return count

    # ---- Internals
    def _toggle(self, text: str, tip: str) -> QToolButton:
        button = QToolButton(text=text, toolTip=tip, checkable=True)
        button.toggled.connect(lambda _on: self._update_count())
        return button

    def _open(self, editor, replace: bool) -> None:
        self.editor = editor
        selected = editor.selected_text()
        if selected and "\n" not in selected:
            self.find_field.setText(selected)
        self.replace_row.setVisible(replace)
        self.show()
        self.find_field.setFocus()
        self.find_field.selectAll()
        self._update_count()

    def _flags(self) -> int:
        flags = 0
        if self.case_button.isChecked():
            flags |= SCFIND_MATCHCASE
        if self.word_button.isChecked():
            flags |= SCFIND_WHOLEWORD
        if self.regex_button.isChecked():
            flags |= SCFIND_REGEXP | SCFIND_CXX11REGEX
        return flags

    def _pattern_ok(self) -> bool:
        if not self.regex_button.isChecked():
            return True
        try:
            re.compile(self.find_field.text())
        except re.error as error:
            self.message.setText(f"Invalid regular expression: {error}")
            return False
        return True

    def _find(self, forward: bool) -> bool:
        if self.editor is None or not self.find_field.text() or not self._pattern_ok():
            return False
        editor, needle = self.editor, self.find_field.text()
        raw_length = len(needle.encode("utf-8"))
        length = editor.textLength()
        if forward:
            ranges = [(editor.selectionEnd(), length), (0, length)]
        else:
            ranges = [(editor.selectionStart(), 0), (length, 0)]
        for start, end in ranges:
            editor.setTargetRange(start, end)
            editor.setSearchFlags(self._flags())
            if editor.searchInTarget(raw_length, needle) >= 0:
                editor.setSel(editor.targetStart(), editor.targetEnd())
                editor.scrollCaret()
                self._update_count()
                return True
        self.message.setText("No match")
        return False

    def _replace_target(self) -> int:
        replacement = self.replace_field.text()
        size = len(replacement.encode("utf-8"))
        if self.regex_button.isChecked():
            return self.editor.replaceTargetRE(size, replacement)
        return self.editor.replaceTarget(size, replacement)

    def _update_count(self) -> None:
        if self.editor is None or not self.find_field.text():
            self.message.clear()
            return
        if not self._pattern_ok():
            return
        editor, needle = self.editor, self.find_field.text()
        raw_length = len(needle.encode("utf-8"))
        count, position, length = 0, 0, editor.textLength()
        while position <= length and count < 10_000:
            editor.setTargetRange(position, length)
            editor.setSearchFlags(self._flags())
            if editor.searchInTarget(raw_length, needle) < 0:
                break
            count += 1
            position = max(editor.targetEnd(), editor.targetStart() + 1)
        self.message.setText(f"{count} match{'es' if count != 1 else ''}" if count else "No match")

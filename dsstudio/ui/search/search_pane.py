"""Find in Files (Ctrl+Shift+F): a search over the project beside the project tree, with Replace All.

Searching runs in a process of its own (search_process_client) while results stream into the
list (results_tree); a new search or Escape cancels the running one. Open editors are searched as
they are, unsaved text included, and Replace All changes them in their buffers (one undo step
each, left unsaved) while closed files are rewritten on disk (core.search.replace_in_files),
after a preview in which files can be left out. "Undo Replace" puts back what the last Replace
All changed, file by file, where nothing changed since.
"""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from dsstudio.core.search.find_in_files import (
    MAX_FILE_BYTES,
    MAX_RESULTS,
    FileMatches,
    ProjectSearch,
    SearchSummary,
    buffer_fingerprint,
    fingerprint,
)
from dsstudio.core.search.ignore_rules import parse_globs
from dsstudio.core.search.query import QueryError, SearchQuery, replacement_function
from dsstudio.core.search.replace_in_files import (
    ReplaceOutcome,
    is_replaceable,
    preview_changes,
    replace_in_file,
    replace_in_text,
    undo_replacement,
)
from dsstudio.ui.search.results_tree import SearchResultsTree
from dsstudio.ui.search.search_process_client import SearchProcessClient
from dsstudio.ui.theme.themed_style import set_themed_style

TYPING_PAUSE_MS = 300
MIN_PANE_WIDTH = 340


class SearchPane(QWidget):
    """Lives in the window's Search tab (`column`); acts on `window`'s project and editor tabs."""

    def __init__(self, window, column: QWidget) -> None:
        super().__init__(column)
        self.setObjectName("SearchPane")
        self.window = window
        self.summary: SearchSummary | None = None
        self.found: list[FileMatches] = []
        self._generation = 0
        self._pattern: re.Pattern[str] | None = None
        self._query: SearchQuery | None = None
        # The last Replace All: written files, and buffers with the text it left in them.
        self._undo_files: list[ReplaceOutcome] = []
        self._undo_buffers: list[tuple[object, str]] = []

        self.find_field = QLineEdit(placeholderText="Search")
        self.find_field.setObjectName("SearchField")
        self.find_field.setClearButtonEnabled(True)
        self.case_button = _toggle("Aa", "Match case")
        self.word_button = _toggle("W", "Match whole word")
        self.regex_button = _toggle(".*", "Use regular expression (Python syntax; matches stay "
                                          "within a line)")
        self.replace_field = QLineEdit(placeholderText="Replace ($1 or \\1 for groups)")
        self.replace_field.setObjectName("ReplaceField")
        self.replace_button = QPushButton("Replace All")
        self.replace_button.setObjectName("ReplaceAllButton")
        self.include_field = QLineEdit(placeholderText="files to include, e.g. *.py, src/")
        self.exclude_field = QLineEdit(placeholderText="files to exclude, e.g. tests/, *.csv")
        self.error_label = QLabel()
        self.error_label.setObjectName("SearchError")
        set_themed_style(self.error_label, "color: {error};")
        self.error_label.setWordWrap(True)
        self.error_label.hide()
        self.status_label = QLabel()
        self.status_label.setObjectName("SearchStatus")
        self.status_label.setWordWrap(True)
        self.undo_button = QPushButton("Undo Replace")
        self.undo_button.hide()
        self.results = SearchResultsTree()
        self.searches = SearchProcessClient(self)
        self._build_layout(column)
        self._typing = QTimer(self, singleShot=True, interval=TYPING_PAUSE_MS)
        self._note = ""
        self._left_out = ""  # what Replace All leaves out (notebooks), said in its preview
        self._result_count = 0
        self._connect()
        self.searches.prepare()

    # ---- Public API
    def show_with(self, text: str) -> None:
        """Bring the pane forward with `text` (the selection or the word at the caret) to search."""
        self._make_room()
        if text and "\n" not in text:
            self.find_field.setText(text)
        self.find_field.setFocus()
        self.find_field.selectAll()
        if self.find_field.text():
            self.start_search()

    def start_search(self, note: str = "") -> None:
        """Search now for what the fields say, cancelling any search under way; `note` is shown
        with the outcome (what a Replace All just did)."""
        self._note = note
        self._typing.stop()
        self.searches.cancel()
        self.results.clear_results()
        self.found, self.summary, self._result_count = [], None, 0
        self._generation = -1
        self._show_error("")
        root = self.window.project_root
        if root is None or not self.find_field.text():
            self.status_label.setText("")
            self._pattern = None
            self._update_replace_button()
            return
        query = SearchQuery(self.find_field.text(), regex=self.regex_button.isChecked(),
                            match_case=self.case_button.isChecked(),
                            whole_word=self.word_button.isChecked(),
                            include=tuple(parse_globs(self.include_field.text())),
                            exclude=tuple(parse_globs(self.exclude_field.text())))
        try:
            search = ProjectSearch(root, query, buffers=self._open_buffers())
        except QueryError as error:
            self._pattern = None
            self._show_error(str(error))
            self.status_label.setText("")
            self._update_replace_button()
            return
        self._pattern, self._query = search.pattern, query
        self.status_label.setText("Searching…")
        self._generation = self.searches.start(search)
        self._update_replace_button()

    def cancel_search(self) -> None:
        if self.searches.is_running():
            self.searches.cancel()

    def replace_all(self) -> None:
        """Preview, then replace in the files the user kept."""
        if self.searches.is_running():
            self.status_label.setText("Still searching: Replace All works on finished results "
                                      "(Escape stops the search)")
            return
        if not self.found or self._pattern is None:
            return
        try:
            repl = replacement_function(self._pattern, self.replace_field.text(), self._query.regex)
        except QueryError as error:
            self._show_error(str(error))
            return
        plans = [(found, preview_changes(found, self._pattern, repl))
                 for found in self.found if is_replaceable(found.path)]
        notebooks = len(self.found) - len(plans)
        left_out = (f"{notebooks} notebook{'s' if notebooks != 1 else ''} left out (Replace in "
                    "Files changes text files; edit notebooks in their view)") if notebooks else ""
        self._left_out = left_out
        chosen = self.ask_replace_preview(plans, self.replace_field.text()) if plans else []
        if not chosen:
            if left_out:
                self.status_label.setText(left_out)
            return
        self._apply(chosen, repl, left_out)

    def undo_replace(self) -> None:
        """Put back what the last Replace All changed, where nothing changed since."""
        problems = [why for outcome in self._undo_files if (why := undo_replacement(outcome))]
        for editor, text_left in self._undo_buffers:
            if editor in self.window.tabs.editors() and editor.text() == text_left:
                editor.undo()
            elif editor in self.window.tabs.editors():
                problems.append(f"{self.window.tabs.document(editor).display_name} was edited "
                                "since the replacement: use Undo in its editor")
        self._undo_files, self._undo_buffers = [], []
        self.undo_button.hide()
        self.status_label.setText("Replacement undone" + (": " + "; ".join(problems) if problems else ""))
        self.start_search()

    # ---- Prompts (instance methods so tests can replace them)
    def ask_replace_preview(self, plans, replacement: str) -> list[FileMatches]:
        from dsstudio.ui.search.replace_preview import ReplacePreviewDialog

        open_paths = set(self.window.tabs.open_paths())
        dialog = ReplacePreviewDialog(plans, replacement, open_paths, self, note=self._left_out)
        return dialog.chosen() if dialog.exec() else []

    # ---- Internals
    def _build_layout(self, column: QWidget) -> None:
        find_row = QHBoxLayout()
        find_row.setSpacing(2)
        for widget in (self.find_field, self.case_button, self.word_button, self.regex_button):
            find_row.addWidget(widget)
        replace_row = QHBoxLayout()
        replace_row.setSpacing(2)
        replace_row.addWidget(self.replace_field, 1)
        replace_row.addWidget(self.replace_button)
        globs = QGridLayout()
        globs.setContentsMargins(0, 0, 0, 0)
        globs.addWidget(self.include_field, 0, 0)
        globs.addWidget(self.exclude_field, 1, 0)
        status_row = QHBoxLayout()
        status_row.addWidget(self.status_label, 1)
        status_row.addWidget(self.undo_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 0)
        layout.setSpacing(4)
        for part in (find_row, replace_row, globs):
            layout.addLayout(part)
        layout.addWidget(self.error_label)
        layout.addLayout(status_row)
        layout.addWidget(self.results, 1)
        column.layout().addWidget(self)

    def _connect(self) -> None:
        self.find_field.returnPressed.connect(self.start_search)
        for field in (self.find_field, self.include_field, self.exclude_field):
            field.textEdited.connect(lambda _text: self._typing.start())
        for field in (self.include_field, self.exclude_field):
            field.returnPressed.connect(self.start_search)
        self.replace_field.returnPressed.connect(self.replace_all)
        for button in (self.case_button, self.word_button, self.regex_button):
            button.toggled.connect(lambda _on: self.start_search())
        self._typing.timeout.connect(self.start_search)
        self.replace_button.clicked.connect(self.replace_all)
        self.undo_button.clicked.connect(self.undo_replace)
        self.searches.sig_batch.connect(self._on_batch)
        self.searches.sig_finished.connect(self._on_finished)
        self.results.sig_open_match.connect(self._open_match)
        escape = QShortcut(QKeySequence(Qt.Key.Key_Escape), self)
        escape.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        escape.activated.connect(self.cancel_search)
        # The search process ends with the pane (it also ends by itself if dsstudio dies).
        self.destroyed.connect(lambda *_args, searches=self.searches: searches.stop())

    def _open_buffers(self) -> dict[Path, str]:
        tabs = self.window.tabs
        return {tabs.document(e).path: e.text() for e in tabs.editors() if tabs.document(e).path}

    def _make_room(self) -> None:
        """Widen the left column to MIN_PANE_WIDTH, taken from the editor, if it is narrower."""
        splitter = getattr(self.window, "splitter", None)
        if splitter is None or splitter.count() != 3:
            return
        left, editor, side = splitter.sizes()
        if 0 < left < MIN_PANE_WIDTH and editor > MIN_PANE_WIDTH:
            splitter.setSizes([MIN_PANE_WIDTH, editor - (MIN_PANE_WIDTH - left), side])

    def _on_batch(self, generation: int, batch: list[FileMatches]) -> None:
        if generation != self._generation:
            return  # from a search cancelled meanwhile
        self.found.extend(batch)
        self._result_count += sum(found.count for found in batch)
        self.results.add_files(batch)
        self.status_label.setText(f"{_counts(self._result_count, len(self.found))}…")

    def _on_finished(self, generation: int, summary: SearchSummary) -> None:
        if generation != self._generation:
            return
        self.summary = summary
        parts = [_counts(self._result_count, len(self.found)) if self.found else "No results"]
        if summary.error:
            parts.append(summary.error)
        elif summary.limit_hit:
            parts.append(f"stopped after {summary.results:,} results (the limit is "
                         f"{MAX_RESULTS:,}): narrow the search")
        elif summary.cancelled:
            parts.append("cancelled")
        if summary.unreadable:
            parts.append(f"{summary.unreadable} file{'s' if summary.unreadable != 1 else ''} "
                         "could not be read")
        # Said, not silent: a text file with one stray NUL byte counts as binary (as in git and
        # ripgrep), and a search that skips it without a word looks like "not found".
        if summary.binary:
            parts.append(f"{summary.binary} binary file{'s' if summary.binary != 1 else ''} "
                         "skipped")
        if summary.too_large:
            parts.append(f"{summary.too_large} file{'s' if summary.too_large != 1 else ''} over "
                         f"{MAX_FILE_BYTES // 2**20} MB skipped")
        self.status_label.setText(", ".join(parts) + (f"\n{self._note}" if self._note else ""))
        self.status_label.setToolTip("\n".join(summary.unreadable_names))
        self._update_replace_button()

    def _apply(self, chosen: list[FileMatches], repl, left_out: str = "") -> None:
        tabs = self.window.tabs
        replaced = files = in_editors = 0
        skipped: list[str] = []
        self._undo_files, self._undo_buffers = [], []
        for found in chosen:
            editor = tabs.editor_for_path(found.path)
            if editor is not None:
                text = editor.text()
                expected = buffer_fingerprint(text) if found.from_buffer else _disk_mark(found.path)
                if expected != found.fingerprint or (not found.from_buffer and editor.is_modified()):
                    skipped.append(f"{found.rel} was edited since the search")
                    continue
                new_text, count = replace_in_text(text, self._pattern, repl)
                if count and editor.replace_text_keeping_place(new_text):
                    self._undo_buffers.append((editor, editor.text()))
                    replaced, files, in_editors = replaced + count, files + 1, in_editors + 1
                continue
            outcome = replace_in_file(found.path, found.fingerprint, self._pattern, repl)
            if outcome.skipped:
                skipped.append(outcome.skipped)
            elif outcome.count:
                self._undo_files.append(outcome)
                replaced, files = replaced + outcome.count, files + 1
        message = f"Replaced {replaced} in {files} file{'s' if files != 1 else ''}"
        if in_editors:
            message += f" ({in_editors} open in editors: changed there, not saved yet)"
        if skipped:
            message += f"; {len(skipped)} skipped: " + "; ".join(skipped)
        if left_out:
            message += f"; {left_out}"
        self.start_search(note=message)  # what is left to find (the buffers as they are now)
        self.undo_button.setVisible(bool(self._undo_files or self._undo_buffers))
        self.window.status.showMessage(message, 8000)

    def _open_match(self, path: Path, line: int, column: int, length: int) -> None:
        editor = self.window.open_file(path)
        if editor is not None and hasattr(editor, "setSel"):
            select_match(editor, line, column, length)

    def _show_error(self, text: str) -> None:
        self.error_label.setText(text)
        self.error_label.setVisible(bool(text))

    def _update_replace_button(self) -> None:
        self.replace_button.setEnabled(self._pattern is not None)


def select_match(editor, line: int, column: int, length: int) -> None:
    """Scroll `editor` to `line` and select the match (columns are characters, Scintilla bytes)."""
    editor.goto_line(line)
    text = editor.line_text(line)
    start = editor.positionFromLine(line) + len(text[:column].encode("utf-8"))
    end = start + len(text[column:column + length].encode("utf-8"))
    editor.setSel(start, end)
    editor.take_focus()


def word_at_caret(editor) -> str:
    """The selection if it is one line, else the identifier under the caret (or "")."""
    selected = editor.selected_text()
    if selected:
        return selected if "\n" not in selected else ""
    line, column = editor.cursor_position()
    for match in re.finditer(r"\w+", editor.line_text(line)):
        if match.start() <= column <= match.end():
            return match.group()
    return ""


def _counts(results: int, files: int) -> str:
    return (f"{results:,} result{'s' if results != 1 else ''} in {files:,} "
            f"file{'s' if files != 1 else ''}")


def _disk_mark(path: Path) -> bytes | None:
    try:
        return fingerprint(Path(path).read_bytes())
    except OSError:
        return None


def _toggle(text: str, tip: str) -> QToolButton:
    button = QToolButton(text=text, toolTip=tip, checkable=True)
    button.setAutoRaise(True)
    return button

"""Completion in a CodeEditor: Scintilla's own list, filled by jedi and the idle kernel.

Asked after `.`, after the second character of an identifier, and on Ctrl+Space; while the list
is open Scintilla filters it as the user types, so no new request is made. jedi's names come
first, without kinds (resolving every kind of a numpy-sized module takes seconds); the kinds are
resolved afterwards in chunks and the open list is redrawn with their icons. When the kernel is
idle its own matches are merged in, waited for at most KERNEL_WAIT_MS (the list then shows
jedi's names, and the kernel's are added when they come: its first completion loads IPython's
jedi, a second or more); a busy kernel is never asked.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut

from dsstudio.core.intelligence.completion_list import identifier_start, kernel_names, merged, with_kinds
from dsstudio.core.intelligence.jedi_engine import Completions
from dsstudio.ui.intelligence.analysis_service import while_alive
from dsstudio.ui.intelligence.kind_icons import image_number, register_kind_icons
from dsstudio.ui.intelligence.positions import in_code, line_before

KERNEL_WAIT_MS = 300
SC_ORDER_CUSTOM = 2
SC_CASEINSENSITIVEBEHAVIOUR_IGNORECASE = 1
LIST_ROWS = 12


class _Request:
    """One completion request: where it was asked, and what has come back so far."""

    def __init__(self, anchor: int, line_before_caret: str) -> None:
        self.anchor = anchor  # caret position (bytes) when asked
        self.line_before_caret = line_before_caret
        self.word_start = anchor - len(line_before_caret[identifier_start(line_before_caret):].encode())
        self.static = None  # jedi's Completions, once back
        self.list_id = 0  # the engine's id of the request, naming the list for its kinds
        self.runtime: list[str] | None = None  # the kernel's names, once back (or [] if not asked)
        self.kinds: dict[str, str] = {}
        self.shown = False


class CompletionController(QObject):
    def __init__(self, editor, service, context, kernel_completer=None) -> None:
        super().__init__(editor)
        self.editor = editor
        self.service = service
        self.context = context
        self.kernel_completer = kernel_completer
        self._request: _Request | None = None
        self._kernel_timer = QTimer(self)
        self._kernel_timer.setSingleShot(True)
        self._kernel_timer.setInterval(KERNEL_WAIT_MS)
        self._kernel_timer.timeout.connect(self._on_kernel_timeout)
        editor.autoCSetSeparator(ord("\n"))  # kernel matches (dict keys) may hold spaces
        editor.autoCSetOrder(SC_ORDER_CUSTOM)
        editor.autoCSetIgnoreCase(True)
        editor.autoCSetCaseInsensitiveBehaviour(SC_CASEINSENSITIVEBEHAVIOUR_IGNORECASE)
        editor.autoCSetMaxHeight(LIST_ROWS)
        editor.autoCSetCancelAtStart(True)  # backspacing past the word closes the list
        register_kind_icons(editor)
        editor.charAdded.connect(self._on_char_added)
        editor.autoCompleteCancelled.connect(self._forget)
        editor.autoCompleteSelection.connect(lambda *_: self._forget())
        shortcut = QShortcut(QKeySequence("Ctrl+Space"), editor)
        shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
        shortcut.activated.connect(self.complete_at_caret)

    # ---- Public API
    def complete_at_caret(self) -> None:
        """Ask jedi (and the idle kernel) for completions of the text before the caret."""
        editor = self.editor
        pos = editor.currentPos()
        request = _Request(pos, line_before(editor, pos))
        self._request = request
        context = self.context()
        line, column = editor.cursor_position()
        line += context.line_offset
        request.list_id = self.service.request(
            "complete", (context.source, context.path, line, column),
            while_alive(editor, lambda found: self._on_static(request, found)))
        asked = self.kernel_completer is not None and self.kernel_completer.request(
            request.line_before_caret, len(request.line_before_caret),
            while_alive(editor, lambda reply: self._on_kernel(request, reply)))
        if asked:
            self._kernel_timer.start()
        else:
            request.runtime = []

    def is_waiting(self) -> bool:
        return self._request is not None and not self._request.shown

    def shown_names(self) -> list[str]:
        """The names in the open list, in order (empty when closed)."""
        if not self.editor.autoCActive() or self._request is None:
            return []
        return [item.name for item in self._items(self._request)]

    # ---- Internals
    def _on_char_added(self, char: int) -> None:
        editor = self.editor
        if editor.autoCActive() or not editor.selectionEmpty():
            return
        pos = editor.currentPos()
        text = chr(char) if char < 0x110000 else ""
        before = line_before(editor, pos)
        if text == "." and in_code(editor, pos - 1) and not before[:-1].rstrip().endswith(
                tuple("0123456789")):
            self.complete_at_caret()
        elif text in "'\"" and before.endswith(("['", '["')):
            self.complete_at_caret()  # a dict's keys, or a DataFrame's columns, from the kernel
        elif (text.isidentifier() or text.isdigit()) and in_code(editor, pos):
            word = before[identifier_start(before):]
            if len(word) == 2 and word.isidentifier():
                self.complete_at_caret()

    def _on_static(self, request: _Request, found) -> None:
        if request is not self._request:
            return
        request.static = found if found is not None else Completions([], 0, [])
        self._maybe_show(request)

    def _on_kernel(self, request: _Request, reply) -> None:
        if request is not self._request:
            return
        self._kernel_timer.stop()
        names = kernel_names(reply.matches, reply.cursor_start, request.line_before_caret)
        if not request.shown:  # in time, or late but before jedi's names: shown with them
            request.runtime = names
            self._maybe_show(request)
        elif names and self._still_at(request):  # after the list was shown: added to it
            request.runtime = names
            self._reshow(request)

    def _on_kernel_timeout(self) -> None:
        request = self._request
        if request is not None and request.runtime is None:
            request.runtime = []  # shown without the kernel's names; they may still come
            self._maybe_show(request)

    def _maybe_show(self, request: _Request) -> None:
        if request.static is None or request.runtime is None or request.shown:
            return
        if not self._still_at(request):
            self._forget()
            return
        request.shown = True
        if self._show(request) and any(item.kind is None for item in request.static.items):
            self.service.request(
                "kinds", (request.list_id,),
                while_alive(self.editor, lambda kinds: self._on_kinds(request, kinds)),
                while_alive(self.editor, lambda kinds: self._on_kinds(request, kinds)))

    def _on_kinds(self, request: _Request, kinds: dict[str, str]) -> None:
        if not kinds or request is not self._request or not self.editor.autoCActive():
            return
        request.kinds = kinds
        self._reshow(request)

    def _reshow(self, request: _Request) -> None:
        """Show the list again with what came since, keeping the item the user had selected."""
        active = self.editor.autoCActive()
        current = bytes(self.editor.autoCCurrentText()).decode("utf-8", "replace") if active else ""
        self._show(request)
        if current:
            self.editor.autoCSelect(current)

    def _items(self, request: _Request):
        return with_kinds(merged(request.static.items, request.runtime), request.kinds)

    def _show(self, request: _Request) -> bool:
        items = self._items(request)
        if not items:
            return False
        listed = "\n".join(f"{item.name}?{image_number(item.kind)}" for item in items)
        self.editor.autoCShow(self.editor.currentPos() - request.word_start, listed)
        return True

    def _still_at(self, request: _Request) -> bool:
        """The caret is still in the word the request was made for (typing more is fine)."""
        pos = self.editor.currentPos()
        if pos < request.anchor:
            return False
        typed = bytes(self.editor.get_text_range(request.anchor, pos)).decode("utf-8", "replace")
        return all(ch.isalnum() or ch == "_" for ch in typed)

    def _forget(self) -> None:
        self._request = None
        self._kernel_timer.stop()

"""Code intelligence for one project window: one analysis service, every editor wired to it.

Built after the window's first paint (jedi loads in the engine process, started at the first
request). A file's editor gets completion, signature help, hover help, F12/Ctrl+click and
Shift+F12, and those commands in its right-click menu, when it first becomes current; a notebook
cell's editor gets the first three (and Show Docs in its menu) when it opens for editing, with
the notebook's earlier code cells as context. The console keeps qtconsole's own kernel completion.
"""

from __future__ import annotations

import weakref
from pathlib import Path

import shiboken6
from PySide6.QtCore import QObject

from dsstudio.ui.intelligence.analysis_service import AnalysisService
from dsstudio.ui.intelligence.calltips import CalltipController
from dsstudio.ui.intelligence.code_menu import code_menu_part
from dsstudio.ui.intelligence.completion import CompletionController
from dsstudio.ui.intelligence.hover import HoverHelp
from dsstudio.ui.intelligence.kernel_completer import KernelCompleter
from dsstudio.ui.intelligence.navigation import Navigator
from dsstudio.ui.intelligence.source_context import cell_context, file_context

PYTHON_SUFFIXES = {".py", ".pyi", ".pyw"}


class EditorAssist:
    """What one editor was given; kept on the editor (its controllers are its children)."""

    def __init__(self, editor, service, context, kernel_completer) -> None:
        self.context = context
        self.completion = CompletionController(editor, service, context, kernel_completer)
        self.calltips = CalltipController(editor, service, context)
        self.hover = HoverHelp(editor, service, context)


def kernel_python(kernel) -> Path | None:
    """The interpreter the kernel runs in (None: a kernelspec, analysed with dsstudio's own)."""
    launch = kernel.launch if kernel is not None else None
    return launch.python if launch is not None and launch.kernelspec is None else None


class WindowIntelligence(QObject):
    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        self.service = AnalysisService(window.project_root, kernel_python(window.kernel), self)
        self.kernel_completer = KernelCompleter(window.kernel, self)
        self.navigator = Navigator(window.tabs, self.service, self._context_of, self)
        self.navigator.sig_message.connect(self._tell)
        self.service.sig_engine_stopped.connect(
            lambda text: window.status.showMessage(text, 8000))
        window.kernel.sig_interpreter_changed.connect(
            lambda launch: self.service.set_python(kernel_python(window.kernel)))
        self._assists: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
        # A save closes signature help (a notebook's too, whose cells have no save point).
        for name in ("save", "save_as", "save_all"):
            window.actions[name].triggered.connect(self.close_calltips)
        window.tabs.sig_current_changed.connect(self.attach)
        for editor in window.tabs.editors():
            self.attach(editor)

    # ---- Public API
    def attach(self, editor) -> EditorAssist | None:
        """Give a file tab's editor completion, help and navigation (once; Python files only)."""
        if editor is None or editor in self._assists:
            return self._assists.get(editor) if editor is not None else None
        path = self.window.tabs.document(editor).path
        if path is not None and path.suffix.lower() not in PYTHON_SUFFIXES:
            return None
        context = file_context(editor, lambda: self.window.tabs.document(editor).path)
        assist = self._assist(editor, context)
        self.navigator.watch_ctrl_click(editor)
        editor.context_menu_parts.append(code_menu_part(
            editor, assist.hover.help_at_caret,
            run_selection=self.window.actions["run_selection"].trigger,
            goto_definition=lambda: self.navigator.goto_definition(editor),
            find_references=lambda: self.navigator.find_references(editor)))
        return assist

    def attach_cell(self, editor, earlier_sources, notebook_path: Path) -> EditorAssist:
        """A notebook code cell's editor: completion, signatures and hover, with the cells above."""
        # A .py name beside the notebook: relative imports and the project's paths resolve.
        context = cell_context(editor, earlier_sources, notebook_path.with_suffix(".py"))
        assist = self._assist(editor, context)
        editor.context_menu_parts.append(code_menu_part(editor, assist.hover.help_at_caret))
        return assist

    def assist_of(self, editor) -> EditorAssist | None:
        return self._assists.get(editor)

    def goto_definition(self) -> None:
        editor = self._python_editor("Go to Definition")
        if editor is not None:
            self.navigator.goto_definition(editor)

    def find_references(self) -> None:
        editor = self._python_editor("Find References")
        if editor is not None:
            self.navigator.find_references(editor)

    def close_calltips(self) -> None:
        for editor, assist in list(self._assists.items()):
            if shiboken6.isValid(editor):
                assist.calltips.close()

    def back(self) -> None:
        self.navigator.back()

    def stop(self) -> None:
        self.service.stop()
        self.kernel_completer.stop()

    # ---- Internals
    def _assist(self, editor, context) -> EditorAssist:
        assist = EditorAssist(editor, self.service, context, self.kernel_completer)
        assist.hover.sig_message.connect(self._tell)
        self._assists[editor] = assist
        return assist

    def _tell(self, text: str) -> None:
        self.window.status.showMessage(text, 4000)

    def _python_editor(self, command: str):
        """The current tab's editor if code intelligence serves it; else the user is told."""
        editor = self.window.tabs.current_editor()
        if editor is not None and self.attach(editor) is None:
            self._tell(f"{command} works in Python files")
            return None
        return editor

    def _context_of(self, editor):
        return self._assists[editor].context

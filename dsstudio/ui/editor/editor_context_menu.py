"""The code editor's right-click menu: the commands of whoever serves the editor (run the line,
go to a definition, ...) above the editing commands Scintilla's own menu had.

Scintilla's menu cannot be extended, so the editor builds this one instead. A menu part is a
function that adds its actions to the menu; the editor knows nothing of what they do.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QMenu

SK = QKeySequence.StandardKey
MenuPart = Callable[[QMenu], None]


def shortcut_label(text: str, keys: str | QKeySequence.StandardKey) -> str:
    """`text` with its keys in the menu's shortcut column (shown, not bound: the window binds
    them, and a second binding would make the keys ambiguous while the menu is open)."""
    sequence = QKeySequence(keys)
    shown = sequence.toString(QKeySequence.SequenceFormat.NativeText)
    return f"{text}\t{shown}" if shown else text


def add_command(menu: QMenu, text: str, keys, handler: Callable[[], None],
                enabled: bool = True) -> None:
    action = menu.addAction(shortcut_label(text, keys) if keys else text)
    action.setEnabled(enabled)
    action.triggered.connect(lambda _checked=False: handler())


def build_context_menu(editor, parts: Sequence[MenuPart]) -> QMenu:
    """The menu for `editor`: `parts`' commands first, then undo, clipboard and select all."""
    menu = QMenu(editor)
    menu.setObjectName("EditorContextMenu")
    for part in parts:
        part(menu)
    if not menu.isEmpty():
        menu.addSeparator()
    writable = not editor.readOnly()
    selected = not editor.selectionEmpty()
    add_command(menu, "Undo", SK.Undo, editor.undo, writable and editor.canUndo())
    add_command(menu, "Redo", SK.Redo, editor.redo, writable and editor.canRedo())
    menu.addSeparator()
    add_command(menu, "Cut", SK.Cut, editor.cut, writable and selected)
    add_command(menu, "Copy", SK.Copy, editor.copy, selected)
    add_command(menu, "Paste", SK.Paste, editor.paste, writable and editor.canPaste())
    add_command(menu, "Delete", None, editor.clear, writable and selected)
    menu.addSeparator()
    add_command(menu, "Select All", SK.SelectAll, editor.selectAll, editor.textLength() > 0)
    return menu

"""A QShortcut that keeps to its widget, and which widgets keep the keys they are given.

PySide6 6.11 drops the context of `QShortcut(keys, parent, handler, context=...)`: the shortcut
is made with Qt's default, WindowShortcut, and acts wherever the focus is in the window. The
notebook's Esc did so: Esc in the `.py` editor moved the keyboard into the notebook, and the
letters typed next ran as command keys there (`b` inserted a cell, `d d` deleted one). The
context is set here after the shortcut is made, which PySide does apply.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (QAbstractSpinBox, QComboBox, QLineEdit, QPlainTextEdit, QTextEdit,
                               QWidget)


def widget_shortcut(keys: str | QKeySequence | Qt.Key, parent: QWidget, handler: Callable[[], object],
                    context: Qt.ShortcutContext = Qt.ShortcutContext.WidgetWithChildrenShortcut
                    ) -> QShortcut:
    """A shortcut for `keys` that calls `handler` only while `parent` (with WidgetShortcut) or
    one of its children (with the default, WidgetWithChildrenShortcut) has the focus."""
    shortcut = QShortcut(QKeySequence(keys), parent)
    shortcut.setContext(context)
    shortcut.activated.connect(handler)
    return shortcut


def takes_text(widget: QWidget | None) -> bool:
    """A widget that types what is pressed (a line edit, an editable text box, a spin box):
    shortcuts of the widgets around it leave its keys alone. (A CodeEditor is none of these: it
    is Scintilla, and its own shortcuts are the ones it is given.)"""
    if isinstance(widget, (QLineEdit, QAbstractSpinBox)):
        return True
    if isinstance(widget, QComboBox):
        return widget.isEditable()
    return isinstance(widget, (QTextEdit, QPlainTextEdit)) and not widget.isReadOnly()

"""The main toolbar's look: its groups, and words beside the icons that need them.

The buttons come from the actions table (actions.py); this only arranges them. A green play
triangle alone does not say whether it runs a line, a cell or the file, so the run buttons say
it beside their icon (as VS Code's run buttons and Jupyter's toolbar do), and so does Restart (a
circular arrow alone reads as "refresh"), as in the notebook's toolbar. Save and the red stop
square are icons everyone reads; every button's tooltip has its name and keys.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QToolBar, QToolButton

# action name -> the words beside its icon
LABELS = {"run_selection": "Run Line", "run_cell": "Run Cell", "run_file": "Run File",
          "restart": "Restart"}
# A separator before each of these: file | run | kernel.
GROUP_STARTS = ("run_selection", "interrupt")
ICON_SIZE = 20


def arrange_main_toolbar(window, actions: dict[str, QAction]) -> QToolBar:
    """Group the main toolbar's buttons and label the run buttons; returns the toolbar."""
    toolbar = window.findChild(QToolBar, "MainToolBar")
    toolbar.setIconSize(QSize(ICON_SIZE, ICON_SIZE))
    for name in GROUP_STARTS:
        toolbar.insertSeparator(actions[name])
    for name, label in LABELS.items():
        actions[name].setIconText(label)
        button = toolbar.widgetForAction(actions[name])
        if isinstance(button, QToolButton):
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
    return toolbar

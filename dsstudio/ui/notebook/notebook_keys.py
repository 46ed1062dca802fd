"""The notebook's keys, as one table: CommandKeys binds them, Help > Keyboard Shortcuts lists them.

JupyterLab's bindings (its `notebook:` commands): command mode's letters act on the selected
cells while the notebook itself has the keyboard; edit mode's keys act in a cell's editor; the
run and move keys act in both. A key the table does not have is not a notebook key.
"""

from __future__ import annotations

from typing import NamedTuple

COMMAND, EDIT, BOTH = "command", "edit", "both"
MODE_TITLES = {COMMAND: "Command mode", EDIT: "Edit mode", BOTH: "Command and edit mode"}


class NotebookKey(NamedTuple):
    keys: str
    """Qt's portable text of the keys; "D, D" is D pressed twice."""
    mode: str
    """COMMAND: the notebook has the keyboard; EDIT: a cell's editor has it; BOTH: either."""
    text: str
    """What it does, as the shortcuts dialog says it."""
    command: str
    """The name of the CommandKeys method it calls."""


NOTEBOOK_KEYS: tuple[NotebookKey, ...] = (
    NotebookKey("Shift+Return", BOTH, "Run the selected cells, then select the next", "run_and_advance"),
    NotebookKey("Ctrl+Return", BOTH, "Run the selected cells", "run_selected"),
    NotebookKey("Alt+Return", BOTH, "Run the cell, then edit a new cell below", "run_and_insert"),
    NotebookKey("Ctrl+Shift+Up", BOTH, "Move the cell up", "move_up"),
    NotebookKey("Ctrl+Shift+Down", BOTH, "Move the cell down", "move_down"),
    NotebookKey("Esc", EDIT, "Command mode (an open completion list closes first)", "command_mode"),
    NotebookKey("Shift+Tab", EDIT, "Help for the name at the caret", "inspect"),
    NotebookKey("Return", COMMAND, "Edit the selected cell", "edit"),
    NotebookKey("Up", COMMAND, "Select the cell above", "select_above"),
    NotebookKey("Down", COMMAND, "Select the cell below", "select_below"),
    NotebookKey("Shift+Up", COMMAND, "Extend the selection up", "extend_up"),
    NotebookKey("Shift+Down", COMMAND, "Extend the selection down", "extend_down"),
    NotebookKey("A", COMMAND, "Insert a cell above", "insert_above"),
    NotebookKey("B", COMMAND, "Insert a cell below", "insert_below"),
    NotebookKey("D, D", COMMAND, "Delete the selected cells", "delete"),
    NotebookKey("Z", COMMAND, "Undo the last delete", "undo_delete"),
    NotebookKey("C", COMMAND, "Copy the selected cells", "copy"),
    NotebookKey("X", COMMAND, "Cut the selected cells", "cut"),
    NotebookKey("V", COMMAND, "Paste cells below", "paste"),
    NotebookKey("M", COMMAND, "Make the selected cells markdown", "to_markdown"),
    NotebookKey("Y", COMMAND, "Make the selected cells code", "to_code"),
    NotebookKey("Shift+M", COMMAND, "Merge the selected cells (one selected: with the cell below)",
                "merge"),
    NotebookKey("I, I", COMMAND, "Interrupt the kernel", "interrupt"),
    NotebookKey("0, 0", COMMAND, "Restart the kernel (asks first)", "restart"),
)


def keys_of(command: str) -> str:
    """The keys of a CommandKeys method ("insert_below" -> "B"), for tooltips."""
    return next(key.keys for key in NOTEBOOK_KEYS if key.command == command)

"""Where the kernel is paused, told where the user looks: a line in the console, a "‖ line N"
mark on the running notebook cell (and that cell selected when the stop is in it), and cell
frames named by their notebook cell rather than by the kernel's copy of the cell's code."""

from __future__ import annotations

from pathlib import Path

from dsstudio.core.debug.cell_files import find_cell
from dsstudio.core.debug.dap_session import is_cell_copy

KEYS_HINT = "F5 continue, F10 step over, F11 step into, Shift+F11 step out"


def cell_at(window, path: str):
    """(notebook view, cell index) whose code the kernel compiled under `path`, or None."""
    notebooks = window._notebooks  # (none made: no notebook is open, and none is asked for)
    if notebooks is None or not path:
        return None
    info = window.debugger.session.debug_info
    # (the source as it was sent: the runner stores it in the cell when the run starts)
    cells = (((view, index), cell.cell.source) for view in notebooks.views
             for index, cell in enumerate(view.cells) if cell.cell.cell_type == "code")
    return find_cell(path, cells, info)


def place_name(window, path: str) -> str:
    """`path` as the user knows it: a file's name, "calls.ipynb cell 2", or the console."""
    if not is_cell_copy(path, window.debugger.session.debug_info):
        return Path(path).name
    found = cell_at(window, path)
    if found is None:  # the console's input (or a cell edited since it ran)
        return "console input"
    view, index = found
    return f"{view.path.name} cell {index + 1}"


def show_paused(window, frames: list[dict]) -> None:
    """Say where the kernel waits, and mark each notebook cell the stack passes through."""
    clear_paused(window)
    frames = [f for f in frames if (f.get("source") or {}).get("path", "<")[:1] != "<"]
    if not frames:
        return
    info = window.debugger.session.debug_info
    marked = set()
    for frame in frames:  # innermost first: a cell is marked at its innermost line
        found = cell_at(window, frame["source"]["path"])
        if found is not None and found not in marked:
            marked.add(found)
            view, index = found
            view.cells[index].set_paused_line(frame.get("line"))
    top = frames[0]
    where = f"{place_name(window, top['source']['path'])}:{top.get('line')} ({top.get('name')})"
    # The cell or console input the run came from: the innermost frame in the kernel's copies.
    origin = next((f for f in frames if is_cell_copy(f["source"]["path"], info)), None)
    if origin is not None and origin is not top:
        where += f", from {place_name(window, origin['source']['path'])} line {origin.get('line')}"
    window.console.show_message(f"Paused in {where} — {KEYS_HINT}")
    found = cell_at(window, top["source"]["path"])
    if found is not None:  # stopped in the cell itself: show it
        view, index = found
        window.notebooks.open(view.path)
        view.select(index)


def clear_paused(window) -> None:
    notebooks = window._notebooks
    for view in notebooks.views if notebooks is not None else []:
        for cell in view.cells:
            if cell.paused_line is not None:
                cell.set_paused_line(None)

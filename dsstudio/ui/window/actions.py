"""Every command of the main window in one table: name, text, shortcut, menu, handler.

The table is data, so menus, toolbar, shortcuts and the README's shortcut list all come from one
place. Handlers are MainWindow method names.
"""

from __future__ import annotations

from typing import NamedTuple

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QStyle, QWidget

SK = QKeySequence.StandardKey


# A NamedTuple rather than a dataclass: dataclasses imports `inspect`, a few milliseconds of
# start-up before the first paint, for a table that never changes.
class ActionSpec(NamedTuple):
    name: str
    text: str
    menu: str
    handler: str
    shortcut: str | QKeySequence.StandardKey | None = None
    toolbar: bool = False
    # "editor": the shortcut works only while focus is in the editor area, because the same keys
    # mean something else in the console (Shift+Enter executes there).
    scope: str = "window"
    icon: QStyle.StandardPixmap | None = None
    checkable: bool = False


SP = QStyle.StandardPixmap
ACTIONS: tuple[ActionSpec, ...] = (
    ActionSpec("new_file", "&New File", "&File", "new_file", SK.New),
    ActionSpec("new_notebook", "New &Notebook", "&File", "new_notebook", "Ctrl+Shift+N"),
    ActionSpec("open_file", "&Open File…", "&File", "open_file_dialog", SK.Open),
    ActionSpec("open_folder", "Open &Folder…", "&File", "open_folder_dialog", "Ctrl+Shift+O"),
    ActionSpec("save", "&Save", "&File", "save", SK.Save, toolbar=True, icon=SP.SP_DialogSaveButton),
    ActionSpec("save_as", "Save &As…", "&File", "save_as", "Ctrl+Shift+S"),
    ActionSpec("save_all", "Save A&ll", "&File", "save_all", "Ctrl+Alt+S"),
    ActionSpec("save_project_file", "Save &Project File", "&File", "save_project_file"),
    ActionSpec("autosave", "Auto&save Files", "&File", "set_autosave", None, checkable=True),
    ActionSpec("close_tab", "&Close Tab", "&File", "close_current_tab", "Ctrl+W"),
    ActionSpec("quit", "&Quit", "&File", "close", "Ctrl+Q"),
    ActionSpec("undo", "&Undo", "&Edit", "editor_undo", None),
    ActionSpec("redo", "&Redo", "&Edit", "editor_redo", None),
    ActionSpec("find", "&Find…", "&Edit", "show_find", SK.Find),
    ActionSpec("replace", "&Replace…", "&Edit", "show_replace", "Ctrl+H"),
    ActionSpec("goto_line", "&Go to Line…", "&Edit", "goto_line_dialog", "Ctrl+L"),
    ActionSpec("toggle_comment", "Toggle &Comment", "&Edit", "toggle_comment", "Ctrl+/"),
    ActionSpec("goto_definition", "Go to &Definition", "&Edit", "goto_definition", "F12",
               scope="editor"),
    ActionSpec("find_references", "Find Re&ferences", "&Edit", "find_references", "Shift+F12",
               scope="editor"),
    ActionSpec("navigate_back", "&Back", "&Edit", "navigate_back", "Alt+Left", scope="editor"),
    ActionSpec("zoom_in", "Zoom &In", "&View", "zoom_in", "Ctrl+="),
    ActionSpec("zoom_out", "Zoom &Out", "&View", "zoom_out", "Ctrl+-"),
    ActionSpec("zoom_reset", "&Reset Zoom", "&View", "zoom_reset", "Ctrl+0"),
    ActionSpec("word_wrap", "&Word Wrap", "&View", "set_word_wrap", "Alt+Z", checkable=True),
    ActionSpec("dark_theme", "&Dark Editor Theme", "&View", "set_dark_theme", None, checkable=True),
    ActionSpec("run_selection", "Run &Selection or Line", "&Run", "run_selection", "F9",
               toolbar=True, scope="editor", icon=SP.SP_MediaSeekForward),
    ActionSpec("run_cell", "Run &Cell", "&Run", "run_cell", "Ctrl+Return", toolbar=True,
               scope="editor", icon=SP.SP_MediaPlay),
    ActionSpec("run_cell_advance", "Run Cell and &Advance", "&Run", "run_cell_and_advance",
               "Shift+Return", scope="editor"),
    ActionSpec("run_file", "Run &File", "&Run", "run_file", "F5", toolbar=True,
               icon=SP.SP_MediaSkipForward),
    ActionSpec("interrupt", "&Interrupt Kernel", "&Kernel", "interrupt_kernel", None, toolbar=True,
               icon=SP.SP_MediaStop),
    ActionSpec("restart", "&Restart Kernel…", "&Kernel", "restart_kernel", "Ctrl+.", toolbar=True,
               icon=SP.SP_BrowserReload),
    ActionSpec("restart_rerun", "Restart Kernel and Re-run &Setup…", "&Kernel", "restart_and_rerun",
               None),
    ActionSpec("reload_on_save", "Reload Modules on &Save", "&Kernel", "set_reload_on_save", None,
               checkable=True),
    ActionSpec("select_interpreter", "Select &Interpreter…", "&Kernel", "select_interpreter", None),
    ActionSpec("create_environment", "Create Project &Environment…", "&Kernel",
               "create_environment", None),
)


def build_actions(window: QWidget, editor_area: QWidget) -> dict[str, QAction]:
    """Create a QAction per spec, wired to `window`'s handler; editor-scoped ones live on `editor_area`."""
    actions: dict[str, QAction] = {}
    for spec in ACTIONS:
        action = QAction(spec.text, window)
        action.setObjectName(f"action_{spec.name}")
        if spec.shortcut is not None:
            action.setShortcut(QKeySequence(spec.shortcut))
        if spec.icon is not None:
            action.setIcon(window.style().standardIcon(spec.icon))
        action.setCheckable(spec.checkable)
        handler = getattr(window, spec.handler)
        if spec.checkable:
            action.toggled.connect(handler)
        else:
            action.triggered.connect(lambda _checked=False, h=handler: h())
        if spec.scope == "editor":
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            editor_area.addAction(action)
        else:
            window.addAction(action)
        actions[spec.name] = action
    return actions


def shortcut_table() -> list[tuple[str, str]]:
    """(shortcut, command) pairs in table order: the README's keyboard list is made from this."""
    rows = []
    for spec in ACTIONS:
        if spec.shortcut is None:
            continue
        keys = QKeySequence(spec.shortcut).toString(QKeySequence.SequenceFormat.PortableText)
        rows.append((keys, spec.text.replace("&", "").rstrip("…")))
    return rows


def build_menus_and_toolbar(window, actions: dict[str, QAction]):
    """Menus and the toolbar from the table; returns File > Open Recent (filled when shown)."""
    menus: dict[str, object] = {}
    toolbar = window.addToolBar("Main")
    toolbar.setObjectName("MainToolBar")
    toolbar.setMovable(False)
    recent_menu = None
    for spec in ACTIONS:
        menu = menus.get(spec.menu) or window.menuBar().addMenu(spec.menu)
        menus[spec.menu] = menu
        menu.addAction(actions[spec.name])
        if spec.toolbar:
            toolbar.addAction(actions[spec.name])
        if spec.name == "open_folder":
            recent_menu = menu.addMenu("Open &Recent")
    return recent_menu

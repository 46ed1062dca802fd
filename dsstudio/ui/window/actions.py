"""Every command of the main window in one table: name, text, shortcut, menu, handler.

The table is data, so menus, toolbar, shortcuts and the README's shortcut list all come from one
place. A handler is a MainWindow method name, or "module:function" for a command that lives in a
module of its own (dialogs, preferences): imported when first used, called with the window.
"""

from __future__ import annotations

from typing import NamedTuple

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QWidget

from dsstudio.ui.icons.icon_set import set_icon

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
    icon: str | None = None  # a name in dsstudio/ui/icons/svg
    checkable: bool = False
    # A submenu of `menu` whose checkable actions exclude each other (View > Theme).
    group: str | None = None


PREFS = "dsstudio.ui.window.window_preferences"
PREFS_DIALOG = "dsstudio.ui.window.preferences_dialog"
EDIT = "dsstudio.ui.window.editor_commands"
HELP = "dsstudio.ui.window.help_menu"
NEW_PROJECT = "dsstudio.ui.window.new_project_dialog"
PANES = "dsstudio.ui.window.pane_layout"
DEBUG = "dsstudio.ui.debug.debug_commands"
VARIABLES = "dsstudio.ui.variables.variables_window"
# Commands that need an open project: disabled on the start page (nothing to run them on).
PROJECT_ONLY = ("new_notebook", "save_project_file", "run_selection", "run_cell", "run_cell_advance",
                "run_file", "interrupt", "restart", "restart_rerun", "reload_on_save",
                "select_interpreter", "create_environment", "reload_history",
                "ask_run_imported", "variables", "connect_server")
# Project commands that also need something done first: on once the console says so.
AFTER_CONSOLE_INPUT = ("restart_rerun",)  # re-runs what ran in the console
# The debugger's steps: enabled only while the kernel is paused (ui/debug/window_debugger.py).
PAUSED_ONLY = ("debug_continue", "step_over", "step_into", "step_out", "run_to_cursor", "stop_run")
ACTIONS: tuple[ActionSpec, ...] = (
    ActionSpec("new_file", "&New File", "&File", "new_file", SK.New, icon="new_file"),
    ActionSpec("new_notebook", "New &Notebook", "&File", "new_notebook", "Ctrl+Shift+N",
               icon="new_notebook"),
    ActionSpec("new_project", "New &Project…", "&File", f"{NEW_PROJECT}:new_project"),
    ActionSpec("open_file", "&Open File…", "&File", "open_file_dialog", SK.Open),
    ActionSpec("open_folder", "Open &Folder…", "&File", "open_folder_dialog", "Ctrl+Shift+O",
               icon="open_folder"),
    ActionSpec("save", "&Save", "&File", "save", SK.Save, toolbar=True, icon="save"),
    ActionSpec("save_as", "Save &As…", "&File", "save_as", "Ctrl+Shift+S"),
    ActionSpec("save_all", "Save A&ll", "&File", "save_all", "Ctrl+Alt+S"),
    ActionSpec("save_project_file", "Save &Project File", "&File", "save_project_file"),
    ActionSpec("autosave", "Auto&save Files", "&File", "set_autosave", None, checkable=True),
    ActionSpec("close_tab", "&Close Tab", "&File", "close_current_tab", "Ctrl+W"),
    ActionSpec("quit", "&Quit", "&File", "close", "Ctrl+Q"),
    ActionSpec("undo", "&Undo", "&Edit", f"{EDIT}:undo", None),
    ActionSpec("redo", "&Redo", "&Edit", f"{EDIT}:redo", None),
    ActionSpec("find", "&Find…", "&Edit", f"{EDIT}:show_find", SK.Find, icon="find"),
    ActionSpec("replace", "&Replace…", "&Edit", f"{EDIT}:show_replace", "Ctrl+H"),
    ActionSpec("find_in_files", "Find in F&iles…", "&Edit", "find_in_files", "Ctrl+Shift+F"),
    ActionSpec("goto_line", "&Go to Line…", "&Edit", f"{EDIT}:goto_line", "Ctrl+L"),
    ActionSpec("toggle_comment", "Toggle &Comment", "&Edit", f"{EDIT}:toggle_comment", "Ctrl+/"),
    ActionSpec("preferences", "&Preferences…", "&Edit", f"{PREFS_DIALOG}:show_preferences",
               "Ctrl+,"),
    ActionSpec("goto_definition", "Go to &Definition", "&Edit", f"{EDIT}:goto_definition", "F12",
               scope="editor"),
    ActionSpec("find_references", "Find Re&ferences", "&Edit", f"{EDIT}:find_references", "Shift+F12",
               scope="editor"),
    ActionSpec("navigate_back", "&Back", "&Edit", f"{EDIT}:navigate_back", "Alt+Left", scope="editor"),
    # VS Code's keys for the side bar (Ctrl+B) and the panel (Ctrl+J).
    ActionSpec("show_tree", "Project &Tree", "&View", f"{PANES}:show_tree", "Ctrl+B", checkable=True),
    ActionSpec("show_side_column", "Side &Column (Console)", "&View", f"{PANES}:show_side_column",
               "Ctrl+J", checkable=True),
    ActionSpec("show_problems", "&Problems", "&View", f"{PANES}:show_problems", checkable=True),
    ActionSpec("maximise_pane", "&Maximise or Restore Pane", "&View", f"{PANES}:toggle_maximised",
               "Ctrl+Shift+M"),
    ActionSpec("move_tab", "Move Tab to &Other Side", "&View", f"{PANES}:move_tab_to_other_side"),
    ActionSpec("zoom_in", "Zoom &In", "&View", f"{EDIT}:zoom_in", "Ctrl+="),
    ActionSpec("zoom_out", "Zoom &Out", "&View", f"{EDIT}:zoom_out", "Ctrl+-"),
    ActionSpec("zoom_reset", "&Reset Zoom", "&View", f"{EDIT}:zoom_reset", "Ctrl+0"),
    ActionSpec("word_wrap", "&Word Wrap", "&View", f"{PREFS}:set_word_wrap", "Alt+Z", checkable=True),
    ActionSpec("variables", "&Variables", "&View", f"{VARIABLES}:toggle_variables", checkable=True),
    ActionSpec("theme_light", "&Light", "&View", f"{PREFS}:choose_light_theme", checkable=True,
               group="&Theme"),
    ActionSpec("theme_dark", "&Dark", "&View", f"{PREFS}:choose_dark_theme", checkable=True,
               group="&Theme"),
    ActionSpec("theme_system", "&Follow System", "&View", f"{PREFS}:choose_system_theme",
               checkable=True, group="&Theme"),
    ActionSpec("reload_history", "Reload &History", "&View",
               "dsstudio.ui.kernel.reload_history_dialog:show_reload_history"),
    ActionSpec("run_selection", "Run &Selection or Line", "&Run", "run_selection", "F9",
               toolbar=True, scope="editor", icon="run_line"),
    ActionSpec("run_cell", "Run &Cell", "&Run", "run_cell", "Ctrl+Return", toolbar=True,
               scope="editor", icon="run_cell"),
    ActionSpec("run_cell_advance", "Run Cell and &Advance", "&Run", "run_cell_and_advance",
               "Shift+Return", scope="editor", icon="run_cell_advance"),
    ActionSpec("run_file", "Run &File", "&Run", f"{EDIT}:run_file", "F5", toolbar=True,
               icon="run_file"),
    ActionSpec("ask_run_imported", "Ask Before Running an &Imported Module", "&Run",
               "dsstudio.ui.kernel.run_file_choice:set_asking", checkable=True),
    ActionSpec("toggle_breakpoint", "Toggle &Breakpoint", "&Run", f"{DEBUG}:toggle_breakpoint",
               "Ctrl+F8", scope="editor"),
    ActionSpec("breakpoint_condition", "Breakpoint Con&dition…", "&Run",
               f"{DEBUG}:set_condition", scope="editor"),
    ActionSpec("log_point", "&Log Point…", "&Run", f"{DEBUG}:set_log_point", scope="editor"),
    # While the kernel is paused: Run File (also F5) is disabled then, so F5 continues.
    ActionSpec("debug_continue", "C&ontinue", "&Run", f"{DEBUG}:debug_continue", "F5"),
    ActionSpec("step_over", "Step O&ver", "&Run", f"{DEBUG}:step_over", "F10"),
    ActionSpec("step_into", "Step &Into", "&Run", f"{DEBUG}:step_into", "F11"),
    ActionSpec("step_out", "Step Ou&t", "&Run", f"{DEBUG}:step_out", "Shift+F11"),
    ActionSpec("stop_run", "Sto&p Debugging", "&Run", f"{DEBUG}:stop_run", "Shift+F5"),
    ActionSpec("run_to_cursor", "Run to &Cursor", "&Run", f"{DEBUG}:run_to_cursor", "Ctrl+F10"),
    ActionSpec("interrupt", "&Interrupt Kernel", "&Kernel", "interrupt_kernel", None, toolbar=True,
               icon="interrupt"),
    ActionSpec("restart", "&Restart Kernel…", "&Kernel", "restart_kernel", "Ctrl+.", toolbar=True,
               icon="restart"),
    ActionSpec("restart_rerun", "Restart Kernel and Re-run &Setup…", "&Kernel",
               "dsstudio.ui.kernel.restart_rerun:restart_and_rerun"),
    ActionSpec("reload_on_save", "Reload Modules on &Save", "&Kernel", "set_reload_on_save", None,
               checkable=True),
    ActionSpec("select_interpreter", "Select &Interpreter…", "&Kernel", "select_interpreter", None),
    ActionSpec("connect_server", "Connect to &Jupyter Server…", "&Kernel",
               "dsstudio.ui.kernel.remote_connect:connect_to_server", None),
    ActionSpec("create_environment", "Create Project &Environment…", "&Kernel",
               "create_environment", None),
    ActionSpec("keyboard_shortcuts", "&Keyboard Shortcuts", "&Help", f"{HELP}:show_shortcuts"),
    ActionSpec("documentation", "&Documentation", "&Help", f"{HELP}:open_documentation"),
    ActionSpec("about", "&About dsstudio", "&Help", f"{HELP}:show_about"),
)


def build_actions(window: QWidget, editor_area: QWidget) -> dict[str, QAction]:
    """Create a QAction per spec, wired to `window`'s handler; editor-scoped ones live on `editor_area`."""
    actions: dict[str, QAction] = {}
    groups: dict[str, QActionGroup] = {}
    for spec in ACTIONS:
        action = QAction(spec.text, window)
        if spec.group is not None:
            groups.setdefault(spec.group, QActionGroup(window)).addAction(action)
        action.setObjectName(f"action_{spec.name}")
        if spec.shortcut is not None:
            action.setShortcut(QKeySequence(spec.shortcut))
            # "Run Cell (Ctrl+Return)": a toolbar button says its keys when hovered.
            keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
            action.setToolTip(f"{_plain(spec.text)} ({keys})")
        if spec.icon is not None:
            set_icon(action, spec.icon)  # (re-made when the theme changes)
        action.setCheckable(spec.checkable)
        action.setEnabled(spec.name not in PAUSED_ONLY)
        handler = resolve_handler(window, spec.handler)
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


def editor_scoped(actions: dict[str, QAction]) -> list[QAction]:
    """The actions whose keys act on the editor only (Run Cell, Shift+Enter, F12, ...)."""
    return [actions[spec.name] for spec in ACTIONS if spec.scope == "editor"]


def resolve_handler(window: QWidget, name: str):
    """`window`'s method `name`, or a caller of "module:function" that imports it when first called
    (so a dialog's module costs nothing at start-up)."""
    if ":" not in name:
        return getattr(window, name)
    module_name, function = name.split(":")

    def call(*args):
        import importlib  # (already loaded by Python itself: free)

        return getattr(importlib.import_module(module_name), function)(window, *args)

    return call


def shortcut_table() -> list[tuple[str, str]]:
    """(shortcut, command) pairs in table order: the README's keyboard list is made from this."""
    rows = []
    for spec in ACTIONS:
        if spec.shortcut is None:
            continue
        keys = QKeySequence(spec.shortcut).toString(QKeySequence.SequenceFormat.PortableText)
        rows.append((keys, _plain(spec.text)))
    return rows


def _plain(text: str) -> str:
    """A menu text without its mnemonic and ellipsis: "Run &Cell" -> "Run Cell"."""
    return text.replace("&", "").rstrip("…")


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
        if spec.group is not None:
            key = f"{spec.menu}/{spec.group}"
            submenu = menus.get(key) or menu.addMenu(spec.group)
            menus[key] = submenu
            submenu.addAction(actions[spec.name])
            continue
        menu.addAction(actions[spec.name])
        if spec.toolbar:
            toolbar.addAction(actions[spec.name])
        if spec.name == "open_folder":
            recent_menu = menu.addMenu("Open &Recent")
    return recent_menu


def enable_project_actions(actions: dict[str, QAction], on: bool) -> None:
    """Commands that act on a project's kernel or files: off while no project is open."""
    for name in PROJECT_ONLY:
        actions[name].setEnabled(on and name not in AFTER_CONSOLE_INPUT)


def empty_editor_text(actions: dict[str, QAction]) -> str:
    """What the empty editor area says: how to open a file, and the main keys."""
    def keys(name: str) -> str:
        return actions[name].shortcut().toString(QKeySequence.SequenceFormat.NativeText)

    rows = "".join(f"<tr><td align='right'><b>{keys(n)}</b>&nbsp;&nbsp;</td>"
                   f"<td>{_plain(actions[n].text())}</td></tr>"
                   for n in ("open_file", "new_file", "new_notebook", "run_cell", "run_selection",
                             "run_file", "preferences"))
    return ("<p>No file is open.</p><p>Double-click a file in the project tree, "
            f"or use File &gt; Open File.</p><table align='center'>{rows}</table>")

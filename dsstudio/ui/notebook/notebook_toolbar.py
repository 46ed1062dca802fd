"""The notebook's toolbar: run (with a menu of run commands), kernel, cells, save, stale count."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QLabel, QMenu, QToolBar, QToolButton

from dsstudio.ui.icons.icon_set import set_icon
from dsstudio.ui.notebook.notebook_keys import keys_of

# The run and kernel buttons say what they do beside their icon (like the main toolbar's run
# buttons); the cell buttons (insert, move, save) are icons with tooltips.
BESIDE = Qt.ToolButtonStyle.ToolButtonTextBesideIcon
ICON_SIZE = 20  # as the main toolbar (ui/window/main_toolbar.py)


class NotebookToolBar(QToolBar):
    """Buttons for `view` (a NotebookView); `save_outputs` is the project's switch, shown here."""

    def __init__(self, view, save_outputs: bool) -> None:
        super().__init__()
        self.setObjectName("NotebookToolBar")
        self.setIconSize(QSize(ICON_SIZE, ICON_SIZE))
        run_menu = QMenu(self)
        for text, handler, keys, icon in (
                ("Run Cell", view.run_selected, keys_of("run_selected"), "run_cell"),
                ("Run Cell and Select Below", view.run_and_advance, keys_of("run_and_advance"),
                 "run_cell_advance"),
                ("Run All Cells", view.run_all, None, "run_all"),
                ("Run All Above", view.run_above, None, None),
                ("Run Selected and All Below", view.run_below, None, None),
                ("Run Stale Cells", view.run_stale, None, "run_stale")):
            action = run_menu.addAction(text, handler)
            if icon:
                set_icon(action, icon)
            if keys:
                action.setToolTip(keys)  # (the keys are the view's: notebook_keys.py)
        self.run_button = QToolButton()
        self.run_button.setObjectName("NotebookRun")
        self.run_button.setText("Run")
        set_icon(self.run_button, "run_cell")
        self.run_button.setToolButtonStyle(BESIDE)
        self.run_button.setToolTip(f"Run the selected cells ({keys_of('run_selected')}); the arrow "
                                   "has the others")
        self.run_button.setMenu(run_menu)
        self.run_button.setPopupMode(QToolButton.ToolButtonPopupMode.MenuButtonPopup)
        self.run_button.clicked.connect(view.run_selected)
        self.addWidget(self.run_button)
        run_all = self.addAction("Run All", view.run_all)
        set_icon(run_all, "run_all")
        self.widgetForAction(run_all).setToolButtonStyle(BESIDE)
        self.stale_label = QLabel()
        self.stale_label.setObjectName("StaleCount")
        self.addWidget(self.stale_label)
        self.run_stale_action = self.addAction("Run stale", view.run_stale)
        set_icon(self.run_stale_action, "run_stale")
        self.widgetForAction(self.run_stale_action).setToolButtonStyle(BESIDE)
        self.addSeparator()
        interrupt = self.addAction("Interrupt", view.interrupt)
        interrupt.setToolTip(f"Interrupt the kernel ({keys_of('interrupt')})")
        set_icon(interrupt, "interrupt")
        restart_menu = QMenu(self)
        restart_menu.addAction("Restart Kernel…", lambda: view.sig_restart_requested.emit(False))
        restart_menu.addAction("Restart Kernel and Run All…", lambda: view.sig_restart_requested.emit(True))
        restart = QToolButton()
        restart.setToolTip(f"Restart the kernel ({keys_of('restart')}), or restart and run all")
        restart.setText("Restart")
        set_icon(restart, "restart")
        restart.setToolButtonStyle(BESIDE)
        restart.setMenu(restart_menu)
        restart.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.addWidget(restart)
        self.addSeparator()
        for text, handler, tip, icon in (
                ("Insert Cell", lambda: view.insert_cell(below=True),
                 f"Insert a cell below ({keys_of('insert_below')})", "add_cell"),
                ("Move Up", lambda: view.move_selected(-1), f"Move the cell up ({keys_of('move_up')})",
                 "move_up"),
                ("Move Down", lambda: view.move_selected(1),
                 f"Move the cell down ({keys_of('move_down')})", "move_down"),
                ("Clear Outputs", view.clear_outputs, "Clear all outputs", "clear_outputs")):
            action = self.addAction(text, handler)
            action.setToolTip(tip)
            set_icon(action, icon)
        self.addSeparator()
        set_icon(self.addAction("Save", view.save), "save")
        self.save_outputs: QAction = self.addAction("Save outputs")
        self.save_outputs.setCheckable(True)
        self.save_outputs.setChecked(save_outputs)
        self.save_outputs.setToolTip("Write outputs into the file (off: for notebooks kept in git "
                                     "without outputs); a project setting")
        self.show_stale_count(0)

    def show_stale_count(self, count: int) -> None:
        from dsstudio.ui.theme.theme_colours import colour

        mark = f"<span style='color:{colour('stale')}'>◆</span>"  # the theme's (again after a switch)
        self.stale_label.setText(f"  {mark} {count} stale " if count else "")
        self.run_stale_action.setVisible(count > 0)

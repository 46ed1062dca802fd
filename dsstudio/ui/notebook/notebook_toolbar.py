"""The notebook's toolbar: run (with a menu of run commands), kernel, cells, save, stale count."""

from __future__ import annotations

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QLabel, QMenu, QToolBar, QToolButton


class NotebookToolBar(QToolBar):
    """Buttons for `view` (a NotebookView); `save_outputs` is the project's switch, shown here."""

    def __init__(self, view, save_outputs: bool) -> None:
        super().__init__()
        self.setObjectName("NotebookToolBar")
        run_menu = QMenu(self)
        for text, handler, keys in (("Run Cell", view.run_selected, "Ctrl+Enter"),
                                    ("Run Cell and Select Below", view.run_and_advance, "Shift+Enter"),
                                    ("Run All Cells", view.run_all, None),
                                    ("Run All Above", view.run_above, None),
                                    ("Run Selected and All Below", view.run_below, None),
                                    ("Run Stale Cells", view.run_stale, None)):
            action = run_menu.addAction(text, handler)
            if keys:
                action.setToolTip(keys)  # the keys belong to the view (see NotebookView)
        self.run_button = QToolButton()
        self.run_button.setObjectName("NotebookRun")
        self.run_button.setText("▶ Run")
        self.run_button.setToolTip("Run the selected cell (Ctrl+Enter); the arrow has the others")
        self.run_button.setMenu(run_menu)
        self.run_button.setPopupMode(QToolButton.ToolButtonPopupMode.MenuButtonPopup)
        self.run_button.clicked.connect(view.run_selected)
        self.addWidget(self.run_button)
        self.addAction("Run All", view.run_all)
        self.stale_label = QLabel()
        self.stale_label.setObjectName("StaleCount")
        self.addWidget(self.stale_label)
        self.run_stale_action = self.addAction("Run stale", view.run_stale)
        self.addSeparator()
        self.addAction("■", view.interrupt).setToolTip("Interrupt the kernel")
        restart_menu = QMenu(self)
        restart_menu.addAction("Restart Kernel…", lambda: view.sig_restart_requested.emit(False))
        restart_menu.addAction("Restart Kernel and Run All…", lambda: view.sig_restart_requested.emit(True))
        restart = QToolButton()
        restart.setText("↻ Restart")
        restart.setMenu(restart_menu)
        restart.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.addWidget(restart)
        self.addSeparator()
        self.addAction("+", lambda: view.insert_cell(below=True)).setToolTip("Insert a cell below (B)")
        self.addAction("↑", lambda: view.move_selected(-1)).setToolTip("Move the cell up (Ctrl+Shift+Up)")
        self.addAction("↓", lambda: view.move_selected(1)).setToolTip("Move the cell down (Ctrl+Shift+Down)")
        self.addAction("Clear Outputs", view.clear_outputs)
        self.addSeparator()
        self.addAction("Save", view.save)
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

"""Kernel > Select Interpreter…: the interpreters found for the project, in one list.

Each row: name ("Python 3.12 (.venv)"), version, ipykernel (version, "missing" or "too old"), and
path. Discovery runs on a worker thread (each python is asked about itself, in parallel); what
was found before shows at once while a refresh runs. Browse… adds any python executable.
"""

from __future__ import annotations

import threading
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QFont
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHeaderView,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from dsstudio.core.kernel.interpreter import ProjectInterpreter
from dsstudio.ui.theme.theme_colours import qcolour

# What was found per project root during this run of the app ("cached, refreshed on request").
FOUND: dict[str, list[ProjectInterpreter]] = {}
COLUMNS = ("Interpreter", "Version", "ipykernel", "Path")


class InterpreterPicker(QDialog):
    sig_create_environment = Signal()
    """The user asked for a new project environment instead."""

    _found = Signal(object)  # from the discovery thread: list[ProjectInterpreter]
    _described = Signal(object)  # from the Browse… probe: ProjectInterpreter

    def __init__(self, root: Path, current_key: str | None, parent: QWidget | None = None,
                 discover=None, describe=None) -> None:
        super().__init__(parent)
        from dsstudio.core.kernel import discovery

        self.setObjectName("InterpreterPicker")
        self.setWindowTitle("Select Interpreter")
        self.resize(820, 420)
        self.root = Path(root)
        self.current_key = current_key
        self.chosen: ProjectInterpreter | None = None
        self._discover = discover or (lambda: discovery.discover(self.root))
        self._describe = describe or (lambda python: discovery.describe(python, self.root))
        self.status = QLabel()
        self.status.setObjectName("PickerStatus")
        self.tree = QTreeWidget()
        self.tree.setObjectName("InterpreterList")
        self.tree.setHeaderLabels(COLUMNS)
        self.tree.setRootIsDecorated(False)
        self.tree.setAlternatingRowColors(True)
        header = self.tree.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.tree.itemDoubleClicked.connect(lambda _item, _col: self._use())
        self.tree.currentItemChanged.connect(lambda *_: self._update_buttons())
        buttons = QDialogButtonBox()
        self.use_button = buttons.addButton("Use", QDialogButtonBox.ButtonRole.AcceptRole)
        self.use_button.setObjectName("UseInterpreterButton")
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.browse_button = QPushButton("Browse…")
        self.refresh_button = QPushButton("Refresh")
        self.create_button = QPushButton("Create Project Environment…")
        for button in (self.browse_button, self.refresh_button, self.create_button):
            buttons.addButton(button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.accepted.connect(self._use)
        buttons.rejected.connect(self.reject)
        self.browse_button.clicked.connect(self.browse)
        self.refresh_button.clicked.connect(self.refresh)
        self.create_button.clicked.connect(self._create_environment)
        layout = QVBoxLayout(self)
        layout.addWidget(self.status)
        layout.addWidget(self.tree, 1)
        layout.addWidget(buttons)
        self._found.connect(self._on_found)
        self._described.connect(self._on_described)
        self._extra: list[ProjectInterpreter] = []  # browsed to: kept across refreshes
        cached = FOUND.get(str(self.root))
        if cached is not None:
            self._fill(cached)
            self.status.setText(f"{len(cached)} found (Refresh to look again).")
        else:
            self.refresh()

    # ---- Public API
    def refresh(self) -> None:
        self.status.setText("Looking for interpreters…")
        self.refresh_button.setEnabled(False)

        def work() -> None:
            self._found.emit(self._discover())

        threading.Thread(target=work, name="dsstudio-discovery", daemon=True).start()

    def browse(self) -> None:
        chosen, _ = QFileDialog.getOpenFileName(self, "Choose a Python executable", str(self.root))
        if chosen:
            self.add_python(Path(chosen))

    def add_python(self, python: Path) -> None:
        """Ask `python` about itself (worker thread) and list it, selected."""
        self.status.setText(f"Asking {python}…")
        threading.Thread(target=lambda: self._described.emit(self._describe(python)),
                         name="dsstudio-describe", daemon=True).start()

    def items(self) -> list[ProjectInterpreter]:
        return [self.tree.topLevelItem(i).data(0, Qt.ItemDataRole.UserRole)
                for i in range(self.tree.topLevelItemCount())]

    def select(self, interpreter_key: str) -> bool:
        for i in range(self.tree.topLevelItemCount()):
            item = self.tree.topLevelItem(i)
            if item.data(0, Qt.ItemDataRole.UserRole).key() == interpreter_key:
                self.tree.setCurrentItem(item)
                return True
        return False

    # ---- Internals
    def _on_found(self, found: list[ProjectInterpreter]) -> None:
        FOUND[str(self.root)] = found
        self.refresh_button.setEnabled(True)
        self._fill(found)
        self.status.setText(f"{len(found)} found.")

    def _on_described(self, interpreter: ProjectInterpreter) -> None:
        self._extra = [i for i in self._extra if i.key() != interpreter.key()] + [interpreter]
        self._fill(FOUND.get(str(self.root), []))
        self.select(interpreter.key())
        self.status.setText(interpreter.problem or f"Added {interpreter.python}.")

    def _fill(self, found: list[ProjectInterpreter]) -> None:
        selected = self.tree.currentItem()
        keep = selected.data(0, Qt.ItemDataRole.UserRole).key() if selected else self.current_key
        self.tree.clear()
        keys = set()
        for interpreter in [*found, *self._extra]:
            if interpreter.key() in keys:
                continue
            keys.add(interpreter.key())
            self.tree.addTopLevelItem(self._item(interpreter))
        if keep is None or not self.select(keep):
            self.tree.setCurrentItem(self.tree.topLevelItem(0))
        self._update_buttons()

    def _item(self, interpreter: ProjectInterpreter) -> QTreeWidgetItem:
        name = interpreter.display_name
        if interpreter.key() == self.current_key:
            name = f"● {name}   (current)"
        path = str(interpreter.python) if interpreter.python else "-"
        item = QTreeWidgetItem([name, interpreter.version or "", interpreter.ipykernel_text, path])
        item.setData(0, Qt.ItemDataRole.UserRole, interpreter)
        tip = interpreter.problem or f"{interpreter.kind}: {path}"
        for column in range(len(COLUMNS)):
            item.setToolTip(column, tip)
        if interpreter.key() == self.current_key:
            font = QFont(item.font(0))
            font.setBold(True)
            item.setFont(0, font)
        if interpreter.problem:
            item.setText(2, "unsupported" if "too old" in interpreter.problem else "broken")
            for column in range(len(COLUMNS)):
                item.setForeground(column, QBrush(qcolour("muted")))
        elif interpreter.language == "python" and not interpreter.usable:
            item.setForeground(2, QBrush(qcolour("error")))
        return item

    def _update_buttons(self) -> None:
        item = self.tree.currentItem()
        interpreter = item.data(0, Qt.ItemDataRole.UserRole) if item else None
        self.use_button.setEnabled(interpreter is not None and interpreter.problem is None)

    def _use(self) -> None:
        item = self.tree.currentItem()
        if item is None:
            return
        interpreter = item.data(0, Qt.ItemDataRole.UserRole)
        if interpreter.problem is not None:
            self.status.setText(interpreter.problem)
            return
        self.chosen = interpreter
        self.accept()

    def _create_environment(self) -> None:
        self.reject()
        self.sig_create_environment.emit()

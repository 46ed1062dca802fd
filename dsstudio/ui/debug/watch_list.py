"""The Debug pane's watch list: expressions evaluated in the selected frame at each stop."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLineEdit, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

NOT_PAUSED = "(not paused)"


class WatchList(QWidget):
    sig_changed = Signal(list)
    """The expressions were added to or removed from (their texts, in order)."""

    def __init__(self, session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels(["Watch", "Value"])
        self.tree.setRootIsDecorated(False)
        self.tree.setToolTip("Evaluated in the selected frame at each stop; Delete removes one")
        self.new = QLineEdit(placeholderText="Add a watch expression (Enter)")
        self.new.returnPressed.connect(self._add_typed)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.new)
        self._frame_id: int | None = None
        self._generation = 0  # grows with each refresh: answers to an older one are dropped

    def expressions(self) -> list[str]:
        return [self.tree.topLevelItem(i).text(0) for i in range(self.tree.topLevelItemCount())]

    def set_expressions(self, expressions: list[str]) -> None:
        self.tree.clear()
        for expression in expressions:
            self.tree.addTopLevelItem(QTreeWidgetItem([expression, NOT_PAUSED]))

    def add(self, expression: str) -> None:
        expression = expression.strip()
        if not expression or expression in self.expressions():
            return
        item = QTreeWidgetItem([expression, NOT_PAUSED])
        self.tree.addTopLevelItem(item)
        self.sig_changed.emit(self.expressions())
        if self._frame_id is not None:
            self._evaluate(item, self._generation)

    def remove_selected(self) -> None:
        for item in self.tree.selectedItems():
            self.tree.takeTopLevelItem(self.tree.indexOfTopLevelItem(item))
        self.sig_changed.emit(self.expressions())

    def refresh(self, frame_id: int | None) -> None:
        """Evaluate every watch in frame `frame_id` (None: not paused, nothing evaluated)."""
        self._frame_id = frame_id
        self._generation += 1
        for i in range(self.tree.topLevelItemCount()):
            item = self.tree.topLevelItem(i)
            item.setText(1, NOT_PAUSED if frame_id is None else "…")
            if frame_id is not None:
                self._evaluate(item, self._generation)

    def keyPressEvent(self, event) -> None:
        if event.key() == Qt.Key.Key_Delete and self.tree.hasFocus():
            self.remove_selected()
            return
        super().keyPressEvent(event)

    def _add_typed(self) -> None:
        self.add(self.new.text())
        self.new.clear()

    def _evaluate(self, item: QTreeWidgetItem, generation: int) -> None:
        def show(value: str) -> None:
            if generation == self._generation and self.tree.indexOfTopLevelItem(item) >= 0:
                item.setText(1, value)

        # ("watch": debugpy evaluates an expression only, never runs a statement typed there)
        self.session.evaluate(item.text(0), self._frame_id, show, context="watch")

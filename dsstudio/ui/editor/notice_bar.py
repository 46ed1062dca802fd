"""A thin bar above a document that says something needs the user (changed on disk, deleted,
recovered text) and offers the answers as buttons. It never takes a decision itself."""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

COLOURS = {  # background, border: warnings stand out, information does not shout
    "warning": ("#fff3cd", "#e0c060"),
    "error": ("#fdecea", "#e0a0a0"),
    "info": ("#e8f0fe", "#a8c0e8"),
}


class Notice(NamedTuple):
    text: str
    actions: tuple[tuple[str, Callable[[], None]], ...] = ()
    kind: str = "warning"


class NoticeBar(QFrame):
    """Shows one Notice at a time; hidden when there is none."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("NoticeBar")
        self.notice: Notice | None = None
        self._label = QLabel()
        self._label.setWordWrap(True)
        self._label.setTextFormat(Qt.TextFormat.PlainText)
        self._layout = QHBoxLayout(self)
        self._layout.setContentsMargins(8, 4, 8, 4)
        self._layout.addWidget(self._label, 1)
        self._buttons: list[QPushButton] = []
        self.hide()

    def show_notice(self, notice: Notice | None) -> None:
        self.notice = notice
        for button in self._buttons:
            button.deleteLater()
        self._buttons = []
        if notice is None:
            self.hide()
            return
        background, border = COLOURS.get(notice.kind, COLOURS["warning"])
        self.setStyleSheet(f"#NoticeBar {{ background: {background}; border-bottom: 1px solid {border}; }}")
        self._label.setText(notice.text)
        for label, callback in notice.actions:
            button = QPushButton(label)
            button.setAutoDefault(False)
            button.clicked.connect(callback)
            self._layout.addWidget(button)
            self._buttons.append(button)
        self.show()

    def button_labels(self) -> list[str]:
        return [button.text() for button in self._buttons]

    def click(self, label: str) -> None:
        """Press the button labelled `label` (tests and keyboard shortcuts)."""
        for button in self._buttons:
            if button.text() == label:
                button.click()
                return
        raise KeyError(label)

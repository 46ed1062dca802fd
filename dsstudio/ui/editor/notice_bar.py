"""A thin bar above a document that says something needs the user (changed on disk, deleted,
recovered text) and offers the answers as buttons. It never takes a decision itself."""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from dsstudio.ui.theme.themed_style import set_themed_style

KINDS = ("warning", "error", "info")  # warnings stand out, information does not shout
# The bar's style sheet, with KIND replaced by one of KINDS (themed_style fills the colours).
STYLE = ("#NoticeBar {{ background: {KIND_bg}; border-bottom: 1px solid {KIND_border}; }} "
         "#NoticeBar > QLabel {{ color: {KIND_text}; }}")


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
        self.restyle()
        self._label.setText(notice.text)
        for label, callback in notice.actions:
            button = QPushButton(label)
            button.setAutoDefault(False)
            button.clicked.connect(callback)
            self._layout.addWidget(button)
            self._buttons.append(button)
        self.show()

    def restyle(self) -> None:
        """The colours of the notice's kind (filled again when the theme changes)."""
        kind = self.notice.kind if self.notice is not None and self.notice.kind in KINDS else "warning"
        set_themed_style(self, STYLE.replace("KIND", kind))

    def button_labels(self) -> list[str]:
        return [button.text() for button in self._buttons]

    def click(self, label: str) -> None:
        """Press the button labelled `label` (tests and keyboard shortcuts)."""
        for button in self._buttons:
            if button.text() == label:
                button.click()
                return
        raise KeyError(label)

"""The bar over an untrusted notebook: "Trust this notebook to show its N interactive outputs".

Jupyter's rule: HTML and JavaScript a notebook brings from elsewhere do not run until the user
trusts it; until then its outputs show their static forms, and this one bar says so.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from dsstudio.ui.theme.theme_colours import colour


class TrustBar(QWidget):
    """Shown while some outputs wait for trust; its button calls `on_trust`."""

    def __init__(self, on_trust: Callable[[], None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("TrustBar")
        self.setAutoFillBackground(True)
        self.label = QLabel(self)
        self.button = QPushButton("Trust", self)
        self.button.setObjectName("TrustNotebook")
        self.button.clicked.connect(on_trust)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 3, 8, 3)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.button)
        self.setStyleSheet(f"#TrustBar {{ background:{colour('note_bg')}; }} "
                           f"#TrustBar QLabel {{ color:{colour('note_text')}; }}")
        self.hide()

    def show_count(self, count: int) -> None:
        """`count` outputs wait for trust (0: the bar goes)."""
        noun = "output" if count == 1 else "outputs"
        self.label.setText(f"Trust this notebook to show its {count} interactive {noun} "
                           f"(their scripts do not run until then)")
        self.setVisible(count > 0)

"""An image output: scaled down to fit the notebook's width, full size a click away.

A plot saved at a high DPI (or a wide figure) is wider than a notebook beside the editor; shown
at its own size it was cut at the pane's edge (cells clip what is wider than the notebook).
As in JupyterLab it is scaled down to the width (never up), keeping its proportions, and a
click shows it at full size in a window of its own.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QPainter, QPixmap
from PySide6.QtWidgets import QDialog, QLabel, QScrollArea, QSizePolicy, QVBoxLayout, QWidget


class FittedImage(QLabel):
    """`pixmap` at its size, or scaled down to the width it is given; `pixmap()` is the whole."""

    def __init__(self, pixmap: QPixmap, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ImageOutput")
        self.setPixmap(pixmap)
        policy = QSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)
        self._scaled: QPixmap | None = None  # the last scaled copy (a repaint scales nothing)

    def is_scaled(self) -> bool:
        return self.width() < self.pixmap().width()

    def shown_size(self, width: int | None = None) -> QSize:
        """The size the image is drawn at in `width` (the widget's width by default)."""
        full = self.pixmap().size()
        width = self.width() if width is None else width
        if width >= full.width() or full.width() <= 0:
            return full
        return QSize(width, max(1, round(full.height() * width / full.width())))

    def show_full_size(self) -> QDialog:
        """A window with the image at its own size (scroll bars if it is bigger than the screen)."""
        dialog = QDialog(self.window())
        dialog.setObjectName("FullSizeImage")
        dialog.setWindowTitle("Image")
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        scroll = QScrollArea(dialog)
        whole = QLabel()
        whole.setPixmap(self.pixmap())
        scroll.setWidget(whole)
        layout = QVBoxLayout(dialog)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll)
        screen = self.screen().availableGeometry().size() * 0.9
        dialog.resize(min(self.pixmap().width() + 4, screen.width()),
                      min(self.pixmap().height() + 4, screen.height()))
        dialog.show()
        return dialog

    # ---- Qt
    def hasHeightForWidth(self) -> bool:  # noqa: N802 (Qt name)
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802 (Qt name)
        return self.shown_size(width).height()

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt name)
        return self.pixmap().size()

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt name)
        return QSize(1, 1)

    def paintEvent(self, event) -> None:  # noqa: N802 (Qt name)
        size = self.shown_size()
        if size == self.pixmap().size():
            pixmap = self.pixmap()
        else:
            if self._scaled is None or self._scaled.size() != size:
                self._scaled = self.pixmap().scaled(size, Qt.AspectRatioMode.IgnoreAspectRatio,
                                                    Qt.TransformationMode.SmoothTransformation)
            pixmap = self._scaled
        QPainter(self).drawPixmap(0, 0, pixmap)

    def mousePressEvent(self, event) -> None:  # noqa: N802 (Qt name)
        if event.button() == Qt.MouseButton.LeftButton and self.is_scaled():
            self.show_full_size()
        super().mousePressEvent(event)

    def enterEvent(self, event) -> None:  # noqa: N802 (Qt name)
        # (A hand only where a click does something: on a scaled image.)
        self.setCursor(Qt.CursorShape.PointingHandCursor if self.is_scaled()
                       else Qt.CursorShape.ArrowCursor)
        super().enterEvent(event)

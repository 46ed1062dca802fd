"""Small letter badges for completion kinds, registered as Scintilla RGBA images.

Drawn with QPainter at start rather than shipped as files: they follow the editor's font size
and need no resources in the frozen bundle.
"""

from __future__ import annotations

import ctypes

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QImage, QPainter

# kind -> (image number in Scintilla's list, letter, colour). jedi's kinds, then the kernel's.
KINDS = {
    "function": (1, "f", "#7b3fb5"),
    "class": (2, "C", "#c26a00"),
    "module": (3, "M", "#4a6785"),
    "keyword": (4, "k", "#6b6b6b"),
    "instance": (5, "v", "#1f6fb2"),
    "statement": (5, "v", "#1f6fb2"),
    "param": (6, "p", "#2e7d6b"),
    "property": (7, "a", "#2e7d6b"),
    "path": (8, "/", "#6b6b6b"),
    "runtime": (9, "r", "#2e7d32"),  # known only to the running kernel
}
UNKNOWN = 10  # kind not resolved yet
SIZE = 14
SCI_REGISTERRGBAIMAGE = 2627


def badge(letter: str, colour: str) -> QImage:
    image = QImage(SIZE, SIZE, QImage.Format.Format_RGBA8888)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(colour))
    painter.drawRoundedRect(QRectF(0.5, 0.5, SIZE - 1, SIZE - 1), 3, 3)
    if letter:
        font = QFont()
        font.setPixelSize(10)
        font.setBold(True)
        painter.setFont(font)
        painter.setPen(QColor("white"))
        painter.drawText(QRectF(0, 0, SIZE, SIZE), Qt.AlignmentFlag.AlignCenter, letter)
    painter.end()
    return image


def register_kind_icons(editor) -> None:
    """Give `editor`'s autocompletion list one image per kind (numbers as in KINDS)."""
    editor.rGBAImageSetWidth(SIZE)
    editor.rGBAImageSetHeight(SIZE)
    images = {number: badge(letter, colour) for number, letter, colour in KINDS.values()}
    images[UNKNOWN] = badge("", "#c8ccd2")
    for number, image in images.items():
        # Through `send` with the pixels' address: the binding's registerRGBAImage refuses
        # bytes (as setKeyWords does). Scintilla copies the pixels before this returns.
        pixels = ctypes.create_string_buffer(bytes(image.constBits()), SIZE * SIZE * 4)
        editor.send(SCI_REGISTERRGBAIMAGE, number, ctypes.addressof(pixels))


def image_number(kind: str | None) -> int:
    return KINDS[kind][0] if kind in KINDS else UNKNOWN

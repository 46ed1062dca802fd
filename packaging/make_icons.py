"""Render dsstudio/resources/icons/dsstudio.svg to the icon files each system wants (run after editing it).

    QT_QPA_PLATFORM=offscreen python packaging/make_icons.py

Writes PNGs (16 to 512 px, for Linux's hicolor theme), dsstudio.ico (Windows) and dsstudio.icns
(macOS), all from the one SVG, with Qt's own SVG renderer and image writers.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

ICONS = Path(__file__).resolve().parent.parent / "dsstudio" / "resources" / "icons"
SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def render(renderer: QSvgRenderer, size: int) -> QImage:
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    return image


def main() -> None:
    _app = QGuiApplication([])
    renderer = QSvgRenderer(str(ICONS / "dsstudio.svg"))
    if not renderer.isValid():
        raise SystemExit("dsstudio/resources/icons/dsstudio.svg is not a valid SVG")
    for size in SIZES:
        render(renderer, size).save(str(ICONS / f"dsstudio-{size}.png"))
    render(renderer, 256).save(str(ICONS / "dsstudio.ico"))
    render(renderer, 512).save(str(ICONS / "dsstudio.icns"))
    print(f"wrote {len(SIZES)} PNGs, dsstudio.ico and dsstudio.icns in {ICONS}")


if __name__ == "__main__":
    main()

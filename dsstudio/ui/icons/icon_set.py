"""dsstudio's own icons: SVG files on one 24x24 grid, in the colours of the theme in effect.

Each file in `svg/` draws with `currentColor`; `icon(name, role)` puts the theme's colour for the
role in its place and renders it with QSvgRenderer (PySide6.QtSvg, a library, not the SVG
icon-engine plugin, so the frozen bundle needs no plugin for them). Rendering happens when a
widget paints the icon, at the size and device pixel ratio it asks for: a 16 px menu icon on a
2x screen is drawn at 32 px, not scaled from a 24 px one, so lines stay sharp, and an icon that is
never shown costs nothing.

An icon is made for one theme. Things given theirs with `set_icon` get new ones when a theme is
put on the app (`refresh_icons`, called by ui/theme/app_theme.py); views that ask `icon()` each
time they paint (the project tree) are repainted.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QIcon, QIconEngine, QPainter, QPixmap
from PySide6.QtSvg import QSvgRenderer

from dsstudio.ui.theme.theme_colours import colour, current_theme

SVG_DIR = Path(__file__).with_name("svg")
# What an icon means -> its colour in theme_colours: run green, stop red, the rest neutral.
ROLES = {"icon": "icon", "run": "icon_run", "stop": "icon_stop", "accent": "icon_accent"}
# The dynamic property that remembers which icon a QAction or button shows ("name:role").
ICON_PROPERTY = "dsstudio_icon"
# Widgets whose model hands out icons when painted: repainted when the theme changes.
REPAINT_PROPERTY = "dsstudio_repaint_icons"
DISABLED_OPACITY = 0.38
# icon -> the form a view draws when it is expanded (QIcon's On state)
OPEN_FORMS = {"folder": "folder_open"}

_icons: dict[tuple[str, str, str], QIcon] = {}
_sources: dict[str, bytes] = {}


def icon(name: str, role: str | None = None) -> QIcon:
    """The icon `name` (a file in svg/) in the colour of `role` in the current theme (default:
    the icon's own, see `natural_role`).

    A folder shows its open form when a view draws it expanded (OPEN_FORMS).
    """
    role = role or natural_role(name)
    theme = current_theme()
    key = (name, role, theme)
    made = _icons.get(key)
    if made is None:
        svg = _source(name)
        open_svg = _source(OPEN_FORMS[name]) if name in OPEN_FORMS else None
        made = QIcon(SvgIconEngine(svg, open_svg, colour(ROLES[role], theme),
                                   colour("highlighted_text", theme)))
        _icons[key] = made
    return made


def natural_role(name: str) -> str:
    """The role an icon has wherever it is: running things green, stopping red, the rest neutral."""
    if name.startswith("run"):
        return "run"
    return "stop" if name == "interrupt" else "icon"


def set_icon(target, name: str, role: str | None = None) -> None:
    """Give `target` (a QAction or button) the icon `name`, and a new one when the theme changes."""
    role = role or natural_role(name)
    target.setIcon(icon(name, role))
    target.setProperty(ICON_PROPERTY, f"{name}:{role}")


def repaint_on_theme_change(view) -> None:
    """Repaint `view` (a QAbstractItemView whose model calls `icon()`) when the theme changes."""
    view.setProperty(REPAINT_PROPERTY, True)


def icon_names() -> list[str]:
    """Every icon there is (the files in svg/)."""
    return sorted(path.stem for path in SVG_DIR.glob("*.svg"))


def refresh_icons() -> None:
    """Give every remembered action and button its icon in the current theme, repaint views."""
    from PySide6.QtCore import QObject
    from PySide6.QtWidgets import QApplication

    for top in QApplication.topLevelWidgets():
        for thing in [top, *top.findChildren(QObject)]:
            remembered = thing.property(ICON_PROPERTY)
            if remembered:
                name, role = remembered.split(":")
                thing.setIcon(icon(name, role))
            elif thing.property(REPAINT_PROPERTY):
                thing.viewport().update()


def _source(name: str) -> bytes:
    source = _sources.get(name)
    if source is None:
        source = _sources[name] = (SVG_DIR / f"{name}.svg").read_bytes()
    return source


class SvgIconEngine(QIconEngine):
    """Draws one SVG (and its open form for QIcon's On state) in one colour, at any size.

    Disabled: the same colour, faint. Selected (a highlighted row): the highlight's text colour,
    so a coloured icon never disappears into the selection.
    """

    def __init__(self, svg: bytes, open_svg: bytes | None, tint: str, selected_tint: str) -> None:
        super().__init__()
        self._svg, self._open_svg = svg, open_svg
        self._tint, self._selected_tint = tint, selected_tint
        self._renderers: dict[tuple[bool, bool], QSvgRenderer] = {}
        self._pixmaps: dict[tuple, QPixmap] = {}

    def clone(self) -> QIconEngine:
        return SvgIconEngine(self._svg, self._open_svg, self._tint, self._selected_tint)

    def key(self) -> str:
        return "dsstudio-svg"

    def pixmap(self, size: QSize, mode: QIcon.Mode, state: QIcon.State) -> QPixmap:
        return self.scaledPixmap(size, mode, state, 1.0)

    def scaledPixmap(self, size: QSize, mode: QIcon.Mode, state: QIcon.State,  # noqa: N802
                     scale: float) -> QPixmap:
        key = (size.width(), size.height(), mode, state, scale)
        pixmap = self._pixmaps.get(key)
        if pixmap is None:
            pixmap = self._pixmaps[key] = self._render(size, mode, state, scale)
        return pixmap

    def paint(self, painter: QPainter, rect: QRect, mode: QIcon.Mode, state: QIcon.State) -> None:
        scale = painter.device().devicePixelRatioF() if painter.device() else 1.0
        painter.drawPixmap(rect, self.scaledPixmap(rect.size(), mode, state, scale))

    def _render(self, size: QSize, mode: QIcon.Mode, state: QIcon.State, scale: float) -> QPixmap:
        side = min(size.width(), size.height())
        pixmap = QPixmap(QSize(round(size.width() * scale), round(size.height() * scale)))
        pixmap.fill(Qt.GlobalColor.transparent)
        if side > 0 and mode == QIcon.Mode.Disabled:
            # The whole drawing made faint at once: path by path, overlaps would be darker.
            painter = QPainter(pixmap)
            painter.setOpacity(DISABLED_OPACITY)
            painter.drawPixmap(pixmap.rect(), self.scaledPixmap(size, QIcon.Mode.Normal, state, scale))
            painter.end()
        elif side > 0:
            painter = QPainter(pixmap)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            # Square and centred: a 24x24 drawing in a wider rect keeps its shape.
            left = (size.width() - side) / 2 * scale
            top = (size.height() - side) / 2 * scale
            renderer = self._renderer(mode == QIcon.Mode.Selected, state == QIcon.State.On)
            renderer.render(painter, QRectF(left, top, side * scale, side * scale))
            painter.end()
        pixmap.setDevicePixelRatio(scale)
        return pixmap

    def _renderer(self, selected: bool, opened: bool) -> QSvgRenderer:
        renderer = self._renderers.get((selected, opened))
        if renderer is None:
            svg = self._open_svg if opened and self._open_svg is not None else self._svg
            tint = self._selected_tint if selected else self._tint
            coloured = svg.replace(b"currentColor", tint.encode())
            renderer = self._renderers[(selected, opened)] = QSvgRenderer(QByteArray(coloured))
        return renderer

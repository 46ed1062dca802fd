"""The results of a project search: a file row (name, folder, count), under it its matching lines
with the matches highlighted.

Rows are added a slice at a time within a few milliseconds per turn of the event loop, so a search
that streams thousands of results never freezes the window, however many arrive in one batch.
"""

from __future__ import annotations

import time
from collections import deque
from pathlib import Path

from PySide6.QtCore import QModelIndex, QRect, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFont, QPainter, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeWidget,
    QTreeWidgetItem,
    QWidget,
)

from dsstudio.core.search.find_in_files import FileMatches, LineMatch

# Time the GUI thread gives to adding rows before it lets the event loop run (a frame is 16 ms).
ADD_BUDGET_SECONDS = 0.006
LINES_PER_SLICE = 200
PAYLOAD = Qt.ItemDataRole.UserRole + 1
MATCH_BACKGROUND = QColor(255, 213, 79, 170)
BADGE_BACKGROUND = QColor(0, 0, 0, 30)


class SearchResultsTree(QTreeWidget):
    sig_open_match = Signal(object, int, int, int)
    """The user chose a result: (Path, line, column, length), 0-based, in characters."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("SearchResults")
        self.setHeaderHidden(True)
        self.setUniformRowHeights(True)
        self.setIndentation(14)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setItemDelegate(ResultDelegate(self))
        # (file item, its FileMatches, index of the next line to add)
        self._pending: deque[tuple[QTreeWidgetItem | None, FileMatches, int]] = deque()
        self._adding = QTimer(self, singleShot=True, interval=0)
        self._adding.timeout.connect(self._add_some)
        self.itemClicked.connect(self._on_chosen)
        self.itemActivated.connect(self._on_chosen)

    # ---- Public API
    def add_files(self, files: list[FileMatches]) -> None:
        """Queue rows for `files`; they appear over the next turns of the event loop."""
        self._pending.extend((None, found, 0) for found in files)
        if not self._adding.isActive():
            self._adding.start()

    def clear_results(self) -> None:
        self._pending.clear()
        self._adding.stop()
        self.clear()

    def is_adding(self) -> bool:
        return bool(self._pending)

    def shown_files(self) -> list[FileMatches]:
        return [self.topLevelItem(i).data(0, PAYLOAD) for i in range(self.topLevelItemCount())]

    def line_items(self, file_row: int) -> list[QTreeWidgetItem]:
        parent = self.topLevelItem(file_row)
        return [parent.child(i) for i in range(parent.childCount())]

    # ---- Internals
    def _add_some(self) -> None:
        deadline = time.perf_counter() + ADD_BUDGET_SECONDS
        while self._pending and time.perf_counter() < deadline:
            item, found, start = self._pending.popleft()
            if item is None:
                item = QTreeWidgetItem([found.rel])
                item.setData(0, PAYLOAD, found)
                item.setToolTip(0, str(found.path))
                self.addTopLevelItem(item)
                item.setExpanded(True)
            end = min(start + LINES_PER_SLICE, len(found.lines))
            children = []
            for match in found.lines[start:end]:
                child = QTreeWidgetItem([match.preview])
                child.setData(0, PAYLOAD, match)
                children.append(child)
            item.addChildren(children)
            if end < len(found.lines):
                self._pending.appendleft((item, found, end))
        if self._pending:
            self._adding.start()

    def _on_chosen(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        match = item.data(0, PAYLOAD)
        if isinstance(match, LineMatch):
            found: FileMatches = item.parent().data(0, PAYLOAD)
            self.sig_open_match.emit(Path(found.path), match.line, match.column, match.length)


class ResultDelegate(QStyledItemDelegate):
    """Paints a file row as `name  folder  (count)`, a line row as `number  text` with the
    matches on a highlight; text runs are drawn directly (no rich text: fast for long lists)."""

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:  # noqa: N802
        size = super().sizeHint(option, index)
        return QSize(size.width(), max(size.height(), option.fontMetrics.height() + 6))

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        payload = index.data(PAYLOAD)
        self.initStyleOption(option, index)
        option.text = ""
        style = option.widget.style() if option.widget else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, option, painter, option.widget)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        text_role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        text_color = option.palette.color(text_role)
        dim = QColor(text_color)
        dim.setAlpha(140)
        painter.save()
        rect = option.rect.adjusted(4, 0, -4, 0)
        if isinstance(payload, FileMatches):
            self._paint_file(painter, option, rect, payload, text_color, dim)
        elif isinstance(payload, LineMatch):
            self._paint_line(painter, option, rect, payload, text_color, dim)
        painter.restore()

    def _paint_file(self, painter, option, rect: QRect, found: FileMatches, color, dim) -> None:
        metrics = option.fontMetrics
        count = str(found.count)
        badge_width = metrics.horizontalAdvance(count) + 12
        badge = QRect(rect.right() - badge_width, rect.top() + 3, badge_width, rect.height() - 6)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(BADGE_BACKGROUND)
        painter.drawRoundedRect(badge, badge.height() / 2, badge.height() / 2)
        painter.setPen(color)
        painter.drawText(badge, Qt.AlignmentFlag.AlignCenter, count)
        room = rect.adjusted(0, 0, -badge_width - 6, 0)
        name, _, folder = found.rel.rpartition("/")[::-1]
        bold = QFont(option.font)
        bold.setBold(True)
        painter.setFont(bold)
        name_width = min(painter.fontMetrics().horizontalAdvance(name), room.width())
        painter.drawText(room, _V_CENTER, painter.fontMetrics().elidedText(
            name, Qt.TextElideMode.ElideRight, room.width()))
        painter.setFont(option.font)
        painter.setPen(dim)
        rest = room.adjusted(name_width + 8, 0, 0, 0)
        if folder and rest.width() > 20:
            painter.drawText(rest, _V_CENTER, metrics.elidedText(
                folder, Qt.TextElideMode.ElideLeft, rest.width()))

    def _paint_line(self, painter, option, rect: QRect, match: LineMatch, color, dim) -> None:
        metrics = option.fontMetrics
        number = f"{match.line + 1}"
        painter.setPen(dim)
        number_width = metrics.horizontalAdvance("00000")
        painter.drawText(rect.adjusted(0, 0, 0, 0), _V_CENTER, number)
        x = rect.left() + max(number_width, metrics.horizontalAdvance(number) + 8)
        text, cursor = match.preview, 0
        runs = []
        for start, end in match.spans:
            if start > cursor:
                runs.append((text[cursor:start], False))
            runs.append((text[start:end], True))
            cursor = max(cursor, end)
        runs.append((text[cursor:], False))
        for run, highlighted in runs:
            if x > rect.right() or not run:
                continue
            width = metrics.horizontalAdvance(run)
            if highlighted:
                painter.fillRect(QRect(x, rect.top() + 2, width, rect.height() - 4), MATCH_BACKGROUND)
            painter.setPen(color)
            room = rect.right() - x
            painter.drawText(QRect(x, rect.top(), room, rect.height()), _V_CENTER,
                             metrics.elidedText(run, Qt.TextElideMode.ElideRight, room)
                             if width > room else run)
            x += width


_V_CENTER = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter

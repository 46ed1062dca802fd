"""The results of a project search: a file row (name, folder, count), under it its matching lines
with the matches highlighted; clicking a file row folds or unfolds its lines.

A flat list model over the search's own results, shown by a QListView with uniform rows: a batch
of files is one row insertion whatever its size, and nothing is made per line, neither a Qt item
nor a Python wrapper, and no Python method is called per row (see SearchResultsModel). (A QTreeWidget's 15,000 item wrappers made the garbage collector's full
passes, which stop every thread, stall the window; a QTreeView re-laid all its rows out each time
a file was expanded, which grew to hundreds of milliseconds at 15,000 rows.)
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QRect, QSize, QStringListModel, Qt, Signal
from PySide6.QtGui import QColor, QFont, QPainter, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QListView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from dsstudio.core.search.find_in_files import FileMatches, LineMatch
from dsstudio.ui.theme.theme_colours import qcolour

PAYLOAD = Qt.ItemDataRole.UserRole + 1  # the row's FileMatches or LineMatch
FILE = Qt.ItemDataRole.UserRole + 2  # the FileMatches a row belongs to
FOLDED = Qt.ItemDataRole.UserRole + 3  # a file row whose lines are hidden
LINE_INDENT = 18


class SearchResultsModel(QStringListModel):
    """Rows are (file number, line number) pairs, line -1 for a file's own row.

    A QStringListModel whose strings stay empty: Qt's own C++ answers `index` and `rowCount`,
    which a view's layout calls for every row each time rows are added (as Python methods that
    was 400,000 calls and hundreds of milliseconds for 10,000 results); only `data`, which the
    view asks for the rows on screen, is answered here, from the search's own results.
    """

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.files: list[FileMatches] = []
        self.folded: set[int] = set()
        # One int per row, file number and line number packed (_row_key): ints are not tracked
        # by the garbage collector, (file, line) tuples would be, 20,000 of them.
        self._rows: list[int] = []

    def add(self, files: list[FileMatches]) -> None:
        first = len(self._rows)
        for number, found in enumerate(files, len(self.files)):
            self._rows.append(_row_key(number, -1))
            self._rows.extend(_row_key(number, line) for line in range(len(found.rows)))
        self.files.extend(files)
        self.insertRows(first, len(self._rows) - first)

    def clear(self) -> None:
        self.files, self._rows = [], []
        self.folded.clear()
        self.setStringList([])

    def toggle_fold(self, row: int) -> None:
        """Hide or show the lines under the file row `row`."""
        number, line = _row_of(self._rows[row])
        if line >= 0:
            return
        count = len(self.files[number].rows)
        if number in self.folded:
            self._rows[row + 1:row + 1] = [_row_key(number, i) for i in range(count)]
            self.folded.discard(number)
            self.insertRows(row + 1, count)
        elif count:
            self.folded.add(number)
            self.removeRows(row + 1, count)
            del self._rows[row + 1:row + 1 + count]
        self.dataChanged.emit(self.index(row), self.index(row))

    def file_row(self, number: int) -> int:
        return self._rows.index(_row_key(number, -1))

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        row = index.row()
        if not index.isValid() or row >= len(self._rows):
            return None
        number, line = _row_of(self._rows[row])
        found = self.files[number]
        if role == FILE:
            return found
        if line < 0:
            if role == PAYLOAD:
                return found
            if role == FOLDED:
                return number in self.folded
            if role == Qt.ItemDataRole.DisplayRole:
                return found.rel
            if role == Qt.ItemDataRole.ToolTipRole:
                return found.file
            return None
        if role == PAYLOAD:
            return found.line(line)
        if role == Qt.ItemDataRole.DisplayRole:
            return found.rows[line][4]  # the preview
        return None


LINE_BITS = 24  # lines per file fit: a search stops at MAX_RESULTS


def _row_key(number: int, line: int) -> int:
    return (number << LINE_BITS) | (line + 1)


def _row_of(key: int) -> tuple[int, int]:
    return key >> LINE_BITS, (key & ((1 << LINE_BITS) - 1)) - 1


class SearchResultsTree(QListView):
    sig_open_match = Signal(object, int, int, int)
    """The user chose a result: (Path, line, column, length), 0-based, in characters."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("SearchResults")
        self.setUniformItemSizes(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.results = SearchResultsModel(self)
        self.setModel(self.results)
        self.setItemDelegate(ResultDelegate(self))
        # A click folds a file row; activation (Enter, or a click where the platform's style
        # activates on one) only opens lines, so a click is never taken twice for a file row.
        self.clicked.connect(lambda index: self._on_chosen(index, fold=True))
        self.activated.connect(lambda index: self._on_chosen(index, fold=False))

    # ---- Public API
    def add_files(self, files: list[FileMatches]) -> None:
        if files:
            self.results.add(files)

    def clear_results(self) -> None:
        self.results.clear()

    def shown_files(self) -> list[FileMatches]:
        return list(self.results.files)

    def line_index(self, file_number: int, line_number: int) -> QModelIndex:
        """The row of the `line_number`-th result of the `file_number`-th file."""
        return self.results.index(self.results.file_row(file_number) + 1 + line_number)

    # ---- Internals
    def _on_chosen(self, index: QModelIndex, fold: bool) -> None:
        match = index.data(PAYLOAD)
        if isinstance(match, LineMatch):
            found: FileMatches = index.data(FILE)
            self.sig_open_match.emit(found.path, match.line, match.column, match.length)
        elif fold and index.isValid():
            self.results.toggle_fold(index.row())


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
            style.drawControl(_ITEM_VIEW_ITEM, option, painter, option.widget)
        selected = bool(option.state & _SELECTED)
        text_role = _HIGHLIGHTED_TEXT if selected else _TEXT
        text_color = option.palette.color(text_role)
        dim = QColor(text_color)
        dim.setAlpha(140)
        painter.save()
        rect = option.rect.adjusted(4, 0, -4, 0)
        if isinstance(payload, FileMatches):
            painter.setPen(dim)
            painter.drawText(rect, _V_CENTER, "▸" if index.data(FOLDED) else "▾")
            self._paint_file(painter, option, rect.adjusted(LINE_INDENT - 4, 0, 0, 0), payload,
                             text_color, dim)
        elif isinstance(payload, LineMatch):
            self._paint_line(painter, option, rect.adjusted(LINE_INDENT, 0, 0, 0), payload,
                             text_color, dim)
        painter.restore()

    def _paint_file(self, painter, option, rect: QRect, found: FileMatches, color, dim) -> None:
        metrics = option.fontMetrics
        count = str(found.count)
        badge_width = metrics.horizontalAdvance(count) + 12
        badge = QRect(rect.right() - badge_width, rect.top() + 3, badge_width, rect.height() - 6)
        painter.setPen(_NO_PEN)
        wash = QColor(option.palette.color(_TEXT))  # a light wash of the text: both themes
        wash.setAlpha(30)
        painter.setBrush(wash)
        painter.drawRoundedRect(badge, badge.height() / 2, badge.height() / 2)
        painter.setPen(color)
        painter.drawText(badge, _CENTER, count)
        room = rect.adjusted(0, 0, -badge_width - 6, 0)
        name, _, folder = found.rel.rpartition("/")[::-1]
        bold = QFont(option.font)
        bold.setBold(True)
        painter.setFont(bold)
        name_width = min(painter.fontMetrics().horizontalAdvance(name), room.width())
        painter.drawText(room, _V_CENTER, painter.fontMetrics().elidedText(
            name, _ELIDE_RIGHT, room.width()))
        painter.setFont(option.font)
        painter.setPen(dim)
        rest = room.adjusted(name_width + 8, 0, 0, 0)
        if folder and rest.width() > 20:
            painter.drawText(rest, _V_CENTER, metrics.elidedText(
                folder, _ELIDE_LEFT, rest.width()))

    def _paint_line(self, painter, option, rect: QRect, match: LineMatch, color, dim) -> None:
        # Highlights first, then the text in one call: painting is what a row costs (each
        # drawText is tens of microseconds), and rows are repainted as results stream in.
        metrics = option.fontMetrics
        number = f"{match.line + 1}"
        painter.setPen(dim)
        painter.drawText(rect, _V_CENTER, number)
        left = rect.left() + max(metrics.horizontalAdvance("00000"),
                                 metrics.horizontalAdvance(number) + 8)
        text = match.preview
        for start, end in match.spans:
            x = left + metrics.horizontalAdvance(text[:start])
            if x > rect.right():
                break
            width = min(max(metrics.horizontalAdvance(text[start:end]), 2), rect.right() - x)
            painter.fillRect(QRect(x, rect.top() + 2, width, rect.height() - 4), qcolour("match_bg"))
        painter.setPen(color)
        room = rect.right() - left
        if metrics.horizontalAdvance(text) > room:  # cut on the right: highlights stay in place
            text = metrics.elidedText(text, _ELIDE_RIGHT, room)
        painter.drawText(QRect(left, rect.top(), room, rect.height()), _V_CENTER, text)


# Qt's enums looked up once: each attribute access on a PySide6 enum is a Python call, and
# these are used for every row painted.
_V_CENTER = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
_CENTER = Qt.AlignmentFlag.AlignCenter
_ITEM_VIEW_ITEM = QStyle.ControlElement.CE_ItemViewItem
_SELECTED = QStyle.StateFlag.State_Selected
_HIGHLIGHTED_TEXT = QPalette.ColorRole.HighlightedText
_TEXT = QPalette.ColorRole.Text
_NO_PEN = Qt.PenStyle.NoPen
_ELIDE_RIGHT = Qt.TextElideMode.ElideRight
_ELIDE_LEFT = Qt.TextElideMode.ElideLeft

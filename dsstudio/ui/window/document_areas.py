"""The two places a tab can sit: the main area (the editor's tabs) and the side column (the
console's tabs), and moving a tab between them.

A notebook, a file's editor or the console is registered here with a kind ("notebook", "editor",
"console", "problems");
its owner then asks where it is (`tabs_of`) instead of holding one tab widget, so it works in
either place. The user moves a tab with its context menu, View > Move Tab to Other Side, or by
dragging it onto the other tab widget; the area a kind was last moved to is where the next one of
that kind opens (remembered per project in the window state). Files are the exception: each
stays where it was put, and a newly opened one goes to the main area.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCursor
from PySide6.QtWidgets import QApplication, QMenu, QTabBar, QTabWidget, QWidget

MAIN, SIDE = "main", "side"
AREA_TITLES = {MAIN: "Main Area", SIDE: "Side Column"}
# Where each kind opens until the user moves one: notebooks beside the files (as in JupyterLab
# and VS Code), the console in the side column.
DEFAULT_AREAS = {"notebook": MAIN, "console": SIDE}
# Kinds placed one by one: moving one does not send the next of its kind there (the window state
# remembers which files were in the side column).
PLACED_ONE_BY_ONE = ("editor",)


class _Entry:
    __slots__ = ("closable", "kind", "movable")

    def __init__(self, kind: str, closable: bool, movable: bool) -> None:
        self.kind, self.closable, self.movable = kind, closable, movable


class DocumentAreas(QObject):
    """Owns which of the two tab widgets each registered widget is in."""

    sig_close_requested = Signal(object)
    """A registered widget's close button was clicked (its owner asks and closes)."""

    sig_revealed = Signal(object)
    """A widget was brought forward: the pane that holds it must be on screen."""

    sig_moved = Signal(object, str)
    """The user moved a widget to an area ("main" or "side")."""

    sig_problems_shown = Signal(bool)
    """The Problems tab was shown or hidden (View > Problems follows)."""

    def __init__(self, main: QTabWidget, side: QTabWidget, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._tabs = {MAIN: main, SIDE: side}
        self._entries: dict[QWidget, _Entry] = {}
        self.preferred = dict(DEFAULT_AREAS)
        self.problems_shown = True
        side.setTabsClosable(True)  # notebooks close there; the console's tab has no button
        for tabs in self._tabs.values():
            tabs.tabCloseRequested.connect(lambda index, t=tabs: self._close_requested(t, index))
            bar = tabs.tabBar()
            bar.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
            bar.customContextMenuRequested.connect(lambda pos, t=tabs: self._show_tab_menu(t, pos))
        self._drag = _TabDrag(self)
        self._editor_keys: list[QAction] = []
        QApplication.instance().focusChanged.connect(self._scope_editor_keys)

    # ---- Public API
    def register(self, widget: QWidget, kind: str, closable: bool = True, movable: bool = True) -> None:
        """Follow `widget`, already a tab in one of the two tab widgets."""
        self._entries[widget] = _Entry(kind, closable, movable)
        widget.destroyed.connect(lambda _obj=None, w=widget: self._entries.pop(w, None))
        tabs = self.tabs_of(widget)
        if tabs is not None:
            self._fit_close_button(tabs, widget)
            if kind == "problems":
                tabs.setTabVisible(tabs.indexOf(widget), self.problems_shown)

    def area_for(self, kind: str) -> str:
        """Where a new widget of `kind` opens: where the user last moved one, else its default."""
        return self.preferred.get(kind, MAIN)

    def add(self, widget: QWidget, title: str, kind: str, area: str | None = None) -> QTabWidget:
        """Open `widget` as a closable, movable tab in `area` (default: where its kind goes)."""
        tabs = self._tabs[area if area in self._tabs else self.area_for(kind)]
        tabs.addTab(widget, title)
        self.register(widget, kind)
        tabs.setCurrentWidget(widget)
        self.sig_revealed.emit(widget)
        return tabs

    def tabs_of(self, widget: QWidget) -> QTabWidget | None:
        for tabs in self._tabs.values():
            if tabs.indexOf(widget) >= 0:
                return tabs
        return None

    def area_of(self, widget: QWidget) -> str | None:
        tabs = self.tabs_of(widget)
        return next((area for area, t in self._tabs.items() if t is tabs), None)

    def tab_widget(self, area: str) -> QTabWidget:
        return self._tabs[area]

    def show(self, widget: QWidget, keep: QWidget | None = None) -> None:
        """Make `widget` the current tab where it is, its pane on screen, unless that would hide
        `keep` (the file whose line the console runs, in the same column: the next Run Line
        must still find it there)."""
        tabs = self.tabs_of(widget)
        if tabs is None or (keep is not None and tabs.currentWidget() is keep):
            return
        entry = self._entries.get(widget)
        if entry is not None and entry.kind == "problems" and not self.problems_shown:
            self.set_problems_shown(True)
        tabs.setCurrentWidget(widget)
        self.sig_revealed.emit(widget)

    def set_title(self, widget: QWidget, text: str) -> None:
        tabs = self.tabs_of(widget)
        if tabs is not None:
            tabs.setTabText(tabs.indexOf(widget), text)

    def remove(self, widget: QWidget) -> None:
        """Take `widget`'s tab away (the widget itself is the owner's to delete)."""
        tabs = self.tabs_of(widget)
        if tabs is not None:
            tabs.removeTab(tabs.indexOf(widget))
        self._entries.pop(widget, None)

    def is_movable(self, widget: QWidget | None) -> bool:
        entry = self._entries.get(widget)
        return entry is not None and entry.movable

    def move(self, widget: QWidget, area: str | None = None) -> None:
        """Move `widget`'s tab to `area` (default: the other one); its kind opens there next."""
        source, entry = self.tabs_of(widget), self._entries.get(widget)
        if source is None or entry is None or not entry.movable:
            return
        area = area or (SIDE if source is self._tabs[MAIN] else MAIN)
        target = self._tabs[area]
        if target is source:
            return
        focus = QApplication.focusWidget()
        had_focus = focus is not None and (focus is widget or widget.isAncestorOf(focus))
        index = source.indexOf(widget)
        text, tip, icon = source.tabText(index), source.tabToolTip(index), source.tabIcon(index)
        source.removeTab(index)
        index = target.addTab(widget, icon, text)
        target.setTabToolTip(index, tip)
        self._fit_close_button(target, widget)
        target.setCurrentWidget(widget)
        if entry.kind not in PLACED_ONE_BY_ONE:
            self.preferred[entry.kind] = area
        self.sig_revealed.emit(widget)
        self.sig_moved.emit(widget, area)
        if had_focus:
            QWidget.setFocus(widget)  # (a CodeEditor's own setFocus is Scintilla's SCI_SETFOCUS)

    def movable_with_focus(self) -> QWidget | None:
        """The movable widget that holds the keyboard focus, else the current tab of the tab
        widget that does (View > Move Tab to Other Side acts on it)."""
        focus = QApplication.focusWidget()
        if focus is None:
            return None
        for widget in self._entries:
            if widget is focus or widget.isAncestorOf(focus):
                return widget if self.is_movable(widget) else None
        for tabs in self._tabs.values():
            if tabs.isAncestorOf(focus) and self.is_movable(tabs.currentWidget()):
                return tabs.currentWidget()
        return None

    def set_problems_shown(self, on: bool) -> None:
        """Show or hide the Problems tab (its findings go on being kept)."""
        self.problems_shown = on
        for widget, entry in self._entries.items():
            if entry.kind == "problems":
                tabs = self.tabs_of(widget)
                if tabs is not None:
                    tabs.setTabVisible(tabs.indexOf(widget), on)
                    if on:
                        tabs.setCurrentWidget(widget)
                        self.sig_revealed.emit(widget)
        self.sig_problems_shown.emit(on)

    def scope_editor_keys(self, actions: list[QAction]) -> None:
        """`actions` (Run Cell, Shift+Enter, ...) act on the editor: while a notebook or the
        console in the main area has the keys, they must not fire there (the notebook's own
        Shift+Enter would be ambiguous with them and neither would run)."""
        self._editor_keys = actions

    def state(self) -> dict:
        return {"areas": dict(self.preferred), "problems_shown": self.problems_shown}

    def restore(self, state: dict) -> None:
        """Put back what `state` (from `state()`, maybe damaged) says; the console moves now."""
        areas = state.get("areas")
        if isinstance(areas, dict):
            for kind, area in areas.items():
                if isinstance(kind, str) and area in self._tabs:
                    self.preferred[kind] = area
        for widget, entry in list(self._entries.items()):
            if entry.kind in self.preferred and self.area_of(widget) != self.preferred[entry.kind]:
                self.move(widget, self.preferred[entry.kind])
        if isinstance(state.get("problems_shown"), bool):
            self.set_problems_shown(state["problems_shown"])

    def tab_menu(self, tabs: QTabWidget, index: int) -> QMenu | None:
        """The context menu of `tabs`' tab at `index` (None for a tab that cannot move)."""
        widget = tabs.widget(index)
        if not self.is_movable(widget):
            return None
        menu = QMenu(tabs)
        other = SIDE if tabs is self._tabs[MAIN] else MAIN
        text = "Move to Main Area" if other == MAIN else "Move to Side Column"
        menu.addAction(text, lambda: self.move(widget, other))
        return menu

    # ---- Internals
    def _show_tab_menu(self, tabs: QTabWidget, pos: QPoint) -> None:
        bar = tabs.tabBar()
        menu = self.tab_menu(tabs, bar.tabAt(pos))
        if menu is not None:
            menu.exec(bar.mapToGlobal(pos))
            menu.deleteLater()

    def _close_requested(self, tabs: QTabWidget, index: int) -> None:
        widget = tabs.widget(index)
        entry = self._entries.get(widget)
        if entry is not None and entry.closable:
            self.sig_close_requested.emit(widget)

    def _fit_close_button(self, tabs: QTabWidget, widget: QWidget) -> None:
        """A console or Problems tab has no close button, wherever it is."""
        entry = self._entries.get(widget)
        if entry is not None and not entry.closable and tabs.tabsClosable():
            tabs.tabBar().setTabButton(tabs.indexOf(widget), QTabBar.ButtonPosition.RightSide, None)

    def _scope_editor_keys(self, _old: QWidget | None, new: QWidget | None) -> None:
        main = self._tabs[MAIN]
        inside = new is not None and any(
            (widget is new or widget.isAncestorOf(new)) and main.indexOf(widget) >= 0
            and entry.kind != "editor" for widget, entry in self._entries.items())
        context = (Qt.ShortcutContext.WidgetShortcut if inside
                   else Qt.ShortcutContext.WidgetWithChildrenShortcut)
        for action in self._editor_keys:
            if action.shortcutContext() != context:
                action.setShortcutContext(context)


class _TabDrag(QObject):
    """A tab dragged from one tab bar and let go over the other tab widget moves there.

    Done with the bar's own press and release rather than a QDrag, so the bar keeps its usual
    reordering of tabs within itself; the cursor says when a release would move the tab."""

    def __init__(self, areas: DocumentAreas) -> None:
        super().__init__(areas)
        self.areas = areas
        self._pressed: QWidget | None = None
        self._start = QPoint()
        self._cursor_set = False
        for area in (MAIN, SIDE):
            areas.tab_widget(area).tabBar().installEventFilter(self)

    def eventFilter(self, bar, event) -> bool:  # noqa: N802 (Qt name)
        kind = event.type()
        if kind == QEvent.Type.MouseButtonPress and event.button() == Qt.MouseButton.LeftButton:
            tabs = bar.parentWidget()
            index = bar.tabAt(event.position().toPoint())
            self._pressed = tabs.widget(index) if index >= 0 else None
            self._start = event.position().toPoint()
        elif kind == QEvent.Type.MouseMove and self._pressed is not None:
            self._set_cursor(self._target(bar, event) is not None)
        elif kind == QEvent.Type.MouseButtonRelease and self._pressed is not None:
            widget, target = self._pressed, self._target(bar, event)
            self._pressed = None
            self._set_cursor(False)
            if target is not None:
                # After the bar has finished its own release (it animates the tab back).
                QTimer.singleShot(0, self.areas, lambda: self.areas.move(widget, target))
        return False

    def _target(self, bar: QTabBar, event) -> str | None:
        """The other area, when the mouse is over its tab widget, far enough from the start."""
        pos = event.position().toPoint()
        if (pos - self._start).manhattanLength() < QApplication.startDragDistance():
            return None
        if not self.areas.is_movable(self._pressed):
            return None
        point = bar.mapToGlobal(pos)
        for area in (MAIN, SIDE):
            tabs = self.areas.tab_widget(area)
            if tabs is bar.parentWidget() or not tabs.isVisible():
                continue
            if tabs.rect().contains(tabs.mapFromGlobal(point)):
                return area
        return None

    def _set_cursor(self, on: bool) -> None:
        if on and not self._cursor_set:
            QApplication.setOverrideCursor(QCursor(Qt.CursorShape.DragMoveCursor))
        elif not on and self._cursor_set:
            QApplication.restoreOverrideCursor()
        self._cursor_set = on

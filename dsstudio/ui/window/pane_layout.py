"""The window's three panes side by side (project tree | main area | side column): showing and
hiding them from the View menu, maximising one and restoring the others at their sizes.

A hidden pane keeps its last width, so showing it again gives it back that width (taken from the
main area), and the window state saves the widths as if nothing were hidden or maximised.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QSplitter, QVBoxLayout, QWidget

# The panes, in the splitter's order; only these two can be hidden from the View menu (the main
# area always stays).
PANES = ("tree", "editor", "side")
HIDEABLE = ("tree", "side")
MIN_PANE_WIDTH = 120
DEFAULT_WIDTHS = [220, 620, 440]  # at the default 1280 px window


class PaneLayout(QObject):
    """Lays `panes` (by the names in PANES) out in a splitter; shows, hides and maximises them."""

    def __init__(self, panes: dict[str, QWidget], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.splitter = splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.setObjectName("MainSplitter")
        for name in PANES:
            splitter.addWidget(panes[name])
        splitter.setSizes(DEFAULT_WIDTHS)
        splitter.setStretchFactor(PANES.index("editor"), 1)  # a wider window widens the main area
        self.panes = panes
        self.hidden: set[str] = set()
        self.maximised: str | None = None
        self._widths = splitter.sizes()  # each pane's last width while on screen
        self._actions: dict[str, QAction] = {}  # View's checkable "tree" and "side"
        splitter.splitterMoved.connect(lambda _pos, _index: self._remember_widths())

    # ---- Public API
    def follow_actions(self, actions: dict[str, QAction]) -> None:
        """View's checkable actions, by pane name, kept in step with what is shown."""
        self._actions = actions
        self._sync_actions()

    def is_shown(self, name: str) -> bool:
        return name not in self.hidden

    def set_shown(self, name: str, on: bool) -> None:
        """Show or hide pane `name` (a maximised pane is restored first)."""
        if self.maximised is not None:
            self.restore()
        if on == self.is_shown(name):
            self._sync_actions()
            return
        self._remember_widths()
        if on:
            self.hidden.discard(name)
        else:
            self.hidden.add(name)
        self._apply(self._widths_for_shown())

    def toggle_maximised(self, widget: QWidget | None = None) -> None:
        """Maximise the pane holding `widget` (default: the keyboard focus; else the main area),
        or restore the panes if one is maximised."""
        if self.maximised is not None:
            self.restore()
            return
        name = self.pane_of(widget or QApplication.focusWidget()) or "editor"
        if all(other == name or other in self.hidden for other in PANES):
            return  # nothing else is shown: nothing to hide
        self._remember_widths()
        self.maximised = name
        self._apply(None)

    def restore(self) -> None:
        """Bring back the panes a maximise hid, at the widths they had."""
        if self.maximised is None:
            return
        self.maximised = None
        self._apply(self._widths_for_shown())

    def reveal(self, widget: QWidget) -> None:
        """`widget` was brought forward: make sure its pane is on screen."""
        name = self.pane_of(widget)
        if name is None:
            return
        if self.maximised not in (None, name):
            self.restore()
        if name in self.hidden:
            self.set_shown(name, True)

    def pane_of(self, widget: QWidget | None) -> str | None:
        for name, pane in self.panes.items():
            if widget is not None and (widget is pane or pane.isAncestorOf(widget)):
                return name
        return None

    def widen(self, name: str, share: float) -> None:
        """Give pane `name` at least `share` of the room beside the tree (a notebook needs more
        than a console)."""
        if name in self.hidden or self.maximised is not None:
            return
        sizes = self.splitter.sizes()
        index, other = PANES.index(name), PANES.index("side" if name == "editor" else "editor")
        room = sizes[index] + sizes[other]
        if room > 0 and sizes[index] < room * share:
            sizes[index] = int(room * share)
            sizes[other] = room - sizes[index]
            self.splitter.setSizes(sizes)
            self._remember_widths()

    def widths_to_keep(self) -> list[int]:
        """The widths to save: each pane's as it is, or as it was before it was hidden."""
        self._remember_widths()
        return list(self._widths)

    def state(self) -> dict:
        return {"hidden": sorted(self.hidden)}

    def restore_state(self, widths: list[int] | None, state: dict) -> None:
        """Put back saved widths and hidden panes (either maybe missing or damaged)."""
        if widths and len(widths) == len(PANES) and sum(widths) > 0:
            self.splitter.setSizes(widths)
            self._widths = list(widths)
        hidden = state.get("hidden")
        if isinstance(hidden, list):
            self.hidden = {name for name in hidden if name in HIDEABLE}
            self._apply(self._widths_for_shown())

    # ---- Internals
    def _visible(self, name: str) -> bool:
        return name not in self.hidden and self.maximised in (None, name)

    def _remember_widths(self) -> None:
        if self.maximised is not None:
            return  # the maximised pane's width is the window's, not its own
        for index, (name, width) in enumerate(zip(PANES, self.splitter.sizes())):
            if self._visible(name) and self.panes[name].isVisibleTo(self.splitter.window()) and width > 0:
                self._widths[index] = width

    def _widths_for_shown(self) -> list[int]:
        """The remembered widths of the shown panes; the main area takes what is left."""
        # The room the shown panes have now, give or take a handle between two panes.
        shown_now = sum(not self.panes[name].isHidden() for name in PANES)
        shown_next = sum(self._visible(name) for name in PANES)
        total = ((sum(self.splitter.sizes()) or sum(self._widths))
                 + self.splitter.handleWidth() * (shown_now - shown_next))
        # (A pane never seen yet gets a quarter of the room.)
        widths = [(self._widths[i] or total // 4) if self._visible(name) else 0
                  for i, name in enumerate(PANES)]
        editor = PANES.index("editor")
        others = sum(w for i, w in enumerate(widths) if i != editor)
        widths[editor] = max(MIN_PANE_WIDTH, total - others)
        return widths

    def _apply(self, widths: list[int] | None) -> None:
        for name in PANES:
            self.panes[name].setVisible(self._visible(name))
        if widths is not None:
            self.splitter.setSizes(widths)
        self._sync_actions()

    def _sync_actions(self) -> None:
        for name, action in self._actions.items():
            check_quietly(action, self.is_shown(name))


def check_quietly(action: QAction, on: bool) -> None:
    """Check or uncheck `action` to follow the state: not the user flipping it."""
    if action.isChecked() != on:
        action.blockSignals(True)
        action.setChecked(on)
        action.blockSignals(False)


def column(name: str, *widgets: QWidget) -> QWidget:
    """Widgets stacked with no margins; the last one takes the room."""
    stacked = QWidget()
    stacked.setObjectName(name)
    layout = QVBoxLayout(stacked)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(0)
    for widget in widgets:
        layout.addWidget(widget, 1 if widget is widgets[-1] else 0)
    return stacked


# ---- Handlers of View's actions (the actions table names them)
def show_tree(window, on: bool) -> None:
    window.panes.set_shown("tree", on)


def show_side_column(window, on: bool) -> None:
    window.panes.set_shown("side", on)


def show_problems(window, on: bool) -> None:
    window.areas.set_problems_shown(on)


def toggle_maximised(window) -> None:
    window.panes.toggle_maximised()


def move_tab_to_other_side(window) -> None:
    widget = window.areas.movable_with_focus()
    if widget is None:
        window.status.showMessage("Notebooks and the console move between the main area and the "
                                  "side column: click in one first", 5000)
        return
    window.areas.move(widget)

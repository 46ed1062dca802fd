"""A project window's remembered state: what `ProjectState` holds, taken from and put back into it."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QRect, QSize
from PySide6.QtGui import QGuiApplication

from dsstudio.core.settings import ProjectState, load_project_state


def window_state(window) -> ProjectState:
    """What to remember of `window`'s project: layout, open files and notebooks, switches."""
    state = load_project_state(window.project_root)
    root = window.project_root
    # (The widths before a pane was hidden or another maximised.)
    state.splitter_sizes = {"main": window.panes.widths_to_keep()}
    state.panes = {**window.panes.state(), **window.areas.state(),
                   "side_files": [str(p.relative_to(root)) for p in side_paths(window)
                                  if root in p.parents]}
    state.reload_on_save = window.settings.get("reload_on_save")
    state.save_notebook_outputs = window.settings.get("save_notebook_outputs")
    state.run_imported_module = window.settings.get("run_imported_module")
    opened = window.tabs.open_paths() + window.open_notebook_paths()
    state.open_files = [str(p.relative_to(root)) for p in opened if root in p.parents]
    editor = window.tabs.current_editor()
    current = window.tabs.document(editor).path if editor is not None else None
    state.current_file = str(current.relative_to(root)) if current and root in current.parents else None
    state.window_geometry = bytes(window.saveGeometry().toBase64()).decode("ascii")
    return state


def restore_window_state(window, state: ProjectState) -> None:
    """Put `window` back as `state` says; files and notebooks reopen after the first paint."""
    window.panes.restore_state(state.splitter_sizes.get("main"), state.panes)
    window.areas.restore(state.panes)
    if state.window_geometry:
        window.restoreGeometry(QByteArray.fromBase64(state.window_geometry.encode("ascii")))
        keep_on_screen(window)  # remembered on a screen that is gone, or was bigger
    root = window.project_root
    files = [root / relative for relative in state.open_files]
    side_files = state.panes.get("side_files")
    side = {root / rel for rel in side_files if isinstance(rel, str)} if isinstance(
        side_files, list) else set()
    current = root / state.current_file if state.current_file else None

    def reopen() -> None:
        if window.project_root != root:
            return  # another project was opened before the first paint
        from dsstudio.ui.window.recovery_keeper import RecoveryKeeper
        from dsstudio.ui.window.recovery_offers import offer_recovered, recovered_open_tabs
        from dsstudio.ui.window.window_preferences import apply_to_window

        keeper = RecoveryKeeper(window, root)
        findings = keeper.store.find()  # before the keeper's first tick writes this session's
        window.recovery = keeper
        apply_to_window(window)  # autosave, and View's switches as the preferences say
        crashed = recovered_open_tabs(findings, root)
        reopened, focus = crashed if crashed is not None else (files, current)
        for path in reopened + ([focus] if focus else []):
            if not path.is_file():
                continue
            if path.suffix == ".ipynb":
                window.notebooks.open(path)
            else:
                editor = window.tabs.open_file(path)
                if editor is not None and path in side:
                    window.areas.move(editor, "side")
        offer_recovered(window, keeper, findings)

    window.after_first_paint(reopen)


def side_paths(window) -> list:
    """The files whose tabs sit in the side column."""
    tabs = window.tabs
    return [tabs.document(e).path for e in tabs.editors()
            if tabs.document(e).path is not None and window.areas.area_of(e) == "side"]


# A new window's size, when the screen has room for it (most of the screen otherwise).
PREFERRED_SIZE = QSize(1280, 800)
SCREEN_SHARE = 0.9


def size_to_screen(window) -> None:
    """Give a new window PREFERRED_SIZE, or less on a small (or scaled: QT_SCALE_FACTOR) screen,
    so that its status bar is never below the screen's edge."""
    available = _screen_for(window, window.geometry()).availableGeometry()
    room = QSize(int(available.width() * SCREEN_SHARE), int(available.height() * SCREEN_SHARE))
    window.resize(PREFERRED_SIZE.boundedTo(room))


def keep_on_screen(window) -> None:
    """Move and shrink `window` onto the screen it overlaps most (else the primary one): a
    geometry remembered on another monitor or at another scale must not open out of sight."""
    if window.isMaximized() or window.isFullScreen():
        return  # the system places those
    geometry = window.geometry()
    available = _screen_for(window, geometry).availableGeometry()
    # The layout's minimum size wins over a smaller remembered one once shown: place that size.
    size = geometry.size().expandedTo(window.minimumSizeHint()).boundedTo(available.size())
    left = min(max(geometry.left(), available.left()), available.right() - size.width() + 1)
    top = min(max(geometry.top(), available.top()), available.bottom() - size.height() + 1)
    fitted = QRect(left, top, size.width(), size.height())
    if fitted != geometry:
        window.setGeometry(fitted)


def _screen_for(window, geometry: QRect):
    screens = QGuiApplication.screens()
    overlap = [(s.geometry().intersected(geometry), s) for s in screens]
    overlap = [(r.width() * r.height(), s) for r, s in overlap if not r.isEmpty()]
    if overlap:
        return max(overlap, key=lambda pair: pair[0])[1]
    return window.screen() or QGuiApplication.primaryScreen()

"""A project window's remembered state: what `ProjectState` holds, taken from and put back into it."""

from __future__ import annotations

from PySide6.QtCore import QByteArray

from dsstudio.core.settings import ProjectState, load_project_state


def window_state(window) -> ProjectState:
    """What to remember of `window`'s project: layout, open files and notebooks, switches."""
    state = load_project_state(window.project_root)
    state.splitter_sizes = {"main": window.splitter.sizes()}
    state.reload_on_save = window.settings.get("reload_on_save")
    state.save_notebook_outputs = window.settings.get("save_notebook_outputs")
    root = window.project_root
    opened = window.tabs.open_paths() + window.open_notebook_paths()
    state.open_files = [str(p.relative_to(root)) for p in opened if root in p.parents]
    editor = window.tabs.current_editor()
    current = window.tabs.document(editor).path if editor is not None else None
    state.current_file = str(current.relative_to(root)) if current and root in current.parents else None
    state.window_geometry = bytes(window.saveGeometry().toBase64()).decode("ascii")
    return state


def restore_window_state(window, state: ProjectState) -> None:
    """Put `window` back as `state` says; files and notebooks reopen after the first paint."""
    sizes = state.splitter_sizes.get("main")
    if sizes and len(sizes) == window.splitter.count() and sum(sizes) > 0:
        window.splitter.setSizes(sizes)
    if state.window_geometry:
        window.restoreGeometry(QByteArray.fromBase64(state.window_geometry.encode("ascii")))
    root = window.project_root
    files = [root / relative for relative in state.open_files]
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
                window.tabs.open_file(path)
        offer_recovered(window, keeper, findings)

    window.after_first_paint(reopen)

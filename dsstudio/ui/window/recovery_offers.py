"""After a crash: the project's tabs come back, and each recovered copy of unsaved work is
offered ("Restore" / "Compare" / "Discard", with its age). Nothing is restored or dropped without
the user's answer, except a copy identical to what is open already (nothing to recover)."""

from __future__ import annotations

import json
from pathlib import Path

from dsstudio.core.editor.recovery_store import RecoveredCopy, RecoveryFindings
from dsstudio.core.editor.textfile import TextFileFormat
from dsstudio.ui.editor.notice_bar import Notice

CRASH_WORDS = "dsstudio did not close normally"


def offer_recovered(window, keeper, findings: RecoveryFindings) -> None:
    for problem in findings.problems:
        window.console.show_message(problem)
        window.status.showMessage(problem, 15000)
    for copy in findings.copies:
        if copy.kind == "text":
            _offer_text(window, keeper, copy)
        elif window.kernel is not None:
            _offer_notebook(window, keeper, copy)


def _offer_text(window, keeper, copy: RecoveredCopy) -> None:
    tabs = window.tabs
    fmt = TextFileFormat(copy.encoding or "utf-8", copy.newline or "\n", copy.bom)
    if copy.path is None or not copy.path.is_file():
        # Nothing on disk holds this text (never saved, or deleted since): put it back at once,
        # unsaved, and say where it came from.
        editor = tabs.new_file()
        doc = tabs.document(editor)
        doc.fmt = fmt
        if copy.path is not None:
            doc.path = copy.path
            doc.missing_on_disk = True
            tabs.disk.watch(copy.path)  # if the file comes back, the tab hears of it
        editor.replace_text_keeping_place(copy.content)
        keeper.tick()
        keeper.flush()  # the tab's own copy is on disk before the old one goes
        keeper.store.remove_copy(copy.key)
        where = "was never saved" if copy.path is None else "was deleted on disk"
        tabs.set_notice(editor, Notice(
            f"Recovered text from {copy.age_words()} ({CRASH_WORDS}); this file {where}.",
            (("Save As…", lambda: tabs.save_as(editor)),
             ("Dismiss", lambda: tabs.set_notice(editor, None))), "info"))
        return
    editor = tabs.open_file(copy.path)
    if editor is None:
        return
    if editor.text() == copy.content:
        keeper.store.remove_copy(copy.key)  # saved after all: nothing to recover
        return
    keeper.pending_offers.add(copy.key)
    name = copy.path.name

    def restore() -> None:
        editor.replace_text_keeping_place(copy.content)  # one undo step back to the disk's
        _answered(keeper, copy)
        tabs.set_notice(editor, None)

    def discard() -> None:
        _answered(keeper, copy)
        keeper.store.remove_copy(copy.key)
        tabs.set_notice(editor, None)

    def compare() -> None:
        from dsstudio.ui.editor.compare_dialog import CompareDialog

        dialog = CompareDialog(f"{name}: on disk and recovered", editor.text(), copy.content,
                               f"{name} (on disk)", f"{name} (recovered)", ("Restore", "Discard"),
                               tabs)
        tabs.run_dialog(dialog)
        {"Restore": restore, "Discard": discard}.get(dialog.choice, lambda: None)()

    tabs.set_notice(editor, Notice(
        f"Unsaved changes to {name} from {copy.age_words()} were recovered ({CRASH_WORDS}).",
        (("Restore", restore), ("Compare", compare), ("Discard", discard)), "info"))


def _offer_notebook(window, keeper, copy: RecoveredCopy) -> None:
    pane = window.notebooks
    try:
        recovered = json.loads(copy.content)
    except ValueError as error:
        window.console.show_message(f"The recovered copy of {copy.name} could not be read ({error}); "
                                    f"it is kept at {keeper.store.folder / (copy.key + '.json')}")
        return
    if copy.path is None or not copy.path.is_file():
        import nbformat

        view = pane.open(copy.path, notebook=nbformat.from_dict(recovered))
        if view is not None:
            view.mark_modified()
            keeper.tick()
            keeper.flush()
            keeper.store.remove_copy(copy.key)
        return
    view = pane.open(copy.path)
    if view is None:
        return
    from dsstudio.ui.window.recovery_keeper import notebook_sources

    if [c.get("source", "") for c in recovered.get("cells", [])] == notebook_sources(view):
        keeper.store.remove_copy(copy.key)
        return
    keeper.pending_offers.add(copy.key)

    def restore() -> None:
        import nbformat

        _answered(keeper, copy)
        merged = nbformat.from_dict(with_outputs_of(recovered, view.notebook))
        fresh = pane.replace(view, merged)
        if fresh is not None:
            fresh.mark_modified()

    def discard() -> None:
        _answered(keeper, copy)
        keeper.store.remove_copy(copy.key)
        view.notice_bar.show_notice(None)

    view.notice_bar.show_notice(Notice(
        f"Unsaved changes to {copy.name} from {copy.age_words()} were recovered ({CRASH_WORDS}); "
        "outputs are not part of a recovered copy.",
        (("Restore", restore), ("Discard", discard)), "info"))


def with_outputs_of(recovered: dict, on_disk) -> dict:
    """The recovered notebook, its unchanged cells keeping the outputs they have on disk (a cell
    matches by id and source)."""
    disk_cells = {cell.get("id"): cell for cell in on_disk.get("cells", []) if cell.get("id")}
    for cell in recovered.get("cells", []):
        match = disk_cells.get(cell.get("id"))
        if match is not None and match.get("source") == cell.get("source") \
                and cell.get("cell_type") == "code":
            cell["outputs"] = match.get("outputs", [])
            cell["execution_count"] = match.get("execution_count")
    return recovered


def _answered(keeper, copy: RecoveredCopy) -> None:
    keeper.pending_offers.discard(copy.key)


def recovered_open_tabs(findings: RecoveryFindings, root: Path) -> tuple[list[Path], Path | None] | None:
    """The tabs open when the last session ended, if it did not end cleanly."""
    if findings.open_tabs is None:
        return None
    return [p for p in findings.open_tabs if root in p.parents], findings.current

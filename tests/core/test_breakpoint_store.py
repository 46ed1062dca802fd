"""Breakpoints per file: toggled, moved with edits, kept between sessions."""

from __future__ import annotations

from pathlib import Path

from dsstudio.core.debug.breakpoints import (
    Breakpoint,
    BreakpointStore,
    load_breakpoints,
    save_breakpoints,
)


def test_toggle_move_and_report_changes(tmp_path: Path):
    changed: list[tuple[str, bool]] = []
    store = BreakpointStore(on_change=lambda path, resend: changed.append((path, resend)))
    module = tmp_path / "models.py"
    assert store.toggle(module, 3) is True
    store.set(module, Breakpoint(7, condition="n > 2"))
    assert [b.line for b in store.in_file(module)] == [3, 7]
    store.move_lines(module, [6, 10])  # three lines inserted above both
    assert [b.line for b in store.in_file(module)] == [6, 10]
    assert store.at(module, 10).condition == "n > 2"
    assert store.toggle(module, 6) is False
    # Moved lines wait for the save's reload to be sent; the rest are sent at once.
    assert changed == [(str(module), True), (str(module), True), (str(module), False),
                       (str(module), True)]
    store.clear_file(module)
    assert not store and store.files() == []


def test_kept_between_sessions_and_a_bad_file_is_ignored(tmp_path: Path):
    store = BreakpointStore()
    module = tmp_path / "models.py"
    store.set(module, Breakpoint(4, log_message="n={n}"))
    saved = tmp_path / "state" / "bp.json"
    save_breakpoints(store, saved)
    again = BreakpointStore()
    load_breakpoints(again, saved)
    assert [(b.line, b.log_message) for b in again.in_file(module)] == [(4, "n={n}")]
    saved.write_text("{not json")
    broken = BreakpointStore()
    load_breakpoints(broken, saved)
    assert not broken

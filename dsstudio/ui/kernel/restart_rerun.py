"""Kernel > Restart Kernel and Re-run Setup: restart, then run again what ran in the console
since the kernel started (in order), the setup a fresh kernel needs again."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox


def restart_and_rerun(window) -> None:
    """Restart, then run again what ran in the console since the last start (in order)."""
    if window.kernel is None:
        return
    inputs = list(window.console.session_inputs)
    if not inputs or not confirm_rerun(window, len(inputs)):  # (the action is off with none)
        return

    def rerun(_info: dict) -> None:
        window.kernel.sig_ready.disconnect(rerun)
        for code in inputs:
            window.console.run_code(code)

    window.kernel.sig_ready.connect(rerun)
    window.restart_now()


def confirm_rerun(window, count: int) -> bool:
    answer = QMessageBox.question(
        window, "Restart kernel and re-run setup",
        f"Restart the project kernel, then run again {inputs_phrase(count)} run in the console "
        "since it started?")
    return answer == QMessageBox.StandardButton.Yes


def inputs_phrase(count: int) -> str:
    """"the input", "the 3 inputs"."""
    return "the input" if count == 1 else f"the {count} inputs"

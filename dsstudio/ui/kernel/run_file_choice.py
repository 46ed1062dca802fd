"""Run File on a module the kernel has imported: say what `%run` would do, offer a reload.

`%run models.py` runs the file again as `__main__`: its classes are made a second time and the
names the user imported (`from models import Model`) are bound to the copies, so
`isinstance(ols, Model)` turns False for objects made before, and later saves (which update the
module `models`) no longer reach those names. So Run File first asks the kernel's reloader under
which names the file is imported; a file nobody imported runs at once, as before. For an imported
one a dialog offers "Reload Module" (what a save does) or "Run as Script" (the `%run`,
knowingly), and can remember the answer for the project (the setting `run_imported_module`).
"""

from __future__ import annotations

import shlex
from pathlib import Path

from PySide6.QtCore import QObject
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from dsstudio.core.kernel.reload_protocol import modules_at_expression, read_modules_at

SETTING = "run_imported_module"
CHOICES = ("ask", "reload", "script")


def run_file(window, path: Path) -> None:
    """Run the saved file `path` in `window`'s kernel: `%run`, or its reload when imported."""
    client = window.kernel.client if window.kernel is not None else None
    if client is None or window.live_reload is None or window.kernel.state not in ("idle", "busy"):
        run_as_script(window, path)  # no reloader to ask (yet): nothing can be imported
        return
    _ImportedModulesQuery(window.kernel, client, path,
                          lambda modules: _decide(window, path, modules), window)


def run_as_script(window, path: Path) -> None:
    shown = path
    if window.project_root is not None and window.project_root in path.parents:
        shown = path.relative_to(window.project_root)
    window.console.run_code(f"%run {shlex.quote(str(shown))}")


def reload_module(window, path: Path) -> None:
    if window.live_reload is not None:
        window.live_reload.request([path], asked=True)


def set_asking(window, on: bool) -> None:
    """Run > Ask Before Running an Imported Module: on, the dialog asks; off, Run File reloads
    an imported module without asking (or does what the dialog was told to remember)."""
    if window.settings is None:
        return
    if on:
        window.settings.set(SETTING, "ask")
        window.status.showMessage("Run File will ask before running an imported module", 5000)
    elif window.settings.get(SETTING) == "ask":
        window.settings.set(SETTING, "reload")
        window.status.showMessage("Run File will reload an imported module without asking", 5000)


def show_setting(window) -> None:
    """The Run menu's switch as the project's setting says (at open, and after the dialog)."""
    action = window.actions["ask_run_imported"]
    action.blockSignals(True)  # showing the setting is not the user flipping it
    action.setChecked(window.settings is None or window.settings.get(SETTING) not in CHOICES[1:])
    action.blockSignals(False)


class RunImportedDialog(QDialog):
    """Reload Module / Run as Script / Cancel, with "Don't ask again for this project"."""

    def __init__(self, file_name: str, modules: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("RunImportedDialog")
        self.setWindowTitle("Run File")
        self.choice: str | None = None  # "reload" or "script" once a button is clicked
        names = " and ".join(f"<code>{name}</code>" for name in modules)
        self.message = text = QLabel(
            f"<p><b>{file_name} is imported by the kernel as {names}.</b></p>"
            "<p>Running it as a script would make second copies of its classes and functions in "
            "<code>__main__</code>: objects made before would no longer be instances of the "
            "names you imported, and later saves would not update those names.</p>"
            "<p><b>Reload Module</b> updates the imported module in place, as a save does.<br>"
            "<b>Run as Script</b> runs it with <code>%run</code> all the same.</p>")
        text.setWordWrap(True)
        self.remember = QCheckBox("Don't ask again for this project")
        self.buttons = QDialogButtonBox()
        accept = QDialogButtonBox.ButtonRole.AcceptRole
        reload_button = self.buttons.addButton("Reload Module", accept)
        reload_button.setObjectName("ReloadModuleButton")
        script_button = self.buttons.addButton("Run as Script", accept)
        script_button.setObjectName("RunAsScriptButton")
        self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        reload_button.setDefault(True)
        reload_button.clicked.connect(lambda: self._choose("reload"))
        script_button.clicked.connect(lambda: self._choose("script"))
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addWidget(self.remember)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(460)

    def _choose(self, choice: str) -> None:
        self.choice = choice
        self.accept()


def _decide(window, path: Path, modules: list[str]) -> None:
    if not modules:
        run_as_script(window, path)
        return
    remembered = window.settings.get(SETTING) if window.settings is not None else "ask"
    if remembered == "reload":
        window.status.showMessage(f"{path.name} is imported as {', '.join(modules)}: reloading "
                                  "it, not running it as a script (Run > Ask Before Running an "
                                  "Imported Module to choose again)", 8000)
        reload_module(window, path)
        return
    if remembered == "script":
        window.status.showMessage(f"{path.name} is imported as {', '.join(modules)}: running it "
                                  "as a script all the same (Run > Ask Before Running an Imported "
                                  "Module to choose again)", 8000)
        run_as_script(window, path)
        return
    dialog = RunImportedDialog(path.name, modules, window)

    def done(_result: int) -> None:
        dialog.deleteLater()
        if dialog.choice is None:
            return  # cancelled
        if dialog.remember.isChecked() and window.settings is not None:
            window.settings.set(SETTING, dialog.choice)
            show_setting(window)
        (reload_module if dialog.choice == "reload" else run_as_script)(window, path)

    dialog.finished.connect(done)
    dialog.open()


class _ImportedModulesQuery(QObject):
    """One silent execute whose user expression asks the kernel's reloader which modules were
    imported from a path; `answer(names)` is called with the reply (once). A restart or death
    before the reply ends the question: nothing runs (the user runs the file again)."""

    def __init__(self, kernel, client, path: Path, answer, parent: QObject) -> None:
        super().__init__(parent)
        self._kernel = kernel
        self._client = client
        self._answer = answer
        client.shell_channel.message_received.connect(self._on_shell_message)
        kernel.sig_state_changed.connect(self._on_kernel_state)
        self._msg_id = client.execute("", silent=True, store_history=False,
                                      user_expressions={"modules": modules_at_expression(path)})

    def _on_shell_message(self, msg: dict) -> None:
        if (msg.get("msg_type") == "execute_reply"
                and msg.get("parent_header", {}).get("msg_id") == self._msg_id):
            self._end()
            self._answer(read_modules_at(msg.get("content", {})))

    def _on_kernel_state(self, state: str) -> None:
        if state in ("restarting", "dead", "stopped"):
            self._end()

    def _end(self) -> None:
        self._client.shell_channel.message_received.disconnect(self._on_shell_message)
        self._kernel.sig_state_changed.disconnect(self._on_kernel_state)
        self.deleteLater()

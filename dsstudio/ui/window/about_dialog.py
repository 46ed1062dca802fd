"""Help > About dsstudio: the versions a bug report needs, with a button to copy them.

The kernel runs in the project's own interpreter, which may differ from dsstudio's: its path and
Python version are shown too (the version once the kernel has answered).
"""

from __future__ import annotations

import platform
import sys

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QDialogButtonBox, QFormLayout, QLabel, QVBoxLayout

import dsstudio


def about_rows(window) -> list[tuple[str, str]]:
    """(name, value) lines for `window`: the app's versions, then its project kernel's."""
    import PySide6
    from PySide6.QtCore import qVersion

    rows = [("dsstudio", dsstudio.__version__),
            ("Python", f"{platform.python_version()} ({sys.executable})"),
            ("Qt", qVersion()),
            ("PySide6", PySide6.__version__),
            ("IPython", _version_of("ipython")),
            ("System", platform.platform())]
    kernel = window.kernel
    if kernel is not None:
        launch = kernel.launch
        rows.append(("Kernel interpreter", str(launch.python) if launch.python else launch.label))
        version = kernel.kernel_info.get("language_info", {}).get("version", "")
        rows.append(("Kernel Python", version or "(the kernel has not answered yet)"))
    return rows


def _version_of(distribution: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(distribution)
    except PackageNotFoundError:
        return "not installed"


class AboutDialog(QDialog):
    def __init__(self, window) -> None:
        super().__init__(window)
        self.setObjectName("AboutDialog")
        self.setWindowTitle("About dsstudio")
        self.rows = about_rows(window)
        layout = QVBoxLayout(self)
        title = QLabel("<h2>dsstudio</h2>Modules in an editor, results in a notebook, one kernel.")
        layout.addWidget(title)
        form = QFormLayout()
        for name, value in self.rows:
            label = QLabel(value)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            label.setWordWrap(True)
            form.addRow(f"{name}:", label)
        layout.addLayout(form)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        copy = buttons.addButton("Copy", QDialogButtonBox.ButtonRole.ActionRole)
        copy.setObjectName("CopyVersionsButton")
        copy.clicked.connect(self.copy_to_clipboard)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.setMinimumWidth(520)

    def text(self) -> str:
        return "\n".join(f"{name}: {value}" for name, value in self.rows)

    def copy_to_clipboard(self) -> None:
        """For a bug report: every line, as shown."""
        QApplication.clipboard().setText(self.text())

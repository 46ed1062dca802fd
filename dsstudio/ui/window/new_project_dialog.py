"""File > New Project (and the start page's button): a name and a place, then the project opens.

What the new folder holds is decided in the core (core/project/new_project.py); a name that cannot
be used, or a folder already in use, is said in the dialog, which stays open.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
)

from dsstudio.core.project.new_project import (
    NewProjectError,
    create_project,
    project_name_problem,
)
from dsstudio.ui.theme.themed_style import set_themed_style


class NewProjectDialog(QDialog):
    def __init__(self, parent=None, location: Path | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("NewProjectDialog")
        self.setWindowTitle("New Project")
        self.created: Path | None = None
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("A folder with a project file, <tt>models.py</tt> and an "
                                "<tt>analysis.ipynb</tt> notebook that imports it."))
        form = QFormLayout()
        self.name = QLineEdit()
        self.name.setPlaceholderText("my-analysis")
        form.addRow("Name:", self.name)
        self.location = QLineEdit(str(location or Path.home()))
        browse = QPushButton("Browse…")
        browse.clicked.connect(self._browse)
        row = QHBoxLayout()
        row.addWidget(self.location, 1)
        row.addWidget(browse)
        form.addRow("Location:", row)
        layout.addLayout(form)
        self.problem = QLabel()
        self.problem.setObjectName("NewProjectProblem")
        self.problem.setWordWrap(True)
        set_themed_style(self.problem, "color: {error};")
        self.problem.hide()
        layout.addWidget(self.problem)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Create")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(480)

    def accept(self) -> None:
        name = self.name.text()
        problem = project_name_problem(name)
        if problem is None:
            try:
                self.created = create_project(Path(self.location.text()).expanduser(), name)
            except NewProjectError as error:
                problem = str(error)
        if problem is not None:
            self.problem.setText(problem)
            self.problem.show()
            return  # stays open: the user fixes the name or place
        super().accept()

    def _browse(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Where to make the project",
                                                  self.location.text())
        if folder:
            self.location.setText(folder)


def new_project(window) -> None:
    """Ask for a name and a place, make the project, and open it (in this window if it is free)."""
    dialog = NewProjectDialog(window)

    def opened() -> None:
        if dialog.created is not None and window.project_opener is not None:
            window.project_opener(dialog.created, window)

    dialog.accepted.connect(opened)
    dialog.open()

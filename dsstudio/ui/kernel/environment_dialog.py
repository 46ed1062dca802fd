"""Kernel > Create Project Environment…: what goes into the new `.venv`, and from which Python.

The choices are few on purpose: the packages (a data-science preset, the project's own
requirements.txt or pyproject.toml dependencies, or ipykernel alone, plus any named on the "Also
install" line, such as scikit-learn) and the Python to make it from (the pythons found on this
machine; uv finds one by itself when none is chosen).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from dsstudio.core.project.environment_creation import (
    ENV_FOLDER,
    PRESET,
    EnvironmentCreationError,
    parse_extra_packages,
    requirement_sources,
)
from dsstudio.ui.theme.themed_style import set_themed_style

SOURCE_TEXT = {
    "preset": "ipykernel and a data science preset (" + ", ".join(PRESET) + ")",
    "requirements": "ipykernel and the project's requirements.txt",
    "pyproject": "ipykernel and the dependencies in pyproject.toml",
    "ipykernel": "ipykernel only",
}


class EnvironmentDialog(QDialog):
    def __init__(self, root: Path, pythons: list[tuple[str, Path | None]],
                 parent: QWidget | None = None) -> None:
        """`pythons`: (label, path) to offer as the base; a None path lets uv choose."""
        super().__init__(parent)
        self.setObjectName("EnvironmentDialog")
        self.setWindowTitle("Create Project Environment")
        self.root = Path(root)
        intro = QLabel(f"A new virtual environment in <b>{ENV_FOLDER}</b> inside the project, "
                       "made with uv. The kernel restarts in it when it is ready.")
        intro.setWordWrap(True)
        self.sources = QButtonGroup(self)
        source_box = QVBoxLayout()
        offered = requirement_sources(self.root)
        for source in offered:
            button = QRadioButton(SOURCE_TEXT[source])
            button.setObjectName(f"source_{source}")
            button.setProperty("source", source)
            self.sources.addButton(button)
            source_box.addWidget(button)
        # The project's own list, when it has one, is what the user most likely wants.
        preferred = next((s for s in ("requirements", "pyproject") if s in offered), "preset")
        for button in self.sources.buttons():
            button.setChecked(button.property("source") == preferred)
        self.base = QComboBox()
        self.base.setObjectName("BasePython")
        for label, path in pythons:
            self.base.addItem(label, str(path) if path else None)
        self.also = QLineEdit()
        self.also.setObjectName("AlsoInstall")
        self.also.setPlaceholderText("scikit-learn seaborn (package names, as for pip)")
        self.also_problem = QLabel()
        self.also_problem.setObjectName("AlsoInstallProblem")
        set_themed_style(self.also_problem, "color: {error};")
        self.also_problem.hide()
        form = QFormLayout()
        form.addRow("Install:", source_box)
        form.addRow("Also install:", self.also)
        form.addRow("", self.also_problem)
        form.addRow("Python:", self.base)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        create = buttons.addButton("Create", QDialogButtonBox.ButtonRole.AcceptRole)
        self.create_button = create
        create.setEnabled(not (self.root / ENV_FOLDER).exists())
        self.also.textChanged.connect(self._check_extra_packages)
        if (self.root / ENV_FOLDER).exists():
            intro.setText(f"{self.root / ENV_FOLDER} already exists: choose it with Select "
                          "Interpreter, or remove it first.")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def extra_packages(self) -> list[str]:
        """The "Also install" packages ([] while the line does not read as packages)."""
        try:
            return parse_extra_packages(self.also.text())
        except EnvironmentCreationError:
            return []

    def _check_extra_packages(self) -> None:
        # What cannot be installed is said at once, and Create waits for a line that can.
        try:
            parse_extra_packages(self.also.text())
            problem = ""
        except EnvironmentCreationError as error:
            problem = str(error)
        self.also_problem.setText(problem)
        self.also_problem.setVisible(bool(problem))
        self.create_button.setEnabled(not problem and not (self.root / ENV_FOLDER).exists())

    def source(self) -> str:
        return self.sources.checkedButton().property("source")

    def base_python(self) -> Path | None:
        value = self.base.currentData()
        return Path(value) if value else None

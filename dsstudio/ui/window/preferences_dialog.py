"""Edit > Preferences: the editor's look, autosave, and the defaults of a project's switches.

OK and Apply store the choices (Preferences, in the user's config folder) and put them at once on
every window's editors. A project switch decided by the open project's `.dsproj` file is shown as
such: the file wins for that project, the choice here is the default for the others.
"""

from __future__ import annotations

from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFontComboBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QSpinBox,
    QVBoxLayout,
)

from dsstudio.core.settings import Preferences
from dsstudio.ui.editor.editor_preferences import editor_font
from dsstudio.ui.editor.editor_theme import monospace_font
from dsstudio.ui.window.window_preferences import (
    PROJECT_SWITCHES,
    apply_everywhere,
    apply_project_switch,
    project_value_source,
)

THEME_CHOICES = (("light", "Light"), ("dark", "Dark"), ("system", "Follow system"))
SWITCH_TEXT = {"reload_on_save": "Reload modules on save",
               "save_notebook_outputs": "Save notebook outputs"}


class PreferencesDialog(QDialog):
    def __init__(self, window) -> None:
        super().__init__(window)
        self.setObjectName("PreferencesDialog")
        self.setWindowTitle("Preferences")
        self.window_ = window
        self.preferences = Preferences()
        values = self.preferences.values()
        self._shown = values
        layout = QVBoxLayout(self)

        editor_box = QGroupBox("Editor")
        form = QFormLayout(editor_box)
        family, size = editor_font(values)
        self.font_family = QFontComboBox()
        self.font_family.setFontFilters(QFontComboBox.FontFilter.MonospacedFonts)
        self.font_family.setCurrentFont(QFont(family))
        form.addRow("Font:", self.font_family)
        self.font_size = _spin_box(6, 72, size, " pt")
        form.addRow("Font size:", self.font_size)
        self.tab_width = _spin_box(1, 16, values["tab_width"], " spaces")
        form.addRow("Tab width:", self.tab_width)
        self.word_wrap = QCheckBox("Wrap long lines")
        self.word_wrap.setChecked(values["word_wrap"])
        form.addRow("", self.word_wrap)
        self.theme = QComboBox()
        for key, text in THEME_CHOICES:
            self.theme.addItem(text, key)
        self.theme.setCurrentIndex([key for key, _ in THEME_CHOICES].index(values["theme"]))
        form.addRow("Theme:", self.theme)
        layout.addWidget(editor_box)

        project_box = QGroupBox("Projects")
        project_layout = QVBoxLayout(project_box)
        project_layout.addWidget(_note("Defaults for every project. A project's .dsproj file "
                                       "wins for the settings it holds."))
        self.switches: dict[str, QCheckBox] = {}
        self.sources: dict[str, QLabel] = {}
        for name in PROJECT_SWITCHES:
            box = QCheckBox(SWITCH_TEXT[name])
            box.setObjectName(f"switch_{name}")
            box.setChecked(values[name])
            self.switches[name] = box
            project_layout.addWidget(box)
            source = _note(self._source_text(name))
            source.setObjectName(f"source_{name}")
            source.setVisible(bool(source.text()))
            self.sources[name] = source
            project_layout.addWidget(source)
        layout.addWidget(project_box)

        files_box = QGroupBox("Files")
        files_layout = QVBoxLayout(files_box)
        self.autosave = QCheckBox("Autosave files (a paused file is saved to its real file)")
        self.autosave.setChecked(values["autosave"])
        files_layout.addWidget(self.autosave)
        layout.addWidget(files_box)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel
                                   | QDialogButtonBox.StandardButton.Apply)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        buttons.button(QDialogButtonBox.StandardButton.Apply).clicked.connect(self.apply)
        layout.addWidget(buttons)

    # ---- Public API
    def chosen(self) -> dict:
        """The preferences as the dialog shows them (platform defaults stored as "unset")."""
        default_family, default_size = monospace_font()
        family = self.font_family.currentFont().family()
        return {
            "editor_font_family": "" if family == default_family else family,
            "editor_font_size": 0 if self.font_size.value() == default_size else self.font_size.value(),
            "tab_width": self.tab_width.value(),
            "word_wrap": self.word_wrap.isChecked(),
            "theme": self.theme.currentData(),
            "autosave": self.autosave.isChecked(),
            **{name: box.isChecked() for name, box in self.switches.items()},
        }

    def apply(self) -> None:
        """Store the choices and put them on every window now."""
        chosen = self.chosen()
        self.preferences.update(chosen)
        values = self.preferences.values()
        apply_everywhere(values)
        # A project switch flipped here also flips the open project's (unless its file decides).
        for name in PROJECT_SWITCHES:
            if chosen[name] != self._shown[name]:
                apply_project_switch(self.window_, name, chosen[name])
            self.sources[name].setText(self._source_text(name))
        self._shown = values

    def accept(self) -> None:
        self.apply()
        super().accept()

    # ---- Internals
    def _source_text(self, name: str) -> str:
        file_name = project_value_source(self.window_, name)
        if file_name is None:
            return ""
        state = "on" if self.window_.settings.get(name) else "off"
        return f"This project: {state}, set in {file_name} (the project file wins)."


def show_preferences(window) -> None:
    """Edit > Preferences: the dialog, built now (never at start-up)."""
    dialog = PreferencesDialog(window)
    dialog.open()


def _spin_box(low: int, high: int, value: int, suffix: str) -> QSpinBox:
    box = QSpinBox()
    box.setRange(low, high)
    box.setValue(value)
    box.setSuffix(suffix)
    return box


def _note(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    palette = label.palette()  # muted: an explanation, not a control (disabled text is too faint)
    palette.setColor(QPalette.ColorRole.WindowText, palette.color(QPalette.ColorRole.PlaceholderText))
    label.setPalette(palette)
    return label


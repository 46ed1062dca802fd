"""Compare two versions of a text (mine against the disk's, or a recovered copy): a unified diff,
read-only, with the answers the caller offers as buttons."""

from __future__ import annotations

from lexilla import create_lexer
from lexilla.pyside6_scintilla import set_lexer
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget
from pyside6_scintilla import ScintillaEdit

from dsstudio.core.editor.text_diff import unified_diff
from dsstudio.core.settings import Preferences
from dsstudio.ui.editor.editor_preferences import editor_font
from dsstudio.ui.editor.editor_theme import THEMES, bgr
from dsstudio.ui.theme.theme_colours import colour, current_theme

# Lexilla's diff lexer styles (SCE_DIFF_*): foreground, background (keys of theme_colours).
DIFF_STYLES = {3: ("muted", None), 4: ("hunk_text", "hunk_bg"), 5: ("removed_text", "removed_bg"),
               6: ("added_text", "added_bg"), 2: ("muted", None)}
STYLE_DEFAULT = 32


class CompareDialog(QDialog):
    """`choice` is the label of the button pressed, or None when closed."""

    def __init__(self, title: str, old: str, new: str, old_name: str, new_name: str,
                 answers: tuple[str, ...], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.resize(900, 600)
        self.choice: str | None = None
        diff = unified_diff(old, new, old_name, new_name)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"Lines starting with - are in {old_name}; with + in {new_name}."
                                if diff else "The two versions are the same."))
        self.view = ScintillaEdit()
        set_lexer(self.view, create_lexer("diff"))
        family, size = editor_font(Preferences().values())  # the editor's, as the user set it
        self.view.styleSetFont(STYLE_DEFAULT, family)
        self.view.styleSetSize(STYLE_DEFAULT, size)
        editor = THEMES[current_theme()]  # the text and background of the code editor
        self.view.styleSetFore(STYLE_DEFAULT, bgr(editor["foreground"]))
        self.view.styleSetBack(STYLE_DEFAULT, bgr(editor["background"]))
        self.view.styleClearAll()
        for style, (fore, back) in DIFF_STYLES.items():
            self.view.styleSetFore(style, bgr(colour(fore)))
            if back:
                self.view.styleSetBack(style, bgr(colour(back)))
                self.view.styleSetEOLFilled(style, True)
        self.view.setText(diff)
        self.view.setReadOnly(True)
        self.view.setMarginWidthN(1, 0)
        layout.addWidget(self.view, 1)
        buttons = QDialogButtonBox()
        for answer in answers:
            button = buttons.addButton(answer, QDialogButtonBox.ButtonRole.ActionRole)
            button.clicked.connect(lambda _checked=False, a=answer: self._choose(a))
        buttons.addButton(QDialogButtonBox.StandardButton.Close).clicked.connect(self.reject)
        layout.addWidget(buttons)

    def diff_text(self) -> str:
        length = self.view.textLength()
        return bytes(self.view.getText(length + 1))[:length].decode("utf-8")

    def _choose(self, answer: str) -> None:
        self.choice = answer
        self.accept()

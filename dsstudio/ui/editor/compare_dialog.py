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
from dsstudio.ui.editor.editor_theme import bgr

# Lexilla's diff lexer styles (SCE_DIFF_*): foreground, background.
DIFF_STYLES = {3: ("#57606a", None), 4: ("#0550ae", "#ddf4ff"), 5: ("#82071e", "#ffebe9"),
               6: ("#116329", "#dafbe1"), 2: ("#57606a", None)}
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
        self.view.styleClearAll()
        for style, (fore, back) in DIFF_STYLES.items():
            self.view.styleSetFore(style, bgr(fore))
            if back:
                self.view.styleSetBack(style, bgr(back))
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

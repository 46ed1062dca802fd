"""A "Debug this error" link under each traceback the console shows, as a notebook cell's error
has its Debug button: a click opens the error's frames and variables in the Debug pane.

qtconsole's output is a QTextEdit: the link is an anchor in HTML appended after the traceback,
and a click on it is caught on the text's viewport (a QTextEdit follows no links). The kernel
keeps only its last error (`sys.last_traceback`), so only the newest link since the kernel last
started still has its error; an older one, or one from before a restart or a clear, says so
instead of showing another error's frames.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtWidgets import QToolTip

from dsstudio.ui.console.console_theme import IN_PROMPT  # (a tone readable in both themes)

SCHEME = "dsstudio-debug-error:"
LINK_TEXT = "Debug this error"
TOOLTIP = "Open this error's frames and their variables in the Debug pane"


class ErrorLinks(QObject):
    sig_debug_requested = Signal(bool)
    """A link was clicked: True when its error is still the kernel's last one, False when a
    later error or a kernel restart replaced it."""

    def __init__(self, console) -> None:
        super().__init__(console)
        self._console = console
        self._links = 0  # links made so far (their numbers never repeat)
        self._latest: int | None = None  # the link of the kernel's last error, if any
        self._pressed = ""  # the link under the mouse button when it went down
        show_error = console._process_execute_error

        def process_execute_error(msg: dict) -> None:
            show_error(msg)
            content = msg.get("content", {})
            if content.get("traceback") and content.get("ename") != "SystemExit":
                self._add_link(before_prompt=not console.from_here(msg))

        # (qtconsole calls it through the instance for each error it shows, its own or not)
        console._process_execute_error = process_execute_error
        open_anchor = console.open_anchor  # the context menu's "Open Link": a web browser
        console.open_anchor = lambda anchor: (self._clicked(anchor) if anchor.startswith(SCHEME)
                                              else open_anchor(anchor))
        console._control.viewport().installEventFilter(self)

    # ---- Public API
    def kernel_restarted(self) -> None:
        """The kernel is new: no link's error is in it any more."""
        self._latest = None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind not in (QEvent.Type.MouseMove, QEvent.Type.MouseButtonPress,
                        QEvent.Type.MouseButtonRelease):
            return False
        anchor = self._console._control.anchorAt(event.position().toPoint())
        ours = anchor.startswith(SCHEME)
        if kind == QEvent.Type.MouseMove:
            watched.setCursor(Qt.CursorShape.PointingHandCursor if ours
                              else Qt.CursorShape.IBeamCursor)
            if ours and event.buttons() == Qt.MouseButton.NoButton:
                QToolTip.showText(event.globalPosition().toPoint(), TOOLTIP)
                return True  # (qtconsole would show the link's address instead)
            return False
        if event.button() != Qt.MouseButton.LeftButton:
            return False
        if kind == QEvent.Type.MouseButtonPress:
            self._pressed = anchor if ours else ""
            return False
        clicked, self._pressed = self._pressed, ""
        if ours and anchor == clicked:
            self._clicked(anchor)
            return True
        return False

    # ---- Internals
    def _add_link(self, before_prompt: bool) -> None:
        self._links += 1
        self._latest = self._links
        self._console._append_html(f'<a href="{SCHEME}{self._links}"><span style="color: '
                                   f'{IN_PROMPT}">{LINK_TEXT}</span></a>',
                                   before_prompt=before_prompt)
        self._console._append_plain_text("\n", before_prompt=before_prompt)

    def _clicked(self, anchor: str) -> None:
        number = anchor[len(SCHEME):]
        self.sig_debug_requested.emit(self._latest is not None and number == str(self._latest))

"""An open document with changes not on disk, as the window's quit question sees it: its name and
how to save it. Editor tabs and notebooks each list theirs (`unsaved_documents()`), wherever
their tabs sit, so the question before closing is one list of every kind."""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple


class UnsavedDocument(NamedTuple):
    name: str  # as the user knows it: the tab's name ("models.py", "untitled-1.py")
    save: Callable[[], bool]  # True when written (it may ask: a name, a read-only file)

"""Keeps copies of a window's unsaved work in the recovery store as the user types.

A tick four times a second looks at each open document: an unsaved one whose content changed
is copied once the user has paused (or every few seconds during long typing), a saved or closed
one's copy goes. Content is taken on the GUI thread (cheap: a buffer's text, a notebook's sources) and
written on a thread of its own, in order. With autosave on (a preference, off by default), a
paused, unsaved file with nothing to ask about is also saved to its real file, atomically as
every save.
"""

from __future__ import annotations

import json
import queue
import threading
import time
from pathlib import Path

from PySide6.QtCore import QObject, QTimer

from dsstudio.core.editor.disk_version import current_version
from dsstudio.core.editor.recovery_store import RecoveryStore, key_for
from dsstudio.core.editor.textfile import is_read_only

TICK_MS = 250
PAUSE_S = 0.5  # the user stopped typing: copy now (well within the two seconds promised)
LONGEST_WAIT_S = 5.0  # during long typing, a copy at least this often


class _Tracked:
    """What was last copied of one document, and when its content last changed."""

    def __init__(self) -> None:
        self.fingerprint = None
        self.changed_at = 0.0
        self.copied = None  # the fingerprint of the copy on disk (None: no copy)
        self.copied_at = 0.0


class RecoveryKeeper(QObject):
    def __init__(self, window, root: Path) -> None:
        super().__init__(window)
        self.window = window
        self.store = RecoveryStore(root)
        self.autosave = False
        self.pending_offers: set[str] = set()  # copies offered back and not answered yet
        self._tracked: dict[str, _Tracked] = {}
        self._session = None
        self._written: set[str] = set()  # keys of the copies this session wrote
        self._jobs: queue.Queue = queue.Queue()
        self._writer = threading.Thread(target=self._write_jobs, name="dsstudio-recovery", daemon=True)
        self._writer.start()
        self._timer = QTimer(self)
        self._timer.setInterval(TICK_MS)
        self._timer.timeout.connect(self.tick)
        self._timer.start()

    # ---- Public API
    def tick(self, now: float | None = None) -> None:
        now = time.monotonic() if now is None else now
        seen = set()
        for key, fingerprint, unsaved, take, save in self._documents():
            seen.add(key)
            if key in self.pending_offers:
                continue  # the recovered copy stays as it is until the user answers
            tracked = self._tracked.setdefault(key, _Tracked())
            if fingerprint != tracked.fingerprint:
                tracked.fingerprint, tracked.changed_at = fingerprint, now
            paused = now - tracked.changed_at >= PAUSE_S
            if unsaved and self.autosave and paused and save is not None and save():
                unsaved = False
            if not unsaved:
                if tracked.copied is not None:
                    self._jobs.put(("remove", key))
                    tracked.copied = None
            elif tracked.copied != fingerprint and (paused or now - tracked.copied_at >= LONGEST_WAIT_S):
                self._jobs.put(("write", key, take()))
                self._written.add(key)
                tracked.copied, tracked.copied_at = fingerprint, now
        for key in set(self._tracked) - seen:  # closed: saved, discarded, or never changed
            if self._tracked.pop(key).copied is not None:
                self._jobs.put(("remove", key))
        session = self._open_tabs()
        if session != self._session:
            self._session = session
            self._jobs.put(("session", *session))

    def flush(self, timeout: float = 5.0) -> None:
        """Wait until every copy asked for so far is on disk (tests, and before a clean exit)."""
        done = threading.Event()
        self._jobs.put(("call", done.set))
        done.wait(timeout)

    def keep_for_next_start(self) -> None:
        """The app is ending without the user (SIGTERM): copy every unsaved document now, and
        leave the copies and the session for the next start."""
        self._timer.stop()
        # An hour on: every unsaved document is due for a copy (LONGEST_WAIT_S long past).
        self.tick(now=time.monotonic() + 3600)
        self.flush()
        self._jobs.put(None)

    def end_session(self) -> None:
        """A clean exit: the user has answered for every unsaved document."""
        self._timer.stop()
        self.flush()
        self._jobs.put(("end", self._written - self.pending_offers))
        self.flush()
        self._jobs.put(None)

    # ---- What is open
    def _documents(self):
        """(key, fingerprint, unsaved, take content, autosave) for every open document."""
        tabs = self.window.tabs
        for editor in tabs.editors():
            doc = tabs.document(editor)
            key = key_for("text", doc.path, str(doc.untitled_number))
            yield (key, (editor.change_count, doc.path), tabs.is_unsaved(editor),
                   lambda e=editor, d=doc, k=key: ("text", k, d.path, d.display_name, e.text(), d.fmt),
                   (lambda e=editor: self._autosave_editor(e)) if doc.path is not None else None)
        notebooks = self.window._notebooks
        for view in notebooks.views if notebooks is not None else ():
            # Cheap to look at every tick, even with 10,000 cells: counters, not the sources.
            editing = view.editing_editors()
            unsaved = view.has_unsaved_changes()
            key = key_for("notebook", view.path)
            yield (key, (view.change_count, tuple((id(e), e.change_count) for e in editing)), unsaved,
                   lambda v=view, k=key: ("notebook", k, v.path, v.path.name,
                                          notebook_snapshot(v), None),
                   lambda v=view: self._autosave_notebook(v))

    def _open_tabs(self):
        tabs = self.window.tabs
        paths = [p for p in tabs.open_paths()]
        if self.window._notebooks is not None:
            paths += [view.path for view in self.window._notebooks.views]
        editor = tabs.current_editor()
        current = tabs.document(editor).path if editor is not None else None
        return tuple(paths), current

    # ---- Autosave: only what can be written without a question
    def _autosave_editor(self, editor) -> bool:
        tabs = self.window.tabs
        doc = tabs.document(editor)
        if doc.missing_on_disk or doc.notice is not None or is_read_only(doc.path) \
                or tabs.disk.changed_since_seen(editor):
            return False
        return tabs.save(editor)

    def _autosave_notebook(self, view) -> bool:
        if getattr(view, "missing_on_disk", False) or view.runner.is_running() or is_read_only(view.path):
            return False
        version, _data = current_version(view.path, view.disk_version)
        if version is not None and not version.same_content(view.disk_version):
            return False
        return view.save()

    # ---- The writer thread
    def _write_jobs(self) -> None:
        while True:
            job = self._jobs.get()
            if job is None:
                return
            try:
                self._do(job)
            except Exception:  # noqa: BLE001 (a copy failing must never stop the next ones)
                pass

    def _do(self, job) -> None:
        action = job[0]
        if action == "write":
            kind, key, path, name, content, fmt = job[2]
            if callable(content):  # a notebook: made into JSON here, off the GUI thread
                content = content()
            self.store.write_copy(key, kind, path, name, content, fmt)
        elif action == "remove":
            self.store.remove_copy(job[1])
        elif action == "session":
            self.store.write_session(list(job[1]), job[2])
        elif action == "end":
            self.store.end_session(job[1])
        elif action == "call":
            job[1]()


def notebook_sources(view) -> list[str]:
    """Each cell's source as the user sees it (a cell being edited: its editor's text)."""
    sources = []
    for cell in view.cells:
        editor = cell.widget.editor if cell.widget is not None else None
        source = editor.text() if editor is not None else cell.cell.get("source", "")
        sources.append(source if isinstance(source, str) else "".join(map(str, source)))
    return sources


def notebook_snapshot(view):
    """What a copy of the notebook needs, taken on the GUI thread (the sources as the user sees
    them, the cells' dicts); the returned function makes the JSON on the writer thread (for
    10,000 cells, 20 ms that would otherwise stall typing)."""
    sources = notebook_sources(view)
    cells = [cell.cell for cell in view.cells]
    top = {k: v for k, v in view.notebook.items() if k != "cells"}
    return lambda: notebook_json(top, cells, sources)


def notebook_json(top: dict, cells: list, sources: list[str]) -> str:
    """The notebook as JSON with the given sources and no outputs (outputs come back by running
    the cells; copying 50 MB of them at each pause would cost too much)."""
    copied = []
    for cell, source in zip(cells, sources):
        kept = {k: v for k, v in list(cell.items()) if k not in ("outputs", "execution_count")}
        kept["source"] = source
        if kept.get("cell_type") == "code":
            kept["outputs"], kept["execution_count"] = [], None
        copied.append(kept)
    return json.dumps({**top, "cells": copied})

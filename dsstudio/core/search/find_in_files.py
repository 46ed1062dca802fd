"""Find in files: every line of the project's text files that matches a query, file by file.

Made to run in the search process (search_process) and report as it goes: `ProjectSearch.run` calls back once per
file with matches, in a stable order (each folder's files by name, then its subfolders by name),
and checks a cancel flag between files and between chunks of a big file. What is never searched:
see ignore_rules; binary files (a NUL byte anywhere, as git and ripgrep decide; UTF-16/32 with a
BOM is text); files over MAX_FILE_BYTES; files that cannot be read or decoded (counted, and the
first few named, in the summary).

Open editors' text is searched instead of the file on disk (`buffers`), so results and line
numbers are those the user sees, unsaved edits included. Each result carries a fingerprint of
the text searched: a replacement later refuses to touch a file that changed since.
"""

from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from dsstudio.core.editor.textfile import TextFileError, decode_text_file
from dsstudio.core.search.ignore_rules import (
    IgnoreRules,
    glob_spec,
    is_skipped_file,
    is_skipped_folder,
)
from dsstudio.core.search.query import SearchQuery, can_check_chunks, compile_query

MAX_RESULTS = 20_000
MAX_FILE_BYTES = 50 * 1024 * 1024
# Lines are checked a chunk at a time first (one regex call over ~64 KB, not one per line), so
# files without a match cost little, and the GIL is never held long by one call.
CHUNK_CHARS = 64 * 1024
# A result shows its line cut to a window around the first match (minified files have lines of
# megabytes); the whole line is kept only when it is short enough to show a replacement of it.
PREVIEW_LEAD = 40  # a match at most this far into a line shows with the line's start
PREVIEW_BEFORE = 20  # else with this much before it
PREVIEW_CHARS = 240
KEEP_LINE_CHARS = 10_000
NAMED_PROBLEMS = 20  # unreadable files named in the summary; the rest are counted
UNICODE_BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")  # UTF-32 BOMs start with these too
ELLIPSIS = "…"


class LineMatch(NamedTuple):
    """One line with one or more matches (as FileMatches.lines gives them)."""

    line: int  # 0-based, as the editor counts (\r\n, \r and \n each end a line)
    column: int  # of the first match, in characters
    length: int  # of the first match
    count: int  # matches in this line
    preview: str  # the line cut to a window around the first match, leading blanks dropped
    spans: tuple[tuple[int, int], ...]  # the matches inside `preview`
    text: str | None = None  # the whole line, if under KEEP_LINE_CHARS


@dataclass(slots=True)
class FileMatches:
    """The matching lines of one file.

    Kept as plain values (the path as text, each line as a plain tuple) because a search holds up
    to MAX_RESULTS of them: the garbage collector stops tracking plain tuples of strings and
    numbers, but tracks every object, NamedTuple and Path, and the full passes it made over tens of
    thousands of them stopped every thread, the window's too, for 20-100 ms while results streamed.
    """

    file: str
    rel: str  # relative to the project root, with "/"
    rows: Sequence[tuple]  # LineMatch fields, as plain tuples
    fingerprint: bytes  # of the bytes (or buffer text) searched
    from_buffer: bool = False  # an open editor's text was searched, not the disk's
    count: int = 0  # matches in all

    def __post_init__(self) -> None:
        if not self.count:  # (given when known, so that packed rows stay packed)
            self.count = sum(row[3] for row in self.rows)

    @property
    def path(self) -> Path:
        return Path(self.file)

    @property
    def lines(self) -> list[LineMatch]:
        return [LineMatch._make(row) for row in self.rows]

    def line(self, index: int) -> LineMatch:
        return LineMatch._make(self.rows[index])


@dataclass
class SearchSummary:
    files_searched: int = 0
    files_matched: int = 0
    results: int = 0
    unreadable: int = 0
    unreadable_names: list[str] = field(default_factory=list)  # the first NAMED_PROBLEMS, with why
    binary: int = 0
    too_large: int = 0
    limit_hit: bool = False
    cancelled: bool = False
    seconds: float = 0.0
    error: str = ""  # why the search could not run to its end


def fingerprint(data: bytes) -> bytes:
    return hashlib.blake2b(data, digest_size=16).digest()


def buffer_fingerprint(text: str) -> bytes:
    return fingerprint(text.encode("utf-8", "surrogatepass"))


class ProjectSearch:
    """One search over one project; make a new one for the next query."""

    def __init__(self, root: Path, query: SearchQuery, buffers: dict[Path, str] | None = None,
                 max_results: int = MAX_RESULTS, use_gitignore: bool = True) -> None:
        self.root = Path(root)
        self.query = query
        self.pattern = compile_query(query)  # QueryError before any thread is started
        self.buffers = {Path(p): text for p, text in (buffers or {}).items()}
        self.max_results = max_results
        self.use_gitignore = use_gitignore
        self._chunked = can_check_chunks(self.pattern)
        # A plain-text query is pre-checked with `in`, far faster than a regex call (re's
        # IGNORECASE is slow). Only where that is exact: case-insensitively, for ASCII text and
        # query (re also folds some non-ASCII letters, such as "ſ" with "s").
        plain = query.pattern if not query.regex else None
        self._plain = plain
        self._plain_lower = plain.lower() if plain is not None and plain.isascii() else None

    # ---- Public API
    def run(self, on_file: Callable[[FileMatches], None],
            cancelled: Callable[[], bool] = lambda: False) -> SearchSummary:
        """Search, calling `on_file` for each file with matches; returns what was done."""
        started = time.perf_counter()
        summary = SearchSummary()
        for path, rel in self.files(cancelled):
            if cancelled():
                summary.cancelled = True
                break
            found = self._search_one(path, rel, summary, cancelled)
            if found is None:
                continue
            summary.files_matched += 1
            summary.results += found.count
            on_file(found)
            if summary.results >= self.max_results:
                summary.limit_hit = True
                break
        else:
            summary.cancelled = cancelled()
        summary.seconds = time.perf_counter() - started
        return summary

    def files(self, cancelled: Callable[[], bool] = lambda: False) -> Iterator[tuple[Path, str]]:
        """(path, relative path) of every file the query covers, in the stable order."""
        rules = IgnoreRules(self.root, self.use_gitignore)
        include = glob_spec(list(self.query.include))
        exclude = glob_spec(list(self.query.exclude))
        yield from self._walk(str(self.root), "", rules, include, exclude, cancelled)

    def search_text(self, text: str, budget: int | None = None,
                    cancelled: Callable[[], bool] = lambda: False) -> list[LineMatch]:
        """The matching lines of `text` (any line endings), at most `budget` matches' worth."""
        if "\r" in text:
            text = text.replace("\r\n", "\n").replace("\r", "\n")
        budget = self.max_results if budget is None else budget
        found: list[LineMatch] = []
        search, finditer = self.pattern.search, self.pattern.finditer
        line_number, start, size = 0, 0, len(text)
        while start <= size and budget > 0:
            end = text.find("\n", start + CHUNK_CHARS) if size - start > CHUNK_CHARS else -1
            end = size if end < 0 else end
            chunk = text[start:end]
            if not self._chunked or self._may_match(chunk):
                for offset, line in enumerate(chunk.split("\n")):
                    if self._chunked and not search(line):
                        continue
                    spans = [m.span() for m in finditer(line)]
                    if spans:
                        found.append(_line_match(line_number + offset, line, spans))
                        budget -= len(spans)
                        if budget <= 0:
                            break
            line_number += chunk.count("\n") + 1
            start = end + 1
            if cancelled():
                break
        return found

    # ---- Internals
    def _may_match(self, chunk: str) -> bool:
        """Whether `chunk` can hold a match: False only when it surely cannot."""
        if self._plain is not None:
            if self.query.match_case:
                return self._plain in chunk
            if self._plain_lower is not None and chunk.isascii():
                return self._plain_lower in chunk.lower()
        return self.pattern.search(chunk) is not None

    def _walk(self, folder: str, folder_rel: str, rules: IgnoreRules, include, exclude,
              cancelled) -> Iterator[tuple[Path, str]]:
        rules.enter(folder_rel)
        try:
            with os.scandir(folder) as scan:
                entries = sorted(scan, key=lambda e: (e.name.casefold(), e.name))
        except OSError:
            entries = []
        subfolders = []
        for entry in entries:
            rel = folder_rel + entry.name
            try:
                if entry.is_dir(follow_symlinks=False):  # a linked folder may loop back
                    if not is_skipped_folder(entry.path, entry.name) \
                            and not rules.is_ignored(rel, True) \
                            and not (exclude and exclude.match_file(rel + "/")):
                        subfolders.append(entry)
                    continue
                if not entry.is_file():
                    continue
            except OSError:
                continue
            if is_skipped_file(entry.name) or rules.is_ignored(rel, False):
                continue
            if exclude and exclude.match_file(rel):
                continue
            if include and not include.match_file(rel):
                continue
            yield Path(entry.path), rel
        for entry in subfolders:
            if cancelled():
                return
            yield from self._walk(entry.path, folder_rel + entry.name + "/", rules, include,
                                  exclude, cancelled)
        rules.leave(folder_rel)

    def _search_one(self, path: Path, rel: str, summary: SearchSummary,
                    cancelled) -> FileMatches | None:
        buffer = self.buffers.get(path)
        if buffer is not None:
            text, data = buffer, None
        else:
            text, data = self._read(path, rel, summary)
            if text is None:
                return None
        summary.files_searched += 1
        lines = self.search_text(text, self.max_results - summary.results, cancelled)
        if not lines:
            return None
        mark = buffer_fingerprint(text) if data is None else fingerprint(data)
        return FileMatches(str(path), rel, tuple(tuple(line) for line in lines), mark,
                           from_buffer=data is None)

    def _read(self, path: Path, rel: str, summary: SearchSummary) -> tuple[str | None, bytes]:
        try:
            if path.stat().st_size > MAX_FILE_BYTES:
                summary.too_large += 1
                return None, b""
            data = path.read_bytes()
        except OSError as error:
            _note_unreadable(summary, f"{rel}: {error.strerror or error}")
            return None, b""
        if not data.startswith(UNICODE_BOMS) and b"\x00" in data:
            summary.binary += 1
            return None, data
        # UTF-8 at once, the common case; a BOM or a PEP 263 cookie go through the editor's rules
        # (core.editor.textfile), so the text searched is the text the editor shows.
        if not data.startswith(UNICODE_BOMS) and b"coding" not in data[:1024]:
            try:
                return data.decode("utf-8"), data
            except UnicodeDecodeError:
                pass
        try:
            return decode_text_file(path, data).text, data
        except TextFileError as error:
            _note_unreadable(summary, f"{rel}: {error}")
            return None, data


def _note_unreadable(summary: SearchSummary, why: str) -> None:
    summary.unreadable += 1
    if len(summary.unreadable_names) < NAMED_PROBLEMS:
        summary.unreadable_names.append(why)


def _line_match(number: int, line: str, spans: list[tuple[int, int]]) -> LineMatch:
    first_start, first_end = spans[0]
    preview, window = preview_window(line, first_start)
    shown = tuple((max(s - window[0], 0) + window[1], min(e - window[0], window[2]) + window[1])
                  for s, e in spans if e >= window[0] and s <= window[0] + window[2])
    return LineMatch(line=number, column=first_start, length=first_end - first_start,
                     count=len(spans), preview=preview, spans=shown,
                     text=line if len(line) <= KEEP_LINE_CHARS else None)


def preview_window(line: str, first_match: int) -> tuple[str, tuple[int, int, int]]:
    """`line` cut to PREVIEW_CHARS around `first_match`, blanks on the left dropped, with "…"
    where it was cut. Returns it and (start in line, shift from "…", length shown)."""
    start = len(line) - len(line.lstrip())
    start = min(start, first_match)
    if first_match - start > PREVIEW_LEAD:
        # Cut before the match, at a word's start if there is one: "…exam score" not "…am score".
        start = first_match - PREVIEW_BEFORE
        space = line.find(" ", start, first_match)
        start = space + 1 if space >= 0 else start
    shown = line[start:start + PREVIEW_CHARS]
    prefix = ELLIPSIS if start > 0 and line[:start].strip() else ""
    suffix = ELLIPSIS if start + PREVIEW_CHARS < len(line) else ""
    return prefix + shown + suffix, (start, len(prefix), len(shown))

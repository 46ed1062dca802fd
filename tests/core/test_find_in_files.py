"""Find in files on real folders: what is searched, in which order, and what a result holds."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from dsstudio.core.search.find_in_files import (
    PREVIEW_CHARS,
    FileMatches,
    ProjectSearch,
    fingerprint,
)
from dsstudio.core.search.query import QueryError, SearchQuery


def write(root: Path, rel: str, content: str | bytes) -> Path:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8", newline="")
    return path


def search(root: Path, pattern: str, **options) -> tuple[list[FileMatches], object]:
    limit = options.pop("max_results", 20_000)
    buffers = options.pop("buffers", None)
    found: list[FileMatches] = []
    summary = ProjectSearch(root, SearchQuery(pattern, **options), buffers=buffers,
                            max_results=limit).run(found.append)
    return found, summary


def rels(found: list[FileMatches]) -> list[str]:
    return [f.rel for f in found]


def test_results_come_file_by_file_in_a_stable_order(tmp_path):
    for rel in ("b.py", "A.py", "pkg/z.py", "pkg/sub/m.py", "c.txt", "pkg/a.py"):
        write(tmp_path, rel, "needle\n")
    found, summary = search(tmp_path, "needle")
    assert rels(found) == ["A.py", "b.py", "c.txt", "pkg/a.py", "pkg/z.py", "pkg/sub/m.py"]
    assert (summary.files_matched, summary.results, summary.files_searched) == (6, 6, 6)


def test_a_result_has_line_column_count_and_the_matches_in_its_preview(tmp_path):
    write(tmp_path, "m.py", "first\n    x = needle + Needle\n")
    found, _ = search(tmp_path, "needle")
    [line] = found[0].lines
    assert (line.line, line.column, line.length, line.count) == (1, 8, 6, 2)
    assert line.preview == "x = needle + Needle"  # indentation dropped
    assert [line.preview[s:e] for s, e in line.spans] == ["needle", "Needle"]


def test_options_case_whole_word_and_regex(tmp_path):
    write(tmp_path, "m.py", "Needle\nneedles\nneedle\nx.y\n")
    assert [l.line for l in search(tmp_path, "needle", match_case=True)[0][0].lines] == [1, 2]
    assert [l.line for l in search(tmp_path, "needle", whole_word=True)[0][0].lines] == [0, 2]
    assert [l.line for l in search(tmp_path, r"^ne+dles?$", regex=True)[0][0].lines] == [0, 1, 2]
    # Outside regex mode a dot is a dot; whole word works for words ending in punctuation too.
    assert [l.line for l in search(tmp_path, "x.y", whole_word=True)[0][0].lines] == [3]
    assert search(tmp_path, "x.", regex=False, whole_word=True)[0] == []


def test_an_invalid_regex_is_a_query_error_with_a_readable_message(tmp_path):
    with pytest.raises(QueryError, match="missing \\), unterminated subpattern at position 0"):
        search(tmp_path, "(abc", regex=True)
    # The same text is fine as a literal.
    write(tmp_path, "m.py", "f(abc\n")
    assert rels(search(tmp_path, "(abc")[0]) == ["m.py"]


def test_crlf_and_cr_line_endings_count_lines_as_the_editor_does(tmp_path):
    write(tmp_path, "crlf.py", "a\r\nb\r\nneedle\r\n")
    write(tmp_path, "cr.py", "a\rneedle\r")
    found, _ = search(tmp_path, "needle$", regex=True)
    assert {f.rel: [l.line for l in f.lines] for f in found} == {"cr.py": [1], "crlf.py": [2]}


def test_matches_never_span_lines(tmp_path):
    write(tmp_path, "m.py", "alpha\nbeta\n")
    assert search(tmp_path, r"alpha\nbeta", regex=True)[0] == []
    assert search(tmp_path, r"alpha\s+beta", regex=True)[0] == []


def test_line_sensitive_patterns_find_every_line_even_in_big_chunks(tmp_path):
    # \A and lookbehinds mean something else over a run of lines than over one line: each line
    # of a file larger than one chunk must still be tried on its own.
    body = "".join(f"x{i}\n" for i in range(30_000)) + "import os\n"
    write(tmp_path, "big.py", body)
    found, _ = search(tmp_path, r"\Aimport", regex=True)
    assert [l.line for l in found[0].lines] == [30_000]
    found, _ = search(tmp_path, r"(?<![a-z])x29999", regex=True)
    assert [l.line for l in found[0].lines] == [29_999]


def test_line_numbers_stay_right_across_chunks(tmp_path):
    lines = [f"line {i} {'target' if i % 9_999 == 0 else ''}" for i in range(50_000)]
    write(tmp_path, "big.txt", "\n".join(lines))
    found, summary = search(tmp_path, "target")
    assert [l.line for l in found[0].lines] == [0, 9_999, 19_998, 29_997, 39_996, 49_995]


def test_binary_files_are_skipped_but_utf16_with_a_bom_is_text(tmp_path):
    write(tmp_path, "image.png", b"\x89PNG\r\n\x1a\n\x00\x00needle")
    # A NUL far past the first block still makes it binary (ripgrep/git decide on any NUL).
    write(tmp_path, "late.dat", b"needle\n" * 5000 + b"\x00")
    write(tmp_path, "wide.txt", "\ufeffneedle here\n".encode("utf-16-le"))
    found, summary = search(tmp_path, "needle")
    assert rels(found) == ["wide.txt"]
    assert summary.binary == 2


def test_latin1_and_declared_encodings_are_searched_as_text(tmp_path):
    write(tmp_path, "legacy.py", "# -*- coding: latin-1 -*-\nname = 'café'\n".encode("latin-1"))
    found, _ = search(tmp_path, "café")
    assert rels(found) == ["legacy.py"]


def test_unreadable_files_are_counted_and_named(tmp_path):
    write(tmp_path, "ok.py", "needle\n")
    locked = write(tmp_path, "locked.py", "needle\n")
    locked.chmod(0)
    try:
        if os.access(locked, os.R_OK):
            pytest.skip("running as a user who can read anything (root)")
        found, summary = search(tmp_path, "needle")
    finally:
        locked.chmod(0o644)
    assert rels(found) == ["ok.py"]
    assert summary.unreadable == 1 and summary.unreadable_names[0].startswith("locked.py")


def test_undecodable_files_are_counted_as_unreadable(tmp_path):
    write(tmp_path, "ok.py", "needle\n")
    write(tmp_path, "noise.txt", bytes(range(128, 256)) * 40 + b"needle")
    found, summary = search(tmp_path, "needle")
    assert rels(found) == ["ok.py"]
    assert summary.unreadable == 1 and "noise.txt" in summary.unreadable_names[0]


def test_long_lines_are_cut_to_a_window_around_the_match(tmp_path):
    line = "a" * 100_000 + "needle" + "b" * 100_000
    write(tmp_path, "min.js", line + "\n")
    [found], _ = search(tmp_path, "needle")
    [match] = found.lines
    assert len(match.preview) <= PREVIEW_CHARS + 2
    assert match.preview.startswith("…") and match.preview.endswith("…")
    [(start, end)] = match.spans
    assert match.preview[start:end] == "needle"
    assert match.column == 100_000 and match.text is None  # too long to keep whole


def test_the_result_limit_stops_the_search(tmp_path):
    for i in range(5):
        write(tmp_path, f"f{i}.py", "x = needle\n" * 10)
    found, summary = search(tmp_path, "needle", max_results=25)
    assert summary.limit_hit and summary.results == 25
    assert [f.count for f in found] == [10, 10, 5]


def test_cancelling_stops_between_files(tmp_path):
    for i in range(10):
        write(tmp_path, f"f{i}.py", "needle\n")
    found: list[FileMatches] = []
    summary = ProjectSearch(tmp_path, SearchQuery("needle")).run(
        found.append, cancelled=lambda: len(found) >= 3)
    assert summary.cancelled and len(found) == 3


def test_open_buffers_are_searched_instead_of_the_disk(tmp_path):
    path = write(tmp_path, "m.py", "old needle\n")
    buffer = "unsaved line\nnew needle\n"
    found, _ = search(tmp_path, "needle", buffers={path: buffer})
    assert found[0].from_buffer and [l.line for l in found[0].lines] == [1]
    assert found[0].lines[0].preview == "new needle"
    on_disk, _ = search(tmp_path, "needle")
    assert on_disk[0].fingerprint == fingerprint(path.read_bytes())


def test_include_and_exclude_globs(tmp_path):
    for rel in ("a.py", "a.txt", "src/b.py", "src/gen/c.py", "tests/t.py"):
        write(tmp_path, rel, "needle\n")
    assert rels(search(tmp_path, "needle", include=("*.py",))[0]) == [
        "a.py", "src/b.py", "src/gen/c.py", "tests/t.py"]
    assert rels(search(tmp_path, "needle", include=("src/",))[0]) == ["src/b.py", "src/gen/c.py"]
    assert rels(search(tmp_path, "needle", exclude=("gen/", "tests"))[0]) == [
        "a.py", "a.txt", "src/b.py"]
    assert rels(search(tmp_path, "needle", include=("*.py",), exclude=("/a.py",))[0]) == [
        "src/b.py", "src/gen/c.py", "tests/t.py"]


def test_the_plain_text_pre_check_never_hides_a_case_insensitive_match(tmp_path):
    # re folds some non-ASCII letters with ASCII ones ("ſ" with "s"); a lower() pre-check would
    # drop such lines, so it is used only where it is exact.
    write(tmp_path, "m.txt", "Café crème\nſtop here\n")
    found, _ = search(tmp_path, "CAFÉ")
    assert [l.line for l in found[0].lines] == [0]
    found, _ = search(tmp_path, "STOP")
    assert [l.line for l in found[0].lines] == [1]
    assert search(tmp_path, "STOP", match_case=True)[0] == []

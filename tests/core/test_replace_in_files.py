"""Replace in files on real files: bytes kept, files changed since the search left alone."""

from __future__ import annotations

import pytest

from dsstudio.core.search.find_in_files import ProjectSearch
from dsstudio.core.search.query import QueryError, SearchQuery, python_template, replacement_function
from dsstudio.core.search.replace_in_files import (
    preview_changes,
    replace_in_file,
    replace_in_text,
    undo_replacement,
)
from tests.core.test_find_in_files import write


def replace_all(root, pattern: str, replacement: str, **options):
    search = ProjectSearch(root, SearchQuery(pattern, **options))
    found = []
    search.run(found.append)
    repl = replacement_function(search.pattern, replacement, options.get("regex", False))
    return found, [replace_in_file(f.path, f.fingerprint, search.pattern, repl) for f in found], repl


def test_crlf_file_keeps_its_line_endings_and_a_mixed_one_each_of_its_own(tmp_path):
    crlf = write(tmp_path, "crlf.py", "a = old\r\nb = old\r\n")
    mixed = write(tmp_path, "mixed.py", "old\r\nold\nold\r")
    _found, outcomes, _ = replace_all(tmp_path, "old", "new")
    assert [o.count for o in outcomes] == [2, 3]
    assert crlf.read_bytes() == b"a = new\r\nb = new\r\n"
    assert mixed.read_bytes() == b"new\r\nnew\nnew\r"


def test_latin1_file_keeps_its_encoding_and_a_bom_is_kept(tmp_path):
    latin = write(tmp_path, "legacy.txt", "prénom = 'old'\n".encode("latin-1"))
    bom = write(tmp_path, "bom.py", b"\xef\xbb\xbfold = 1\n")
    replace_all(tmp_path, "old", "café")
    assert latin.read_bytes() == "prénom = 'café'\n".encode("latin-1")
    assert bom.read_bytes() == "\ufeffcafé = 1\n".encode("utf-8")


def test_a_replacement_the_encoding_cannot_hold_leaves_the_file_alone(tmp_path):
    original = "prénom = 'old'\n".encode("latin-1")
    latin = write(tmp_path, "legacy.txt", original)
    _found, [outcome], _ = replace_all(tmp_path, "old", "日本")
    assert outcome.skipped and "no form for" in outcome.skipped and outcome.count == 0
    assert latin.read_bytes() == original


@pytest.mark.parametrize("replacement", [r"\2(\1)", "$2($1)", "${b}($1)", r"\g<b>(\g<1>)"])
def test_regex_groups_in_the_replacement(tmp_path, replacement):
    path = write(tmp_path, "m.py", "x = call(arg)\ny = other(z)\n")
    replace_all(tmp_path, r"(?P<a>\w+)\((?P<b>\w+)\)", replacement, regex=True)
    assert path.read_text() == "x = arg(call)\ny = z(other)\n"


def test_dollar_forms_and_literal_mode():
    assert python_template("$$1 $& $0 $ end$") == "$1 \\g<0> \\g<0> $ end$"
    import re

    pattern = re.compile(re.escape("a.b"))
    repl = replacement_function(pattern, r"$1\n", regex=False)
    assert replace_in_text("a.b a.b", pattern, repl) == (r"$1\n $1\n", 2)


def test_a_replacement_naming_a_missing_group_is_refused_at_once():
    import re

    with pytest.raises(QueryError, match="Invalid replacement"):
        replacement_function(re.compile(r"(\w+)"), r"\2", regex=True)
    with pytest.raises(QueryError, match="Invalid replacement"):
        replacement_function(re.compile(r"(\w+)"), "${nope}", regex=True)


def test_a_file_changed_since_the_search_is_skipped(tmp_path):
    path = write(tmp_path, "m.py", "old\n")
    search = ProjectSearch(tmp_path, SearchQuery("old"))
    found = []
    search.run(found.append)
    path.write_text("old, and a change made meanwhile\n")
    outcome = replace_in_file(path, found[0].fingerprint, search.pattern, lambda m: "new")
    assert outcome.skipped and "changed on disk since the search" in outcome.skipped
    assert path.read_text() == "old, and a change made meanwhile\n"


def test_the_preview_shows_each_changed_line_before_and_after(tmp_path):
    write(tmp_path, "m.py", "keep\n    value = old + old\n")
    found, _, repl = replace_all(tmp_path, "old", "new")
    # (the files were replaced by now; the preview only uses what the search kept)
    [change] = preview_changes(found[0], ProjectSearch(tmp_path, SearchQuery("old")).pattern, repl)
    assert (change.line, change.before, change.after) == (1, "value = old + old", "value = new + new")


def test_undo_puts_the_old_bytes_back_unless_the_file_changed_again(tmp_path):
    a = write(tmp_path, "a.py", "old\r\n")
    b = write(tmp_path, "b.py", "old\n")
    _found, outcomes, _ = replace_all(tmp_path, "old", "new")
    b.write_text("edited after the replacement\n")
    assert undo_replacement(outcomes[0]) is None
    assert "changed since the replacement" in undo_replacement(outcomes[1])
    assert a.read_bytes() == b"old\r\n"
    assert b.read_text() == "edited after the replacement\n"


def test_a_read_only_file_is_skipped(tmp_path):
    path = write(tmp_path, "m.py", "old\n")
    path.chmod(0o444)
    _found, [outcome], _ = replace_all(tmp_path, "old", "new")
    assert outcome.skipped and "read-only" in outcome.skipped
    assert path.read_text() == "old\n"


def test_notebooks_are_searched_but_never_replaced_in(tmp_path):
    notebook = write(tmp_path, "analysis.ipynb", '{"cells": [{"source": ["old"]}]}\n')
    found, [outcome], _ = replace_all(tmp_path, "old", 'say "hi"')
    assert [f.rel for f in found] == ["analysis.ipynb"]
    assert outcome.skipped and "notebook" in outcome.skipped
    assert notebook.read_text() == '{"cells": [{"source": ["old"]}]}\n'


def test_multibyte_text_around_the_matches_is_kept(tmp_path):
    # Atom's project Replace All once mangled Cyrillic next to its replacements (files not open).
    text = "<t>Промежуток от: 8333</t>\n<t>Не удалось записать информацию 8333</t>\n" * 300
    path = write(tmp_path, "ru.ts", text)
    replace_all(tmp_path, "8333", "2222")
    assert path.read_text(encoding="utf-8") == text.replace("8333", "2222")

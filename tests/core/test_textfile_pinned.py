"""The user's files on disk, pinned byte for byte so a rewrite cannot change them silently.

Each test is one behaviour that no earlier test pinned (mutation testing found them: a change to
textfile.py kept every other test green): encodings as declared, line endings as written, the
temporary file of an atomic save beside its target, permissions as a new file gets them.
"""

from __future__ import annotations

import os
import stat
import tempfile
import uuid
from pathlib import Path

import pytest

from dsstudio.core.editor import textfile
from dsstudio.core.editor.textfile import (
    TextFileError,
    TextFileFormat,
    atomic_write_bytes,
    decode_text_file,
    encode_text,
    is_read_only,
    read_file_bytes,
    read_text_file,
    write_text_file,
)

FRENCH = "Les données sont prêtes. Élève, théâtre, château, garçon, façade.\n"


def round_trip(path: Path, data: bytes) -> bytes:
    path.write_bytes(data)
    loaded = read_text_file(path)
    write_text_file(path, loaded.text, loaded.format)
    return path.read_bytes()


# ---- Encodings
def test_a_utf8_coding_declaration_round_trips_without_a_bom_and_nothing_cut(tmp_path):
    data = "# -*- coding: utf-8 -*-\nname = 'café'\n".encode()
    path = tmp_path / "m.py"
    path.write_bytes(data)
    loaded = read_text_file(path)
    assert loaded.format == TextFileFormat("utf-8", "\n", False)
    assert loaded.text == data.decode() and loaded.data == data
    assert round_trip(path, data) == data


def test_a_utf8_file_reports_utf8_in_its_usual_spelling(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_bytes("été\n".encode())
    assert read_text_file(path).format == TextFileFormat("utf-8", "\n", False)


@pytest.mark.parametrize("suffix", [".py", ".pyw", ".pyi"])
def test_python_files_of_every_suffix_honour_their_coding_declaration(tmp_path, suffix):
    # Valid UTF-8 too: only the declaration makes it latin-1 (as Python reads it).
    data = "# coding: latin-1\ns = 'é'\n".encode()
    path = tmp_path / f"m{suffix}"
    path.write_bytes(data)
    loaded = read_text_file(path)
    assert loaded.format == TextFileFormat("iso8859-1", "\n", False)
    assert "'Ã©'" in loaded.text
    assert (tmp_path / "m.txt").write_bytes(data) and "'é'" in read_text_file(tmp_path / "m.txt").text


def test_a_coding_declaration_in_a_long_file_is_read_from_the_top(tmp_path):
    data = ("# -*- coding: latin-1 -*-\n" + "x = 1\n" * 50 + "s = 'é'\n").encode("latin-1")
    path = tmp_path / "m.py"
    assert round_trip(path, data) == data
    assert read_text_file(path).format.encoding == "iso8859-1"


def test_a_coding_declaration_on_line_3_is_ignored(tmp_path):
    """PEP 263: only the first two lines count; this UTF-8 file is read as UTF-8."""
    data = "#!/usr/bin/env python\n# a comment\n# -*- coding: latin-1 -*-\ns = 'é'\n".encode()
    path = tmp_path / "m.py"
    path.write_bytes(data)
    loaded = read_text_file(path)
    assert loaded.format.encoding == "utf-8" and "s = 'é'" in loaded.text


def test_a_coding_declaration_on_line_3_of_a_file_with_lone_cr_is_ignored(tmp_path):
    data = "#!/usr/bin/env python\r# a comment\r# -*- coding: latin-1 -*-\rs = 'é'\r".encode()
    path = tmp_path / "m.py"
    path.write_bytes(data)
    loaded = read_text_file(path)
    assert loaded.format == TextFileFormat("utf-8", "\r", False)
    assert loaded.text.endswith("s = 'é'\n")
    assert round_trip(path, data) == data


def test_text_not_valid_in_its_declared_encoding_is_refused_with_a_reason(tmp_path):
    path = tmp_path / "m.py"
    path.write_bytes("# coding: ascii\ns = 'é'\n".encode())
    with pytest.raises(TextFileError) as caught:
        read_text_file(path)
    assert str(caught.value) == "m.py is not valid ascii text and its encoding could not be detected"


def test_a_detected_legacy_file_has_no_bom(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_bytes((FRENCH * 20).encode("cp1252"))
    assert read_text_file(path).format == TextFileFormat("cp1252", "\n", False)


def test_a_detected_encoding_the_detector_is_sure_of_is_used(tmp_path):
    text = "Привет мир, данные готовы. " * 10 + "\n"
    path = tmp_path / "ru.txt"
    path.write_bytes(text.encode("cp1251"))
    loaded = read_text_file(path)
    assert loaded.format == TextFileFormat("cp1251", "\n", False) and loaded.text == text


def test_text_with_a_few_control_characters_is_still_text(tmp_path):
    """A bell in a log is 0.75% of it: fine. Exactly 1% is still fine."""
    path = tmp_path / "log.txt"
    path.write_bytes(((FRENCH * 2)[:-1] + "\x07\n").encode("cp1252"))
    assert read_text_file(path).text.endswith("façade.\x07\n")
    path.write_bytes(((FRENCH * 3)[:-1] + "\x07\x07\n").encode("cp1252"))
    assert read_text_file(path).format.encoding == "cp1252"


def test_text_with_many_control_characters_is_refused_not_guessed(tmp_path):
    path = tmp_path / "log.txt"
    path.write_bytes(((FRENCH * 2)[:-1] + "\x07\x07\x07\n").encode("cp1252"))
    with pytest.raises(TextFileError, match="not UTF-8 and its encoding could not be detected; "
                                            "convert it to UTF-8 to open it here"):
        read_text_file(path)


def test_bytes_no_detector_recognises_are_refused(tmp_path):
    path = tmp_path / "x.txt"
    path.write_bytes((FRENCH * 5 + "\x1b").encode("cp1252"))
    with pytest.raises(TextFileError, match="x.txt is not UTF-8"):
        read_text_file(path)


def test_a_bom_is_only_written_for_encodings_that_have_one(tmp_path):
    assert encode_text(tmp_path / "a.txt", "é\n", TextFileFormat("cp1252", "\n", True)) == b"\xe9\n"
    loaded = decode_text_file(tmp_path / "a.txt", b"\xe9\n")
    assert loaded.format.bom is False


# ---- Line endings
def test_lone_cr_line_endings_are_read_and_written_back(tmp_path):
    data = b"a = 1\rb = 2\r"
    path = tmp_path / "old_mac.py"
    path.write_bytes(data)
    loaded = read_text_file(path)
    assert loaded.text == "a = 1\nb = 2\n" and loaded.format.newline == "\r"
    assert round_trip(path, data) == data


@pytest.mark.parametrize("data, newline", [
    (b"a\r\nb\r\nc\nd", "\r\n"),  # two CRLF, one LF: CRLF
    (b"a\nb\nc\r\nd", "\n"),
    (b"a\rb\rc\nd\r\n", "\r"),
    (b"one line\r\n", "\r\n"),
    (b"one line\r", "\r"),
    (b"no newline", "\n"),
    (b"", "\n"),
])
def test_mixed_line_endings_follow_the_majority(tmp_path, data, newline):
    loaded = decode_text_file(tmp_path / "m.txt", data)
    assert loaded.format.newline == newline
    assert "\r" not in loaded.text


def test_a_mixed_file_is_saved_with_its_majority_ending(tmp_path):
    path = tmp_path / "m.txt"
    path.write_bytes(b"a\r\nb\r\nc\nd\r\n")
    loaded = read_text_file(path)
    assert loaded.text == "a\nb\nc\nd\n"
    write_text_file(path, loaded.text, loaded.format)
    assert path.read_bytes() == b"a\r\nb\r\nc\r\nd\r\n"


def test_text_with_crlf_or_cr_inside_is_written_with_the_files_ending(tmp_path):
    path = tmp_path / "m.txt"
    assert encode_text(path, "a\r\nb\rc\n", TextFileFormat("utf-8", "\n", False)) == b"a\nb\nc\n"
    assert encode_text(path, "a\r\nb\n", TextFileFormat("utf-8", "\r\n", False)) == b"a\r\nb\r\n"


def test_an_unencodable_character_is_named_with_its_line(tmp_path):
    with pytest.raises(TextFileError) as caught:
        encode_text(tmp_path / "m.txt", "\n\nprice = '€'\n", TextFileFormat("latin-1", "\n", False))
    assert str(caught.value) == "m.txt cannot be saved as latin-1: '€' on line 3 has no latin-1 form"


# ---- Reading errors
def test_reading_a_folder_names_what_was_expected(tmp_path):
    with pytest.raises(TextFileError) as caught:
        read_file_bytes(tmp_path)
    assert str(caught.value) == f"{tmp_path.name} is a folder, not a file"


@pytest.mark.skipif(not Path("/proc/self/mem").exists(), reason="Linux /proc only")
def test_an_unreadable_file_gives_the_systems_reason():
    with pytest.raises(TextFileError) as caught:
        read_file_bytes(Path("/proc/self/mem"))
    assert str(caught.value) == "mem cannot be read: Input/output error"


# ---- Atomic saves
def test_the_temporary_file_is_made_beside_the_target(tmp_path, monkeypatch):
    replaced = []
    real_replace = os.replace

    def recording_replace(source, target):
        replaced.append((Path(source), Path(target)))
        real_replace(source, target)

    monkeypatch.setattr(textfile.os, "replace", recording_replace)
    target = tmp_path / "data.csv"
    atomic_write_bytes(target, b"a,b\n")
    [(temp, to)] = replaced
    assert to == target and temp.parent == tmp_path
    # Hidden and marked, so the project tree and file watchers pass over it.
    assert temp.name.startswith(".data.csv.") and temp.name.endswith(".tmp")
    assert not temp.exists() and target.read_bytes() == b"a,b\n"


def test_a_save_on_another_filesystem_than_the_temp_folder_works():
    """The temporary file is in the target's folder: a rename across filesystems (EXDEV) would
    fail, so a save to a USB stick or a tmpfs must never go through the system's temp folder."""
    shm = Path("/dev/shm")
    if not shm.is_dir() or shm.stat().st_dev == Path(tempfile.gettempdir()).stat().st_dev:
        pytest.skip("needs a folder on another filesystem than the temp folder")
    folder = shm / f"dsstudio-test-{uuid.uuid4().hex}"
    folder.mkdir()
    try:
        atomic_write_bytes(folder / "m.py", b"x = 1\n")
        assert (folder / "m.py").read_bytes() == b"x = 1\n"
        assert [p.name for p in folder.iterdir()] == ["m.py"]
    finally:
        for path in folder.iterdir():
            path.unlink()
        folder.rmdir()


@pytest.mark.parametrize("umask", [0o022, 0o077, 0o002])
def test_a_new_file_gets_its_permissions_from_the_umask(tmp_path, umask):
    old = os.umask(umask)
    try:
        atomic_write_bytes(tmp_path / "new.py", b"x = 1\n")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "new.py").stat().st_mode) == 0o666 & ~umask


def test_a_failed_replace_says_why_with_the_systems_words(tmp_path):
    (tmp_path / "taken").mkdir()
    with pytest.raises(TextFileError) as caught:
        atomic_write_bytes(tmp_path / "taken", b"x")
    assert str(caught.value) == "taken could not be saved: Is a directory"
    assert [p.name for p in tmp_path.iterdir()] == ["taken"]  # no temporary file left


def test_read_only_is_the_owners_write_permission_off(tmp_path):
    path = tmp_path / "locked.py"
    path.write_text("x = 1\n")
    assert is_read_only(path) is False
    path.chmod(0o444)
    try:
        assert is_read_only(path) is True
    finally:
        path.chmod(0o644)
    path.chmod(0o200)  # write only: not read-only
    assert is_read_only(path) is False
    assert is_read_only(tmp_path / "missing.py") is False

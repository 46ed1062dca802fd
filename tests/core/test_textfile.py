"""Reading and writing the user's files: exact bytes on disk, nothing ever lost."""

from __future__ import annotations

from pathlib import Path

import pytest

from dsstudio.core.editor.textfile import (
    BinaryFileError,
    TextFileError,
    TextFileFormat,
    atomic_write_bytes,
    read_text_file,
    write_text_file,
)


def round_trip(path: Path, data: bytes, edit=lambda text: text) -> bytes:
    path.write_bytes(data)
    loaded = read_text_file(path)
    write_text_file(path, edit(loaded.text), loaded.format)
    return path.read_bytes()


def test_utf8_lf_file_round_trips_byte_for_byte(tmp_path):
    data = "x = 'é'\nprint(x)\n".encode("utf-8")
    assert round_trip(tmp_path / "a.py", data) == data


def test_crlf_line_endings_are_kept_and_text_is_normalised(tmp_path):
    path = tmp_path / "win.py"
    path.write_bytes(b"a = 1\r\nb = 2\r\n")
    loaded = read_text_file(path)
    assert loaded.text == "a = 1\nb = 2\n"
    assert loaded.format.newline == "\r\n"
    assert round_trip(path, b"a = 1\r\nb = 2\r\n", lambda t: t + "c = 3\n") == b"a = 1\r\nb = 2\r\nc = 3\r\n"


def test_utf8_bom_is_kept(tmp_path):
    data = b"\xef\xbb\xbfname = 'x'\n"
    path = tmp_path / "bom.py"
    assert round_trip(path, data) == data
    assert read_text_file(path).format.bom is True


def test_pep263_cookie_decides_the_encoding(tmp_path):
    data = "# -*- coding: latin-1 -*-\ns = 'café'\n".encode("latin-1")
    path = tmp_path / "old.py"
    path.write_bytes(data)
    loaded = read_text_file(path)
    assert "café" in loaded.text
    assert loaded.format.encoding == "iso8859-1"
    assert round_trip(path, data) == data


def test_undeclared_non_utf8_text_is_detected(tmp_path):
    text = "Les données sont prêtes. Élève, théâtre, château, garçon, façade.\n" * 20
    path = tmp_path / "notes.txt"
    path.write_bytes(text.encode("cp1252"))
    loaded = read_text_file(path)
    assert loaded.text == text
    assert round_trip(path, text.encode("cp1252")) == text.encode("cp1252")


def test_binary_file_is_refused_with_its_name(tmp_path):
    path = tmp_path / "model.pkl"
    path.write_bytes(b"\x80\x04\x95\x00\x00\x00binary\x00data")
    with pytest.raises(BinaryFileError, match="model.pkl"):
        read_text_file(path)


def test_missing_file_and_folder_give_clear_errors(tmp_path):
    with pytest.raises(TextFileError, match="does not exist"):
        read_text_file(tmp_path / "gone.py")
    with pytest.raises(TextFileError, match="is a folder"):
        read_text_file(tmp_path)


def test_unknown_declared_encoding_is_reported(tmp_path):
    path = tmp_path / "odd.py"
    path.write_bytes(b"# coding: no-such-codec\nx = 1\n")
    with pytest.raises(TextFileError, match="no-such-codec"):
        read_text_file(path)


def test_unencodable_text_leaves_the_old_file_whole(tmp_path):
    data = "# coding: latin-1\ns = 'café'\n".encode("latin-1")
    path = tmp_path / "old.py"
    path.write_bytes(data)
    loaded = read_text_file(path)
    with pytest.raises(TextFileError, match="line 3"):
        write_text_file(path, loaded.text + "t = '€ → ✓'\n", loaded.format)
    assert path.read_bytes() == data
    assert sorted(p.name for p in tmp_path.iterdir()) == ["old.py"]


def test_failed_replace_leaves_no_temporary_file(tmp_path):
    target = tmp_path / "taken"
    target.mkdir()
    (target / "inside.txt").write_text("keep")
    with pytest.raises(TextFileError, match="could not be saved"):
        atomic_write_bytes(target, b"data")
    assert (target / "inside.txt").read_text() == "keep"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["taken"]


def test_saving_into_a_missing_folder_is_refused(tmp_path):
    with pytest.raises(TextFileError, match="does not exist"):
        write_text_file(tmp_path / "nope" / "a.py", "x", TextFileFormat("utf-8", "\n", False))


def test_existing_file_keeps_its_permissions(tmp_path):
    path = tmp_path / "run.sh"
    path.write_bytes(b"echo hi\n")
    path.chmod(0o750)
    atomic_write_bytes(path, b"echo bye\n")
    assert path.read_bytes() == b"echo bye\n"
    assert path.stat().st_mode & 0o777 == 0o750

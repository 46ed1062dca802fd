"""File operations of the project tree: done, or refused with a reason; never a silent overwrite."""

from __future__ import annotations

import pytest

from dsstudio.core.project.files import (
    FileOperationError,
    create_file,
    create_folder,
    delete_entry,
    is_hidden_entry,
    rename_entry,
)


def test_create_file_and_folder(tmp_path):
    made = create_file(tmp_path, " new.py ")
    assert made == tmp_path / "new.py" and made.read_bytes() == b""
    assert create_folder(tmp_path, "pkg").is_dir()


@pytest.mark.parametrize("name", ["", "   ", ".", "..", "a/b", "a\\b"])
def test_bad_names_are_refused(tmp_path, name):
    with pytest.raises(FileOperationError):
        create_file(tmp_path, name)
    assert list(tmp_path.iterdir()) == []


def test_existing_names_are_never_overwritten(tmp_path):
    (tmp_path / "models.py").write_text("precious")
    (tmp_path / "other.py").write_text("other")
    with pytest.raises(FileOperationError, match="already exists"):
        create_file(tmp_path, "models.py")
    with pytest.raises(FileOperationError, match="already exists"):
        rename_entry(tmp_path / "other.py", "models.py")
    assert (tmp_path / "models.py").read_text() == "precious"
    assert (tmp_path / "other.py").read_text() == "other"


def test_rename_and_delete(tmp_path):
    (tmp_path / "a.py").write_text("x")
    renamed = rename_entry(tmp_path / "a.py", "b.py")
    assert renamed.read_text() == "x" and not (tmp_path / "a.py").exists()
    assert rename_entry(renamed, "b.py") == renamed  # same name: nothing to do
    folder = tmp_path / "pkg"
    (folder / "sub").mkdir(parents=True)
    (folder / "sub" / "m.py").write_text("y")
    delete_entry(folder)
    delete_entry(renamed)
    assert list(tmp_path.iterdir()) == []


def test_deleting_a_missing_entry_says_so(tmp_path):
    with pytest.raises(FileOperationError, match="gone.py"):
        delete_entry(tmp_path / "gone.py")


def test_hidden_entries(tmp_path):
    for name in ("__pycache__", ".git", ".ipynb_checkpoints", "venv_like", "src"):
        (tmp_path / name).mkdir()
    (tmp_path / "venv_like" / "pyvenv.cfg").write_text("home = /usr\n")
    assert is_hidden_entry(tmp_path / "__pycache__")
    assert is_hidden_entry(tmp_path / ".git")
    assert is_hidden_entry(tmp_path / "venv_like")  # any virtual environment, whatever its name
    assert not is_hidden_entry(tmp_path / "src")

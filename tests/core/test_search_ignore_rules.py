"""Which files a project search walks: .gitignore files as git reads them, never environments."""

from __future__ import annotations

from pathlib import Path

from dsstudio.core.search.find_in_files import ProjectSearch
from dsstudio.core.search.ignore_rules import parse_globs
from dsstudio.core.search.query import SearchQuery
from tests.core.test_find_in_files import write


def walked(root: Path, **options) -> list[str]:
    return [rel for _path, rel in ProjectSearch(root, SearchQuery("x", **options)).files()]


def test_environments_caches_and_hidden_folders_are_never_walked(tmp_path):
    for rel in ("main.py", ".venv/lib/x.py", "venv/x.py", "node_modules/x.js", "pkg/__pycache__/x.pyc",
                ".git/config", ".hidden/x.py", "myenv/pyvenv.cfg", "myenv/lib/x.py",
                "conda/conda-meta/history", "conda/x.py", "pkg/mod.pyc", "pkg/mod.py", ".env"):
        write(tmp_path, rel, "x\n")
    # A hidden file is searched (.env, .flake8); only hidden folders are skipped.
    assert walked(tmp_path) == [".env", "main.py", "pkg/mod.py"]


def test_gitignore_with_negation(tmp_path):
    write(tmp_path, ".gitignore", "*.log\n!keep.log\nbuild/\n")
    for rel in ("a.log", "keep.log", "sub/b.log", "sub/keep.log", "build/out.py", "src/build.py"):
        write(tmp_path, rel, "x\n")
    assert walked(tmp_path) == [".gitignore", "keep.log", "src/build.py", "sub/keep.log"]


def test_a_gitignore_in_a_subfolder_applies_below_it_and_can_unignore(tmp_path):
    write(tmp_path, ".gitignore", "*.csv\n")
    write(tmp_path, "data/.gitignore", "/raw/\n!small.csv\n")
    for rel in ("big.csv", "data/small.csv", "data/other.csv", "data/raw/r.py", "raw/kept.py",
                "data/deeper/raw/kept2.py"):
        write(tmp_path, rel, "x\n")
    # /raw/ is anchored to data/, so raw/ elsewhere stays; !small.csv overrides the root's *.csv.
    assert walked(tmp_path) == [".gitignore", "data/.gitignore", "data/small.csv",
                                "data/deeper/raw/kept2.py", "raw/kept.py"]


def test_an_ignored_folder_is_not_entered_even_for_a_negated_file(tmp_path):
    # git: "It is not possible to re-include a file if a parent directory of that file is excluded"
    write(tmp_path, ".gitignore", "out/\n!out/keep.py\n")
    write(tmp_path, "out/keep.py", "x\n")
    assert walked(tmp_path) == [".gitignore"]


def test_git_info_exclude_counts_as_a_root_gitignore(tmp_path):
    write(tmp_path, ".git/info/exclude", "secret.py\n")
    write(tmp_path, "secret.py", "x\n")
    write(tmp_path, "open.py", "x\n")
    assert walked(tmp_path) == ["open.py"]


def test_a_symlinked_folder_is_not_followed(tmp_path):
    write(tmp_path, "pkg/a.py", "x\n")
    (tmp_path / "pkg" / "loop").symlink_to(tmp_path, target_is_directory=True)
    assert walked(tmp_path) == ["pkg/a.py"]


def test_globs_are_comma_separated():
    assert parse_globs(" *.py, src/** ,, ") == ["*.py", "src/**"]

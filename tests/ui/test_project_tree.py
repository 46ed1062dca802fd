"""The project tree on real folders: what it hides, and its file operations."""

from __future__ import annotations

from pathlib import Path

import pytest

from dsstudio.ui.project.project_tree import ProjectTree


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "proj"
    for folder in ("__pycache__", ".git", "env", "src"):
        (root / folder).mkdir(parents=True)
    (root / "env" / "pyvenv.cfg").write_text("home = /usr\n")
    (root / "models.py").write_text("x = 1\n")
    (root / "src" / "pkg.py").write_text("")
    (root / "cache.pyc").write_bytes(b"\0")
    return root


@pytest.fixture
def tree(qtbot, project):
    widget = ProjectTree()
    qtbot.addWidget(widget)
    widget.set_root(project)
    widget.show()
    qtbot.waitUntil(lambda: "models.py" in widget.visible_names(), timeout=5000)
    widget.errors = []
    widget.show_error = widget.errors.append
    return widget


def test_shows_code_and_hides_caches_vcs_and_environments(tree):
    assert sorted(tree.visible_names()) == ["models.py", "src"]


def test_new_file_and_folder(qtbot, tree, project):
    created = []
    tree.sig_file_created.connect(created.append)
    tree.ask_name = lambda *_: "train.py"
    assert tree.new_file_in(project) == project / "train.py"
    tree.ask_name = lambda *_: "data"
    assert tree.new_folder_in(project) == project / "data"
    assert created == [project / "train.py", project / "data"]
    qtbot.waitUntil(lambda: {"train.py", "data"} <= set(tree.visible_names()), timeout=5000)


def test_existing_name_is_refused_with_a_message(tree, project):
    tree.ask_name = lambda *_: "models.py"
    assert tree.new_file_in(project) is None
    assert tree.errors and "already exists" in tree.errors[0]
    assert (project / "models.py").read_text() == "x = 1\n"


def test_cancelled_prompt_does_nothing(tree, project):
    tree.ask_name = lambda *_: None
    assert tree.new_file_in(project) is None
    assert tree.rename_path(project / "models.py") is None
    assert (project / "models.py").exists() and not tree.errors


def test_rename_reports_old_and_new(tree, project):
    renamed = []
    tree.sig_path_renamed.connect(lambda old, new: renamed.append((old, new)))
    tree.ask_name = lambda *_: "model.py"
    assert tree.rename_path(project / "models.py") == project / "model.py"
    assert renamed == [(project / "models.py", project / "model.py")]


def test_delete_asks_first(tree, project):
    deleted = []
    tree.sig_path_deleted.connect(deleted.append)
    tree.confirm_delete = lambda _path: False
    assert not tree.delete_path(project / "src")
    assert (project / "src" / "pkg.py").exists()
    tree.confirm_delete = lambda _path: True
    assert tree.delete_path(project / "src")
    assert not (project / "src").exists() and deleted == [project / "src"]


def test_activating_a_file_asks_to_open_it(qtbot, tree, project):
    with qtbot.waitSignal(tree.sig_open_file) as opened:
        tree.activated.emit(tree.index_for(project / "models.py"))
    assert opened.args == [project / "models.py"]
    with qtbot.assertNotEmitted(tree.sig_open_file):
        tree.activated.emit(tree.index_for(project / "src"))


def test_rows_have_our_file_type_icons_and_the_header_names_the_project(qtbot, tree, project):
    from PySide6.QtCore import Qt

    from dsstudio.ui.icons.icon_set import icon

    (project / "analysis.ipynb").write_text("{}")
    qtbot.waitUntil(lambda: "analysis.ipynb" in tree.visible_names(), timeout=5000)

    def shown(path):
        return tree.index_for(path).data(Qt.ItemDataRole.DecorationRole).cacheKey()

    assert shown(project / "models.py") == icon("file_python", "accent").cacheKey()
    assert shown(project / "analysis.ipynb") == icon("file_notebook", "accent").cacheKey()
    assert shown(project / "src") == icon("folder").cacheKey()
    assert tree.title() == "proj"
    assert not tree.isHeaderHidden()
    assert tree.model().headerData(0, Qt.Orientation.Horizontal, Qt.ItemDataRole.FontRole).bold()


def test_file_icons_follow_the_theme(qtbot, tree, project):
    from PySide6.QtCore import Qt

    from dsstudio.ui.icons.icon_set import icon
    from dsstudio.ui.theme.app_theme import apply_app_theme

    light = tree.index_for(project / "models.py").data(Qt.ItemDataRole.DecorationRole).cacheKey()
    try:
        apply_app_theme("dark")
        dark = tree.index_for(project / "models.py").data(Qt.ItemDataRole.DecorationRole)
        assert dark.cacheKey() != light
        assert dark.cacheKey() == icon("file_python", "accent").cacheKey()
    finally:
        apply_app_theme("light")


def test_no_header_before_a_project(qtbot):
    widget = ProjectTree()
    qtbot.addWidget(widget)
    assert widget.isHeaderHidden() and widget.title() == ""

"""Recent projects and per-project layout: round trips, and bad files mean defaults."""

from __future__ import annotations

import json

from dsstudio.core.settings import (
    MAX_RECENT,
    Preferences,
    ProjectState,
    RecentProjects,
    config_dir,
    load_project_state,
    save_project_state,
)


def test_config_dir_follows_the_override(private_config_dir):
    assert config_dir() == private_config_dir


def test_recent_projects_newest_first_without_duplicates(tmp_path):
    folders = [tmp_path / f"p{i}" for i in range(3)]
    for folder in folders:
        folder.mkdir()
    recent = RecentProjects()
    for folder in folders + [folders[0]]:
        recent.add(folder)
    assert RecentProjects().paths() == [folders[0], folders[2], folders[1]]
    assert RecentProjects().last() == folders[0]


def test_recent_projects_are_capped_and_skip_deleted_folders(tmp_path):
    recent = RecentProjects()
    for i in range(MAX_RECENT + 3):
        (tmp_path / f"p{i}").mkdir()
        recent.add(tmp_path / f"p{i}")
    assert len(recent.paths()) == MAX_RECENT
    (tmp_path / f"p{MAX_RECENT + 2}").rmdir()
    assert recent.last() == tmp_path / f"p{MAX_RECENT + 1}"


def test_project_state_round_trips(tmp_path):
    state = ProjectState()
    state.splitter_sizes = {"main": [200, 600, 400]}
    state.open_files = ["models.py", "src/pkg/a.py"]
    state.current_file = "models.py"
    state.reload_on_save = False
    state.window_geometry = "AAAA"
    state.panes = {"hidden": ["tree"], "areas": {"notebook": "side"}, "problems_shown": False}
    save_project_state(tmp_path, state)
    assert load_project_state(tmp_path) == state
    assert load_project_state(tmp_path).panes["areas"] == {"notebook": "side"}
    assert load_project_state(tmp_path / "other") == ProjectState()


def test_corrupt_or_wrongly_typed_state_means_defaults(tmp_path, private_config_dir):
    save_project_state(tmp_path, ProjectState())
    (state_file,) = (private_config_dir / "projects").iterdir()
    state_file.write_text("{not json")
    assert load_project_state(tmp_path) == ProjectState()
    state_file.write_text(json.dumps({"open_files": "models.py"}))
    assert load_project_state(tmp_path) == ProjectState()
    (private_config_dir / "recent.json").write_text("[1, 2")
    assert RecentProjects().paths() == []


def test_preferences_read_bad_values_as_defaults(tmp_path):
    path = tmp_path / "preferences.json"
    prefs = Preferences(path)
    assert prefs.values()["tab_width"] == 4 and prefs.get("theme") == "light"
    path.write_text('{"tab_width": 99, "editor_font_size": true, "theme": "purple", "word_wrap": 1}')
    assert prefs.values() == Preferences.DEFAULTS
    prefs.update({"tab_width": 2, "theme": "system", "editor_font_family": "Noto Mono"})
    assert (prefs.get("tab_width"), prefs.get("theme")) == (2, "system")
    assert Preferences(path).get("editor_font_family") == "Noto Mono"


def test_a_new_project_starts_from_the_preferred_switches(tmp_path):
    Preferences().update({"reload_on_save": False, "save_notebook_outputs": False})
    fresh = load_project_state(tmp_path / "never-seen")
    assert fresh.reload_on_save is False and fresh.save_notebook_outputs is False
    state = ProjectState()  # a project already remembered keeps its own values
    save_project_state(tmp_path / "seen", state)
    assert load_project_state(tmp_path / "seen").reload_on_save is True

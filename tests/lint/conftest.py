"""Lint tests run the real ruff, kept away from the user's own ruff configuration."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def no_user_ruff_config(tmp_path_factory, monkeypatch):
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    return home

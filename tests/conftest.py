"""Shared test set-up: offscreen Qt, a private settings folder, and no stray kernels."""

import os

# Before any Qt import: real widgets, no display needed.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_API", "pyside6")
# QtWebEngine (outputs that need a browser) runs as root only without Chromium's sandbox.
if hasattr(os, "geteuid") and os.geteuid() == 0:
    os.environ.setdefault("QTWEBENGINE_CHROMIUM_FLAGS", "--no-sandbox")

import pytest


@pytest.fixture(autouse=True)
def private_config_dir(tmp_path_factory, monkeypatch):
    """Each test gets its own settings folder, so recent projects and layouts never leak."""
    config = tmp_path_factory.mktemp("config")
    monkeypatch.setenv("DSSTUDIO_CONFIG_DIR", str(config))
    # Notebook trust's signature store and secret: the test's own, never the user's Jupyter's.
    monkeypatch.setenv("JUPYTER_DATA_DIR", str(config / "jupyter"))
    yield config
    _back_to_the_light_theme()


def _back_to_the_light_theme() -> None:
    """The app's theme is the process's: a test that chose dark must not leave it to the next."""
    import sys

    app_theme = sys.modules.get("dsstudio.ui.theme.app_theme")  # (imported by collection too)
    if app_theme is None:
        return
    from PySide6.QtWidgets import QApplication

    if QApplication.instance() is not None:  # (tests without Qt make none)
        app_theme.apply_theme_choice("light")


@pytest.fixture(scope="session")
def venv_with_ipykernel(tmp_path_factory):
    """A real virtual environment (uv) with ipykernel: a project's own Python."""
    from tests.environments import make_venv

    return make_venv(tmp_path_factory.mktemp("envs") / "with-ipykernel", "ipykernel")

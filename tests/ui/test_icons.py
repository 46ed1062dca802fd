"""dsstudio's own icons: every one renders in both themes, in its role's colour, sharp at any
pixel ratio, and the toolbars' icons are re-made when the theme changes."""

from __future__ import annotations

import nbformat
import pytest
from PySide6.QtCore import QObject, QSize, Qt, Signal
from PySide6.QtGui import QColor, QIcon
from PySide6.QtWidgets import QToolBar, QToolButton

from dsstudio.core.settings import RecentProjects
from dsstudio.ui.icons import icon_set
from dsstudio.ui.icons.file_types import NAMES, SUFFIXES, file_icon_name
from dsstudio.ui.icons.icon_set import ICON_PROPERTY, icon, icon_names
from dsstudio.ui.theme.theme_colours import colour, current_theme, set_current_theme
from dsstudio.ui.window.actions import ACTIONS
from dsstudio.ui.window.main_window import MainWindow

TOLERANCE = 10  # per channel: antialiased edges are the same colour, less opaque


def strongest_colour(qicon: QIcon, size: int = 24, mode=QIcon.Mode.Normal) -> QColor:
    """The most opaque pixel of `qicon` drawn at `size`: the colour it is drawn in."""
    image = qicon.pixmap(QSize(size, size), 1.0, mode).toImage()
    best = QColor(0, 0, 0, 0)
    for y in range(image.height()):
        for x in range(image.width()):
            pixel = image.pixelColor(x, y)
            if pixel.alpha() > best.alpha():
                best = pixel
    return best


def drawn_box(pixmap) -> tuple[int, int, int, int]:
    """The first and last columns and rows with anything drawn: (left, top, right, bottom)."""
    image = pixmap.toImage()
    points = [(x, y) for y in range(image.height()) for x in range(image.width())
              if image.pixelColor(x, y).alpha()]
    xs, ys = [x for x, _ in points], [y for _, y in points]
    return min(xs), min(ys), max(xs), max(ys)


def same_colour(found: QColor, expected: str) -> bool:
    want = QColor(expected)
    return all(abs(a - b) <= TOLERANCE for a, b in ((found.red(), want.red()),
                                                   (found.green(), want.green()),
                                                   (found.blue(), want.blue())))


@pytest.fixture
def light_afterwards(qapp):
    """Tests that change the theme leave the app light, as every other test expects it."""
    yield
    from dsstudio.ui.theme.app_theme import apply_app_theme

    apply_app_theme("light")
    set_current_theme("light")


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_every_icon_renders_in_its_roles_colour(qapp, theme, light_afterwards):
    set_current_theme(theme)
    names = icon_names()
    assert len(names) >= 29
    for name in names:
        role = icon_set.natural_role(name)
        found = strongest_colour(icon(name))
        assert found.alpha() >= 200, f"{name} draws nothing opaque"
        assert same_colour(found, colour(icon_set.ROLES[role], theme)), (name, found.name())


def test_run_icons_are_green_stop_red_and_the_rest_neutral(qapp):
    assert current_theme() == "light"
    assert same_colour(strongest_colour(icon("run_cell")), colour("icon_run"))
    assert same_colour(strongest_colour(icon("interrupt")), colour("icon_stop"))
    assert same_colour(strongest_colour(icon("save")), colour("icon"))
    assert same_colour(strongest_colour(icon("file_python", "accent")), colour("icon_accent"))


def test_drawn_at_the_pixel_ratio_asked_for_and_faint_when_disabled(qapp):
    sharp = icon("save").pixmap(QSize(16, 16), 2.0)
    assert (sharp.width(), sharp.height(), sharp.devicePixelRatio()) == (32, 32, 2.0)
    assert strongest_colour(icon("save"), mode=QIcon.Mode.Disabled).alpha() < 128
    # Faint, and as big as the normal one at that ratio
    faint = icon("save").pixmap(QSize(16, 16), 2.0, QIcon.Mode.Disabled)
    assert drawn_box(faint) == drawn_box(sharp) and drawn_box(sharp)[2:] == (27, 27)
    selected = strongest_colour(icon("file_python", "accent"), mode=QIcon.Mode.Selected)
    assert same_colour(selected, colour("highlighted_text"))


def test_folders_show_their_open_form_when_expanded(qapp):
    folder = icon("folder")
    closed = folder.pixmap(QSize(24, 24), 1.0, QIcon.Mode.Normal, QIcon.State.Off).toImage()
    opened = folder.pixmap(QSize(24, 24), 1.0, QIcon.Mode.Normal, QIcon.State.On).toImage()
    assert closed != opened


def test_every_icon_a_table_names_exists():
    names = set(icon_names())
    assert {spec.icon for spec in ACTIONS if spec.icon} <= names
    assert {kind[0] for kind in (*SUFFIXES.values(), *NAMES.values())} <= names
    assert {"folder", "file", "folder_open"} <= names


def test_file_icons_come_from_the_name_alone():
    assert file_icon_name("models.py") == ("file_python", "accent")
    assert file_icon_name("Analysis.IPYNB") == ("file_notebook", "accent")
    assert file_icon_name("scores.parquet")[0] == "file_data"
    assert file_icon_name("pyproject.toml")[0] == "file_config"
    assert file_icon_name(".env")[0] == "file_config"
    assert file_icon_name("plot.svg")[0] == "file_image"
    assert file_icon_name("demo.dsproj")[0] == "file_project"
    assert file_icon_name("run.sh")[0] == "file_shell"
    assert file_icon_name("README")[0] == "file_markdown"
    assert file_icon_name("LICENSE") == ("file", "icon")
    assert file_icon_name("data", is_dir=True) == ("folder", "icon")


def toolbar_buttons(toolbar: QToolBar) -> dict[str, QToolButton]:
    return {action.text(): toolbar.widgetForAction(action) for action in toolbar.actions()
            if not action.isSeparator() and isinstance(toolbar.widgetForAction(action), QToolButton)}


def test_main_toolbar_and_menus_have_our_icons(qtbot):
    window = MainWindow(RecentProjects())
    qtbot.addWidget(window)
    toolbar = window.findChild(QToolBar, "MainToolBar")
    buttons = toolbar_buttons(toolbar)
    assert len(buttons) == 6
    assert all(not button.icon().isNull() for button in buttons.values())
    for name in ("save", "open_folder", "new_file", "new_notebook", "run_selection", "run_cell",
                 "run_cell_advance", "run_file", "interrupt", "restart", "find"):
        assert window.actions[name].property(ICON_PROPERTY), name
    run_cell = toolbar.widgetForAction(window.actions["run_cell"])
    assert run_cell.toolButtonStyle() == Qt.ToolButtonStyle.ToolButtonTextBesideIcon
    assert run_cell.text() == "Run Cell" and "Ctrl+Return" in run_cell.toolTip()
    assert same_colour(strongest_colour(window.actions["run_cell"].icon()), colour("icon_run"))


def test_icons_follow_the_theme(qtbot, light_afterwards):
    from dsstudio.ui.theme.app_theme import apply_app_theme

    window = MainWindow(RecentProjects())
    qtbot.addWidget(window)
    save, run = window.actions["save"], window.actions["run_cell"]
    light_key = save.icon().cacheKey()
    apply_app_theme("dark")
    assert save.icon().cacheKey() != light_key
    assert same_colour(strongest_colour(save.icon()), colour("icon", "dark"))
    assert same_colour(strongest_colour(run.icon()), colour("icon_run", "dark"))
    apply_app_theme("light")
    assert same_colour(strongest_colour(save.icon()), colour("icon", "light"))


class StandInKernel(QObject):
    """What a notebook view listens to (its cell runner and widget models); no cell is run here,
    and no kernel client is ever made."""

    sig_state_changed = Signal(str)
    sig_iopub_ready = Signal()
    sig_client_created = Signal(object)
    client = None


def test_notebook_toolbar_uses_the_same_icons(qtbot, tmp_path):
    from dsstudio.ui.notebook.notebook_view import NotebookView

    path = tmp_path / "n.ipynb"
    nbformat.write(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("1")]), str(path))
    view = NotebookView(path, nbformat.read(str(path), as_version=4), StandInKernel())
    qtbot.addWidget(view)
    toolbar = view.toolbar
    with_icons = {thing.property(ICON_PROPERTY) for thing in toolbar.findChildren(QObject)
                  if thing.property(ICON_PROPERTY)}
    assert {"run_cell:run", "run_all:run", "run_stale:run", "interrupt:stop", "restart:icon",
            "add_cell:icon", "move_up:icon", "move_down:icon", "save:icon"} <= with_icons
    assert toolbar.run_button.toolButtonStyle() == Qt.ToolButtonStyle.ToolButtonTextBesideIcon
    assert same_colour(strongest_colour(toolbar.run_button.icon()), colour("icon_run"))

from dsstudio.core.editor.cells import cell_bounds, next_cell_start

SOURCE = "import os\n# %% load\nx = 1\ny = 2\n#%% fit\nz = 3\n"


def test_file_without_markers_is_one_cell():
    assert cell_bounds("a = 1\nb = 2\n", 1) == (0, 3)
    assert next_cell_start("a = 1\nb = 2\n", 0) is None


def test_line_before_first_marker_is_its_own_cell():
    assert cell_bounds(SOURCE, 0) == (0, 1)


def test_marker_line_belongs_to_the_cell_it_opens():
    assert cell_bounds(SOURCE, 1) == (1, 4)
    assert cell_bounds(SOURCE, 3) == (1, 4)


def test_marker_without_space_and_last_cell_runs_to_end():
    assert cell_bounds(SOURCE, 5) == (4, 7)
    assert next_cell_start(SOURCE, 2) == 4
    assert next_cell_start(SOURCE, 5) is None


def test_percent_in_ordinary_comment_is_not_a_marker():
    assert cell_bounds("a = 1\n# 100% sure\nb = 2\n", 2) == (0, 4)

"""Which cells a reload made stale."""

from __future__ import annotations

from dsstudio.core.notebook.stale_cells import names_used, stale_cell_indexes

CELLS = [
    "%matplotlib inline\nimport models\nimport preprocess as pp\nfrom metrics import score as s",
    "data = pp.load()",                      # 1: preprocess
    "model = models.LinearModel().fit(data)",  # 2: models
    "print(s(model, data))",                 # 3: metrics, via an alias
    "x = 1 + 1",                             # 4: nothing
    "!ls\nmodels = 3",                       # 5: assigns, does not read
    "from helpers import *\nplot(model)",    # 6: star import
    "%%time\nmodels.fit()",                  # 7: a cell magic: not Python
]


def report(*modules, **changes):
    """A reload of `modules`; each changed a name `f` unless `name=[...]` says what changed."""
    return {"reloaded": list(modules),
            "modules": {m: {"updated": changes.get(m, ["f"]), "added": [], "removed": []}
                        for m in modules}}


def test_cells_using_a_reloaded_module_are_stale():
    # (The import cell itself is not stale: its names follow the reload.)
    assert stale_cell_indexes(CELLS, report("models")) == [2]
    assert stale_cell_indexes(CELLS, report("preprocess")) == [1]
    assert stale_cell_indexes(CELLS, report("metrics")) == [3]


def test_star_imports_use_the_reports_names():
    assert stale_cell_indexes(CELLS, report("helpers", helpers=["plot"])) == [6]


def test_nothing_reloaded_nothing_stale():
    assert stale_cell_indexes(CELLS, report()) == []
    assert stale_cell_indexes(CELLS, report("unrelated")) == []


def test_a_reload_that_changed_no_name_makes_nothing_stale():
    # A save without changes re-runs the module, but every result still holds.
    assert stale_cell_indexes(CELLS, report("models", models=[])) == []
    # A dependent re-run with its own names unchanged still counts when its dependency changed.
    both = report("preprocess", "models", models=[])
    assert stale_cell_indexes(CELLS, both) == [1, 2]


def test_names_used_skips_magics_and_syntax_errors():
    assert names_used("%time f(x)\ny = g(z)") == {"g", "z"}
    assert names_used("def (") == set()

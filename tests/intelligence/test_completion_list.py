from dsstudio.core.intelligence.completion_list import (
    RUNTIME_KIND,
    identifier_start,
    kernel_names,
    merged,
)
from dsstudio.core.intelligence.jedi_engine import CompletionItem


def test_identifier_start():
    assert identifier_start("x = model.fi") == len("x = model.")
    assert identifier_start("model.") == len("model.")
    assert identifier_start("") == 0


def test_kernel_matches_that_start_before_the_identifier_are_cut_to_it():
    # IPython without jedi answers `a.ru` with `a.runtime_only` replacing from column 0.
    assert kernel_names(["a.runtime_only"], 0, "a.ru") == ["runtime_only"]
    assert kernel_names(["b.other"], 0, "a.ru") == []


def test_kernel_matches_that_start_after_the_identifier_get_its_head():
    assert kernel_names(["lumn"], 2, "co") == ["column"]


def test_matches_at_the_identifier_are_kept_and_magics_dropped():
    assert kernel_names(["runtime_only", "%timeit"], 2, "a.") == ["runtime_only"]


def test_merged_adds_runtime_names_once_public_first():
    static = [CompletionItem("fit", "function"), CompletionItem("_private", None)]
    items = merged(static, ["fit", "coef_", "Zeta"])
    assert [i.name for i in items] == ["coef_", "fit", "Zeta", "_private"]
    assert items[0].kind == RUNTIME_KIND and items[1].kind == "function"

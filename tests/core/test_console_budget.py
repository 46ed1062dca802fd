"""The console's glimpse of other clients' runs: bounded, cut at line ends, one pointer line."""

from __future__ import annotations

from dsstudio.core.console_budget import NOTICE, ForeignOutputBudget


def stream(parent: str, text: str) -> dict:
    return {"msg_type": "stream", "parent_header": {"msg_id": parent},
            "content": {"name": "stdout", "text": text}}


def test_a_flood_is_cut_with_a_pointer_then_dropped():
    budget = ForeignOutputBudget(max_lines=5, max_chars=1000)
    first = stream("run1", "".join(f"{i}\n" for i in range(3)))
    assert budget.admit(first) == "show" and first["content"]["text"] == "0\n1\n2\n"
    second = stream("run1", "".join(f"{i}\n" for i in range(3, 10)))
    assert budget.admit(second) == "show" and second["content"]["text"] == "3\n4\n" + NOTICE
    assert all(budget.admit(stream("run1", "x\n")) == "drop" for _ in range(1000))
    assert budget.admit(stream("run2", "another run\n")) == "show"  # each run has its own


def test_one_huge_line_is_cut_by_characters():
    budget = ForeignOutputBudget(max_lines=100, max_chars=50)
    huge = stream("r", "x" * 50_000_000)
    assert budget.admit(huge) == "show"
    assert huge["content"]["text"] == "x" * 50 + "\n" + NOTICE


def test_rich_outputs_are_counted_and_errors_and_inputs_always_pass():
    budget = ForeignOutputBudget(max_rich=2)
    display = {"msg_type": "display_data", "parent_header": {"msg_id": "p"}, "content": {}}
    assert [budget.admit(display) for _ in range(4)] == ["show", "show", "notice", "drop"]
    for kind in ("error", "execute_input", "clear_output", "status"):
        assert budget.admit({"msg_type": kind, "parent_header": {"msg_id": "p"}}) == "show"


def test_a_run_that_ends_exactly_at_the_budget_gets_the_notice_with_its_next_output():
    budget = ForeignOutputBudget(max_lines=2, max_chars=1000)
    assert budget.admit(stream("r", "a\nb\n")) == "show"
    assert budget.admit(stream("r", "c\n")) == "notice"
    assert budget.admit(stream("r", "d\n")) == "drop"

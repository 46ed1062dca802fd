"""What a user sees and saves of a cell's outputs, pinned so a rewrite cannot change it silently.

Each test is one behaviour that held before it was written and that no test pinned (mutation
testing found them: a change to the code kept every other test green). Outputs are checked the
way a saved notebook is: nbformat's own validator, on a notebook holding them.
"""

from __future__ import annotations

import nbformat
import pytest

from dsstudio.core.notebook.outputs import (
    CellOutputs,
    ansi_to_html,
    cut_for_view,
    strip_ansi,
    tail_for_view,
    terminal_text,
)


def msg(kind: str, **content) -> dict:
    return {"msg_type": kind, "content": content}


def outputs_of(*messages: dict) -> CellOutputs:
    cell = CellOutputs()
    for message in messages:
        cell.apply(message)
    return cell


def assert_saves_valid(outputs: list[dict], execution_count: int | None = 1) -> None:
    """The outputs, saved in a code cell, make a notebook nbformat accepts."""
    notebook = nbformat.v4.new_notebook()
    notebook.cells.append(nbformat.v4.new_code_cell("x", outputs=outputs,
                                                    execution_count=execution_count))
    nbformat.validate(nbformat.from_dict(notebook))


# ---- What is saved
def test_execute_result_keeps_its_execution_count_and_saves_valid():
    cell = outputs_of(msg("execute_input", execution_count=7, code="x"),
                      msg("execute_result", execution_count=7, data={"text/plain": "42"},
                          metadata={}))
    assert cell.execution_count == 7
    assert cell.outputs == [{"output_type": "execute_result", "data": {"text/plain": "42"},
                             "metadata": {}, "execution_count": 7}]
    assert_saves_valid(cell.outputs, 7)


def test_a_fresh_cell_has_no_execution_count():
    assert CellOutputs().execution_count is None
    assert CellOutputs().outputs == []


def test_execute_input_sets_the_count_even_before_any_output():
    cell = CellOutputs()
    assert cell.apply(msg("execute_input", execution_count=3, code="pass")) is True
    assert cell.execution_count == 3 and cell.outputs == []


def test_display_data_has_no_execution_count_and_saves_valid():
    cell = outputs_of(msg("display_data", data={"text/plain": "<Figure>"}, metadata={}))
    assert "execution_count" not in cell.outputs[0]
    assert_saves_valid(cell.outputs)


def test_error_keeps_ename_evalue_and_traceback():
    traceback = ["\x1b[31mZeroDivisionError\x1b[0m", "----> 1 1/0"]
    cell = outputs_of(msg("error", ename="ZeroDivisionError", evalue="division by zero",
                          traceback=traceback))
    assert cell.outputs == [{"output_type": "error", "ename": "ZeroDivisionError",
                             "evalue": "division by zero", "traceback": traceback}]
    assert cell.outputs[0]["traceback"] is not traceback  # a copy: the message is not kept
    assert_saves_valid(cell.outputs)


def test_messages_missing_their_optional_fields_still_save_valid():
    """Another kernel (or an old one) may leave fields out: the saved notebook stays valid."""
    cell = outputs_of(msg("error"), msg("display_data"), msg("stream"),
                      msg("execute_result", execution_count=2))
    assert cell.outputs[0] == {"output_type": "error", "ename": "", "evalue": "", "traceback": []}
    assert cell.outputs[1] == {"output_type": "display_data", "data": {}, "metadata": {}}
    assert cell.outputs[2] == {"output_type": "stream", "name": "stdout", "text": ""}
    assert cell.outputs[3]["metadata"] == {} and cell.outputs[3]["execution_count"] == 2
    assert_saves_valid(cell.outputs)


def test_a_message_without_content_is_taken_as_empty():
    cell = CellOutputs()
    assert cell.apply({"msg_type": "clear_output"}) is True
    assert cell.apply({"msg_type": "execute_input"}) is True
    assert cell.execution_count is None


def test_messages_that_are_not_outputs_change_nothing():
    cell = outputs_of(msg("stream", name="stdout", text="a\n"))
    for kind in ("status", "comm_open", "execute_reply", "Stream"):
        assert cell.apply(msg(kind, name="stdout", text="b\n", execution_state="idle")) is False
    assert cell.outputs == [{"output_type": "stream", "name": "stdout", "text": "a\n"}]


# ---- clear_output
def test_clear_output_wait_then_two_outputs_keeps_both():
    cell = outputs_of(msg("stream", name="stdout", text="old\n"), msg("clear_output", wait=True))
    assert cell.apply(msg("display_data", data={"text/plain": "one"}, metadata={})) is True
    assert cell.apply(msg("display_data", data={"text/plain": "two"}, metadata={})) is True
    assert [o["data"]["text/plain"] for o in cell.outputs] == ["one", "two"]


def test_clear_output_now_clears_and_says_the_view_changed():
    cell = outputs_of(msg("display_data", data={"text/plain": "x"}, metadata={}))
    assert cell.apply(msg("clear_output", wait=False)) is True
    assert cell.outputs == []


def test_a_stream_after_clear_output_wait_starts_a_new_output():
    cell = outputs_of(msg("stream", name="stdout", text="epoch 1\n"), msg("clear_output", wait=True),
                      msg("stream", name="stdout", text="epoch 2\n"))
    assert cell.outputs == [{"output_type": "stream", "name": "stdout", "text": "epoch 2\n"}]


# ---- update_display_data
def test_update_display_data_replaces_data_and_metadata():
    cell = outputs_of(msg("display_data", data={"image/png": "AAA"},
                          metadata={"image/png": {"width": 100}}, transient={"display_id": "d"}))
    changed = cell.apply(msg("update_display_data", data={"image/png": "BBB"},
                             metadata={"image/png": {"width": 640}}, transient={"display_id": "d"}))
    assert changed is True
    assert cell.outputs[0]["data"] == {"image/png": "BBB"}
    assert cell.outputs[0]["metadata"] == {"image/png": {"width": 640}}
    cell.apply(msg("update_display_data", data={"text/plain": "C"}, transient={"display_id": "d"}))
    assert cell.outputs[0]["metadata"] == {}  # replaced, not merged
    assert_saves_valid(cell.outputs)


def test_update_display_data_without_data_empties_it():
    cell = outputs_of(msg("display_data", data={"text/plain": "a"}, metadata={},
                          transient={"display_id": "d"}))
    assert cell.apply(msg("update_display_data", transient={"display_id": "d"})) is True
    assert cell.outputs[0]["data"] == {} and cell.outputs[0]["metadata"] == {}


def test_display_metadata_is_kept_as_sent():
    metadata = {"image/png": {"width": 320, "height": 200}}
    cell = outputs_of(msg("display_data", data={"image/png": "AAA"}, metadata=metadata),
                      msg("execute_result", execution_count=1, data={"image/png": "BBB"},
                          metadata=metadata))
    assert cell.outputs[0]["metadata"] == metadata == cell.outputs[1]["metadata"]
    assert cell.outputs[0]["metadata"] is not metadata  # a copy: the message is not kept
    assert_saves_valid(cell.outputs)


def test_update_display_data_without_a_known_display_id_changes_nothing():
    cell = outputs_of(msg("display_data", data={"text/plain": "a"}, metadata={},
                          transient={"display_id": "d"}))
    assert cell.apply(msg("update_display_data", data={"text/plain": "b"})) is False
    assert cell.apply(msg("update_display_data", data={"text/plain": "b"},
                          transient={"display_id": "other"})) is False
    assert cell.outputs[0]["data"] == {"text/plain": "a"}


# ---- Streams as a terminal shows them
def test_one_message_of_carriage_returns_saves_the_last_state():
    cell = outputs_of(msg("stream", name="stderr", text="0%\r50%\r100%\r"))
    assert cell.outputs[0]["text"] == "100%"
    assert_saves_valid(cell.outputs)


def test_a_carriage_return_inside_a_message_does_not_rewrite_the_next_one():
    cell = outputs_of(msg("stream", name="stdout", text="a\rb"), msg("stream", name="stdout", text="c"))
    assert cell.outputs[0]["text"] == "bc"


def test_carriage_returns_before_a_newline_keep_the_line():
    """JupyterLab #3718/#4045: `print('a\\r\\r')` and CRLF text (`!cat` of a Windows file)."""
    cell = outputs_of(msg("stream", name="stdout", text="a\r\r\n"),
                      msg("stream", name="stdout", text="foo\r\nbar\r\n"))
    assert cell.outputs[0]["text"] == "a\nfoo\nbar\n"


def test_a_line_ended_by_a_carriage_return_then_a_newline_stays():
    """`print(i, end="\\r")` in a loop, then `print()`: the last count stays on its line."""
    cell = outputs_of(*(msg("stream", name="stdout", text=f"{i}\r") for i in range(3)),
                      msg("stream", name="stdout", text="\n"), msg("stream", name="stdout", text="done\n"))
    assert cell.outputs[0]["text"] == "2\ndone\n"


def test_a_shorter_rewrite_leaves_the_rest_of_the_line_as_a_terminal_does():
    """(rasbt/reasoning-from-scratch #136: as a terminal and JupyterLab show it.)"""
    cell = outputs_of(msg("stream", name="stdout", text="10/10 | ETA: 00s\r"),
                      msg("stream", name="stdout", text="9/10 | ETA: 8s"))
    assert cell.outputs[0]["text"] == "9/10 | ETA: 8s0s"


def test_a_backspace_in_a_message_takes_back_a_character():
    cell = outputs_of(msg("stream", name="stdout", text="abc\b\bX\n"))
    assert cell.outputs[0]["text"] == "aXc\n"


def test_a_backspace_at_the_start_of_a_line_stays_there():
    assert terminal_text("a\b\bX") == "X"
    assert terminal_text("\bX") == "X"


def test_crlf_is_a_newline_not_a_return():
    assert terminal_text("a\r\nb\r") == "a\nb"


# ---- Huge outputs in the view
def test_a_huge_output_is_cut_at_its_last_whole_line():
    text = "".join(f"line {i}\n" for i in range(10_000))
    shown, cut = cut_for_view(text, limit=100)
    assert cut and shown.endswith("\n") and len(shown) <= 100
    assert text.startswith(shown) and text[len(shown) - 1] == "\n"
    assert shown == "".join(f"line {i}\n" for i in range(len(shown.splitlines())))
    assert len(shown) > 100 - len("line 9999\n")  # the last whole line, not the first


def test_an_output_of_exactly_the_limit_is_not_cut():
    assert cut_for_view("x" * 10, limit=10) == ("x" * 10, False)
    assert cut_for_view("x" * 11, limit=10) == ("x" * 10, True)  # one long line: cut in it


def test_cut_at_a_line_count():
    text = "a\nb\nc\nd\n"
    assert cut_for_view(text, limit=100, max_lines=2) == ("a\nb\n", True)
    assert cut_for_view(text, limit=100, max_lines=4) == (text, False)
    assert cut_for_view("\n\n\nx", limit=100, max_lines=1) == ("\n", True)
    # The character limit still holds: lines past it are not counted.
    assert cut_for_view("aaaa\nbbbb\ncccc\n", limit=6, max_lines=3) == ("aaaa\n", True)
    assert cut_for_view("aaaa\nbbbb\ncccc\n", limit=9, max_lines=3) == ("aaaa\n", True)
    assert cut_for_view("aaaa\nbbbb\ncccc\n", limit=10, max_lines=2) == ("aaaa\nbbbb\n", True)
    # A line whose newline falls just on the limit is whole; one past it is not.
    assert cut_for_view("aaaa\nbbbb\ncccc\n", limit=9, max_lines=2) == ("aaaa\nbbbb\n", True)
    assert cut_for_view("aaaa\nbbbb\ncccc\n", limit=8, max_lines=2) == ("aaaa\n", True)


def test_the_tail_of_a_long_stream_starts_at_a_line():
    text = "".join(f"epoch {i}\n" for i in range(100))
    shown, before = tail_for_view(text, limit=1000, max_lines=3)
    assert shown == "epoch 97\nepoch 98\nepoch 99\n" and before == 97
    shown, before = tail_for_view(text, limit=30, max_lines=200)
    assert shown == "epoch 97\nepoch 98\nepoch 99\n" and before == 97
    assert tail_for_view("a\nb\n", limit=100, max_lines=5) == ("a\nb\n", 0)
    assert tail_for_view("a\nb\nc", limit=100, max_lines=1) == ("c", 2)
    assert tail_for_view("\nab\ncd", limit=100, max_lines=1) == ("cd", 2)
    assert tail_for_view("x\nabcdef", limit=4, max_lines=9) == ("cdef", 1)  # a long line: its end
    assert tail_for_view("x" * 50 + "\n", limit=10) == ("x" * 9 + "\n", 0)
    assert tail_for_view("a\nb\n\n", limit=100, max_lines=1) == ("\n", 2)  # an empty last line


# ---- ANSI colours
def test_a_bare_reset_closes_the_colour():
    html = ansi_to_html("A\x1b[31mred\x1b[mplain")
    assert html == "A<span style='color:#c62828'>red</span>plain"


def test_text_ending_inside_a_colour_is_closed():
    assert ansi_to_html("\x1b[1;32mok") == "<span style='font-weight:bold;color:#2e7d32'>ok</span>"


def test_a_new_colour_closes_the_last():
    assert ansi_to_html("\x1b[31ma\x1b[34mb\x1b[0m<c>") == (
        "<span style='color:#c62828'>a</span><span style='color:#1565c0'>b</span>&lt;c&gt;")


@pytest.mark.parametrize("code", ["0", "", "39", "22"])
def test_codes_without_a_colour_open_no_span(code):
    assert ansi_to_html(f"x\x1b[{code}my") == "xy"


def test_strip_ansi_keeps_the_text_only():
    assert strip_ansi("\x1b[1;31mError\x1b[0m: bad \x1b[mvalue") == "Error: bad value"

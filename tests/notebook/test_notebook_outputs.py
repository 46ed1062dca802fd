"""Outputs built from iopub messages, by Jupyter's rules."""

from __future__ import annotations

from dsstudio.core.notebook.outputs import (
    CellOutputs,
    ansi_to_html,
    best_mime,
    cut_for_view,
    terminal_text,
)


def msg(kind: str, **content) -> dict:
    return {"msg_type": kind, "content": content}


def test_streams_merge_by_name_and_keep_order():
    cell = CellOutputs()
    for m in (msg("stream", name="stdout", text="a\n"), msg("stream", name="stdout", text="b\n"),
              msg("stream", name="stderr", text="warn\n"), msg("stream", name="stdout", text="c")):
        cell.apply(m)
    assert [(o["name"], o["text"]) for o in cell.outputs] == [
        ("stdout", "a\nb\n"), ("stderr", "warn\n"), ("stdout", "c")]


def test_progress_bar_rewrites_its_line():
    cell = CellOutputs()
    for pct in (10, 50, 100):
        cell.apply(msg("stream", name="stderr", text=f"\r{pct:3d}%|{'#' * (pct // 10):10}|"))
    cell.apply(msg("stream", name="stderr", text="\ndone\n"))
    assert cell.outputs[0]["text"] == "100%|##########|\ndone\n"
    assert terminal_text("abc\b\bX") == "aXc"


def test_clear_output_wait_clears_at_the_next_output():
    cell = CellOutputs()
    cell.apply(msg("stream", name="stdout", text="old"))
    assert cell.apply(msg("clear_output", wait=True)) is False
    assert cell.outputs[0]["text"] == "old"  # still shown: no flicker
    cell.apply(msg("stream", name="stdout", text="new"))
    assert [o["text"] for o in cell.outputs] == ["new"]
    cell.apply(msg("clear_output", wait=False))
    assert cell.outputs == []


def test_update_display_data_replaces_in_place():
    cell = CellOutputs()
    cell.apply(msg("display_data", data={"text/plain": "0%"}, metadata={},
                   transient={"display_id": "bar"}))
    cell.apply(msg("stream", name="stdout", text="between\n"))
    assert cell.apply(msg("update_display_data", data={"text/plain": "100%"}, metadata={},
                          transient={"display_id": "bar"}))
    assert cell.outputs[0]["data"] == {"text/plain": "100%"}
    assert not cell.apply(msg("update_display_data", data={}, transient={"display_id": "other"}))


def test_results_errors_and_counts():
    cell = CellOutputs()
    cell.apply(msg("execute_input", code="1+1", execution_count=7))
    cell.apply(msg("execute_result", data={"text/plain": "2", "text/html": "<b>2</b>"},
                   metadata={}, execution_count=7))
    cell.apply(msg("error", ename="ValueError", evalue="bad", traceback=["\x1b[31mValueError\x1b[0m"]))
    cell.apply(msg("status", execution_state="idle"))
    assert cell.execution_count == 7
    assert [o["output_type"] for o in cell.outputs] == ["execute_result", "error"]
    assert best_mime(cell.outputs[0]["data"]) == "text/html"


def test_mime_priority_and_nothing_displayable():
    assert best_mime({"text/plain": "x", "image/png": "..."}) == "image/png"
    assert best_mime({"application/vnd.unknown": 1}) is None


def test_huge_text_is_cut_at_a_line_for_the_view():
    text = "line\n" * 10_000
    shown, cut = cut_for_view(text, limit=1000)
    assert cut and len(shown) <= 1000 and shown.endswith("line\n")
    assert cut_for_view("short") == ("short", False)


def test_ansi_colours_become_spans_and_html_is_escaped():
    html = ansi_to_html("\x1b[0;31mValueError\x1b[0m: <bad> & \x1b[1;32mok\x1b[0m")
    assert html == ("<span style='color:#c62828'>ValueError</span>: &lt;bad&gt; &amp; "
                    "<span style='font-weight:bold;color:#2e7d32'>ok</span>")


def test_a_stream_view_shows_its_latest_lines():
    from dsstudio.core.notebook.outputs import tail_for_view

    text = "".join(f"step {i}\n" for i in range(100_000))
    shown, before = tail_for_view(text, limit=1000)
    assert shown.endswith("step 99999\n") and shown.startswith("step ")
    assert before + shown.count("\n") == 100_000 and len(shown) <= 1000
    line = "x" * 5_000_000
    shown, before = tail_for_view(line, limit=100)
    assert shown == "x" * 100 and before == 0
    assert tail_for_view("short\n") == ("short\n", 0)


def test_a_stream_view_keeps_at_most_its_line_count():
    from dsstudio.core.notebook.outputs import tail_for_view

    text = "".join(f"{i}\n" for i in range(10_000))
    shown, before = tail_for_view(text, limit=10**6, max_lines=200)
    assert shown.count("\n") == 200 and shown.startswith("9800\n") and before == 9800
    assert tail_for_view("a\nb\n", max_lines=200) == ("a\nb\n", 0)
    assert tail_for_view("a\nb\nc", max_lines=1) == ("c", 2)


def test_a_trailing_carriage_return_lets_the_next_message_overwrite_the_line():
    # print(i, end="\r") in a loop: each number arrives in its own message (issue 14 saw "0123456").
    cell = CellOutputs()
    for i in range(7):
        cell.apply(msg("stream", name="stdout", text=f"{i}\r"))
    assert cell.outputs[0]["text"] == "6"
    cell.apply(msg("stream", name="stdout", text="done\n"))
    assert cell.outputs[0]["text"] == "done\n"


def test_one_message_a_line_costs_the_message_not_the_output():
    # print(..., flush=True) sends a message a line; joining the whole text each time was
    # quadratic (100,000 lines took 4.4 s). Counted by work, not timed: the output is read once.
    cell = CellOutputs()
    for i in range(100_000):
        cell.apply(msg("stream", name="stdout", text=f"{i}\n"))
    assert len(cell._lines) == 100_000  # appended, never joined while nobody reads
    text = cell.outputs[0]["text"]
    assert text.count("\n") == 100_000 and text.endswith("99999\n")
    assert len(cell._lines) == 1  # reading joined them once


def test_cut_for_view_stops_at_a_line_limit_or_a_character_limit():
    from dsstudio.core.notebook.outputs import cut_for_view

    text = "".join(f"{i}\n" for i in range(1000))
    assert cut_for_view(text, 100_000, max_lines=10) == ("".join(f"{i}\n" for i in range(10)), True)
    assert cut_for_view(text, 100_000, max_lines=1000) == (text, False)
    assert cut_for_view("abc", 100_000, max_lines=1) == ("abc", False)
    assert cut_for_view("a\nb", 100_000, max_lines=1) == ("a\n", True)
    assert cut_for_view("y" * 50, 10, max_lines=5) == ("y" * 10, True)  # one long line


def test_carriage_returns_as_a_terminal_shows_them():
    # Cases people were bitten by in Jupyter (tqdm, print(..., end="\r"), Windows line ends).
    from dsstudio.core.notebook.outputs import terminal_text

    bar = "".join(f"{pct}%\r" for pct in range(10, 100, 10)) + "100%\n"  # "10%\r20%\r...100%\n"
    assert terminal_text(bar) == "100%\n"
    assert terminal_text("a\r\nb\r\n") == "a\nb\n"  # \r\n is a plain newline
    assert terminal_text("loss 0.91\rloss 0.5\n") == "loss 0.51\n"  # a shorter line overwrites
    cell = CellOutputs()
    for chunk in ("epoch 1\r", "\n", "10%\r20%", "\r", "100%\n", "a\r", "\nb"):
        cell.apply(msg("stream", name="stdout", text=chunk))
    # "\r" then "\n" in the next message is one line end, not an overwrite.
    assert cell.outputs[0]["text"] == "epoch 1\n100%\na\nb"


def test_a_progress_bar_on_stderr_does_not_eat_stdout():
    cell = CellOutputs()
    cell.apply(msg("stream", name="stdout", text="start\n"))
    for pct in (50, 100):
        cell.apply(msg("stream", name="stderr", text=f"\r{pct}%"))
    cell.apply(msg("stream", name="stderr", text="\n"))
    cell.apply(msg("stream", name="stdout", text="done\n"))
    assert [(o["name"], o["text"]) for o in cell.outputs] == [
        ("stdout", "start\n"), ("stderr", "100%\n"), ("stdout", "done\n")]

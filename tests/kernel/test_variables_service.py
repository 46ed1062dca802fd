"""The Variables pane's kernel side, on a real ipykernel: no cost per cell while the pane is
closed, only changed names while it is open, pages of a huge frame without copying it, lazy
frames never computed, slow or broken reprs never blocking, answers while a cell runs."""

from __future__ import annotations

import queue
import textwrap

import psutil
import pytest

from dsstudio.core.kernel.execute import execute_collect
from dsstudio.core.variables.variables_connection import (
    VariablesConnection,
    VariablesError,
)

MIB = 1024 * 1024


def run(client, code: str) -> dict:
    result = execute_collect(client, textwrap.dedent(code), 120)
    assert result["error"] is None, result["error"]
    return result


def cell_traffic(client, code: str) -> list[str]:
    """The message types one cell causes on iopub and shell, in order of arrival."""
    msg_id = client.execute(code)
    seen = []
    while True:
        msg = client.get_iopub_msg(timeout=60)
        if msg["parent_header"].get("msg_id") != msg_id:
            continue  # another client's request (the pane's own, closing)
        seen.append(msg["msg_type"])
        if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
            break
    while True:
        reply = client.get_shell_msg(timeout=60)
        seen.append(reply["msg_type"])
        if reply["parent_header"].get("msg_id") == msg_id:
            return seen


def names(variables: list[dict]) -> list[str]:
    return [v["name"] for v in variables]


def test_a_closed_pane_adds_no_message_per_cell(kernel, runner):
    run(runner, "import time; big = list(range(1_000_000))")
    plain = cell_traffic(runner, "x = 1")
    # The pane opens, watches, and closes: then nothing is left that runs per cell.
    connection = VariablesConnection(kernel.client(), lambda event: None)
    connection.open()
    connection.request("watch")
    watched = cell_traffic(runner, "x = 2")
    connection.close()  # (tracking has stopped when it returns: no sleep here)
    closed = cell_traffic(runner, "x = 3")
    assert "comm_msg" in watched  # the open pane was told
    assert closed == plain == ["status", "execute_input", "status", "execute_reply"]


def test_an_open_pane_is_sent_only_the_changed_names(pane, runner):
    run(runner, "a = 1; b = [1, 2]; c = 'text'")
    listed = pane.request("watch")["variables"]
    assert {"a", "b", "c"} <= set(names(listed))
    assert not any(n.startswith("_") or n in ("In", "Out", "exit", "quit", "get_ipython")
                   for n in names(listed))
    run(runner, "b.append(3)\nc = 'other'\ndel a")
    event = pane.events.get(timeout=30)
    assert event == {"event": "changed", "changed": ["c"], "removed": ["a"]}
    run(runner, "pass")
    with pytest.raises(queue.Empty):  # nothing changed: nothing sent
        pane.events.get(timeout=1)
    described = pane.request("describe", names=["b", "c", "a"])
    assert described["missing"] == ["a"]
    assert [(v["name"], v["shape"], v["preview"]) for v in described["variables"]] == [
        ("b", "3", "[1, 2, 3]"), ("c", "5", "'other'")]


def test_ten_million_rows_page_with_kernel_memory_growing_by_the_page(pane, runner, kernel):
    run(runner, """\
        import numpy as np, pandas as pd
        frame = pd.DataFrame({"n": np.arange(10_000_000, dtype="int64"),
                              "r": np.random.default_rng(1).random(10_000_000)})
    """)
    process = psutil.Process(kernel.pid)
    before = process.memory_info().rss
    first = pane.request("page", name="frame", row=0, rows=50, column=0, columns=10)
    assert first["total_rows"] == 10_000_000 and first["columns"] == ["n", "r"]
    assert first["cells"][0][0] == "0" and len(first["cells"]) == 50
    end = pane.request("page", name="frame", row=9_999_990, rows=50, column=0, columns=10)
    assert end["index"][-1] == "9999999" and len(end["cells"]) == 10
    grown = process.memory_info().rss - before
    assert grown < 16 * MIB, f"{grown / MIB:.0f} MiB for two pages of a 160 MiB frame"
    ordered = pane.request("page", name="frame", row=0, rows=3, column=0, columns=10,
                           sort=[0, False])
    assert [row[0] for row in ordered["cells"]] == ["9999999", "9999998", "9999997"]
    # Sorting keeps one permutation (80 MB of positions), never a sorted copy of the frame.
    grown = process.memory_info().rss - before
    assert grown < 120 * MIB, f"{grown / MIB:.0f} MiB after a sort of a 160 MiB frame"
    # Filtering is done in the kernel too, and composes with the sort.
    kept = pane.request("page", name="frame", row=0, rows=2, column=0, columns=1,
                        sort=[0, False], filter="n % 3 == 0")
    assert kept["total_rows"] == 3_333_334 and kept["cells"] == [["9999999"], ["9999996"]]
    with pytest.raises(VariablesError, match="true or false for each row"):
        pane.request("page", name="frame", row=0, rows=2, column=0, columns=1, filter="n + 1")
    run(runner, "del frame")


def test_lazy_frames_are_described_without_computing(pane, runner):
    run(runner, """\
        import pandas as pd, polars as pl, dask.dataframe as dd
        computed = []
        def part(i):
            computed.append(i)
            return pd.DataFrame({"a": range(i * 3, i * 3 + 3)})
        lazy_dask = dd.from_map(part, range(4), meta=pd.DataFrame({"a": pd.Series([], dtype="int64")}))
        collects = []
        real_collect = pl.LazyFrame.collect
        def spy(self, *args, **kwargs):
            collects.append(1)
            return real_collect(self, *args, **kwargs)
        pl.LazyFrame.collect = spy
        lazy_polars = pl.LazyFrame({"x": [1, 2, 3]}).with_columns(y=pl.col("x") * 2)
    """)
    described = {v["name"]: v for v in pane.request("watch")["variables"]}
    assert described["lazy_dask"]["shape"] == "? × 1"
    assert described["lazy_polars"]["shape"] == "? × 2"
    assert described["lazy_polars"]["preview"] == "columns: x, y"
    result = run(runner, "len(computed), len(collects)")
    assert result["data"][-1]["text/plain"] == "(0, 0)"
    # Paging takes only the partitions the window needs, and sorting says it would compute.
    page = pane.request("page", name="lazy_dask", row=0, rows=2, column=0, columns=5)
    assert page["cells"] == [["0"], ["1"]] and page["total_rows"] is None
    assert run(runner, "computed")["data"][-1]["text/plain"] == "[0]"
    with pytest.raises(VariablesError, match="would compute"):
        pane.request("page", name="lazy_polars", row=0, rows=2, column=0, columns=5, sort=[0, True])
    run(runner, "pl.LazyFrame.collect = real_collect")


def test_a_slow_or_raising_repr_blocks_neither_the_pane_nor_the_kernel(pane, runner):
    run(runner, """\
        import time
        class Slow:
            def __repr__(self):
                time.sleep(60)
                return "slow"
        class Broken:
            def __repr__(self):
                raise ValueError("no repr today")
        slow, broken = Slow(), Broken()
    """)
    described = {v["name"]: v for v in pane.request("watch")["variables"]}
    assert described["slow"]["preview"] == "<repr still running>"
    assert described["broken"]["preview"] == "<repr failed: ValueError: no repr today>"
    # Asked again while the first repr still sleeps: no second thread, the same mark.
    again = pane.request("describe", names=["slow"])["variables"][0]
    assert again["preview"] == "<repr still running>"
    assert run(runner, "1 + 1")["data"][-1]["text/plain"] == "2"


def test_the_pane_is_answered_while_a_cell_runs(pane, runner, kernel):
    assert pane.subshell_id is not None  # ipykernel 7 lists "kernel subshells"
    run(runner, "during = 'visible'")
    runner.execute("import time\nfor _ in range(600): time.sleep(0.1)")
    while True:  # the cell has started
        msg = runner.get_iopub_msg(timeout=30)
        if msg["msg_type"] == "execute_input":
            break
    try:
        described = pane.request("describe", names=["during"], timeout=30)
        assert described["variables"][0]["preview"] == "'visible'"
    finally:
        kernel.interrupt()
    while True:
        reply = runner.get_shell_msg(timeout=30)
        if reply["msg_type"] == "execute_reply":
            break


def test_odd_objects_are_listed_and_tracked_without_running_their_code(pane, runner):
    # vscode-jupyter#8369: the viewer went blank for any class defined in a cell (inspect failed);
    # spyder#9959: objects whose attributes raise broke the Variable Explorer. A metaclass's
    # __eq__ must not run when the pane compares types after a cell.
    run(runner, """\
        calls = []
        class Meta(type):
            def __eq__(cls, other):
                calls.append("eq")
                raise RuntimeError("compared")
            __hash__ = type.__hash__
        class Tracked(metaclass=Meta):
            pass
        class Hostile:
            def __getattr__(self, name):
                calls.append(name)
                raise RuntimeError(f"no {name}")
            @property
            def __class__(self):
                raise ValueError("no class")
        class Local:
            pass
        tracked, hostile, local = Tracked(), Hostile(), Local()
    """)
    described = {v["name"]: v for v in pane.request("watch")["variables"]}
    assert described["local"]["type"] == "Local" and described["Local"]["kind"] == "class"
    assert described["hostile"]["type"] == "Hostile"
    assert described["tracked"]["type"] == "Tracked"
    run(runner, "tracked = Tracked()")
    assert pane.events.get(timeout=30)["changed"] == ["tracked"]
    assert run(runner, "calls")["data"][-1]["text/plain"] == "[]"


def test_eager_tables_arrays_and_records_page_and_sort_in_the_kernel(pane, runner):
    run(runner, """\
        import numpy as np, polars as pl, pyarrow as pa
        scores = pl.DataFrame({"name": ["b", "a", "c"], "score": [2.5, None, 1.0]})
        grid = np.arange(12).reshape(4, 3)
        records = [{"id": 2, "tag": "x"}, {"id": 1}, {"id": 3, "tag": "z"}]
        arrow = pa.table({"a": [1, 2, 3]})
    """)
    described = {v["name"]: v for v in pane.request("watch")["variables"]}
    assert (described["scores"]["shape"], described["scores"]["viewable"]) == ("3 × 2", True)
    assert (described["grid"]["shape"], described["grid"]["memory"]) == ("4 × 3", 96)
    assert described["records"]["viewable"] is True
    assert (described["arrow"]["shape"], described["arrow"]["preview"]) == ("3 × 1", "columns: a")
    ordered = pane.request("page", name="scores", row=0, rows=10, column=0, columns=5,
                           sort=[1, True])
    assert ordered["cells"] == [["c", "1"], ["b", "2.5"], ["a", "None"]]
    assert ordered["index"] == ["2", "0", "1"]
    corner = pane.request("page", name="grid", row=2, rows=10, column=1, columns=1)
    assert (corner["columns"], corner["cells"]) == (["1"], [["7"], ["10"]])
    descending = pane.request("page", name="grid", row=0, rows=1, column=0, columns=3,
                              sort=[0, False])
    assert descending["cells"] == [["9", "10", "11"]]
    table = pane.request("page", name="records", row=0, rows=5, column=0, columns=5, sort=[0, True])
    assert (table["columns"], table["cells"]) == (["id", "tag"], [["1", ""], ["2", "x"], ["3", "z"]])
    stats = pane.request("stats", name="scores", column=1)
    assert (stats["count"], stats["missing"], stats["max"]) == (2, 1, "2.5")

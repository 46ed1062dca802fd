"""The Variables pane's cost: per cell with the pane closed and open against a plain kernel (and
spyder-kernels' Variable Explorer beside it, when an environment with it is given), the first
page of a 10^8-row frame, and a scroll step of the data viewer.

    PYTHONPATH=. .venv/bin/python benchmarks/bench_variables.py [--spyder-python PATH] [--cells 200]

The namespace is the issue's: 41 variables, among them a 10^7-row frame, a 5,000 × 5,000 array,
a 100,000-item dict, a 1,000,000-int list and an object whose __repr__ sleeps 2 s. A cell is
`x = 1` / `x = 2` alternated (so one name changes per cell); its cost is the time from the
execute request to its reply, median of all cells. One run; figures go to docs/benchmarks.md.

Spyder is driven as its client drives it: spyder-kernels' comm (`spyder_api`) opened, the
Variable Explorer's namespace view settings set once (as its `set_configuration` call does), then
after every cell the kernel builds its state (`publish_state`: the namespace view of every
variable) for that comm. spyder-kernels needs ipykernel < 7: give a separate environment.
"""

from __future__ import annotations

import argparse
import os
import queue
import random
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from dsstudio.core.kernel.execute import execute_collect  # noqa: E402
from dsstudio.core.kernel.launch import KernelLaunch  # noqa: E402
from dsstudio.core.kernel.session import KernelSession  # noqa: E402
from dsstudio.core.variables.table_window import BLOCK_COLUMNS, BLOCK_ROWS  # noqa: E402
from dsstudio.core.variables.variables_connection import VariablesConnection  # noqa: E402

MIB = 1024 * 1024
NAMESPACE = """
import time, numpy as np, pandas as pd
frame = pd.DataFrame({"a": np.arange(10_000_000), "b": np.random.default_rng(0).random(10_000_000)})
matrix = np.zeros((5_000, 5_000))
mapping = {i: str(i) for i in range(100_000)}
numbers = list(range(1_000_000))
class SlowRepr:
    def __repr__(self):
        time.sleep(2)
        return "slow"
slow = SlowRepr()
""" + "\n".join(f"small_{i} = {i}" for i in range(33)) + "\nx = 0\n"


def per_cell_ms(client, cells: int) -> float:
    times = []
    for number in range(cells):
        start = time.perf_counter()
        execute_collect(client, f"x = {1 + number % 2}", 120)
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def start_kernel(python: str | None = None, module: str = "ipykernel_launcher") -> KernelSession:
    root = Path(tempfile.mkdtemp(prefix="bench-vars-"))
    session = KernelSession(root)
    if python is not None:
        session.launch = KernelLaunch(argv=[python, "-m", module, "-f", "{connection_file}"],
                                      label="bench", env=dict(os.environ), kind="bench")
    session.start()
    session.wait_ready()
    return session


def dsstudio_per_cell(cells: int) -> dict:
    session = start_kernel()
    client = session.client()
    try:
        execute_collect(client, NAMESPACE, 300)
        per_cell_ms(client, 20)  # warm up
        plain = per_cell_ms(client, cells)
        closed_pane = VariablesConnection(session.client(), lambda event: None)
        closed_pane.open()
        closed_pane.request("watch")
        closed_pane.close()
        time.sleep(0.5)
        closed = per_cell_ms(client, cells)
        # Open: the pane's worker describes the changed names after each push, as the app does.
        events: queue.Queue = queue.Queue()
        pane = VariablesConnection(session.client(), events.put)
        pane.open()
        pane.request("watch")
        described = []

        def describe() -> None:
            while True:
                event = events.get()
                if event is None:
                    return
                described.append(pane.request("describe", names=event["changed"]))

        worker = threading.Thread(target=describe, daemon=True)
        worker.start()
        opened = per_cell_ms(client, cells)
        events.put(None)
        worker.join(30)
        pane.close()
        return {"plain_ms": plain, "closed_ms": closed, "open_ms": opened,
                "closed_ratio": closed / plain, "open_ratio": opened / plain,
                "describes_answered": len(described)}
    finally:
        client.stop_channels()
        session.shutdown()


def spyder_per_cell(python: str, cells: int) -> dict:
    """Per cell on spyder-kernels, plain, then with the Variable Explorer's state published."""
    session = start_kernel(python, "spyder_kernels.console")
    client = session.client()
    try:
        execute_collect(client, NAMESPACE, 300)
        per_cell_ms(client, 20)
        plain = per_cell_ms(client, cells)
        comm_id = "bench-spyder"
        client.shell_channel.send(client.session.msg("comm_open", {
            "comm_id": comm_id, "target_name": "spyder_api", "data": {}}))
        settings = {"check_all": False, "exclude_private": True, "exclude_uppercase": False,
                    "exclude_capitalized": False, "exclude_unsupported": False,
                    "exclude_callables_and_modules": True, "excluded_names": [],
                    "minmax": False, "show_callable_attributes": False,
                    "show_special_attributes": False, "filter_on": True}
        time.sleep(1)
        # What Spyder's set_configuration call sets (its Variable Explorer's defaults).
        execute_collect(client, f"get_ipython().kernel.namespace_view_settings = {settings!r}", 60)
        watched = per_cell_ms(client, cells)
        return {"spyder_plain_ms": plain, "spyder_explorer_ms": watched,
                "spyder_ratio": watched / plain}
    finally:
        client.stop_channels()
        session.shutdown()


def paging() -> dict:
    session = start_kernel()
    client = session.client()
    app = psutil.Process()
    try:
        execute_collect(client, "import numpy as np, pandas as pd\n"
                        "huge = pd.DataFrame({'n': np.arange(100_000_000)})", 300)
        kernel = psutil.Process(session.pid)
        pane = VariablesConnection(session.client(), lambda event: None)
        pane.open()
        pane.request("watch")
        kernel_before, app_before = kernel.memory_info().rss, app.memory_info().rss
        start = time.perf_counter()
        first = pane.request("page", name="huge", row=0, rows=BLOCK_ROWS, column=0,
                             columns=BLOCK_COLUMNS)
        first_ms = (time.perf_counter() - start) * 1000
        assert first["total_rows"] == 100_000_000
        kernel_grew = (kernel.memory_info().rss - kernel_before) / MIB
        app_grew = (app.memory_info().rss - app_before) / MIB
        # A scroll step that leaves the blocks held: the next block, anywhere in the frame.
        steps = []
        rng = random.Random(1)
        for _ in range(30):
            row = rng.randrange(0, 100_000_000 - BLOCK_ROWS)
            start = time.perf_counter()
            pane.request("page", name="huge", row=row, rows=BLOCK_ROWS, column=0,
                         columns=BLOCK_COLUMNS)
            steps.append((time.perf_counter() - start) * 1000)
        pane.close()
        return {"first_page_ms": first_ms, "kernel_grew_mib": kernel_grew,
                "app_grew_mib": app_grew, "scroll_step_median_ms": statistics.median(steps),
                "scroll_step_max_ms": max(steps)}
    finally:
        client.stop_channels()
        session.shutdown()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cells", type=int, default=200)
    parser.add_argument("--spyder-python", help="a Python with spyder-kernels (ipykernel 6)")
    arguments = parser.parse_args()
    results = dsstudio_per_cell(arguments.cells)
    if arguments.spyder_python:
        results.update(spyder_per_cell(arguments.spyder_python, arguments.cells))
    results.update(paging())
    for key, value in results.items():
        print(f"{key:24} {value:10.2f}" if isinstance(value, float) else f"{key:24} {value:>10}")


if __name__ == "__main__":
    main()

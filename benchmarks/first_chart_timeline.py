"""Where the first chart's time goes when a notebook of stored Plotly charts opens (issue 20).

    python benchmarks/first_chart_timeline.py [CHARTS] [--profile]

Opens a signed notebook of CHARTS charts (bench_rich_outputs.chart_notebook, default 200) in a
window on a real kernel, offscreen, the web engine cold, and prints a timeline in ms from the
open call: the signature check, QtWebEngine's start, the spare page's load (asked, started,
progress, finished), each chart view made, gaps over 50 ms in the event loop, the first chart
drawn. `--profile` adds cProfile's view of the open call itself.
"""

from __future__ import annotations

import cProfile
import os
import pstats
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
if hasattr(os, "geteuid") and os.geteuid() == 0:
    os.environ.setdefault("QTWEBENGINE_CHROMIUM_FLAGS", "--no-sandbox")

from bench_rich_outputs import chart_notebook, window_with_console  # noqa: E402

_start: list[float] = []
_events: list[tuple[float, str]] = []


def mark(what: str) -> None:
    if _start:
        _events.append((time.perf_counter() - _start[0], what))


def timed(owner, name: str, label: str) -> None:
    """Marks when `owner.name` is entered and left."""
    original = getattr(owner, name)

    def wrapper(*args, **kwargs):
        mark(f"> {label}")
        try:
            return original(*args, **kwargs)
        finally:
            mark(f"< {label}")

    setattr(owner, name, wrapper)


def main() -> None:
    charts = int(next((arg for arg in sys.argv[1:] if arg.isdigit()), 200))
    from dsstudio.core.notebook import trust

    root = Path(tempfile.mkdtemp(prefix="dsstudio-timeline-"))
    path = root / "charts.ipynb"
    chart_notebook(path, charts)
    app, window, _controller, _wait = window_with_console(root)
    from dsstudio.ui.web import spare_pages, web_engine, web_output

    timed(trust.NotebookTrust, "_signed", "signature check")
    timed(web_engine.WebEngine, "__init__", "QtWebEngine started")
    timed(web_output.WebOutput, "_make_view", "a chart's view made")
    page_message = web_output.WebOutput._page_message

    def on_message(self, message: str) -> None:
        if message == web_output.DRAWN_MESSAGE:
            mark("a chart drawn")
        page_message(self, message)

    web_output.WebOutput._page_message = on_message
    start_load = spare_pages._SpareLoad.start_load

    def on_spare_load(self) -> None:
        mark("spare page: load asked")
        start_load(self)
        self.page.loadStarted.connect(lambda: mark("spare page: load started"))
        self.page.loadProgress.connect(lambda value: mark(f"spare page: {value}%"))
        self.page.loadFinished.connect(lambda ok: mark(f"spare page: loaded ({ok})"))

    spare_pages._SpareLoad.start_load = on_spare_load
    profile = cProfile.Profile() if "--profile" in sys.argv else None
    _start.append(time.perf_counter())
    if profile:
        profile.enable()
    view = window.open_file(path)
    if profile:
        profile.disable()
    mark("open call returned")
    last = time.perf_counter()
    while not any(output.drawn for output in view.findChildren(web_output.WebOutput)):
        app.processEvents()
        now = time.perf_counter()
        if now - last > 0.05:
            mark(f"(the event loop busy for {1000 * (now - last):.0f} ms)")
        last = now
        time.sleep(0.001)
    for at, what in _events:
        print(f"{at * 1000:8.0f} ms  {what}")
    if profile:
        pstats.Stats(profile).sort_stats("cumulative").print_stats(40)
    window.close_project()


if __name__ == "__main__":
    main()

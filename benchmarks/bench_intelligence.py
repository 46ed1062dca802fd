"""Code intelligence: completion and go-to-definition latency, memory, and the GUI thread while typing.

On the example project (examples/demo_project), plus numpy when it is installed:
1. Completion after `.`: the first one in a fresh process (jedi cold) and warm ones (median and
   p95 of 40), names only, as the editor asks. Baseline for the first on numpy: the same list
   with every item's type resolved (what a language server's first list costs). Targets: warm
   p95 < 50 ms, first on numpy < 1 s.
2. Go to definition (project module; numpy), first and warm.
3. Memory: the process's RSS added by the analysis (engine and everything jedi loaded), against
   the process before it.
4. The GUI thread's longest stall while 200 characters are typed at 20 per second into a real
   (offscreen) editor with completion, calltips and hover attached, against the same typing into
   an editor without them. Target: < 16 ms. The file opens with its imports; typing starts
   200 ms later.
Each engine part runs in a fresh process (cold means cold).

Usage: python benchmarks/bench_intelligence.py
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "examples" / "demo_project"
WARM_RUNS = 40
FILE_HEAD = "import numpy as np\nimport preprocess\n\n"  # the file as opened; then the user types
TYPED = ("rows = preprocess.load_rows()\nx = np.mean(rows, axis=0)\n"
         "features, target = preprocess.split_features(rows)\n"
         "scaled = preprocess.standardise(target)\nprint(np.std(scaled), x, np.median(x))\n"
         "total = sum(rows)\n")[:200]


def p95(values: list[float]) -> float:
    return sorted(values)[max(0, int(len(values) * 0.95) - 1)]


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def has_numpy() -> bool:
    import importlib.util

    return importlib.util.find_spec("numpy") is not None


# ---- Engine figures, in a child process per case
def child(case: str) -> dict:
    import psutil

    sys.path.insert(0, str(ROOT))
    from dsstudio.core.intelligence.jedi_engine import JediEngine

    process = psutil.Process()
    rss_before = process.memory_info().rss
    engine = JediEngine(DEMO)
    if case == "project":
        source, line = "import preprocess\npreprocess.", 1
    else:
        source, line = "import numpy as np\nnp.", 1
    column = len(source.splitlines()[line])
    start = time.perf_counter()
    found = engine.complete(source, DEMO / "scratch.py", line, column)
    first = time.perf_counter() - start
    result = {"items": len(found.items), "first_s": first}
    if case == "numpy_types":  # the baseline: every item's type, as a language server resolves
        start = time.perf_counter()
        engine.kinds(found, lambda: True)
        result["types_s"] = time.perf_counter() - start
        return result
    warm = []
    for n in range(WARM_RUNS):
        text = f"value_{n} = {n}\n" + source  # an edited buffer each time, as when typing
        start = time.perf_counter()
        engine.complete(text, DEMO / "scratch.py", line + 1, column)
        warm.append(time.perf_counter() - start)
    result.update(warm_median_s=statistics.median(warm), warm_p95_s=p95(warm))
    if case == "project":
        models = (DEMO / "models.py").read_text()
        lines = models.splitlines()
        at = next(i for i, text in enumerate(lines) if "import split_features" in text)
        where = (models, DEMO / "models.py", at, lines[at].index("split_features") + 2)
    else:
        where = ("import numpy as np\nnp.mean\n", DEMO / "scratch.py", 1, 4)
    start = time.perf_counter()
    [location, *_] = engine.definitions(*where)
    result["definition_first_s"] = time.perf_counter() - start
    result["definition_target"] = f"{Path(location.path).name}:{location.line + 1}"
    runs = []
    for _ in range(20):
        start = time.perf_counter()
        engine.definitions(*where)
        runs.append(time.perf_counter() - start)
    result["definition_warm_median_s"] = statistics.median(runs)
    result["rss_added_mb"] = (process.memory_info().rss - rss_before) / 2**20
    result["rss_before_mb"] = rss_before / 2**20
    return result


def run_child(case: str) -> dict:
    out = subprocess.run([sys.executable, __file__, "--child", case], capture_output=True,
                         text=True, check=True, cwd=ROOT)
    return json.loads(out.stdout.strip().splitlines()[-1])


# ---- GUI stall while typing
def typing_stall(with_intelligence: bool) -> dict:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    sys.path.insert(0, str(ROOT))
    from PySide6.QtCore import QElapsedTimer, QTimer
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from dsstudio.ui.editor.code_editor import CodeEditor

    app = QApplication.instance() or QApplication([])
    editor = CodeEditor()
    editor.resize(900, 600)
    editor.show()
    editor.set_text(FILE_HEAD)
    editor.gotoPos(editor.textLength())
    clock, beat = QElapsedTimer(), QElapsedTimer()
    gaps: list[float] = []
    service = None
    if with_intelligence:
        from dsstudio.ui.intelligence.analysis_service import AnalysisService
        from dsstudio.ui.intelligence.source_context import file_context
        from dsstudio.ui.intelligence.window_intelligence import EditorAssist

        service = AnalysisService(DEMO, None)
        EditorAssist(editor, service, file_context(editor, lambda: DEMO / "typing.py"), None)
    handler_ms: list[float] = []
    heartbeat = QTimer()
    heartbeat.setInterval(2)
    heartbeat.timeout.connect(lambda: (gaps.append(beat.nsecsElapsed() / 1e6), beat.restart()))
    chars = iter(TYPED)
    done = []

    def type_one() -> None:
        char = next(chars, None)
        if char is None:
            done.append(True)
            return
        clock.restart()
        QTest.keyClick(editor, "\r" if char == "\n" else char)
        handler_ms.append(clock.nsecsElapsed() / 1e6)
        QTimer.singleShot(50, type_one)  # 20 characters per second

    beat.start()
    heartbeat.start()
    QTimer.singleShot(200, type_one)
    while not done:
        app.processEvents()
        time.sleep(0.0005)
    heartbeat.stop()
    if service is not None:
        service.stop()
    editor.close()
    # A gap is the time between two 2 ms heartbeats: what exceeds 2 ms is a stall.
    stalls = [gap - 2 for gap in gaps[5:]]
    return {"longest_stall_ms": max(stalls), "p99_stall_ms": sorted(stalls)[int(len(stalls) * .99)],
            "longest_key_handler_ms": max(handler_ms), "chars": len(handler_ms),
            "lists_shown": service.delivered if service else 0}


def main() -> None:
    if len(sys.argv) > 2 and sys.argv[1] == "--child":
        print(json.dumps(child(sys.argv[2])))
        return
    if len(sys.argv) > 2 and sys.argv[1] == "--typing":
        print(json.dumps(typing_stall(sys.argv[2] == "on")))
        return
    import jedi

    print(f"jedi {jedi.__version__}, Python {sys.version.split()[0]}, {os.cpu_count()} cores")
    project = run_child("project")
    print(f"\n1. completion after `.` on a project module ({project['items']} names)")
    print(f"   first (cold process): {ms(project['first_s'])}")
    print(f"   warm: median {ms(project['warm_median_s'])}, p95 {ms(project['warm_p95_s'])} "
          "(target p95 < 50 ms)")
    if has_numpy():
        numpy_case = run_child("numpy")
        baseline = run_child("numpy_types")
        print(f"   numpy ({numpy_case['items']} names): first {ms(numpy_case['first_s'])} "
              f"(target < 1 s); warm median {ms(numpy_case['warm_median_s'])}, "
              f"p95 {ms(numpy_case['warm_p95_s'])}")
        print(f"   baseline, numpy's first list with every type resolved: "
              f"{ms(baseline['first_s'] + baseline['types_s'])} "
              f"({(baseline['first_s'] + baseline['types_s']) / numpy_case['first_s']:.1f}x "
              "the names-first list)")
    print("\n2. go to definition")
    cases = [("project", project)] + ([("numpy", numpy_case)] if has_numpy() else [])
    for name, case in cases:
        print(f"   {name} -> {case['definition_target']}: first {ms(case['definition_first_s'])} "
              f"(after the completion warmed jedi), warm median "
              f"{ms(case['definition_warm_median_s'])}")
    print("\n3. memory added by the analysis (RSS of the process before it in brackets)")
    for name, case in cases:
        print(f"   {name}: +{case['rss_added_mb']:.0f} MB (on {case['rss_before_mb']:.0f} MB)")
    print(f"\n4. GUI thread while typing {len(TYPED)} characters at 20/s (offscreen, real editor)")
    for label, flag in (("without intelligence (baseline)", "off"), ("with intelligence", "on")):
        out = subprocess.run([sys.executable, __file__, "--typing", flag], capture_output=True,
                             text=True, check=True, cwd=ROOT,
                             env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
        figures = json.loads(out.stdout.strip().splitlines()[-1])
        print(f"   {label}: longest stall {figures['longest_stall_ms']:.1f} ms, p99 "
              f"{figures['p99_stall_ms']:.1f} ms, longest key handler "
              f"{figures['longest_key_handler_ms']:.1f} ms (target < 16 ms)")



if __name__ == "__main__":
    main()

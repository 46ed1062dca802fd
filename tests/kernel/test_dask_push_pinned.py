"""A save reaches the workers of the kernel's Dask client (kernel/dask_push.py), in this process:
a real `distributed` cluster (worker processes, or a worker thread in this process), the
reloader's report pushed as the app's reload request pushes it (`push(reload_paths(...))`), and
what the user then sees: the next `client.submit(module.f)` runs the new code, and the report's
"dask" entry (workers reached, the failure's text, the dashboard's link).
On a real InteractiveShell with the reloader loaded (tests/kernel/conftest.py).
"""

from __future__ import annotations

import sys

import pytest

from dsstudio.core.kernel.reload_protocol import short_summary
from dsstudio.kernel import dask_push

distributed = pytest.importorskip("distributed")
dask = pytest.importorskip("dask")

STEPS = "def f():\n    return {value!r}\n"


@pytest.fixture
def steps(project):
    """A project package module, imported by the notebook as `m`."""
    project.write("pipeline/__init__.py", "")
    project.write("pipeline/steps.py", STEPS.format(value="old"))
    project.run("import pipeline.steps as m")
    return project


def save(project, value: str) -> dict:
    project.write("pipeline/steps.py", STEPS.format(value=value))
    return dask_push.push(project.reload("pipeline/steps.py"))


@pytest.fixture
def process_cluster(steps):
    """Two worker processes, started with the project on sys.path (they import it as the kernel
    did)."""
    # The shell's `__main__` has no __spec__, which starting a process reads (left as a script's
    # `__main__` has it: the shell empties its namespace on a reset).
    main = sys.modules["__main__"]
    if not hasattr(main, "__spec__"):
        main.__spec__ = None
    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                       dashboard_address=":0")
    client = distributed.Client(cluster)
    yield client
    client.close()
    cluster.close()


@pytest.fixture
def thread_cluster(steps):
    """`Client(processes=False)`: a worker thread in the kernel's own process."""
    client = distributed.Client(processes=False, n_workers=1, threads_per_worker=1,
                                dashboard_address=":0")
    yield client
    client.close()


def test_after_a_save_the_worker_processes_run_the_new_code(steps, process_cluster):
    m = steps.ns("m")
    assert process_cluster.submit(m.f, pure=False).result() == "old"
    report = save(steps, "new")
    assert report["reloaded"] == ["pipeline.steps"]
    assert report["dask"] == {"workers": 2, "failed": "", "dashboard": process_cluster.dashboard_link}
    assert report["dask"]["dashboard"].startswith("http://")
    assert "pushed to 2 Dask workers" in short_summary(report)
    assert process_cluster.submit(m.f, pure=False).result() == "new"
    assert sorted(process_cluster.run(lambda: sys.modules["pipeline.steps"].__file__).values()) == \
        [str(steps.root / "pipeline" / "steps.py")] * 2


def test_a_worker_that_cannot_run_the_save_is_said_in_the_report_not_raised(steps, process_cluster,
                                                                           tmp_path, monkeypatch):
    # A library the kernel's environment has and the workers' do not (added after they started).
    only_here = tmp_path / "kernel_only"
    only_here.mkdir()
    (only_here / "kernel_only_lib.py").write_text("VALUE = 'here'\n")
    monkeypatch.syspath_prepend(str(only_here))
    steps.write("pipeline/steps.py", "import kernel_only_lib\n\ndef f():\n    return kernel_only_lib.VALUE\n")
    report = dask_push.push(steps.reload("pipeline/steps.py"))
    assert report["reloaded"] == ["pipeline.steps"]
    assert report["dask"] == {"workers": 0,
                              "failed": "ModuleNotFoundError: No module named 'kernel_only_lib'"}
    assert "not pushed to the Dask workers (ModuleNotFoundError: No module named 'kernel_only_lib')" \
        in short_summary(report)
    assert steps.run("m.f()") == "here"  # the kernel itself has the save
    sys.modules.pop("kernel_only_lib", None)


def test_a_worker_in_the_kernels_own_process_keeps_the_reloaded_module(steps, thread_cluster):
    steps.write("pipeline/steps.py", "CACHE = {}\nclass Model:\n    def fit(self):\n        return 1\n")
    steps.reload("pipeline/steps.py")
    steps.run("model = m.Model(); m.CACHE['a'] = 1")
    steps.write("pipeline/steps.py", "CACHE = {}\nclass Model:\n    def fit(self):\n        return 2\n")
    report = dask_push.push(steps.reload("pipeline/steps.py"))
    assert report["dask"]["workers"] == 1 and report["dask"]["failed"] == ""
    # The reload updated the module in place; the worker (this process) ran nothing again.
    assert steps.run("isinstance(model, m.Model), model.fit(), m.CACHE") == (True, 2, {"a": 1})
    assert thread_cluster.submit(steps.ns("m").Model().fit, pure=False).result() == 2


def test_nothing_is_pushed_without_a_client_or_without_a_reloaded_module(steps, monkeypatch):
    report = save(steps, "new")
    assert "dask" not in report and report["reloaded"] == ["pipeline.steps"]
    steps.write("pipeline/other.py", "X = 1\n")
    assert "dask" not in dask_push.push(steps.reload("pipeline/other.py"))  # not imported
    monkeypatch.delitem(sys.modules, "distributed")  # the user's code never imported it
    assert "dask" not in save(steps, "newer")


def test_a_worker_without_the_project_gets_the_modules_and_their_packages():
    # What a worker on another machine runs (pangeo#187): no `lab` package there.
    names = ["lab", "lab.shop", "lab.shop.eu", "lab.shop.eu.prices", "solo", "json.extra"]
    try:
        assert dask_push.install_modules([
            ("lab.shop.eu.prices", "def price():\n    return 3\n", "/laptop/lab/shop/eu/prices.py"),
            ("json.extra", "X = 1\n", "/laptop/json/extra.py"),
            ("solo", "import lab.shop.eu.prices\nTOTAL = lab.shop.eu.prices.price() * 2\n",
             "/laptop/solo.py")])
        assert sys.modules["solo"].TOTAL == 6
        prices = sys.modules["lab.shop.eu.prices"]
        assert prices.__file__ == "/laptop/lab/shop/eu/prices.py"
        assert sys.modules["lab"].__path__ == [] and sys.modules["lab"].shop.eu.prices is prices
        import json

        assert json.extra.X == 1 and sys.modules["json"] is json  # a package the worker has
        assert dask_push.install_modules([("lab.shop.eu.prices", "def price():\n    return 4\n",
                                           "/laptop/lab/shop/eu/prices.py")])
        # The module the worker holds takes the new code (other modules imported it).
        assert prices.price() == 4 and sys.modules["solo"].lab.shop.eu.prices.price() == 4
    finally:
        for name in names:
            sys.modules.pop(name, None)
        import json

        vars(json).pop("extra", None)


def test_workers_forked_from_the_kernel_run_the_new_code(steps):
    # A fork of the kernel has the kernel's modules, dsstudio's with them: not the kernel itself.
    main = sys.modules["__main__"]
    if not hasattr(main, "__spec__"):
        main.__spec__ = None
    with dask.config.set({"distributed.worker.multiprocessing-method": "fork"}):
        cluster = distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=True,
                                           dashboard_address=":0")
    client = distributed.Client(cluster)
    try:
        assert client.submit(steps.ns("m").f, pure=False).result() == "old"
        assert save(steps, "new")["dask"]["workers"] == 1
        assert client.submit(steps.ns("m").f, pure=False).result() == "new"
    finally:
        client.close()
        cluster.close()

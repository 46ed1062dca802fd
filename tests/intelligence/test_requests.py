"""The analysis worker keeps only the newest request: superseded ones are dropped, never shown."""

from __future__ import annotations

import threading

from dsstudio.core.intelligence.requests import LatestRequestWorker


def test_a_request_superseded_while_waiting_never_runs_and_a_running_one_is_discarded():
    worker = LatestRequestWorker()
    running, release = threading.Event(), threading.Event()
    ran, delivered, done = [], [], threading.Event()

    def blocking(still_wanted):
        running.set()
        release.wait(10)
        ran.append("first")
        return "first"

    def job(name):
        def run(still_wanted):
            ran.append(name)
            return name
        return run

    def deliver(result, error):
        delivered.append(result)
        if result == "newest":
            done.set()

    worker.submit(blocking, deliver)
    assert running.wait(10)
    for name in ("second", "third", "newest"):  # keystrokes while the first one runs
        worker.submit(job(name), deliver)
    release.set()
    assert done.wait(10)
    assert ran == ["first", "newest"]  # at most one waited; the older waiting ones were replaced
    assert delivered == ["newest"]  # the first ran, but its result was stale
    assert worker.replaced == 2 and worker.discarded == 1
    worker.stop()


def test_a_long_job_learns_it_is_no_longer_wanted():
    worker = LatestRequestWorker()
    started, stopped_early = threading.Event(), threading.Event()

    def long_job(still_wanted):
        started.set()
        while still_wanted():
            threading.Event().wait(0.001)
        stopped_early.set()

    worker.submit(long_job, lambda *_: None)
    assert started.wait(10)
    worker.cancel()
    assert stopped_early.wait(10)
    worker.stop()


def test_an_error_is_delivered_and_the_worker_goes_on():
    worker = LatestRequestWorker()
    results, done = [], threading.Event()

    def fail(still_wanted):
        raise ValueError("jedi fell over")

    def deliver(result, error):
        results.append((result, type(error).__name__ if error else None))
        if len(results) == 2:
            done.set()

    first_done = threading.Event()
    worker.submit(fail, lambda r, e: (deliver(r, e), first_done.set()))
    assert first_done.wait(10)
    worker.submit(lambda still_wanted: 42, deliver)
    assert done.wait(10)
    assert results == [(None, "ValueError"), (42, None)]
    worker.stop()


def test_a_request_of_another_lane_does_not_drop_typings():
    worker = LatestRequestWorker()
    running, release = threading.Event(), threading.Event()
    delivered, done = [], threading.Event()

    def blocking(still_wanted):
        running.set()
        release.wait(10)
        return "completion"

    def deliver(result, error):
        delivered.append(result)
        if len(delivered) == 2:
            done.set()

    worker.submit(blocking, deliver, lane="typing")
    assert running.wait(10)
    worker.submit(lambda still_wanted: "hover help", deliver, lane="hover")  # the mouse rests
    release.set()
    assert done.wait(10)
    assert delivered == ["completion", "hover help"]
    worker.stop()

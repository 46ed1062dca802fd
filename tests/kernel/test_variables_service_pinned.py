"""The Variables pane's kernel end, in the test process, on a real IPython InteractiveShell with
the extension loaded (tests/kernel/conftest.py) and ipykernel's own CommManager and Comm: the
pane's messages go through the manager as a kernel's shell channel hands them over.

One stand-in, for what no in-process test can have: the Comm's publishing to the kernel's iopub
socket (ipykernel's `Comm.publish_msg` sends through `Kernel.instance()`'s session, and a Kernel
cannot be made beside this shell). The stand-in keeps each message, made JSON as ipykernel makes
it (`json_clean`, then `json.dumps`: what cannot cross the wire fails here too). The shell has no
`kernel` attribute outside a kernel; the fixture gives it one holding the manager, as
ipykernel's ZMQInteractiveShell has."""

from __future__ import annotations

import itertools
import json
from types import SimpleNamespace

import pytest
from ipykernel.comm import Comm, CommManager
from ipykernel.jsonutil import json_clean

from dsstudio.kernel import variables_describe, variables_service

_comm_ids = itertools.count(1)


class Pane:
    """The app's end of the comm, as jupyter_client messages would reach the kernel."""

    def __init__(self, manager: CommManager, sent: list) -> None:
        self.manager = manager
        self.sent = sent  # every message the kernel published: (comm_id, msg_type, data)
        self.comm_id = f"dsstudio-variables-{next(_comm_ids)}"
        self._ids = itertools.count(1)

    def open(self) -> Pane:
        self.manager.comm_open(None, None, {"content": {
            "comm_id": self.comm_id, "target_name": variables_service.TARGET, "data": {}}})
        return self

    def send(self, data: dict) -> dict:
        """Send `data` as a request; the one answer the kernel published for it."""
        before = len(self.sent)
        self.manager.comm_msg(None, None, {"content": {"comm_id": self.comm_id, "data": data}})
        answers = [d for _comm, kind, d in self.sent[before:]
                   if kind == "comm_msg" and "event" not in d]
        assert len(answers) == 1, self.sent[before:]
        assert answers[0]["id"] == data.get("id")
        return answers[0]

    def request(self, op: str, **arguments) -> dict:
        answer = self.send({"id": next(self._ids), "op": op, **arguments})
        assert answer["ok"] is True, answer
        return answer["result"]

    def refused(self, op: str, **arguments) -> dict:
        answer = self.send({"id": next(self._ids), "op": op, **arguments})
        assert answer["ok"] is False
        return answer

    def events(self) -> list[dict]:
        found = [d for c, kind, d in self.sent if c == self.comm_id and "event" in d]
        self.sent.clear()
        return found

    def close(self) -> None:
        self.manager.comm_close(None, None, {"content": {"comm_id": self.comm_id, "data": {}}})


@pytest.fixture
def kernel_side(project, monkeypatch):
    """The service installed as the app installs it, in a shell with a comm manager."""
    sent: list = []

    def publish(comm, msg_type, data=None, metadata=None, buffers=None, **keys):
        content = json_clean(dict(data={} if data is None else data, comm_id=comm.comm_id, **keys))
        json.dumps(content)
        sent.append((comm.comm_id, msg_type, content["data"]))

    monkeypatch.setattr(Comm, "publish_msg", publish)
    manager = CommManager()
    monkeypatch.setattr(project.shell, "kernel", SimpleNamespace(comm_manager=manager),
                        raising=False)
    hooks_before = list(project.shell.events.callbacks["post_run_cell"])
    variables_service.install(project.shell)
    assert project.shell.events.callbacks["post_run_cell"] == hooks_before  # nothing per cell
    opened: list[Pane] = []

    def open_pane() -> Pane:
        opened.append(Pane(manager, sent).open())
        return opened[-1]

    yield SimpleNamespace(project=project, manager=manager, open=open_pane, sent=sent)
    for pane in opened:
        pane.close()
    assert project.shell.events.callbacks["post_run_cell"] == hooks_before


def hooked(project) -> int:
    """How many times the service's per-cell hook is registered."""
    service = variables_service._service
    return sum(1 for f in project.shell.events.callbacks["post_run_cell"]
               if f == service.after_cell)


def names(variables: list[dict]) -> list[str]:
    return [v["name"] for v in variables]


def test_the_pane_is_served_only_in_a_kernel():
    class TerminalShell:  # a terminal IPython: no kernel, no comm manager
        pass

    variables_service.install(TerminalShell())
    variables_service.install(SimpleNamespace(kernel=SimpleNamespace()))


def test_watching_lists_the_users_variables_and_adds_the_per_cell_hook_once(kernel_side):
    project = kernel_side.project
    project.run("a = 1\nb = [1, 2]\n_private = 3\nexit = 'mine'\nimport os\nnothing = None")
    pane = kernel_side.open()
    assert hooked(project) == 0
    listed = pane.request("watch")["variables"]
    # IPython's own names (In, Out, _i1, the original exit…) and private ones are not listed;
    # a user's name that shadows one of IPython's is.
    assert sorted(names(listed)) == ["a", "b", "exit", "nothing", "os"]
    assert listed[names(listed).index("b")] == variables_describe.describe("b", [1, 2])
    assert hooked(project) == 1
    pane.request("watch")
    assert hooked(project) == 1
    project.run("a = 2")
    assert pane.events() == [{"event": "changed", "changed": ["a"], "removed": []}]


def test_after_a_cell_only_the_names_that_changed_are_pushed(kernel_side):
    project = kernel_side.project
    project.run("""\
        class A: pass
        class B: pass
        a, b, c, d = 1, [1, 2], 'text', A()
    """)
    pane = kernel_side.open()
    pane.request("watch")
    pane.events()
    project.run("b.append(3)\nc = 'other'\ndel a\nnew = 5")
    assert pane.events() == [{"event": "changed", "changed": ["c", "new"], "removed": ["a"]}]
    project.run("pass")
    assert pane.events() == []  # nothing changed: nothing sent
    project.run("d.__class__ = B")  # the same object, another type
    assert pane.events() == [{"event": "changed", "changed": ["d"], "removed": []}]
    project.run("del b")
    assert pane.events() == [{"event": "changed", "changed": [], "removed": ["b"]}]


def test_unwatching_removes_the_hook_and_nothing_is_sent_per_cell(kernel_side):
    project = kernel_side.project
    pane = kernel_side.open()
    pane.request("watch")
    assert pane.request("unwatch") == {}
    assert hooked(project) == 0
    project.run("x = 1")
    assert pane.events() == []
    # Watching again starts from the names of now.
    pane.request("watch")
    project.run("y = 2")
    assert pane.events() == [{"event": "changed", "changed": ["y"], "removed": []}]


def test_closing_the_pane_stops_tracking(kernel_side):
    project = kernel_side.project
    pane = kernel_side.open()
    pane.request("watch")
    pane.close()
    assert hooked(project) == 0
    kernel_side.sent.clear()
    project.run("x = 1")
    assert kernel_side.sent == []


def test_a_pane_opened_again_takes_over_and_the_old_ones_close_leaves_it_watching(kernel_side):
    project = kernel_side.project
    first = kernel_side.open()
    first.request("watch")
    second = kernel_side.open()
    assert hooked(project) == 0  # the first pane's tracking ended with it
    second.request("watch")
    first.close()
    assert hooked(project) == 1
    project.run("x = 1")
    assert second.events() == [{"event": "changed", "changed": ["x"], "removed": []}]
    assert first.events() == []


def test_a_hook_already_gone_is_no_error_when_watching_stops(kernel_side):
    project = kernel_side.project
    pane = kernel_side.open()
    pane.request("watch")
    project.shell.events.unregister("post_run_cell", variables_service._service.after_cell)
    assert pane.request("unwatch") == {}


def test_describe_answers_the_names_asked_and_those_missing(kernel_side):
    project = kernel_side.project
    project.run("b = [1, 2, 3]\nc = 'other'")
    pane = kernel_side.open()
    described = pane.request("describe", names=["c", "gone", "b"])
    assert described["missing"] == ["gone"]
    assert described["variables"] == [variables_describe.describe("c", "other"),
                                      variables_describe.describe("b", [1, 2, 3])]


def test_a_page_is_the_window_asked_with_the_values_id_within_the_limits(kernel_side):
    project = kernel_side.project
    project.run("""\
        import pandas as pd
        wide = pd.DataFrame({f"c{i}": range(3_000) for i in range(250)})
        small = pd.DataFrame({"n": [3, 1, 2], "m": ["c", "a", "b"]})
    """)
    pane = kernel_side.open()
    answer = pane.request("page", name="small", row=1, rows=5, column=1, columns=1)
    assert answer == {"total_rows": 3, "total_columns": 2, "columns": ["m"], "index": ["1", "2"],
                      "cells": [["a"], ["b"]], "value_id": id(project.ns("small"))}
    ordered = pane.request("page", name="small", sort=[0, False], filter="n > 1")
    assert (ordered["index"], ordered["cells"]) == (["0", "2"], [["3", "c"], ["2", "b"]])
    # Unsaid: the first 100 rows and 50 columns; asked for more: 2,000 rows and 200 columns.
    default = pane.request("page", name="wide")
    assert (len(default["cells"]), len(default["columns"])) == (100, 50)
    assert default["index"][0] == "0" and default["columns"][0] == "c0"
    most = pane.request("page", name="wide", row=10, rows=10_000, column=5, columns=1_000)
    assert (len(most["cells"]), len(most["columns"])) == (2_000, 200)
    assert (most["index"][0], most["columns"][0], most["cells"][0][0]) == ("10", "c5", "10")
    exact = pane.request("page", name="wide", rows=2_000, columns=200)
    assert (len(exact["cells"]), len(exact["columns"])) == (2_000, 200)


def test_a_columns_statistics_are_answered(kernel_side):
    project = kernel_side.project
    project.run("import pandas as pd\nsmall = pd.DataFrame({'n': [3, 1, 2]})")
    pane = kernel_side.open()
    assert pane.request("stats", name="small", column=0) == {
        "column": "n", "count": 3, "missing": 0, "min": "1", "max": "3", "mean": "2"}


def test_orders_kept_for_the_viewer_are_dropped_when_it_closes_or_the_pane_stops(kernel_side):
    project = kernel_side.project
    project.run("import pandas as pd\nsmall = pd.DataFrame({'n': [3, 1, 2]})")
    pane = kernel_side.open()
    pane.request("watch")

    def first_sorted() -> str:
        return pane.request("page", name="small", sort=[0, True])["cells"][0][0]

    assert first_sorted() == "1"
    project.run("small.iloc[0, 0] = 0")  # in place: the kept order is the old one
    assert first_sorted() == "1"
    assert pane.request("forget") == {}
    assert first_sorted() == "0"
    project.run("small.iloc[0, 0] = 5")
    pane.request("unwatch")
    assert first_sorted() == "1"
    project.run("small.iloc[1, 0] = 9")
    pane.request("watch")
    pane.close()
    second = kernel_side.open()
    assert second.request("page", name="small", sort=[0, True])["cells"][0][0] == "2"


def test_a_request_that_fails_is_answered_with_its_error(kernel_side):
    project = kernel_side.project
    project.run("import pandas as pd\nsmall = pd.DataFrame({'n': [1]})\nplain = 5")
    pane = kernel_side.open()
    # What the user is told (TableError): the message alone.
    assert pane.refused("page", name="gone") == {
        "id": 1, "ok": False, "error": "gone is not defined any more"}
    assert pane.refused("stats", name="gone", column=0)["error"] == "gone is not defined any more"
    assert pane.refused("page", name="plain")["error"] == "int cannot be shown as a table"
    # Anything else: the error's type and message, and where it came from.
    broken = pane.refused("describe")
    assert broken["error"] == "KeyError: 'names'"
    assert "Traceback" in broken["traceback"] and "op_describe" in broken["traceback"]
    unknown = pane.refused("nonsense")
    assert unknown["error"].startswith("AttributeError: ") and "op_nonsense" in unknown["error"]
    no_id = pane.send({"op": "page", "name": "gone"})
    assert no_id == {"id": None, "ok": False, "error": "gone is not defined any more"}
    # The pane still answers.
    assert pane.request("page", name="small")["cells"] == [["1"]]

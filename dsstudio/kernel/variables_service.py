"""The Variables pane's end in the kernel: a comm target, and per-cell tracking while it is open.

Nothing runs per cell while the pane is closed: the post_run_cell hook exists only between the
pane's "watch" and "unwatch" (or the comm's close). While it exists it compares `id` and type of
each user name with the last cell's (no call into any user object: O(names), microseconds) and
pushes only the names that changed; the pane then asks for their descriptions. Requests come as
comm messages which the app sends on an ipykernel 7 subshell when the kernel has them, so they are
answered while a cell runs; on older kernels they wait for the running cell like any request.

jupyterlab-variableInspector calls `str()` on every variable after every cell, even with its UI
closed (its #307); Spyder builds every repr after every cell. This is the opposite trade.

Standard library and IPython only: this source is sent into kernels in any environment.
"""

from __future__ import annotations

import traceback

from . import variables_describe, variables_table

TARGET = "dsstudio.variables"
PAGE_ROWS_LIMIT = 2_000
PAGE_COLUMNS_LIMIT = 200


class _Service:
    def __init__(self, shell) -> None:
        self.shell = shell
        self.comm = None  # the pane's comm while it is connected
        self.snapshot: dict[str, tuple[int, type]] | None = None  # None: not watching

    # ---- Comm
    def on_open(self, comm, _msg) -> None:
        if self.comm is not None and self.comm is not comm:
            self._stop_watching()
        self.comm = comm
        comm.on_msg(self.on_msg)
        comm.on_close(lambda _msg: self._closed(comm))

    def _closed(self, comm) -> None:
        if self.comm is comm:
            self.comm = None
            self._stop_watching()

    def on_msg(self, msg) -> None:
        data = msg["content"]["data"]
        request_id = data.get("id")
        try:
            result = getattr(self, "op_" + str(data.get("op")))(data)
            reply = {"id": request_id, "ok": True, "result": result}
        except variables_table.TableError as error:
            reply = {"id": request_id, "ok": False, "error": str(error)}
        except Exception as error:  # noqa: BLE001 (every request gets an answer, never a hang)
            reply = {"id": request_id, "ok": False, "error": f"{type(error).__name__}: {error}",
                     "traceback": traceback.format_exc(limit=4)}
        if self.comm is not None:
            self.comm.send(reply)

    # ---- Operations
    def op_watch(self, _data) -> dict:
        """Start per-cell tracking; the description of every user variable."""
        if self.snapshot is None:
            self.shell.events.register("post_run_cell", self.after_cell)
        self.snapshot = self._identities()
        return {"variables": [variables_describe.describe(n, v) for n, v in self._user_items()]}

    def op_unwatch(self, _data) -> dict:
        self._stop_watching()
        return {}

    def op_describe(self, data) -> dict:
        namespace = self.shell.user_ns
        found = [(n, namespace[n]) for n in data["names"] if n in namespace]
        return {"variables": [variables_describe.describe(n, v) for n, v in found],
                "missing": [n for n in data["names"] if n not in namespace]}

    def op_page(self, data) -> dict:
        value = self._value(data["name"])
        result = variables_table.page(
            value, int(data.get("row", 0)), min(int(data.get("rows", 100)), PAGE_ROWS_LIMIT),
            int(data.get("column", 0)), min(int(data.get("columns", 50)), PAGE_COLUMNS_LIMIT),
            data.get("sort"), data.get("filter"))
        result["value_id"] = id(value)
        return result

    def op_stats(self, data) -> dict:
        return variables_table.column_stats(self._value(data["name"]), int(data["column"]))

    def op_forget(self, _data) -> dict:
        """The viewer closed: drop kept sort orders and partition sizes."""
        variables_table.forget()
        return {}

    # ---- Per cell (only while watching)
    def after_cell(self, _result=None) -> None:
        if self.snapshot is None or self.comm is None:
            return
        current = self._identities()
        previous = self.snapshot
        # By identity: `!=` on types would run a metaclass's __eq__ (user code).
        changed = [name for name, (ident, kind) in current.items()
                   if name not in previous or previous[name][0] != ident
                   or previous[name][1] is not kind]
        removed = [name for name in previous if name not in current]
        self.snapshot = current
        if changed or removed:
            self.comm.send({"event": "changed", "changed": changed, "removed": removed})

    # ---- Internals
    def _stop_watching(self) -> None:
        if self.snapshot is not None:
            self.snapshot = None
            try:
                self.shell.events.unregister("post_run_cell", self.after_cell)
            except ValueError:
                pass  # already gone (the shell was reset)
        variables_table.forget()

    def _user_items(self) -> list[tuple[str, object]]:
        """The user's own names: not IPython's (In, Out, _i1, exit…), nor private ones."""
        hidden = self.shell.user_ns_hidden
        missing = object()
        return [(name, value) for name, value in list(self.shell.user_ns.items())
                if not name.startswith("_") and hidden.get(name, missing) is not value]

    def _identities(self) -> dict[str, tuple[int, type]]:
        return {name: (id(value), type(value)) for name, value in self._user_items()}

    def _value(self, name: str):
        try:
            return self.shell.user_ns[name]
        except KeyError:
            raise variables_table.TableError(f"{name} is not defined any more") from None


_service: _Service | None = None


def install(shell) -> None:
    """Register the comm target (no per-cell cost: tracking starts when the pane asks)."""
    global _service
    manager = getattr(getattr(shell, "kernel", None), "comm_manager", None)
    if manager is None:
        return  # not in a kernel (a terminal IPython): no pane to serve
    _service = _Service(shell)
    manager.register_target(TARGET, _service.on_open)

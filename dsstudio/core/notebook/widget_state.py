"""The state of the kernel's ipywidgets, kept from its comm messages (Qt-free).

The kernel opens a comm (target `jupyter.widget`, protocol 2) for each widget model with its whole
state, then sends `update` / `echo_update` messages with the keys that changed, and closes it when
the widget is gone. Kept here, the state lets a widget view made later (a cell scrolled into
view) start where the kernel is, and is saved in the notebook's metadata as JupyterLab saves it
(`application/vnd.jupyter.widget-state+json`), so a reopened notebook shows its widgets without a
kernel. An Output widget captures what runs with its `msg_id` (interact, observers): the
frontend's job in Jupyter, done here.
"""

from __future__ import annotations

import base64

TARGET = "jupyter.widget"
STATE_MIME = "application/vnd.jupyter.widget-state+json"
_OUTPUT_TYPES = ("stream", "display_data", "execute_result", "error", "clear_output")


def _buffers_b64(buffers) -> list[str]:
    return [base64.b64encode(bytes(buffer)).decode("ascii") for buffer in buffers or []]


def output_from_message(msg: dict) -> dict | None:
    """The nbformat output an iopub message stands for (None: it is not an output)."""
    kind, content = msg.get("msg_type"), msg.get("content") or {}
    if kind == "stream":
        return {"output_type": "stream", "name": content.get("name", "stdout"), "text": content.get("text", "")}
    if kind in ("display_data", "execute_result"):
        return {"output_type": "display_data", "data": content.get("data", {}),
                "metadata": content.get("metadata", {})}
    if kind == "error":
        return {"output_type": "error", "ename": content.get("ename", ""),
                "evalue": content.get("evalue", ""), "traceback": content.get("traceback", [])}
    return None


class WidgetStates:
    """Every live widget model: id -> {"state", "buffer_paths", "buffers" (base64)}."""

    def __init__(self) -> None:
        self.models: dict[str, dict] = {}
        self._comm_ids: set[str] = set()  # comms of other targets are not ours

    # ---- Public API
    def apply(self, msg: dict) -> list[dict]:
        """Take one iopub message; the widget messages it makes for the pages ({type, comm_id,
        data, buffers}), none when it is not about widgets."""
        kind, content = msg.get("msg_type"), msg.get("content") or {}
        if kind == "comm_open" and content.get("target_name") == TARGET:
            data = content.get("data") or {}
            comm_id = content["comm_id"]
            self._comm_ids.add(comm_id)
            self.models[comm_id] = {"state": dict(data.get("state") or {}),
                                    "buffer_paths": list(data.get("buffer_paths") or []),
                                    "buffers": _buffers_b64(msg.get("buffers"))}
            return [{"type": "comm_open", "comm_id": comm_id, "data": data,
                     "buffers": self.models[comm_id]["buffers"]}]
        comm_id = content.get("comm_id")
        if comm_id not in self._comm_ids:
            return self._captured(msg)
        if kind == "comm_msg":
            data = content.get("data") or {}
            if data.get("method") in ("update", "echo_update"):
                self.update(comm_id, data.get("state") or {})
            return [{"type": "comm_msg", "comm_id": comm_id, "data": data,
                     "buffers": _buffers_b64(msg.get("buffers"))}]
        if kind == "comm_close":
            self._comm_ids.discard(comm_id)
            self.models.pop(comm_id, None)
            return [{"type": "comm_close", "comm_id": comm_id, "data": content.get("data") or {},
                     "buffers": []}]
        return []

    def update(self, comm_id: str, state: dict) -> None:
        """Keys of a model's state changed (from the kernel, or a page: a slider moved)."""
        if comm_id in self.models:
            self.models[comm_id]["state"].update(state)

    def clear(self) -> None:
        """The kernel restarted: its widgets are gone."""
        self.models.clear()
        self._comm_ids.clear()

    def saved_state(self) -> dict:
        """The notebook metadata's widget state, as JupyterLab writes it."""
        state = {}
        for model_id, model in self.models.items():
            entry = {"model_name": model["state"].get("_model_name"),
                     "model_module": model["state"].get("_model_module"),
                     "model_module_version": model["state"].get("_model_module_version"),
                     "state": model["state"]}
            if model["buffers"]:
                entry["buffers"] = [{"path": path, "data": data, "encoding": "base64"}
                                    for path, data in zip(model["buffer_paths"], model["buffers"])]
            state[model_id] = entry
        return {STATE_MIME: {"version_major": 2, "version_minor": 0, "state": state}}

    def captures(self, msg: dict) -> bool:
        """Whether an Output widget takes this output message (then not its cell)."""
        return self._capturing_output(msg) is not None

    # ---- Internals
    def _capturing_output(self, msg: dict) -> str | None:
        parent = (msg.get("parent_header") or {}).get("msg_id")
        if not parent or msg.get("msg_type") not in _OUTPUT_TYPES:
            return None
        for comm_id, model in self.models.items():
            if model["state"].get("msg_id") == parent and model["state"].get("_model_name") == "OutputModel":
                return comm_id
        return None

    def _captured(self, msg: dict) -> list[dict]:
        """An output made while an Output widget captures (its `msg_id` is the message's
        parent): appended to the widget's outputs, as JupyterLab's output model does."""
        comm_id = self._capturing_output(msg)
        if comm_id is None:
            return []
        state = self.models[comm_id]["state"]
        if msg.get("msg_type") == "clear_output":
            state["outputs"] = []  # (also with wait=True: the next output comes at once here)
        else:
            state["outputs"] = [*state.get("outputs", []), output_from_message(msg)]
        return [{"type": "comm_msg", "comm_id": comm_id, "buffers": [],
                 "data": {"method": "update", "state": {"outputs": state["outputs"]}, "buffer_paths": []}}]


def saved_models(metadata: dict) -> dict[str, dict]:
    """The models of a notebook's saved widget state, in WidgetStates' form (for a notebook
    opened without their kernel)."""
    saved = ((metadata or {}).get("widgets") or {}).get(STATE_MIME) or {}
    models = {}
    for model_id, entry in (saved.get("state") or {}).items():
        if not isinstance(entry, dict):
            continue
        buffers = entry.get("buffers") or []
        models[model_id] = {"state": dict(entry.get("state") or {}),
                            "buffer_paths": [b.get("path") for b in buffers],
                            "buffers": [b.get("data") for b in buffers if b.get("encoding") == "base64"]}
    return models

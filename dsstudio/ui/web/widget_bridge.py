"""ipywidgets bridged to the kernel: its comm messages to the widget pages and back.

One bridge per kernel listens to everything the kernel publishes from the start (a widget's
comm opens when it is made, before it is shown), keeps the models' state (core WidgetStates),
hands widget messages to the open widget views, and sends the views' messages (a slider moved)
to the kernel as `comm_msg` on the shell channel. This module never imports QtWebEngine: the
bridge exists for every notebook, the web views only for widgets on screen.
"""

from __future__ import annotations

import uuid
import weakref

from PySide6.QtCore import QObject

from dsstudio.core.notebook.widget_state import TARGET, WidgetStates, saved_models

GONE_STATES = ("restarting", "dead", "stopped")
KERNEL_GONE_NOTE = "The kernel restarted: this widget is no longer connected to it (run its cell again)."


class WidgetBridge(QObject):
    """The widgets of one kernel (a KernelController)."""

    _bridges: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()

    @classmethod
    def for_kernel(cls, kernel) -> WidgetBridge:
        bridge = cls._bridges.get(kernel)
        if bridge is None:
            bridge = cls._bridges[kernel] = WidgetBridge(kernel)
        return bridge

    def __init__(self, kernel) -> None:
        super().__init__(kernel)
        self.kernel = kernel
        self.states = WidgetStates()
        self.views: weakref.WeakSet = weakref.WeakSet()  # WebOutputs of widgets, while they exist
        self._client = None
        self._session = None
        if kernel.client is not None:
            self._listen(kernel.client)
        kernel.sig_client_created.connect(self._listen)
        kernel.sig_state_changed.connect(self._on_kernel_state)

    # ---- Public API
    def send(self, message: dict) -> None:
        """A view's comm message ({type, comm_id, data}) to the kernel."""
        if self._client is None or message.get("type") != "comm_msg":
            return  # (the views never open comms: the kernel does; closing is the kernel's too)
        data = message.get("data") or {}
        if data.get("method") == "update":
            self.states.update(message["comm_id"], data.get("state") or {})
        msg = self._session.msg("comm_msg", {"comm_id": message["comm_id"], "data": data})
        self._client.shell_channel.send(msg)

    # ---- Internals
    def _listen(self, client) -> None:
        if client is self._client:
            return
        self._client = client
        self._session = client.session.clone()
        self._session.session = str(uuid.uuid4())  # (its own: the console tells it apart)
        client.iopub_channel.message_received.connect(self._on_iopub)
        # qtconsole's comm manager (on the same client) answers a comm of a target it does not
        # know by closing it: the kernel then drops the widget. Known to it, it stays open.
        comms = getattr(client, "comm_manager", None)
        if comms is not None:
            comms.register_target(TARGET, lambda _comm, _msg: None)

    def _on_iopub(self, msg: dict) -> None:
        messages = self.states.apply(msg)
        if messages:
            for view in list(self.views):
                view.widget_messages(messages)

    def _on_kernel_state(self, state: str) -> None:
        if state in GONE_STATES and self.states.models:
            self.states.clear()
            for view in list(self.views):
                view.kernel_gone(KERNEL_GONE_NOTE)


class NotebookWidgets:
    """The widgets one notebook can show: the kernel's live ones, else those saved in its file."""

    def __init__(self, notebook, kernel) -> None:
        self.notebook = notebook
        self.bridge = WidgetBridge.for_kernel(kernel)
        self.saved = saved_models(notebook.metadata)

    def models_for(self, model_id: str) -> tuple[dict, bool] | None:
        """The models a view of `model_id` needs, and whether they are live; None: unknown."""
        if model_id in self.bridge.states.models:
            return {**self.saved, **self.bridge.states.models}, True
        if model_id in self.saved:
            return self.saved, False
        return None

    def store_in_metadata(self) -> None:
        """Before a save: the widgets' state in the notebook's metadata, as JupyterLab saves it
        (only in a notebook that shows widgets)."""
        from dsstudio.core.notebook.web_outputs import WIDGET_VIEW

        if not any(WIDGET_VIEW in (output.get("data") or {}) for cell in self.notebook.cells
                   if cell.get("cell_type") == "code" for output in cell.get("outputs", []) or []
                   if isinstance(output, dict)):
            return
        self.saved = {**self.saved, **self.bridge.states.models}
        state = WidgetStates()
        state.models = self.saved
        self.notebook.metadata["widgets"] = state.saved_state()

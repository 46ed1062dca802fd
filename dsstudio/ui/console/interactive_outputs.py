"""The console's one line for an interactive output (a chart, a script, a widget).

qtconsole shows such an output's text/plain: a Plotly figure's whole `Figure({...})` dump, a
widget's `IntSlider(value=3, max=10)`, a tqdm bar frozen at 0%. Each looks like the output and is
not it; the console says in one line what it is and where it is shown instead.
"""

from __future__ import annotations

from dsstudio.core.notebook.web_outputs import interactive_line

_RICH_OUTPUTS = ("display_data", "execute_result", "update_display_data")


def interactive_outputs_as_lines(console) -> None:
    """Wrap `console`'s message dispatch (a RichJupyterWidget, before its client is set)."""
    dispatch = console._dispatch

    def dispatch_with_lines(msg: dict) -> None:
        if msg.get("msg_type") in _RICH_OUTPUTS:
            content = msg.get("content") or {}
            line = interactive_line(content.get("data"), "the console")
            if line is not None:
                # A copy: the notebooks receive the same message object from the shared client.
                msg = {**msg, "content": {**content, "data": {"text/plain": line}}}
        dispatch(msg)

    console._dispatch = dispatch_with_lines

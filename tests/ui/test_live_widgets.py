"""ipywidgets live in the notebook (issue 20): real kernel, real QtWebEngine, the widget manager
bridged to the kernel's comms; state saved as JupyterLab saves it."""

from __future__ import annotations

import json

import nbformat

from tests.ui.helpers import KERNEL_WAIT_MS
from tests.ui.test_web_outputs import PAGE_WAIT_MS, drawn_output, notebook_file, page_value, run_all, web_outputs

v4 = nbformat.v4


def kernel_value(qtbot, window, expression: str) -> str:
    """`expression` evaluated in the kernel, by a silent request on the kernel's client."""
    client = window.kernel.create_client()
    result: list = []

    def on_shell(msg) -> None:
        if msg["parent_header"].get("msg_id") == msg_id and msg["msg_type"] == "execute_reply":
            result.append(msg["content"]["user_expressions"]["value"]["data"]["text/plain"])

    client.shell_channel.message_received.connect(on_shell)
    msg_id = client.execute("", silent=True, user_expressions={"value": expression})
    qtbot.waitUntil(lambda: bool(result), timeout=KERNEL_WAIT_MS)
    client.shell_channel.message_received.disconnect(on_shell)
    return result[0]


def test_a_slider_moved_in_the_page_changes_the_kernel_and_runs_its_observer(qtbot, window, project):
    path = notebook_file(project / "slider.ipynb", [v4.new_code_cell(
        "import ipywidgets as w\nseen = []\nslider = w.IntSlider(value=3, max=10)\n"
        "slider.observe(lambda change: seen.append(change['new']), names='value')\nslider")])
    view = window.open_file(path)
    run_all(qtbot, view)
    web = drawn_output(qtbot, view.cells[0])
    assert page_value(qtbot, web, "document.querySelector('.widget-readout').textContent") == "3"
    # Moved in the page (through the widget's model, as a drag does): the kernel follows.
    web.page.runJavaScript(
        "dsstudioWidgets.manager.get_model(%s).then((m) => { m.set('value', 7); m.save_changes(); })"
        % json.dumps(view.cells[0].cell.outputs[0]["data"]["application/vnd.jupyter.widget-view+json"]["model_id"]))
    qtbot.waitUntil(lambda: kernel_value(qtbot, window, "(slider.value, seen)") == "(7, [7])", timeout=PAGE_WAIT_MS)
    qtbot.waitUntil(lambda: page_value(qtbot, web, "document.querySelector('.widget-readout').textContent") == "7",
                    timeout=PAGE_WAIT_MS)
    # Changed in the kernel: the page follows.
    window.console.run_code("slider.value = 9")
    qtbot.waitUntil(lambda: page_value(qtbot, web, "document.querySelector('.widget-readout').textContent") == "9",
                    timeout=PAGE_WAIT_MS)


def test_interact_reruns_its_function_into_its_output_widget(qtbot, window, project):
    path = notebook_file(project / "interact.ipynb", [v4.new_code_cell(
        "import ipywidgets as w\n@w.interact(x=(0, 10))\ndef square(x=4):\n    print('square', x * x)")])
    view = window.open_file(path)
    run_all(qtbot, view)
    web = drawn_output(qtbot, view.cells[0])
    shown = "document.querySelector('.widget-output').textContent"
    qtbot.waitUntil(lambda: "square 16" in page_value(qtbot, web, shown), timeout=PAGE_WAIT_MS)
    assert [o["output_type"] for o in view.cells[0].cell.outputs] == ["display_data"]  # not in the cell too
    web.page.runJavaScript("(async () => { const m = Object.values(dsstudioWidgets.manager._models);"
                           " for (const p of m) { const model = await p;"
                           " if (model.get('_model_name') === 'IntSliderModel') { model.set('value', 7);"
                           " model.save_changes(); } } })()")
    qtbot.waitUntil(lambda: "square 49" in page_value(qtbot, web, shown), timeout=PAGE_WAIT_MS)
    assert "square 16" not in page_value(qtbot, web, shown)


def test_a_tqdm_auto_bar_ends_at_100_percent(qtbot, window, project):
    path = notebook_file(project / "progress.ipynb", [v4.new_code_cell(
        "from tqdm.auto import tqdm\nfor i in tqdm(range(20)):\n    pass")])
    view = window.open_file(path)
    run_all(qtbot, view)
    web = drawn_output(qtbot, view.cells[0])
    qtbot.waitUntil(lambda: "100%" in page_value(qtbot, web, "document.body.textContent")
                    and "20/20" in page_value(qtbot, web, "document.body.textContent"), timeout=PAGE_WAIT_MS)


def test_widget_state_is_saved_and_shown_without_the_kernel(qtbot, window, project):
    path = notebook_file(project / "saved.ipynb", [v4.new_code_cell(
        "import ipywidgets as w\nw.IntSlider(value=6, max=10, description='kept')")])
    view = window.open_file(path)
    run_all(qtbot, view)
    live = drawn_output(qtbot, view.cells[0])
    assert view.save()
    saved = nbformat.read(str(path), as_version=4)
    state = saved.metadata["widgets"]["application/vnd.jupyter.widget-state+json"]
    assert state["version_major"] == 2
    assert any(model["state"].get("value") == 6 and model["model_name"] == "IntSliderModel"
               for model in state["state"].values())
    # The kernel restarts: the live view says so, instead of silently doing nothing.
    window.kernel.restart()
    qtbot.waitUntil(lambda: window.kernel.state == "idle", timeout=KERNEL_WAIT_MS)
    qtbot.waitUntil(lambda: "kernel restarted" in page_value(qtbot, live, "document.body.textContent"),
                    timeout=PAGE_WAIT_MS)
    # Opened again with no live model (the kernel restarted): drawn from the state in the file.
    reopened = view.__class__(path, nbformat.read(str(path), as_version=4), window.kernel)
    qtbot.addWidget(reopened)
    reopened.resize(800, 600)
    reopened.show()
    web = drawn_output(qtbot, reopened.cells[0])
    assert page_value(qtbot, web, "document.querySelector('.widget-readout').textContent") == "6"
    assert "kept" in page_value(qtbot, web, "document.body.textContent")

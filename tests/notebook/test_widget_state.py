"""The kernel's widget state, kept from its comm messages and saved as JupyterLab saves it."""

from __future__ import annotations

import base64

from dsstudio.core.notebook.widget_state import STATE_MIME, WidgetStates, saved_models


def comm_open(comm_id: str, state: dict, target: str = "jupyter.widget", buffers=None) -> dict:
    return {"msg_type": "comm_open", "buffers": buffers or [],
            "content": {"comm_id": comm_id, "target_name": target,
                        "data": {"state": state, "buffer_paths": [["data"]] if buffers else []}}}


def comm_msg(comm_id: str, data: dict, parent: str = "") -> dict:
    return {"msg_type": "comm_msg", "parent_header": {"msg_id": parent},
            "content": {"comm_id": comm_id, "data": data}}


def test_state_follows_open_update_echo_and_close():
    states = WidgetStates()
    assert states.apply(comm_open("other", {}, target="some.other.target")) == []
    assert states.apply(comm_msg("other", {"x": 1})) == []  # not a widget's comm
    opened = states.apply(comm_open("s", {"_model_name": "IntSliderModel", "value": 3}))
    assert opened[0]["type"] == "comm_open" and opened[0]["comm_id"] == "s"
    states.apply(comm_msg("s", {"method": "update", "state": {"value": 5}}))
    states.apply(comm_msg("s", {"method": "echo_update", "state": {"value": 6}}))
    assert states.models["s"]["state"]["value"] == 6
    states.update("s", {"value": 7})  # from a page
    saved = states.saved_state()[STATE_MIME]
    assert saved["version_major"] == 2
    assert saved["state"]["s"]["model_name"] == "IntSliderModel" and saved["state"]["s"]["state"]["value"] == 7
    states.apply({"msg_type": "comm_close", "content": {"comm_id": "s"}})
    assert states.models == {}


def test_binary_buffers_are_saved_base64_and_read_back():
    states = WidgetStates()
    states.apply(comm_open("img", {"_model_name": "ImageModel"}, buffers=[b"\x89PNG"]))
    metadata = {"widgets": states.saved_state()}
    entry = metadata["widgets"][STATE_MIME]["state"]["img"]
    assert entry["buffers"] == [{"path": ["data"], "data": base64.b64encode(b"\x89PNG").decode(), "encoding": "base64"}]
    assert saved_models(metadata)["img"]["buffers"] == [base64.b64encode(b"\x89PNG").decode()]


def test_an_output_widget_captures_what_runs_with_its_msg_id():
    states = WidgetStates()
    states.apply(comm_open("out", {"_model_name": "OutputModel", "outputs": [], "msg_id": ""}))
    printed = {"msg_type": "stream", "parent_header": {"msg_id": "run-1"},
               "content": {"name": "stdout", "text": "square 16\n"}}
    assert not states.captures(printed) and states.apply(printed) == []
    states.apply(comm_msg("out", {"method": "update", "state": {"msg_id": "run-1"}}))
    assert states.captures(printed)
    update = states.apply(printed)[0]
    assert update["data"]["state"]["outputs"] == [{"output_type": "stream", "name": "stdout", "text": "square 16\n"}]
    states.apply({"msg_type": "clear_output", "parent_header": {"msg_id": "run-1"}, "content": {"wait": True}})
    assert states.models["out"]["state"]["outputs"] == []


def test_a_kernel_restart_clears_the_state():
    states = WidgetStates()
    states.apply(comm_open("s", {"value": 1}))
    states.clear()
    assert states.models == {} and states.apply(comm_msg("s", {"method": "update", "state": {}})) == []

"""Run code on a kernel and collect its results, without a GUI (tests, headless runs, reloads)."""

from __future__ import annotations

import queue
import time


def execute_collect(client, code: str, timeout: float, *, silent: bool = False,
                    user_expressions: dict | None = None) -> dict:
    """Execute `code` through `client` (a started BlockingKernelClient) and gather the results.

    Returns {"status", "stdout", "stderr", "data": [mime bundles], "error": {...} or None,
    "user_expressions": {...}}. Output of other clients' requests is ignored.
    """
    msg_id = client.execute(code, silent=silent, store_history=not silent,
                            user_expressions=user_expressions or {})
    result = {"status": None, "stdout": "", "stderr": "", "data": [], "error": None,
              "user_expressions": {}}
    deadline = time.monotonic() + timeout
    idle = False
    while not idle:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise TimeoutError(f"no result within {timeout:.0f} s")
        try:
            msg = client.get_iopub_msg(timeout=remaining)
        except queue.Empty:
            continue
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        kind, content = msg["msg_type"], msg["content"]
        if kind == "stream":
            result[content["name"]] += content["text"]
        elif kind in ("execute_result", "display_data"):
            result["data"].append(content["data"])
        elif kind == "error":
            result["error"] = {k: content[k] for k in ("ename", "evalue", "traceback")}
        elif kind == "status" and content["execution_state"] == "idle":
            idle = True
    while True:
        reply = client.get_shell_msg(timeout=max(0.1, deadline - time.monotonic()))
        if reply["parent_header"].get("msg_id") == msg_id:
            result["status"] = reply["content"]["status"]
            result["user_expressions"] = reply["content"].get("user_expressions", {})
            return result

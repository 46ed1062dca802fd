"""A reader that falls behind loses no output (CI lost 25,000 lines of a flushed loop at load 5).

ipykernel publishes on a zmq XPUB socket, which drops messages silently once 1,000 wait for a
subscriber (zmq's default send high-water mark). dsstudio's client takes everything on its own
side (ui/kernel/batched_client.py); here the kernel's side is checked, with the reader as slow as
a reader can be: a process stopped with SIGSTOP while the kernel prints 30,000 flushed lines.
"""

from __future__ import annotations

import json
import os
import select
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from dsstudio.core.kernel.session import KernelSession

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGSTOP")

LINES = 30_000

# A reader in its own process: subscribes to iopub with no limit on its own side, says so once a
# first message came through (a subscription reaches the kernel some time after `connect`), then
# (once continued) counts the lines of the one run until that run's idle status.
READER = textwrap.dedent("""
    import json, sys, zmq
    from jupyter_client.session import Session
    info = json.loads(sys.argv[1])
    context = zmq.Context()
    socket = context.socket(zmq.SUB)
    socket.setsockopt(zmq.RCVHWM, 0)
    socket.setsockopt(zmq.SUBSCRIBE, b"")
    socket.connect(f"{info['transport']}://{info['ip']}-{info['iopub_port']}"
                   if info['transport'] == 'ipc' else
                   f"tcp://{info['ip']}:{info['iopub_port']}")
    session = Session(key=info["key"].encode(), signature_scheme=info["signature_scheme"])
    socket.recv_multipart()  # the test runs `pass` until something arrives
    print("subscribed", flush=True)
    text, run = [], None
    socket.RCVTIMEO = 20_000  # nothing for this long: the rest was dropped
    while True:
        try:
            idents, frames = session.feed_identities(socket.recv_multipart())
        except zmq.Again:
            break
        msg = session.deserialize(frames)
        parent = msg["parent_header"].get("msg_id")
        if msg["msg_type"] == "stream" and parent:
            run = parent
            text.append(msg["content"]["text"])
        elif msg["msg_type"] == "status" and parent == run and msg["content"]["execution_state"] == "idle":
            break
    print(json.dumps("".join(text)), flush=True)
""")


def test_a_stopped_reader_gets_every_line_once_it_reads_again(tmp_path: Path):
    session = KernelSession(tmp_path)
    session.start()
    try:
        session.wait_ready(60)
        reader = subprocess.Popen([sys.executable, "-c", READER, json.dumps(session.connection_info)],
                                  stdout=subprocess.PIPE, text=True)
        try:
            # The subscription must reach the kernel before the run (under load it took longer
            # than one warm-up run, and the reader saw nothing): runs until the reader got one.
            for _ in range(120):
                session.execute("pass")
                if select.select([reader.stdout], [], [], 0.5)[0]:
                    break
            assert reader.stdout.readline().strip() == "subscribed"
            os.kill(reader.pid, signal.SIGSTOP)
            try:
                result = session.execute(f"for i in range({LINES}):\n    print(i, flush=True)",
                                         timeout=120)
                assert result["stdout"].count("\n") == LINES  # the test's own client, reading
            finally:
                os.kill(reader.pid, signal.SIGCONT)
            seen = json.loads(reader.stdout.readline())
            assert seen == "".join(f"{i}\n" for i in range(LINES))
        finally:
            reader.kill()
            reader.wait()
    finally:
        session.shutdown()


def test_the_kernel_looks_to_user_code_as_under_ipykernel_launcher(tmp_path: Path):
    """The boot replaces `-m ipykernel_launcher` with `-c`: user code still sees the launcher
    as its program, and no empty entry (the start folder) first on sys.path."""
    session = KernelSession(tmp_path)
    session.start()
    try:
        session.wait_ready(60)
        shown = session.execute("import sys; print(sys.argv[0]); print(repr(sys.path[0]))")["stdout"]
        program, first = shown.splitlines()
        assert Path(program).name == "ipykernel_launcher.py"
        assert first == repr(str(tmp_path.resolve()))
    finally:
        session.shutdown()

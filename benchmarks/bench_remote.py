"""Remote kernels: save-to-report through a Jupyter server on loopback, plain and with 50 ms
added each way, and the Contents API mirror of a 500-file project (first sync, one-file sync).

The added latency comes from a TCP proxy in this script that holds every chunk 50 ms in each
direction: `tc netem` is not available on this machine's kernel ("Specified qdisc kind is
unknown"), so a network namespace with netem could not be used.

    PYTHONPATH=$PWD python benchmarks/bench_remote.py
"""

from __future__ import annotations

import asyncio
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from dsstudio.core.kernel.execute import execute_collect  # noqa: E402
from dsstudio.core.kernel.reload_protocol import REPORT_EXPRESSION  # noqa: E402
from dsstudio.core.kernel.remote.project_mirror import ProjectMirror  # noqa: E402
from dsstudio.core.kernel.remote.remote_session import (  # noqa: E402
    RemoteKernelSession,
    wait_for_kernel_info,
)
from dsstudio.core.kernel.remote.server_address import parse_server_url  # noqa: E402
from dsstudio.core.kernel.remote.server_api import ServerApi  # noqa: E402
from tests.remote.jupyter_servers import free_port, jupyter_server  # noqa: E402

ROUNDS = 15
DELAY_S = 0.050


def start_delay_proxy(target_port: int, delay: float) -> int:
    """A loopback TCP proxy to `target_port` that delays every chunk `delay` s each way."""
    port = free_port()

    async def pipe(reader, writer) -> None:
        queue: asyncio.Queue = asyncio.Queue()

        async def send() -> None:
            while True:
                due, data = await queue.get()
                await asyncio.sleep(max(0.0, due - time.monotonic()))
                if not data:
                    writer.close()
                    return
                writer.write(data)
                await writer.drain()

        sender = asyncio.create_task(send())
        while True:
            data = await reader.read(65536)
            queue.put_nowait((time.monotonic() + delay, data))
            if not data:
                break
        await sender

    async def handle(client_reader, client_writer) -> None:
        server_reader, server_writer = await asyncio.open_connection("127.0.0.1", target_port)
        await asyncio.gather(pipe(client_reader, server_writer), pipe(server_reader, client_writer),
                             return_exceptions=True)

    async def serve() -> None:
        server = await asyncio.start_server(handle, "127.0.0.1", port)
        async with server:
            await server.serve_forever()

    threading.Thread(target=lambda: asyncio.run(serve()), daemon=True).start()
    time.sleep(0.2)
    return port


def save_to_report(url: str, project: Path) -> list[float]:
    session = RemoteKernelSession(project, parse_server_url(url))
    session.start()
    client = session.client()
    try:
        wait_for_kernel_info(client, 60)
        execute_collect(client, session.reload_wire.install_code(project), 60, silent=True)
        execute_collect(client, "import models", 60)
        times = []
        for round_ in range(ROUNDS):
            path = project / "models.py"
            path.write_text(f"def score():\n    return {round_}\n")
            start = time.perf_counter()
            result = execute_collect(client, session.reload_wire.reload_code([path]), 60,
                                     silent=True, user_expressions={"report": REPORT_EXPRESSION})
            report = session.reload_wire.read_report(
                {"status": "ok", "user_expressions": result["user_expressions"]})
            times.append(time.perf_counter() - start)
            assert report["reloaded"] == ["models"], report
        return times
    finally:
        client.stop_channels()
        session.shutdown()


def big_project(root: Path, files: int = 500) -> None:
    for index in range(files):
        package = root / f"pkg{index // 10:02d}"
        package.mkdir(parents=True, exist_ok=True)
        body = "".join(f"def f{i}(x):\n    return x * {i} + {index}\n\n" for i in range(20))
        (package / f"mod{index % 10}.py").write_text(body)


def main() -> None:
    base = Path(tempfile.mkdtemp(prefix="bench-remote-"))
    server = jupyter_server(base / "root", base / "server.log")
    try:
        project = base / "project"
        project.mkdir()
        (project / "models.py").write_text("def score():\n    return 0\n")
        plain = save_to_report(server.url_with_token, project)
        proxy = start_delay_proxy(server.port, DELAY_S)
        delayed = save_to_report(f"http://127.0.0.1:{proxy}/?token={server.token}", project)
        print(f"save-to-report, loopback: median {statistics.median(plain) * 1000:.0f} ms "
              f"(min {min(plain) * 1000:.0f}, max {max(plain) * 1000:.0f}), {ROUNDS} saves")
        print(f"save-to-report, {DELAY_S * 1000:.0f} ms each way: median "
              f"{statistics.median(delayed) * 1000:.0f} ms (min {min(delayed) * 1000:.0f}, "
              f"max {max(delayed) * 1000:.0f})")
        mirror_project = base / "big"
        big_project(mirror_project)
        api = ServerApi(parse_server_url(server.url_with_token))
        start = time.perf_counter()
        first = ProjectMirror(api, mirror_project).sync()
        first_s = time.perf_counter() - start
        changed = mirror_project / "pkg07" / "mod3.py"
        changed.write_text(changed.read_text() + "\nEXTRA = 1\n")
        start = time.perf_counter()
        assert ProjectMirror(api, mirror_project).sync_file(changed)
        one_s = time.perf_counter() - start
        changed.write_text(changed.read_text() + "\nMORE = 2\n")
        start = time.perf_counter()
        again = ProjectMirror(api, mirror_project).sync()
        again_s = time.perf_counter() - start
        print(f"mirror, 500 files: first sync {first_s:.2f} s ({len(first.sent)} sent); "
              f"one file {one_s * 1000:.0f} ms; full sync with one changed {again_s * 1000:.0f} ms "
              f"({len(again.sent)} sent, {again.unchanged} unchanged)")
    finally:
        server.stop()


if __name__ == "__main__":
    main()

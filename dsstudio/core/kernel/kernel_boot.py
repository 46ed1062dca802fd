"""How dsstudio starts ipykernel: as `python -m ipykernel_launcher` does, except that the
kernel's iopub socket never drops output.

ipykernel publishes output on a zmq XPUB socket, and PUB sockets drop messages silently once
1,000 wait for a subscriber (zmq's default send high-water mark). A reader that falls behind for
a moment (the app's GUI thread holding the GIL on a loaded machine, a stopped process) then loses
output in the middle of a run, and even the run's idle status, so that the cell never finishes:
CI lost 25,000 lines of a flushed loop at load 5. dsstudio's client takes everything on its side
(ui/kernel/batched_client.py); this does the same on the kernel's side, where the option must be
set before ipykernel binds the socket. Waiting messages then stay in the kernel's memory until
they are read, as they would in a pipe.

The code runs with `python -c` in the kernel's interpreter, which may be any environment with
ipykernel (5 or newer) and no dsstudio: it uses only ipykernel and zmq, and if anything about it
fails the kernel starts as ipykernel_launcher would.
"""

from __future__ import annotations

import sys

BOOT_SOURCE = """\
import sys
def _dsstudio_boot():
    # As ipykernel_launcher: the folder `python -c` put first on sys.path is not the user's.
    if sys.path and sys.path[0] == "":
        del sys.path[0]
    import importlib.util
    launcher = importlib.util.find_spec("ipykernel_launcher")
    if launcher is None and sys.argv[0] == "-c":  # said as `python -m ipykernel_launcher` would
        sys.exit(f"{sys.executable}: No module named ipykernel_launcher")
    from ipykernel.kernelapp import IPKernelApp
    app_class = IPKernelApp
    try:
        import zmq
        class KernelApp(IPKernelApp):
            def init_iopub(self, context):
                context.setsockopt(zmq.SNDHWM, 0)  # no limit: a slow reader loses nothing
                try:
                    return super().init_iopub(context)
                finally:
                    context.sockopts.pop(zmq.SNDHWM, None)
        app_class = KernelApp
        if launcher is not None and launcher.origin:  # user code's program, as under it
            sys.argv[0] = launcher.origin
    except Exception as error:
        print("dsstudio: iopub left as ipykernel sets it:", error, file=sys.stderr)
    app_class.launch_instance()
_dsstudio_boot()
"""

LAUNCHER = ["-m", "ipykernel_launcher"]


def boot_command(command: list[str]) -> list[str]:
    """`command` with `-m ipykernel_launcher` (right after the interpreter) replaced by the
    boot code; any other command unchanged."""
    if command[1:3] == LAUNCHER:
        return [command[0], "-c", BOOT_SOURCE, *command[3:]]
    return list(command)


def run_boot(argv: list[str]) -> None:
    """Start the kernel in this process (the frozen app's `--dsstudio-kernel`): `argv` are
    ipykernel's arguments."""
    sys.argv = [sys.argv[0], *argv]
    exec(compile(BOOT_SOURCE, "<dsstudio kernel boot>", "exec"), {"__name__": "__main__"})

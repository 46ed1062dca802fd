"""`dsstudio run NOTEBOOK`: execute a notebook top to bottom in a fresh kernel for its project.

nbclient (Jupyter's own notebook executor, formerly nbconvert's ExecutePreprocessor) does the
execution, with outputs recorded as Jupyter records them (clear_output, update_display_data and
all). dsstudio adds the project, as the window does: the kernel runs in the project's interpreter
(its `.dsproj` choice, the user's, or its own `.venv`; `--python` overrides), works in the project
root, with the root (and `src/`) first on sys.path, and talks over IPC sockets in a private folder.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path
from typing import TextIO

from dsstudio.core.kernel.kernel_boot import boot_command
from dsstudio.core.kernel.launch import KernelLaunch, python_launch
from dsstudio.core.kernel.leftovers import mark_owner
from dsstudio.core.kernel.orphan_watchdog import OrphanWatchdog
from dsstudio.core.kernel.session import KernelError, project_setup_option
from dsstudio.core.notebook.notebook_file import NotebookError, read_notebook, write_notebook
from dsstudio.core.project.paths import PROJECT_FILE_SUFFIX

EXIT_OK, EXIT_CELL_FAILED, EXIT_BAD_NOTEBOOK = 0, 1, 2
# Marks of a project's root when it has no .dsproj file (the same as most tools use).
ROOT_MARKERS = ("pyproject.toml", "setup.cfg", ".git")


def project_root_for(notebook_path: Path) -> Path:
    """The nearest folder upward with a .dsproj file, else with pyproject.toml, setup.cfg or .git,
    else the notebook's own folder (a notebook in `notebooks/` of a src-layout project runs from
    the project's root, so `import mypackage` works)."""
    folder = notebook_path.resolve().parent
    upward = (folder, *folder.parents)
    for candidate in upward:
        if any(candidate.glob(f"*{PROJECT_FILE_SUFFIX}")):
            return candidate
    for candidate in upward:
        if any((candidate / marker).exists() for marker in ROOT_MARKERS):
            return candidate
    return folder


def run_notebook(path: Path, output: Path | None = None, inplace: bool = False,
                 timeout: float | None = None, log: TextIO = sys.stderr,
                 python: Path | None = None, server=None) -> int:
    """Run, write the outputs (also on failure), and return the exit status.

    `server`: a ServerAddress (core/kernel/remote): the kernel runs on that Jupyter server."""
    path = Path(path)
    try:
        notebook, notices, _text = read_notebook(path)
    except NotebookError as error:
        print(f"dsstudio run: {error}", file=log)
        return EXIT_BAD_NOTEBOOK
    for notice in notices:
        print(f"dsstudio run: {notice}", file=log)
    target = path if inplace else (Path(output) if output else path.with_name(f"{path.stem}.out.ipynb"))
    root = project_root_for(path)
    if python is not None and not Path(python).exists():
        print(f"dsstudio run: --python {python}: no such file", file=log)
        return EXIT_BAD_NOTEBOOK
    remote = _remote_manager(root, server) if server is not None else None
    launch = remote.session.launch if remote is not None else _launch_for(root, python)
    print(f"dsstudio run: project {root}, kernel in {launch.label} ({launch.reason})", file=log)
    if launch.notice:
        print(f"dsstudio run: {launch.notice}", file=log)
    failure = _execute(notebook, root, launch, timeout, log, remote)
    try:
        write_notebook(target, notebook)
    except NotebookError as error:
        print(f"dsstudio run: {error}", file=log)
        return EXIT_BAD_NOTEBOOK
    if failure:
        print(f"dsstudio run: {failure}", file=log)
        print(f"dsstudio run: the outputs up to the failure are in {target}", file=log)
        return EXIT_CELL_FAILED
    print(f"dsstudio run: wrote {target}", file=log)
    return EXIT_OK


def _launch_for(root: Path, python: Path | None) -> KernelLaunch:
    if python is not None:
        return python_launch(Path(python).absolute(), reason="--python")
    from dsstudio.core.project.interpreter_choice import project_launch

    return project_launch(root)


def _remote_manager(root: Path, server):
    from dsstudio.core.kernel.remote.remote_manager import RemoteKernelManager
    from dsstudio.core.kernel.remote.remote_session import RemoteKernelSession

    return RemoteKernelManager(RemoteKernelSession(root, server))


def _kernel_manager(launch: KernelLaunch, runtime: Path):
    """An async KernelManager (nbclient's own kind: its timeouts need it) for `launch`, over IPC."""
    from jupyter_client import AsyncKernelManager
    from jupyter_client.kernelspec import KernelSpecManager

    # A private kernelspec holds the launch's command line: nbclient starts kernels by spec.
    spec_folder = runtime / "kernels" / "dsstudio-run"
    spec_folder.mkdir(parents=True)
    (spec_folder / "kernel.json").write_text(json.dumps(
        {"argv": boot_command(launch.argv), "display_name": launch.label, "language": launch.language}))
    specs = KernelSpecManager(kernel_dirs=[str(runtime / "kernels")], ensure_native_kernel=False)

    class WatchedKernelManager(AsyncKernelManager):
        """Gives its kernel an orphan watchdog: a `dsstudio run` killed while a cell holds the
        GIL must not leave the kernel running (see core/kernel/orphan_watchdog.py)."""

        watchdog: OrphanWatchdog | None = None

        async def _async_post_start_kernel(self, **kw) -> None:
            await super()._async_post_start_kernel(**kw)
            process = getattr(self.provisioner, "process", None)  # (the local provisioner's)
            if process is not None:
                self.watchdog = OrphanWatchdog.start(process.pid)

    manager = WatchedKernelManager(kernel_name="dsstudio-run", kernel_spec_manager=specs,
                                   connection_file=str(runtime / "kernel.json"))
    if sys.platform != "win32":
        manager.transport = "ipc"
        manager.ip = str(runtime / "k")
    return manager


def _execute(notebook, root: Path, launch: KernelLaunch, timeout: float | None,
             log: TextIO, remote=None) -> str | None:
    """Run every code cell; None, or what failed (cell number and error text).

    `remote`: a RemoteKernelManager, whose kernel runs on a Jupyter server."""
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

    code_cells = [i for i, cell in enumerate(notebook.cells) if cell.cell_type == "code"]
    number = {index: n for n, index in enumerate(code_cells, start=1)}
    failed: dict = {}
    current = {"cell": 0}

    def on_cell_start(cell, cell_index: int) -> None:
        if cell.cell_type == "code":
            current["cell"] = number[cell_index]
            print(f"cell {number[cell_index]} of {len(code_cells)}", file=log, flush=True)

    def on_cell_error(cell, cell_index: int, execute_reply) -> None:
        failed.update(cell=number.get(cell_index, cell_index + 1),
                      error=cell_error_text(cell, execute_reply.get("content", {})))

    # Unix socket paths are short: a private 0700 folder under /tmp, as the window's kernel has.
    runtime = Path(tempfile.mkdtemp(prefix="dss-run-"))
    os.chmod(runtime, 0o700)
    mark_owner(runtime)
    manager = remote or _kernel_manager(launch, runtime)
    local = remote is None
    client = NotebookClient(
        notebook, timeout=timeout, km=manager,
        # An ipykernel starts in the private folder and moves to the project once up (a project
        # file named ipykernel_launcher.py must not run as it starts); another kernel starts there.
        resources={"metadata": {"path": str(runtime if launch.runs_ipykernel else root)}} if local else {},
        extra_arguments=[project_setup_option(root)] if launch.runs_ipykernel and local else [],
        on_cell_start=on_cell_start, on_cell_error=on_cell_error)
    try:
        # Shut a local kernel down when done (nbclient leaves alone a kernel manager it was
        # given): else the kernel outlived this process and printed "Parent appears to have
        # exited". A server's kernel is stopped below.
        client.execute(**({"env": launch.env, "cleanup_kc": True} if local else {}))
    except CellTimeoutError:
        return f"cell {current['cell']} ran longer than {timeout:g} s and was stopped"
    except CellExecutionError:
        return f"cell {failed.get('cell', '?')} failed: {failed.get('error')}"
    except DeadKernelError as error:
        return f"the kernel died: {error}"
    except KernelError as error:  # a server's kernel that could not be started or reached
        return f"the kernel could not start: {error}"
    except (RuntimeError, OSError):  # "Kernel died before replying to kernel_info", or no exec
        from dsstudio.core.kernel.diagnosis import diagnose

        problem = diagnose(launch)
        fix = f"\nInstall it with: {problem.install_text}" if problem.install else ""
        return f"the kernel could not start: {problem.message}{fix}"
    finally:
        import atexit
        import shutil

        # nbclient registers its clean-up at exit, which fails (an assertion) once it has
        # cleaned up already with a kernel manager it was given.
        atexit.unregister(client._cleanup_kernel)
        if remote is not None:  # a server keeps a kernel nobody stops: this run's is stopped
            remote.session.shutdown()
        # nbclient has stopped a local kernel by now; one still running (it never answered) is
        # left to the watchdog, which ends it as this process exits.
        if getattr(manager, "watchdog", None) is not None and not manager.has_kernel:
            manager.watchdog.release()
        shutil.rmtree(runtime, ignore_errors=True)
    return None


def cell_error_text(cell, reply_content: dict) -> str:
    """"ValueError: no html" for a failed cell: from its last error output, which is the
    exception even when the reply names none (a result whose _repr_html_ raised makes ipykernel
    reply "error" with ename "NoneType" and evalue "None"), else from the reply."""
    for output in reversed(cell.get("outputs", [])):
        if output.get("output_type") == "error" and output.get("ename"):
            return f"{output['ename']}: {output.get('evalue', '')}"
    ename = reply_content.get("ename")
    if ename and ename != "NoneType":
        return f"{ename}: {reply_content.get('evalue', '')}"
    return "the kernel reported an error without naming it"

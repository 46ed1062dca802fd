"""`dsstudio run NOTEBOOK`: execute a notebook top to bottom in a fresh kernel for its project.

nbclient (Jupyter's own notebook executor, formerly nbconvert's ExecutePreprocessor) does the
execution, with outputs recorded as Jupyter records them (clear_output, update_display_data and
all). dsstudio adds the project: the kernel works in the project root, with the root (and `src/`)
first on sys.path, as the app's own kernel does.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TextIO

from dsstudio.core.kernel.session import kernel_sys_path
from dsstudio.core.notebook.notebook_file import NotebookError, read_notebook, write_notebook
from dsstudio.core.project.paths import PROJECT_FILE_SUFFIX

EXIT_OK, EXIT_CELL_FAILED, EXIT_BAD_NOTEBOOK = 0, 1, 2


def project_root_for(notebook_path: Path) -> Path:
    """The nearest folder upward holding a .dsproj file, else the notebook's own folder."""
    folder = notebook_path.resolve().parent
    for candidate in (folder, *folder.parents):
        if any(candidate.glob(f"*{PROJECT_FILE_SUFFIX}")):
            return candidate
    return folder


def run_notebook(path: Path, output: Path | None = None, inplace: bool = False,
                 timeout: float | None = None, log: TextIO = sys.stderr) -> int:
    """Run, write the outputs (also on failure), and return the exit status."""
    path = Path(path)
    try:
        notebook, notices = read_notebook(path)
    except NotebookError as error:
        print(f"dsstudio run: {error}", file=log)
        return EXIT_BAD_NOTEBOOK
    for notice in notices:
        print(f"dsstudio run: {notice}", file=log)
    target = path if inplace else (Path(output) if output else path.with_name(f"{path.stem}.out.ipynb"))
    root = project_root_for(path)
    failure = _execute(notebook, root, timeout, log)
    try:
        write_notebook(target, notebook)
    except NotebookError as error:
        print(f"dsstudio run: {error}", file=log)
        return EXIT_BAD_NOTEBOOK
    if failure:
        print(f"dsstudio run: {failure}", file=log)
        return EXIT_CELL_FAILED
    print(f"dsstudio run: wrote {target}", file=log)
    return EXIT_OK


def _execute(notebook, root: Path, timeout: float | None, log: TextIO) -> str | None:
    """Run every code cell; None, or what failed (cell number and error text)."""
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
        content = execute_reply.get("content", {})
        failed.update(cell=number.get(cell_index, cell_index + 1), ename=content.get("ename"),
                      evalue=content.get("evalue"))

    paths = json.dumps(kernel_sys_path(root))
    client = NotebookClient(
        notebook, timeout=timeout, kernel_name="python3",
        resources={"metadata": {"path": str(root)}},
        extra_arguments=[f"--IPKernelApp.exec_lines=__import__('sys').path[:0] = {paths}"],
        on_cell_start=on_cell_start, on_cell_error=on_cell_error)
    try:
        client.execute()
    except CellTimeoutError:
        return f"cell {current['cell']} ran longer than {timeout:g} s and was stopped"
    except CellExecutionError:
        return (f"cell {failed.get('cell', '?')} failed: {failed.get('ename')}: "
                f"{failed.get('evalue')}")
    except DeadKernelError as error:
        return f"the kernel died: {error}"
    except RuntimeError as error:  # jupyter_client: "Kernel died before replying to kernel_info"
        return f"the kernel could not start: {error}"
    return None

"""Command-line parsing and the start-up order.

The order is the point of this module: the kernel process is launched before Qt is even imported,
so the kernel boots on the second core while the window is built; qtconsole (the heaviest import)
waits until the window is on screen.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from dsstudio import __version__


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="dsstudio",
        description="Open a project folder (or a file in it) with an editor and an IPython "
        "console on one kernel. Without PATH, reopen the last project or show the start page. "
        "`dsstudio run NOTEBOOK` executes a notebook without a window (see `dsstudio run -h`).",
    )
    parser.add_argument("path", nargs="?", help="a project folder, a file in it, or a .dsproj file")
    parser.add_argument("--version", action="version", version=f"dsstudio {__version__}")
    parser.add_argument(
        "--profile-startup",
        action="store_true",
        help="start as usual, print one JSON line of start-up timings "
        "(seconds from process start), then quit",
    )
    entry = parser.add_mutually_exclusive_group()
    entry.add_argument("--install-desktop-entry", action="store_true",
                       help="Linux: add dsstudio to the desktop's applications, with its icon, "
                       "the .dsproj file type and 'Open with' on folders (under ~/.local/share)")
    entry.add_argument("--uninstall-desktop-entry", action="store_true",
                       help="Linux: remove what --install-desktop-entry added")
    return parser


def build_run_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="dsstudio run",
        description="Execute a notebook top to bottom in a fresh kernel for its project (the "
        "nearest folder upward with a .dsproj file, else with pyproject.toml, setup.cfg or .git, "
        "else the notebook's folder), in the project's interpreter, and write the outputs. "
        "Exit status: 0 done, 1 a cell failed (outputs so far are written), "
        "2 the notebook could not be read (or --python does not exist).")
    parser.add_argument("notebook", help="the .ipynb file")
    target = parser.add_mutually_exclusive_group()
    target.add_argument("-o", "--output", help="where to write (default: NAME.out.ipynb beside it)")
    target.add_argument("--inplace", action="store_true", help="write the outputs into NOTEBOOK")
    parser.add_argument("--timeout", type=float, default=None,
                        help="stop a cell that runs longer than this many seconds")
    parser.add_argument("--python", metavar="PATH",
                        help="run the kernel in this Python (default: the project's interpreter, "
                        "as the window would choose it)")
    parser.add_argument("--server", metavar="URL",
                        help="run the kernel on this Jupyter server (the URL as Jupyter prints it, "
                        "http://host:port/?token=..., or the token in JUPYTER_TOKEN)")
    return parser


def run_cli(argv: list[str]) -> int:
    if argv[:1] == ["run"]:
        # `dsstudio run NOTEBOOK`; a project folder named "run" opens as `dsstudio ./run`.
        args = build_run_parser().parse_args(argv[1:])
        from dsstudio.core.notebook.run import run_notebook

        server = None
        if args.server:
            from dsstudio.core.kernel.remote.server_address import ServerAddressError, parse_server_url

            try:
                server = parse_server_url(args.server)
            except ServerAddressError as error:
                print(f"dsstudio run: --server: {error}", file=sys.stderr)
                return 2
        return run_notebook(Path(args.notebook), args.output and Path(args.output), args.inplace,
                            args.timeout, python=args.python and Path(args.python), server=server)
    args = build_parser().parse_args(argv)
    if args.install_desktop_entry or args.uninstall_desktop_entry:
        return _desktop_entry(args.install_desktop_entry)
    from dsstudio.core.project.paths import PathArgumentError, resolve_launch_path

    project_root: Path | None = None
    file_to_open: Path | None = None
    if args.path is not None:
        try:
            project_root, file_to_open = resolve_launch_path(args.path)
        except PathArgumentError as error:
            print(error, file=sys.stderr)
            return 2
    from dsstudio.app import run_app

    return run_app(project_root, file_to_open, profile_startup=args.profile_startup)


def _desktop_entry(install: bool) -> int:
    if not sys.platform.startswith("linux"):
        print("dsstudio: desktop entries are for Linux; the installers set up Windows and macOS",
              file=sys.stderr)
        return 2
    from dsstudio.core.app import desktop_entry

    try:
        notes = desktop_entry.install() if install else desktop_entry.uninstall()
    except OSError as error:
        print(f"dsstudio: could not {'install' if install else 'remove'} the desktop entry: "
              f"{error}", file=sys.stderr)
        return 1
    for note in notes:
        print(f"dsstudio: {note}", file=sys.stderr)
    where = desktop_entry.data_home()
    print(f"dsstudio: desktop entry {'installed in' if install else 'removed from'} {where}")
    return 0

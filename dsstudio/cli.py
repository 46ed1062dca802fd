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
        "console on one kernel. Without PATH, reopen the last project or show the start page.",
    )
    parser.add_argument("path", nargs="?", help="a project folder, a file in it, or a .dsproj file")
    parser.add_argument("--version", action="version", version=f"dsstudio {__version__}")
    parser.add_argument(
        "--profile-startup",
        action="store_true",
        help="start as usual, print one JSON line of start-up timings "
        "(seconds from process start), then quit",
    )
    return parser


def run_cli(argv: list[str]) -> int:
    args = build_parser().parse_args(argv)
    from dsstudio.core.paths import PathArgumentError, resolve_launch_path

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

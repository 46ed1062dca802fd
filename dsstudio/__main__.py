"""Entry point for `dsstudio` and `python -m dsstudio`.

Kept tiny on purpose: the frozen app relaunches its own executable as the project kernel, and that
switch must be taken before anything imports Qt (a kernel process has no business loading a GUI).
"""

import sys

KERNEL_SWITCH = "--dsstudio-kernel"
SEARCH_SWITCH = "--dsstudio-search"  # (the same as dsstudio.core.search.search_process's)
ENGINE_SWITCH = "--dsstudio-jedi"  # (the same as dsstudio.core.intelligence.engine_process's)


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if getattr(sys, "frozen", False) and args[:2] == ["-m", "ipykernel_launcher"]:
        # Jupyter's own kernel spec starts `sys.executable -m ipykernel_launcher`: in the frozen
        # app that is this executable (nbclient does it for `dsstudio run`).
        args = [KERNEL_SWITCH, *args[2:]]
    if args[:1] == [SEARCH_SWITCH]:
        # Find in Files' search process (dsstudio.core.search.search_process): no Qt either.
        from dsstudio.core.search.search_process import main as serve_searches

        return serve_searches()
    if args[:1] == [ENGINE_SWITCH]:
        # Code intelligence's jedi process (dsstudio.core.intelligence.engine_process): no Qt.
        from dsstudio.core.intelligence.engine_process import main as serve_analysis

        return serve_analysis()
    if args[:1] == [KERNEL_SWITCH]:
        from dsstudio.core.kernel.kernel_boot import run_boot

        run_boot(args[1:])
        return 0
    from dsstudio.cli import run_cli

    return run_cli(args)


if __name__ == "__main__":
    sys.exit(main())

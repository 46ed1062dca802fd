"""Run some tests against named mutants again, each forked from one warmed-up process, as mutmut
does, and print whether each was killed.

After new tests are written for a file's survivors, this tells which the new tests kill without a
whole `make mutation` run (a survivor costs a run of every test that reaches it). From `mutants/`
(after a `make mutation` run made it), with the test files copied into `mutants/tests/`:

    cd mutants && PYTHONPATH=$PWD ../.venv/bin/python ../benchmarks/mutation_recheck.py \\
        survivors.txt tests/kernel/test_rerun_plan_pinned.py [more pytest arguments]

survivors.txt: mutant names (as `mutmut results` prints them), one a line. A run longer than
`LIMIT` seconds counts as killed, as mutmut counts a timeout.

`--cold=polars,pandas` (first argument): the process forked from has imported those modules and
run no test. For tests of a library that hangs in a forked process once its thread pool has
started (polars), which mutmut's forked runs must skip (tests/kernel/data_viewer/conftest.py).
"""

from __future__ import annotations

import importlib
import os
import sys
import time
from pathlib import Path

import pytest

LIMIT = 150


def run_forked(name: str, args: list[str]) -> str:
    pid = os.fork()
    if pid == 0:
        os.environ["MUTANT_UNDER_TEST"] = name  # mutmut's trampolines read it at each call
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 (the child ends with os._exit)
        os._exit(int(pytest.main(args)))
    deadline = time.monotonic() + LIMIT
    while time.monotonic() < deadline:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            return "survived" if os.waitstatus_to_exitcode(status) == 0 else "killed"
        time.sleep(0.2)
    os.kill(pid, 9)
    os.waitpid(pid, 0)
    return "killed (timeout)"


def main() -> None:
    cold = sys.argv[1].startswith("--cold=")
    names_file, *tests = sys.argv[1 + cold:]
    args = ["-q", "-x", "-p", "no:cacheprovider", *tests]
    os.environ["MUTANT_UNDER_TEST"] = ""
    if cold:
        for module in sys.argv[1].removeprefix("--cold=").split(","):
            importlib.import_module(module)
        if run_forked("", args) != "survived":
            sys.exit("the tests fail without a mutant")
    elif pytest.main(args) != 0:
        sys.exit("the tests fail without a mutant")
    for name in Path(names_file).read_text().split():
        print(name, run_forked(name, args), flush=True)


if __name__ == "__main__":
    main()

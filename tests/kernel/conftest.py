"""A project folder importable from a real IPython InteractiveShell, cleaned up after each test;
and a real kernel, for the tests of the Variables pane's kernel side."""

from __future__ import annotations

import itertools
import os
import sys
import textwrap
import typing
from pathlib import Path

import pytest
from IPython.core.interactiveshell import InteractiveShell

from dsstudio.kernel import import_record, reloader, rerun_plan

# Modification times move forward across the whole test session, as real saves do: the shell is
# shared, and IPython's autoreload remembers each module name's last file time.
_ticks = itertools.count(1)


class Project:
    def __init__(self, root: Path, shell: InteractiveShell) -> None:
        self.root = root
        self.shell = shell

    def write(self, relative: str, source: str) -> Path:
        """Write a module; its mtime always moves forward, as a real save's does."""
        path = self.root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(source))
        stamp = 1_700_000_000_000_000_000 + next(_ticks) * 1_000_000_000
        os.utime(path, ns=(stamp, stamp))
        return path

    def run(self, code: str):
        """Run `code` as a notebook cell; returns the value of a final expression, if any."""
        result = self.shell.run_cell(textwrap.dedent(code), store_history=False)
        result.raise_error()
        return result.result

    def ns(self, name: str):
        return self.shell.user_ns[name]

    def reload(self, *relatives: str) -> dict:
        return reloader.reload_paths([self.root / r for r in relatives], self.shell)


@pytest.fixture(scope="session")
def shell() -> InteractiveShell:
    return InteractiveShell.instance()


@pytest.fixture
def project(tmp_path: Path, shell: InteractiveShell):
    root = tmp_path / "proj"
    root.mkdir()
    sys.path.insert(0, str(root))
    reloader.set_project_roots([root])
    before = set(sys.modules)
    shell.reset(new_session=False)
    # As the app installs it: the recorder notes the from-imports of each cell, and the sources
    # of the modules a cell imports are kept to compare saves with.
    import_record.RECORDER.followed.clear()
    import_record.RECORDER.stars.clear()
    # As in a fresh kernel, no statement has been read: analyses kept from earlier tests (by
    # their text) would run none of the reading code, and hide a change to it.
    rerun_plan._memo.clear()
    reloader.load_ipython_extension(shell)
    yield Project(root, shell)
    reloader.unload_ipython_extension(shell)
    sys.path.remove(str(root))
    for name in set(sys.modules) - before:
        module = sys.modules.get(name)
        if getattr(module, "__file__", "") and str(root) in module.__file__:
            del sys.modules[name]
            # typing keeps overloads by module name: the next test's module of that name starts
            # with none, as in a fresh kernel.
            typing._overload_registry.pop(name, None)
    reloader.set_project_roots([])
    shell.reset(new_session=False)


@pytest.fixture(autouse=True)
def import_recorder_never_fails():
    """The import recorder keeps its errors to itself (a cell runs whatever happens to it), so a
    failure would otherwise only show as a name that no longer follows its module."""
    import_record.RECORDER.failures.clear()
    yield
    assert import_record.RECORDER.failures == []


# ---- A real kernel for the Variables pane's tests (one per test module), a client of it, and
# the pane's connection (its pushed events kept in `pane.events`)
@pytest.fixture(scope="module")
def kernel(tmp_path_factory):
    from dsstudio.core.kernel.session import KernelSession

    session = KernelSession(Path(tmp_path_factory.mktemp("kernel")))
    session.start()
    session.wait_ready()
    yield session
    session.shutdown()


@pytest.fixture
def runner(kernel):
    client = kernel.client()
    yield client
    client.stop_channels()


@pytest.fixture
def pane(kernel):
    import queue

    from dsstudio.core.variables.variables_connection import VariablesConnection

    events: queue.Queue = queue.Queue()
    connection = VariablesConnection(kernel.client(), events.put)
    connection.open()
    connection.events = events
    yield connection
    connection.close()


@pytest.fixture
def break_patching(monkeypatch):
    """`break_patching("boom")`: updating the old function named "boom" in place fails midway
    through the next reload ("RuntimeError: patching broke"), as a bug in patching would; the
    reload must then leave the module, and everything it touched, as before the save."""
    from dsstudio.kernel import patching

    real = patching.update_function

    def at(function_name: str) -> None:
        def failing(old, new, *args, **kwargs):
            if old.__name__ == function_name:
                raise RuntimeError("patching broke")
            return real(old, new, *args, **kwargs)

        monkeypatch.setattr(patching, "update_function", failing)

    return at

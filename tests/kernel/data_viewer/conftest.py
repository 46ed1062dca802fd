"""The data viewer's pages as the kernel answers them, in the test process: each test starts as
in a fresh kernel (no sort order or partition size kept), and dask computes in the calling thread."""

from __future__ import annotations

import os

import dask
import pytest

from dsstudio.kernel import variables_table


@pytest.fixture(autouse=True)
def fresh_caches():
    """As in a fresh kernel, no sort order or partition size is kept from another test; dask
    computes in the calling thread (its thread pool, once started, hangs a forked process, and
    the mutation run forks each mutant's run from one that ran these tests)."""
    variables_table.forget()
    with dask.config.set(scheduler="synchronous"):
        yield
    variables_table.forget()


# Polars' thread pool, once started, hangs a forked process (pola-rs/polars#8032, #20284): in the
# mutation run's forked runs the tests that compute with polars are skipped, and its mutants
# measured in fresh processes (docs/mutation.md).
_forked = []
os.register_at_fork(after_in_child=lambda: _forked.append(True))


@pytest.fixture
def polars_computes():
    if _forked:
        pytest.skip("polars hangs in a forked process once its thread pool has started")

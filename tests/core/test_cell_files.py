"""A frame's cell file named from the cell's code as ipykernel names it (its debugInfo)."""

from __future__ import annotations

import pytest

from dsstudio.core.debug.cell_files import cell_file_name, find_cell, murmur2_x86

compiler = pytest.importorskip("ipykernel.compiler")
INFO = {"hashMethod": "Murmur2", "hashSeed": 0xC70F6907, "tmpFilePrefix": "/tmp/ipykernel_7/",
        "tmpFileSuffix": ".py"}


@pytest.mark.parametrize("code", ["", "a", "ab", "abc", "abcd", "x = 1\nprint(x)\n", "é = '😀'"])
def test_the_hash_is_ipykernels(code):
    assert murmur2_x86(code, INFO["hashSeed"]) == compiler.murmur2_x86(code, INFO["hashSeed"])


def test_the_cell_whose_code_hashes_to_the_path_is_found():
    path = f"/tmp/ipykernel_7/{compiler.murmur2_x86('y = 2', INFO['hashSeed'])}.py"
    assert cell_file_name("y = 2", INFO) == path
    assert find_cell(path, [("first", "x = 1"), ("second", "y = 2")], INFO) == "second"
    assert find_cell(path, [("first", "x = 1")], INFO) is None
    # Never attached (a post-mortem): ipykernel's own seed names the file.
    assert find_cell(path, [("second", "y = 2")], {}) == "second"
    assert find_cell("/tmp/other/1.py", [("second", "y = 2")], {}) is None

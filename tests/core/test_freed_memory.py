"""Handing freed memory back to the system (glibc's malloc_trim) after outputs are cleared."""

from __future__ import annotations

import platform
import sys

import pytest

from dsstudio.core.app.freed_memory import return_freed_memory


@pytest.mark.skipif(not sys.platform.startswith("linux") or platform.libc_ver()[0] != "glibc",
                    reason="malloc_trim is glibc's")
def test_glibc_is_asked_to_give_freed_memory_back():
    blocks = [bytearray(1_200_000) for _ in range(50)]  # a cleared notebook's images, say
    del blocks
    assert return_freed_memory() is True
    assert return_freed_memory() is True  # the library is looked up once, then reused


def test_other_systems_are_left_alone(monkeypatch):
    monkeypatch.setattr(sys, "platform", "darwin")
    assert return_freed_memory() is False

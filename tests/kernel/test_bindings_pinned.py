"""Which names a module's source binds at its top level (bindings.py), pinned case by case.

The reloader removes from a module the names its saved source no longer binds, so a name missed
here would vanish from the user's module at the next save, and a name wrongly counted would
linger after the user deleted it. Mutation testing found most of these cases unpinned.
"""

from __future__ import annotations

import ast
import textwrap
import types

from dsstudio.kernel.bindings import bound_names, star_names


def names_of(source: str) -> tuple[set[str], list[str]]:
    return bound_names(ast.parse(textwrap.dedent(source)).body)


def test_imports_bind_their_first_name_or_alias():
    names, stars = names_of("""
        import os.path, numpy as np
        from m import a, b as c
        from pkg.sub import *
        from . import *
        from .rel import *
    """)
    assert names == {"os", "np", "a", "c"}
    assert sorted(stars) == [".", ".rel", "pkg.sub"]


def test_assignments_of_every_form():
    names, _ = names_of("""
        x = 1
        y: int = 2
        z += 1
        (p, [q, *r]) = range(3)
        obj.attr = 1
        seq[0] = 1
        del gone
        global g
    """)
    assert names == {"x", "y", "z", "p", "q", "r"}


def test_blocks_at_the_top_level_bind_but_scopes_do_not():
    names, _ = names_of("""
        for i in range(3):
            in_for = i
        with open(f) as (fh, gh):
            pass
        while (w := 0):
            pass
        try:
            pass
        except ValueError as err:
            pass
        except TypeError:
            pass
        if t:
            u = 1
        else:
            v = 2

        @decorate(dw := 1)
        def f(arg):
            inner = 1

        class C:
            attr = 1

        async def g():
            pass

        def h():
            global gg
            gg = 1

        lam = lambda la: (lw := la)
    """)
    assert names == {"i", "in_for", "fh", "gh", "w", "err", "u", "v", "dw", "f", "C", "g", "h",
                     "lam"}


def test_comprehensions_bind_only_their_walrus():
    names, _ = names_of("""
        squares = [ci * ci for ci in range(3) if (cw := ci)]
        pairs = {k2: v2 for k2, v2 in {}.items()}
        total = sum(gi for gi in range(3))
        seen = {si for si in (sw := [1])}
    """)
    assert names == {"squares", "cw", "pairs", "total", "seen", "sw"}


def test_match_statements_bind_their_captures():
    names, _ = names_of("""
        match command:
            case [first, *others]:
                pass
            case {"key": kk, **rest}:
                pass
            case {"only": 1}:
                pass
            case Point(x=px) as whole:
                pass
            case [_, *_]:
                pass
    """)
    assert names == {"first", "others", "kk", "rest", "px", "whole"}


def test_star_names_follow_all_else_the_public_names():
    module = types.ModuleType("m")
    module.public, module._private = 1, 2
    assert star_names(module) == ["public"]
    module.__all__ = ["_private", 3, "public"]
    assert star_names(module) == ["_private", "public"]

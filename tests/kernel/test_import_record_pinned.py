"""The import recorder (kernel/import_record.py) on its own: what it records, what it rebinds.

Mutation testing found these unpinned once a test that killed every mutant by accident was left
out: a shell that brings its own transform_ast, except and except* blocks, and what `follow`
rebinds and reports.
"""

from __future__ import annotations

import ast
import sys
import types

import pytest

from dsstudio.kernel import import_record
from dsstudio.kernel.import_record import ImportRecorder


def recorder_after(*cells: str, followed: tuple[str, ...] = ()) -> ImportRecorder:
    recorder = ImportRecorder()
    recorder.followed.update({name: ("m", name) for name in followed})
    for cell in cells:
        assert recorder.visit(ast.parse(cell)) is not None
    return recorder


def module(name: str, **values) -> types.ModuleType:
    made = types.ModuleType(name)
    vars(made).update(values)
    return made


def test_an_except_name_takes_a_name_over_and_the_try_body_is_read():
    recorder = recorder_after("try:\n    from n import B\nexcept Exception as A:\n    pass",
                              followed=("A",))
    assert recorder.followed == {"B": ("n", "B")}


@pytest.mark.skipif(sys.version_info < (3, 11), reason="except* is Python 3.11+")
def test_imports_inside_try_star_are_recorded():
    recorder = recorder_after("try:\n    from n import B\nexcept* ValueError as A:\n    C = 1",
                              followed=("A", "C"))
    assert recorder.followed == {"B": ("n", "B")}


def test_imports_inside_loops_and_with_blocks_are_recorded():
    recorder = recorder_after("for _ in [1]:\n    from n import B\nwith ctx:\n    from n import C")
    assert recorder.followed == {"B": ("n", "B"), "C": ("n", "C")}


def test_a_node_without_a_body_records_nothing():
    node = ast.Pass()
    assert ImportRecorder().visit(node) is node


def test_a_shells_own_transform_ast_is_wrapped_and_given_back():
    seen = []

    def own_transform(node):
        seen.append(node)
        return node

    shell = types.SimpleNamespace(transform_ast=own_transform)
    import_record.install(shell)
    assert shell.transform_ast is not own_transform and shell.transform_ast.dsstudio_recorder
    import_record.install(shell)  # twice: still one wrapper
    tree = ast.parse("from n import B")
    before = dict(import_record.RECORDER.followed)
    try:
        assert shell.transform_ast(tree) is tree and seen == [tree]
        assert import_record.RECORDER.followed["B"] == ("n", "B")
    finally:
        import_record.RECORDER.followed.clear()
        import_record.RECORDER.followed.update(before)
        import_record.uninstall(shell)
    assert shell.transform_ast is own_transform
    import_record.uninstall(shell)  # again, or on a shell never wrapped: nothing happens
    assert shell.transform_ast is own_transform


def test_no_shell_is_no_op():
    import_record.install(None)
    import_record.uninstall(None)


def test_follow_rebinds_only_names_still_holding_the_old_value_and_reports_them():
    old_a, new_a, users = object(), object(), object()
    recorder = recorder_after("from m import C, A, B, D")
    user_ns = {"A": old_a, "B": users, "D": None}
    saved = module("m", A=new_a, B=new_a, C=new_a, D=new_a)
    changed = recorder.follow(user_ns, saved, {"A": old_a, "B": old_a, "C": old_a})
    assert changed == ["A"]
    # B is the user's own value; C was never bound; D held None and m had no D before.
    assert user_ns == {"A": new_a, "B": users, "D": None}
    assert recorder.follow({"A": new_a}, module("other", A=old_a), {"A": new_a}) == []


def test_follow_brings_new_star_names_and_updates_unchanged_ones():
    old_b, new_b, mine = object(), object(), object()
    recorder = recorder_after("from m import *", "C = 1")
    user_ns = {"B": old_b, "C": 1, "E": mine}
    saved = module("m", B=new_b, C=2, D=3, E=4, _hidden=5)
    changed = recorder.follow(user_ns, saved, {"B": old_b, "C": 1, "E": old_b})
    assert sorted(changed) == ["B", "D"]
    assert user_ns == {"B": new_b, "C": 1, "D": 3, "E": mine}


def test_follow_skips_names_all_lists_but_the_module_lacks():
    recorder = recorder_after("from m import *")
    user_ns: dict = {}
    assert recorder.follow(user_ns, module("m", __all__=["Ghost", "A"], A=1), {}) == ["A"]
    assert user_ns == {"A": 1}

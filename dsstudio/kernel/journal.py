"""An undo log for patching, so a reload that fails midway leaves nothing half done.

Patching changes old objects in place (a function's code, a class's attributes, an instance's
class, a dispatcher's registry). Each change goes through here while a journal is open, with
what it replaced; if anything fails before the module is fully updated, `undo` puts every
object back as it was before the save, newest change first.

Standard library only: this runs inside the user's kernel.
"""

from __future__ import annotations

from contextlib import contextmanager, suppress

MISSING = object()
_open: list[list] = []  # the open journal's undo steps (one journal at a time)


@contextmanager
def recording():
    """Record the changes made inside; on an exception they are undone and it propagates."""
    steps: list = []
    _open.append(steps)
    try:
        yield steps
    except BaseException:
        undo(steps)
        raise
    finally:
        _open.remove(steps)


def undo(steps: list) -> None:
    while steps:
        step = steps.pop()
        with suppress(Exception):  # restore all the others even if one cannot be
            step()


def on_undo(step) -> None:
    """Run `step` (no arguments) if the open journal is undone."""
    if _open:
        _open[-1].append(step)


def set_attr(obj, name: str, value, setter=setattr) -> None:
    """`setter(obj, name, value)`, remembering the value (or absence) it replaces."""
    if _open:
        owned = obj.__dict__ if isinstance(obj, type) else None
        before = owned.get(name, MISSING) if owned is not None else getattr(obj, name, MISSING)
        on_undo(lambda: setter(obj, name, before) if before is not MISSING else delattr(obj, name))
    setter(obj, name, value)


def del_attr(obj, name: str) -> None:
    before = obj.__dict__.get(name, MISSING) if isinstance(obj, type) else getattr(obj, name, MISSING)
    delattr(obj, name)
    if before is not MISSING:
        on_undo(lambda: setattr(obj, name, before))


def set_class(instance, cls: type) -> None:
    """Make `instance` an instance of `cls` (also frozen dataclasses, enum members)."""
    before = type(instance)
    object.__setattr__(instance, "__class__", cls)
    on_undo(lambda: object.__setattr__(instance, "__class__", before))


def set_cell(cell, value) -> None:
    before = cell.cell_contents
    cell.cell_contents = value
    on_undo(lambda: setattr(cell, "cell_contents", before))


def update_dict(target: dict, values: dict) -> None:
    """`target.update(values)`, undone by restoring `target`'s contents."""
    if _open:
        before = dict(target)
        on_undo(lambda: (target.clear(), target.update(before)))
    target.update(values)

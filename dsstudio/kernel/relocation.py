"""Line numbers of definitions that a save moved but did not change.

A save that adds lines above a function leaves the function's code as it was, so it does not run
again; but its code still carries the old line numbers, and tracebacks, the debugger's
breakpoints and `inspect.getsource` would point at the wrong lines. Its code objects (and those
nested in them) get the new first line instead: in CPython a code object's line table is
relative to its first line, so the shift moves every line at once. So does a class's recorded
first line (`__firstlineno__`, Python 3.13+).

Standard library only: this runs inside the user's kernel.
"""

from __future__ import annotations

import types

from . import journal


def shift_definition(value, name: str, delta: int, filename: str) -> None:
    """Move the code of the statement that defined `name` (a function, decorated or not, or a
    class) by `delta` lines. Only code whose qualified name is `name` or inside it moves: a
    decorator's wrapper runs code defined with the decorator, elsewhere in the file."""
    _shift(value, delta, filename, set(), name)


def _shift(value, delta: int, filename: str, seen: set, name: str) -> None:
    if id(value) in seen:
        return
    seen.add(id(value))
    if isinstance(value, (classmethod, staticmethod)):
        _shift(value.__func__, delta, filename, seen, name)
    elif isinstance(value, property):
        for accessor in (value.fget, value.fset, value.fdel):
            if accessor is not None:
                _shift(accessor, delta, filename, seen, name)
    elif isinstance(value, types.FunctionType):
        code = value.__code__
        qualname = getattr(code, "co_qualname", code.co_name)
        if code.co_filename == filename and (qualname == name or qualname.startswith(name + ".")):
            journal.set_attr(value, "__code__", shifted(value.__code__, delta))
        for cell in value.__closure__ or ():
            try:
                contents = cell.cell_contents
            except ValueError:
                continue
            if isinstance(contents, types.FunctionType):  # a decorator's `func`
                _shift(contents, delta, filename, seen, name)
    elif isinstance(value, type):
        first = vars(value).get("__firstlineno__")
        if isinstance(first, int) and (value.__qualname__ == name or value.__qualname__.startswith(name + ".")):
            # Python 3.13 records a class's first line, where inspect.getsource looks for it.
            journal.set_attr(value, "__firstlineno__", first + delta, type.__setattr__)
        for member in list(vars(value).values()):
            _shift(member, delta, filename, seen, name)
        return
    wrapped = getattr(value, "__wrapped__", None)
    if wrapped is not None:
        _shift(wrapped, delta, filename, seen, name)


def shifted(code: types.CodeType, delta: int) -> types.CodeType:
    consts = tuple(shifted(c, delta) if isinstance(c, types.CodeType) and c.co_filename == code.co_filename
                   else c for c in code.co_consts)
    return code.replace(co_firstlineno=code.co_firstlineno + delta, co_consts=consts)

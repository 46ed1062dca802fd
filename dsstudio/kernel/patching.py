"""Updating old objects in place, so references taken before a reload run the new code.

`g = m.f`, a bound method, an instance, a subclass defined in the notebook: all of these hold the
*old* function or class object. Instead of leaving them behind, the old objects take the new
code: a function gets the new `__code__` (and defaults, annotations, docs), and a class gets the
new class's attributes, with its methods updated the same way. The old class object then stays
the module's class, so old instances are instances of it, subclasses see the change, and pickle
finds the class under its name.

Standard library only: this runs inside the user's kernel.
"""

from __future__ import annotations

import enum
import functools
import types

# Attributes a class gets from `type` itself, or that cannot be set on an existing class.
CLASS_SKIP = frozenset({"__dict__", "__weakref__", "__module__", "__qualname__", "__slots__",
                        "__mro__", "__bases__", "__base__", "__class__", "__name__"})


def update_function(old: types.FunctionType, new: types.FunctionType) -> bool:
    """Give `old` the code and metadata of `new`; False if the two cannot share code.

    Code can only be swapped when the free variables match (the closure cells are `old`'s).
    """
    if old is new:
        return True
    if old.__code__.co_freevars != new.__code__.co_freevars:
        return False
    old.__code__ = new.__code__
    old.__defaults__ = new.__defaults__
    old.__kwdefaults__ = new.__kwdefaults__
    old.__annotations__ = new.__annotations__
    old.__doc__ = new.__doc__
    old.__qualname__ = new.__qualname__
    old.__dict__.update({k: v for k, v in new.__dict__.items() if k != "__wrapped__"})
    # Closure cells may hold functions too (a decorator's `func`): update what they hold.
    for old_cell, new_cell in zip(old.__closure__ or (), new.__closure__ or ()):
        try:
            old_value, new_value = old_cell.cell_contents, new_cell.cell_contents
        except ValueError:  # an empty cell
            continue
        if isinstance(old_value, type):
            # `__class__` (zero-argument super) or a class captured by a decorator: the old
            # class stays the module's class, so the old cell is already right.
            continue
        if not update_object(old_value, new_value):
            old_cell.cell_contents = new_value
    return True


def update_object(old, new) -> bool:
    """Update `old` in place from `new` where that is possible; True if `old` now stands for `new`."""
    if old is new:
        return True
    if isinstance(old, types.FunctionType) and isinstance(new, types.FunctionType):
        return update_function(old, new)
    if isinstance(old, (classmethod, staticmethod)) and type(old) is type(new):
        return update_object(old.__func__, new.__func__)
    if isinstance(old, functools.partial) or isinstance(new, functools.partial):
        return False
    old_wrapped, new_wrapped = getattr(old, "__wrapped__", None), getattr(new, "__wrapped__", None)
    if old_wrapped is not None and new_wrapped is not None and not isinstance(old, type):
        # functools.wraps wrappers and lru_cache: the wrapper calls the wrapped function object,
        # so updating that object updates the wrapper. A cache would hold stale results.
        if not update_object(old_wrapped, new_wrapped):
            return False
        if isinstance(old, types.FunctionType) and isinstance(new, types.FunctionType):
            update_function(old, new)
        if hasattr(old, "cache_clear"):
            old.cache_clear()
        return True
    if isinstance(old, type) and isinstance(new, type):
        return update_class(old, new)
    return False


def update_class(old: type, new: type) -> bool:
    """Make `old` behave as `new`: same attributes, methods updated in place.

    Refused (False) when the layout differs (bases, metaclass, __slots__, Enum members, NamedTuple
    fields): then the module keeps the new class and old instances keep the old one.
    """
    if old is new:
        return True
    if type(old) is not type(new) or old.__bases__ != new.__bases__:
        return False
    if getattr(old, "__slots__", None) != getattr(new, "__slots__", None):
        return False
    if getattr(old, "_fields", None) != getattr(new, "_fields", None):
        return False
    if issubclass(old, enum.Enum) and _enum_members(old) != _enum_members(new):
        return False
    members = set(old._member_map_) if issubclass(old, enum.Enum) else set()
    for name in list(old.__dict__):
        if name not in new.__dict__ and name not in CLASS_SKIP and name not in members:
            try:
                delattr(old, name)
            except (AttributeError, TypeError):
                pass
    for name, new_value in new.__dict__.items():
        if name in CLASS_SKIP or name in members or name in ("_member_map_", "_value2member_map_",
                                                             "_member_names_"):
            continue
        old_value = old.__dict__.get(name)
        if old_value is not None and update_object(old_value, new_value):
            continue
        try:
            setattr(old, name, _rebind_class_refs(new_value, new, old))
        except (AttributeError, TypeError):
            pass
    return True


def _enum_members(cls: type) -> dict:
    return {name: member.value for name, member in cls.__members__.items()}


def _rebind_class_refs(value, new: type, old: type):
    """A new function whose zero-argument `super()` cell names the new class must name the old."""
    if isinstance(value, types.FunctionType) and value.__closure__:
        for cell in value.__closure__:
            try:
                if cell.cell_contents is new:
                    cell.cell_contents = old
            except ValueError:
                continue
    return value


def describe_change(old, new) -> bool:
    """True if `new` differs from `old` for the report (code, value, or identity of kind)."""
    if old is new:
        return False
    if isinstance(old, types.FunctionType) and isinstance(new, types.FunctionType):
        return _code_key(old.__code__) != _code_key(new.__code__) or old.__defaults__ != new.__defaults__
    if isinstance(old, type) and isinstance(new, type):
        return _class_key(old) != _class_key(new)
    if isinstance(old, types.ModuleType) or isinstance(new, types.ModuleType):
        return old is not new
    try:
        return bool(old != new)
    except Exception:  # noqa: BLE001 (objects whose comparison fails count as changed)
        return True


def _code_key(code: types.CodeType):
    consts = tuple(_code_key(c) if isinstance(c, types.CodeType) else repr(c) for c in code.co_consts)
    return code.co_code, consts, code.co_names, code.co_varnames


def _class_key(cls: type):
    items = []
    for name, value in sorted(cls.__dict__.items()):
        if name in CLASS_SKIP or name == "__doc__":
            continue
        func = getattr(value, "__func__", value)
        func = getattr(func, "fget", func)
        if isinstance(func, types.FunctionType):
            items.append((name, _code_key(func.__code__)))
        else:
            items.append((name, repr(value)[:200]))
    return tuple(items)

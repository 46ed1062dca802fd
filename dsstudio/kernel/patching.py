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

from . import journal, library_patches

# Attributes a class gets from `type` itself, or that cannot be set on an existing class.
CLASS_SKIP = frozenset({"__dict__", "__weakref__", "__module__", "__qualname__", "__slots__",
                        "__mro__", "__bases__", "__base__", "__class__", "__name__"})
ENUM_TABLES = frozenset({"_member_map_", "_value2member_map_", "_member_names_",
                         "_unhashable_values_"})
SLOT_DESCRIPTORS = (types.MemberDescriptorType, types.GetSetDescriptorType)


def update_function(old: types.FunctionType, new: types.FunctionType, seen: set | None = None) -> bool:
    """Give `old` the code and metadata of `new`; False if the two cannot share code.

    Code can only be swapped when the free variables match (the closure cells are `old`'s) and
    both read the same globals: a function generated with globals of its own (attrs' `__init__`
    and `__setattr__`, namedtuple's `__new__`) reads its validators and helpers from them, so
    swapping only its code would keep running the old ones.
    """
    if old is new:
        return True
    seen = set() if seen is None else seen
    if (id(old), id(new)) in seen:
        return True  # already being updated: a closure that holds its own function
    if old.__code__.co_freevars != new.__code__.co_freevars or old.__globals__ is not new.__globals__:
        return False
    seen.add((id(old), id(new)))
    for attribute in ("__code__", "__defaults__", "__kwdefaults__", "__annotations__", "__doc__",
                      "__qualname__"):
        journal.set_attr(old, attribute, getattr(new, attribute))
    journal.update_dict(old.__dict__, {k: v for k, v in new.__dict__.items() if k != "__wrapped__"})
    # Closure cells may hold functions too (a decorator's `func`): update what they hold.
    for old_cell, new_cell in zip(old.__closure__ or (), new.__closure__ or ()):
        try:
            old_value, new_value = old_cell.cell_contents, new_cell.cell_contents
        except ValueError:  # an empty cell
            continue
        if isinstance(old_value, type) or old_value is old:
            # `__class__` (zero-argument super) or a class captured by a decorator: the old
            # class stays the module's class, so the old cell is already right. A cell holding
            # the function itself (a recursive wrapper) already holds the one that stays.
            continue
        if not update_object(old_value, new_value, seen):
            journal.set_cell(old_cell, new_value)
    return True


def update_object(old, new, seen: set | None = None) -> bool:
    """Update `old` in place from `new` where that is possible; True if `old` now stands for `new`.

    `seen` holds the (old, new) pairs already being updated, so objects that refer to each
    other (a wrapper whose closure holds the wrapper, a memo on the wrapper) end.
    """
    if old is new:
        return True
    seen = set() if seen is None else seen
    if isinstance(old, types.FunctionType) and isinstance(new, types.FunctionType) \
            and not library_patches.is_dispatcher(old):
        return update_function(old, new, seen)
    if (id(old), id(new)) in seen:
        return True
    if isinstance(old, (classmethod, staticmethod)) and type(old) is type(new):
        return update_object(old.__func__, new.__func__, seen)
    if isinstance(old, functools.partial) or isinstance(new, functools.partial):
        return False
    if library_patches.is_dispatcher(old) and library_patches.is_dispatcher(new):
        seen.add((id(old), id(new)))
        return library_patches.update_dispatcher(old, new, lambda o, n: update_object(o, n, seen))
    old_wrapped, new_wrapped = getattr(old, "__wrapped__", None), getattr(new, "__wrapped__", None)
    if old_wrapped is not None and new_wrapped is not None and not isinstance(old, type):
        # functools.wraps wrappers and lru_cache: the wrapper calls the wrapped function object,
        # so updating that object updates the wrapper. A cache would hold stale results.
        seen.add((id(old), id(new)))
        if not update_object(old_wrapped, new_wrapped, seen):
            return False
        if hasattr(old, "cache_clear"):
            old.cache_clear()
        # Another kind of wrapper (lru_cache swapped for a decorator of the user's, or back) is
        # the module's new object; the old one, which references taken before hold, calls the
        # new code. So is a plain function for a dispatcher (the only function that reaches here,
        # the first branch takes the others): a dispatcher's code cannot become another's. And so
        # is a cache of another size (`lru_cache` saved as `cache`): a wrapper's size cannot change.
        if hasattr(old, "cache_parameters") and hasattr(new, "cache_parameters") \
                and old.cache_parameters() != new.cache_parameters():
            return False
        return type(old) is type(new) and not isinstance(old, types.FunctionType)
    if isinstance(old, type) and isinstance(new, type):
        return update_class(old, new, seen=seen)
    return False


def update_class(old: type, new: type, mapping: dict | None = None, seen: set | None = None) -> bool:
    """Make `old` behave as `new`: same attributes, methods updated in place.

    `mapping` (id of a new class -> the old class it stands for) holds the classes matched across
    the whole reload, so that `class Linear(Model)` re-run beside `class Model` compares its new
    base with the old one it replaces. Refused (False) when the layout differs (see
    `update_refusal`): then the module keeps the new class and old instances keep the old one.
    `seen`, as for `update_object`: a class attribute holding its own class (`Shape.kind =
    Shape`), or classes holding each other, end.
    """
    if old is new:
        return True
    mapping = {} if mapping is None else mapping
    seen = set() if seen is None else seen
    if update_refusal(old, new, mapping) is not None:
        return False
    mapping[id(new)] = old
    members = set(old._member_map_) if issubclass(old, enum.Enum) else set()
    for name in list(old.__dict__):
        if name not in new.__dict__ and name not in CLASS_SKIP and name not in members:
            try:
                journal.del_attr(old, name)
            except (AttributeError, TypeError):
                pass
    seen.add((id(old), id(new)))
    for name, new_value in new.__dict__.items():
        if name in CLASS_SKIP or name in members or name in ENUM_TABLES:
            continue
        if isinstance(new_value, SLOT_DESCRIPTORS):
            # A slot's descriptor belongs to the new class's layout: on the old class it would
            # make every old instance fail ("descriptor 'a' for 'A' objects doesn't apply").
            continue
        old_value = old.__dict__.get(name)
        if old_value is not None and update_object(old_value, new_value, seen):
            continue
        try:
            journal.set_attr(old, name, _rebind_class_refs(mapping.get(id(new_value), new_value), mapping))
        except (AttributeError, TypeError):
            pass
    return True


def update_refusal(old: type, new: type, mapping: dict) -> str | None:
    """Why `old` cannot take `new`'s place in memory (None: it can)."""
    if mapping.get(id(type(new)), type(new)) is not type(old):
        return "its metaclass changed"
    if len(old.__bases__) != len(new.__bases__):
        return "its base classes changed"
    for old_base, new_base in zip(old.__bases__, new.__bases__):
        if mapping.get(id(new_base), new_base) is old_base:
            continue
        # A base made afresh by each run and bound to no name (`class P(namedtuple(...))`):
        # the same class by name and module stands for the old one.
        if isinstance(new_base, type) and new_base.__qualname__ == old_base.__qualname__ \
                and new_base.__module__ == old_base.__module__ and id(new_base) not in mapping \
                and update_class(old_base, new_base, mapping):
            continue
        return "its base classes changed"
    if getattr(old, "__slots__", None) != getattr(new, "__slots__", None):
        return "its __slots__ changed"
    if getattr(old, "_fields", None) != getattr(new, "_fields", None):
        return "its fields changed"
    if issubclass(old, enum.Enum) and _enum_members(old) != _enum_members(new):
        return "its members changed"
    return None


def carry_enum_members(old: type, new: type) -> bool:
    """The module keeps the new Enum (members were added or removed); each member that is still
    there with the same value is the old member object, now of the new class, so a member taken
    before the save still equals (is) the new one. A Flag's combinations made before the save
    (`sel = F.A | F.B`, cached by the old class) move to the new class too, so `F.A in sel`
    and `sel | F.NEW` work."""
    if not (issubclass(old, enum.Enum) and issubclass(new, enum.Enum)):
        return False
    for name, new_member in list(new.__members__.items()):
        old_member = old.__members__.get(name)
        if old_member is None or old_member.value != new_member.value:
            continue
        _move_member(old_member, new, new_member._value_)
        new._member_map_[name] = old_member
        if new.__dict__.get(name) is new_member:
            type.__setattr__(new, name, old_member)  # EnumType.__setattr__ refuses members
    if issubclass(new, enum.Flag):
        mask = getattr(new, "_flag_mask_", None)
        members = {id(member) for member in old._member_map_.values()}
        for value, pseudo in list(old._value2member_map_.items()):
            if id(pseudo) not in members and isinstance(value, int) and mask is not None \
                    and value & ~mask == 0 and value not in new._value2member_map_:
                _move_member(pseudo, new, value)
    return True


def _move_member(member, new: type, value) -> None:
    try:
        journal.set_class(member, new)
    except TypeError:
        return
    try:
        new._value2member_map_[value] = member
    except TypeError:  # an unhashable value is looked up in the member list instead
        pass


def adopt_instances(namespace: dict, mapping: dict) -> None:
    """Objects made while the module body ran (`DEFAULT = Config()`, `RUNS = [Run(...)]`) belong
    to the new classes that were matched to old ones: they become instances of the old classes,
    which the module keeps. A second name for a matched class (`Alias = Config`) names the old
    class too. Containers and instances' attributes are followed a few levels down; big
    containers (data, not configuration) are not walked."""
    if not mapping:
        return
    seen: set[int] = set()
    for key, value in list(namespace.items()):
        if isinstance(value, type):
            if id(value) in mapping:
                namespace[key] = mapping[id(value)]
            continue
        _adopt(value, mapping, seen, ADOPT_DEPTH)


ADOPT_DEPTH = 3
ADOPT_MAX_ITEMS = 10_000
_LEAVES = (str, bytes, int, float, complex, bool, type(None), types.FunctionType, types.ModuleType, type)


def _adopt(value, mapping: dict, seen: set, depth: int) -> None:
    if isinstance(value, _LEAVES) or id(value) in seen:
        return
    seen.add(id(value))
    old = mapping.get(id(type(value)))
    if old is not None:
        try:
            journal.set_class(value, old)  # also for frozen dataclasses
        except TypeError:
            pass
    if depth == 0:
        return
    if isinstance(value, dict):
        items = value.values() if len(value) <= ADOPT_MAX_ITEMS else ()
    elif isinstance(value, (list, tuple, set, frozenset)):
        items = value if len(value) <= ADOPT_MAX_ITEMS else ()
    else:
        # Any object's attributes, not only a re-made class's: a library's object (a
        # scikit-learn Pipeline, a SimpleNamespace) holding an instance of a module class.
        attributes = getattr(value, "__dict__", None)
        items = attributes.values() if isinstance(attributes, dict) \
            and len(attributes) <= ADOPT_MAX_ITEMS else ()
    for item in items:
        _adopt(item, mapping, seen, depth - 1)


def _enum_members(cls: type) -> dict:
    return {name: member.value for name, member in cls.__members__.items()}


def _rebind_class_refs(value, mapping: dict):
    """A new function whose closure names a new class (zero-argument `super()`'s `__class__`,
    or a class a decorator captured) must name the old class it was matched to."""
    if isinstance(value, types.FunctionType) and value.__closure__:
        for cell in value.__closure__:
            try:
                contents = cell.cell_contents
            except ValueError:
                continue
            if isinstance(contents, type) and id(contents) in mapping:
                journal.set_cell(cell, mapping[id(contents)])
    return value


def same_value(old, new) -> bool:
    """`old` can stand for `new`: same type and equal (a data value re-made by the module body).

    Functions and classes are updated in place instead; values whose comparison fails or is not
    a plain truth value (arrays, frames) count as different.
    """
    if type(old) is not type(new) or isinstance(old, (type, types.FunctionType, types.ModuleType)):
        return False
    try:
        return (old == new) is True
    except Exception:  # noqa: BLE001
        return False


def describe_change(old, new) -> bool:
    """True if `new` differs from `old` for the report (code, value, or identity of kind).

    A function is compared with what it runs: behind a `functools.wraps` wrapper, an lru_cache or
    a decorator's closure (`func`, `@scaled(3)`'s factor) the change is in the wrapped code.
    """
    if old is new:
        return False
    if _is_code_holder(old) and _is_code_holder(new):
        return _function_key(old, set()) != _function_key(new, set())
    if isinstance(old, type) and isinstance(new, type):
        return _class_key(old) != _class_key(new)
    if isinstance(old, types.ModuleType) or isinstance(new, types.ModuleType):
        return old is not new
    if type(old) is not type(new):
        return True  # 1 -> 1.0 compares equal, yet code reading it sees another type
    try:
        return bool(old != new)
    except Exception:  # noqa: BLE001 (objects whose comparison fails count as changed)
        return True


PLAIN = (int, float, complex, str, bytes, bool, type(None))


def _is_code_holder(value) -> bool:
    return isinstance(value, (types.FunctionType, classmethod, staticmethod)) or (
        callable(value) and not isinstance(value, type) and hasattr(value, "__wrapped__"))


def _function_key(value, seen: set):
    """What a function runs: its code and defaults, what its closure holds, what it wraps."""
    if id(value) in seen:
        return "cycle"
    seen.add(id(value))
    if isinstance(value, (classmethod, staticmethod)):
        return type(value).__name__, _function_key(value.__func__, seen)
    parts = []
    if isinstance(value, types.FunctionType):
        parts += [_code_key(value.__code__), repr(value.__defaults__), repr(value.__kwdefaults__)]
        for cell in value.__closure__ or ():
            try:
                parts.append(_closure_key(cell.cell_contents, seen))
            except ValueError:
                parts.append("empty")
        if library_patches.is_dispatcher(value):
            parts += [(getattr(cls, "__qualname__", repr(cls)), _function_key(impl, seen))
                      for cls, impl in value.registry.items()]
    else:
        parts.append(type(value).__qualname__)
    wrapped = getattr(value, "__wrapped__", None)
    if wrapped is not None:
        parts.append(_function_key(wrapped, seen))
    return tuple(parts)


def _closure_key(contents, seen: set):
    if _is_code_holder(contents):
        return _function_key(contents, seen)
    if isinstance(contents, PLAIN):
        return type(contents).__name__, repr(contents)[:200]
    if isinstance(contents, type):
        return contents.__qualname__
    return type(contents).__qualname__  # state (a memo, a counter's dict): not what it runs


def _code_key(code: types.CodeType):
    consts = tuple(_code_key(c) if isinstance(c, types.CodeType) else repr(c) for c in code.co_consts)
    return code.co_code, consts, code.co_names, code.co_varnames


def _class_key(cls: type):
    items = []
    for name, value in sorted(cls.__dict__.items()):
        if name in CLASS_SKIP or name == "__doc__":
            continue
        func = getattr(value, "fget", value)
        if _is_code_holder(func):
            items.append((name, _function_key(func, set())))
        else:
            items.append((name, repr(value)[:200]))
    return tuple(items)

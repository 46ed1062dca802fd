"""What patching must also do for objects that libraries build from a class or a function.

- `functools.singledispatch`: the module's new dispatcher has a fresh registry; the old one is
  kept (the notebook holds it, and the types the notebook registered live in its registry), and
  takes the module's new implementations.
- pydantic v2 models (and pydantic dataclasses): a model's validator and serializer are compiled for one class, and its
  field types name classes. After the old classes took the new code, their fields are pointed at
  the kept classes and each kept model is rebuilt (the models it uses first), so validation
  makes instances of the class the module has, and accepts instances made before the save.
  A model derived elsewhere (the notebook's `class Mine(geo.Point)`) takes its bases' fields as
  saved, and is rebuilt after them.
- pandas accessors: `register_dataframe_accessor` hands pandas the class the re-run body made;
  pandas' accessor is pointed at the kept class.
- `typing.overload`: typing records overloads by module, name and first line; of a function
  run again, only the save's overloads stay.

Nothing here imports these libraries: a model is recognised by its attributes, pandas only if the
user's code already imported it. Standard library only: this runs inside the user's kernel.
"""

from __future__ import annotations

import copy
import dataclasses
import functools
import operator
import sys
import types

from . import journal

PANDAS_OWNERS = ("DataFrame", "Series", "Index")


# ---- functools.singledispatch
def is_dispatcher(value) -> bool:
    return isinstance(value, types.FunctionType) and hasattr(value, "registry") \
        and hasattr(value, "dispatch") and hasattr(value, "register")


def update_dispatcher(old, new, update) -> bool:
    """Keep `old` (and what was registered on it from outside the module), with `new`'s code.

    `update(old, new)` updates one object in place (patching.update_object). An implementation
    the module registered before and no longer does is dropped from the registry.
    """
    if not update(old.__wrapped__, new.__wrapped__):
        return False
    registry = _closure_value(old.register, "registry")
    cache = _closure_value(old.register, "dispatch_cache")
    if isinstance(registry, dict):
        before = dict(registry)
        journal.on_undo(lambda: (registry.clear(), registry.update(before),
                                 cache.clear() if cache is not None else None))
    module = getattr(old, "__module__", None)
    for cls, impl in new.registry.items():
        if cls is object:
            continue
        previous = old.registry.get(cls)
        if previous is not None and update(previous, impl):
            continue
        old.register(cls, impl)
    if isinstance(registry, dict):
        for cls, impl in list(registry.items()):
            if cls is not object and cls not in new.registry \
                    and getattr(impl, "__module__", None) == module:
                del registry[cls]
        if cache is not None:
            cache.clear()
    return True


def _closure_value(func, name: str):
    code = getattr(func, "__code__", None)
    if code is None or name not in code.co_freevars:
        return None
    try:
        return func.__closure__[code.co_freevars.index(name)].cell_contents
    except (ValueError, IndexError, TypeError):
        return None


# ---- After the old classes took the new classes' code
def after_classes_updated(kept: list[tuple[type, type]], mapping: dict) -> None:
    """`kept`: (old, new) class pairs updated in place, in definition order (all modules)."""
    _point_pandas_accessors(mapping)
    models = [old for old, _new in kept if _is_pydantic_model(old) or _is_pydantic_dataclass(old)]
    if not models:
        return
    rebuilt: list[type] = []
    for old in models:
        _point_fields_at_kept_classes(old, mapping)
        rebuilt.append(old)
    # Subclasses made elsewhere (a notebook's `class Mine(geo.Point)`) collected their bases'
    # fields and compiled their validators when they were made: they take the fields as saved
    # and are rebuilt, after their bases.
    pending = list(rebuilt)
    while pending:
        for sub in type.__subclasses__(pending.pop(0)):
            if sub not in rebuilt and _is_pydantic_model(sub):
                rebuilt.append(sub)
                pending.append(sub)
    for model in rebuilt:
        if model not in models:
            _inherit_fields(model)
        _rebuild(model)


def _inherit_fields(model: type) -> None:
    """The model's fields as pydantic collects them, its bases' as they are now: along the MRO
    from the furthest base (a field keeps the place where it first appeared), a model base's
    fields, a plain class's annotated ones, then the model's own, which override."""
    fields = model.__dict__["__pydantic_fields__"]
    merged = {}
    for base in reversed(model.__mro__[1:]):
        if _is_pydantic_model(base):  # pydantic copies an inherited field
            merged.update({n: copy.copy(f) for n, f in base.__dict__["__pydantic_fields__"].items()})
        else:  # a plain mixin's annotations (not reloaded here): the fields as they were
            annotated = base.__dict__.get("__annotations__") or {}  # noqa: RUF063 (its own only)
            merged.update({n: fields[n] for n in annotated if n in fields})
    own = model.__dict__.get("__annotations__") or {}  # noqa: RUF063 (the class's own only)
    merged.update({name: field for name, field in fields.items() if name in own})
    journal.set_attr(model, "__pydantic_fields__", merged, type.__setattr__)


def _is_pydantic_model(cls: type) -> bool:
    return isinstance(cls.__dict__.get("__pydantic_fields__"), dict) and hasattr(cls, "model_rebuild")


def _is_pydantic_dataclass(cls: type) -> bool:
    """A `@pydantic.dataclasses.dataclass`: its compiled schema, which a model with a field of its
    type copies, builds the class it was made for."""
    return isinstance(cls.__dict__.get("__pydantic_fields__"), dict) \
        and "__dataclass_fields__" in cls.__dict__ and "pydantic.dataclasses" in sys.modules


def _point_fields_at_kept_classes(model: type, mapping: dict) -> None:
    for field in model.__dict__["__pydantic_fields__"].values():
        annotation = getattr(field, "annotation", None)
        mapped = map_annotation(annotation, mapping)
        if mapped is not annotation:
            journal.set_attr(field, "annotation", mapped)
    # The class's own dict, changed in place (inspect.get_annotations would hand back a copy).
    annotations = model.__dict__.get("__annotations__")  # noqa: RUF063
    if isinstance(annotations, dict):
        journal.update_dict(annotations, {k: map_annotation(v, mapping) for k, v in annotations.items()})
    # pydantic's DecoratorInfos is a dataclass with slots (no `__dict__`): one dict per kind.
    decorators = model.__dict__.get("__pydantic_decorators__")
    groups = [getattr(decorators, field.name, None) for field in dataclasses.fields(decorators)] \
        if dataclasses.is_dataclass(decorators) else []
    for group in groups:
        for decorator in group.values() if isinstance(group, dict) else ():
            func = getattr(decorator, "func", None)
            owner = getattr(func, "__self__", None)
            if isinstance(owner, type) and id(owner) in mapping:
                # A classmethod validator bound to the discarded class: `cls` is the kept one.
                journal.set_attr(decorator, "func", types.MethodType(func.__func__, mapping[id(owner)]))


def map_annotation(annotation, mapping: dict):
    """`annotation` with every new class matched in this reload replaced by its old class
    (`list[Point]`, `Point | None`, `dict[str, Point]`, `Annotated[Point, ...]`)."""
    if isinstance(annotation, type) and id(annotation) in mapping:
        return mapping[id(annotation)]
    args = getattr(annotation, "__args__", None)
    if not isinstance(args, tuple) or not args:
        return annotation
    mapped = tuple(map_annotation(arg, mapping) for arg in args)
    if all(a is b for a, b in zip(mapped, args)):
        return annotation
    try:
        if isinstance(annotation, types.GenericAlias):
            return types.GenericAlias(annotation.__origin__, mapped)
        if isinstance(annotation, types.UnionType):
            return functools.reduce(operator.or_, mapped)
        if hasattr(annotation, "copy_with"):  # Optional, List, Annotated (which keeps its metadata)
            return annotation.copy_with(mapped)
    except TypeError:
        pass
    return annotation


def _rebuild(model: type) -> None:
    for name in [n for n in model.__dict__ if n.startswith("__pydantic_") or n == "__signature__"]:
        journal.set_attr(model, name, model.__dict__[name], type.__setattr__)
    if isinstance(model.__dict__.get("__pydantic_setattr_handlers__"), dict):
        # Memoised per attribute from the old fields: filled again on the next assignment.
        journal.set_attr(model, "__pydantic_setattr_handlers__", {}, type.__setattr__)
    if hasattr(model, "model_rebuild"):
        model.model_rebuild(force=True)
    else:
        sys.modules["pydantic.dataclasses"].rebuild_dataclass(model, force=True)


def _point_pandas_accessors(mapping: dict) -> None:
    pandas = sys.modules.get("pandas")
    if pandas is None:
        return
    for owner_name in PANDAS_OWNERS:
        owner = getattr(pandas, owner_name, None)
        for value in list(vars(owner).values()) if isinstance(owner, type) else ():
            accessor = getattr(value, "_accessor", None)
            if isinstance(accessor, type) and id(accessor) in mapping:
                journal.set_attr(value, "_accessor", mapping[id(accessor)])


# ---- typing.overload

def overloads_of(module_name: str) -> dict:
    """typing's record of the module's overloads (qualified name -> {first line: function}),
    copied: what a failed reload puts back, and what tells a save's overloads from the old ones."""
    registry = getattr(sys.modules.get("typing"), "_overload_registry", None)
    if registry is None or module_name not in registry:
        return {}
    return {qualname: dict(entries) for qualname, entries in registry[module_name].items()}


def settle_overloads(module_name: str, before: dict, rerun: set[str]) -> None:
    """typing keeps overloads by module, name and first line: overloads a save ran again at
    other lines were added to the old ones (`get_overloads` listed both, marimo #10551), and
    overloads a save removed stayed. Of a function or class whose statement ran again (`rerun`:
    the top-level names it bound anew), only the overloads this run registered remain."""
    registry = getattr(sys.modules.get("typing"), "_overload_registry", None)
    if registry is None or module_name not in registry:
        return
    of_module = registry[module_name]
    for qualname in list(of_module):
        if qualname.split(".")[0] not in rerun:
            continue  # not run again (a method of a class the save left alone, say): as it was
        old = before.get(qualname, {})
        fresh = {line: f for line, f in of_module[qualname].items() if old.get(line) is not f}
        if fresh:
            of_module[qualname] = fresh
        else:
            del of_module[qualname]


def restore_overloads(module_name: str, before: dict) -> None:
    """A failed reload: the module's overloads as before it (what the failed run registered goes)."""
    registry = getattr(sys.modules.get("typing"), "_overload_registry", None)
    if registry is not None and (before or module_name in registry):
        registry[module_name].clear()
        registry[module_name].update({q: dict(entries) for q, entries in before.items()})

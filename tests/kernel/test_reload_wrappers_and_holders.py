"""Live reload bugs that patching.py's surviving mutants showed (each test failed before its fix):
a decorator swapped for another kind, or a cache for one of another size, is applied, and an
instance of a module class held by a library's object takes the kept class. On a real
InteractiveShell with the extension loaded.
"""

from __future__ import annotations

SWAPPED = """
import functools

def timed(fn):
    @functools.wraps(fn)
    def wrapper(*args):
        wrapper.calls += 1
        return fn(*args)
    wrapper.calls = 0
    return wrapper

{decorator}
def total(n):
    return n * {k}
"""


def test_lru_cache_swapped_for_the_users_decorator_is_the_new_decorator(project):
    project.write("sw.py", SWAPPED.format(decorator="@functools.lru_cache", k=1))
    project.run("import sw\nfrom sw import total as kept\nkept(2)")
    project.write("sw.py", SWAPPED.format(decorator="@timed", k=2))
    assert project.reload("sw.py")["modules"]["sw"]["updated"] == ["total"]
    assert project.run("sw.total(2), sw.total.calls, kept(3)") == (4, 1, 6)


def test_the_users_decorator_swapped_for_lru_cache_is_the_new_decorator(project):
    project.write("sw.py", SWAPPED.format(decorator="@timed", k=1))
    project.run("import sw\nsw.total(2)")
    project.write("sw.py", SWAPPED.format(decorator="@functools.lru_cache", k=2))
    assert project.reload("sw.py")["modules"]["sw"]["updated"] == ["total"]
    assert project.run("sw.total(2), sw.total.cache_info().currsize") == (4, 1)


HELD = """
import types

class Scaler:
    def factor(self):
        return {k}

PIPE = types.SimpleNamespace(steps=[("scale", Scaler())])
"""


def test_an_instance_held_by_a_library_object_takes_the_kept_class(project):
    # As a scikit-learn Pipeline holds the user's transformer: pickle looks the class up by
    # name, and refuses an instance of a class the module no longer has.
    project.write("held.py", HELD.format(k=1))
    project.run("import held, pickle")
    project.write("held.py", HELD.format(k=2))
    assert project.reload("held.py")["failed"] == []
    assert project.run("step = held.PIPE.steps[0][1]\nisinstance(step, held.Scaler), step.factor()") \
        == (True, 2)
    assert project.run("pickle.loads(pickle.dumps(held.PIPE)).steps[0][1].factor()") == 2


CACHED = """
import functools

{decorator}
def total(n):
    return n * {k}
"""


def test_a_cache_saved_with_another_size_has_the_new_size(project):
    # `@lru_cache` (128 results) saved as `@cache` (no limit), and a size edited: the module's
    # function caches as the saved text says; a reference taken before runs the new code.
    project.write("cached.py", CACHED.format(decorator="@functools.lru_cache", k=1))
    project.run("import cached\nfrom cached import total as kept\nkept(2)")
    project.write("cached.py", CACHED.format(decorator="@functools.cache", k=2))
    assert project.reload("cached.py")["modules"]["cached"]["updated"] == ["total"]
    assert project.run("cached.total.cache_parameters()['maxsize'], cached.total(2), kept(3)") \
        == (None, 4, 6)
    project.write("cached.py", CACHED.format(decorator="@functools.lru_cache(maxsize=4)", k=3))
    assert project.reload("cached.py")["modules"]["cached"]["updated"] == ["total"]
    assert project.run("cached.total.cache_parameters()['maxsize'], cached.total(2)") == (4, 6)


def test_a_cache_saved_with_the_same_size_stays_the_same_object(project):
    project.write("cached.py", CACHED.format(decorator="@functools.lru_cache(maxsize=8)", k=1))
    project.run("import cached\nkept = cached.total\nkept(2)")
    project.write("cached.py", CACHED.format(decorator="@functools.lru_cache(maxsize=8)", k=2))
    assert project.reload("cached.py")["modules"]["cached"]["updated"] == ["total"]
    assert project.run("cached.total is kept, kept(2), kept.cache_info().currsize") == (True, 4, 1)

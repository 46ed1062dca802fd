"""What the Variables pane shows of a value (kernel/variables_describe.py), run in this process on
real values: the Type, Shape, Memory and Preview columns, the marks for a repr that is slow or
raises, whether double-click opens the viewer, and what the pane hides as code.

The service tests send this source into a real kernel, where mutation testing cannot reach it;
these describe the same kinds of value here. pandas and numpy are here, plain Python values too;
the other libraries are in test_variables_describe_libraries_pinned.py.
"""

from __future__ import annotations

import enum
import json
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import numpy as np
import pandas as pd
import polars as pl

from dsstudio.kernel import variables_describe
from dsstudio.kernel.variables_describe import describe


def shown(value) -> tuple:
    """The pane's columns for `value`: type, shape, memory, preview."""
    entry = describe("v", value)
    return entry["type"], entry["shape"], entry["memory"], entry["preview"]


# ---- plain Python values
def test_numbers_none_and_booleans_show_their_repr_and_nothing_else():
    for value, text in ((None, "None"), (True, "True"), (10**20, "100000000000000000000"),
                        (1.5, "1.5"), (2j, "2j")):
        entry = describe("n", value)
        assert entry == {"name": "n", "type": type(value).__name__, "kind": "data", "shape": "",
                         "memory": None, "preview": text, "viewable": False}


def test_text_and_bytes_show_their_length_size_and_start():
    assert shown("hello\nworld") == ("str", "11", sys.getsizeof("hello\nworld"),
                                     "'hello\\nworld'")
    assert shown(b"abc") == ("bytes", "3", sys.getsizeof(b"abc"), "b'abc'")
    assert shown(bytearray(b"ab")) == ("bytearray", "2", sys.getsizeof(bytearray(b"ab")),
                                       "bytearray(b'ab')")
    long = "x" * 5_000
    kind, shape, _, preview = shown(long)
    assert (kind, shape) == ("str", "5,000")
    assert preview == "'" + "x" * 118 + "…" and len(preview) == 120


def test_a_dict_shows_its_first_items_without_calling_into_them():
    class Model:
        def __repr__(self):
            raise AssertionError("the pane called a value's repr")

    entry = describe("config", {"name": "run", "steps": [1, 2], 3: None, "model": Model(),
                                "ok": True, "rate": 0.5, "extra": 1})
    assert (entry["type"], entry["shape"], entry["viewable"]) == ("dict", "7", False)
    assert entry["memory"] == sys.getsizeof({i: i for i in range(7)})
    assert entry["preview"] == ("{'name': 'run', 'steps': list(2), 3: None, 'model': Model, "
                                "'ok': True, 'rate': 0.5, …}")


def test_lists_tuples_and_sets_show_their_first_six_items_and_brackets():
    assert shown([1, "two", 3.0, None, (1, 2), {1}, object()])[1:] == (
        "7", sys.getsizeof([1, "two", 3.0, None, (1, 2), {1}, object()]),
        "[1, 'two', 3.0, None, tuple(2), set(1), …]")
    assert shown(list(range(6)))[3] == "[0, 1, 2, 3, 4, 5]"
    assert shown((7, frozenset({1, 2})))[3] == "(7, frozenset(2))"
    assert shown({"a"})[:2] == ("set", "1") and shown({"a"})[3] == "{'a'}"
    assert shown(frozenset())[1:] == ("0", sys.getsizeof(frozenset()), "{}")
    assert shown([])[3] == "[]"
    assert shown([{"a": 1}, {"b": {"c": 2}}])[3] == "[dict(1), dict(1)]"


def test_items_of_a_container_are_shown_short():
    long, edge = "y" * 21, "z" * 20
    assert shown([long, edge])[3] == f"['{'y' * 20}'…, '{edge}']"
    assert shown([False, 2.5, [[]], b"raw"])[3] == "[False, 2.5, list(1), bytes]"
    assert shown({1: (1, 2, 3), "k": frozenset()})[3] == "{1: tuple(3), 'k': frozenset(0)}"


def test_a_list_of_records_opens_in_the_viewer_and_other_lists_do_not():
    assert describe("rows", [{"id": 1}, {"id": 2, "tag": "x"}])["viewable"] is True
    assert describe("rows", [{"id": 1}, 2])["viewable"] is False
    assert describe("rows", [])["viewable"] is False
    assert describe("rows", ({"id": 1},))["viewable"] is False


def test_a_subclass_of_a_container_is_shown_by_its_repr():
    class Rows(list):
        def __repr__(self):
            return "Rows of 2"

    assert shown(Rows([1, 2])) == (f"{__name__}.{Rows.__qualname__}", "", None, "Rows of 2")


def test_a_metaclass_eq_is_not_run_when_the_pane_looks_at_a_type():
    # vscode-jupyter#8369 and spyder#9959: objects of unusual classes broke the pane.
    calls = []

    class Meta(type):
        def __eq__(cls, other):
            calls.append("eq")
            raise RuntimeError("compared")

        __hash__ = type.__hash__

    class Tracked(metaclass=Meta):
        def __repr__(self):
            return "tracked"

    assert shown(Tracked())[3] == "tracked"
    assert shown([Tracked(), (Tracked(),)])[3] == "[Tracked, tuple(1)]"
    assert calls == []


def test_modules_classes_and_functions_are_code_shown_by_name():
    def helper():
        return 1

    class Outer:
        class Inner:
            def method(self):
                return 2

    cases = {
        "module": (json, "module", "module", "json"),
        "function": (helper, "function", "function", helper.__qualname__),
        "builtin": (len, "builtin_function_or_method", "function", "len"),
        "bound builtin": ([].append, "builtin_function_or_method", "function", "list.append"),
        "method": (Outer.Inner().method, "method", "function", Outer.Inner.method.__qualname__),
        "class": (Outer.Inner, "type", "class", Outer.Inner.__qualname__),
        "library class": (pd.DataFrame, "type", "class", "DataFrame"),
    }
    for label, (value, kind_name, kind, preview) in cases.items():
        entry = describe("x", value)
        assert (entry["type"], entry["kind"], entry["preview"]) == (kind_name, kind, preview), label
        assert (entry["shape"], entry["memory"], entry["viewable"]) == ("", None, False), label


def test_a_callable_object_is_data_not_code():
    class Scorer:
        def __call__(self, x):
            return x

        def __repr__(self):
            return "Scorer()"

    entry = describe("score", Scorer())
    assert (entry["kind"], entry["preview"]) == ("data", "Scorer()")


def test_a_notebook_class_is_named_short_and_a_library_class_with_its_module():
    notebook_class = type("Point", (), {"__module__": "__main__", "__repr__": lambda s: "P"})
    assert shown(notebook_class())[0] == "Point"
    assert shown(pd.DataFrame())[0] == "pandas.DataFrame"
    assert shown(threading.Event())[0] == "threading.Event"


# ---- objects no describer knows: a repr on a worker thread, with a deadline
def test_an_unknown_object_shows_its_repr_on_one_line():
    class Report:
        def __repr__(self):
            return "Report(\n    rows=3,\n    ok=True)"

    assert shown(Report()) == (f"{__name__}.{Report.__qualname__}", "", None,
                               "Report( rows=3, ok=True)")


def test_a_huge_repr_is_cut_to_the_preview_length():
    class Huge:
        def __init__(self, size):
            self.size = size

        def __repr__(self):
            return "h" * self.size

    assert shown(Huge(10**6))[3] == "h" * 119 + "…"
    assert shown(Huge(120))[3] == "h" * 120
    assert shown(Huge(121))[3] == "h" * 119 + "…"


def test_a_repr_that_raises_shows_the_error_in_place_of_the_preview():
    class Broken:
        def __repr__(self):
            raise ValueError("no repr today")

    class Interrupting:
        def __repr__(self):
            raise KeyboardInterrupt("stop")

    class Wordy:
        def __repr__(self):
            raise ValueError("why\n" + "w" * 300)

    assert shown(Broken())[3] == "<repr failed: ValueError: no repr today>"
    assert shown(Interrupting())[3] == "<repr failed: KeyboardInterrupt: stop>"
    wordy = shown(Wordy())[3]
    assert wordy.startswith("<repr failed: ValueError: why www") and wordy.endswith("w…")
    assert len(wordy) == 120


class Waiting:
    """A repr that runs until the test lets it finish (ten seconds at most: far past the deadline,
    and what a mutant that waits for it costs)."""

    def __init__(self) -> None:
        self.release = threading.Event()
        self.threads: list[threading.Thread] = []

    def __repr__(self) -> str:
        if threading.current_thread() is threading.main_thread():
            return "Waiting()"  # pytest's report of a failed assertion, not the pane
        self.threads.append(threading.current_thread())
        self.release.wait(10)
        return "finished at last"


class WaitingNumber(Waiting, int):
    """A number whose repr is as slow as Waiting's."""

    def __new__(cls, value: int):
        return int.__new__(cls, value)

    def __init__(self, value: int) -> None:
        Waiting.__init__(self)


def test_a_subclass_of_a_number_is_shown_by_its_describer_or_its_repr_on_the_thread():
    # numpy's float64 is a float: what pandas' mean() and scikit-learn's scores return.
    assert shown(np.float64(0.25)) == ("numpy.float64", "", None, "0.25")
    assert shown(pd.Series([1.0, 2.0]).mean())[3] == "1.5"

    class Level(enum.IntEnum):
        LOW = 1

    assert shown(Level.LOW)[3] == "<Level.LOW: 1>"
    slow = WaitingNumber(7)
    try:
        assert shown(slow) == (f"{__name__}.WaitingNumber", "", None, "<repr still running>")
    finally:
        slow.release.set()
        for thread in slow.threads:
            thread.join(10)


def test_a_slow_repr_shows_a_mark_and_runs_once_until_it_finishes():
    slow = Waiting()
    try:
        assert shown(slow)[3] == "<repr still running>"
        # Asked again while it runs (each cell after, in the pane): no second thread.
        assert shown(slow)[3] == "<repr still running>"
        assert describe("again", [slow])["preview"] == "[Waiting]"
        # Other objects' reprs are not held up by it.
        assert shown(threading.Event())[3].startswith("<threading.Event at 0x")
        assert len(slow.threads) == 1
    finally:
        slow.release.set()
        for thread in slow.threads:
            thread.join(10)
    # Finished: the next look shows it.
    assert shown(slow)[3] == "finished at last"
    assert len(slow.threads) == 2


def test_the_repr_thread_is_hidden_from_the_debugger_and_never_holds_the_kernel_open():
    # A breakpoint in a __repr__ must not stop this thread inside the debugger's own request.
    slow = Waiting()
    slow.release.set()
    assert shown(slow)[3] == "finished at last"
    (thread,) = slow.threads
    thread.join(10)
    assert thread.name == "dsstudio-repr" and thread.daemon
    assert thread.pydev_do_not_trace is True and thread.is_pydev_daemon_thread is True


def test_a_value_that_cannot_be_looked_at_shows_why_on_one_line():
    class Hostile:
        @property
        def __class__(self):
            raise ValueError("no class")

    entry = describe("hostile", Hostile())
    assert (entry["type"], entry["kind"]) == (f"{__name__}.{Hostile.__qualname__}", "data")
    assert entry["preview"] == "<cannot describe: ValueError: no class>"
    # A lazy plan that names a missing column: polars' error has lines of its own.
    plan = pl.LazyFrame({"x": [1]}).select(pl.col("nope"))
    entry = describe("plan", plan)
    assert entry["preview"].startswith(
        '<cannot describe: ColumnNotFoundError: unable to find column "nope"; valid columns:')
    assert "\n" not in entry["preview"] and len(entry["preview"]) <= 120
    assert (entry["shape"], entry["viewable"]) == ("", False)


# ---- pandas
def test_a_dataframe_shows_rows_columns_its_memory_and_column_names():
    frame = pd.DataFrame({"price": [1.5, 2.0], "items": [[1, 2, 3], {"a": 1}]},
                         index=pd.Index(["r1", "r2"], dtype=object))
    entry = describe("frame", frame)
    assert (entry["type"], entry["shape"], entry["preview"], entry["viewable"]) == (
        "pandas.DataFrame", "2 × 2", "columns: price, items", True)
    # Shallow, with the index: deep sizes would walk every Python object in the frame.
    assert entry["memory"] == frame.memory_usage(index=True, deep=False).sum() == 48


def test_column_names_stop_at_twelve_and_say_how_many_more():
    twelve = pd.DataFrame({f"c{i}": [i] for i in range(12)})
    assert describe("f", twelve)["preview"] == (
        "columns: c0, c1, c2, c3, c4, c5, c6, c7, c8, c9, c10, c11")
    thirteen = pd.DataFrame({f"c{i}": [i] for i in range(13)})
    assert describe("f", thirteen)["preview"].endswith("c10, c11, … (+1)")
    wide = pd.DataFrame({f"column_with_a_long_name_{i}": [i] for i in range(40)})
    preview = describe("f", wide)["preview"]
    assert len(preview) == 120 and preview.endswith("…")
    assert describe("f", pd.DataFrame({0: [1], ("a", 2): [2]}))["preview"] == (
        "columns: 0, ('a', 2)")


def test_a_big_frame_shows_thousands_separated_sizes():
    frame = pd.DataFrame({"n": np.zeros(1_234_567, dtype=np.int8)})
    assert describe("f", frame)["shape"] == "1,234,567 × 1"


def test_a_series_shows_length_dtype_and_name():
    prices = pd.Series([[1, 2], [3]], index=pd.Index(["a", "b"], dtype=object), name="price")
    assert shown(prices) == ("pandas.Series", "2", 32, "dtype: object, name: price")
    assert describe("s", prices)["viewable"] is True
    assert shown(pd.Series([1.0, 2.0]))[3] == "dtype: float64"
    assert shown(pd.Series([1], name=0))[3] == "dtype: int64, name: 0"


def test_an_index_shows_length_dtype_and_shallow_memory():
    labels = pd.Index(["a", "bb"], dtype=object)
    assert shown(labels) == ("pandas.Index", "2", 16, "dtype: object")
    assert describe("i", labels)["viewable"] is True


# ---- numpy
def test_a_small_array_shows_its_values():
    grid = np.arange(6).reshape(2, 3)
    entry = describe("grid", grid)
    assert (entry["type"], entry["shape"], entry["memory"], entry["preview"]) == (
        "numpy.ndarray", "2 × 3", 48, "[[0, 1, 2], [3, 4, 5]]")
    assert entry["viewable"] is True
    assert shown(np.arange(10))[3] == "[0, 1, 2, 3, 4, 5, 6, 7, 8, 9]"
    assert shown(np.array([True, False]))[3] == "[ True, False]"
    assert shown(np.array([1.5, 2], dtype=np.float32))[3] == "[1.5, 2. ]"
    assert shown(np.array([1 + 2j]))[3] == "[1.+2.j]"
    assert shown(np.array([3], dtype=np.uint8))[3] == "[3]"
    assert shown(np.array(["2020-01-01"], dtype="datetime64[D]"))[3] == "['2020-01-01']"


def test_the_users_print_options_set_the_precision_but_never_hide_the_ten_values():
    with np.printoptions(threshold=3, precision=2):
        assert shown(np.arange(10) / 3)[3] == (
            "[0. , 0.33, 0.67, 1. , 1.33, 1.67, 2. , 2.33, 2.67, 3. ]")


def test_a_larger_or_non_numeric_array_shows_its_dtype():
    assert shown(np.arange(11))[3] == "dtype: int64"
    assert shown(np.array(["a", "b"]))[3] == "dtype: <U1"
    assert shown(np.array([1, None], dtype=object))[3] == "dtype: object"
    assert shown(np.array([1], dtype="timedelta64[s]"))[3] == "dtype: timedelta64[s]"
    records = np.zeros(3, dtype=[("x", "i4"), ("y", "f8")])
    assert shown(records) == ("numpy.ndarray", "3", 36, "dtype: [('x', '<i4'), ('y', '<f8')]")


def test_a_huge_array_is_described_from_its_shape_and_dtype():
    huge = np.lib.stride_tricks.as_strided(np.zeros(1), shape=(100_000, 100_000), strides=(0, 0))
    entry = describe("huge", huge)
    assert (entry["shape"], entry["memory"], entry["preview"]) == (
        "100,000 × 100,000", 80_000_000_000, "dtype: float64")


def test_only_one_and_two_dimensional_arrays_open_in_the_viewer():
    assert [describe("a", np.zeros((2,) * n))["viewable"] for n in range(4)] == [
        False, True, True, False]
    zero = describe("zero", np.array(3.5))
    assert (zero["shape"], zero["memory"], zero["preview"]) == ("", 8, "3.5")
    assert shown(np.zeros((2, 2, 2)))[1] == "2 × 2 × 2"


def test_numpy_scalars_show_their_value():
    assert shown(np.float32(1.5)) == ("numpy.float32", "", None, "1.5")
    assert shown(np.int64(-3))[3] == "-3"
    assert shown(np.uint16(7))[3] == "7"
    assert shown(np.bool_(True))[3] == "True"
    assert shown(np.complex64(1j))[3] == "1j"
    assert shown(np.datetime64("2020-01-02"))[3] == "datetime.date(2020, 1, 2)"
    # A structured record's or a timedelta's value is not shown: nothing, rather than a repr.
    record = np.zeros(1, dtype=[("x", "i4")])[0]
    assert shown(record) == ("numpy.void", "", None, "")
    assert shown(np.timedelta64(5, "s"))[3] == ""


# ---- nothing is imported into the user's kernel
def test_describing_imports_no_library_the_user_did_not():
    root = Path(variables_describe.__file__).resolve().parents[2]
    script = textwrap.dedent("""\
        import json, sys
        from dsstudio.kernel.variables_describe import describe
        LIBRARIES = ("numpy", "pandas", "polars", "dask", "xarray", "pyarrow", "torch",
                     "pyspark")
        class Thing:
            pass
        values = [1, "text", [1, 2], {"a": 1}, Thing(), json, describe, Thing]
        seen = [describe("v", v)["preview"] for v in values]
        before = [name for name in LIBRARIES if name in sys.modules]
        import numpy
        array = describe("a", numpy.arange(4))
        after = [name for name in LIBRARIES if name in sys.modules]
        print(json.dumps({"before": before, "after": after, "seen": seen[:4],
                          "array": [array["shape"], array["preview"]]}))
    """)
    done = subprocess.run([sys.executable, "-c", script], cwd=root, capture_output=True,
                          text=True, timeout=120, check=True)
    result = json.loads(done.stdout.splitlines()[-1])
    assert result["before"] == [] and result["after"] == ["numpy"]
    assert result["seen"] == ["1", "'text'", "[1, 2]", "{'a': 1}"]
    assert result["array"] == ["4", "[0, 1, 2, 3]"]

"""A remote kernel's project mirror (kernel/mirror.py), in this process: what the user sees of a
project that a server's kernel imports from a mirror folder while the files are on the user's
machine.

The "local" project root here is a folder that does not exist on this machine, as the user's
laptop folder does not on the server: the saved lines come only from what a reload request
carries. Each save is sent as the app sends it (core/kernel/remote/mirror_protocol.py's
`reload_code`): `receive` the texts with their sha256, reload the mirror's paths, map the report
back to the local paths. On a real InteractiveShell with the reloader loaded (tests/kernel/conftest.py).
"""

from __future__ import annotations

import hashlib
import importlib
import inspect
import linecache
import py_compile
import sys
import traceback
import warnings
from pathlib import Path

import pytest

from dsstudio.core.kernel.reload_protocol import short_summary
from dsstudio.kernel import mirror, reloader


def sent(text: str) -> list[str]:
    """A saved file's text as a reload request carries it (core/kernel/reload_protocol.saved_sources)."""
    return [text, hashlib.sha256(text.encode("utf-8")).hexdigest()]


class Mirrored:
    """The user's project at `local` (not on this machine), mirrored at `root` (here)."""

    def __init__(self, project, local: str, separator: str = "/") -> None:
        self.project = project
        self.root = project.root
        self.local = local
        self.separator = separator

    def local_file(self, relative: str) -> str:
        return self.separator.join([self.local, *relative.split("/")])

    def receive(self, texts: dict[str, str]) -> list[str]:
        """Send saved texts ({relative path: text}) as a reload request does."""
        return mirror.receive({self.local_file(r): sent(t) for r, t in texts.items()})

    def save(self, relative: str, text: str, digest: str | None = None) -> dict:
        """A save of `relative` (with its text, and its sha256 unless another is given) and the
        reload the app asks for; the report."""
        local = self.local_file(relative)
        mirror.receive({local: [text, digest or sent(text)[1]]})
        report = reloader.reload_paths(mirror.kernel_paths([local]), self.project.shell)
        return mirror.localize_report(report)


def forget_mirror() -> None:
    """The kernel as before `set_mirror` (the next test's imports use the usual finders)."""
    while mirror._path_hook in sys.path_hooks:
        sys.path_hooks.remove(mirror._path_hook)
    sys.path_importer_cache.clear()
    mirror._local_root = mirror._mirror_root = None
    mirror._damaged.clear()


@pytest.fixture
def mirrored(project, tmp_path: Path):
    """A mirror at the test project's folder (the reloader's root), of /<tmp>/laptop/proj."""
    path_before = list(sys.path)
    linecache_before = set(linecache.cache)
    local = str(tmp_path / "laptop" / "proj")
    mirror.set_mirror(local, str(project.root))
    yield Mirrored(project, local)
    sys.path[:] = path_before
    forget_mirror()
    for name in set(linecache.cache) - linecache_before:
        linecache.cache.pop(name, None)


def error_frames(project, code: str) -> list[traceback.FrameSummary]:
    """The frames under the cell of the traceback `code` raises as a cell (file and line, as
    IPython shows them)."""
    result = project.shell.run_cell(code, store_history=False)
    assert result.error_in_exec is not None, "the cell did not fail"
    frames = traceback.extract_tb(result.error_in_exec.__traceback__)
    cell = next(i for i, f in enumerate(frames) if f.filename.startswith("<ipython-input"))
    return frames[cell + 1:]


# ---- Importing from the mirror
def test_a_traceback_from_an_imported_module_names_the_local_file_and_shows_its_line(mirrored):
    mirrored.receive({"models.py": "def fail():\n    raise ValueError('from models')\n"})
    mirrored.project.run("import models")
    [frame] = error_frames(mirrored.project, "models.fail()")
    assert frame.filename == mirrored.local_file("models.py")
    assert frame.line == "raise ValueError('from models')" and frame.lineno == 2
    linecache.checkcache()  # as a traceback does: the local file is not on this machine
    assert linecache.getline(mirrored.local_file("models.py"), 2) == "    raise ValueError('from models')\n"


def test_inspect_getsource_shows_the_saved_lines_and_the_module_file_is_the_mirrors(mirrored):
    mirrored.receive({"models.py": "def score(x: int) -> int:\n    return x + 1\n"})
    models = mirrored.project.run("import models; models")
    assert inspect.getsource(models.score) == "def score(x: int) -> int:\n    return x + 1\n"
    assert models.__file__ == str(mirrored.root / "models.py")
    # Compiled as the user's file: the mirror's own `from __future__ import annotations` does
    # not leak into it.
    assert models.score.__annotations__ == {"x": int, "return": int}


def test_a_packages_module_names_the_local_file(mirrored):
    mirrored.receive({"pkg/__init__.py": "", "pkg/features.py": "def width():\n    return 1 / 0\n"})
    mirrored.project.run("import pkg.features")
    [frame] = error_frames(mirrored.project, "pkg.features.width()")
    assert frame.filename == mirrored.local_file("pkg/features.py") and frame.line == "return 1 / 0"


def test_a_windows_projects_files_keep_their_backslashes(project, tmp_path):
    local = "C:\\Users\\ana\\proj"
    mirror.set_mirror(local, str(project.root))
    try:
        written = mirror.receive({local + "\\pkg\\features.py": sent("def f():\n    raise KeyError('w')\n"),
                                  local + "\\pkg\\__init__.py": sent("")})
        assert sorted(written) == [str(project.root / "pkg" / "__init__.py"),
                                   str(project.root / "pkg" / "features.py")]
        project.run("import pkg.features")
        [frame] = error_frames(project, "pkg.features.f()")
        assert frame.filename == "C:\\Users\\ana\\proj\\pkg\\features.py"
        assert frame.line == "raise KeyError('w')"
        assert mirror.kernel_path("C:\\Users\\ana\\proj\\") == str(project.root)
        assert mirror.local_path(str(project.root / "pkg")) == "C:\\Users\\ana\\proj\\pkg"
    finally:
        forget_mirror()


@pytest.mark.parametrize("local", ["D:\\", "C:\\Users\\ana\\ProjectX"])
def test_a_windows_project_at_a_drive_root_or_named_with_a_final_x_maps_both_ways(project, local):
    mirror.set_mirror(local, str(project.root))
    try:
        file = local.rstrip("\\") + "\\models.py"
        assert mirror.receive({file: sent("X = 1\n")}) == [str(project.root / "models.py")]
        assert mirror.kernel_path(file) == str(project.root / "models.py")
        assert mirror.local_path(str(project.root / "models.py")) == file
    finally:
        forget_mirror()


def test_a_local_root_with_a_trailing_separator_gives_the_same_paths(project, tmp_path):
    local = str(tmp_path / "laptop" / "proj")
    mirror.set_mirror(local + "/", str(project.root))
    try:
        assert mirror.local_path(str(project.root / "m.py")) == local + "/m.py"
        assert mirror.kernel_path(local + "/m.py") == str(project.root / "m.py")
    finally:
        forget_mirror()


def test_a_src_layout_imports_once_its_files_arrive(mirrored):
    mirrored.receive({"src/app/__init__.py": "NAME = 'app'\n"})
    mirror.set_mirror(mirrored.local, str(mirrored.root))  # again, as the set-up request does
    mirror.set_mirror(mirrored.local, str(mirrored.root))
    assert mirrored.project.run("import app; app.NAME") == "app"
    assert sys.path.count(str(mirrored.root / "src")) == 1 and sys.path.count(str(mirrored.root)) == 1
    assert sys.path_hooks.count(mirror._path_hook) == 1


def test_the_mirror_comes_before_a_module_of_the_same_name_elsewhere(project, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "models.py").write_text("WHERE = 'elsewhere'\n")
    (project.root / "models.py").write_text("WHERE = 'mirror'\n")
    sys.path.remove(str(project.root))
    sys.path.insert(0, str(elsewhere))
    try:
        mirror.set_mirror(str(tmp_path / "laptop"), str(project.root))
        assert project.run("import models; models.WHERE") == "mirror"
    finally:
        sys.path.remove(str(elsewhere))
        forget_mirror()


def test_a_mirror_folder_already_searched_before_the_set_up_names_the_local_file(project, tmp_path):
    (project.root / "early.py").write_text("def fail():\n    raise ValueError('early')\n")
    with pytest.raises(ImportError):
        importlib.import_module("not_yet_there")  # the folder's finder is now cached
    assert str(project.root) in sys.path_importer_cache
    local = str(tmp_path / "laptop")
    mirror.set_mirror(local, str(project.root))
    try:
        project.run("import early")
        [frame] = error_frames(project, "early.fail()")
        # Written by the server's Contents API (no reload request carried it): the import
        # itself gives the traceback its lines.
        assert frame.filename == local + "/early.py" and frame.line == "raise ValueError('early')"
    finally:
        forget_mirror()


def test_a_warning_from_a_module_the_server_wrote_shows_its_line(project, tmp_path):
    (project.root / "noisy.py").write_text("import warnings\n\ndef warn():\n"
                                           "    warnings.warn('rows dropped')\n")
    local = str(tmp_path / "laptop")
    mirror.set_mirror(local, str(project.root))
    try:
        noisy = project.run("import noisy; noisy")
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            noisy.warn()
        [warning] = caught
        linecache.checkcache()
        # As the cell's stderr shows it (warnings read the line by the file's name alone).
        shown = warnings.formatwarning(warning.message, warning.category, warning.filename,
                                       warning.lineno)
        assert shown == f"{local}/noisy.py:4: UserWarning: rows dropped\n  warnings.warn('rows dropped')\n"
    finally:
        forget_mirror()


def test_a_mirror_folder_named_with_a_final_x_names_the_local_file(project, tmp_path):
    root = tmp_path / "MirrorX"
    root.mkdir()
    (root / "marked.py").write_text("def fail():\n    raise ValueError('marked')\n")
    local = str(tmp_path / "laptop")
    mirror.set_mirror(local, str(root))
    try:
        project.run("import marked")
        [frame] = error_frames(project, "marked.fail()")
        assert frame.filename == local + "/marked.py"
    finally:
        sys.path.remove(str(root))
        sys.modules.pop("marked", None)
        forget_mirror()


def test_a_mirror_reached_through_a_symlink_names_the_local_file(project, tmp_path):
    (project.root / "linked.py").write_text("def fail():\n    raise ValueError('linked')\n")
    link = tmp_path / "link"
    link.symlink_to(project.root)
    local = str(tmp_path / "laptop")
    mirror.set_mirror(local, str(link))
    try:
        project.run("import linked")
        [frame] = error_frames(project, "linked.fail()")
        assert frame.filename == local + "/linked.py"
    finally:
        forget_mirror()


def test_modules_outside_the_mirror_import_as_before(mirrored, tmp_path):
    compiled = tmp_path / "compiled"
    compiled.mkdir()
    source = tmp_path / "plain_compiled.py"
    source.write_text("ANSWER = 42\n")
    py_compile.compile(str(source), cfile=str(compiled / "plain_compiled.pyc"), doraise=True)
    sys.path.append(str(compiled))  # a folder of .pyc files only: the usual finder's loaders
    try:
        assert mirrored.project.run("import plain_compiled; plain_compiled.ANSWER") == 42
    finally:
        sys.modules.pop("plain_compiled", None)
    assert mirror.kernel_path("/somewhere/else.py") == "/somewhere/else.py"
    assert mirror.local_path(str(tmp_path / "other.py")) == str(tmp_path / "other.py")


# ---- What a reload request brings
def test_a_module_saved_before_its_first_import_then_imports(mirrored):
    with pytest.raises(ImportError):
        mirrored.project.run("import fresh")
    written = mirrored.receive({"sub/deeper/fresh.py": "VALUE = 'new'\n", "fresh.py": "VALUE = 'new'\n"})
    assert sorted(written) == [str(mirrored.root / "fresh.py"),
                               str(mirrored.root / "sub" / "deeper" / "fresh.py")]
    assert mirrored.project.run("import fresh; fresh.VALUE") == "new"


def test_the_saved_text_is_written_as_it_was_and_no_temporary_file_is_left(mirrored):
    text = "# ünïcode\r\nA = 'é'\r\n"
    mirrored.receive({"crlf.py": text})
    assert (mirrored.root / "crlf.py").read_bytes() == text.encode("utf-8")
    assert sorted(p.name for p in mirrored.root.iterdir()) == ["crlf.py"]


def test_a_damaged_text_is_not_written_and_the_mirrors_copy_stays(mirrored):
    mirrored.receive({"models.py": "X = 1\n"})
    good, damaged = "Y = 2\n", "X = 2\n"
    written = mirror.receive({mirrored.local_file("models.py"): [damaged, sent(damaged + "cut")[1]],
                              mirrored.local_file("other.py"): sent(good)})
    assert written == [str(mirrored.root / "other.py")]
    assert (mirrored.root / "models.py").read_text() == "X = 1\n"
    assert linecache.getline(mirrored.local_file("models.py"), 1) == "X = 1\n"


# ---- A save, reloaded through the mirror
def test_a_save_whose_text_arrived_damaged_is_not_reloaded_and_the_status_line_says_so(mirrored):
    mirrored.receive({"models.py": "X = 1\n"})
    mirrored.project.run("import models")
    report = mirrored.save("models.py", "X = 2\n", digest=sent("X = 2\n# cut")[1])
    assert report["reloaded"] == [] and report["failed"] == []
    assert report["skipped"] == [{"path": mirrored.local_file("models.py"), "reason": mirror.DAMAGED}]
    assert short_summary(report) == \
        "models.py: its saved text arrived damaged (sha256 mismatch): not reloaded, save it again"
    assert mirrored.project.run("models.X") == 1
    # The next save, arrived whole, is reloaded and says nothing of the damaged one.
    report = mirrored.save("models.py", "X = 3\n")
    assert report["reloaded"] == ["models"] and report["skipped"] == []
    assert mirrored.project.run("models.X") == 3


def test_a_save_reloads_and_the_report_names_the_local_file(mirrored):
    mirrored.receive({"models.py": "def score():\n    return 1\n"})
    mirrored.project.run("import models")
    report = mirrored.save("models.py", "def score():\n    return 2\n\ndef fit():\n    return 'fit'\n")
    assert report["reloaded"] == ["models"]
    assert report["files"] == {"models": mirrored.local_file("models.py")}
    assert mirrored.project.run("models.score(), models.fit()") == (2, "fit")


SHAPES = """\
import functools


def traced(function):
    @functools.wraps(function)
    def wrapper(*args):
        return function(*args)
    return wrapper


class Shape:
    kind = None

    def area(self):
        raise ValueError('{tag} area')

    @property
    def size(self):
        raise ValueError('{tag} size')

    @size.setter
    def size(self, value):
        raise ValueError('{tag} set size')

    @size.deleter
    def size(self):
        raise ValueError('{tag} del size')

    @staticmethod
    def unit():
        raise ValueError('{tag} unit')

    @classmethod
    def make(cls):
        raise ValueError('{tag} make')


Shape.kind = Shape  # a class attribute holding its own class


@traced
def scaled():
    raise ValueError('{tag} scaled')


def outer():
    def inner():
        raise ValueError('{tag} inner')
    return inner()
"""

CALLS = {"area": "shapes.Shape().area()", "size": "shapes.Shape().size",
         "set size": "s = shapes.Shape(); s.size = 1", "del size": "s = shapes.Shape(); del s.size",
         "unit": "shapes.Shape.unit()", "make": "shapes.Shape.make()",
         "scaled": "shapes.scaled()", "inner": "shapes.outer()"}


def test_after_a_reload_every_kind_of_function_still_names_the_local_file(mirrored):
    mirrored.receive({"shapes.py": SHAPES.format(tag="old")})
    mirrored.project.run("import shapes")
    report = mirrored.save("shapes.py", "\n\n" + SHAPES.format(tag="new"))  # two lines added above
    assert report["reloaded"] == ["shapes"]
    local = mirrored.local_file("shapes.py")
    for what, call in CALLS.items():
        frames = error_frames(mirrored.project, call)
        assert [f.filename for f in frames] and {f.filename for f in frames} == {local}, what
        assert frames[-1].line == f"raise ValueError('new {what}')", what


def test_a_failed_or_skipped_file_is_reported_under_its_local_path(mirrored):
    mirrored.receive({"models.py": "X = 1\n"})
    mirrored.project.run("import models")
    report = mirrored.save("models.py", "X = 1 / 0\n")
    assert [f["path"] for f in report["failed"]] == [mirrored.local_file("models.py")]
    report = mirrored.save("unused.py", "Y = 1\n")
    assert report["skipped"] == [{"path": mirrored.local_file("unused.py"), "reason": "not imported"}]

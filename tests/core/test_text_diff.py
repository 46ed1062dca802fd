"""The edits that turn one text into another, and the file versions that tell changes apart."""

from __future__ import annotations

import os
import random

from dsstudio.core.editor.disk_version import current_version, version_of
from dsstudio.core.editor.text_diff import MAX_MATCHED_LINES, apply_edits, edits_between, unified_diff


def test_edits_turn_old_into_new_on_random_texts():
    rng = random.Random(12)
    words = ["a", "b = 1", "", "é", "\t", "def f():", "    return 2", "x\r", "🐍"]
    for _ in range(300):
        old = "\n".join(rng.choice(words) for _ in range(rng.randint(0, 30)))
        lines = old.split("\n")
        for _ in range(rng.randint(0, 5)):
            at = rng.randint(0, len(lines))
            if rng.random() < 0.5 and at < len(lines):
                del lines[at]
            else:
                lines.insert(at, rng.choice(words))
        new = "\n".join(lines) + rng.choice(["", "\n"])
        edits = edits_between(old, new)
        assert apply_edits(old, edits) == new
        assert all(a.end <= b.start for a, b in zip(edits, edits[1:]))


def test_unchanged_lines_are_not_in_any_edit():
    old = "".join(f"line {n}\n" for n in range(100))
    new = old.replace("line 10\n", "line ten\n").replace("line 90\n", "")
    edits = edits_between(old, new)
    assert len(edits) == 2
    assert old[edits[0].start:edits[0].end] == "line 10\n"
    assert old[edits[1].start:edits[1].end] == "line 90\n" and edits[1].replacement == ""


def test_a_huge_rewrite_is_one_edit_of_the_changed_middle():
    old = "head\n" + "".join(f"{n}\n" for n in range(MAX_MATCHED_LINES)) + "tail\n"
    new = "head\n" + "".join(f"{n}!\n" for n in range(MAX_MATCHED_LINES)) + "tail\n"
    edits = edits_between(old, new)
    assert len(edits) == 1 and apply_edits(old, edits) == new
    assert edits[0].start == len("head\n")


def test_unified_diff_marks_a_missing_final_newline():
    diff = unified_diff("a\nb", "a\nc\n", "disk", "editor")
    assert "-b\n\\ No newline at end of file\n" in diff and "+c\n" in diff


def test_a_touch_keeps_the_version_and_a_change_does_not(tmp_path):
    path = tmp_path / "f.py"
    path.write_bytes(b"x = 1\n")
    seen = version_of(path, b"x = 1\n")
    assert current_version(path, seen) == (seen, None)  # stat unchanged: nothing read
    os.utime(path, ns=(1, 1))
    touched, data = current_version(path, seen)
    assert data == b"x = 1\n" and touched.same_content(seen) and touched != seen
    path.write_bytes(b"x = 2\n")
    changed, _ = current_version(path, touched)
    assert not changed.same_content(seen)
    path.unlink()
    assert current_version(path, seen) == (None, None)

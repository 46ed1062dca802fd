"""The search process: searches in, results out, in frames; it ends when its input closes."""

from __future__ import annotations

import subprocess

from dsstudio.core.search.query import SearchQuery
from dsstudio.core.process_frames import FrameReader, encode_frame
from dsstudio.core.search.search_process import file_matches, search_command
from tests.core.test_find_in_files import write


def read_until_done(process, search_id: int) -> list[tuple]:
    reader, messages = FrameReader(), []
    while True:
        chunk = process.stdout.read1(65536)
        assert chunk, "the search process ended early"
        for message in reader.feed(chunk):
            messages.append(message)
            if message[0] == "done" and message[1] == search_id:
                return messages


def test_searches_are_answered_in_frames_and_a_newer_one_cancels_the_older(tmp_path):
    for i in range(200):
        write(tmp_path, f"f{i:03}.py", "needle\n" * 50)
    write(tmp_path, "zz_other.py", "haystack\n")
    process = subprocess.Popen(search_command(), stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    try:
        open_buffer = {str(tmp_path / "zz_other.py"): "haystack\nhaystack, unsaved\n"}
        process.stdin.write(encode_frame(("search", 1, str(tmp_path), SearchQuery("needle"), {}, 20_000)))
        process.stdin.write(encode_frame(("search", 2, str(tmp_path), SearchQuery("haystack"),
                                          open_buffer, 20_000)))
        process.stdin.flush()
        messages = read_until_done(process, 2)
        done = {m[1]: m[2] for m in messages if m[0] == "done"}
        # The first search was cancelled by the second (before or while it ran).
        assert 1 not in done or done[1].cancelled
        files = [file_matches(r) for m in messages if m[0] == "files" and m[1] == 2 for r in m[2]]
        assert [(f.rel, f.from_buffer, [l.line for l in f.lines]) for f in files] == [
            ("zz_other.py", True, [0, 1])]
        assert done[2].results == 2 and not done[2].cancelled
    finally:
        process.stdin.close()
        assert process.wait(timeout=10) == 0  # its input closed: it ends by itself
        process.stdout.close()


def test_frames_survive_arbitrary_cuts():
    data = encode_frame(("files", 3, ["a"])) + encode_frame(("done", 3, None))
    reader = FrameReader()
    got = []
    for i in range(len(data)):
        got += reader.feed(data[i:i + 1])
    assert got == [("files", 3, ["a"]), ("done", 3, None)]

"""Issue 16, saying "saved" only when saved, and output errors that end quietly.

* On storage that cannot be written, `learn` printed "Could not save…" and then "Progress saved.".
* `quiz --plain` lost every answer without a word.
* `learn --list` set a damaged progress file aside silently (see test_exports for the warning's words).
* `learn --list | head -c 10` and `> /dev/full` ended in tracebacks; three broken-pipe handlers gave three
  exit statuses. Now one guard (tutor.stdout_guard) serves every subcommand: a closed pipe ends silently
  with 141 (128 + SIGPIPE, what a shell shows for a command killed by SIGPIPE), a full disk with one
  "write error" line and 1 (the coreutils wording: `echo x > /dev/full` says "write error: No space left
  on device").
"""

from __future__ import annotations

import errno
import io
import os
from pathlib import Path

import pytest

from tests.security.cli_run import LESSONS, tutor
from tutor.lessons.catalog import load_pack
from tutor.lessons.plain import run_learn
from tutor.lessons.progress import ProgressStore


def _unwritable(tmp_path) -> Path:
    """A data folder that cannot be created (a file stands where a folder must be): works as root too."""
    blocker = tmp_path / "blocker"
    blocker.write_text("not a folder\n", encoding="utf-8")
    return blocker / "data"


def test_learn_on_unwritable_storage_never_says_saved(tmp_path):
    proc = tutor("learn", "1", data=_unwritable(tmp_path), stdin="ls\nquit\n")
    assert proc.returncode == 0
    assert "Progress saved" not in proc.stdout
    assert "Your progress could not be saved. To start again: registry-tutor learn the-library" in proc.stdout
    assert "Traceback" not in proc.stderr


def test_learn_when_saving_starts_failing_midway_says_so(tmp_path, monkeypatch):
    pack = load_pack(LESSONS)
    store = ProgressStore("p", root=tmp_path)

    def refuse():  # the disk turns read-only after the lesson opened
        raise OSError(errno.EROFS, os.strerror(errno.EROFS))

    monkeypatch.setattr(store, "_writer", refuse)
    out = io.StringIO()
    code = run_learn(pack, "1", progress=store, stdin=io.StringIO("ls\nquit\n"), stdout=out)
    text = out.getvalue()
    assert code == 0
    assert "Progress saved" not in text
    assert f"Could not save your progress to {store.path}: Read-only file system" in text
    assert text.rstrip().endswith("Your progress could not be saved. To start again: registry-tutor learn "
                                  "the-library")


def test_learn_says_saved_when_it_is(tmp_path):
    proc = tutor("learn", "1", data=tmp_path / "data", stdin="quit\n")
    assert "Progress saved. To continue: registry-tutor learn the-library" in proc.stdout
    assert ProgressStore("default", root=tmp_path / "data").status("the-library") == "in progress"


def test_quiz_plain_says_when_answers_were_not_saved(tmp_path):
    proc = tutor("quiz", "--plain", "--seed", "1", "--count", "2", data=_unwritable(tmp_path), stdin="a\nb\n")
    assert proc.returncode == 1
    assert proc.stderr.rstrip().endswith("registry-tutor quiz: your answers were not saved to your progress.")
    assert "Score: " in proc.stdout


def test_quiz_plain_saves_answers_when_it_can(tmp_path):
    proc = tutor("quiz", "--plain", "--seed", "1", "--count", "2", data=tmp_path / "data", stdin="a\nb\n")
    assert proc.returncode == 0, proc.stderr
    assert "not saved" not in proc.stderr
    assert "seed-1-current" in ProgressStore("default", root=tmp_path / "data").data["quizzes"]


# --- broken pipes and full disks ------------------------------------------------

SUBCOMMANDS = [
    ("learn --list", ""),
    ("validate lessons", ""),
    ("schema", ""),
    ("quiz --json --seed 1 --count 200", ""),
    ("quiz --markdown --seed 1 --count 200", ""),
    ("results export --format csv", ""),
    ("shell", "help\n" * 300),
    ("learn 1", "help\n" * 400),
]


@pytest.mark.parametrize(("command", "stdin"), SUBCOMMANDS, ids=[c for c, _ in SUBCOMMANDS])
def test_a_closed_pipe_ends_quietly_with_141(tmp_path, command, stdin):
    # `exec 3>&1`: the pipeline's status is the tutor's, read back through a file (plain sh has no PIPESTATUS)
    proc = tutor(data=tmp_path, stdin=stdin,
                 shell_line=f"({{tutor}} {command}; echo $? > {tmp_path}/status) | head -c 10 > /dev/null")
    assert proc.stderr == ""
    status = int((tmp_path / "status").read_text())
    assert status in (0, 141)  # 0 only when everything fit in the pipe before `head` closed it
    if command in ("shell", "learn 1"):  # far more output than any pipe holds: the write must meet EPIPE
        assert status == 141


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full (Linux)")
@pytest.mark.parametrize(("command", "stdin"), SUBCOMMANDS, ids=[c for c, _ in SUBCOMMANDS])
def test_a_full_disk_is_one_write_error_line_and_status_1(tmp_path, command, stdin):
    proc = tutor(data=tmp_path, stdin=stdin, shell_line=f"{{tutor}} {command} > /dev/full")
    assert proc.returncode == 1
    assert proc.stderr.splitlines()[-1] == "registry-tutor: write error: No space left on device"
    assert "Traceback" not in proc.stderr and "Exception ignored" not in proc.stderr

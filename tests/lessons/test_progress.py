"""The progress store: where it lives, one event a row in SQLite, sessions sharing a profile, damaged files,
versions, the progress.json migration, resuming."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.lessons.conftest import REPO
from tutor.lessons.progress import FORMAT_VERSION, ProgressStore, check_profile, data_root
from tutor.storage import atomic_write


def test_location_env_override_and_profiles(tmp_path, monkeypatch):
    monkeypatch.setenv("REGISTRY_TUTOR_DATA", str(tmp_path / "class"))
    assert data_root() == tmp_path / "class"
    alice, bob = ProgressStore("alice"), ProgressStore("bob")
    alice.record_started("the-library")
    assert (tmp_path / "class" / "alice" / "progress.sqlite3").exists()
    assert not (tmp_path / "class" / "bob").exists()  # nothing is written before the first record
    assert bob.status("the-library") == "new" and alice.status("the-library") == "in progress"


def test_platformdirs_is_the_default(monkeypatch):
    monkeypatch.delenv("REGISTRY_TUTOR_DATA", raising=False)
    from platformdirs import user_data_dir

    assert data_root() == Path(user_data_dir("registry-tutor", appauthor=False))


@pytest.mark.parametrize("name", ["", "../x", ".hidden", "a/b", "x" * 65, "sp ace"])
def test_bad_profile_names(name):
    with pytest.raises(ValueError, match="invalid profile name"):
        check_profile(name)


def test_records_and_format(tmp_path):
    clock = iter(range(1_767_225_600, 1_767_225_700)).__next__
    store = ProgressStore("p", root=tmp_path, clock=clock)
    store.record_started("l1")
    store.record_command("l1", "t1", "docker push x", 1)
    store.record_hint("l1", "t1")
    store.record_solution_shown("l1", "t1")
    store.record_task_done("l1", "t1", commands=3, par=2, stars=2)
    store.record_quiz("l1", "q1", "the 2.0 edition", False, "latest-moves-itself")
    store.record_step("l1", 4, "q1")
    data = store.data
    assert data["format"] == FORMAT_VERSION and data["last_lesson"] == "l1"
    lesson = data["lessons"]["l1"]
    assert lesson["started"] == "2026-01-01T00:00:00Z"
    assert lesson["step"] == 4 and lesson["steps_done"] == ["q1"] and lesson["commands_typed"] == 1
    assert lesson["commands"][0]["line"] == "docker push x" and lesson["commands"][0]["exit"] == 1
    task = lesson["tasks"]["t1"]
    assert task["commands"] == 1 and task["hints"] == 1 and task["solution_shown"] and task["stars"] == 2
    assert lesson["quiz"]["q1"] == {
        "answer": "the 2.0 edition",
        "correct": False,
        "misconception": "latest-moves-itself",
        "attempts": 1,
        "at": "2026-01-01T00:00:05Z",
    }
    again = ProgressStore("p", root=tmp_path)
    assert again.warning is None and again.lesson_state("l1") == lesson and again.resume_step("l1") == 4


def _rows(path: Path) -> list[tuple[str, str | None]]:
    with sqlite3.connect(path) as db:
        return db.execute("SELECT kind, lesson FROM events ORDER BY id").fetchall()


def test_each_record_is_one_appended_row_in_a_wal_database(tmp_path):
    store = ProgressStore("p", root=tmp_path)
    store.record_started("l1")
    store.record_command("l1", None, "ls", 0)
    store.record_command("l1", None, "pwd", 0)
    assert _rows(store.path) == [("started", "l1"), ("command", "l1"), ("command", "l1")]
    with sqlite3.connect(store.path) as db:
        assert db.execute("PRAGMA journal_mode").fetchone() == ("wal",)


def test_two_sessions_on_one_profile_keep_each_others_progress(tmp_path):
    """The issue's case: `learn the-library` and `learn build-and-tag` open at once on one profile."""
    first, second = ProgressStore("ada", root=tmp_path), ProgressStore("ada", root=tmp_path)
    onlooker = ProgressStore("ada", root=tmp_path)  # opened before anything was recorded, never writes
    first.record_started("the-library")
    second.record_started("build-and-tag")
    first.record_task_done("the-library", "open-the-door", commands=2, par=2, stars=3)
    second.record_command("build-and-tag", "build", "docker build -t myapp1 ~/myapp1", 0)
    first.record_command("the-library", None, "docker images", 0)
    # each session sees what the other recorded, without reopening the store
    assert first.status("build-and-tag") == "in progress"
    assert second.lesson_state("the-library")["tasks"]["open-the-door"]["done"] is True
    assert second.last_lesson() == "the-library"  # the latest event wins, whoever wrote it
    reopened = ProgressStore("ada", root=tmp_path)
    assert reopened.lesson_state("the-library")["tasks"]["open-the-door"]["stars"] == 3
    assert reopened.lesson_state("the-library")["commands_typed"] == 1
    assert reopened.lesson_state("build-and-tag")["tasks"]["build"]["commands"] == 1
    assert reopened.data == first.data == second.data == onlooker.data


def test_old_progress_json_is_imported_once_and_kept_as_a_backup(tmp_path):
    folder = tmp_path / "p"
    folder.mkdir()
    old = {
        "format": 1, "app": "registry-tutor", "last_lesson": "the-library",
        "lessons": {"the-library": {
            "started": "2025-01-01T00:00:00Z", "updated": "2025-01-01T00:01:00Z", "completed": None,
            "step": 3, "steps_done": ["intro"], "commands_typed": 2, "commands": [], "quiz": {},
            "tasks": {"t": {"commands": 2, "hints": 1, "solution_shown": False, "done": True, "skipped": False}},
        }},
        "quizzes": {"seed-1-current": {"answers": {"x": {"correct": True, "attempts": 1}}}},
    }
    text = json.dumps(old)
    (folder / "progress.json").write_text(text)
    store = ProgressStore("p", root=tmp_path)
    assert store.warning is None
    assert store.resume_step("the-library") == 3 and store.status("the-library") == "in progress"
    assert store.data["quizzes"]["seed-1-current"]["answers"]["x"]["correct"] is True
    assert not (folder / "progress.json").exists()
    assert (folder / "progress.json.migrated").read_text() == text  # the backup is the file, untouched
    store.record_hint("the-library", "t")
    again = ProgressStore("p", root=tmp_path)  # the second start imports nothing again
    assert again.lesson_state("the-library")["tasks"]["t"]["hints"] == 2
    assert [kind for kind, _ in _rows(store.path)] == ["import", "hint"]


def test_corrupt_file_is_kept_aside_with_a_message(tmp_path):
    folder = tmp_path / "p"
    folder.mkdir()
    (folder / "progress.json").write_text('{"format": 1, "lessons": {"x": ')
    store = ProgressStore("p", root=tmp_path)
    assert store.warning is not None
    assert "damaged" in store.warning and "progress.json.corrupt-1" in store.warning
    assert (folder / "progress.json.corrupt-1").read_text() == '{"format": 1, "lessons": {"x": '
    assert store.data["lessons"] == {}
    store.record_started("l1")  # a fresh record is started beside the kept copy
    assert ProgressStore("p", root=tmp_path).status("l1") == "in progress"


def test_a_damaged_database_is_kept_aside_and_a_new_one_started(tmp_path):
    folder = tmp_path / "p"
    folder.mkdir()
    (folder / "progress.sqlite3").write_bytes(b"this is not SQLite at all" * 100)
    store = ProgressStore("p", root=tmp_path)
    assert "damaged" in store.warning and "progress.sqlite3.corrupt-1" in store.warning
    assert (folder / "progress.sqlite3.corrupt-1").read_bytes().startswith(b"this is not SQLite")
    store.record_started("l1")
    again = ProgressStore("p", root=tmp_path)
    assert again.warning is None and again.status("l1") == "in progress"


def test_wrong_structure_counts_as_damage(tmp_path):
    folder = tmp_path / "p"
    folder.mkdir()
    (folder / "progress.json").write_text(json.dumps({"format": 1, "lessons": {"x": {"step": "three"}}}))
    store = ProgressStore("p", root=tmp_path)
    assert "bad 'step'" in store.warning


def test_newer_format_is_left_alone(tmp_path):
    folder = tmp_path / "p"
    folder.mkdir()
    newer = json.dumps({"format": FORMAT_VERSION + 1, "lessons": {}, "whatever": True})
    (folder / "progress.json").write_text(newer)
    store = ProgressStore("p", root=tmp_path)
    assert store.read_only and "newer registry-tutor" in store.warning
    store.record_started("l1")
    assert store.status("l1") == "in progress"  # this session still knows
    assert (folder / "progress.json").read_text() == newer
    assert not list(folder.glob("*.corrupt-*")) and not (folder / "progress.sqlite3").exists()


def test_a_database_from_a_newer_version_is_read_but_not_written(tmp_path):
    ProgressStore("p", root=tmp_path).record_started("l1")
    path = tmp_path / "p" / "progress.sqlite3"
    with sqlite3.connect(path) as db:
        db.execute("UPDATE meta SET value = '99' WHERE key = 'db_version'")
    store = ProgressStore("p", root=tmp_path)
    assert store.read_only and "newer registry-tutor (format 99)" in store.warning
    assert store.status("l1") == "in progress"
    store.record_started("l2")
    assert _rows(path) == [("started", "l1")]


def test_storage_that_cannot_be_written_warns_clearly_and_the_lesson_goes_on(tmp_path):
    """A data root that is not a folder (a read-only or full disk looks the same to the learner)."""
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    store = ProgressStore("p", root=blocker)
    assert store.warning is None  # nothing to read yet
    store.record_started("l1")
    assert store.read_only and store.warning.startswith("Could not save your progress to ")
    assert str(blocker / "p" / "progress.sqlite3") in store.warning
    store.record_step("l1", 2)
    assert store.resume_step("l1") == 2  # recorded in memory for this session
    assert blocker.read_text() == "not a folder"


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root writes through file modes")
def test_a_read_only_folder_warns_instead_of_raising(tmp_path):
    ProgressStore("p", root=tmp_path).record_started("l1")
    (tmp_path / "p").chmod(0o500)
    (tmp_path / "p" / "progress.sqlite3").chmod(0o400)
    try:
        store = ProgressStore("p", root=tmp_path)
        store.record_started("l2")
        assert store.warning and "progress" in store.warning
    finally:
        (tmp_path / "p").chmod(0o700)


def test_atomic_write_leaves_no_temp_files(tmp_path):
    target = tmp_path / "deep" / "f.json"
    atomic_write(target, "one")
    atomic_write(target, "two")
    assert target.read_text() == "two"
    assert [p.name for p in target.parent.iterdir()] == ["f.json"]


def test_stale_temp_files_of_old_versions_are_cleaned_but_fresh_ones_kept(tmp_path):
    folder = tmp_path / "p"
    folder.mkdir()
    stale, fresh = folder / ".progress.json.abc.tmp", folder / ".progress.json.def.tmp"
    stale.write_text("x")
    fresh.write_text("y")
    old = time.time() - 7200
    os.utime(stale, (old, old))
    ProgressStore("p", root=tmp_path)
    assert not stale.exists() and fresh.exists()


SAVER = """
import sys
from pathlib import Path
from tutor.lessons.progress import ProgressStore

store = ProgressStore(sys.argv[2], root=Path(sys.argv[1]))
n = 0
while True:
    n += 1
    store.record_command("lesson", "task", f"{n} " + "x" * 400, 0)
    print(n, flush=True)  # printed only once the event is committed
"""


def test_a_kill_mid_write_loses_at_most_the_event_being_written(tmp_path):
    """SIGKILL a process that records in a loop: every event it reported committed is there, in order."""
    root = tmp_path / "root"
    for attempt in range(8):
        profile = f"kill-{attempt}"
        child = subprocess.Popen(
            [sys.executable, "-c", SAVER, str(root), profile], cwd=REPO, stdout=subprocess.PIPE, text=True
        )
        assert child.stdout.readline().strip() == "1"
        time.sleep(0.005 * attempt)  # any moment will do: the assertions hold wherever the kill lands
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=10)
        reported = [int(line) for line in child.stdout.read().split() if line.isdigit()]
        child.stdout.close()
        committed = max([1, *reported])
        store = ProgressStore(profile, root=root)
        assert store.warning is None
        lesson = store.lesson_state("lesson")
        typed = lesson["commands_typed"]
        assert committed <= typed <= committed + 1  # the one in flight may or may not have landed
        # internally consistent: the last command recorded is the one the count says
        assert lesson["commands"][-1]["line"].split()[0] == str(typed)
        assert len(lesson["commands"]) == min(typed, 200)
        assert lesson["tasks"]["task"]["commands"] == typed

"""The progress store: where it lives, atomic saves, damaged files, versions, resuming."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.lessons.conftest import REPO
from tutor.lessons.progress import FORMAT_VERSION, ProgressStore, atomic_write, check_profile, data_root


def test_location_env_override_and_profiles(tmp_path, monkeypatch):
    monkeypatch.setenv("REGISTRY_TUTOR_DATA", str(tmp_path / "class"))
    assert data_root() == tmp_path / "class"
    alice, bob = ProgressStore("alice"), ProgressStore("bob")
    alice.record_started("the-library")
    assert (tmp_path / "class" / "alice" / "progress.json").exists()
    assert not (tmp_path / "class" / "bob" / "progress.json").exists()
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
    data = json.loads((tmp_path / "p" / "progress.json").read_text())
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
        "at": lesson["quiz"]["q1"]["at"],
    }
    again = ProgressStore("p", root=tmp_path)
    assert again.warning is None and again.lesson_state("l1") == lesson and again.resume_step("l1") == 4


def test_corrupt_file_is_kept_aside_with_a_message(tmp_path):
    folder = tmp_path / "p"
    folder.mkdir()
    (folder / "progress.json").write_text('{"format": 1, "lessons": {"x": ')
    store = ProgressStore("p", root=tmp_path)
    assert store.warning is not None
    assert "damaged" in store.warning and "progress.json.corrupt-1" in store.warning
    assert (folder / "progress.json.corrupt-1").read_text() == '{"format": 1, "lessons": {"x": '
    assert store.data["lessons"] == {}
    store.record_started("l1")  # a fresh record is written beside the kept copy
    (folder / "progress.json").write_text("[1, 2]")
    second = ProgressStore("p", root=tmp_path)
    assert "progress.json.corrupt-2" in second.warning and "not a JSON object" in second.warning
    assert (folder / "progress.json.corrupt-1").exists()


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
    assert (folder / "progress.json").read_text() == newer
    assert not list(folder.glob("*.corrupt-*"))


def test_unreadable_or_unwritable_place_warns_instead_of_raising(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    unreadable = ProgressStore("p", root=blocker)
    assert unreadable.read_only and "Could not read your progress file" in unreadable.warning
    store = ProgressStore("p", root=tmp_path / "ok")
    (tmp_path / "ok").mkdir()
    (tmp_path / "ok" / "p").write_text("a file where the profile folder should be")
    store.record_started("l1")
    assert store.warning and "Could not save your progress" in store.warning


def test_atomic_write_leaves_no_temp_files(tmp_path):
    target = tmp_path / "deep" / "f.json"
    atomic_write(target, "one")
    atomic_write(target, "two")
    assert target.read_text() == "two"
    assert [p.name for p in target.parent.iterdir()] == ["f.json"]


def test_stale_temp_files_are_cleaned_but_fresh_ones_kept(tmp_path):
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

store = ProgressStore("kill", root=Path(sys.argv[1]))
n = 0
while True:
    n += 1
    store.record_command("lesson", "task", f"{n} " + "x" * 400, 0)
    if n == 3:
        print("ready", flush=True)
"""


def test_progress_survives_a_kill_mid_save(tmp_path):
    """SIGKILL a process that saves in a loop: the file is always a complete old or new version."""
    root = tmp_path / "root"
    path = root / "kill" / "progress.json"
    for attempt in range(12):
        child = subprocess.Popen(
            [sys.executable, "-c", SAVER, str(root)], cwd=REPO, stdout=subprocess.PIPE, text=True
        )
        assert child.stdout.readline().strip() == "ready"
        time.sleep(0.005 * attempt)
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=10)
        child.stdout.close()
        data = json.loads(path.read_text(encoding="utf-8"))  # valid JSON: never a torn write
        lesson = data["lessons"]["lesson"]
        typed = lesson["commands_typed"]
        assert typed >= 3
        # internally consistent: the last command recorded is the one the count says
        assert lesson["commands"][-1]["line"].split()[0] == str(typed)
        assert len(lesson["commands"]) == min(typed, 200)
        store = ProgressStore("kill", root=root)
        assert store.warning is None
        path.unlink()  # each round starts afresh so the counts stay comparable

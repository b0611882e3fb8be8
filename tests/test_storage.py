"""One data root for everything saved (progress and worlds), one atomic write."""

from __future__ import annotations

import json
import os
import stat
import threading

import pytest

from tutor import storage
from tutor.lessons.progress import ProgressStore
from tutor.sim.world import World
from tutor.ui.worlds import default_world_path, load_world, save_world


def test_the_data_root_is_honoured_for_progress_and_saved_worlds(tmp_path, monkeypatch):
    monkeypatch.setenv("REGISTRY_TUTOR_DATA", str(tmp_path / "class"))
    ProgressStore("ada").record_started("the-library")
    written = save_world(World.default(), default_world_path())
    assert (tmp_path / "class" / "ada" / "progress.sqlite3").is_file()
    assert written == tmp_path / "class" / "worlds" / "sandbox.json"
    assert load_world(written).to_dict() == World.default().to_dict()


def test_atomic_write_fsyncs_the_file_before_it_replaces_the_old_one(tmp_path, monkeypatch):
    target = tmp_path / "deep" / "world.json"
    storage.atomic_write(target, "old")
    calls: list[str] = []
    real_fsync, real_replace = os.fsync, os.replace
    monkeypatch.setattr(os, "fsync", lambda fd: (calls.append("fsync"), real_fsync(fd))[1])
    monkeypatch.setattr(os, "replace", lambda a, b: (calls.append("replace"), real_replace(a, b))[1])
    storage.atomic_write(target, "new")
    assert calls[:2] == ["fsync", "replace"] and target.read_text() == "new"


def test_a_failed_world_save_keeps_the_old_file_and_leaves_no_temp(tmp_path, monkeypatch):
    target = tmp_path / "sandbox.json"
    save_world(World.default(), target)
    before = target.read_text()

    def crash(*_args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(OSError):
        save_world(World.default(profile="classic"), target)
    assert target.read_text() == before and json.loads(before)
    assert [p.name for p in tmp_path.iterdir()] == ["sandbox.json"]


def test_saving_to_a_device_writes_through_it_and_never_replaces_it(tmp_path):
    """Saving to `/dev/null` or a FIFO must not rename a regular file over it (as root, that
    would replace the machine's /dev/null). A FIFO stands in for the device, so a regression
    cannot break the machine running the test."""
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[str] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_text()), daemon=True)
    reader.start()
    save_world(World.default(), fifo)
    reader.join(timeout=30)
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)
    assert json.loads(received[0])["profile"] == World.default().to_dict()["profile"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pipe"]

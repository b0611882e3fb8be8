"""The TUI's lesson list shows the progress of the pack it opened (tests/lessons/test_progress_packs.py):
two packs (two folders without a pack.yaml: each is named by its folder) with the same lesson ids keep
two records; a pack whose folder was moved keeps its own."""

from __future__ import annotations

import shutil

from tutor.lessons.progress import ProgressStore, pack_identity
from tutor.ui.app import TutorApp

from .conftest import FIXTURE_PACK
from .test_home_ready import rows


async def test_progress_in_one_pack_is_not_shown_in_another_with_the_same_lesson_ids(tmp_path, monkeypatch):
    monkeypatch.setenv("REGISTRY_TUTOR_CACHE", str(tmp_path / "cache"))
    first, second = tmp_path / "monday", tmp_path / "tuesday"
    shutil.copytree(FIXTURE_PACK, first)
    shutil.copytree(FIXTURE_PACK, second)
    store = ProgressStore("default", root=tmp_path / "progress", pack=pack_identity(first))
    store.record_started("first-push")
    store.record_task_done("first-push", "build-it", commands=1, par=1, stars=3)
    shown = {}
    for folder in (first, second):
        app = TutorApp(pack=str(folder), progress_root=tmp_path / "progress")
        async with app.run_test(size=(120, 40)) as pilot:
            await app.workers.wait_for_complete()
            await pilot.pause()
            shown[folder.name] = rows(app)[0]
    assert "in progress" in shown["monday"] and "★ 3/" in shown["monday"]
    assert "in progress" not in shown["tuesday"] and "★" not in shown["tuesday"]


async def test_a_pack_folder_moved_since_its_lessons_were_done_still_shows_them(tmp_path, monkeypatch):
    """Before, progress was keyed by the folder's full path: the moved folder listed every lesson as new."""
    monkeypatch.setenv("REGISTRY_TUTOR_CACHE", str(tmp_path / "cache"))
    folder = tmp_path / "workshop"
    shutil.copytree(FIXTURE_PACK, folder)
    (folder / "pack.yaml").write_text("id: registry-day-1\ntitle: Day one\n", encoding="utf-8")
    store = ProgressStore("default", root=tmp_path / "progress", pack=pack_identity(folder))
    store.record_started("first-push")
    store.record_task_done("first-push", "build-it", commands=1, par=1, stars=3)
    store.close()
    moved = tmp_path / "courses" / "day-1"
    moved.parent.mkdir()
    folder.rename(moved)
    app = TutorApp(pack=str(moved), progress_root=tmp_path / "progress")
    async with app.run_test(size=(80, 24)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "in progress" in rows(app)[0] and "★ 3/" in rows(app)[0]

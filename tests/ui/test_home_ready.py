"""The lesson list is in the first frame when every lesson is in the compiled-lesson cache."""

from __future__ import annotations

import shutil

from tutor.lessons import cache as lesson_cache
from tutor.lessons.catalog import load_pack, ready_from_cache
from tutor.ui.app import TutorApp
from tutor.ui.screens.home import HomeScreen

from .conftest import FIXTURE_PACK


def option_count(app) -> int:
    return app.screen.query_one("#lessons").option_count


async def test_a_warm_cache_lists_the_lessons_when_the_home_screen_mounts(tmp_path, monkeypatch):
    monkeypatch.setenv(lesson_cache.ENV_VAR, str(tmp_path / "cache"))
    pack = tmp_path / "pack"
    shutil.copytree(FIXTURE_PACK, pack)
    assert not ready_from_cache(pack)  # nothing compiled yet
    expected = len(load_pack(pack).lessons)  # compiles them
    assert ready_from_cache(pack)
    filled_in_worker = []
    monkeypatch.setattr(HomeScreen, "_load_lessons", lambda self: filled_in_worker.append(True))
    app = TutorApp(pack=str(pack), progress_root=tmp_path / "progress")
    async with app.run_test(size=(120, 40)):
        assert isinstance(app.screen, HomeScreen)
        assert option_count(app) == expected  # no "Loading lessons…" row, no background load
    assert not filled_in_worker


async def test_an_edited_lesson_is_loaded_in_the_background_as_before(tmp_path, monkeypatch):
    monkeypatch.setenv(lesson_cache.ENV_VAR, str(tmp_path / "cache"))
    pack = tmp_path / "pack"
    shutil.copytree(FIXTURE_PACK, pack)
    load_pack(pack)
    first = sorted(pack.glob("*.yaml"))[0]
    first.write_text(first.read_text() + "\n# edited\n")
    assert not ready_from_cache(pack)
    app = TutorApp(pack=str(pack), progress_root=tmp_path / "progress")
    async with app.run_test(size=(120, 40)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert option_count(app) == len(load_pack(pack).lessons)

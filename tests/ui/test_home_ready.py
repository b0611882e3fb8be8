"""The lesson list is in the first frame when the pack's lesson index is current (tutor.lessons.listing).

A pack that loaded cleanly leaves an index (ids, titles, summaries, task ids); the next start lists
the lessons from it, with the learner's progress and stars, before any lesson is read. The compiled
lessons load after the first frame (or when one is opened). An edit on disk makes the index miss.
"""

from __future__ import annotations

import shutil

import pytest
from textual.app import App

from tutor.lessons import cache as lesson_cache
from tutor.lessons import listing
from tutor.lessons.catalog import load_pack
from tutor.lessons.progress import ProgressStore, pack_identity
from tutor.ui.app import TutorApp
from tutor.ui.screens import home
from tutor.ui.screens.home import HomeScreen

from .conftest import FIXTURE_PACK


@pytest.fixture
def pack(tmp_path, monkeypatch):
    """A copy of the fixture pack, with its own (empty) compiled-lesson cache."""
    monkeypatch.setenv(lesson_cache.ENV_VAR, str(tmp_path / "cache"))
    folder = tmp_path / "pack"
    shutil.copytree(FIXTURE_PACK, folder)
    return folder


def rows(app) -> list[str]:
    option_list = app.screen.query_one("#lessons")
    return [str(option_list.get_option_at_index(i).prompt) for i in range(option_list.option_count)]


def first_frame_rows(monkeypatch) -> list[list[str]]:
    """Records the lesson rows as they are when the first frame reaches the driver (as the benchmark does)."""
    seen: list[list[str]] = []
    display = App._display

    def recording(self, screen, renderable) -> None:
        display(self, screen, renderable)
        if renderable is not None and not self._batch_count and not seen and isinstance(screen, HomeScreen):
            seen.append(rows(self))

    monkeypatch.setattr(App, "_display", recording)
    return seen


async def test_a_clean_load_leaves_an_index_and_the_next_start_lists_from_it(pack, tmp_path, monkeypatch):
    assert listing.read_index(pack) is None  # nothing loaded yet
    lessons = load_pack(pack).lessons  # compiles them, and writes the index
    title, entries = listing.read_index(pack)
    assert [e.id for e in entries] == [lesson.id for lesson in lessons]
    assert [e.task_ids for e in entries] == [tuple(t.id for t in lesson.tasks) for lesson in lessons]
    cold_path = []
    monkeypatch.setattr(HomeScreen, "_load_lessons", lambda self: cold_path.append(True))
    first = first_frame_rows(monkeypatch)
    app = TutorApp(pack=str(pack), progress_root=tmp_path / "progress")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert first, "no frame was shown"
        assert [row.split(None, 1)[1] for row in first[0]] == [f"{n}. {lesson.title}"
                                                                for n, lesson in enumerate(lessons, 1)]
        assert app.screen.query_one("#lessons-pane").border_title == "registry-tutor · pack"
    assert not cold_path  # no "Loading lessons…" and no load before the list


async def test_stars_and_progress_are_right_in_the_first_listed_frame(pack, tmp_path, monkeypatch):
    load_pack(pack)
    store = ProgressStore("default", root=tmp_path / "progress", pack=pack_identity(pack))
    store.record_started("first-push")
    store.record_task_done("first-push", "build-it", commands=1, par=1, stars=3)
    store.record_started("many-tags")
    first = first_frame_rows(monkeypatch)
    app = TutorApp(pack=str(pack), progress_root=tmp_path / "progress")
    async with app.run_test(size=(120, 40)):
        pass
    first_push, many_tags = first[0]
    tasks = sum(1 for _ in load_pack(pack).lessons[0].tasks)
    assert f"★ 3/{3 * tasks}" in first_push and "in progress" in first_push
    assert many_tags.startswith("◐") and "★" not in many_tags


async def test_a_lesson_edited_on_disk_is_picked_up(pack, tmp_path, monkeypatch):
    load_pack(pack)
    first_file = pack / "01-first-push.yaml"
    first_file.write_text(first_file.read_text().replace("title: Your first push", "title: Pushing, for real"))
    assert listing.read_index(pack) is None  # the index names the files as they were
    app = TutorApp(pack=str(pack), progress_root=tmp_path / "progress")
    async with app.run_test(size=(120, 40)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "Pushing, for real" in rows(app)[0]
    # that load left a new index: the next start lists the new title before reading any lesson
    monkeypatch.setattr(HomeScreen, "_load_lessons", lambda self: pytest.fail("read the lessons before listing"))
    again = TutorApp(pack=str(pack), progress_root=tmp_path / "progress")
    async with again.run_test(size=(120, 40)):
        assert "Pushing, for real" in rows(again)[0]


async def test_a_lesson_opened_from_the_indexed_list_is_the_full_lesson_with_its_screen_styled(pack, tmp_path):
    from tutor.ui.screens.lesson import LessonScreen

    load_pack(pack)
    app = TutorApp(pack=str(pack), progress_root=tmp_path / "progress")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("enter")  # the resume row: the first lesson, new
        await pilot.pause()
        assert isinstance(app.screen, LessonScreen)
        assert app.screen.lesson.id == "first-push" and app.screen.lesson.tasks
        # lesson.tcss was loaded with the screen: its rule for the task panel applies
        assert app.screen.query_one("#task").styles.max_height.value == 75


async def test_a_lesson_broken_after_it_was_listed_is_reported_when_opened(pack, tmp_path, monkeypatch):
    load_pack(pack)
    monkeypatch.setattr(HomeScreen, "_preload_lessons", lambda self: None)  # the list stays index-only
    app = TutorApp(pack=str(pack), progress_root=tmp_path / "progress")
    async with app.run_test(size=(120, 40)) as pilot:
        assert len(rows(app)) == 2
        (pack / "01-first-push.yaml").write_text("id: first-push\ntitle: [unclosed\n")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)  # no crash, no half-open lesson
        assert rows(app)[0].startswith("Could not load the lessons:")
        assert "01-first-push.yaml" in rows(app)[0]


async def test_an_edited_lesson_is_loaded_in_the_background_as_before(pack, tmp_path):
    load_pack(pack)
    first = sorted(pack.glob("*.yaml"))[0]
    first.write_text(first.read_text() + "\n# edited\n")
    app = TutorApp(pack=str(pack), progress_root=tmp_path / "progress")
    async with app.run_test(size=(120, 40)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert len(rows(app)) == len(load_pack(pack).lessons)


async def test_the_sandbox_and_help_opened_from_the_list_have_their_styles(pack, tmp_path):
    from tests.ui.conftest import run_command, settle
    from tutor.ui.screens.help import HelpScreen
    from tutor.ui.screens.sandbox import SandboxScreen

    load_pack(pack)
    app = TutorApp(pack=str(pack), progress_root=tmp_path / "progress")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, SandboxScreen)
        assert app.screen.query_one("#picture").styles.width.value == 46  # sandbox.tcss, loaded on the push
        await run_command(pilot, "echo shelves")
        await settle(pilot)
        assert "shelves" in app.screen.terminal.lines()  # the terminal works
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)


# --- the first start: no index yet (after an install or an edit) --------------------------------------


async def test_the_first_start_lists_every_lesson_in_its_first_frame_without_compiling_one(pack, tmp_path, monkeypatch):
    """An empty cache (a fresh install): the list comes from the files' own lines (tutor.lessons.quickscan)."""
    monkeypatch.setattr(HomeScreen, "_load_lessons", lambda self: pytest.fail("read the lessons before listing"))
    monkeypatch.setattr(HomeScreen, "_preload_lessons", lambda self: None)
    first = first_frame_rows(monkeypatch)
    app = TutorApp(pack=str(pack), progress_root=tmp_path / "progress")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert not app.lessons_loaded  # nothing compiled for the list
    lessons = load_pack(pack).lessons
    assert [row.split(None, 1)[1] for row in first[0]] == [f"{n}. {lesson.title}" for n, lesson in enumerate(lessons, 1)]


async def test_an_edit_after_the_index_was_written_never_shows_the_old_title(pack, tmp_path, monkeypatch):
    load_pack(pack)  # the index of the pack as it was
    first_file = pack / "01-first-push.yaml"
    first_file.write_text(first_file.read_text().replace("title: Your first push", "title: Pushing, for real"))
    monkeypatch.setattr(HomeScreen, "_preload_lessons", lambda self: None)
    first = first_frame_rows(monkeypatch)
    app = TutorApp(pack=str(pack), progress_root=tmp_path / "progress")
    async with app.run_test(size=(120, 40)):
        pass
    assert "Pushing, for real" in first[0][0] and "Your first push" not in "".join(first[0])


async def test_a_listed_lesson_that_does_not_compile_is_reported_on_the_list(pack, tmp_path, monkeypatch):
    """Scanned lines can look right in a file the loader refuses: once the lessons compile, the list says so."""
    monkeypatch.setattr(home, "PRELOAD_DELAY", 3600)  # the background load is started below, not by the clock
    broken = pack / "02-one-image-many-tags.yaml"
    broken.write_text(broken.read_text().replace("\nsteps:", "\ncolour: red\nsteps:"))  # not a lesson key
    assert listing.scan_listing(pack) is not None
    app = TutorApp(pack=str(pack), progress_root=tmp_path / "progress")
    async with app.run_test(size=(120, 40)) as pilot:
        assert len(rows(app)) == 2  # listed in the first frame
        app.screen._preload_lessons()  # what the screen starts a moment after its first frame
        await app.workers.wait_for_complete()
        await pilot.pause()
        shown = rows(app)
        assert shown[0].startswith("Could not load the lessons:")
        line = broken.read_text().splitlines().index("colour: red") + 1
        assert f"02-one-image-many-tags.yaml:{line}:" in shown[0] and "colour" in shown[0]


@pytest.mark.parametrize("cache", ["missing", "unwritable"])
async def test_the_app_starts_and_opens_lessons_without_a_usable_cache(pack, tmp_path, monkeypatch, cache):
    """No user cache dir at all, or one that cannot be made (its parent is a file): listed, opened, no traceback."""
    from tutor.ui.screens.lesson import LessonScreen

    monkeypatch.setattr(home, "PRELOAD_DELAY", 3600)  # the background load is started below, not by the clock
    if cache == "missing":
        root = tmp_path / "no" / "such" / "cache"
    else:
        (tmp_path / "a-file").write_text("not a folder")
        root = tmp_path / "a-file" / "cache"
    monkeypatch.setenv(lesson_cache.ENV_VAR, str(root))
    app = TutorApp(pack=str(pack), progress_root=tmp_path / "progress")
    async with app.run_test(size=(120, 40)) as pilot:
        assert len(rows(app)) == 2
        app.screen._preload_lessons()  # the background load, which tries to fill the cache
        await app.workers.wait_for_complete()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, LessonScreen) and app.screen.lesson.id == "first-push"
    assert app.return_code in (0, None)
    assert (cache == "missing") == root.is_dir()  # a missing one is made by the background load


async def test_a_scanned_lesson_that_does_not_compile_is_reported_when_opened_at_once(pack, tmp_path, monkeypatch):
    """Enter pressed before the background load: the lesson is compiled then, and its problem is shown."""
    monkeypatch.setattr(home, "PRELOAD_DELAY", 3600)
    first_file = pack / "01-first-push.yaml"
    first_file.write_text(first_file.read_text().replace("\nsteps:", "\ncolour: red\nsteps:"))
    app = TutorApp(pack=str(pack), progress_root=tmp_path / "progress")
    async with app.run_test(size=(120, 40)) as pilot:
        assert len(rows(app)) == 2 and not app.lessons_loaded
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)  # no crash, no half-open lesson
        assert rows(app)[0].startswith("Could not load the lessons:") and "01-first-push.yaml:" in rows(app)[0]

"""The app around the screens: home list and progress, F1 help, the command palette, the quiz route."""

from __future__ import annotations

from tutor.ui.app import TutorApp
from tutor.ui.commands import screen_commands
from tutor.ui.screens.help import HelpScreen
from tutor.ui.screens.home import HomeScreen
from tutor.ui.screens.lesson import LessonScreen


def option_texts(screen) -> list[str]:
    option_list = screen.query_one("#lessons")
    return [str(option_list.get_option_at_index(i).prompt) for i in range(option_list.option_count)]


def test_the_app_builds_with_no_arguments():
    app = TutorApp()
    assert app.profile_name == "default" and app.pack_path is None


async def test_home_lists_the_lessons_with_their_progress(make_app):
    app = make_app()
    app.progress.record_started("first-push")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, HomeScreen)
        assert option_texts(screen) == ["◐  1. Your first push  in progress", "·  2. One image, many tags"]
        info = str(screen.query_one("#lesson-info").render())
        assert "Your first push" in info and "2 tasks" in info
        await pilot.press("down")
        assert "One image, many tags" in str(screen.query_one("#lesson-info").render())


async def test_resume_opens_the_lesson_in_progress(make_app):
    app = make_app()
    app.progress.record_started("many-tags")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, LessonScreen) and app.screen.lesson.id == "many-tags"


async def test_the_builtin_lessons_load_in_the_background(tmp_path):
    app = TutorApp(progress_root=tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        texts = option_texts(app.screen)
        assert texts and not texts[0].startswith("Loading")
        assert app.load_problem is None


async def test_a_broken_pack_is_reported_not_raised(tmp_path):
    pack = tmp_path / "pack"
    pack.mkdir()
    (pack / "01-bad.yaml").write_text("id: Bad Id\n")
    app = TutorApp(pack=str(pack), progress_root=tmp_path / "progress")
    async with app.run_test(size=(120, 40)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert option_texts(app.screen)[0].startswith("Could not load the lessons")
        await pilot.press("s")  # the sandbox still works
        await pilot.pause()
        assert type(app.screen).__name__ == "SandboxScreen"


async def test_f1_opens_help_for_the_screen_and_closes_again(make_app):
    async with make_app().run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("f1")
        await pilot.pause()
        help_screen = pilot.app.screen
        assert isinstance(help_screen, HelpScreen)
        document = help_screen.document()
        assert "## This lesson" in document
        assert "| **^t** | Show the next hint for this task |" in document
        assert "a repository (`myapp1`) | a **shelf**" in document
        # the simulator's own list of commands, wrapped (not a code block that clips at 80 columns)
        assert "docker build, tag, images" in str(help_screen.query_one("#help-topics").render())
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(pilot.app.screen, LessonScreen)


async def test_every_lesson_action_is_in_the_palette(make_app):
    async with make_app().run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        names = {command.name for command in screen_commands(pilot.app.screen)}
        assert {"Hint", "Solution", "Undo", "Redo", "Reset", "Explain", "Back", "Help", "Skip task"} <= names
        assert "Next" not in names  # disabled until the task is done
        # and running one from the palette works
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"hint")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert "Hint 1:" in str(pilot.app.screen.query_one("#help-box").render())


async def test_the_home_palette_opens_any_lesson(make_app):
    async with make_app().run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        commands = screen_commands(pilot.app.screen)
        names = [command.name for command in commands]
        assert "Open lesson 2: One image, many tags" in names
        assert {"Resume", "Sandbox", "Quiz", "Help"} <= set(names)
        next(c for c in commands if c.name.startswith("Open lesson 2")).callback()
        await pilot.pause()
        assert pilot.app.screen.lesson.id == "many-tags"


async def test_quiz_route_opens_the_quiz_screen(make_app):
    async with make_app().run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("z")
        await pilot.pause()
        assert type(pilot.app.screen).__name__ == "QuizScreen"


async def test_ansi_themes_are_available(make_app):
    async with make_app().run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert {"ansi-dark", "ansi-light"} <= set(pilot.app.available_themes)
        pilot.app.theme = "ansi-dark"
        await pilot.press("s")
        await pilot.pause()
        await pilot.press(*"docker images", "enter")  # styles follow the theme without errors
        await pilot.pause()


async def test_a_bad_profile_name_still_opens_the_app_and_says_so(tmp_path, lessons):
    app = TutorApp(profile="../evil", lessons=lessons, progress_root=tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert app.progress is None
        assert any("Progress will not be saved" in n.message for n in app._notifications)
        await pilot.press("enter")  # lessons still open, unrecorded
        await pilot.pause()
        assert isinstance(app.screen, LessonScreen)


async def test_a_damaged_progress_file_is_reported(tmp_path, lessons):
    folder = tmp_path / "default"
    folder.mkdir()
    (folder / "progress.json").write_text("{broken")
    app = TutorApp(lessons=lessons, progress_root=tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert any("damaged" in n.message for n in app._notifications)

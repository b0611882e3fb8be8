"""Inline `code` in titles, goals and quiz choices shows styled, without backticks; layout fixes found in QA."""

from __future__ import annotations

from tests.ui.conftest import run_command
from tutor.ui.inline import code_spans, strip_code
from tutor.ui.screens.home import HomeScreen
from tutor.ui.screens.lesson import LessonScreen
from tutor.ui.screens.sandbox import SandboxScreen
from tutor.ui.widgets.checklist import GoalChecklist
from tutor.ui.widgets.quiz_card import QuizCard

BUILD = "docker build -t localhost:5000/myapp1:1.0 ."


def test_code_spans_drop_paired_backticks_and_keep_a_lone_one():
    text = code_spans("`latest` is not automatic")
    assert text.plain == "latest is not automatic"
    assert text.spans and text.spans[0].start == 0 and text.spans[0].end == len("latest")
    assert code_spans("a ` b").plain == "a ` b"
    assert strip_code("push `a` then `b` and ` c") == "push a then b and ` c"


async def test_lesson_titles_and_summaries_show_without_backticks(make_app):
    from tutor.lessons.catalog import load_builtin

    async with make_app(lessons=load_builtin()).run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        home = pilot.app.screen
        assert isinstance(home, HomeScreen)
        options = home.query_one("#lessons")
        prompts = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        assert any("latest is not automatic" in p for p in prompts)
        assert not any("`" in p for p in prompts)


async def test_the_goal_checklist_shows_names_without_backticks(make_app):
    async with make_app().run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        screen = pilot.app.screen
        assert isinstance(screen, LessonScreen)
        goal = screen.query_one(GoalChecklist).plain()
        assert "localhost:5000/myapp1:1.0" in goal
        assert "`" not in goal


async def test_a_quiz_verdict_scrolls_into_view_on_a_small_terminal(make_app):
    async with make_app().run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        screen = pilot.app.screen
        await run_command(pilot, BUILD)
        await pilot.press("enter")  # on to the quiz
        await pilot.pause(0.3)
        await pilot.press("enter", "a")  # move to the quiz, pick a)
        await pilot.pause(0.3)
        outcome = screen.query_one(QuizCard).query_one("#quiz-outcome")
        assert "Not quite" in outcome.source
        narrative = screen.query_one("#narrative")
        # the verdict is on screen, not below the fold of the lesson pane
        assert narrative.content_region.overlaps(outcome.region)


async def test_the_sandbox_welcome_note_wraps_at_the_full_width_at_80_columns(make_app):
    async with make_app().run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("s")
        await pilot.pause(0.2)
        screen = pilot.app.screen
        assert isinstance(screen, SandboxScreen)
        first = screen.terminal.lines()[0]
        assert "Sandbox: no goal, try anything. Tab completes" in first


async def test_the_picture_notes_show_latest_without_backticks(make_app):
    from tutor.sim.shell import Shell

    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        app.open_sandbox()
        await pilot.pause()
        picture = app.screen.picture
        world = app.screen.world
        shell = Shell(world)
        for line in (
            "docker build -t localhost:5000/myapp1:1.0 -t localhost:5000/myapp1:latest ~/myapp1",
            "docker push -a localhost:5000/myapp1",
            "echo '# 2.0' >> ~/myapp1/app.py",
            "docker build -t localhost:5000/myapp1:latest ~/myapp1",
        ):
            shell.run(line)
        result = shell.run("docker push localhost:5000/myapp1:latest")
        picture.show(world, result.events)
        await pilot.pause()
        assert any(note.startswith("`latest` moved from") for note in picture.notes)
        shown = str(picture.query_one("#library-notes").render())
        assert "latest moved from" in shown
        assert "`" not in shown


async def test_two_labels_on_an_edition_fit_in_the_lesson_picture_at_80_columns(make_app):
    from textual.widgets import Tree

    from tutor.sim.shell import Shell

    async with make_app().run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        screen = pilot.app.screen
        assert isinstance(screen, LessonScreen)
        shell = Shell(screen.world)
        shell.run("docker build -t localhost:5000/myapp1:2.0 ~/myapp1")
        shell.run("docker tag localhost:5000/myapp1:2.0 localhost:5000/myapp1:latest")
        shell.run("docker push localhost:5000/myapp1:2.0")
        shell.run("docker push localhost:5000/myapp1:latest")
        screen.picture.show(screen.world)
        await pilot.pause()
        edition = next(line for line in screen.picture.text().splitlines() if "[2.0] [latest]" in line)
        tree = screen.picture.query_one(Tree)
        # the tree draws guides (│ ├) for each level: the plain text is at least that wide
        assert len(edition) + 2 <= tree.scrollable_content_region.width


async def test_a_hint_on_a_short_terminal_scrolls_into_view_without_backticks(make_app):
    async with make_app().run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        screen = pilot.app.screen
        assert isinstance(screen, LessonScreen)
        await pilot.press("ctrl+t")
        await pilot.pause(0.2)
        box = screen.query_one("#help-box")
        assert "Hint 1: docker build takes a folder and -t NAME:TAG." in str(box.render())
        narrative = screen.query_one("#narrative")
        assert box.region.y >= narrative.content_region.y
        assert box.region.bottom <= narrative.content_region.bottom


async def test_explain_in_the_terminal_shows_labels_without_backticks(make_app):
    async with make_app().run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("s")
        await pilot.pause()
        screen = pilot.app.screen
        await run_command(pilot, "docker build -q -t localhost:5000/myapp1:1.0 ~/myapp1")
        await run_command(pilot, "docker push localhost:5000/myapp1:1.0")
        await pilot.press("ctrl+e")
        await pilot.pause()
        notes = [line for line in screen.terminal.lines() if line.startswith("»")]
        assert any("label 1.0" in line for line in notes)
        assert not any("`" in line for line in notes)


async def test_a_long_lesson_title_wraps_under_itself_at_80_columns(make_app):
    from tutor.lessons.catalog import load_builtin

    async with make_app(lessons=load_builtin()).run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        options = pilot.app.screen.query_one("#lessons")
        rows = [options.render_line(y).text for y in range(options.size.height)]
        wrapped = next(i for i, row in enumerate(rows) if "10. When a label moves" in row)
        assert rows[wrapped + 1].startswith("      ") and rows[wrapped + 1].strip().startswith("stays")
        assert "10. When a label moves, the old edition stays" in str(options.get_option_at_index(9).prompt)

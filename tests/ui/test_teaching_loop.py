"""Pilot tests for issue 9 (the teaching loop) and issue 16 point 6 (typed-ahead and pasted lines).

Each test names the problem of issue 9 it covers. Commands run in a worker thread, one by
one: ``settle`` waits until the queue is empty, never for a fixed time.
"""

from __future__ import annotations

from textual import events

from tests.ui.conftest import open_first_lesson, run_command, settle, type_text
from tutor.lessons.catalog import load_builtin
from tutor.lessons.session import LessonSession
from tutor.ui.screens.confirm import ConfirmScreen
from tutor.ui.screens.home import HomeScreen
from tutor.ui.screens.lesson import LessonScreen
from tutor.ui.widgets.command_input import CommandInput
from tutor.ui.widgets.quiz_card import QuizCard

BUILD = "docker build -t localhost:5000/myapp1:1.0 ."


def builtin(lesson_id: str):
    return next(lesson for lesson in load_builtin() if lesson.id == lesson_id)


async def open_at(pilot, lesson, task_id: str) -> LessonScreen:
    """Open ``lesson`` on the step ``task_id`` (earlier tasks skipped: their solutions applied)."""
    app = pilot.app
    session = LessonSession(lesson, app.progress)
    while session.step is not None and getattr(session.step, "id", None) != task_id:
        session.advance()
    screen = LessonScreen(lesson, session=session)
    await pilot.pause()
    app.push_screen(screen)
    await settle(pilot)
    return screen




# --- 2. a quiz is never answered behind the learner's back ------------------------------------


async def test_lesson_11_two_solution_lines_typed_quickly_both_run_and_answer_no_quiz(make_app):
    lesson = builtin("cleaning-up")
    app = make_app(lessons=list(load_builtin()))
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_at(pilot, lesson, "delete-a-label")
        first, second = screen.session.task.solution
        # typed back to back, key by key, without waiting for the first to finish
        await type_text(pilot, first)
        await pilot.press("enter")
        await type_text(pilot, second)
        await pilot.press("enter")
        await settle(pilot)
        lines = screen.terminal.lines()
        prompts = [line.split(" $ ", 1)[1] for line in lines if " $ " in line]
        assert prompts == [first, second]  # both ran, each on its own line, in order
        assert any('"tags":["2.0","latest"]' in line.replace(" ", "") for line in lines)
        assert screen.session.task.id == "delete-a-label" and screen.session.done
        assert not screen.query(QuizCard)
        assert app.progress.lesson_state("cleaning-up").get("quiz", {}) == {}  # no answer recorded


async def test_a_quiz_on_the_page_does_not_take_the_focus(make_app):
    async with make_app().run_test(size=(120, 40)) as pilot:
        screen = await open_first_lesson(pilot)
        await run_command(pilot, BUILD)
        await pilot.press("enter")
        await settle(pilot)
        assert screen.query(QuizCard)
        assert isinstance(pilot.app.focused, CommandInput)
        await run_command(pilot, "b")  # a letter typed at the prompt is a command, not an answer
        assert screen.session.quiz_outcome is None
        assert any("b: command not found" in line for line in screen.terminal.lines())


# --- 4. quiz controls -------------------------------------------------------------------------


async def test_letter_keys_pick_a_choice_and_the_card_says_how(make_app):
    async with make_app().run_test(size=(120, 40)) as pilot:
        screen = await open_first_lesson(pilot)
        await run_command(pilot, BUILD)
        await pilot.press("enter")
        await settle(pilot)
        card = screen.query_one(QuizCard)
        how = str(card.query_one("#quiz-how").render())
        assert "a–b" in how and "↑↓ and Enter" in how and "Tab" in how
        await pilot.press("enter", "b")
        await pilot.pause()
        assert screen.session.quiz_outcome.correct
        assert "✓ Right." in card.query_one("#quiz-outcome").source
        assert isinstance(pilot.app.focused, CommandInput)


async def test_tab_from_the_quiz_returns_to_the_command_line_and_shift_tab_comes_back(make_app):
    async with make_app().run_test(size=(120, 40)) as pilot:
        screen = await open_first_lesson(pilot)
        await run_command(pilot, BUILD)
        await pilot.press("enter")
        await settle(pilot)
        choices = screen.query_one(QuizCard).query_one("#quiz-choices")
        await pilot.press("shift+tab")  # one key from the command line to the quiz
        assert pilot.app.focused is choices
        await pilot.press("tab")  # one key back
        assert isinstance(pilot.app.focused, CommandInput)
        await pilot.press("shift+tab")
        assert pilot.app.focused is choices


async def test_a_second_escape_does_not_leave_the_lesson(make_app):
    async with make_app().run_test(size=(120, 40)) as pilot:
        screen = await open_first_lesson(pilot)
        await run_command(pilot, BUILD)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("enter")  # into the quiz
        await pilot.press("escape")  # back to the command line
        assert isinstance(pilot.app.focused, CommandInput)
        await pilot.press("escape")  # asks, does not leave
        await pilot.pause()
        assert isinstance(pilot.app.screen, ConfirmScreen)
        await pilot.press("escape")  # a third Escape: "no", still in the lesson
        await pilot.pause()
        assert pilot.app.screen is screen
        await pilot.press("escape")
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(pilot.app.screen, HomeScreen)


async def test_every_choice_is_reachable_at_80x24(make_app):
    lesson = builtin("cleaning-up")
    app = make_app(lessons=list(load_builtin()))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_at(pilot, lesson, "plain-gc-after-tag-delete")
        card = screen.query_one(QuizCard)
        choices = card.query_one("#quiz-choices")
        assert choices.option_count == len(card.choices) >= 3
        await pilot.press("enter")  # move to the quiz: it scrolls into view
        await pilot.pause()
        await pilot.pause()
        narrative = screen.query_one("#narrative")
        # every option line is inside the visible lesson pane
        assert choices.region.height >= choices.option_count
        for y in range(choices.region.y, choices.region.y + choices.option_count):
            assert narrative.content_region.y <= y < narrative.content_region.bottom
        await pilot.press("c")  # and the last one can be picked by its letter
        await pilot.pause()
        assert screen.session.quiz_outcome is not None


async def test_pack_retries_and_shuffle_work_in_the_lesson_screen(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        app.quiz_settings = {"retries": 1, "shuffle_choices": True}
        screen = await open_first_lesson(pilot)
        await run_command(pilot, BUILD)
        await pilot.press("enter")
        await settle(pilot)
        card = screen.query_one(QuizCard)
        assert card.choices == screen.session.choices()  # the session's (shuffled) order
        wrong = "abc"[card.choices.index("Yes, always")]
        await pilot.press("enter", wrong)
        await pilot.pause()
        assert "try again" in card.query_one("#quiz-outcome").source
        assert screen.session.quiz_outcome is None and not card.answered
        await pilot.press(wrong)
        await pilot.pause()
        assert card.answered and not screen.session.quiz_outcome.correct


# --- 3. tutor words at the prompt -------------------------------------------------------------


async def test_tutor_words_work_at_the_prompt_and_never_count(make_app):
    async with make_app().run_test(size=(120, 40)) as pilot:
        screen = await open_first_lesson(pilot)
        await run_command(pilot, "docker build -t scratch .")
        assert screen.session.commands_scored == 1
        for word in ("hint", "goal", "explain", "solution", "next"):
            await run_command(pilot, word)
        await run_command(pilot, "undo")
        assert "scratch" not in screen.picture.text()
        assert screen.session.commands_scored == 0  # the undone command no longer counts
        await run_command(pilot, "redo")
        assert "scratch:latest" in screen.picture.text()
        await run_command(pilot, "reset")
        assert "scratch" not in screen.picture.text()
        lines = screen.terminal.lines()
        assert not any("command not found" in line for line in lines)
        assert any("Hint 1:" in str(screen.query_one("#help-box").render()) for _ in [0])
        assert "» Undone: docker build -t scratch ." in lines
        assert any("The goal is not reached yet" in line for line in lines)
        assert screen.session.commands_typed == 1  # only the docker build went to the simulator
        await run_command(pilot, BUILD)
        await run_command(pilot, "next")
        assert screen.session.step_index == 2


# --- 16.6 typed-ahead, pasted lines, many undos -------------------------------------------------


async def test_twenty_commands_typed_back_to_back_all_run_in_order(make_app):
    async with make_app().run_test(size=(120, 40)) as pilot:
        screen = await open_first_lesson(pilot)
        for i in range(20):
            await type_text(pilot, f"echo line{i}")
            await pilot.press("enter")
        await settle(pilot)
        outputs = [line for line in screen.terminal.lines() if line.startswith("line")]
        assert outputs == [f"line{i}" for i in range(20)]


async def test_a_multi_line_paste_runs_each_line_on_its_own(make_app):
    async with make_app().run_test(size=(120, 40)) as pilot:
        screen = await open_first_lesson(pilot)
        command = screen.terminal.input
        command.post_message(events.Paste("echo one\necho two\r\necho three\necho fou"))
        await settle(pilot)
        lines = screen.terminal.lines()
        assert "~/myapp1 $ echo one" in lines and "~/myapp1 $ echo three" in lines
        assert [line for line in lines if line in ("one", "two", "three")] == ["one", "two", "three"]
        assert command.value == "echo fou"  # the unfinished last line waits to be edited


async def test_five_hundred_undos_stack_no_toasts(make_app):
    async with make_app().run_test(size=(120, 40)) as pilot:
        screen = await open_first_lesson(pilot)
        await run_command(pilot, "docker build -t scratch .")
        for _ in range(500):
            screen.action_undo()
        await settle(pilot)
        assert len(pilot.app._notifications) == 0
        assert "scratch" not in screen.picture.text()
        await run_command(pilot, "echo still-here")
        assert "still-here" in screen.terminal.lines()


# --- 5. explain after a failed command --------------------------------------------------------


async def test_explain_after_a_failed_command_says_why_and_what_works(make_app):
    async with make_app().run_test(size=(120, 40)) as pilot:
        screen = await open_first_lesson(pilot)
        await run_command(pilot, "docker build -q -t myapp1 .")
        await run_command(pilot, "docker push myapp1")
        await pilot.press("ctrl+e")
        await settle(pilot)
        text = " ".join(screen.terminal.lines())
        assert "failed (exit status 1)" in text and "Docker Hub" in text and "What would work" in text


# --- 6. the target picture --------------------------------------------------------------------


async def test_f2_draws_the_target_with_the_differences_marked(make_app):
    lesson = builtin("the-library")
    app = make_app(lessons=list(load_builtin()))
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_at(pilot, lesson, "label-latest")
        before = screen.picture.text()
        await pilot.press("f2")
        await settle(pilot)
        picture = screen.picture
        assert picture.target_mode and picture.border_title.startswith("Target")
        text = picture.text()
        assert "[1.0] [latest]" in text and "← [latest] to add" in text  # the label still to put there
        assert "localhost:5000/myapp1:latest  ← to make" in text  # and the local tag still to make
        assert picture.notes[0].startswith("Target: one way the goal holds")
        assert any("label [latest] is not on shelf myapp1 yet" in note for note in picture.notes)
        await pilot.press("f2")  # back to now
        await settle(pilot)
        assert not picture.target_mode and picture.text() == before
        # typed as a word it shows the same; after solving, nothing is left to do
        for line in screen.session.task.solution:
            await run_command(pilot, line)
        await run_command(pilot, "target")
        assert picture.target_mode
        assert "the library already looks like the target" in picture.notes


async def test_the_target_word_in_plain_mode_lists_the_differences():
    import io

    from tutor.lessons.model import Pack
    from tutor.lessons.plain import run_learn

    lesson = builtin("the-library")
    out = io.StringIO()
    script = "\n" * 5 + "target\n"
    run_learn(Pack("p", (lesson,)), lesson.id, progress=None, stdin=io.StringIO(script), stdout=out, stderr=out)
    text = out.getvalue()
    assert "Target: one way the goal holds. What still differs from now:" in text
    assert "label [latest] is not on shelf myapp1 yet" in text


# --- 7. layout ----------------------------------------------------------------------------------


async def test_the_lesson_list_shows_each_lessons_stars(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await open_first_lesson(pilot)
        await run_command(pilot, BUILD)  # 1 command, par 1: 3 stars of 6 (two tasks)
        await pilot.press("escape", "y")
        await pilot.pause()
        line = str(app.screen.query_one("#lessons").get_option_at_index(0).prompt)
        assert "★ 3/6" in line


async def test_picture_rows_are_not_cut_at_80_columns(make_app):
    async with make_app().run_test(size=(80, 24)) as pilot:
        screen = await open_first_lesson(pilot)
        await run_command(pilot, BUILD)
        await pilot.pause()
        tree = screen.picture.tree
        width = tree.scrollable_content_region.width
        assert "localhost:5000/myapp1:1.0" in screen.picture.text()
        # every row fits: the guides take 2 columns a level, the label the rest
        assert tree.virtual_size.width <= width, screen.picture.text()


async def test_picture_marks_move_to_their_own_row_at_120_columns(make_app):
    lesson = builtin("the-library")
    app = make_app(lessons=list(load_builtin()))
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_at(pilot, lesson, "label-latest")
        for line in screen.session.task.solution:
            await run_command(pilot, line)
        await pilot.pause()
        text = screen.picture.text()
        assert "▣ fb325711  [1.0] [latest]" in text.replace("\n", " ") or "[1.0] [latest]" in text
        assert "← [latest] added" in text  # whole, on a row of its own
        tree = screen.picture.tree
        assert tree.virtual_size.width <= tree.scrollable_content_region.width


async def test_pageup_scrolls_the_terminal_while_typing(make_app):
    async with make_app().run_test(size=(120, 40)) as pilot:
        screen = await open_first_lesson(pilot)
        for i in range(40):
            await run_command(pilot, f"echo {i}")
        log = screen.terminal.log_widget
        assert log.scroll_y == log.max_scroll_y > 0
        await pilot.press("pageup")
        await pilot.pause()
        assert log.scroll_y < log.max_scroll_y
        assert isinstance(pilot.app.focused, CommandInput)  # still typing
        await pilot.press("pagedown")
        await pilot.pause()
        assert log.scroll_y == log.max_scroll_y


async def test_help_wraps_the_simulator_text_at_80_columns(make_app):
    from tutor.ui.screens.help import HelpScreen

    async with make_app().run_test(size=(80, 24)) as pilot:
        await open_first_lesson(pilot)
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(pilot.app.screen, HelpScreen)
        topics = pilot.app.screen.query_one("#help-topics")
        assert topics.virtual_size.width <= topics.region.width  # nothing wider than the panel
        assert topics.region.height > 10  # the long lines wrapped onto more rows


async def test_intro_prose_gets_room_at_120x40(make_app):
    lesson = builtin("the-library")
    app = make_app(lessons=list(load_builtin()))
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_at(pilot, lesson, "label-latest")
        await pilot.pause()
        assert screen.query_one("#prose").region.height >= 8


# --- 10. one engine, the same words in every front end -------------------------------------------


async def test_the_sandbox_takes_the_same_words(make_app):
    from tutor.ui.screens.sandbox import SandboxScreen

    async with make_app().run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("s")
        await settle(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, SandboxScreen)
        await run_command(pilot, "docker build -q -t myapp1 ~/myapp1")
        await run_command(pilot, "undo")
        assert "myapp1:latest" not in screen.picture.text()
        await run_command(pilot, "redo")
        assert "myapp1:latest" in screen.picture.text()
        await run_command(pilot, "hint")
        lines = screen.terminal.lines()
        assert "» Undone: docker build -q -t myapp1 ~/myapp1".lower() in [x.lower() for x in lines]
        assert any("`hint` is for lessons" in line or "hint is for lessons" in line for line in lines)
        assert not any("command not found" in line for line in lines)

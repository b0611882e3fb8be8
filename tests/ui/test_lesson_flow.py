"""Pilot tests of the lesson flow: open a lesson, solve a task by typing, hints, undo, reset, quiz."""

from __future__ import annotations

from tests.ui.conftest import open_first_lesson, run_command, settle, type_text
from tutor.ui.screens.confirm import ConfirmScreen
from tutor.ui.screens.home import HomeScreen
from tutor.ui.screens.lesson import LessonScreen
from tutor.ui.widgets.checklist import GoalChecklist
from tutor.ui.widgets.command_input import CommandInput
from tutor.ui.widgets.quiz_card import QuizCard

BUILD = "docker build -t localhost:5000/myapp1:1.0 ."




def checklist(screen) -> str:
    return screen.query_one(GoalChecklist).plain()


async def test_opening_a_lesson_shows_the_task_and_focuses_the_command_line(make_app):
    async with make_app().run_test(size=(120, 40)) as pilot:
        screen = await open_first_lesson(pilot)
        assert isinstance(pilot.app.focused, CommandInput)
        # the prose leading to the task and the task are on one page; the goal is not met yet
        assert "A library of images" in screen.query_one("#prose-text").source
        assert "Build `~/myapp1`" in screen.query_one("#task-text").source
        assert "✗ your laptop has" in checklist(screen)
        assert screen.session.task.id == "build-it"
        assert screen.terminal.prompt == "~/myapp1 $"


async def test_solving_a_task_stays_on_it_with_the_explanation_until_the_learner_goes_on(make_app):
    """Issue 9.1: no timed auto-advance; ✓, the explanation and the score stay until Enter/ctrl+n."""
    async with make_app().run_test(size=(120, 40)) as pilot:
        screen = await open_first_lesson(pilot)
        await type_text(pilot, BUILD)  # key by key, as a learner types
        await pilot.press("enter")
        await settle(pilot)
        # the command's output is in the log, after the prompt line
        lines = screen.terminal.lines()
        assert f"~/myapp1 $ {BUILD}" in lines
        assert any("naming to localhost:5000/myapp1:1.0" in line for line in lines)
        # goal reached: the checklist turns ✓; the explanation and the score are on screen
        assert "✓ your laptop has" in checklist(screen)
        assert "✗" not in checklist(screen)
        assert any("Goal reached" in line for line in lines)
        assert screen.query_one("#done-box").display
        assert "1 command, par 1: ★★★" in str(screen.query_one("#continue").render())
        assert screen.query_one("#done-why").source == "The build made one image and stuck the name on it."
        assert screen.query_one("#next-button").display
        # … and it stays there: time passing does not move on
        await pilot.pause(0.5)
        assert screen.session.step_index == 1 and not screen.query(QuizCard)
        # the picture shows the new local image, highlighted as changed
        assert "localhost:5000/myapp1:1.0" in screen.picture.text()
        assert any("built image" in note for note in screen.picture.notes)
        await pilot.press("enter")  # Enter on the empty command line: the learner asks to go on
        await settle(pilot)
        assert screen.session.step_index == 2 and screen.query(QuizCard)


async def test_ctrl_n_and_the_next_button_go_on(make_app):
    async with make_app().run_test(size=(120, 40)) as pilot:
        screen = await open_first_lesson(pilot)
        await run_command(pilot, BUILD)
        await pilot.press("ctrl+n")
        await settle(pilot)
        assert screen.session.step_index == 2
    async with make_app().run_test(size=(120, 40)) as pilot:
        screen = await open_first_lesson(pilot)
        await run_command(pilot, "docker build -t localhost:5000/myapp1:1.0 .")  # fresh profile? resumed:
        if screen.session.step_index == 1:
            await pilot.click("#next-button")
            await settle(pilot)
        assert screen.session.step_index == 2


async def test_commands_typed_after_the_goal_run_on_the_same_task(make_app):
    async with make_app().run_test(size=(120, 40)) as pilot:
        screen = await open_first_lesson(pilot)
        await run_command(pilot, BUILD)
        await run_command(pilot, "docker images")
        assert screen.session.step_index == 1  # still on the finished task: nothing answered a quiz
        assert any("localhost:5000/myapp1" in line for line in screen.terminal.lines()[-4:])


async def test_hints_come_one_at_a_time_then_the_solution(make_app):
    async with make_app().run_test(size=(120, 40)) as pilot:
        screen = await open_first_lesson(pilot)
        help_box = screen.query_one("#help-box")
        assert not help_box.display
        await pilot.press("ctrl+t")
        await pilot.pause()
        assert help_box.display
        text = str(help_box.render())
        assert "Hint 1:" in text and "Hint 2:" not in text
        await pilot.press("ctrl+t")
        await pilot.pause()
        assert "Hint 2:" in str(help_box.render())
        await pilot.press("ctrl+t")  # no third hint: the terminal says so (a note, not a toast)
        await pilot.pause()
        assert any("No more hints" in line for line in screen.terminal.lines())
        await pilot.press("ctrl+o")
        await pilot.pause()
        assert f"$ {BUILD}" in str(help_box.render())
        # the command line kept the focus through all of it
        assert isinstance(pilot.app.focused, CommandInput)


async def test_undo_and_redo_a_command(make_app):
    async with make_app().run_test(size=(120, 40)) as pilot:
        screen = await open_first_lesson(pilot)
        await run_command(pilot, "docker build -t scratch .")
        assert "scratch:latest" in screen.picture.text()
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert "scratch:latest" not in screen.picture.text()
        assert "» Undone: docker build -t scratch ." in screen.terminal.lines()
        await pilot.press("ctrl+y")
        await pilot.pause()
        assert "scratch:latest" in screen.picture.text()


async def test_reset_asks_first_then_restores_the_task_start(make_app):
    async with make_app().run_test(size=(120, 40)) as pilot:
        screen = await open_first_lesson(pilot)
        await run_command(pilot, "docker build -t scratch .")
        await run_command(pilot, "cd ~")
        assert screen.terminal.prompt == "~ $"
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert isinstance(pilot.app.screen, ConfirmScreen)
        await pilot.press("y")
        await pilot.pause()
        assert pilot.app.screen is screen
        assert "scratch" not in screen.picture.text()
        assert screen.terminal.prompt == "~/myapp1 $"


async def test_reset_can_be_cancelled(make_app):
    async with make_app().run_test(size=(120, 40)) as pilot:
        screen = await open_first_lesson(pilot)
        await run_command(pilot, "docker build -t scratch .")
        await pilot.press("ctrl+r")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert "scratch:latest" in screen.picture.text()


async def test_ctrl_c_at_the_reset_question_cancels_it_as_at_a_terminal_prompt(make_app):
    """A y/N question in a terminal (docker image prune's too) is cancelled by ctrl+c; here it only said
    how to quit the app, with the question still up."""
    async with make_app().run_test(size=(80, 24)) as pilot:
        screen = await open_first_lesson(pilot)
        await run_command(pilot, "docker build -t scratch .")
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert isinstance(pilot.app.screen, ConfirmScreen)
        await pilot.press("ctrl+c")
        await pilot.pause()
        assert pilot.app.screen is screen and "scratch:latest" in screen.picture.text()
        assert isinstance(pilot.app.focused, CommandInput)


async def test_quiz_is_answered_in_the_screen_then_enter_goes_on(make_app):
    async with make_app().run_test(size=(120, 40)) as pilot:
        screen = await open_first_lesson(pilot)
        await run_command(pilot, BUILD)
        await pilot.press("enter")  # on to the quiz
        await settle(pilot)
        card = screen.query_one(QuizCard)
        assert "Does `latest` move" in card.query_one("#quiz-prompt").source
        assert isinstance(pilot.app.focused, CommandInput)  # the quiz waits for the learner to move to it
        await pilot.press("enter")  # Enter on the empty command line moves to the quiz
        await pilot.pause()
        assert pilot.app.focused is card.query_one("#quiz-choices")
        await pilot.press("enter")  # nothing highlighted: an Enter alone picks nothing
        await pilot.pause()
        assert not card.answered
        await pilot.press("down", "down", "enter")  # ↑↓ then Enter picks the second
        await pilot.pause()
        assert "✓ Right." in card.query_one("#quiz-outcome").source
        assert isinstance(pilot.app.focused, CommandInput)
        await pilot.press("enter")  # Enter on an empty command line: next step
        await pilot.pause()
        assert screen.session.task.id == "push-it"
        assert not screen.query(QuizCard)


async def test_a_wrong_answer_says_what_is_right_and_why(make_app):
    async with make_app().run_test(size=(120, 40)) as pilot:
        screen = await open_first_lesson(pilot)
        await run_command(pilot, BUILD)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("enter")  # move to the quiz
        await pilot.press("a")  # the letter picks choice a): the wrong one
        await pilot.pause()
        outcome = screen.query_one(QuizCard).query_one("#quiz-outcome").source
        assert "Not quite" in outcome and "only a tag or push that names it" in outcome
        assert "`latest` is an ordinary label." in outcome


async def test_finishing_the_lesson_records_progress_and_offers_the_next(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_first_lesson(pilot)
        await run_command(pilot, BUILD)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("enter", "b")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        await run_command(pilot, "docker push localhost:5000/myapp1:1.0")
        await pilot.press("enter")  # past the finished task (and the closing prose)
        await settle(pilot)
        assert screen.session.finished
        assert "Lesson complete" in screen.query_one("#task-text").source
        assert app.progress.status("first-push") == "done"
        await pilot.press("enter")  # next lesson
        await pilot.pause()
        assert isinstance(app.screen, LessonScreen) and app.screen.lesson.id == "many-tags"
        await pilot.press("escape")  # leaving asks first
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert "✓  1. Your first push  done" in str(app.screen.query_one("#lessons").get_option_at_index(0).prompt)


async def test_next_is_refused_while_the_task_is_open(make_app):
    async with make_app().run_test(size=(120, 40)) as pilot:
        screen = await open_first_lesson(pilot)
        assert screen.check_action("next", ()) is None  # shown disabled in the footer and palette
        await type_text(pilot, "")
        await pilot.press("enter")  # an empty line does not skip the task
        await pilot.pause()
        assert screen.session.task.id == "build-it"


async def test_a_lesson_whose_start_fails_says_so_and_goes_back(tmp_path, make_app):
    from tutor.lessons.loader import load_lesson_text

    broken = load_lesson_text(
        "id: broken\ntitle: Broken\nsummary: Its setup fails.\n"
        "start:\n  setup:\n    - docker push localhost:5000/nothing:1.0\n"
        "steps:\n  - task:\n      id: t\n      prompt: never shown\n      goal:\n        - local_tag: x:1\n"
        "      hints: [none]\n      solution: [docker build -t x:1 .]\n      explanation: none\n",
        "broken.yaml",
    )
    app = make_app(lessons=[broken])
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert any("could not start" in n.message for n in app._notifications)


async def test_the_terminal_points_to_where_a_hint_or_the_solution_is_shown(make_app):
    """The terminal said `» Hint 1 of 2:` and `» One way to do it (…):`, then nothing: the text itself is in
    the lesson's help box, so the note says so instead of ending on a colon."""
    async with make_app().run_test(size=(80, 24)) as pilot:
        screen = await open_first_lesson(pilot)
        await pilot.press("ctrl+t")
        await pilot.pause()
        await pilot.press("ctrl+o")
        await pilot.pause()
        text = " ".join(screen.terminal.lines())  # lines wrap at 80 columns
        assert "» Hint 1 of 2: shown in the lesson, under the goal." in text
        assert "reaches the goal counts): shown in the lesson, under the goal." in text
        assert not [line for line in screen.terminal.lines() if line.endswith(":")]


async def test_skip_at_a_question_skips_it_recording_no_answer(make_app, tmp_path):
    """At a question, `skip` answered "The goal is not reached yet: Answer the question first (or skip it)",
    however often it was typed; `learn` skips the question. Now the TUI does too, and records no answer."""
    async with make_app().run_test(size=(80, 24)) as pilot:
        screen = await open_first_lesson(pilot)
        await run_command(pilot, BUILD)
        await run_command(pilot, "")  # the explanation read: on to the question
        question = screen.session.step_index
        await run_command(pilot, "next")
        notes = " ".join(screen.terminal.lines()[-3:])
        assert "goal" not in notes and "Answer the question first (or skip it)." in notes
        await run_command(pilot, "skip")
        assert screen.session.step_index == question + 1
        assert "» Question skipped." in screen.terminal.lines()
        lesson_id = screen.lesson.id
    from tutor.lessons.progress import ProgressStore

    assert ProgressStore("default", root=tmp_path / "progress").lesson_state(lesson_id)["quiz"] == {}

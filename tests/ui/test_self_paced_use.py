"""Pilot tests for what a self-paced learner ran into in the quiz and the lesson's dialogs and footer.

Each test says how a learner meets the problem and asserts what they see on the screen.
Commands run in a worker thread: ``settle`` waits until the queue is empty, never for a fixed time.
"""

from __future__ import annotations

from textual.app import App
from textual.widgets import Button

from tests.ui.conftest import open_first_lesson, open_sandbox, run_command, settle
from tests.ui.test_first_use import BUILD, screen_lines
from tutor.quiz.questions import Choice, QuizItem, Step
from tutor.ui.screens.confirm import ConfirmScreen
from tutor.ui.screens.quiz import QuizScreen

LONG_ITEM = QuizItem(
    id="t-long",
    type="pull-version",
    question="Your teammate runs `docker pull localhost:5000/myapp1`. What does the app print?",
    answer="the app prints: Hello from myapp1, version 1.0",
    why="`latest` was last pushed on 1.0; pushing 2.0 and 3.0 under their own labels did not move it.",
    choices=(
        Choice("the app prints: Hello from myapp1, version 1.0"),
        Choice("the app prints: Hello from myapp1, version 3.0", "latest-is-newest", "latest is a label"),
    ),
    # a scenario long enough that question, choices and the answer's explanation overflow 80x24
    scenario=tuple(Step("laptop", f"docker push localhost:5000/myapp1:{n}.0") for n in range(1, 13)),
)


async def steady(pilot) -> None:
    """Until the screen is still: scroll animations ended, and the layout after them done."""
    await pilot.pause()
    await pilot.wait_for_scheduled_animations()
    await pilot.pause()


class QuizHost(App):
    def __init__(self, screen: QuizScreen) -> None:
        super().__init__()
        self.quiz_screen = screen

    def on_mount(self) -> None:
        self.push_screen(self.quiz_screen)


async def test_at_80x24_a_wrong_answer_brings_its_why_and_the_next_key_into_view(tmp_path):
    """`registry-tutor quiz` at 80x24: after a wrong answer the last row showed "The answer is: … version"
    and the explanation (Why) and "Press n" stayed below the window; the arrow keys did not scroll it."""
    screen = QuizScreen([LONG_ITEM, LONG_ITEM], quiz="t", seed=1)
    async with QuizHost(screen).run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await steady(pilot)  # the choices, focused, scroll into view (animated)
        await pilot.press("b")
        await steady(pilot)
        text = "\n".join(screen_lines(pilot.app))
        assert "✗ Not quite. The answer is: the app prints: Hello from myapp1, version" in text
        assert "Why: `latest` was last pushed on 1.0" in text
        assert "Press n (or Enter) for the next question." in text
        await pilot.press("home")  # the page scrolls with the keys: back to the scenario's first command
        await pilot.pause()
        assert "docker push localhost:5000/myapp1:1.0" in "\n".join(screen_lines(pilot.app))
        await pilot.press("n")  # the next question: its choices in view, no answer shown
        await steady(pilot)
        text = "\n".join(screen_lines(pilot.app))
        assert "question 2 of 2" in text and "b) the app prints" in text and "Why:" not in text


async def test_the_reset_dialog_names_its_keys_and_enter_keeps_the_work(make_app):
    """The Reset/Leave dialogs showed "Reset" and "Cancel" only: nothing said y and n answer them."""
    async with make_app().run_test(size=(80, 24)) as pilot:
        screen = await open_first_lesson(pilot)
        await run_command(pilot, "docker build -t scratch .")
        await pilot.press("ctrl+r")
        await pilot.pause()
        dialog = pilot.app.screen
        assert isinstance(dialog, ConfirmScreen)
        labels = [str(button.label) for button in dialog.query(Button)]
        assert labels == ["Reset (y)", "Cancel (n)"]
        text = "\n".join(screen_lines(pilot.app))
        assert "Reset (y)" in text and "Cancel (n)" in text  # both fit at 80 columns
        await pilot.press("enter")  # Cancel has the focus: Enter out of habit loses nothing
        await pilot.pause()
        assert pilot.app.screen is screen
        assert "scratch:latest" in screen.picture.text()


def footer_row(app) -> str:
    return screen_lines(app)[-1]


async def test_on_a_quiz_step_the_footer_lists_only_keys_that_do_something(make_app):
    """On a quiz step the footer still listed Hint, Solution and Reset (dimmed): at 80 columns they
    pushed F1 Help off the row, for keys that do nothing there."""
    async with make_app().run_test(size=(80, 24)) as pilot:
        await open_first_lesson(pilot)
        at_task = footer_row(pilot.app)
        assert "^t Hint" in at_task and "^o Solution" in at_task and "^r Reset" in at_task
        await run_command(pilot, BUILD)
        await pilot.press("enter")  # go on to the quiz
        await settle(pilot)
        on_quiz = footer_row(pilot.app)
        assert "Hint" not in on_quiz and "Solution" not in on_quiz and "Reset" not in on_quiz
        assert "^n Next" in on_quiz and "f1 Help" in on_quiz


async def test_holding_ctrl_z_in_the_sandbox_says_nothing_to_undo_once(make_app):
    """Undoing past the first command wrote "» nothing to undo" once per press: ten presses filled the
    terminal at 80x24 and pushed the learner's own commands out of view."""
    async with make_app().run_test(size=(80, 24)) as pilot:
        screen = await open_sandbox(pilot)
        await run_command(pilot, "docker build -q -t localhost:5000/a:1 ~/myapp1")
        await settle(pilot)
        for _ in range(10):
            await pilot.press("ctrl+z")
        await settle(pilot)
        lines = screen.terminal.lines()
        assert lines.count("» nothing to undo") == 1
        assert "~ $ docker build -q -t localhost:5000/a:1 ~/myapp1" in "\n".join(screen_lines(pilot.app))
        for _ in range(10):
            await pilot.press("ctrl+y")
        await settle(pilot)
        lines = screen.terminal.lines()
        assert lines.count("» nothing to redo") == 1 and lines.count("» nothing to undo") == 1
        assert "localhost:5000/a:1" in screen.picture.text()  # the redo brought the build back

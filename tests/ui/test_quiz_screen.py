"""Taking a quiz in QuizScreen with the keyboard: a right answer, a wrong one, the score."""

from __future__ import annotations

from textual.app import App
from textual.widgets import Input, OptionList, Static

from tutor.lessons.progress import ProgressStore
from tutor.quiz.questions import Choice, QuizItem, Step
from tutor.ui.screens.quiz import QuizScreen

ITEMS = [
    QuizItem(
        id="t-1",
        type="pull-version",
        question="Your teammate runs `docker pull localhost:5000/myapp1`. What does the app print?",
        answer="the app prints: Hello from myapp1, version 1.0",
        why="`latest` was last pushed on 1.0.",
        choices=(
            Choice("the app prints: Hello from myapp1, version 1.0"),
            Choice("the app prints: Hello from myapp1, version 2.0", "latest-is-newest", "latest is a label"),
        ),
        scenario=(Step("laptop", "docker push localhost:5000/myapp1:1.0"),),
        key={"prints": "Hello from myapp1, version 1.0"},
    ),
    QuizItem(
        id="t-2",
        type="reference",
        question="Is `MyApp` a valid reference?",
        answer="invalid: invalid reference format: repository name (library/MyApp) must be lowercase",
        why="Repository names are lowercase.",
        choices=(
            Choice("valid: docker.io/library/myapp:latest", "reference-grammar", "no lowercasing"),
            Choice("invalid: invalid reference format: repository name (library/MyApp) must be lowercase"),
            Choice("valid: localhost:5000/MyApp:latest", "no-host-means-localhost", "no host is Hub"),
        ),
    ),
]


class Host(App):
    def __init__(self, screen: QuizScreen) -> None:
        super().__init__()
        self.quiz_screen = screen
        self.result = None

    def on_mount(self) -> None:
        self.push_screen(self.quiz_screen, callback=self._done)

    def _done(self, result) -> None:
        self.result = result


def _store(tmp_path) -> ProgressStore:
    return ProgressStore("quiz-taker", root=tmp_path)


def _text(screen, selector: str) -> str:
    return str(screen.query_one(selector, Static).render())


async def test_take_a_quiz_right_then_wrong_and_see_the_score(tmp_path) -> None:
    store = _store(tmp_path)
    screen = QuizScreen(ITEMS, store=store, quiz="seed-1-current", seed=1)
    app = Host(screen)
    async with app.run_test(size=(110, 40)) as pilot:
        await pilot.pause()
        assert "question 1 of 2" in _text(screen, "#quiz-progress")
        assert "docker push localhost:5000/myapp1:1.0" in _text(screen, "#quiz-scenario")
        # the right answer, chosen with the arrow keys and Enter
        assert screen.query_one("#quiz-choices", OptionList).has_focus
        await pilot.press("enter")
        await pilot.pause()
        assert "✓ Right." in _text(screen, "#quiz-outcome")
        assert "score 1/1" in _text(screen, "#quiz-progress")
        await pilot.press("n")
        await pilot.pause()
        assert "question 2 of 2" in _text(screen, "#quiz-progress")
        # a wrong answer, by its letter
        await pilot.press("c")
        await pilot.pause()
        outcome = _text(screen, "#quiz-outcome")
        assert "✗ Not quite" in outcome
        assert "must be lowercase" in outcome
        assert "docker.io/library/myapp1" in outcome or "Docker Hub" in outcome
        await pilot.press("enter")
        await pilot.pause()
        summary = _text(screen, "#quiz-question")
        assert "Score: 1/2" in summary
        assert "no-host-means-localhost" in summary
        await pilot.click("#quiz-finish")
        await pilot.pause()
    assert app.result is screen.score
    assert [o.correct for o in screen.score.outcomes] == [True, False]
    answers = store.data["quizzes"]["seed-1-current"]["answers"]
    assert answers["t-1"]["correct"] is True
    assert answers["t-2"] == answers["t-2"] | {"correct": False, "misconception": "no-host-means-localhost"}


async def test_retries_let_a_second_answer_through_but_score_the_first() -> None:
    screen = QuizScreen(ITEMS[:1], store=None, retries=1)
    app = Host(screen)
    async with app.run_test(size=(110, 40)) as pilot:
        await pilot.pause()
        await pilot.press("b")
        await pilot.pause()
        assert "try again" in _text(screen, "#quiz-outcome")
        await pilot.press("a")
        await pilot.pause()
        assert "✓ Right." in _text(screen, "#quiz-outcome")
    assert screen.score.correct == 0 and screen.score.total == 1


async def test_escape_leaves_with_the_score_so_far() -> None:
    screen = QuizScreen(ITEMS, store=None)
    app = Host(screen)
    async with app.run_test(size=(110, 40)) as pilot:
        await pilot.pause()
        await pilot.press("a")
        await pilot.press("escape")
        await pilot.pause()
    assert app.result is not None and app.result.total == 1


async def _wait_for_questions(pilot, screen, tries: int = 100) -> None:
    for _ in range(tries):
        await pilot.pause(0.05)
        if screen.questions:
            return
    raise AssertionError("the quiz screen drew no questions")


async def test_without_questions_it_draws_a_seeded_quiz_and_records_answers(tmp_path) -> None:
    store = _store(tmp_path)
    screen = QuizScreen(seed=3, count=2, store=store)
    app = Host(screen)
    async with app.run_test(size=(120, 45)) as pilot:
        await _wait_for_questions(pilot, screen)
        await pilot.pause()
        assert "seed 3" in _text(screen, "#quiz-progress")
        right = screen.questions[0].answer_index
        await pilot.press("abcd"[right])
        await pilot.pause()
        assert "✓ Right." in _text(screen, "#quiz-outcome")
    from tutor.quiz.bank import build_quiz

    assert screen.questions == build_quiz(3, 2)  # same seed, same quiz as `registry-tutor quiz --seed 3`
    assert screen.questions[0].id in store.data["quizzes"]["seed-3-current"]["answers"]


async def test_the_home_screen_opens_the_quiz(tmp_path) -> None:
    from tutor.ui.app import TutorApp

    app = TutorApp(progress_root=tmp_path)
    async with app.run_test(size=(120, 45)) as pilot:
        await pilot.pause()
        app.open_quiz()
        await pilot.pause()
        assert isinstance(app.screen, QuizScreen)
        await _wait_for_questions(pilot, app.screen)
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, QuizScreen)


async def test_the_stand_alone_quiz_app_exits_when_the_quiz_ends() -> None:
    from tutor.ui.screens.quiz import QuizApp

    screen = QuizScreen(ITEMS[:1])
    app = QuizApp(screen)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("a", "n")
        await pilot.pause()
        await pilot.press("enter")  # the Finish button has focus
        await pilot.pause()
    assert app.return_code == 0 and screen.score.correct == 1


async def test_each_question_shows_where_its_scenario_starts_and_the_end_says_how_to_repeat_it() -> None:
    lesson_item = QuizItem(
        id="lesson/q", type="lesson-choice", question="How many labels are on shelf myapp1 now?", answer="2",
        why="Two pushes.", choices=(Choice("2"), Choice("1", "tags-are-immutable"), Choice("3")),
        subject="`latest` is just a label", source="lesson:latest",
    )
    repeat = "registry-tutor quiz --seed 4 --count 2 --source mixed"
    screen = QuizScreen([ITEMS[1], lesson_item], store=None, seed=4, repeat=repeat)
    app = Host(screen)
    async with app.run_test(size=(110, 40)) as pilot:
        await pilot.pause()
        assert "No commands: this question is about the reference alone." in _text(screen, "#quiz-scenario")
        await pilot.press("b")
        await pilot.press("n")
        await pilot.pause()
        assert "From the lesson “`latest` is just a label”" in _text(screen, "#quiz-scenario")
        await pilot.press("a")
        await pilot.press("n")
        await pilot.pause()
        assert repeat in _text(screen, "#quiz-question")


async def test_a_key_that_names_no_choice_says_which_keys_answer_and_digits_pick(tmp_path) -> None:
    """Found trying the quiz as a new learner: x, 9 or d (with three choices) did nothing and said nothing.
    Plain mode (`registry-tutor quiz --plain`) numbers the choices, so digits pick here too."""
    store = _store(tmp_path)
    screen = QuizScreen(ITEMS[1:], store=store, quiz="seed-1-current", seed=1)
    async with Host(screen).run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        for key in ("x", "9", "d", "question_mark"):
            await pilot.press(key)
            await pilot.pause()
            assert "is not one of the choices: press a–c (or 1–3), or ↑↓ and Enter." in _text(screen, "#quiz-outcome")
            assert "score 0/0" in _text(screen, "#quiz-progress")  # nothing was answered
        assert _text(screen, "#quiz-outcome").startswith("? is not")
        await pilot.press("2")
        await pilot.pause()
        assert "✓ Right." in _text(screen, "#quiz-outcome")
        assert "score 1/1" in _text(screen, "#quiz-progress")


TYPED = QuizItem(id="t-typed", type="text", question="Which tag does `docker pull myapp1` ask for?",
                 answer="latest", why="No tag means `latest`.", choices=())


async def test_ctrl_c_drops_a_half_typed_answer_and_records_nothing_the_learner_did_not_give(tmp_path) -> None:
    """Before, ctrl+c in the answer box only said how to quit, so the next Enter sent (and recorded) the
    half-typed answer. Now it drops it, as ctrl+c drops the line at the command prompt; on an empty box
    it says how to quit as everywhere else in the app, and the quiz goes on."""
    store = _store(tmp_path)
    screen = QuizScreen([TYPED], store=store, quiz="seed-1-current", seed=1)
    app = Host(screen)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press(*"lat", "ctrl+c", "enter")
        await pilot.pause()
        assert screen.query_one("#quiz-answer", Input).value == ""
        assert _text(screen, "#quiz-outcome") == ""  # the Enter on an empty box answered nothing
        await pilot.press("ctrl+c")
        await pilot.pause()
        assert any("ctrl+q" in note.message for note in app._notifications)
        assert isinstance(app.screen, QuizScreen) and store.data.get("quizzes", {}) == {}
        await pilot.press(*"latest", "enter")
        await pilot.pause()
        assert "✓ Right." in _text(screen, "#quiz-outcome")
    answers = store.data["quizzes"]["seed-1-current"]["answers"]
    assert answers["t-typed"]["answer"] == "latest" and answers["t-typed"]["attempts"] == 1


async def test_f1_in_the_stand_alone_quiz_opens_its_help_as_in_the_full_app() -> None:
    """`registry-tutor quiz` on a terminal: F1 did nothing there, though the full app's quiz has help."""
    from tutor.ui.screens.help import HelpScreen
    from tutor.ui.screens.quiz import QuizApp

    screen = QuizScreen(ITEMS[:1])
    app = QuizApp(screen)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        assert "press its letter" in app.screen.document()
        await pilot.press("f1")
        await pilot.pause()
        assert app.screen is screen and screen.score.total == 0  # nothing answered on the way

"""The quiz screen: one question at a time, the scenario above it, explanations after each answer.

``QuizScreen(questions)`` takes ``tutor.quiz.questions.QuizItem``s; without
them it draws a quiz itself (a random seed, shown in the title, mixing the
app's lesson questions with generated ones). Answers are recorded in the
progress store (the one given, else the app's ``progress``), with the
misconception a wrong one reveals. It dismisses itself with the ``QuizScore``.

``run_quiz_app`` runs it on its own, for ``registry-tutor quiz``.
"""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Button, Footer, Input, OptionList, Static

from tutor.quiz.questions import LETTERS, MISCONCEPTIONS, Outcome, QuizItem, QuizScore, score
from tutor.quiz.record import quiz_id, record_answer
from tutor.quiz.render import machine_words, scenario_blocks, scenario_intro
from tutor.ui.inline import code_spans
from tutor.ui.widgets.answer_input import AnswerInput
from tutor.ui.widgets.scroll import PageScroll

DEFAULT_COUNT = 10


class QuizScreen(Screen):
    CSS_PATH = "quiz.tcss"

    BINDINGS = [
        Binding("escape", "leave", "Leave quiz"),
        Binding("n", "next", "Next", tooltip="The next question (after answering)"),
        Binding("enter", "next", "Next", show=False),
        *(Binding(letter, f"choose({i})", show=False) for i, letter in enumerate(LETTERS[:8])),
    ]

    HELP = """\
## The quiz

Each question shows what was typed (on your laptop, and sometimes on a
teammate's laptop sharing the same registry), then asks what happens. The
simulator itself worked out every answer.

- Pick an answer with the arrow keys and **Enter**, or press its letter (**a**, **b**, …).
- After answering, read why, then press **n** (or **Enter**) for the next question.
- **Escape** leaves the quiz. Wrong answers are remembered, with the
  misconception they suggest, so the lessons can help with it.
"""

    def __init__(
        self,
        questions: list[QuizItem] | None = None,
        *,
        store=None,
        quiz: str | None = None,
        seed: int | None = None,
        retries: int = 0,
        count: int = DEFAULT_COUNT,
        repeat: str | None = None,
    ) -> None:
        super().__init__()
        self.repeat = repeat  # the command line that asks this quiz again
        self.questions: list[QuizItem] = list(questions or [])
        self._generate = questions is None
        self.store = store
        self.seed = seed
        self.quiz = quiz
        self.retries = retries
        self.count = count
        self.index = 0
        self.score = QuizScore()
        self._attempts = 0
        self._answered = False
        self._finished = False

    # --- layout ---------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Static("", id="quiz-progress")
        with PageScroll(id="quiz-main"):
            yield Static("", id="quiz-scenario")
            yield Static("", id="quiz-question")
            yield OptionList(id="quiz-choices")
            yield AnswerInput(placeholder="type your answer, then Enter", id="quiz-answer")
            yield Static("", id="quiz-outcome")
            yield Button("Finish", id="quiz-finish", variant="primary")
        yield Footer()

    def on_mount(self) -> None:
        if self.store is None:
            self.store = getattr(self.app, "progress", None)
        self.query_one("#quiz-finish").display = False
        if self._generate:
            self.query_one("#quiz-question", Static).update("Preparing questions…")
            self.query_one("#quiz-choices").display = False
            self.query_one("#quiz-answer").display = False
            self._draw_quiz()
        else:
            self._show_question()

    @work(thread=True, exclusive=True)
    def _draw_quiz(self) -> None:
        import random

        from tutor.quiz.bank import build_quiz

        seed = self.seed if self.seed is not None else random.SystemRandom().randrange(1_000_000)
        lessons = list(getattr(self.app, "lessons", []) or [])
        has_bank = any(getattr(lesson, "quizzes", ()) for lesson in lessons)
        source = "mixed" if has_bank else "generated"
        engine, shuffle, pack = "current", False, getattr(self.app, "pack_path", None)
        if pack:  # the pack's quiz settings, as `registry-tutor quiz --pack` applies them
            from tutor.classroom.packs import PackProblem, open_workshop

            try:
                workshop = open_workshop(pack)
                engine = workshop.engine or "current"
                shuffle = bool(workshop.quiz_settings.get("shuffle_choices"))
            except PackProblem:
                pack = None
        items = build_quiz(seed, self.count, engine=engine, source=source, lessons=lessons, shuffle_choices=shuffle)
        from tutor.quiz.record import repeat_command

        self.repeat = repeat_command(seed, self.count, source=source, pack=pack)
        self.app.call_from_thread(self._start, items, seed)

    def _start(self, items: list[QuizItem], seed: int) -> None:
        self.questions = items
        self.seed = seed
        self._show_question()

    # --- one question -----------------------------------------------------------

    @property
    def item(self) -> QuizItem | None:
        return self.questions[self.index] if self.index < len(self.questions) else None

    def _progress_text(self) -> str:
        seed = f" · seed {self.seed}" if self.seed is not None else ""
        return (
            f"Quiz{seed} · question {min(self.index + 1, len(self.questions))} of {len(self.questions)}"
            f" · score {self.score.correct}/{self.score.total}"
        )

    def _show_question(self) -> None:
        item = self.item
        if item is None:
            self._show_summary()
            return
        self._answered = False
        self.refresh_bindings()
        self._attempts = 0
        self.query_one("#quiz-progress", Static).update(self._progress_text())
        scenario = Text()
        scenario.append(scenario_intro(item) + "\n", style="italic")
        for machine, commands in scenario_blocks(item.scenario):
            scenario.append(f"On {machine_words(machine)}:\n", style="bold")
            for command in commands:
                scenario.append(f"  $ {command}\n")
        self.query_one("#quiz-scenario", Static).update(scenario)
        self.query_one("#quiz-scenario").display = True  # every question shows where it starts
        self.query_one("#quiz-question", Static).update(code_spans(item.question, "bold"))
        choices = self.query_one("#quiz-choices", OptionList)
        answer_box = self.query_one("#quiz-answer", Input)
        choices.clear_options()
        choices.disabled = False
        answer_box.disabled = False
        answer_box.value = ""
        outcome = self.query_one("#quiz-outcome", Static)
        outcome.update("")
        outcome.set_classes("")
        if item.choices:
            choices.add_options([code_spans(f"{LETTERS[i]}) {c.text}") for i, c in enumerate(item.choices)])
            choices.display, answer_box.display = True, False
            choices.highlighted = 0
            choices.focus()
        else:
            choices.display, answer_box.display = False, True
            answer_box.focus()
        page = self.query_one("#quiz-main", PageScroll)
        page.release()
        page.scroll_home(animate=False)

    @on(OptionList.OptionSelected, "#quiz-choices")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.answer(event.option_index)

    @on(Input.Submitted, "#quiz-answer")
    def _typed(self, event: Input.Submitted) -> None:
        event.stop()
        if event.value.strip():
            self.answer(event.value.strip())

    def action_choose(self, index: int) -> None:
        item = self.item
        if item is None or self._answered or not item.choices:
            return
        if index < len(item.choices):
            self.answer(index)
        else:
            self._not_a_choice(LETTERS[index] if index < len(LETTERS) else str(index + 1))

    def on_key(self, event) -> None:
        """Digits pick too (plain mode numbers the choices); any other typed key says how to answer."""
        item, char = self.item, event.character
        if item is None or self._answered or not item.choices or not char or not char.isprintable():
            return
        if char == " " or char in LETTERS[:8] or char == "n":
            return  # bound keys
        event.stop()
        if char.isdigit() and char != "0":
            self.action_choose(int(char) - 1)
        else:
            self._not_a_choice(char)

    def _not_a_choice(self, key: str) -> None:
        n = len(self.item.choices)
        box = self.query_one("#quiz-outcome", Static)
        box.update(Text(f"{key} is not one of the choices: press a–{LETTERS[n - 1]} (or 1–{n}), or ↑↓ and Enter."))
        box.set_classes("-wrong")

    def answer(self, given: int | str) -> Outcome | None:
        """Score an answer (a choice index or text) and show why."""
        item = self.item
        if item is None or self._answered:
            return None
        outcome = score(item, given)
        record_answer(self.store, self.quiz or quiz_id(self.seed, item.engine), item, outcome)
        if self._attempts == 0:
            self.score.add(outcome)
        self._attempts += 1
        box = self.query_one("#quiz-outcome", Static)
        if not outcome.correct and self._attempts <= self.retries:
            box.update(Text("✗ Not quite — try again."))
            box.set_classes("-wrong")
            return outcome
        self._answered = True
        text = Text()
        if outcome.correct:
            text.append("✓ Right.\n", style="bold")
        else:
            text.append("✗ Not quite. ", style="bold")
            text.append(f"The answer is: {outcome.expected}\n")
            if outcome.misconception in MISCONCEPTIONS:
                text.append(f"That choice comes from thinking {MISCONCEPTIONS[outcome.misconception]}\n")
            elif outcome.note:
                text.append(outcome.note + "\n")
        text.append(f"\nWhy: {outcome.why}\n")
        last = self.index + 1 >= len(self.questions)
        text.append("\nPress n (or Enter) for " + ("your score." if last else "the next question."), style="italic")
        box.update(text)
        box.set_classes("-right" if outcome.correct else "-wrong")
        self.query_one("#quiz-choices", OptionList).disabled = True
        self.query_one("#quiz-answer", Input).disabled = True
        self.query_one("#quiz-progress", Static).update(self._progress_text())
        self.refresh_bindings()
        self._show_outcome(box)
        return outcome

    def _show_outcome(self, box: Static) -> None:
        """Bring the answer and its why into view once laid out (a scroll now would use the old, one-line
        box: at 80x24 the why stayed below the window), and let the arrow keys scroll the page."""
        page = self.query_one("#quiz-main", PageScroll)
        page.focus()
        page.keep(lambda: page.scroll_to_widget(box, animate=False, immediate=True))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "next":
            return True if (self._answered or self._finished) else None  # shown, dimmed, until answered
        return True

    def action_next(self) -> None:
        if self._finished:
            self.dismiss(self.score)
            return
        if not self._answered:
            return
        self.index += 1
        self._show_question()

    # --- the end --------------------------------------------------------------

    def _show_summary(self) -> None:
        self._finished = True
        self.refresh_bindings()
        for selector in ("#quiz-scenario", "#quiz-choices", "#quiz-answer"):
            self.query_one(selector).display = False
        self.query_one("#quiz-progress", Static).update(self._progress_text())
        text = Text(self.score.summary() + "\n\n", style="bold")
        found = self.score.misconceptions()
        if found:
            text.append("What the wrong answers suggest:\n")
            for tag, _ in found.most_common():
                text.append(f"• {MISCONCEPTIONS.get(tag, tag)}\n")
        else:
            text.append("No misconceptions showed up. ")
        if self.seed is not None and self.repeat:
            text.append(f"\nThis quiz's seed is {self.seed}: `{self.repeat}` asks it again.")
        self.query_one("#quiz-question", Static).update(text)
        self.query_one("#quiz-outcome", Static).update("")
        finish = self.query_one("#quiz-finish", Button)
        finish.display = True
        finish.focus()

    @on(Button.Pressed, "#quiz-finish")
    def _finish(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(self.score)

    def action_leave(self) -> None:
        self.dismiss(self.score)


class QuizApp(App[int]):
    """Just the quiz (``registry-tutor quiz`` in a terminal)."""

    TITLE = "registry-tutor quiz"
    BINDINGS = [Binding("f1", "help", "Help", tooltip="How to answer, and the keys")]  # as in the full app

    def __init__(self, screen: QuizScreen) -> None:
        super().__init__()
        self.quiz_screen = screen

    def action_help(self) -> None:
        from tutor.ui.screens.help import HelpScreen

        if isinstance(self.screen, HelpScreen):
            self.screen.dismiss()
            return
        self.push_screen(HelpScreen(QuizScreen.HELP, screen=self.quiz_screen))

    def on_mount(self) -> None:
        self.push_screen(self.quiz_screen, callback=lambda _score: self.exit(0))


def run_quiz_app(
    items: list[QuizItem], *, store=None, quiz: str | None = None, seed: int | None = None, retries: int = 0,
    repeat: str | None = None,
) -> QuizScore:
    screen = QuizScreen(items, store=store, quiz=quiz, seed=seed, retries=retries, repeat=repeat)
    QuizApp(screen).run()
    return screen.score

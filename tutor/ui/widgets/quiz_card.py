"""A quiz question answered inside the lesson: pick a choice or type a short answer.

Answered only by an explicit choice: a letter key (a, b, c…) or ↑↓ then Enter. The list
starts with nothing highlighted, so an Enter that was meant for the command line (or a
double Enter moving here) picks nothing. The card never takes the focus by itself.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Input, Markdown, OptionList, Static

from tutor.ui.inline import code_spans
from tutor.ui.widgets.answer_input import AnswerInput

LETTERS = "abcdefghij"


class ChoiceList(OptionList):
    """The choices; letter keys pick one, Tab goes back to the command line."""

    BINDINGS = [
        *(Binding(letter, f"pick({i})", show=False) for i, letter in enumerate(LETTERS)),
        Binding("tab", "leave", "Back to the command line", show=False),
    ]

    @dataclass
    class NotAChoice(Message):
        """A key that names no choice (``d`` with three choices, ``z``, ``?``): say which keys answer."""

        key: str

    def action_pick(self, index: int) -> None:
        if self.disabled:
            return
        if not 0 <= index < self.option_count:
            self.post_message(self.NotAChoice(LETTERS[index] if index < len(LETTERS) else str(index + 1)))
            return
        self.highlighted = index
        self.action_select()

    def on_key(self, event: events.Key) -> None:
        """Digits pick too (plain mode numbers the choices); any other typed key says how to answer."""
        char = event.character
        if not char or not char.isprintable() or char == " " or char in LETTERS or event.key in ("enter", "tab"):
            return
        event.stop()
        event.prevent_default()
        if char.isdigit() and char != "0":
            self.action_pick(int(char) - 1)
        else:
            self.post_message(self.NotAChoice(char))

    def action_leave(self) -> None:
        self.post_message(QuizCard.Leave())

    def _on_focus(self, event) -> None:
        super()._on_focus(event)
        self.highlighted = None  # focus alone picks nothing: a letter, or an arrow then Enter, does


class QuizCard(Vertical):
    """Shows one Question; posts ``Answered`` with the learner's text; then shows the outcome."""

    DEFAULT_CSS = """
    QuizCard {
        height: auto;
        margin: 1 0 0 0;
        padding: 0 1;
        border-left: outer $secondary;
        & > #quiz-prompt { margin: 0; padding: 0; background: $surface; }
        & > #quiz-outcome { margin: 1 0 0 0; padding: 0; background: $surface; }
        & > #quiz-commands { color: $text-muted; padding: 0 0 0 2; }
        & > #quiz-how { color: $text-muted; text-style: italic; }
        & > OptionList { height: auto; border: none; padding: 0; }
        & > OptionList:focus { border: none; background-tint: $foreground 5%; }
        & > Input { border: tall $border-blurred; }
        & > #quiz-outcome.-right { color: $text-success; }
        & > #quiz-outcome.-wrong { color: $text-warning; }
    }
    QuizCard:focus-within > #quiz-how { color: $text-accent; }
    QuizCard > #quiz-how.-nudge, QuizCard:focus-within > #quiz-how.-nudge { color: $text-warning; text-style: bold; }
    """

    @dataclass
    class Answered(Message):
        card: QuizCard
        answer: str

    class Leave(Message):
        """Tab on the quiz: back to the command line."""

    def __init__(self, question, *, choices: tuple[str, ...] | None = None, id: str | None = None) -> None:
        super().__init__(id=id)
        self.question = question
        self.choices = tuple(choices) if choices else tuple(question.choices)  # the session's order
        self.answered = False

    def compose(self) -> ComposeResult:
        q = self.question
        yield Markdown("**Quiz** · " + q.prompt.strip(), id="quiz-prompt")
        if q.commands:
            yield Static(Text("\n".join(f"$ {c}" for c in q.commands)), id="quiz-commands")
        # how to answer comes first, so it is in view with the choices on a short terminal
        if self.choices:
            last = LETTERS[len(self.choices) - 1]
            how = f"To answer: Enter on the empty command line (or shift+Tab), then a–{last}, or ↑↓ and Enter."
        else:
            how = "To answer: Enter on the empty command line (or shift+Tab), type, then Enter."
        yield Static(how + " Tab: back to the command line.", id="quiz-how", markup=False)
        if self.choices:
            yield ChoiceList(*(code_spans(f"{LETTERS[i]}) {c}") for i, c in enumerate(self.choices)), id="quiz-choices")
        else:
            yield AnswerInput(placeholder="type your answer, then Enter", id="quiz-answer")
        yield Markdown("", id="quiz-outcome")

    def focus_answer(self) -> None:
        """Move to the answer and bring every choice (and how to answer) into view, even at 80x24."""
        for widget in self.query("#quiz-choices, #quiz-answer"):
            if not widget.disabled:
                widget.focus()
                how = self.query_one("#quiz-how")
                self.call_after_refresh(how.scroll_visible, animate=False)  # just above the choices
                self.call_after_refresh(widget.scroll_visible, animate=False)
            return

    @on(ChoiceList.NotAChoice)
    def _not_a_choice(self, event: ChoiceList.NotAChoice) -> None:
        event.stop()
        last = LETTERS[len(self.choices) - 1]
        how = self.query_one("#quiz-how", Static)
        how.update(f"{event.key} is not one of the choices: press a–{last} (or 1–{len(self.choices)}), or ↑↓ and Enter.")
        how.add_class("-nudge")

    @on(OptionList.OptionSelected, "#quiz-choices")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if not self.answered:
            self.post_message(self.Answered(self, self.choices[event.option_index]))

    @on(Input.Submitted, "#quiz-answer")
    def _typed(self, event: Input.Submitted) -> None:
        event.stop()
        if not self.answered and event.value.strip():
            self.post_message(self.Answered(self, event.value.strip()))

    def show_outcome(self, outcome) -> None:
        box = self.query_one("#quiz-outcome", Markdown)
        if getattr(outcome, "retry", False):
            rendered = box.update("**Not quite — try again.**")
            box.set_class(True, "-wrong")
            self.call_later(self._reveal, rendered, box)
            return
        self.answered = True
        head = "**✓ Right.**" if outcome.correct else f"**✗ Not quite:** the answer is *{outcome.expected}*."
        rendered = box.update(f"{head} {(outcome.why or '').strip()}\n\nPress **Enter** (or **ctrl+n**) to go on.")
        box.set_class(outcome.correct, "-right")
        box.set_class(not outcome.correct, "-wrong")
        for widget in self.query("#quiz-choices, #quiz-answer"):
            widget.disabled = True
        self.query_one("#quiz-how").display = False
        # Focus moves to the terminal after an answer: bring the verdict into view, or a learner
        # at a short terminal sees nothing happen (it renders below the fold).
        self.call_later(self._reveal, rendered, box)

    async def _reveal(self, rendered, box) -> None:
        await rendered  # the verdict's Markdown blocks are mounted: its height is known after a refresh
        self.call_after_refresh(box.scroll_visible, animate=False)

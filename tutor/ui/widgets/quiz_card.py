"""A quiz question answered inside the lesson: pick a choice or type a short answer."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Input, Markdown, OptionList, Static

from tutor.ui.inline import code_spans


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
        & > OptionList { height: auto; max-height: 10; border: none; padding: 0; }
        & > Input { border: tall $border-blurred; }
        & > #quiz-outcome.-right { color: $text-success; }
        & > #quiz-outcome.-wrong { color: $text-warning; }
    }
    """

    @dataclass
    class Answered(Message):
        card: QuizCard
        answer: str

    def __init__(self, question, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.question = question
        self.answered = False

    def compose(self) -> ComposeResult:
        q = self.question
        yield Markdown("**Quiz** · " + q.prompt.strip(), id="quiz-prompt")
        if q.commands:
            yield Static(Text("\n".join(f"$ {c}" for c in q.commands)), id="quiz-commands")
        if q.choices:
            yield OptionList(*(code_spans(f"{chr(97 + i)}) {c}") for i, c in enumerate(q.choices)), id="quiz-choices")
        else:
            yield Input(placeholder="type your answer, then Enter", id="quiz-answer")
        yield Markdown("", id="quiz-outcome")

    def focus_answer(self) -> None:
        for widget in self.query("#quiz-choices, #quiz-answer"):
            widget.focus()
            return

    @on(OptionList.OptionSelected, "#quiz-choices")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if not self.answered:
            self.post_message(self.Answered(self, self.question.choices[event.option_index]))

    @on(Input.Submitted, "#quiz-answer")
    def _typed(self, event: Input.Submitted) -> None:
        event.stop()
        if not self.answered and event.value.strip():
            self.post_message(self.Answered(self, event.value.strip()))

    def show_outcome(self, outcome) -> None:
        self.answered = True
        box = self.query_one("#quiz-outcome", Markdown)
        head = "**✓ Right.**" if outcome.correct else f"**✗ Not quite:** the answer is *{outcome.expected}*."
        rendered = box.update(f"{head} {(outcome.why or '').strip()}\n\nPress **Enter** (or **ctrl+n**) to go on.")
        box.set_class(outcome.correct, "-right")
        box.set_class(not outcome.correct, "-wrong")
        for widget in self.query("#quiz-choices, #quiz-answer"):
            widget.disabled = True
        # Focus moves to the terminal after an answer: bring the verdict into view, or a learner
        # at a short terminal sees nothing happen (it renders below the fold).
        self.call_later(self._reveal, rendered, box)

    async def _reveal(self, rendered, box) -> None:
        await rendered  # the verdict's Markdown blocks are mounted: its height is known after a refresh
        self.call_after_refresh(box.scroll_visible, animate=False)

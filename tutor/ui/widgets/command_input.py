"""The command line: an Input with shell history (up/down) and Tab completion."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from textual import events
from textual.actions import SkipAction
from textual.binding import Binding
from textual.message import Message
from textual.widgets import Input

from tutor.textsafe import visible
from tutor.ui.completion import Completion
from tutor.ui.widgets.answer_input import drop_typed


class CommandInput(Input):
    """Type a command; ↑/↓ walk the history, Tab completes (or lists the choices).

    Tab belongs to completion here, as in a shell; shift+Tab still moves focus on.
    """

    BINDINGS = [
        Binding("up", "history(-1)", "Previous command", show=False),
        Binding("down", "history(1)", "Next command", show=False),
        Binding("tab", "complete", "Complete", show=False),
        # as in a shell: ctrl+c drops the line being typed (it still copies a selection; on an empty
        # line it falls through to the app, which says how to quit)
        Binding("ctrl+c", "interrupt", "Drop the line", show=False),
    ]

    @dataclass
    class Lines(Message):
        """Whole command lines, in order: Enter (one line) or a paste (one per pasted line).

        The input is emptied at once when Enter is pressed, before the line runs, so keys typed
        while a command is still running start the next line instead of joining the old one.
        """

        command_input: CommandInput
        lines: tuple[str, ...]

    @dataclass
    class Interrupted(Message):
        """ctrl+c dropped the line being typed: the terminal shows it with ``^C``, as bash does."""

        command_input: CommandInput
        line: str

    @dataclass
    class Choices(Message):
        """Tab found several completions: the terminal lists them, as bash does."""

        command_input: CommandInput
        choices: tuple[str, ...]

    def __init__(self, completer: Callable[[str], Completion] | None = None, **kwargs) -> None:
        kwargs.setdefault("placeholder", "type a command, e.g. docker images  (Tab completes, ↑ history)")
        kwargs.setdefault("select_on_focus", False)
        super().__init__(**kwargs)
        self.completer = completer
        self.history: list[str] = []
        self._history_at = 0
        self._draft = ""

    async def action_submit(self) -> None:
        line = self.value
        self.remember(line)
        self.value = ""
        self.post_message(self.Lines(self, (line,)))

    def action_interrupt(self) -> None:
        line = drop_typed(self)
        if line is None:
            return
        self._history_at = len(self.history)
        self._draft = ""
        self.post_message(self.Interrupted(self, line))

    def _on_paste(self, event: events.Paste) -> None:
        """A multi-line paste runs each line on its own, in order; its last line stays to be edited.

        Control and bidi characters arrive as their ``\\x1b``/``\\u202e`` escapes: the input box would
        draw a raw ESC straight to the terminal, and what runs is what the learner sees.
        """
        text = visible(event.text.replace("\r\n", "\n").replace("\r", "\n"))
        if "\n" not in text:
            event.text = text
            return  # one line: Input's own paste handler (Textual calls it after this one)
        event.stop()
        event.prevent_default()  # not Input's handler too: it would insert the first line again
        *complete, rest = text.split("\n")
        before, after = self.value[: self.cursor_position], self.value[self.cursor_position :]
        complete[0] = before + complete[0]
        lines = tuple(line for line in complete if line.strip())
        for line in lines:
            self.remember(line)
        self.value = rest + after
        self.cursor_position = len(rest)
        if lines:
            self.post_message(self.Lines(self, lines))

    def remember(self, line: str) -> None:
        if line.strip() and (not self.history or self.history[-1] != line):
            self.history.append(line)
        self._history_at = len(self.history)
        self._draft = ""

    def action_history(self, step: int) -> None:
        if not self.history:
            return
        if self._history_at == len(self.history):
            self._draft = self.value
        self._history_at = max(0, min(len(self.history), self._history_at + step))
        self.value = self.history[self._history_at] if self._history_at < len(self.history) else self._draft
        self.cursor_position = len(self.value)

    def action_complete(self) -> None:
        if self.completer is None:
            raise SkipAction()
        before, after = self.value[: self.cursor_position], self.value[self.cursor_position :]
        completion = self.completer(before)
        if not completion.candidates:
            self.app.bell()
            return
        if completion.unique:
            word = completion.candidates[0]
            insert = word if word.endswith(("/", ":")) else word + " "
        else:
            insert = completion.common
        if insert != completion.word:
            new_before = before[: completion.start] + insert
            self.value = new_before + after
            self.cursor_position = len(new_before)
            return
        # nothing more in common: list the choices at once (a beginner would not know to press Tab twice)
        self.post_message(self.Choices(self, completion.candidates))

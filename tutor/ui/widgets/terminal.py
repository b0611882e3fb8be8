"""The terminal pane: an output log (prompt lines, Docker's stdout and stderr) and the command line."""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from dataclasses import dataclass

from rich.style import Style
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.events import Resize
from textual.message import Message
from textual.reactive import reactive
from textual.widgets import Label, RichLog

from tutor.textsafe import visible
from tutor.ui.inline import code_spans
from tutor.ui.widgets.command_input import CommandInput

STDERR = 2


class TerminalLog(RichLog):
    """The output log, which behaves like a terminal window when it is resized: the newest line stays in
    view, and the newest lines wrap again at the new width (older ones are cut at it, as a terminal without
    reflow does: wrapping thousands of lines again on every resize would make dragging the window lag).

    (A RichLog keeps each line wrapped at the width it was written at, and its scroll offset where it was:
    after the window shrank, the last output was scrolled out of view and lines ran under the border.)
    """

    REWRAP = 400  # how many of the newest writes wrap again at a new width

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._entries: deque = deque(maxlen=self.REWRAP)  # (what was written, how many lines it made)
        self._wrapped_at = 0
        self._following = True  # showing the newest line: a resize keeps it in view
        self._replaying = False

    def on_mount(self) -> None:
        self.watch(self, "scroll_y", self._scrolled, init=False)

    def _scrolled(self, y: float) -> None:
        if not self._replaying:
            self._following = y >= self.max_scroll_y

    def _line_count(self) -> int:
        return self._start_line + len(self.lines)  # lines ever written (RichLog drops the oldest)

    def write(self, content, *args, **kwargs):
        if not self._size_known or self._replaying:  # (before its size is known RichLog defers, then writes again)
            return super().write(content, *args, **kwargs)
        before = self._line_count()
        entry = content.copy() if isinstance(content, Text) else content
        super().write(content, *args, **kwargs)
        self._entries.append((entry, self._line_count() - before))
        self._wrapped_at = self.scrollable_content_region.width
        return self

    def clear(self):
        self._entries.clear()
        self._following = True
        return super().clear()

    def on_resize(self, event: Resize) -> None:
        width = self.scrollable_content_region.width
        if self._size_known and self._entries and width and width != self._wrapped_at:
            self._wrap_again(width)
        if self._following:
            self.call_after_refresh(self.scroll_end, animate=False, immediate=True, x_axis=False)

    def _wrap_again(self, width: int) -> None:
        newest = min(len(self.lines), sum(count for _, count in self._entries))
        older = [strip.crop(0, width) for strip in self.lines[: len(self.lines) - newest]]
        entries = [entry for entry, _ in self._entries]
        start = self._start_line
        self._replaying = True
        try:
            super().clear()
            self._start_line = start
            self.lines.extend(older)
            self._widest_line_width = max((strip.cell_length for strip in older), default=0)
            counts = []
            for entry in entries:
                before = self._line_count()
                super().write(entry, scroll_end=False)
                counts.append(self._line_count() - before)
        finally:
            self._replaying = False
        self._entries = deque(zip(entries, counts, strict=True), maxlen=self.REWRAP)
        self._wrapped_at = width


class Terminal(Vertical):
    """Shows what a shell would: ``~/myapp1 $ docker push …`` then the output, errors in their own style."""

    DEFAULT_CSS = """
    Terminal {
        height: 1fr;
        & > RichLog { height: 1fr; background: $surface; padding: 0 1; scrollbar-size-vertical: 1; scrollbar-gutter: stable; }
        & > #command-line { height: 1; background: $surface; }
        & #prompt { width: auto; padding: 0 0 0 1; color: $text-success; text-style: bold; }
        /* width 1fr, not Input's 100%: the prompt takes its own columns, and the line's end and the cursor
           must stay inside the panel. `:focus` is named too: once opened, the command palette's stylesheet
           styles every widget called CommandInput, ours included (padding-left 0, no background). */
        & CommandInput, & CommandInput:focus {
            width: 1fr; border: none; height: 1; padding: 0 1; background: $surface;
        }
        & CommandInput:focus { background-tint: $foreground 4%; }
    }
    """

    BINDINGS = [
        # the terminal's own history: PgUp/PgDn scroll it while you type (the lesson text has its own keys)
        Binding("pageup", "scroll_log(-1)", "Scroll terminal up", show=False),
        Binding("pagedown", "scroll_log(1)", "Scroll terminal down", show=False),
    ]

    prompt: reactive[str] = reactive("~ $")

    @dataclass
    class Submitted(Message):
        """The learner pressed Enter on a command line (possibly empty)."""

        terminal: Terminal
        line: str

    def __init__(self, completer: Callable | None = None, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._completer = completer

    def compose(self) -> ComposeResult:
        # min_width: RichLog renders at least 78 columns by default, which crops wrapped lines on narrow terminals
        yield TerminalLog(
            id="output", wrap=True, markup=False, highlight=False, max_lines=5000, auto_scroll=True, min_width=20
        )
        with Horizontal(id="command-line"):
            yield Label(self.prompt, id="prompt", markup=False)
            yield CommandInput(self._completer, id="command")

    def watch_prompt(self, prompt: str) -> None:
        if self.is_mounted:
            self.query_one("#prompt", Label).update(prompt)

    def on_mount(self) -> None:
        self.query_one("#prompt", Label).update(self.prompt)

    @property
    def log_widget(self) -> RichLog:
        return self.query_one(RichLog)

    @property
    def input(self) -> CommandInput:
        return self.query_one(CommandInput)

    def focus_input(self) -> None:
        self.input.focus()

    def action_scroll_log(self, direction: int) -> None:
        log = self.log_widget
        if direction < 0:
            log.scroll_page_up(animate=False)
        else:
            log.scroll_page_down(animate=False)

    # --- writing ----------------------------------------------------------

    def _style(self, variable: str, **extra) -> Style:
        color = self.app.theme_variables.get(variable) if self.is_attached else None
        if color and color.startswith("ansi_"):
            color = color.removeprefix("ansi_")  # Textual's ANSI themes name Rich's standard colours this way
        try:
            return Style(color=color, **extra) if color else Style(**extra)
        except Exception:  # noqa: BLE001 - an unparsable theme colour falls back to no colour
            return Style(**extra)

    def echo_command(self, prompt: str, line: str) -> None:
        """The prompt and the line as typed: plain Text (``[bold]`` stays text), ESC and bidi shown visibly."""
        text = Text(visible(prompt) + " ", self._style("text-success", bold=True))
        text.append(visible(line))
        self.log_widget.write(text)

    def show_output(self, output) -> None:
        """``output`` is a Result's [(stream, text)]: stderr lines get the error style."""
        err = self._style("text-error")
        for stream, line in output:
            self.log_widget.write(Text(line, err) if stream == STDERR else Text(line))

    def note(self, message: str, kind: str = "info", *, once: bool = False) -> None:
        """A line from the tutor itself (not from the shell): dim and marked, so it never passes for Docker's.

        ``once``: not again when it is already the last line (ctrl+z held down says "nothing to undo" once,
        not a screenful that pushes the learner's commands out of view)."""
        last = self.log_widget.lines[-1].text.rstrip() if self.log_widget.lines else None
        if once and last == f"» {message}":
            return
        variable = {"info": "text-secondary", "success": "text-success", "warning": "text-warning"}.get(kind)
        # `code` in the tutor's words (explain, hints) shows without its backticks, as in the lesson text
        self.log_widget.write(code_spans(f"» {message}", self._style(variable or "text-secondary", italic=True)))

    def clear(self) -> None:
        self.log_widget.clear()

    def lines(self) -> list[str]:
        """The log's text, line by line (for tests)."""
        return [strip.text.rstrip() for strip in self.log_widget.lines]

    # --- input --------------------------------------------------------------

    @on(CommandInput.Lines)
    def _submitted(self, event: CommandInput.Lines) -> None:
        event.stop()
        for line in event.lines:
            self.post_message(self.Submitted(self, line))

    @on(CommandInput.Interrupted)
    def _interrupted(self, event: CommandInput.Interrupted) -> None:
        event.stop()
        self.echo_command(self.prompt, event.line + "^C")

    @on(CommandInput.Choices)
    def _choices(self, event: CommandInput.Choices) -> None:
        event.stop()
        width = max(len(c) for c in event.choices) + 2
        columns = max(1, (self.log_widget.content_size.width or 80) // width)
        rows = [event.choices[i : i + columns] for i in range(0, len(event.choices), columns)]
        self.echo_command(self.prompt, self.input.value)
        for row in rows[:20]:
            self.log_widget.write(Text(visible("".join(c.ljust(width) for c in row).rstrip())))
        if len(rows) > 20:
            self.note(f"{len(event.choices)} possibilities; type a few more letters")

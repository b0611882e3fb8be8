"""What the lesson and sandbox screens share: a terminal on a simulated world and its library picture.

Subclasses say how a line runs (a LessonSession or a bare Shell) and how
undo/redo work; this class echoes the prompt, prints the output, refreshes the
picture from the command's events and keeps the prompt in step with ``cd``.
"""

from __future__ import annotations

from collections import deque
from functools import partial
from typing import ClassVar

from textual import on
from textual.binding import Binding
from textual.screen import Screen

from tutor.ui.widgets.library import LibraryPicture
from tutor.ui.widgets.terminal import Terminal


class WorkspaceScreen(Screen):
    """A terminal and a picture over one world."""

    HORIZONTAL_BREAKPOINTS: ClassVar = [(0, "-narrow"), (100, "-wide")]

    BINDINGS: ClassVar = []  # subclasses list SHARED_BINDINGS where they want them in the footer

    # the command line has the focus from the first frame: keys typed while the screen opens are not lost
    AUTO_FOCUS = "CommandInput"

    SHARED_BINDINGS: ClassVar = [
        Binding("ctrl+z", "undo", "Undo", tooltip="Put the world back as it was before the last command"),
        Binding("ctrl+y", "redo", "Redo", show=False, tooltip="Replay the command you undid"),
        # priority: the command line (an Input) would take ctrl+e as "end of line"; End still does that
        Binding(
            "ctrl+e", "explain", "Explain", priority=True,
            tooltip="Say what the last command did, in the library metaphor",
        ),
        Binding("ctrl+l", "clear_log", "Clear", show=False, tooltip="Clear the terminal log (like `clear`)"),
        Binding("ctrl+g", "focus_picture", "Picture", show=False, tooltip="Move the focus to the library picture"),
        Binding("escape", "leave", "Back", show=False, tooltip="Back to the lesson list"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._cmd_queue: deque[tuple[str, str]] = deque()
        self._cmd_running = False

    # --- what subclasses provide ---------------------------------------------

    @property
    def world(self):
        raise NotImplementedError

    @property
    def shell(self):
        raise NotImplementedError

    def run_line(self, line: str):
        """Run a typed line; -> Result."""
        raise NotImplementedError

    def after_command(self, result) -> None:
        """Hook: the lesson re-checks its goal here."""

    # --- shared ------------------------------------------------------------------

    @property
    def terminal(self) -> Terminal:
        return self.query_one(Terminal)

    @property
    def picture(self) -> LibraryPicture:
        return self.query_one(LibraryPicture)

    def complete(self, text: str):
        from tutor.ui.completion import complete

        return complete(text, self.world)

    def refresh_view(self, events=()) -> None:
        """Picture and prompt after anything changed the world (a command, undo, reset, load)."""
        self.picture.show(self.world, events)
        self.picture.border_title = "Library"
        self.terminal.prompt = self.shell.prompt.rstrip()

    def on_screen_resume(self) -> None:
        self.terminal.focus_input()

    # --- the command queue ------------------------------------------------------
    #
    # Lines typed ahead or pasted wait here and run one at a time, in order, each on its own.
    # A simulator command runs in a thread worker so the screen stays responsive; tutor words
    # and key actions (undo, hint, …) wait their turn in the same queue, so they never act on a
    # world a running command is changing.

    @on(Terminal.Submitted)
    def _on_submitted(self, event: Terminal.Submitted) -> None:
        self.submit(event.line)

    def submit(self, line: str) -> None:
        self.enqueue(("line", line))

    def enqueue(self, item: tuple[str, str]) -> None:
        self._cmd_queue.append(item)
        self._pump()

    @property
    def busy(self) -> bool:
        """A command is running or waiting (tests wait for this to turn False)."""
        return self._cmd_running or bool(self._cmd_queue)

    def _pump(self) -> None:
        while self._cmd_queue and not self._cmd_running and self.is_attached:
            kind, text = self._cmd_queue.popleft()
            if kind == "action":
                self.run_action_now(text)
            elif self.handle_line(text) is False:
                self.terminal.echo_command(self.terminal.prompt, text)
                self.shell.columns = max(40, self.terminal.log_widget.content_size.width or 80)
                self._cmd_running = True
                self.run_worker(partial(self._run_in_thread, text), thread=True, group="commands",
                                exit_on_error=False)

    def _run_in_thread(self, line: str) -> None:
        result = self.run_line(line)
        self.app.call_from_thread(self._finished, result)

    def _finished(self, result) -> None:
        self._cmd_running = False
        if result.clear:
            self.terminal.clear()
        self.terminal.show_output(result.output)
        self.refresh_view(result.events)
        self.after_command(result)
        if getattr(self.shell, "exit_requested", None) is not None:
            # `exit` closes this terminal: back to the lesson list (progress is kept)
            self.shell.exit_requested = None
            self._cmd_queue.clear()
            self.notify("exit: back to the lesson list. Your progress is kept.")
            self.dismiss()
            return
        self._pump()

    def handle_line(self, line: str) -> bool:
        """Handle a line without the simulator (empty, a tutor word); False: run it as a command."""
        if not line.strip():
            self.terminal.echo_command(self.terminal.prompt, line)
            return True
        return False

    def run_action_now(self, name: str) -> None:
        """A key action queued behind running commands (undo, redo…): ``do_NAME`` runs it now."""
        getattr(self, f"do_{name}")()

    def queue_action(self, name: str) -> None:
        self.enqueue(("action", name))

    # --- actions ----------------------------------------------------------------

    def action_explain(self) -> None:
        result = self.shell.explain()
        for stream, line in result.output:
            self.terminal.note(line) if stream == 1 else self.terminal.show_output([(stream, line)])

    def action_clear_log(self) -> None:
        self.terminal.clear()

    def action_focus_picture(self) -> None:
        self.picture.tree.focus()

    def action_leave(self) -> None:
        command = self.terminal.input
        if self.focused is not None and self.focused is not command:
            self.terminal.focus_input()  # first Escape returns to the command line
            return
        if command.value:
            command.value = ""  # then it clears a half-typed command, as many shells' Escape habits expect
            return
        self.dismiss()

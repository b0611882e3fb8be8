"""A yes/no question before something that throws work away (reset a lesson).

The buttons name their keys (y, n), so nobody has to guess them. Cancel keeps the focus on purpose:
Enter pressed out of habit (after a command) keeps the work; even leaving a lesson drops its world.
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Label


class ConfirmScreen(ModalScreen[bool]):
    CSS_PATH = "dialogs.tcss"
    BINDINGS = [
        Binding("escape,n", "answer(False)", "No"),
        Binding("ctrl+c", "answer(False)", "No", show=False),  # as ctrl+c cancels a y/N prompt in a terminal
        Binding("y", "answer(True)", "Yes"),
    ]

    def __init__(self, question: str, yes: str = "Yes") -> None:
        super().__init__()
        self.question = question
        self.yes = yes

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Label(self.question, id="dialog-title")
            with Horizontal(id="dialog-buttons"):
                yield Button(Text(f"{self.yes} (y)"), variant="error", id="yes")
                yield Button(Text("Cancel (n)"), id="no")

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)

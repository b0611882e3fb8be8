"""A small dialog asking for a file path (save or load a sandbox world)."""

from __future__ import annotations

from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label


class WorldFileScreen(ModalScreen[str | None]):
    """Returns the path typed (or None when cancelled)."""

    CSS_PATH = "dialogs.tcss"
    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, title: str, default: str, *, must_exist: bool = False) -> None:
        super().__init__()
        self.title_text = title
        self.default = default
        self.must_exist = must_exist

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Label(self.title_text, id="dialog-title")
            yield Input(self.default, id="path")
            yield Label("", id="dialog-error")
            with Horizontal(id="dialog-buttons"):
                yield Button("Load" if self.must_exist else "Save", variant="primary", id="ok")
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    @on(Input.Submitted)
    @on(Button.Pressed, "#ok")
    def _ok(self) -> None:
        path = self.query_one(Input).value.strip()
        if not path:
            return
        if self.must_exist and not Path(path).expanduser().is_file():
            self.query_one("#dialog-error", Label).update(f"No file at {path}")
            return
        self.dismiss(path)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)

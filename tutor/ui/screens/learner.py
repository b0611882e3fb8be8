"""Served tabs only: who is learning here? Each browser tab is its own learner with its own progress."""

from __future__ import annotations

import re

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label

MAX_PROFILE = 64
PROFILE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")  # what ProgressStore accepts as a profile name


def profile_for(name: str, prefix: str | None = None) -> str:
    """A learner's name -> a progress profile name (``Ada Lovelace`` -> ``Ada-Lovelace``); ValueError if none.

    ``prefix`` (the server's ``--profile``, unless it is ``default``) keeps one workshop's learners apart.
    """
    slug = re.sub(r"\s+", "-", name.strip())
    slug = re.sub(r"[^A-Za-z0-9_.-]", "", slug).strip(".-_")
    if not slug:
        raise ValueError("Type your name (letters or digits).")
    profile = f"{prefix}-{slug}" if prefix and prefix != "default" else slug
    profile = profile[:MAX_PROFILE].rstrip(".-_")
    if not PROFILE.fullmatch(profile):
        raise ValueError("Use letters and digits in your name.")
    return profile


class LearnerNameScreen(ModalScreen[str]):
    """Asks the learner's name once, when a served tab opens; returns the profile name to use."""

    CSS_PATH = "dialogs.tcss"

    def __init__(self, prefix: str | None = None) -> None:
        super().__init__()
        self.prefix = prefix

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Label("Welcome! What is your name?", id="dialog-title")
            yield Label(
                "Your progress is kept under it, separate from other tabs and learners. "
                "Use the same name next time to carry on.",
                id="dialog-note",
            )
            yield Input(placeholder="your name", id="learner", max_length=48)
            yield Label("", id="dialog-error")
            with Horizontal(id="dialog-buttons"):
                yield Button("Start", variant="primary", id="ok")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    @on(Input.Submitted)
    @on(Button.Pressed, "#ok")
    def _ok(self) -> None:
        try:
            profile = profile_for(self.query_one(Input).value, self.prefix)
        except ValueError as exc:
            self.query_one("#dialog-error", Label).update(str(exc))
            return
        self.dismiss(profile)

"""F1 help: what this screen's keys do, the commands the simulator covers, what the picture means."""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import ModalScreen
from textual.widgets import Footer, Markdown, Static

from tutor.ui.widgets.scroll import PageScroll

GENERAL = Path(__file__).with_name("help.md")


def keys_table(screen) -> str:
    """The keys of ``screen`` (and the app), from the same BINDINGS the footer and palette use."""
    from tutor.ui.commands import own_bindings

    rows = []
    seen = set()
    for node in (screen, screen.app):
        for binding in own_bindings(node):
            if not binding.description or binding.action in seen:
                continue
            seen.add(binding.action)
            key = screen.app.get_key_display(binding)
            rows.append(f"| **{key}** | {binding.tooltip or binding.description} |")
    if not rows:
        return ""
    return "## Keys on this screen\n\n| Key | Does |\n|---|---|\n" + "\n".join(rows) + "\n"


def simulator_topics() -> str:
    """The simulator's own `help` text (plain text, shown wrapped: a code block would clip at 80 columns)."""
    from tutor.sim.shell.builtins import HELP_TOPICS

    return "\n".join(HELP_TOPICS.get("", []))


class HelpScreen(ModalScreen[None]):
    """Help for the screen below it."""

    CSS_PATH = "help.tcss"
    BINDINGS = [Binding("escape,f1,q", "close", "Close help")]

    def __init__(self, context_markdown: str = "", *, screen=None) -> None:
        super().__init__()
        self.context_markdown = context_markdown
        self.for_screen = screen

    def compose(self) -> ComposeResult:
        with PageScroll(id="help-body"):
            yield Markdown(self.document(), id="help-text")
            topics = simulator_topics()
            if topics:
                yield Markdown("## What the simulator covers", id="help-topics-title")
                yield Static(Text(topics), id="help-topics", markup=False)
        yield Footer()

    def document(self) -> str:
        below = self.for_screen or (self.app.screen_stack[-1] if self.app.screen_stack else None)
        parts = ["# registry-tutor help"]
        if self.context_markdown:
            parts.append(self.context_markdown)
        if below is not None and below is not self:
            parts.append(keys_table(below))
        parts.append(GENERAL.read_text(encoding="utf-8"))
        return "\n\n".join(p for p in parts if p)

    def on_mount(self) -> None:
        self.query_one("#help-body").focus()

    def action_close(self) -> None:
        self.dismiss()

"""Command palette providers: every action of the current screen, and every lesson.

Screens list their actions once, as BINDINGS with descriptions; this provider
turns those into palette commands (with the key shown), so the footer, the
palette and F1 help never disagree. A screen may add more with
``palette_commands()`` (the home screen adds "Open lesson: …").
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import partial

from textual.binding import Binding
from textual.command import DiscoveryHit, Hit, Hits, Provider


@dataclass(frozen=True)
class PaletteCommand:
    name: str
    help: str
    callback: Callable


def own_bindings(node) -> Iterator[Binding]:
    """Bindings declared by our classes (not Textual's own), most specific class first."""
    for cls in type(node).__mro__:
        if cls.__module__.startswith("tutor."):
            yield from (b for b in cls.__dict__.get("BINDINGS", ()) if isinstance(b, Binding))


def binding_commands(screen) -> Iterator[PaletteCommand]:
    """The screen's and the app's described bindings that are enabled right now."""
    seen: set[str] = set()
    for node in (screen, screen.app):
        for binding in own_bindings(node):
            if not binding.description or binding.action in seen:
                continue
            action = binding.action
            name = action.split("(")[0].removeprefix("app.").removeprefix("screen.")
            if node.check_action(name, ()) is not True:
                continue
            seen.add(action)
            key = node.app.get_key_display(binding)
            help_text = f"{binding.tooltip or binding.description}  ({key})"
            target = node.app if node is screen.app or action.startswith("app.") else screen
            yield PaletteCommand(binding.description, help_text, partial(target.run_action, action.removeprefix("app.")))


def screen_commands(screen) -> list[PaletteCommand]:
    commands = list(binding_commands(screen))
    extra = getattr(screen, "palette_commands", None)
    if extra is not None:
        commands.extend(extra())
    return commands


class ScreenActions(Provider):
    """What you can do on this screen (the same list as the footer and F1 help)."""

    async def discover(self) -> Hits:
        for command in screen_commands(self.screen):
            yield DiscoveryHit(command.name, command.callback, help=command.help)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for command in screen_commands(self.screen):
            score = matcher.match(command.name)
            if score > 0:
                yield Hit(score, matcher.highlight(command.name), command.callback, help=command.help)

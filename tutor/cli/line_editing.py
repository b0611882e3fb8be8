"""Tab completion at the plain terminal's prompt (`shell`, `learn`), from the simulated world.

The TUI's command line completes programs, docker commands, flags, images, repositories and paths
(tutor.ui.completion, pure: no Textual); at these prompts Tab inserted a tab character. readline
asks ``completer(text, state)`` for the word before the cursor; the words are split on spaces, as
``complete`` splits them. Nothing here reads the real disk: every candidate comes from the world.
"""

from __future__ import annotations

from collections.abc import Callable

DELIMITERS = " \t\n"  # tutor.ui.completion.complete splits the line on spaces alone


def completer_for(get_world: Callable[[], object], line_buffer: Callable[[], str]):
    """readline's completer: ``line_buffer()`` is the line up to the cursor, ``get_world()`` the world now."""
    from tutor.ui.completion import complete

    matches: list[str] = []

    def completer(text: str, state: int) -> str | None:
        if state == 0:
            try:
                matches[:] = complete(line_buffer(), get_world()).candidates
            except Exception:  # noqa: BLE001 - a completion that fails is no completion, never a traceback
                matches[:] = []
            if len(matches) == 1 and not matches[0].endswith(("/", ":")):
                matches[0] += " "  # a whole word: on to the next (Python's readline appends nothing itself)
        return matches[state] if state < len(matches) else None

    return completer


def tab_completes(get_world: Callable[[], object]) -> bool:
    """Make Tab complete from ``get_world()`` at input() prompts; False when there is no readline."""
    try:
        import readline
    except ImportError:  # a platform without it: Tab stays a character
        return False
    readline.set_completer_delims(DELIMITERS)
    readline.set_completer(completer_for(get_world, lambda: readline.get_line_buffer()[: readline.get_endidx()]))
    if "libedit" in (readline.__doc__ or ""):  # macOS's Python
        readline.parse_and_bind("bind ^I rl_complete")
    else:
        readline.parse_and_bind("tab: complete")
    return True

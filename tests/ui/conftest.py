"""Shared fixtures for the TUI tests: a fixed lesson pack, a fresh progress folder, typing helpers."""

from __future__ import annotations

from pathlib import Path

import pytest

FIXTURE_PACK = Path(__file__).parent / "fixtures" / "pack"

@pytest.fixture(autouse=True)
def _quiet_environment(monkeypatch, tmp_path):
    """No real user data touched; cursors that never blink
    (a snapshot taken mid-blink differs from one taken a moment later)."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.setenv("REGISTRY_TUTOR_DATA", str(tmp_path / "data"))
    from tutor.ui.screenshot import steady_cursors

    with steady_cursors():
        yield


@pytest.fixture
def lessons():
    from tutor.lessons.catalog import load_pack

    return list(load_pack(FIXTURE_PACK).lessons)


@pytest.fixture
def make_app(tmp_path, lessons):
    """TutorApp on the fixture pack, with its progress and saved worlds under tmp_path."""
    from tutor.ui.app import TutorApp

    def make(**kwargs):
        kwargs.setdefault("lessons", lessons)
        kwargs.setdefault("progress_root", tmp_path / "progress")
        kwargs.setdefault("worlds_dir", tmp_path / "worlds")
        return TutorApp(**kwargs)

    return make


async def type_text(pilot, text: str) -> None:
    """Type ``text`` key by key, as a learner would."""
    await pilot.press(*text)  # Pilot turns "-", " ", "/" … into their key names


async def run_command(pilot, line: str) -> None:
    """Enter a command line: the text is pasted into the focused command input, then Enter.

    (Typing key by key costs a screen update a key; `type_text` does that where typing itself
    is what a test is about: history, completion, a learner's first command.)
    """
    from tutor.ui.widgets.command_input import CommandInput

    command = pilot.app.screen.query_one(CommandInput)
    command.focus()
    command.value = line
    command.cursor_position = len(line)
    await pilot.press("enter")
    await settle(pilot)


async def settle(pilot) -> None:
    """Wait until every queued command has run (they run one by one in a worker thread)."""
    screen = pilot.app.screen
    for _ in range(500):
        await pilot.pause()
        if not getattr(screen, "busy", False):
            break
        await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def open_first_lesson(pilot):
    """From the home screen, Enter: the first lesson's screen, its first commands' queue settled."""
    from tutor.ui.screens.home import HomeScreen
    from tutor.ui.screens.lesson import LessonScreen

    await pilot.pause()
    assert isinstance(pilot.app.screen, HomeScreen)
    await pilot.press("enter")
    await settle(pilot)
    assert isinstance(pilot.app.screen, LessonScreen)
    return pilot.app.screen


async def open_sandbox(pilot):
    """From the home screen, s: the sandbox, with the command line focused."""
    from tutor.ui.screens.sandbox import SandboxScreen
    from tutor.ui.widgets.command_input import CommandInput

    await pilot.pause()
    await pilot.press("s")
    await settle(pilot)
    assert isinstance(pilot.app.screen, SandboxScreen)
    assert isinstance(pilot.app.focused, CommandInput)
    return pilot.app.screen

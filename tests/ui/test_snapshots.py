"""Snapshots of the main screens at 80x24 and 120x40 (pytest-textual-snapshot).

Deterministic: the fixture lesson pack, a fresh progress folder, the simulator's fixed
digests, no clock on screen, and no notification toasts in view when the picture is taken.
Update them with ``pytest tests/ui/test_snapshots.py --snapshot-update`` after a deliberate change.
"""

from __future__ import annotations

import pytest

from tests.ui.conftest import run_command, settle

SIZES = [(80, 24), (120, 40)]


async def steady_cursor(pilot) -> None:
    """The command line's cursor drawn and still: a snapshot must not depend on when the blink timer fired."""
    from textual.widgets import Input

    for widget in pilot.app.screen.query(Input):
        widget.cursor_blink = False  # Input shows its cursor and stops the blink timer
    await pilot.pause()


@pytest.fixture
def snapshot_app(make_app):
    def make():
        app = make_app()
        app.animation_level = "none"  # no fade caught half-way
        app.progress.record_started("first-push")  # one lesson in progress, one new
        return app

    return make


async def still(pilot) -> None:
    """Every queued command done (they run in a worker), focus moves finished, and the cursor steady."""
    await settle(pilot)
    await pilot.wait_for_scheduled_animations()
    await scrolled_and_focused(pilot)
    await steady_cursor(pilot)
    await settle(pilot)
    await scrolled_and_focused(pilot)


async def scrolled_and_focused(pilot) -> None:
    """Focus moves and scroll-into-view run after refreshes, a round at a time (more rounds on a
    busy machine): pause until the focus and every scroll position stay the same across two rounds."""
    previous = None
    for _ in range(50):
        await pilot.pause()
        screen = pilot.app.screen
        if not getattr(screen, "drawn", True):  # a lesson page's Markdown still laying out
            previous = None
            continue
        state = (
            screen.focused,
            tuple((id(w), w.scroll_offset) for w in screen.query("*") if w.is_scrollable),
        )
        if state == previous:
            return
        previous = state


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_home(snap_compare, snapshot_app, size):
    async def settle(pilot):
        await still(pilot)

    assert snap_compare(snapshot_app(), terminal_size=size, run_before=settle)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_lesson(snap_compare, snapshot_app, size):
    async def open_and_try(pilot):
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        # a first try that does not reach the goal yet: output, picture highlight, ✗ in the checklist
        await run_command(pilot, "docker build -t myapp1 .")
        await still(pilot)

    assert snap_compare(snapshot_app(), terminal_size=size, run_before=open_and_try)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_sandbox(snap_compare, snapshot_app, size):
    async def push_something(pilot):
        await pilot.pause()
        await pilot.press("s")
        await pilot.pause()
        await run_command(pilot, "docker build -q -t localhost:5000/myapp1:1.0 ~/myapp1")
        await run_command(pilot, "docker push localhost:5000/myapp1:1.0")
        await still(pilot)

    assert snap_compare(snapshot_app(), terminal_size=size, run_before=push_something)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_lesson_quiz(snap_compare, snapshot_app, size):
    """A quiz on screen, moved to: every choice and the way to answer in view (issue 9, point 4)."""

    async def to_the_quiz(pilot):
        await pilot.pause()
        await pilot.press("enter")
        await still(pilot)
        await run_command(pilot, "docker build -t localhost:5000/myapp1:1.0 .")
        await pilot.press("enter")  # the learner goes on: the quiz waits on the page
        await still(pilot)
        await pilot.press("enter")  # and moves to it
        await still(pilot)

    assert snap_compare(snapshot_app(), terminal_size=size, run_before=to_the_quiz)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_lesson_task_done(snap_compare, snapshot_app, size):
    """A finished task stays: ✓, score, explanation and the Next button (issue 9, point 1)."""

    async def solve(pilot):
        await pilot.pause()
        await pilot.press("enter")
        await still(pilot)
        await run_command(pilot, "docker build -t localhost:5000/myapp1:1.0 .")
        await still(pilot)

    assert snap_compare(snapshot_app(), terminal_size=size, run_before=solve)

"""Snapshots of the main screens at 80x24 and 120x40 (pytest-textual-snapshot).

Deterministic: the fixture lesson pack, a fresh progress folder, the simulator's fixed
digests, no clock on screen, and no notification toasts in view when the picture is taken.
Update them with ``pytest tests/ui/test_snapshots.py --snapshot-update`` after a deliberate change.
"""

from __future__ import annotations

import pytest

from tests.ui.conftest import run_command

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


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_home(snap_compare, snapshot_app, size):
    async def settle(pilot):
        await pilot.pause()

    assert snap_compare(snapshot_app(), terminal_size=size, run_before=settle)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_lesson(snap_compare, snapshot_app, size):
    async def open_and_try(pilot):
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        # a first try that does not reach the goal yet: output, picture highlight, ✗ in the checklist
        await run_command(pilot, "docker build -t myapp1 .")
        await pilot.pause(0.2)
        await steady_cursor(pilot)

    assert snap_compare(snapshot_app(), terminal_size=size, run_before=open_and_try)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_sandbox(snap_compare, snapshot_app, size):
    async def push_something(pilot):
        await pilot.pause()
        await pilot.press("s")
        await pilot.pause()
        await run_command(pilot, "docker build -q -t localhost:5000/myapp1:1.0 ~/myapp1")
        await run_command(pilot, "docker push localhost:5000/myapp1:1.0")
        await pilot.pause(0.2)
        await steady_cursor(pilot)

    assert snap_compare(snapshot_app(), terminal_size=size, run_before=push_something)

"""The README's screenshot is what `python -m tutor.ui.screenshot` draws today (fails when it is stale)."""

from __future__ import annotations

from tutor.ui.screenshot import COMMITTED, normalised, render_svg


async def test_the_committed_screenshot_is_up_to_date():
    fresh = normalised(await render_svg())
    committed = normalised(COMMITTED.read_text(encoding="utf-8"))
    assert committed == fresh, "assets/lesson-screen.svg is stale: run `python -m tutor.ui.screenshot`"
    assert "`" not in fresh  # inline code is drawn as code, never as raw backticks


async def test_two_renderings_are_identical():
    assert await render_svg() == await render_svg()

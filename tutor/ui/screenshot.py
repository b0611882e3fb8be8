"""Make ``assets/lesson-screen.svg``, the README's picture of the lesson screen — the one way to make it.

Run:  python -m tutor.ui.screenshot [OUTPUT]        (default: assets/lesson-screen.svg in the checkout)
      python -m tutor.ui.screenshot --check         (exit 1 when the committed picture is stale)

A Pilot run of the real first lesson at 120x40: the learner has looked at the images and tagged one
`latest` on the laptop, but not pushed yet, so the goal shows one ✓ and one ✗. Cursors do not blink
(``steady_cursors``) and progress goes to a throw-away folder, so the same code draws the same picture.
"""

from __future__ import annotations

import asyncio
import contextlib
import re
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

SIZE = (120, 40)
COMMITTED = Path(__file__).resolve().parents[2] / "assets" / "lesson-screen.svg"
_RICH_ID = re.compile(r"terminal-\d+")


@contextlib.contextmanager
def steady_cursors() -> Iterator[None]:
    """Every Input made inside shows a steady cursor: a blink caught half-way would change the picture."""
    from textual.widgets import Input

    original = Input.__init__

    def steady_init(self, *args, **kwargs) -> None:
        original(self, *args, **kwargs)
        self.cursor_blink = False

    Input.__init__ = steady_init
    try:
        yield
    finally:
        Input.__init__ = original


async def render_svg() -> str:
    from tutor.ui.app import TutorApp

    with tempfile.TemporaryDirectory(prefix="screenshot-") as scratch, steady_cursors():
        app = TutorApp(progress_root=Path(scratch) / "progress", worlds_dir=Path(scratch) / "worlds")
        app.animation_level = "none"
        async with app.run_test(size=SIZE) as pilot:
            await app.workers.wait_for_complete()
            await pilot.pause()
            await pilot.press("enter")
            await pilot.pause()
            app.screen.submit("docker images")
            app.screen.submit("docker tag localhost:5000/myapp1:1.0 localhost:5000/myapp1:latest")
            while getattr(app.screen, "busy", False):  # commands run one by one in a worker thread
                await app.workers.wait_for_complete()
                await pilot.pause()
            await pilot.pause(0.3)
            return app.export_screenshot()


def normalised(svg: str) -> str:
    """The picture without Rich's content-hash ids, for comparing two renderings."""
    return _RICH_ID.sub("terminal-ID", svg)


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    svg = asyncio.run(render_svg())
    if args[:1] == ["--check"]:
        if COMMITTED.is_file() and normalised(COMMITTED.read_text(encoding="utf-8")) == normalised(svg):
            print(f"{COMMITTED} is up to date")
            return 0
        print(f"{COMMITTED} is stale: run `python -m tutor.ui.screenshot`", file=sys.stderr)
        return 1
    output = Path(args[0]) if args else COMMITTED
    output.write_text(svg, encoding="utf-8")
    print(f"wrote {output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

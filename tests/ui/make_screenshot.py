"""Make assets/lesson-screen.svg, the README's picture of the lesson screen.

Run:  python -m tests.ui.make_screenshot [OUTPUT]

A Pilot run of the real first lesson at 120x40: the learner has looked at the images
and tagged one `latest` on the laptop, but not pushed yet, so the goal shows one ✓ and one ✗.
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


async def make(output: Path) -> None:
    from tutor.ui.app import TutorApp

    app = TutorApp(progress_root=Path(tempfile.mkdtemp(prefix="screenshot-progress-")))
    app.animation_level = "none"
    async with app.run_test(size=(120, 40)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        app.screen.submit("docker images")
        app.screen.submit("docker tag localhost:5000/myapp1:1.0 localhost:5000/myapp1:latest")
        await pilot.pause(0.3)
        app.save_screenshot(filename=output.name, path=str(output.parent))


def main() -> None:
    output = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "assets" / "lesson-screen.svg"
    asyncio.run(make(output))
    print(f"wrote {output}")


if __name__ == "__main__":
    main()

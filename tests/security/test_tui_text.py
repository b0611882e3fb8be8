"""Issue 16 in the TUI: pack and lesson titles are shown as text (no markup parsed, no escape sent).

`\\e[2J` in a pack blanked the TUI; a title holding `[/bold]` is Rich/Textual markup that does not parse.
Lesson text cannot hold control characters any more (the loader refuses them, see test_sanitise), but a
folder's name, used as the pack title and in load errors, can.
"""

from __future__ import annotations

import textwrap

from tests.security.cli_run import raw_controls
from tutor.ui.app import TutorApp
from tutor.ui.safe import safe_markup

LESSON = textwrap.dedent("""\
    id: tiny
    title: "[/bold] Tags [red]and labels"
    summary: A tiny lesson.
    steps:
      - task:
          id: make-file
          prompt: Make a file.
          goal:
            - file_contains: {path: ~/notes.txt, text: hello}
          hints: [Use echo.]
          solution:
            - echo hello > ~/notes.txt
          explanation: Done.
    """)


def _plain(title) -> str:
    return getattr(title, "plain", str(title))


def test_safe_markup_shows_text_and_escapes():
    from textual.markup import to_content

    assert to_content(safe_markup("[/bold] x \x1b[2J")).plain == "[/bold] x \\x1b[2J"


async def test_markup_in_pack_and_lesson_titles_is_shown_not_parsed(tmp_path):
    pack = tmp_path / "pack"
    pack.mkdir()
    (pack / "01-tiny.yaml").write_text(LESSON, encoding="utf-8")
    (pack / "pack.yaml").write_text('title: "[/bold] Workshop [link=https://evil.example]day 1"\n',
                                    encoding="utf-8")
    app = TutorApp(pack=str(pack), progress_root=tmp_path / "progress", worlds_dir=tmp_path / "worlds")
    async with app.run_test(size=(120, 40)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        title = app.screen.query_one("#lessons-pane").border_title
        assert "registry-tutor · [/bold] Workshop [link=https://evil.example]day 1" in _plain(
            app.screen.query_one("#lessons-pane")._border_title)
        assert title is not None
        await pilot.press("enter")
        await pilot.pause()
        narrative = app.screen.query_one("#narrative")
        assert _plain(narrative._border_title) == "Lesson 1 · [/bold] Tags [red]and labels"


async def test_a_broken_pack_in_a_folder_named_with_escapes_reports_safely(tmp_path):
    pack = tmp_path / "pack\x1b]2;pwned\x07"
    pack.mkdir()
    (pack / "01-bad.yaml").write_text("id: Bad Id\n", encoding="utf-8")
    app = TutorApp(pack=str(pack), progress_root=tmp_path / "progress", worlds_dir=tmp_path / "worlds")
    async with app.run_test(size=(120, 40)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        options = app.screen.query_one("#lessons")
        text = str(options.get_option_at_index(0).prompt)
        assert text.startswith("Could not load the lessons")
        assert "pack\\x1b]2;pwned\\x07" in text and raw_controls(text) == []
        border = _plain(app.screen.query_one("#lessons-pane")._border_title)
        assert raw_controls(border) == []

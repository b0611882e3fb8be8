"""Pilot tests for what a new learner ran into, trying the TUI wrong things first (80x24 and 120x40).

Each test says how a learner meets the problem and asserts what they see on the screen.
Commands run in a worker thread: ``settle`` waits until the queue is empty, never for a fixed time.
"""

from __future__ import annotations

from tests.ui.conftest import open_first_lesson, open_sandbox, run_command, settle, type_text

LONG_LINE = "docker tag localhost:5000/myapp1:1.0 localhost:5000/myapp1:2.0-ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def screen_lines(app) -> list[str]:
    """The text of every row of the screen, as the terminal shows it."""
    update = app.screen._compositor.render_full_update()
    return ["".join(segment.text for strip in row for segment in strip) for row in update.strips]


def command_row(app) -> str:
    """The screen row holding the command line (the prompt and what is typed)."""
    command = app.screen.terminal.input
    return screen_lines(app)[command.region.y]






# --- the command line shows the end of what is typed, and its cursor ------------------------------


async def test_at_80_columns_the_end_of_a_long_typed_line_and_the_cursor_stay_in_view(make_app):
    """The input took 100% of its row beside the prompt, so its last columns (as many as the prompt is
    wide: 11 in a lesson) and the cursor were drawn under the panel's border: what was typed last was hidden."""
    async with make_app().run_test(size=(80, 24)) as pilot:
        screen = await open_first_lesson(pilot)
        await type_text(pilot, LONG_LINE)
        command = screen.terminal.input
        assert command.region.right <= screen.terminal.content_region.right
        row = command_row(pilot.app)
        assert "~/myapp1 $" in row and "UVWXYZ" in row  # the last letters typed are on screen
        assert command.cursor_screen_offset.x < command.region.right  # the cursor is drawn in the panel


async def test_the_command_palette_does_not_restyle_the_command_line(make_app):
    """Textual's palette styles every widget named CommandInput: after one ctrl+p the prompt and the typed
    text ran together (``~ $docker``)."""
    async with make_app().run_test(size=(120, 40)) as pilot:
        await open_sandbox(pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await type_text(pilot, "und")
        await pilot.press("escape")
        await pilot.pause()
        await pilot.resize_terminal(80, 24)
        await type_text(pilot, "docker images")
        await pilot.pause()
        assert "~ $ docker images" in command_row(pilot.app)


# --- resizing the window mid-lesson --------------------------------------------------------------


async def test_after_the_window_shrinks_the_newest_output_is_in_view_and_wrapped_to_the_new_width(make_app):
    """Resized from 120x40 to 80x24, the terminal showed older lines with the newest output scrolled out of
    view, and lines wrapped for 120 columns were cut off at the border (a horizontal scrollbar)."""
    missing = "docker pull localhost:5000/myapp1:does-not-exist-in-this-library"
    async with make_app().run_test(size=(120, 40)) as pilot:
        screen = await open_first_lesson(pilot)
        for _ in range(12):
            await run_command(pilot, "docker images")
        await run_command(pilot, missing)
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        await pilot.pause()
        log = screen.terminal.log_widget
        assert log.max_scroll_x == 0  # every line fits: nothing is cut off at the border
        assert log.scroll_y == log.max_scroll_y
        shown = "".join(screen_lines(pilot.app)[log.region.y : log.region.bottom])
        assert "not found" in shown  # the end of the error, the newest line, is on screen
        await pilot.resize_terminal(120, 40)
        await pilot.pause()
        await pilot.pause()
        assert log.scroll_y == log.max_scroll_y
        assert "not found" in "".join(screen_lines(pilot.app)[log.region.y : log.region.bottom])


async def test_a_learner_scrolled_back_in_the_terminal_stays_there_when_the_window_grows(make_app):
    """Following the newest line is for a terminal showing it; one scrolled back to read keeps its place."""
    async with make_app().run_test(size=(80, 24)) as pilot:
        screen = await open_sandbox(pilot)
        for _ in range(20):
            await run_command(pilot, "docker images")
        log = screen.terminal.log_widget
        await pilot.press("pageup")
        await pilot.pause()
        assert log.scroll_y < log.max_scroll_y
        await pilot.resize_terminal(84, 26)
        await pilot.pause()
        await pilot.pause()
        assert log.scroll_y < log.max_scroll_y


# --- ctrl+c at the prompt --------------------------------------------------------------------------


async def test_ctrl_c_drops_the_typed_line_as_a_shell_does(make_app):
    """ctrl+c on a half-typed command kept the line and only said how to quit the app."""
    async with make_app().run_test(size=(80, 24)) as pilot:
        screen = await open_first_lesson(pilot)
        await type_text(pilot, "docker push localhost:5000/myapp1:lat")
        await pilot.press("ctrl+c")
        await settle(pilot)
        assert screen.terminal.input.value == ""
        assert screen.terminal.lines()[-1] == "~/myapp1 $ docker push localhost:5000/myapp1:lat^C"
        assert screen.session.commands_typed == 0  # dropped, never run
        assert not pilot.app._notifications  # no "do you want to quit?"
        await pilot.press("up")  # the dropped line is not history, as in bash
        assert screen.terminal.input.value == ""


async def test_ctrl_c_on_an_empty_line_still_says_how_to_quit(make_app):
    async with make_app().run_test(size=(80, 24)) as pilot:
        await open_sandbox(pilot)
        await pilot.press("ctrl+c")
        await pilot.pause()
        assert any("quit" in note.message for note in pilot.app._notifications)


# --- answering a quiz with the wrong key ------------------------------------------------------------

BUILD = "docker build -t localhost:5000/myapp1:1.0 ."


async def test_a_key_that_names_no_choice_says_which_keys_answer_and_digits_pick(make_app):
    """On the lesson's quiz, z, c (with two choices) or 9 did nothing at all: no answer and no word why.
    Plain mode numbers the choices, so digits pick here too."""
    from tutor.ui.widgets.quiz_card import QuizCard

    async with make_app().run_test(size=(80, 24)) as pilot:
        screen = await open_first_lesson(pilot)
        await run_command(pilot, BUILD)
        await pilot.press("enter")  # go on to the quiz
        await settle(pilot)
        await pilot.press("enter")  # move into it
        await pilot.pause()
        card = screen.query_one(QuizCard)
        for key in ("z", "c", "9", "question_mark"):
            await pilot.press(key)
            await pilot.pause()
            how = str(card.query_one("#quiz-how").render())
            assert "is not one of the choices: press a–b (or 1–2), or ↑↓ and Enter." in how
            assert screen.session.quiz_outcome is None  # nothing answered, nothing recorded
        assert str(card.query_one("#quiz-how").render()).startswith("? is not")
        await pilot.press("2")
        await pilot.pause()
        assert screen.session.quiz_outcome is not None and screen.session.quiz_outcome.correct
        assert "✓ Right." in card.query_one("#quiz-outcome").source


# --- saving a world to a folder's path -----------------------------------------------------------


async def test_saving_a_world_to_a_folder_says_so_and_keeps_the_dialog_open(make_app, tmp_path):
    """ctrl+s with a folder's path asked "<folder> exists. Replace it with this world?"; Replace then failed
    with "Is a directory" and the dialog, and the path typed, were gone."""
    from tutor.ui.screens.confirm import ConfirmScreen
    from tutor.ui.screens.world_file import WorldFileScreen

    folder = tmp_path / "my-worlds"
    folder.mkdir()
    async with make_app().run_test(size=(80, 24)) as pilot:
        await open_sandbox(pilot)
        await pilot.press("ctrl+s")
        await pilot.pause()
        dialog = pilot.app.screen
        assert isinstance(dialog, WorldFileScreen)
        dialog.query_one("#path").value = str(folder)
        await pilot.press("enter")
        await pilot.pause()
        assert pilot.app.screen is dialog and not isinstance(pilot.app.screen, ConfirmScreen)
        said = str(dialog.query_one("#dialog-error").render())
        assert said == f"{folder} is a folder: name a file in it, such as {folder / 'sandbox.json'}"
        assert dialog.query_one("#path").value == str(folder)  # kept, to be finished
        dialog.query_one("#path").value = str(folder / "mine.json")
        await pilot.press("enter")
        await pilot.pause()
        assert (folder / "mine.json").is_file()


# --- undo after the goal was reached -----------------------------------------------------------------


async def test_undoing_after_the_goal_holds_does_not_claim_it_still_holds(make_app):
    """After ctrl+z on the command that reached the goal, the checklist said ✗ while the line under it
    still said "✓ Goal reached · 0 commands" (the score counted again without the undone command)."""
    async with make_app().run_test(size=(120, 40)) as pilot:
        screen = await open_first_lesson(pilot)
        await run_command(pilot, BUILD)
        assert screen.session.done
        assert str(screen.query_one("#continue").render()).startswith("✓ Goal reached · 1 command")
        await pilot.press("ctrl+z")
        await settle(pilot)
        assert not screen.session.task_done() and screen.session.done  # reached once: it still counts
        said = str(screen.query_one("#continue").render())
        assert said == "✓ Goal reached earlier: it counts, though the world has changed since"
        await pilot.press("ctrl+y")
        await settle(pilot)
        assert str(screen.query_one("#continue").render()).startswith("✓ Goal reached · 1 command")


# --- the lesson list's "About this lesson" is read to its end ----------------------------------------


async def test_at_80x24_every_lesson_summary_is_shown_to_its_end(tmp_path):
    """At 80x24 the Keys panel took the side column's lower half, and the summary beside the list was cut
    mid-sentence (lesson 1 ended "You will stick a label on an edition"), "Press Enter to open it." never
    shown. When both do not fit, the Keys panel gives way (the footer shows the same keys); at 120x40 it stays."""
    from tutor.ui.app import TutorApp

    app = TutorApp(progress_root=tmp_path / "progress")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        lessons = app.screen.query_one("#lessons")
        for index in range(len(app.lesson_listing())):
            lessons.highlighted = index
            await pilot.pause()
            await pilot.pause()
            assert "Press Enter to open it." in _panel_text(app, "#lesson-info"), f"lesson {index + 1} is cut"
        await pilot.resize_terminal(120, 40)
        lessons.highlighted = 0
        await pilot.pause()
        await pilot.pause()
        assert app.screen.query_one("#start-keys").display
        assert "Press Enter to open it." in _panel_text(app, "#lesson-info")


def _panel_text(app, selector: str) -> str:
    """What the screen shows inside a panel, its wrapped lines joined with spaces."""
    region = app.screen.query_one(selector).content_region
    rows = screen_lines(app)[region.y:region.bottom]
    return " ".join(" ".join(row[region.x:region.right].split()) for row in rows)


async def test_typing_a_command_on_the_lesson_list_says_where_commands_are_typed(make_app):
    """A newcomer typed `docker images` on the lesson list: nothing said why nothing happened (and its r
    resumed a lesson). The first letter that is not a key of the list now says where commands go, once."""
    async with make_app().run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press(*"dock")
        await pilot.pause()
        hints = [n for n in pilot.app._notifications if n.title == "Where to type"]
        assert len(hints) == 1 and "commands are typed in a lesson" in hints[0].message
        await pilot.press("s")  # the list's own keys still work
        await settle(pilot)
        from tutor.ui.screens.sandbox import SandboxScreen

        assert isinstance(pilot.app.screen, SandboxScreen)

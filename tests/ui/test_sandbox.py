"""Pilot tests of the sandbox: commands change the picture; undo, engines, save and load a world."""

from __future__ import annotations

import json

from tests.ui.conftest import open_sandbox, run_command, type_text
from tutor.ui.screens.world_file import WorldFileScreen


async def test_a_build_appears_on_the_laptop_in_the_picture(make_app):
    async with make_app().run_test(size=(120, 40)) as pilot:
        screen = await open_sandbox(pilot)
        assert "(no images yet" in screen.picture.text()
        await run_command(pilot, "docker build -t myapp1 ~/myapp1")
        picture = screen.picture.text()
        assert "myapp1:latest" in picture
        assert "Your laptop  1 image" in picture
        assert any(note.startswith("built image ") for note in screen.picture.notes)
        assert "~ $ docker build -t myapp1 ~/myapp1" in screen.terminal.lines()


async def test_a_push_makes_a_shelf_and_moving_latest_is_called_out(make_app):
    async with make_app().run_test(size=(120, 40)) as pilot:
        screen = await open_sandbox(pilot)
        await run_command(pilot, "cd myapp1 && docker build -t localhost:5000/myapp1 .")
        await run_command(pilot, "docker push localhost:5000/myapp1")
        assert "new shelf myapp1 in localhost:5000 (created by its first push)" in screen.picture.notes
        text = screen.picture.text()
        assert "shelf myapp1  1 edition  ← new shelf" in text
        old = screen.world.registry("localhost:5000").repository("myapp1").tags["latest"]
        # a new edition: change the app, rebuild, push `latest` again
        await run_command(pilot, "echo 'print(\"2.0\")' >> app.py")
        await run_command(pilot, "docker build -t localhost:5000/myapp1 .")
        await run_command(pilot, "docker push localhost:5000/myapp1")
        new = screen.world.registry("localhost:5000").repository("myapp1").tags["latest"]
        assert new != old
        notes = screen.picture.notes
        assert f"`latest` moved from {old[7:15]} to {new[7:15]} (shelf myapp1)" in notes
        assert any(f"edition {old[7:15]} on shelf myapp1 has no label left" in n for n in notes)
        text = screen.picture.text()
        # too long for the picture's width: the mark goes on a row of its own, under its edition
        assert f"▣ {new[7:15]}  [latest]\n      ← new edition; [latest] moved here" in text
        assert (
            f"▢ {old[7:15]}  no label\n      pullable by digest until GC\n      ← lost its last label" in text
        )


async def test_a_version_push_says_latest_did_not_move(make_app):
    async with make_app().run_test(size=(120, 40)) as pilot:
        screen = await open_sandbox(pilot)
        await run_command(pilot, "cd myapp1 && docker build -t localhost:5000/myapp1:1.0 -t localhost:5000/myapp1 .")
        await run_command(pilot, "docker push localhost:5000/myapp1:1.0 && docker push localhost:5000/myapp1")
        await run_command(pilot, "echo '# v2' >> app.py && docker build -t localhost:5000/myapp1:2.0 .")
        await run_command(pilot, "docker push localhost:5000/myapp1:2.0")
        latest = screen.world.registry("localhost:5000").repository("myapp1").tags["latest"]
        assert (
            f"`latest` did not move: it is still on {latest[7:15]} (only a push naming latest moves it)"
            in screen.picture.notes
        )


async def test_undo_redo_and_a_fresh_world(make_app):
    async with make_app().run_test(size=(120, 40)) as pilot:
        screen = await open_sandbox(pilot)
        await run_command(pilot, "docker build -t myapp1 ~/myapp1")
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert "myapp1:latest" not in screen.picture.text()
        await pilot.press("ctrl+y")
        await pilot.pause()
        assert "myapp1:latest" in screen.picture.text()
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert "myapp1:latest" not in screen.picture.text()
        await pilot.press("ctrl+z")  # the fresh world can be undone too
        await pilot.pause()
        assert "myapp1:latest" in screen.picture.text()


async def test_switching_the_engine_profile(make_app):
    async with make_app().run_test(size=(120, 40)) as pilot:
        screen = await open_sandbox(pilot)
        assert screen.world.profile == "current"
        await pilot.press("f4")
        await pilot.pause()
        assert screen.engine == "classic" and screen.world.profile == "classic"
        assert "engine: classic" in screen.terminal.border_subtitle
        await run_command(pilot, "docker images")
        assert "REPOSITORY   TAG       IMAGE ID   CREATED   SIZE" in screen.terminal.lines()
        # a dangling image is drawn the classic way
        await run_command(pilot, "docker build -t a ~/myapp1 && docker rmi a")
        await run_command(pilot, "docker build -t b ~/myapp1 && echo x >> ~/myapp1/app.py && docker build -t b ~/myapp1")
        assert "<none>:<none>" in screen.picture.text()


async def test_save_and_load_a_world(make_app, tmp_path):
    async with make_app().run_test(size=(120, 40)) as pilot:
        screen = await open_sandbox(pilot)
        await run_command(pilot, "docker build -t myapp1 ~/myapp1")
        await pilot.press("ctrl+s")
        await pilot.pause()
        dialog = pilot.app.screen
        assert isinstance(dialog, WorldFileScreen)
        target = tmp_path / "worlds" / "sandbox.json"
        assert dialog.query_one("#path").value == str(target)
        await pilot.press("enter")
        await pilot.pause()
        assert pilot.app.screen is screen
        saved = json.loads(target.read_text())
        assert saved["profile"] == "current"
        await run_command(pilot, "docker rmi myapp1")
        assert "myapp1:latest" not in screen.picture.text()
        await pilot.press("ctrl+o")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert "myapp1:latest" in screen.picture.text()
        assert any(line.startswith("» loaded") for line in screen.terminal.lines())


async def test_ctrl_c_cancels_the_save_and_load_dialogs(make_app, tmp_path):
    """ctrl+c in the file dialog did nothing at all (its text box took it as "copy"); it cancels now, as it
    cancels a prompt in a terminal, and nothing is saved or loaded."""
    async with make_app().run_test(size=(80, 24)) as pilot:
        screen = await open_sandbox(pilot)
        for key in ("ctrl+s", "ctrl+o"):
            await pilot.press(key)
            await pilot.pause()
            assert isinstance(pilot.app.screen, WorldFileScreen)
            await pilot.press("ctrl+c")
            await pilot.pause()
            assert pilot.app.screen is screen
        assert not (tmp_path / "worlds" / "sandbox.json").exists()


async def test_loading_a_missing_or_broken_file_says_why(make_app, tmp_path):
    broken = tmp_path / "broken.json"
    broken.write_text("{not json")
    async with make_app().run_test(size=(120, 40)) as pilot:
        await open_sandbox(pilot)
        await pilot.press("ctrl+o")
        await pilot.pause()
        dialog = pilot.app.screen
        dialog.query_one("#path").value = str(tmp_path / "nope.json")
        await pilot.press("enter")
        await pilot.pause()
        assert pilot.app.screen is dialog
        assert "No file at" in str(dialog.query_one("#dialog-error").render())
        dialog.query_one("#path").value = str(broken)
        await pilot.press("enter")
        await pilot.pause()
        assert any("is not a saved world" in n.message for n in pilot.app._notifications)


async def test_history_and_tab_completion(make_app):
    async with make_app().run_test(size=(120, 40)) as pilot:
        screen = await open_sandbox(pilot)
        command = screen.terminal.input
        await type_text(pilot, "doc")
        await pilot.press("tab")
        assert command.value == "docker "
        await type_text(pilot, "bui")
        await pilot.press("tab")
        assert command.value.startswith("docker build")
        command.value = ""
        await run_command(pilot, "docker build -t myapp1 ~/myapp1")
        await run_command(pilot, "docker tag myapp1 localhost:5000/myapp1:1.0")
        await type_text(pilot, "docker push loc")
        await pilot.press("tab")
        assert command.value == "docker push localhost:5000/myapp1:1.0 "
        command.value = ""
        # several choices: they are listed in the log, as bash lists them
        await type_text(pilot, "ls ~/myapp2")
        await pilot.press("tab")
        await pilot.pause()
        assert command.value == "ls ~/myapp2"
        assert any("~/myapp2/" in line and "~/myapp20/" in line for line in screen.terminal.lines())
        command.value = ""
        await pilot.press("up")
        assert command.value == "docker tag myapp1 localhost:5000/myapp1:1.0"
        await pilot.press("up")
        assert command.value == "docker build -t myapp1 ~/myapp1"
        await pilot.press("down", "down")
        assert command.value == ""


async def test_stderr_is_drawn_apart_from_stdout(make_app):
    async with make_app().run_test(size=(120, 40)) as pilot:
        screen = await open_sandbox(pilot)
        await run_command(pilot, "docker pull localhost:5000/nothing")
        log = screen.terminal.log_widget
        error_lines = [strip for strip in log.lines if "Error response from daemon" in strip.text]
        out_lines = [strip for strip in log.lines if "Using default tag: latest" in strip.text]
        assert error_lines and out_lines

        def colours(strips):
            return {segment.style.color for strip in strips for segment in strip if segment.text.strip() and segment.style}

        assert colours(error_lines) and colours(error_lines).isdisjoint(colours(out_lines))


async def test_escape_clears_a_half_typed_command_before_leaving(make_app):
    async with make_app().run_test(size=(120, 40)) as pilot:
        screen = await open_sandbox(pilot)
        await type_text(pilot, "docker pu")
        await pilot.press("escape")
        assert screen.terminal.input.value == ""
        assert pilot.app.screen is screen
        await pilot.press("escape")
        await pilot.pause()
        assert type(pilot.app.screen).__name__ == "HomeScreen"


async def test_exit_closes_the_terminal(make_app):
    async with make_app().run_test(size=(120, 40)) as pilot:
        await open_sandbox(pilot)
        await run_command(pilot, "exit")
        assert type(pilot.app.screen).__name__ == "HomeScreen"


TYPED = "echo [bold red]hi[/] [link=https://x.example]y[/link] \x1b[2J \u202eab"
SHOWN = "echo [bold red]hi[/] [link=https://x.example]y[/link] \\x1b[2J \\u202eab"


def _echoed_literally(screen) -> None:
    from rich.style import Style

    assert f"~ $ {SHOWN}" in screen.terminal.lines()
    echoed = next(strip for strip in screen.terminal.log_widget.lines if "[bold red]" in strip.text)
    # one look for the whole command line (the prompt's): no span turned red, bold-only or into a link
    styles = {seg.style for seg in echoed if seg.text.strip()}
    assert len(styles) == 1 and not (styles.pop() or Style()).link
    assert all("\x1b" not in seg.text and "\u202e" not in seg.text for seg in echoed)


async def test_a_pasted_line_with_markup_and_escapes_is_shown_and_echoed_literally(make_app):
    """A paste lands in the command line as text: an ESC (a screen wipe) or a bidi override shows as its
    escape in the input box, which would otherwise draw it raw, and Rich markup stays text (issue 16)."""
    from textual import events

    from tests.ui.conftest import settle

    async with make_app().run_test(size=(160, 40)) as pilot:
        screen = await open_sandbox(pilot)
        command = screen.terminal.input
        command.post_message(events.Paste(TYPED))
        await pilot.pause()
        assert command.value == SHOWN
        drawn = "".join(seg.text for y in range(command.size.height) for seg in command.render_line(y))
        assert "\x1b" not in drawn and "[bold red]hi" in drawn
        await pilot.press("enter")
        await settle(pilot)
        _echoed_literally(screen)


async def test_a_line_holding_escapes_is_echoed_visibly(make_app):
    """However a line reaches the command (typed, recalled, pasted over several lines), the log shows it
    as text: Terminal.echo_command shows escapes, never sends them."""
    from textual import events

    from tests.ui.conftest import settle

    async with make_app().run_test(size=(160, 40)) as pilot:
        screen = await open_sandbox(pilot)
        await run_command(pilot, TYPED)
        _echoed_literally(screen)
        screen.terminal.clear()
        screen.terminal.input.post_message(events.Paste(TYPED + "\n"))
        await settle(pilot)
        _echoed_literally(screen)


async def test_save_and_load_messages_show_markup_and_escapes_in_names_as_text(make_app, tmp_path):
    """A world saved under a name holding `[/bold]` (Textual markup that does not parse) or an ESC, and a
    world file whose error quotes such a key: the notice shows them as text and the app keeps running."""
    from textual.content import Content

    from tests.security.cli_run import raw_controls
    from tutor.sim.world import World
    from tutor.sim.worldfile import dump_world

    named = tmp_path / "[/bold]w\x1b[2J.json"
    broken = tmp_path / "broken.json"
    broken.write_text(dump_world(World.default()).replace("{", '{"[/bold]\\u202ekey": "\\ud800", ', 1))
    async with make_app().run_test(size=(120, 40)) as pilot:
        pilot.app.NOTIFICATION_TIMEOUT = 3600  # notices are read below, however slow the machine
        await open_sandbox(pilot)
        for path in (named, broken):
            await pilot.press("ctrl+s" if path is named else "ctrl+o")
            await pilot.pause()
            pilot.app.screen.query_one("#path").value = str(path)
            await pilot.press("enter")
            await pilot.pause()
        await pilot.press("ctrl+s")  # the same name again: the dialog asks before replacing it
        await pilot.pause()
        pilot.app.screen.query_one("#path").value = str(named)
        await pilot.press("enter")
        await pilot.pause()
        question = pilot.app.screen.query_one("#dialog-title").render()
        assert f"{tmp_path}/[/bold]w\\x1b[2J.json exists" in str(question)
        await pilot.press("escape")
        await pilot.press("ctrl+o")  # a file that is not there, named with markup: the dialog says so as text
        await pilot.pause()
        dialog = pilot.app.screen
        dialog.query_one("#path").value = str(tmp_path / "[/red]nope.json")
        await pilot.press("enter")
        await pilot.pause()
        assert f"No file at {tmp_path}/[/red]nope.json" in str(dialog.query_one("#dialog-error").render())
        await pilot.press("escape")
        await pilot.pause()
        assert pilot.app.is_running and pilot.app._exception is None
        shown = [Content.from_markup(n.message).plain for n in pilot.app._notifications]
        assert f"Saved to {tmp_path}/[/bold]w\\x1b[2J.json" in shown
        assert any("[/bold]\\u202ekey: text with an unpaired \\u surrogate escape" in text for text in shown)
        assert raw_controls("".join(shown)) == []

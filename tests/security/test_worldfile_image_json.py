"""A saved world whose image config or manifest is not JSON is refused on load with one clear line, instead
of loading and then failing inside `docker images` / `docker history` (which read the config)."""

from __future__ import annotations

import json

import pytest

from tutor.sim.workspace import Workspace
from tutor.sim.world import HOME, World
from tutor.sim.worldfile import WorldFileError, dump_world, parse_world


def _world_text() -> str:
    ws = Workspace(World.default())
    ws.run(f"docker build -q -t myapp1 {HOME}/myapp1")
    return dump_world(ws.world)


@pytest.mark.parametrize("field", ["config", "manifest"])
@pytest.mark.parametrize("bad", ['{"history": [', "[]", "[" * 5000])
def test_an_image_whose_json_is_broken_is_refused(field: str, bad: str) -> None:
    tree = json.loads(_world_text())
    digest = next(iter(tree["images"]))
    tree["images"][digest][field] = bad
    with pytest.raises(WorldFileError) as caught:
        parse_world(json.dumps(tree))
    assert str(caught.value).endswith(f".{field}: not a JSON object")
    assert "\n" not in str(caught.value)


def test_an_intact_world_still_loads_and_lists_its_history() -> None:
    world = parse_world(_world_text())
    r = Workspace(world).run("docker history -q myapp1")
    assert r.ok and r.stdout[1] == "<missing>"

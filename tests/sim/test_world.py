"""Worlds as data: JSON round trips, cheap clones for undo, and determinism."""

from __future__ import annotations

import json

import pytest

from tutor.sim.shell import Shell
from tutor.sim.world import World

SCRIPT = [
    "cd ~/myapp1",
    "docker build -t localhost:5000/myapp1:1.0 .",
    "docker push localhost:5000/myapp1:1.0",
    "echo 'print(\"Hello from myapp1, version 2.0\")' > app.py",
    "docker build -t localhost:5000/myapp1:2.0 -t localhost:5000/myapp1:latest .",
    "docker push -a localhost:5000/myapp1",
    "docker run --name web localhost:5000/myapp1:2.0",
]
NEXT = ["docker images -a", "docker ps -a", "curl -s http://localhost:5000/v2/myapp1/tags/list", "history"]


def played(profile: str) -> Shell:
    shell = Shell(World.default(profile))
    for line in SCRIPT:
        assert shell.run(line).ok, line
    return shell


@pytest.mark.parametrize("profile", ["current", "classic"])
def test_a_saved_world_loads_back_and_answers_the_same(profile: str) -> None:
    original = played(profile)
    saved = json.dumps(original.world.to_dict())
    loaded = Shell(World.from_dict(json.loads(saved)))
    assert loaded.world.to_dict() == original.world.to_dict()
    for line in NEXT:
        assert loaded.run(line).output == original.run(line).output, line


def test_the_same_commands_give_the_same_digests_in_every_world() -> None:
    a, b = played("current"), played("current")
    assert a.world.to_dict() == b.world.to_dict()
    repo = a.world.registry("localhost:5000").repository("myapp1")
    assert repo.tags["latest"] == repo.tags["2.0"] != repo.tags["1.0"]


def test_a_clone_is_independent_of_its_original() -> None:
    shell = played("current")
    snapshot = shell.world.clone()
    assert shell.run("docker rmi localhost:5000/myapp1:1.0").ok
    assert shell.run("curl -s -X DELETE http://localhost:5000/v2/myapp1/manifests/latest").ok
    assert snapshot.machine.store.tag_digest("localhost:5000/myapp1", "1.0") is not None
    assert "latest" in snapshot.registry("localhost:5000").repository("myapp1").tags
    assert "latest" not in shell.world.registry("localhost:5000").repository("myapp1").tags


@pytest.mark.parametrize(
    "broken",
    [{}, {"format": 99}, {"format": 1, "images": {}, "machines": {}, "registries": {}, "profile": "x"}],
)
def test_a_malformed_world_is_refused_with_a_value_error(broken: dict) -> None:
    with pytest.raises(ValueError):
        World.from_dict(broken)

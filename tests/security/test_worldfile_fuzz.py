"""World files from anyone: mutated JSON never gives a traceback, only a clear WorldFileError.

A world that passes the checks must also work: commands run in it never end in the
simulator's "internal error" (the audit found files accepted on load that failed later).
Deterministic: a fixed seed, no timing.
"""

from __future__ import annotations

import copy
import json
import random

import pytest

from tutor.sim.workspace import Workspace
from tutor.sim.world import World
from tutor.sim.worldfile import MAX_BYTES, MAX_DEPTH, WorldFileError, dump_world, parse_world

PROBES = ["docker images", "docker image ls -a", "docker ps -a", "ls", "pwd", "cat ~/README.md",
          "docker push localhost:5000/myapp1:1.0", "docker pull localhost:5000/myapp1:1.0",
          "curl -s localhost:5000/v2/_catalog", "docker build -t t ~/myapp2", "docker inspect t"]


def _busy_world_text() -> str:
    workspace = Workspace(World.default())
    for line in ("docker build -t localhost:5000/myapp1:1.0 ~/myapp1", "docker push localhost:5000/myapp1:1.0",
                 "echo 'print(2)' >> ~/myapp1/app.py", "docker build -t localhost:5000/myapp1:1.0 ~/myapp1",
                 "docker push localhost:5000/myapp1:1.0", "docker pull alpine", "cd ~/myapp3"):
        workspace.run(line)
    return dump_world(workspace.world)


BASE = _busy_world_text()
ODD_VALUES = [None, True, 5, -1, 10**30, 1.5, "", "\x1b]52;c;Y3VybA==\x07", [], {}, [[]], {"a": {}},
              "sha256:" + "0" * 64, "/", "../../etc", 2**63]


def _paths(node, prefix=()):
    yield prefix
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _paths(value, (*prefix, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _paths(value, (*prefix, index))


def _mutate_tree(rng: random.Random) -> str:
    tree = json.loads(BASE)
    paths = [p for p in _paths(tree) if p]
    for _ in range(rng.randint(1, 3)):
        path = rng.choice(paths)
        parent = tree
        try:
            for part in path[:-1]:
                parent = parent[part]
            action = rng.random()
            if action < 0.6:
                parent[path[-1]] = copy.deepcopy(rng.choice(ODD_VALUES))
            elif isinstance(parent, dict):
                del parent[path[-1]]
            else:
                parent.append(copy.deepcopy(rng.choice(ODD_VALUES)))
        except (KeyError, IndexError, TypeError, AttributeError):  # an earlier mutation left no list to append to
            continue
    return json.dumps(tree)


def _mutate_text(rng: random.Random) -> bytes:
    data = bytearray(BASE.encode())
    for _ in range(rng.randint(1, 8)):
        at = rng.randrange(len(data))
        choice = rng.random()
        if choice < 0.4:
            data[at] = rng.randrange(256)
        elif choice < 0.6:
            del data[at: at + rng.randint(1, 200)]
        elif choice < 0.8:
            data[at:at] = rng.choice([b"NaN", b"Infinity", b"-Infinity", b"1e999", b"[" * 50, b"\xff\xfe",
                                      b'"\\ud800"', b"9" * 50, b"\x00", b"{"])
        else:
            data = data[:at]
    return bytes(data)


def _check(data: bytes | str) -> None:
    try:
        world = parse_world(data)
    except WorldFileError as exc:
        message = str(exc)
        assert message and "\n" not in message and "Traceback" not in message
        assert "\x1b" not in message  # text from the file never reaches a terminal raw
        return
    workspace = Workspace(world)
    for line in PROBES:
        result = workspace.run(line)
        text = "\n".join(t for _, t in result.output)
        assert "internal error" not in text, (line, text)


@pytest.mark.parametrize("seed", range(4))
def test_mutated_world_trees_give_clear_errors_or_working_worlds(seed):
    rng = random.Random(seed)
    for _ in range(60):
        _check(_mutate_tree(rng))


@pytest.mark.parametrize("seed", range(4))
def test_mutated_world_bytes_give_clear_errors_or_working_worlds(seed):
    rng = random.Random(1000 + seed)
    for _ in range(60):
        _check(_mutate_text(rng))


@pytest.mark.parametrize(
    ("mutate", "expected"),
    [
        (lambda d: d["machines"]["laptop"].__setitem__("home", 5), "machines.laptop.home: expected a string, found 5"),
        (lambda d: d["machines"]["laptop"].__setitem__("cwd", None), "machines.laptop.cwd: expected a string, found null"),
        (lambda d: d.__setitem__("clock", 10**15), "clock: 1000000000000000 is out of range"),
        (lambda d: d.__setitem__("clock", -5), "clock: -5 is out of range"),
        (lambda d: d.__setitem__("current", "teammate"), "current: there is no machine 'teammate'"),
        (lambda d: d["machines"]["laptop"]["tags"].__setitem__("x:1", "sha256:" + "a" * 64),
         "machines.laptop.tags.x:1: names image sha256:aaaa"),
        (lambda d: d["registries"]["localhost:5000"]["repositories"].__setitem__(
            "myapp9", {"tags": {"1.0": "sha256:" + "b" * 64}, "manifests": [], "blobs": []}),
         "registries.localhost:5000.repositories.myapp9.tags.1.0: names manifest sha256:bbbb"),
        (lambda d: d["machines"]["laptop"]["images"].append("sha256:" + "c" * 64),
         "machines.laptop.images[3]: no image sha256:cccc"),
        (lambda d: d.pop("machines"), "'machines' is missing"),
        (lambda d: d["registries"]["docker.io"].__setitem__("hub", "yes"),
         "registries.docker.io.hub: expected true or false"),
    ],
)
def test_each_wrong_field_is_named(mutate, expected):
    tree = json.loads(BASE)
    mutate(tree)
    with pytest.raises(WorldFileError) as caught:
        parse_world(json.dumps(tree))
    assert str(caught.value).startswith(expected)


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"\xff\xfe{}", "not UTF-8 text"),
        ('{"format": 1, "clock": NaN}', "NaN is not allowed"),
        ('{"format": 1, "clock": Infinity}', "Infinity is not allowed"),
        ('{"format": 1, "clock": 1e999}', "number out of range"),
        ('{"format": 1, "clock": ' + "9" * 5000 + "}", "number too large"),
        ("[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1), "nested deeper than 32 levels"),
        ("[" * 100_000, "nested deeper than 32 levels"),  # would be a RecursionError in json
        ('{"format": 1, "current": "\\ud800"}', "current: text with an unpaired"),
        ('{"format": 2}', "unsupported world format 2"),
        ("[1, 2]", "not a saved world: expected a JSON object"),
        ("{not json", "not valid JSON"),
        (b" " * (MAX_BYTES + 1), "too large"),
    ],
)
def test_hostile_text_is_refused_plainly(data, expected):
    with pytest.raises(WorldFileError) as caught:
        parse_world(data)
    assert expected in str(caught.value)


def test_a_saved_world_round_trips_through_the_checked_loader():
    assert dump_world(parse_world(BASE)) == BASE
    assert dump_world(parse_world(BASE.encode("utf-8"))) == BASE


def test_escapes_in_a_bad_field_are_shown_not_sent():
    tree = json.loads(BASE)
    tree["current"] = "\x1b]2;pwned\x07"
    with pytest.raises(WorldFileError) as caught:
        parse_world(json.dumps(tree))
    assert "\x1b" not in str(caught.value) and "\\x1b" in str(caught.value)

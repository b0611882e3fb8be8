"""The undo journal behind Workspace: undo gives back the exact world, redo the exact world after.

The fuzz test compares ``World.to_dict()`` (every field the world saves) before and after each
command with what undo and redo give back, so a field the journal misses fails here; the walk
test fails on any mutable object in a world the journal does not cover (a plain dict, list or
set that escaped adoption, or an instance of a mutable class that does not derive from
``tutor.sim.journal.Journaled``).
"""

from __future__ import annotations

import dataclasses

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.sim.test_fuzz_commands import LINES
from tutor.sim.journal import IMMUTABLE, JDict, JList, Journal, Journaled, JSet, kind_of, undo_entries
from tutor.sim.workspace import Workspace
from tutor.sim.world import World, same_state

MORE = st.sampled_from(
    [
        "ssh server", "exit", "cd ..", "cd /tmp", "mkdir -p ~/a/b", "touch ~/myapp1/new.txt", "touch ~/README.md",
        "rm -r ~/myapp2", "rm ~/README.md", "rmdir ~/a/b", "echo hi >> ~/notes.txt", "ls", "history",
        "docker run -d --name web nginx:1.27", "docker rm -f web", "docker login localhost:5000 -u me -p pw",
        "docker build -q -t localhost:5000/myapp2:2.0 ~/myapp2", "docker push -q localhost:5000/myapp2:2.0",
        "docker tag localhost:5000/myapp2:2.0 localhost:5000/myapp1:latest", "docker push localhost:5000/myapp1:latest",
        "docker pull localhost:5000/myapp2:2.0", "docker rmi localhost:5000/myapp2:2.0", "export A=1",
    ]
)  # fmt: skip


def world_with_a_server(profile: str) -> World:
    world = World.default(profile)
    world.add_machine("server")
    return world


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(["current", "classic"]), st.lists(st.one_of(LINES, MORE, MORE), min_size=1, max_size=14))
def test_undo_gives_back_the_world_before_and_redo_the_world_after(profile: str, lines: list[str]) -> None:
    ws = Workspace(world_with_a_server(profile))
    start = None  # the world before the first change: undoing everything gives it back
    points = 0
    for line in lines:
        before_world = ws.world.clone()
        before = ws.world.to_dict()
        ws.run(line)
        after = ws.world.to_dict()
        # an undo point exactly when something the learner sees changed (same_state's meaning)
        assert ws.last_changed == (not same_state(before_world, ws.world)), line
        if ws.last_changed:
            start = before if start is None else start
            points += 1
            assert ws.undo_label == line
            assert ws.undo()
            assert ws.world.to_dict() == before, line
            assert ws.redo()
            assert ws.world.to_dict() == after, line
        assert ws.world.clone().to_dict() == after  # clone copies every field
    while ws.undo():
        points -= 1
    assert points == 0
    # the looking-around commands after a change are undone with it: back to before the first change
    assert start is None or ws.world.to_dict() == start


def test_undo_after_looking_around_restores_clock_and_history_too() -> None:
    ws = Workspace(World.default())
    start = ws.world.to_dict()
    ws.run("docker build -q -t myapp1 ~/myapp1")
    ws.run("docker images")
    ws.run("ls")
    assert ws.undo()
    assert ws.world.to_dict() == start


def test_undo_right_after_a_redo_gives_back_the_clock_and_history_of_looking_around() -> None:
    """Undo, a command that only looks around (it ticks the clock, adds a history line), redo,
    undo: the last undo must give back the world as it was just before the redo, tick included.
    (Found by the model test below: the clock came back 0 instead of 7.)"""
    ws = Workspace(World.default())
    ws.run("docker build -t myapp1 ~/myapp1")
    assert ws.undo()
    ws.run("docker build myapp1 ~/myapp1")  # a usage error: nothing changes but the clock and history
    assert ws.redo_label is not None
    before_redo = ws.world.to_dict()
    assert ws.redo()
    assert ws.undo()
    assert ws.world.to_dict() == before_redo
    assert ws.redo() and ws.undo()  # and again: the step keeps what the last redo recorded
    assert ws.world.to_dict() == before_redo


def walk(value, path: str = "world", journal: Journal | None = None, found: list | None = None) -> list[str]:
    """Every place in ``value`` holding a mutable object the journal does not watch."""
    found = [] if found is None else found
    kind = type(value)
    if isinstance(value, Journaled):
        if value._journal is not journal:
            found.append(f"{path}: {kind.__name__} not attached")
        for name, item in vars(value).items():
            walk(item, f"{path}.{name}", journal, found)
    elif isinstance(value, dict):
        if kind is not JDict or value._journal is not journal:
            found.append(f"{path}: plain {kind.__name__}")
        for key, item in value.items():
            walk(item, f"{path}[{key!r}]", journal, found)
    elif isinstance(value, (set, list)):
        if kind not in (JSet, JList) or value._journal is not journal:
            found.append(f"{path}: plain {kind.__name__}")
        for item in value:
            walk(item, f"{path}[]", journal, found)
    elif isinstance(value, (tuple, frozenset)):
        for item in value:
            walk(item, f"{path}()", journal, found)
    elif dataclasses.is_dataclass(value):
        if not kind.__dataclass_params__.frozen:
            found.append(f"{path}: mutable {kind.__name__} does not derive from Journaled")
        for f in dataclasses.fields(value):
            walk(getattr(value, f.name), f"{path}.{f.name}", journal, found)
    elif kind_of(kind) != IMMUTABLE:
        found.append(f"{path}: {kind.__name__} is neither immutable nor journaled")
    return found


def test_every_mutable_object_in_a_used_world_is_journaled() -> None:
    ws = Workspace(world_with_a_server("current"))
    for line in [
        "docker build -q -t localhost:5000/myapp1:1.0 ~/myapp1", "docker push -q localhost:5000/myapp1:1.0",
        "docker run -d --name web nginx:1.27", "docker login localhost:5000 -u me -p pw", "mkdir -p ~/x/y",
        "touch ~/x/y/z", "ssh server", "docker pull localhost:5000/myapp1:1.0", "exit",
        "curl -X DELETE http://localhost:5000/v2/myapp1/manifests/1.0", "registry garbage-collect /etc/distribution/config.yml",
    ]:  # fmt: skip
        ws.run(line)
    assert walk(ws.world, journal=ws.journal) == []
    assert not ws.journal.opaque
    clone = ws.world.clone()
    assert walk(clone, journal=None) == [p for p in walk(clone, journal=None) if "plain" in p]  # plain copies


def test_a_deleted_key_comes_back_in_its_place() -> None:
    journal = Journal()
    d = journal.adopt({"a": 1, "b": 2, "c": 3})
    del d["a"]
    d.pop("b")
    d["d"] = 4
    undo_entries(journal.take())
    assert list(d.items()) == [("a", 1), ("b", 2), ("c", 3)]


def test_containers_put_into_a_journaled_world_are_journaled_too() -> None:
    journal = Journal()
    d = journal.adopt({})
    inner = d.setdefault("k", set())
    inner.add("x")
    d["l"] = [[1]]
    d["l"][0].append(2)
    assert type(inner) is JSet and type(d["l"]) is JList and type(d["l"][0]) is JList
    undo_entries(journal.take())
    assert d == {}


@dataclasses.dataclass
class Gadget:  # a mutable class that forgot to derive from Journaled
    setting: int = 0


def test_an_object_the_journal_cannot_cover_falls_back_to_clones_and_undo_stays_right() -> None:
    world = World.default()
    world.machine.gadget = Gadget()  # type: ignore[attr-defined]
    ws = Workspace(world)
    assert Gadget in ws.journal.opaque
    assert walk(ws.world, journal=ws.journal)  # and the walk names it
    before = ws.world.to_dict()
    ws.run("docker build -q -t myapp1 ~/myapp1")
    assert ws.last_changed
    assert ws.undo()
    assert ws.world.to_dict() == before


def test_copies_and_pickles_of_a_journaled_world_leave_the_journal_behind() -> None:
    import copy
    import pickle

    ws = Workspace(World.default())
    ws.run("docker build -q -t myapp1 ~/myapp1")
    for other in (copy.deepcopy(ws.world), pickle.loads(pickle.dumps(ws.world))):
        assert other.to_dict() == ws.world.to_dict()
        assert walk(other, journal=None) == [p for p in walk(other, journal=None) if "plain" in p]
        other.machine.store.tags.clear()  # changing the copy records nothing in the workspace's journal
        assert ws.journal.entries == []


def without_bookkeeping(state: dict) -> dict:
    """A world's dict without what looking around changes (clock, counter, shell history)."""
    state = {k: v for k, v in state.items() if k not in ("clock", "counter")}
    state["machines"] = {n: {k: v for k, v in m.items() if k != "history"} for n, m in state["machines"].items()}
    return state


ACTIONS = st.one_of(LINES, MORE, MORE, st.just("UNDO"), st.just("UNDO"), st.just("REDO"))


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(["current", "classic"]), st.lists(ACTIONS, min_size=1, max_size=20))
def test_commands_undos_and_redos_in_any_order_match_a_model(profile: str, actions: list[str]) -> None:
    """The model: a stack of (world before, world after) per undo point. Undo gives the world before
    exactly; redo gives the world after, give or take the clock and history of commands that only
    looked around in between (anything more drops the redo stack)."""
    ws = Workspace(world_with_a_server(profile))
    undo: list[list[dict]] = []
    redo: list[list[dict]] = []
    for action in actions:
        if action == "UNDO":
            assert ws.undo() == bool(undo)
            if undo:
                before, after = undo.pop()
                assert ws.world.to_dict() == before
                redo.append([before, after])
        elif action == "REDO":
            prior = ws.world.to_dict()  # what an undo right after this redo must give back, clock included
            assert ws.redo() == bool(redo)
            if redo:
                before, after = redo.pop()
                assert without_bookkeeping(ws.world.to_dict()) == without_bookkeeping(after)
                undo.append([prior, ws.world.to_dict()])
        else:
            before = ws.world.to_dict()
            ws.run(action)
            after = ws.world.to_dict()
            if ws.last_changed:
                undo.append([before, after])
                redo.clear()
            else:
                if undo:
                    undo[-1][1] = after  # looking around joins the step before
                if ws.redo_label is None:
                    redo.clear()
        assert ws.undo_label is None if not undo else ws.undo_label is not None

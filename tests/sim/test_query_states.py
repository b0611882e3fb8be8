"""The states the picture compares to find what a command changed (``query.shelf_states``, ``machine_state``).

The picture redraws a shelf or a machine only when its state value differs from the one it was
drawn from, so a change the learner could see with ``query.shelves`` / ``query.local_images``
must always change the state value (the converse need not hold: a redraw too many costs time only).
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.sim.test_fuzz_commands import LINES
from tests.sim.test_journal import MORE, world_with_a_server
from tutor.sim import query
from tutor.sim.workspace import Workspace

REG = "localhost:5000"
# one app built, tagged, pushed, untagged and deleted in every order: states change often here
FOCUS = st.sampled_from(
    [
        f"docker build -q -t {REG}/myapp1:1.0 ~/myapp1", f"docker tag {REG}/myapp1:1.0 {REG}/myapp1:latest",
        f"docker tag {REG}/myapp1:1.0 web:1", "docker rmi web:1", f"docker push -q {REG}/myapp1:latest",
        f"docker push -q {REG}/myapp1:1.0", f"curl -X DELETE http://{REG}/v2/myapp1/manifests/latest",
        "echo v2 >> ~/myapp1/app.py", f"docker build -q -t {REG}/myapp1:latest ~/myapp1",
        f"docker pull -q {REG}/myapp1:1.0", f"docker rmi {REG}/myapp1:1.0", "docker image prune -f",
    ]
)  # fmt: skip


def seen(world) -> dict:
    """What the picture shows, per registry and machine, next to the state values standing for it."""
    out = {}
    for host in world.registries:
        shelves = {shelf.path: shelf for shelf in query.shelves(world, host)}
        out[host] = (shelves, query.shelf_states(world, host))
    for name in world.machines:
        out[name] = (query.local_images(world, name), query.machine_state(world, name))
    return out


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(LINES, MORE, FOCUS, FOCUS, FOCUS), min_size=1, max_size=14), st.booleans())
def test_a_visible_change_always_changes_the_state(lines: list[str], undo_each: bool) -> None:
    walk(lines, undo_each)


def test_each_kind_of_change_changes_the_state() -> None:
    lines = [
        f"docker build -q -t {REG}/myapp1:1.0 ~/myapp1",  # a new image
        f"docker push -q {REG}/myapp1:1.0",  # a new shelf
        f"docker tag {REG}/myapp1:1.0 {REG}/myapp1:latest",  # a new local tag, no new image
        f"docker push -q {REG}/myapp1:latest",  # a new label, no new edition
        "echo v2 >> ~/myapp1/app.py",
        f"docker build -q -t {REG}/myapp1:latest ~/myapp1",  # a local tag moves
        f"docker push -q {REG}/myapp1:latest",  # a label moves to a new edition
        f"docker tag {REG}/myapp1:1.0 {REG}/myapp1:latest",
        f"docker push -q {REG}/myapp1:latest",  # a label moves back: same editions
        f"curl -X DELETE http://{REG}/v2/myapp1/manifests/latest",  # a label goes
        f"docker rmi {REG}/myapp1:latest",  # a local tag goes
        "ssh server",
        f"docker pull -q {REG}/myapp1:1.0",  # nothing there: refused; the state stays
        "exit",
    ]
    walk(lines, undo_each=True)


def walk(lines: list[str], undo_each: bool) -> None:
    ws = Workspace(world_with_a_server("current"))
    for line in lines:
        before = seen(ws.world)
        ws.run(line)
        if undo_each and ws.last_changed:
            after_run = seen(ws.world)
            ws.undo()
            check(after_run, seen(ws.world), f"undo {line}")
            ws.redo()
        check(before, seen(ws.world), line)


def check(before: dict, after: dict, line: str) -> None:
    for where in before.keys() & after.keys():
        (shown_before, state_before), (shown_after, state_after) = before[where], after[where]
        if isinstance(shown_before, dict):  # a registry: shelf by shelf
            for path in shown_before.keys() & shown_after.keys():
                if shown_before[path] != shown_after[path]:
                    assert state_before[path] != state_after[path], (line, where, path)
            assert list(shown_after) == list(state_after), (line, where)  # one state a shelf, same order
        elif shown_before != shown_after:  # a machine
            assert state_before != state_after, (line, where)


def test_one_shelf_is_the_shelf_the_whole_list_gives():
    ws = Workspace(world_with_a_server("current"))
    for n in (1, 2):
        ws.run(f"docker build -q -t {REG}/myapp{n}:1.0 -t {REG}/myapp{n}:latest ~/myapp{n}")
        ws.run(f"docker push -q --all-tags {REG}/myapp{n}")
    world = ws.world
    assert [query.shelf(world, REG, shelf.path) for shelf in query.shelves(world, REG)] == query.shelves(world, REG)
    assert query.shelf(world, REG, "nosuch") is None and query.shelf(world, "nosuch:5000", "myapp1") is None

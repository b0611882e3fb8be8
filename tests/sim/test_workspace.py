"""Workspace (design.md contract 9): run, undo, redo; only real changes are undo points."""

from tutor.sim.workspace import Workspace
from tutor.sim.world import World, same_state


def test_undo_takes_back_the_last_change_and_redo_brings_it_again():
    ws = Workspace(World.default())
    ws.run("docker build -q -t myapp1 ~/myapp1")
    before_tag = ws.world.clone()
    ws.run("docker tag myapp1 localhost:5000/myapp1:1.0")
    assert ws.world.machine.store.tag_digest("localhost:5000/myapp1", "1.0")
    assert ws.undo_label == "docker tag myapp1 localhost:5000/myapp1:1.0"
    assert ws.undo()
    assert same_state(ws.world, before_tag)
    assert ws.world.machine.store.tag_digest("localhost:5000/myapp1", "1.0") is None
    assert ws.redo()
    assert ws.world.machine.store.tag_digest("localhost:5000/myapp1", "1.0")
    assert not ws.redo()


def test_looking_around_is_not_an_undo_point():
    ws = Workspace(World.default())
    ws.run("docker build -q -t myapp1 ~/myapp1")
    ws.run("docker images")
    ws.run("docker tagg x y")  # a typo fails and changes nothing
    assert not ws.last_changed
    assert ws.undo_label == "docker build -q -t myapp1 ~/myapp1"
    assert ws.undo()
    assert not ws.world.machine.store.images
    assert not ws.undo()


def test_a_new_change_drops_the_redo_stack():
    ws = Workspace(World.default())
    ws.run("cd ~/myapp1")
    ws.undo()
    ws.run("cd /tmp")
    assert not ws.redo()

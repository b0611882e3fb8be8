"""The library picture: what events highlight, how it reads at scale, reduced motion and NO_COLOR."""

from __future__ import annotations

import sys
from pathlib import Path

from tutor.sim import events as ev
from tutor.sim.shell import Shell
from tutor.sim.world import World
from tutor.ui.changes import summarize
from tutor.ui.widgets.library import LibraryPicture, ordered_labels

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))

A = "sha256:" + "3f2a9c1d" + "0" * 56
B = "sha256:" + "9b07e411" + "0" * 56


def test_a_moved_tag_is_a_note_in_library_words():
    changes = summarize([ev.RegistryTagMoved("localhost:5000", "myapp1", "latest", A, B)])
    assert changes.notes == ["`latest` moved from 3f2a9c1d to 9b07e411 (shelf myapp1)"]
    assert changes.labels == {("localhost:5000", "myapp1", "latest"): "moved"}


def test_a_first_push_makes_a_new_shelf_and_counts_blobs():
    events = [
        ev.RepositoryCreated("localhost:5000", "myapp1"),
        ev.BlobPushed("localhost:5000", "myapp1", "sha256:aa"),
        ev.BlobSkipped("localhost:5000", "myapp1", "sha256:bb"),
        ev.BlobMounted("localhost:5000", "myapp1", "sha256:cc", "myapp2"),
        ev.ManifestPushed("localhost:5000", "myapp1", A, True),
        ev.RegistryTagAdded("localhost:5000", "myapp1", "1.0", A),
    ]
    changes = summarize(events)
    assert changes.new_shelves == {("localhost:5000", "myapp1")}
    assert changes.new_editions == {("localhost:5000", "myapp1", A)}
    assert changes.notes[0] == (
        "blobs (layers + config) for myapp1: 1 uploaded, 1 already there, 1 mounted from another shelf"
    )
    assert "new shelf myapp1 in localhost:5000 (created by its first push)" in changes.notes


def test_an_untagged_edition_is_still_pullable_by_digest():
    changes = summarize([ev.ManifestUntagged("localhost:5000", "myapp1", A)])
    assert changes.untagged == {("localhost:5000", "myapp1", A)}
    # plain garbage-collect keeps untagged manifests (distribution registry/storage/garbagecollect.go)
    assert "still pullable by digest until deleted by digest or garbage-collected with --delete-untagged" in changes.notes[0]


def test_local_changes_use_the_image_id_docker_images_shows():
    world = World.default("classic")
    Shell(world).run("docker build -t myapp1 ~/myapp1")
    image = next(iter(world.machine.store.images.values()))
    changes = summarize([ev.ImageBuilt("laptop", image.manifest_digest, False)], world)
    assert changes.notes == [f"built image {image.config_digest[7:15]} on your laptop"]


def test_labels_read_in_natural_order_with_latest_last():
    assert ordered_labels(["latest", "10.0", "2.0", "1.0"]) == ["1.0", "2.0", "10.0", "latest"]


async def show(picture_app, world, events=()):
    picture = picture_app.screen.picture
    picture.show(world, events)
    return picture


async def test_twenty_five_shelves_stay_readable(make_app):
    from bench_tui_first_frame import big_world

    world = big_world(25, 40)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        app.open_sandbox()
        await pilot.pause()
        picture = app.screen.picture
        picture.show(world)
        await pilot.pause()
        text = picture.text().splitlines()
        # shelves are listed, closed: one line each, 40 editions wait inside
        shelves = [line for line in text if line.strip().startswith("shelf ")]
        assert len(shelves) == 25 and "shelf myapp1  40 editions" in text[1]
        assert not any("[1.0]" in line for line in text)
        # a command touching one shelf opens that shelf and scrolls to it
        repo = world.registry("localhost:5000").repository("myapp17")
        old, new = repo.tags["latest"], repo.tags["3.0"]
        repo.tags["latest"] = new
        picture.show(world, [ev.RegistryTagMoved("localhost:5000", "myapp17", "latest", old, new)])
        await pilot.pause()
        text = picture.text()
        assert f"▣ {new[7:15]}  [3.0] [latest] ← [latest] moved here" in text
        assert picture.tree.scroll_y > 0
        # opening a closed shelf with the keyboard fills it in
        tree = picture.tree
        tree.focus()
        tree.cursor_line = 1
        await pilot.press("space")
        await pilot.pause()
        assert "[1.0]" in picture.text().split("shelf myapp10")[0]


async def test_many_labels_on_one_edition_fold(make_app):
    world = World.default()
    shell = Shell(world)
    tags = " ".join(f"-t localhost:5000/myapp1:v{i}" for i in range(1, 13))
    shell.run(f"docker build {tags} ~/myapp1")
    shell.run("docker push --all-tags localhost:5000/myapp1")
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        app.open_sandbox()
        await pilot.pause()
        picture = app.screen.picture
        picture.show(world)
        await pilot.pause()
        edition = next(line for line in picture.text().splitlines() if "▣" in line and "[v1]" in line)
        assert edition.endswith("[v1] [v2] [v3] [v4] [v5] [v6] +6 more")


async def test_reduced_motion_does_not_animate_the_notes(make_app):
    app = make_app()
    app.animation_level = "none"
    async with app.run_test(size=(120, 40)) as pilot:
        app.open_sandbox()
        await pilot.pause()
        picture: LibraryPicture = app.screen.picture
        world = app.screen.world
        Shell(world).run("docker build -t myapp1 ~/myapp1")
        picture.show(world, [ev.ImageBuilt("laptop", next(iter(world.machine.store.images)), False)])
        await pilot.pause()
        notes = picture.query_one("#library-notes")
        assert notes.styles.opacity == 1.0
        assert not app.animator.is_being_animated(notes.styles, "opacity")


async def test_highlights_do_not_depend_on_colour(make_app, monkeypatch):
    """With NO_COLOR the changed label must still stand out: it is underlined and marked with ←."""
    monkeypatch.setenv("NO_COLOR", "1")
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        assert app.no_color
        app.open_sandbox()
        await pilot.pause()
        screen = app.screen
        shell = screen.shell
        shell.run("docker build -t localhost:5000/myapp1 ~/myapp1")
        result = shell.run("docker push localhost:5000/myapp1")
        screen.refresh_view(result.events)
        await pilot.pause()
        line = next(line for line in screen.picture.text().splitlines() if "[latest]" in line)
        assert line.endswith("[latest] ← new edition")
        tree = screen.picture.tree
        node = next(n for n in tree._tree_nodes.values() if "[latest]" in n.label.plain)
        latest = [span for span in node.label.spans if node.label.plain[span.start : span.end] == "[latest]"]
        style = latest[0].style
        assert style.reverse and style.underline

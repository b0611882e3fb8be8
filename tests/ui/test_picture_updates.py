"""The picture updates only what a command changed; it must still show what a full redraw shows.

Each check runs the same commands into two pictures of the same width: the one the app uses
(``LibraryPicture``: after a command it redraws only the libraries, shelves, editions and
machines whose state or marks changed) and one that redraws every node on every update (as the
picture did before it was made incremental). After every step both must show the same rows:
the same text, the same styles (the highlights of what changed), the same rows open.
The steps are the ways a world changes under the picture: push, tag move, rmi, curl DELETE on
the registry, garbage collection, ssh to another machine, undo, redo, loading another world,
and the learner opening a closed shelf.

The picture's tree also keeps each drawn row by node (Textual's Tree keeps them by line number),
so a row that moved up or down a line is not drawn again: after every step each visible row must
be what Textual's own Tree draws for it afresh, down to the line number a click reads; its
scrollbar must cover the rows there are now, and the notes must be as tall as their text.
"""

from __future__ import annotations

import random

from textual.app import App, ComposeResult
from textual.containers import Horizontal
from textual.visual import visualize
from textual.widgets import Static, Tree

from tutor.sim.workspace import Workspace
from tutor.sim.world import World
from tutor.ui.widgets.library import LibraryPicture

REG = "localhost:5000"


class FullRedrawPicture(LibraryPicture):
    """The reference: every update draws the whole tree afresh."""

    def _draw(self, full: bool = False) -> None:
        super()._draw(full=True)


class TwoPictures(App):
    CSS = """
    Horizontal { height: 1fr; }
    LibraryPicture { width: 60; height: 1fr; }
    """

    def compose(self) -> ComposeResult:
        with Horizontal():
            yield LibraryPicture(id="updated")
            yield FullRedrawPicture(id="fresh")


def rows(picture: LibraryPicture) -> list[tuple]:
    """Every visible row: depth, text, base style, styled spans, can open, is open."""
    out: list[tuple] = []

    def walk(node, depth: int) -> None:
        for child in node.children:
            label = child.label
            spans = [(span.start, span.end, str(span.style)) for span in label.spans]
            out.append((depth, label.plain, str(label.style), spans, child.allow_expand, child.is_expanded))
            if child.is_expanded:
                walk(child, depth + 1)

    walk(picture.tree.root, 0)
    return out


def world_with_a_server(pushed: int = 0) -> World:
    world = World.default()
    world.add_machine("server")
    ws = Workspace(world)
    for n in range(1, pushed + 1):
        ws.run(f"docker build -q -t {REG}/myapp{n}:1.0 -t {REG}/myapp{n}:latest ~/myapp{n}")
        ws.run(f"docker push -q --all-tags {REG}/myapp{n}")
    return world


def random_line(rng: random.Random) -> str:
    n, m = rng.randint(1, 8), rng.randint(1, 8)
    tag, other = rng.choice(["1.0", "2.0", "latest"]), rng.choice(["1.0", "2.0", "latest"])
    return rng.choice(
        [
            f"docker build -q -t {REG}/myapp{n}:{tag} ~/myapp{n}",
            f"echo v{rng.randint(2, 9)} >> ~/myapp{n}/app.py",
            f"docker push -q {REG}/myapp{n}:{tag}",
            f"docker push -q {REG}/myapp{n}:{tag}",
            f"docker push -q --all-tags {REG}/myapp{n}",
            f"docker tag {REG}/myapp{n}:{tag} {REG}/myapp{m}:{other}",  # a new label, or one moved
            f"docker rmi {REG}/myapp{n}:{tag}",
            f"docker pull -q {REG}/myapp{n}:{tag}",
            f"curl -X DELETE http://{REG}/v2/myapp{n}/manifests/{tag}",
            "registry garbage-collect --delete-untagged /etc/distribution/config.yml",
            f"docker build -q {' '.join(f'-t {REG}/myapp{n}:v{i}' for i in range(1, 9))} ~/myapp{n}",
            "ssh server",
            "docker pull -q nginx:1.27",
            "exit",
        ]
    )


class Driver:
    """Runs steps into the workspace and shows each result in both pictures, as the sandbox does."""

    def __init__(self, app: TwoPictures, pilot, world: World) -> None:
        self.app, self.pilot = app, pilot
        self.ws = Workspace(world)
        self.updated = app.query_one("#updated", LibraryPicture)
        self.fresh = app.query_one("#fresh", LibraryPicture)

    async def show(self, events=()) -> None:
        for picture in (self.updated, self.fresh):
            picture.show(self.ws.world, events)
        await self.pilot.pause()

    async def step(self, what: str) -> None:
        if what == "undo":
            self.ws.undo()
            await self.show()
        elif what == "redo":
            self.ws.redo()
            await self.show()
        elif what.startswith("load"):
            self.ws.replace(world_with_a_server(int(what.split()[1])), "load")
            await self.show()
        elif what == "open a closed shelf":
            await self.open_a_closed_shelf()
        elif what.startswith("theme"):
            self.app.theme = what.split()[1]  # new label styles: kept rows and styles must go
            await self.pilot.pause()
            await self.pilot.pause()
        else:
            await self.show(self.ws.run(what).events)
        assert rows(self.updated) == rows(self.fresh), what
        assert self.updated.notes == self.fresh.notes
        assert_painted_as_drawn_afresh(self.updated, what)

    async def open_a_closed_shelf(self) -> None:
        """The learner opens the first closed shelf (the same one in both pictures)."""
        closed = [node.data for node in visible_nodes(self.updated) if node.data.startswith("shelf:") and not node.is_expanded]
        if not closed:
            return
        for picture in (self.updated, self.fresh):
            node = next(node for node in visible_nodes(picture) if node.data == closed[0])
            picture.tree.select_node(node)  # Enter on a row: the tree opens it
        await self.pilot.pause()
        await self.pilot.pause()


def assert_painted_as_drawn_afresh(picture: LibraryPicture, what: str) -> None:
    """Each visible row as the picture paints it now (its rows kept by node, some drawn for another
    line) is what Textual's Tree draws for that line with no cache; the scrollbar and notes fit."""
    tree = picture.tree
    top, width, style = tree.scroll_offset.y, tree.size.width, tree.rich_style
    lines = range(top, top + tree.size.height)
    painted = [list(tree._render_line(y, 0, width, style)) for y in lines]
    tree._line_cache.clear()
    afresh = [list(Tree._render_line(tree, y, 0, width, style)) for y in lines]
    assert painted == afresh, what
    label = picture.tree.get_component_rich_style("library--label", partial=True)
    assert picture._st("label") == label, what  # the labels are drawn in the theme's styles
    if tree.show_vertical_scrollbar:
        assert tree.vertical_scrollbar.window_virtual_size == tree.virtual_size.height == len(tree._tree_lines), what
    notes = picture.query_one("#library-notes", Static)
    if notes.content_size.width:
        assert notes.content_size.height == visualize(notes, notes.content, markup=False).get_height(
            notes.styles, notes.content_size.width
        ), what


def visible_nodes(picture: LibraryPicture) -> list:
    out: list = []

    def walk(node) -> None:
        for child in node.children:
            out.append(child)
            if child.is_expanded:
                walk(child)

    walk(picture.tree.root)
    return [node for node in out if node.data is not None]


async def run_steps(world: World, steps: list[tuple[str, str | None]]) -> None:
    app = TwoPictures()
    async with app.run_test(size=(124, 30)) as pilot:
        driver = Driver(app, pilot, world)
        await driver.show()
        assert rows(driver.updated) == rows(driver.fresh)
        for what, shows in steps:
            await driver.step(what)
            if shows is not None:
                assert shows in driver.updated.text(), (what, driver.updated.text())


async def test_each_kind_of_change_updates_the_picture_as_a_full_redraw_would():
    # (step, a line the updated picture then shows): the reference shares the drawing code,
    # so these say the rows are right, not only alike
    steps = [
        (f"docker build -q -t {REG}/myapp1:1.0 ~/myapp1", "Your laptop (you are here)  1 image"),
        (f"docker push -q {REG}/myapp1:1.0", "shelf myapp1  1 edition  ← new shelf"),
        (f"docker tag {REG}/myapp1:1.0 {REG}/myapp1:latest", "localhost:5000/myapp1:latest  ← tagged"),
        (f"docker push -q {REG}/myapp1:latest", "[1.0] [latest] ← [latest] added"),
        ("echo v2 >> ~/myapp1/app.py", "[1.0] [latest]"),
        (f"docker build -q -t {REG}/myapp1:2.0 -t {REG}/myapp1:latest ~/myapp1", "Your laptop (you are here)  2 images"),
        (f"docker push -q --all-tags {REG}/myapp1", "[2.0] [latest]\n      ← new edition; [latest] moved here"),
        (f"docker rmi {REG}/myapp1:1.0", "Your laptop (you are here)  1 image"),
        ("undo", "Your laptop (you are here)  2 images"),
        ("redo", "Your laptop (you are here)  1 image"),
        (f"curl -X DELETE http://{REG}/v2/myapp1/manifests/1.0", "no label — pullable by digest until GC"),
        ("registry garbage-collect --delete-untagged /etc/distribution/config.yml", "shelf myapp1  1 edition"),
        ("undo", "shelf myapp1  2 editions"),
        ("ssh server", "Machine server (you are here)  0 images"),  # the machine in the picture changes
        ("docker pull -q nginx:1.27", "nginx:1.27  ← tagged"),
        ("docker tag nginx:1.27 web:1", "web:1  ← tagged"),
        ("exit", "Your laptop (you are here)  1 image"),
        ("load 9", "  shelf myapp2  1 edition\n  shelf myapp3  1 edition\n"),  # another world: shelves stay closed
        ("open a closed shelf", "  shelf myapp2  1 edition\n    ▣ "),
        (f"docker tag {REG}/myapp3:1.0 {REG}/myapp3:2.0", "localhost:5000/myapp3:2.0  ← tagged"),
        (f"docker push -q {REG}/myapp3:2.0", "[1.0] [2.0] [latest] ← [2.0] added"),
        (f"docker build -q {' '.join(f'-t {REG}/myapp3:v{i}' for i in range(1, 9))} ~/myapp3", "8 tags, one image"),
        (f"docker push -q --all-tags {REG}/myapp3", "[v1] [v2] [v3] [v4] [v5] [v6] +2 more\n      ← new edition\n      [v7] [v8]"),
        ("undo", "shelf myapp3  1 edition"),
        ("undo", None),
        ("load 0", "(empty until a first push)"),
        ("load 3", "shelf myapp3  1 edition"),
        ("theme textual-light", None),
        (f"docker push -q {REG}/myapp3:latest", "shelf myapp3  1 edition"),
        ("theme ansi-dark", None),
    ]
    await run_steps(world_with_a_server(), steps)


async def test_random_command_sequences_update_the_picture_as_a_full_redraw_would():
    for seed in range(3):
        rng = random.Random(seed)
        steps: list[str] = []
        for _ in range(40):
            roll = rng.random()
            if roll < 0.12:
                steps.append("undo")
            elif roll < 0.18:
                steps.append("redo")
            elif roll < 0.21:
                steps.append(f"load {rng.choice([0, 3, 8])}")
            elif roll < 0.26:
                steps.append("open a closed shelf")
            else:
                steps.append(random_line(rng))
        await run_steps(world_with_a_server(rng.choice([2, 7])), [(step, None) for step in steps])

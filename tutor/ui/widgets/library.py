"""The library picture: registries as libraries, repositories as shelves, manifests as editions.

Tags are labels stuck on editions (`latest` drawn reversed so it stands out);
untagged editions are dim. The learner's machine lists its local images. After
each command the shelves, editions and labels its events touched are
highlighted and a few notes say what changed in the metaphor's words.
Built from ``tutor.sim.query`` only, so the picture shows what lessons check.

An update costs what the command changed, not what the library holds: each library,
shelf and machine node keeps the state it was drawn from (``query.shelf_states``,
``query.machine_state``) and the marks on it, and is left alone while they hold; in a
shelf that changed, only the edition rows whose labels or marks changed get new labels,
so Textual repaints those lines. A new width, theme or the target view redraws all
(``redraw``); tests/ui/test_picture_updates.py checks updates against a full redraw.
The tree keeps each drawn row by node (Textual's Tree keeps them by line number), so the rows a
new mark row pushes down a line are not drawn again; the same test checks them against Textual's own drawing.
"""

from __future__ import annotations

import re
from typing import ClassVar, NamedTuple, Self

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.app import ComposeResult
from textual.cache import LRUCache
from textual.containers import Vertical
from textual.css.styles import RenderStyles
from textual.geometry import Region, Size
from textual.reactive import reactive
from textual.strip import Strip
from textual.visual import visualize
from textual.widgets import Static, Tree
from textual.widgets.tree import TreeNode

from tutor.sim.changes import Changes, s8, summarize, target_changes
from tutor.ui.inline import code_spans
from tutor.ui.widgets.scroll import PageScroll

INLINE_LABELS = 6  # more labels than this on one edition fold into child rows
COLLAPSE_SHELVES_OVER = 6  # with more shelves than this, only changed shelves open by themselves
HUB = "docker.io"
STYLE_NAMES = ("latest", "label", "changed", "untagged", "meta", "name")  # LibraryTree's library--* classes


class Row(NamedTuple):
    """One row under a shelf or a machine, and the rows folded under it."""

    key: str
    label: Text
    sub: list[Text] | tuple[()] = ()
    expandable: bool = False
    open: bool = False  # open when first drawn (unless remembered closed)
    force_open: bool = False


def _relabel(node, label: Text) -> None:
    """Set a node's label only when it differs (Text equality ignores the base style: compare it too)."""
    if node.label != label or node.label.style != label.style:
        node.set_label(label)


def _natural(tag: str) -> list:
    """Sort 2.0 before 10.0, as a person would."""
    return [int(part) if part.isdigit() else part for part in re.split(r"(\d+)", tag)]


def ordered_labels(tags) -> list[str]:
    """Tags in natural order with `latest` last (where the eye ends)."""
    return sorted((t for t in tags if t != "latest"), key=_natural) + (["latest"] if "latest" in tags else [])


class LibraryTree(Tree[str]):
    """The tree the picture draws; its component classes make the label styles themeable."""

    COMPONENT_CLASSES: ClassVar[set[str]] = Tree.COMPONENT_CLASSES | {
        "library--latest",
        "library--label",
        "library--changed",
        "library--untagged",
        "library--meta",
        "library--name",
    }

    DEFAULT_CSS = """
    LibraryTree {
        background: $surface;
        & > .library--latest { text-style: bold reverse; }
        & > .library--label { color: $text-accent; }
        & > .library--changed { text-style: bold underline; color: $text-warning; }
        & > .library--untagged { text-style: dim; }
        & > .library--meta { text-style: dim; }
        & > .library--name { text-style: bold; }
    }
    """

    _paint: dict | None = None  # lookups that hold for one paint (see render_lines)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Drawn rows by node, not by line number (Tree's own cache): when a mark row comes or goes,
        # the rows below it move down or up a line, and keep their strips (see _render_line).
        self._node_strips: LRUCache[int, tuple[tuple, int, Strip]] = LRUCache(4096)
        self._look = 0  # bumped when what every row looks like changes (CSS, theme, guides, cleared)
        self._label_styles: dict[str, Style] = {}  # style_for, until the CSS changes

    def _new_look(self) -> None:
        self._look += 1
        self._node_strips.clear()
        self._label_styles.clear()

    def clear(self) -> Self:
        self._new_look()  # node ids start again from 0
        return super().clear()

    def notify_style_update(self) -> None:
        self._new_look()
        super().notify_style_update()
        if isinstance(self.parent, LibraryPicture):
            self.parent.call_later(self.parent.restyle)

    def watch_guide_depth(self, guide_depth: int) -> None:
        self._new_look()
        super().watch_guide_depth(guide_depth)

    def watch_show_root(self, show_root: bool) -> None:
        self._new_look()
        super().watch_show_root(show_root)

    def _invalidate(self) -> None:
        # Tree lays the whole screen out again on every node added, removed, opened or closed; the
        # tree's height is fixed (1fr), and a new line count or width sets virtual_size, which lays
        # out by itself. A repaint is enough otherwise.
        self._clear_line_cache()
        self._updates += 1
        self.root._reset()
        self.refresh()

    _sized: tuple | None = None  # what the last layout gave _size_updated (see there)

    def _size_updated(self, size: Size, virtual_size: Size, container_size: Size, layout: bool = True) -> bool:
        # ScrollView compares the arranged virtual size with its own (the tree's lines), which never
        # match, so every layout anywhere on the screen repainted the scrollbar. It is left alone
        # while the sizes it is drawn from hold.
        sized = (size, virtual_size, container_size, self.virtual_size)
        if sized == self._sized and self._size == size:
            return self._container_size != container_size
        self._sized = sized
        return super()._size_updated(size, virtual_size, container_size, layout)

    def _render_line(self, y: int, x1: int, x2: int, base_style: Style) -> Strip:
        """One row, reused while its node, its guides and its highlight are the same, wherever it moved.

        Tree keys its cache by line number, the tree's update count and every ancestor's update
        count, so one row added to a shelf repaints every row. What a row shows depends on its node
        (label, open or not: ``_updates``), the hover and selection of the nodes above it and whether
        each of them is the last of its siblings (the guides), the hover and cursor lines, the width,
        and the line number only as the ``line`` meta clicks read, set again when the row moved.
        """
        tree_lines = self._tree_lines
        if y >= len(tree_lines):
            return super()._render_line(y, x1, x2, base_style)
        line = tree_lines[y]
        path = line.path
        node = path[-1]
        width = self.size.width
        pad_width = max(self.virtual_size.width, width)
        key = (
            node._updates,
            tuple((n._hover_, n._selected_, n.is_last) for n in path[:-1]),
            line.last,
            self.hover_line >= 0 and any(n._hover_ for n in path),
            self.hover_line == y,
            self.cursor_line == y,
            pad_width,
            self.show_guides,
            self._pseudo_class_state,
            base_style,
            self._look,
        )
        cached = self._node_strips.get(node._id)
        if cached is not None and cached[0] == key:
            drawn_at, strip = cached[1], cached[2]
            if drawn_at != y:
                strip = Strip(Segment.apply_style(strip, post_style=Style.from_meta({"line": y})), strip.cell_length)
                self._node_strips[node._id] = (key, y, strip)
        else:
            strip = super()._render_line(y, 0, pad_width, base_style)
            self._node_strips[node._id] = (key, y, strip)
        return strip.crop(x1, x2)

    def render_lines(self, crop: Region) -> list[Strip]:
        # Tree looks up its size, its base style and three component styles again for every row it
        # draws; none of them changes within one paint, so each is looked up once a paint here.
        self._paint = {}
        try:
            return super().render_lines(crop)
        finally:
            self._paint = None

    def _once(self, key, get):
        paint = self._paint
        if paint is None:
            return get()
        if key not in paint:
            paint[key] = get()
        return paint[key]

    def get_component_styles(self, *names: str) -> RenderStyles:
        return self._once(names, lambda: super(LibraryTree, self).get_component_styles(*names))

    @property
    def rich_style(self) -> Style:
        return self._once("rich_style", lambda: super(LibraryTree, self).rich_style)

    @property
    def size(self) -> Size:
        return self._once("size", lambda: super(LibraryTree, self).size)

    def get_label_width(self, node) -> int:
        # Tree measures every row on each change by drawing its label; the sum of the parts is the same width.
        return node.label.cell_len + (cell_len(self.ICON_NODE) if node.allow_expand else 0)

    def style_for(self, name: str) -> Style:
        # Textual forgets its component styles on every refresh; they change only with the CSS.
        style = self._label_styles.get(name)
        if style is None:
            style = self._label_styles[name] = self.get_component_rich_style(f"library--{name}", partial=True)
        return style


class LibraryPicture(Vertical):
    """The picture: a scrollable tree (collapsible registries and shelves) and notes on the last change."""

    DEFAULT_CSS = """
    LibraryPicture {
        height: 1fr;
        & > LibraryTree { height: 1fr; padding: 0; scrollbar-size-vertical: 1; }
        & > #notes-box {
            height: auto;
            max-height: 40%;
            border-top: hkey $border-blurred;
            scrollbar-size-vertical: 1;
            &.-empty { display: none; }
        }
        & #library-notes { padding: 0 1; color: $text-warning; }
    }
    """

    notes: reactive[tuple[str, ...]] = reactive(tuple, init=False, repaint=False)  # the notes box repaints itself

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._world = None
        self._changes = Changes()
        self._expanded: dict[str, bool] = {}
        self._styles: dict[str, Style] = {}  # the component styles the nodes were drawn with
        self._pending: dict[int, tuple] = {}  # collapsed shelf node id -> (host, shelf): filled when opened
        # Updates redraw only what changed: each library, shelf and machine node remembers what it
        # was drawn from (its state in the world and the marks on it), and is left alone while that holds.
        self._node_of: dict[str, TreeNode] = {}  # node key -> node
        self._drawn_from: dict[str, object] = {}  # node key -> what it was drawn from
        self._layout: tuple | None = None  # (row width, target mode) every node was drawn for
        self._row_cache: dict[str, tuple[tuple, Row]] = {}  # edition key -> (what its row shows, the row)
        self.target_mode = False  # drawing the target (the goal's world), differences to now marked

    def compose(self) -> ComposeResult:
        tree = LibraryTree("library", id="library-tree")
        tree.show_root = False
        tree.guide_depth = 2
        yield tree
        with PageScroll(id="notes-box", classes="-empty"):
            yield Static("", id="library-notes", markup=False)

    def on_mount(self) -> None:
        self.watch(self.app, "theme", self._on_theme, init=False)

    def _on_theme(self) -> None:
        # The theme's styles reach the tree's CSS after this watcher: redraw once they have.
        self.call_after_refresh(self.restyle)

    def restyle(self) -> None:
        """Redraw every node if the label styles changed (a theme or CSS change)."""
        tree = self.tree
        tree._new_look()
        if self._world is not None and tuple(map(tree.style_for, STYLE_NAMES)) != tuple(self._styles.values()):
            self.redraw()

    @property
    def tree(self) -> LibraryTree:
        return self.query_one(LibraryTree)

    # --- public -------------------------------------------------------------

    def show(self, world, events=()) -> None:
        """Draw ``world``; highlight what ``events`` (the last command's) changed."""
        self.target_mode = False
        self._world = world
        self._changes = summarize(list(events), world)
        self._draw()
        self.notes = tuple(self._changes.notes)

    def show_target(self, target, now) -> None:
        """Draw ``target`` (the world once the goal holds) with what differs from ``now`` marked."""
        self.target_mode = True
        self._world = target
        self._changes = target_changes(target, now)
        self._draw()
        self.notes = ("Target: one way the goal holds (F2: back to now)", *self._changes.notes)

    def redraw(self) -> None:
        """Draw every node afresh (a new theme; tests compare this with the updated picture)."""
        self._draw(full=True)

    def watch_notes(self, notes: tuple[str, ...]) -> None:
        box = self.query_one("#library-notes", Static)
        text = Text("\n").join(code_spans(f"• {note}") for note in notes)
        # New notes as tall as the old ones need no new layout (which would repaint every scrollbar
        # on the screen): only their lines are repainted.
        width = box.content_size.width
        same_height = bool(width) and (
            visualize(box, text, markup=False).get_height(box.styles, width) == box.content_size.height
        )
        box.update(text, layout=not same_height)
        self.query_one("#notes-box").set_class(not notes, "-empty")
        if notes and self.app.animation_level != "none":
            box.styles.opacity = 0.2
            box.styles.animate("opacity", 1.0, duration=0.5)

    def text(self) -> str:
        """Every visible line of the picture as plain text (tests and screen readers)."""
        lines: list[str] = []

        def walk(node, depth: int) -> None:
            for child in node.children:
                lines.append("  " * depth + child.label.plain)
                if child.is_expanded:
                    walk(child, depth + 1)

        walk(self.tree.root, 0)
        return "\n".join(lines)

    # --- drawing: what changed, and only that ------------------------------------

    def _remember(self, node) -> None:
        """Note whether ``node`` and the nodes under it are open, and forget them (they are going)."""
        stack = [node]
        while stack:
            node = stack.pop()
            key = node.data
            if key is not None:
                if node.allow_expand:
                    self._expanded[key] = node.is_expanded
                self._node_of.pop(key, None)
                self._drawn_from.pop(key, None)
            self._pending.pop(node.id, None)
            stack.extend(node.children)

    def _clear(self, node) -> None:
        for child in node.children:
            self._remember(child)
        node.remove_children()

    def _sync(self, parent, keys: list[str], make) -> None:
        """Make ``parent``'s children the nodes for ``keys``, in order: stale ones go, missing ones are
        made by ``make(key, index)``; the others stay as they are."""
        wanted = set(keys)
        for child in list(parent.children):  # a view: removing while walking it would skip some
            if child.data not in wanted:
                self._remember(child)
                child.remove()
        kept = [child.data for child in parent.children]
        if kept != [key for key in keys if key in set(kept)]:  # reordered (never, as sorted): start again
            self._clear(parent)
        children = list(parent.children)
        at = 0
        for index, key in enumerate(keys):
            if at < len(children) and children[at].data == key:
                at += 1
            else:
                self._node_of[key] = make(key, index)

    def _open(self, key: str, default: bool, changed: bool = False) -> bool:
        if changed:
            self._expanded[key] = True
            return True
        return self._expanded.get(key, default)

    def _set_open(self, node, key: str, default: bool, changed: bool) -> None:
        """A new node opens as remembered (else ``default``); any node the command changed opens."""
        fresh = key not in self._drawn_from
        if fresh or changed:
            want = self._open(key, default, changed)
            if want != node.is_expanded:
                node.expand() if want else node.collapse()

    def _draw(self, full: bool = False) -> None:
        world, tree = self._world, self.tree
        # The labels' styles are part of what every node was drawn with: looked up afresh each update
        # (Textual caches them until the CSS changes), so a style that changed redraws all, as a new width does.
        styles = {name: tree.style_for(name) for name in STYLE_NAMES}
        layout = (self._width(), self.target_mode, tuple(styles.values()))
        if full or layout != self._layout:
            for child in tree.root.children:
                self._remember(child)
            self._styles = styles
            self._node_of.clear()
            self._drawn_from.clear()
            self._row_cache.clear()
            self._pending.clear()
            tree.clear()
            self._layout = layout
        hosts = sorted(world.registries, key=lambda h: (h == HUB, h))
        keys = [f"reg:{host}" for host in hosts] + [f"machine:{name}" for name in world.machines]
        self._sync(tree.root, keys, lambda key, index: tree.root.add("", key, before=index))
        marks = self._marks()
        for host in hosts:
            self._draw_registry(host, marks)
        for name in world.machines:
            self._draw_machine(name)
        first_changed = self._first_changed(hosts)
        if first_changed is not None:
            self.call_after_refresh(lambda: tree.scroll_to_node(first_changed, animate=False))

    def _marks(self) -> dict[tuple[str, str], tuple]:
        """(registry, shelf) -> the highlights on that shelf, as one comparable value."""
        changes = self._changes
        marks: dict[tuple[str, str], tuple[set, set, set, set]] = {}
        for host, path in changes.shelves | changes.new_shelves:
            marks[host, path] = (set(), set(), set(), set())
        for host, path in changes.new_shelves:
            marks[host, path][0].add(True)
        for (host, path, tag), how in changes.labels.items():
            marks.setdefault((host, path), (set(), set(), set(), set()))[1].add((tag, how))
        for host, path, digest in changes.new_editions:
            marks.setdefault((host, path), (set(), set(), set(), set()))[2].add(digest)
        for host, path, digest in changes.untagged:
            marks.setdefault((host, path), (set(), set(), set(), set()))[3].add(digest)
        return {shelf: tuple(map(frozenset, sets)) for shelf, sets in marks.items()}

    def _draw_registry(self, host: str, marks: dict) -> None:
        from tutor.sim.query import shelf_states

        key = f"reg:{host}"
        node = self._node_of[key]
        touched = any(reg == host for reg, _ in self._changes.shelves)
        self._set_open(node, key, host != HUB, touched)
        states = shelf_states(self._world, host)
        if self._drawn_from.get(key) != len(states):
            _relabel(node, self._registry_label(host, len(states)))
            self._drawn_from[key] = len(states)
        if not states:
            empty = Text("(empty until a first push)", self._st("meta"))
            self._sync(node, [f"empty:{host}"], lambda key, index: node.add_leaf(empty, key, before=index))
            return
        many = len(states) > COLLAPSE_SHELVES_OVER
        self._sync(node, [f"shelf:{host}/{path}" for path in states], lambda key, index: node.add("", key, before=index))
        for path, state in states.items():
            self._draw_shelf(node, host, path, (state, marks.get((host, path))), many)

    def _draw_shelf(self, reg_node, host: str, path: str, drawn: tuple, many: bool) -> None:
        key = f"shelf:{host}/{path}"
        node = self._node_of[key]
        self._set_open(node, key, not many, (host, path) in self._changes.shelves)
        if self._drawn_from.get(key) != drawn:
            from tutor.sim.query import shelf as query_shelf

            self._drawn_from[key] = drawn
            shelf = query_shelf(self._world, host, path)
            _relabel(node, self._shelf_label(host, shelf))
            self._pending[node.id] = (host, shelf)  # its editions are brought up to date once it shows
        if node.is_expanded and reg_node.is_expanded and node.id in self._pending:
            # A closed shelf gets its editions when it is opened: 25 shelves x 40 editions stay cheap.
            self._fill_editions(node, *self._pending.pop(node.id))

    def _draw_machine(self, name: str) -> None:
        from tutor.sim.query import local_images, machine_state

        world, changes = self._world, self._changes
        key = f"machine:{name}"
        node = self._node_of[key]
        self._set_open(node, key, True, False)
        here = name == world.current
        drawn = (machine_state(world, name), here, len(world.machines) > 1,
                 frozenset(changes.local_tags), frozenset(changes.local) if here else None)
        if self._drawn_from.get(key) == drawn:
            return
        self._drawn_from[key] = drawn
        images = local_images(world, name)
        _relabel(node, self._machine_label(world, name, len(images)))
        rows = [] if images else [Row(f"none:{name}", Text("(no images yet: build or pull one)", self._st("meta")))]
        for image in images:
            changed = image.digest in changes.local and here
            label = self._image_label(world, image, changed)
            if len(image.tags) > 1 or 2 + label.cell_len > self._width():
                # one row a tag: long names stay readable in a narrow picture
                label = self._image_label(world, image, changed, inline=False)
                refs = [self._ref_text(ref) for ref in sorted(image.tags, key=_natural)]
                # the highlight still shows the change
                refs = [self._fit(ref, 2)[0] if 4 + ref.cell_len > self._width() else ref for ref in refs]
                rows.append(Row(f"img:{name}@{image.digest}", label, refs, True, True))
            else:
                rows.append(Row(f"img:{name}@{image.digest}", label))
        self._sync_rows(node, rows)
        for child in node.children:
            self._node_of[child.data] = child

    def _first_changed(self, hosts: list[str]):
        """The node to scroll to: the first changed shelf, else the first changed image here."""
        changes, world = self._changes, self._world
        for host in hosts:
            for path in sorted(path for reg, path in changes.shelves if reg == host):
                node = self._node_of.get(f"shelf:{host}/{path}")
                if node is not None:
                    return node
        if changes.local:
            for digest in world.machines[world.current].store.images:
                if digest in changes.local:
                    return self._node_of.get(f"img:{world.current}@{digest}")
        return None

    def on_tree_node_expanded(self, event: Tree.NodeExpanded) -> None:
        node = event.node
        pending = self._pending.pop(node.id, None)
        if pending is not None:
            self._fill_editions(node, *pending)
        # a library opened: fill its open shelves too
        for child in node.children:
            if child.is_expanded and child.id in self._pending:
                self._fill_editions(child, *self._pending.pop(child.id))

    def _width(self) -> int:
        """Columns the tree has for a row (before the first layout: no limit)."""
        width = self.tree.scrollable_content_region.width
        return width if width > 10 else 10**6

    def _fit(self, text: Text, depth: int) -> tuple[Text, list[Text]]:
        """A row that would be cut: its "← …" mark, then its " — …" detail, go on rows of their own below it.

        ``depth`` counts from the libraries (0); the tree's guides take 2 columns a level.
        """
        rows: list[Text] = []
        width = self._width() - 2 * depth
        for sep, skip in (("← ", 0), (" — ", 3)):
            if text.cell_len <= width:
                break
            at = text.plain.find(sep)
            if at <= 0:
                continue
            head, rest = text[:at], text[at + skip :]
            head.rstrip()
            text, rows = head, [rest, *rows]
        return text, rows

    def on_resize(self) -> None:
        if self._world is not None:
            self.call_after_refresh(self._draw)  # rows are split to fit the width: a new width redraws all

    def _fill_editions(self, node, host: str, shelf) -> None:
        self._sync_rows(node, [self._edition_row(host, shelf.path, edition) for edition in shelf.editions])

    def _edition_row(self, host: str, path: str, edition) -> Row:
        """An edition's row, made again only when its labels or the marks on it changed."""
        changes = self._changes
        key = f"ed:{host}/{path}@{edition.digest}"
        drawn = (
            edition.tags,
            tuple(changes.labels.get((host, path, tag)) for tag in edition.tags),
            (host, path, edition.digest) in changes.new_editions,
            (host, path, edition.digest) in changes.untagged,
        )
        cached = self._row_cache.get(key)
        if cached is not None and cached[0] == drawn:
            return cached[1]
        inline, rest = self._split_labels(ordered_labels(edition.tags))
        label, extra = self._fit(self._edition_label(host, path, edition, inline, len(rest)), 2)
        sub = extra + [self._labels_text(host, path, rest[i : i + INLINE_LABELS]) for i in range(0, len(rest), INLINE_LABELS)]
        # an edition whose mark had to go on a row of its own opens, so the mark shows
        row = Row(key, label, sub, bool(sub), False, bool(extra))
        self._row_cache[key] = (drawn, row)
        return row

    def _sync_rows(self, node, rows: list[Row]) -> None:
        """Make ``node``'s children show ``rows``, touching only the rows that differ: a row whose
        label changed gets the new label (the tree repaints that line alone), a row that gained or
        lost rows under it is made again, stale rows go and new ones go in at their place."""
        wanted = {row.key for row in rows}
        current = []
        for child in list(node.children):
            if child.data in wanted:
                current.append(child)
            else:
                self._remember(child)
                child.remove()
        order = {row.key: i for i, row in enumerate(rows)}
        if [order[child.data] for child in current] != sorted(order[child.data] for child in current):
            self._clear(node)  # reordered (not from a command: editions keep their push order)
            current = []
        for index, row in enumerate(rows):
            child = current[index] if index < len(current) else None
            if child is not None and child.data == row.key:
                if child.allow_expand == row.expandable and len(child.children) == len(row.sub):
                    _relabel(child, row.label)
                    for leaf, sub in zip(child.children, row.sub, strict=True):
                        _relabel(leaf, sub)
                    if row.force_open and not child.is_expanded:
                        self._expanded[row.key] = True
                        child.expand()
                    continue
                self._remember(child)
                child.remove()
                del current[index]
            current.insert(index, self._add_row(node, row, index))

    def _add_row(self, node, row: Row, index: int):
        if not row.expandable:
            return node.add_leaf(row.label, row.key, before=index)
        child = node.add(row.label, row.key, before=index, expand=self._open(row.key, row.open, row.force_open))
        for sub in row.sub:
            child.add_leaf(sub)
        return child

    @staticmethod
    def _split_labels(labels: list[str]) -> tuple[list[str], list[str]]:
        if len(labels) <= INLINE_LABELS:
            return labels, []
        keep = labels[: INLINE_LABELS - 1] + (["latest"] if "latest" in labels else labels[INLINE_LABELS - 1 : INLINE_LABELS])
        return keep, [t for t in labels if t not in keep]

    # --- labels -------------------------------------------------------------

    def _st(self, name: str) -> Style:
        return self._styles[name]

    def _registry_label(self, host: str, count: int) -> Text:
        what = "read-only · " if host == HUB else ""
        plural = "shelf" if count == 1 else "shelves"
        return Text.assemble((f"{host}", self._st("name")), (f"  {what}{count} {plural}", self._st("meta")))

    def _shelf_label(self, host: str, shelf) -> Text:
        name = shelf.path.removeprefix("library/") if host == HUB else shelf.path
        n = len(shelf.editions)
        text = Text.assemble("shelf ", (name, self._st("name")), (f"  {n} edition{'s' if n != 1 else ''}", self._st("meta")))
        if (host, shelf.path) in self._changes.new_shelves:
            text.append("  ← shelf to create" if self.target_mode else "  ← new shelf", self._st("changed"))
        return text

    def _labels_text(self, host: str, repo: str, labels: list[str]) -> Text:
        text = Text()
        for tag in labels:
            how = self._changes.labels.get((host, repo, tag))
            style = self._st("latest") if tag == "latest" else self._st("label")
            if how:
                style = style + self._st("changed")
            text.append(f"[{tag}]", style)
            text.append(" ")
        return text

    def _edition_label(self, host: str, repo: str, edition, labels: list[str], hidden: int) -> Text:
        changes = self._changes
        key = (host, repo, edition.digest)
        if not edition.tags:
            text = Text(f"▢ {edition.short}", self._st("untagged"))
            if key in changes.untagged:
                text.stylize(self._st("changed"))
            text.append("  no label — pullable by digest until GC", self._st("untagged"))
            if key in changes.untagged:
                text.append("  ← lost its last label", self._st("changed"))
            return text
        text = Text(f"▣ {edition.short}", self._st("changed") if key in changes.new_editions else "")
        text.append("  ")
        text.append_text(self._labels_text(host, repo, labels))
        if hidden:
            text.append(f"+{hidden} more", self._st("meta"))
        marks = []
        if key in changes.new_editions:
            marks.append("new edition")  # its labels are new with it: no need to list them
        words_for = (("moved", "to move here"), ("new", "to add")) if self.target_mode else (
            ("moved", "moved here"), ("new", "added"))
        for how, words in words_for:
            if how == "new" and key in changes.new_editions:
                continue
            tags = [t for t in ordered_labels(edition.tags) if changes.labels.get((host, repo, t)) == how]
            if tags:
                marks.append(" ".join(f"[{t}]" for t in tags) + f" {words}")
        if marks:
            text.append("← " + "; ".join(marks), self._st("changed"))
        text.rstrip()
        return text

    def _machine_label(self, world, name: str, count: int) -> Text:
        title = "Your laptop" if name == "laptop" else f"Machine {name}"
        where = " (you are here)" if name == world.current and len(world.machines) > 1 else ""
        return Text.assemble(
            (title, self._st("name")), (f"{where}  {count} image{'s' if count != 1 else ''}", self._st("meta"))
        )

    def _ref_text(self, ref: str) -> Text:
        tag = ref.rpartition(":")[2]
        style = self._st("latest") if tag == "latest" else Style()
        text = Text(ref, style + self._st("changed") if ref in self._changes.local_tags else style)
        if ref in self._changes.local_tags:
            text.append("  ← to make" if self.target_mode else "  ← tagged", self._st("changed"))
        return text

    def _image_label(self, world, image, changed: bool, inline: bool = True) -> Text:
        ident = s8(image.image_id)
        text = Text(f"▣ {ident}", self._st("changed") if changed else "")
        text.append("  ")
        if not inline:
            n = len(image.tags)
            text.append(f"{n} tags, one image" if n > 1 else "1 tag", self._st("meta"))
            return text
        if not image.tags:
            if image.dangling:
                text.append("<none>:<none>" if world.profile == "classic" else "<untagged>", self._st("untagged"))
            else:
                text.append("no tag (known by its digest only)", self._st("untagged"))
            return text
        text.append_text(self._ref_text(image.tags[0]))
        return text

"""The library picture: registries as libraries, repositories as shelves, manifests as editions.

Tags are labels stuck on editions (`latest` drawn reversed so it stands out);
untagged editions are dim. The learner's machine lists its local images. After
each command the shelves, editions and labels its events touched are
highlighted and a few notes say what changed in the metaphor's words.
Built from ``tutor.sim.query`` only, so the picture shows what lessons check.
"""

from __future__ import annotations

import re
from typing import ClassVar

from rich.style import Style
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.reactive import reactive
from textual.widgets import Static, Tree

from tutor.sim.changes import Changes, s8, summarize, target_changes
from tutor.ui.inline import code_spans

INLINE_LABELS = 6  # more labels than this on one edition fold into child rows
COLLAPSE_SHELVES_OVER = 6  # with more shelves than this, only changed shelves open by themselves
HUB = "docker.io"


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

    def style_for(self, name: str) -> Style:
        return self.get_component_rich_style(f"library--{name}", partial=True)


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

    notes: reactive[tuple[str, ...]] = reactive(tuple, init=False)

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._world = None
        self._changes = Changes()
        self._expanded: dict[str, bool] = {}
        self._styles: dict[str, Style] = {}  # component styles, looked up once per rebuild
        self._pending: dict[int, tuple] = {}  # collapsed shelf node id -> (host, shelf): filled when opened
        self.target_mode = False  # drawing the target (the goal's world), differences to now marked

    def compose(self) -> ComposeResult:
        tree = LibraryTree("library", id="library-tree")
        tree.show_root = False
        tree.guide_depth = 2
        yield tree
        with VerticalScroll(id="notes-box", classes="-empty"):
            yield Static("", id="library-notes", markup=False)

    def on_mount(self) -> None:
        self.watch(self.app, "theme", self._on_theme, init=False)

    def _on_theme(self) -> None:
        if self._world is not None:
            self._rebuild()

    @property
    def tree(self) -> LibraryTree:
        return self.query_one(LibraryTree)

    # --- public -------------------------------------------------------------

    def show(self, world, events=()) -> None:
        """Draw ``world``; highlight what ``events`` (the last command's) changed."""
        self.target_mode = False
        self._world = world
        self._changes = summarize(list(events), world)
        self._rebuild()
        self.notes = tuple(self._changes.notes)

    def show_target(self, target, now) -> None:
        """Draw ``target`` (the world once the goal holds) with what differs from ``now`` marked."""
        self.target_mode = True
        self._world = target
        self._changes = target_changes(target, now)
        self._rebuild()
        self.notes = ("Target: one way the goal holds (F2: back to now)", *self._changes.notes)

    def watch_notes(self, notes: tuple[str, ...]) -> None:
        box = self.query_one("#library-notes", Static)
        box.update(Text("\n").join(code_spans(f"• {note}") for note in notes))
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

    # --- drawing --------------------------------------------------------------

    def _remember_expansion(self) -> None:
        stack = [self.tree.root]
        while stack:
            node = stack.pop()
            if node.data is not None and node.allow_expand:
                self._expanded[node.data] = node.is_expanded
            stack.extend(node.children)

    def _open(self, key: str, default: bool, changed: bool = False) -> bool:
        if changed:
            self._expanded[key] = True
            return True
        return self._expanded.get(key, default)

    def _rebuild(self) -> None:
        from tutor.sim.query import local_images, shelves

        world, changes, tree = self._world, self._changes, self.tree
        self._remember_expansion()
        self._styles.clear()
        self._pending.clear()
        tree.clear()
        first_changed = None
        for host in sorted(world.registries, key=lambda h: (h == HUB, h)):
            shelf_list = shelves(world, host)
            touched = any(reg == host for reg, _ in changes.shelves)
            reg_node = tree.root.add(
                self._registry_label(host, len(shelf_list)),
                f"reg:{host}",
                expand=self._open(f"reg:{host}", host != HUB, touched),
            )
            if not shelf_list:
                reg_node.add_leaf(Text("(empty until a first push)", self._st("meta")))
            many = len(shelf_list) > COLLAPSE_SHELVES_OVER
            for shelf in shelf_list:
                node = self._add_shelf(reg_node, host, shelf, many)
                if first_changed is None and (host, shelf.path) in changes.shelves:
                    first_changed = node
        for name in world.machines:
            images = local_images(world, name)
            key = f"machine:{name}"
            m_node = tree.root.add(self._machine_label(world, name, len(images)), key, expand=self._open(key, True))
            if not images:
                m_node.add_leaf(Text("(no images yet: build or pull one)", self._st("meta")))
            for image in images:
                changed = image.digest in changes.local and name == world.current
                img_key = f"img:{name}@{image.digest}"
                label = self._image_label(world, image, changed)
                if len(image.tags) > 1 or 2 + label.cell_len > self._width():
                    # one row a tag: long names stay readable in a narrow picture
                    node = m_node.add(self._image_label(world, image, changed, inline=False), img_key, expand=self._open(img_key, True))
                    for ref in sorted(image.tags, key=_natural):
                        ref_label = self._ref_text(ref)
                        if 4 + ref_label.cell_len > self._width():
                            ref_label = self._fit(ref_label, 2)[0]  # the highlight still shows the change
                        node.add_leaf(ref_label)
                else:
                    node = m_node.add_leaf(label, img_key)
                if changed and first_changed is None:
                    first_changed = node
        if first_changed is not None:
            target = first_changed
            self.call_after_refresh(lambda: tree.scroll_to_node(target, animate=False))

    def _add_shelf(self, reg_node, host: str, shelf, many: bool):
        changes = self._changes
        key = f"shelf:{host}/{shelf.path}"
        touched = (host, shelf.path) in changes.shelves
        expand = self._open(key, not many, touched)
        node = reg_node.add(self._shelf_label(host, shelf), key, expand=expand)
        if expand and reg_node.is_expanded:
            self._add_editions(node, host, shelf)
        else:
            # A closed shelf gets its editions when it is opened: 25 shelves x 40 editions stay cheap.
            self._pending[node.id] = (host, shelf)
        return node

    def on_tree_node_expanded(self, event: Tree.NodeExpanded) -> None:
        node = event.node
        pending = self._pending.pop(node.id, None)
        if pending is not None:
            self._add_editions(node, *pending)
        # a library opened: fill its open shelves too
        for child in node.children:
            if child.is_expanded and child.id in self._pending:
                self._add_editions(child, *self._pending.pop(child.id))

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
            self.call_after_refresh(self._rebuild)  # rows are split to fit the width

    def _add_editions(self, node, host: str, shelf) -> None:
        for edition in shelf.editions:
            labels = ordered_labels(edition.tags)
            ed_key = f"ed:{host}/{shelf.path}@{edition.digest}"
            inline, rest = self._split_labels(labels)
            label, extra = self._fit(self._edition_label(host, shelf.path, edition, inline, len(rest)), 2)
            if rest or extra:
                ed_node = node.add(label, ed_key, expand=self._open(ed_key, False, changed=bool(extra)))
                for row in extra:
                    ed_node.add_leaf(row)
                for i in range(0, len(rest), INLINE_LABELS):
                    ed_node.add_leaf(self._labels_text(host, shelf.path, rest[i : i + INLINE_LABELS]))
            else:
                node.add_leaf(label, ed_key)

    @staticmethod
    def _split_labels(labels: list[str]) -> tuple[list[str], list[str]]:
        if len(labels) <= INLINE_LABELS:
            return labels, []
        keep = labels[: INLINE_LABELS - 1] + (["latest"] if "latest" in labels else labels[INLINE_LABELS - 1 : INLINE_LABELS])
        return keep, [t for t in labels if t not in keep]

    # --- labels -------------------------------------------------------------

    def _st(self, name: str) -> Style:
        style = self._styles.get(name)
        if style is None:
            style = self._styles[name] = self.tree.style_for(name)
        return style

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

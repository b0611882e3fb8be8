"""What a command changed, in the picture's terms: which shelves, editions and labels to highlight.

Pure (no Textual): built from a Result's events (tutor/sim/events.py) and the
world after the command. The notes are short sentences in the library
metaphor, shown under the picture ("`latest` moved from 3f2a9c1d to 9b07e411").
"""

from __future__ import annotations

from dataclasses import dataclass, field

from tutor.sim import events as ev
from tutor.sim.narrator import familiar, machine_words, picture_note, s8, swept_note, upload_note


@dataclass
class Changes:
    """What one command changed, in the library picture's terms."""

    new_shelves: set[tuple[str, str]] = field(default_factory=set)  # (registry, repository)
    shelves: set[tuple[str, str]] = field(default_factory=set)  # any shelf touched
    new_editions: set[tuple[str, str, str]] = field(default_factory=set)  # (registry, repository, digest)
    untagged: set[tuple[str, str, str]] = field(default_factory=set)
    labels: dict[tuple[str, str, str], str] = field(default_factory=dict)  # (registry, repo, tag) -> "new"|"moved"
    local: set[str] = field(default_factory=set)  # manifest digests of local images that changed
    local_tags: set[str] = field(default_factory=set)  # familiar "name:tag" refs added or moved
    notes: list[str] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.shelves or self.local or self.notes)


def summarize(events: list[ev.Event], world=None) -> Changes:
    """Fold a command's events into highlights and notes (one note per thing the learner should notice).

    The notes' words are the narrator's (tutor/sim/narrator.py), shared with ``explain``.
    """
    c = Changes()
    uploads: dict[tuple[str, str], list[int]] = {}  # (registry, repo) -> [pushed, skipped, mounted]
    # say where an image came from before what it is called
    ordered = sorted(events, key=lambda e: 0 if isinstance(e, ev.ImageBuilt | ev.ImagePulled) else 1)
    arrived = _arrived(events)
    for e in ordered:
        _highlight(c, e)
        _count_upload(uploads, e)
        note = picture_note(e, world, arrived)
        if note:
            c.notes.append(note)
    for (_registry, repo), counts in uploads.items():
        c.notes.insert(0, upload_note(repo, *counts))
    swept = sum(1 for e in events if isinstance(e, ev.BlobDeleted))
    if swept:
        c.notes.append(swept_note(swept))
    c.notes.extend(_latest_stayed(c, world))
    return c


def _arrived(events: list[ev.Event]) -> set[str]:
    """Images this very command brought (a build or a pull): their tags are not "another name for an old image"."""
    return {
        e.digest
        for e in events
        if (isinstance(e, ev.ImageBuilt) and not e.cached) or (isinstance(e, ev.ImagePulled) and e.new)
    }


def _highlight(c: Changes, e: ev.Event) -> None:  # noqa: C901 - one branch per event kind
    """What the picture marks for one event: shelves, editions, labels, local images."""
    if isinstance(e, ev.RepositoryCreated):
        c.new_shelves.add((e.registry, e.repository))
    if isinstance(e, ev.RepositoryCreated | ev.ManifestPushed | ev.RegistryTagAdded | ev.RegistryTagMoved
                  | ev.RegistryTagRemoved | ev.ManifestUntagged | ev.ManifestDeleted):
        c.shelves.add((e.registry, e.repository))
    if isinstance(e, ev.ManifestPushed) and e.new:
        c.new_editions.add((e.registry, e.repository, e.digest))
    elif isinstance(e, ev.RegistryTagAdded):
        c.labels[(e.registry, e.repository, e.tag)] = "new"
    elif isinstance(e, ev.RegistryTagMoved):
        c.labels[(e.registry, e.repository, e.tag)] = "moved"
    elif isinstance(e, ev.ManifestUntagged):
        c.untagged.add((e.registry, e.repository, e.digest))
    elif isinstance(e, ev.ImageBuilt | ev.ImagePulled | ev.ImageDangling):
        c.local.add(e.digest)
    elif isinstance(e, ev.LocalTagAdded | ev.LocalTagMoved):
        c.local.add(e.digest)
        c.local_tags.add(familiar(e.name, e.tag))


def _count_upload(uploads: dict[tuple[str, str], list[int]], e: ev.Event) -> None:
    """Layer and config blobs a push carried, skipped or mounted, per shelf (the build record's are not counted:
    the boxed set's note covers them)."""
    if isinstance(e, ev.BlobPushed | ev.BlobSkipped | ev.BlobMounted) and not e.record:
        counts = uploads.setdefault((e.registry, e.repository), [0, 0, 0])
        counts[0 if isinstance(e, ev.BlobPushed) else 1 if isinstance(e, ev.BlobSkipped) else 2] += 1


def _latest_stayed(c: Changes, world) -> list[str]:
    """`latest` conspicuously *not* moving: a push labelled another tag, `latest` stays where it was."""
    if world is None:
        return []
    out = []
    for registry, repo, tag in list(c.labels):
        if tag == "latest" or (registry, repo, "latest") in c.labels:
            continue
        reg = world.registry(registry)
        shelf = reg.repository(repo) if reg else None
        if shelf is None:
            continue
        latest, this = shelf.tags.get("latest"), shelf.tags.get(tag)
        note = None
        if latest and latest != this:
            note = f"`latest` did not move: it is still on {s8(latest)} (only a push naming latest moves it)"
        elif latest is None:
            note = f"shelf {repo} has no `latest` label: `docker pull {_pull_name(registry, repo)}` would fail"
        if note and note not in out:
            out.append(note)
    return out


def _pull_name(registry: str, repo: str) -> str:
    return repo.removeprefix("library/") if registry == "docker.io" else f"{registry}/{repo}"


# --- the target picture -----------------------------------------------------------------------


def target_changes(target, now) -> Changes:
    """What differs between ``now`` and ``target`` (the world once the goal holds), as picture marks.

    Marks are drawn on the *target* picture: labels still to add or to move there, shelves still
    to create, local tags still to make; notes list the same in words, plus labels that are now
    where the target has none. Editions are compared by the labels they share rather than by
    digest, since a learner's own build of the same sources can have another digest (attested
    builds differ on every build).
    """
    from tutor.sim.query import local_images, shelves

    c = Changes()
    for host in sorted(target.registries):
        now_shelves = {shelf.path: shelf for shelf in shelves(now, host)} if host in now.registries else {}
        for shelf in shelves(target, host):
            had = now_shelves.get(shelf.path)
            if had is None:
                c.new_shelves.add((host, shelf.path))
                c.shelves.add((host, shelf.path))
                c.notes.append(f"shelf {shelf.path} in {host} does not exist yet (a first push creates it)")
            now_editions = list(had.editions) if had else []
            now_edition_of = {tag: ed.digest for ed in now_editions for tag in ed.tags}
            now_groups = {tag: set(ed.tags) for ed in now_editions for tag in ed.tags}
            for edition in shelf.editions:
                match = _matching_edition(edition, now_editions)
                for tag in edition.tags:
                    if tag not in now_edition_of:
                        c.labels[(host, shelf.path, tag)] = "new"
                        c.shelves.add((host, shelf.path))
                        if had is not None:
                            c.notes.append(f"label [{tag}] is not on shelf {shelf.path} yet")
                    elif match is None or now_edition_of[tag] != match:
                        c.labels[(host, shelf.path, tag)] = "moved"
                        c.shelves.add((host, shelf.path))
                        with_ = sorted(set(edition.tags) - {tag})
                        c.notes.append(
                            f"label [{tag}] on shelf {shelf.path} must move to "
                            + ("the edition with " + " ".join(f"[{t}]" for t in with_) if with_ else "a new edition")
                        )
            target_tags = {t for ed in shelf.editions for t in ed.tags}
            for tag in sorted(set(now_groups) - target_tags):
                c.notes.append(f"label [{tag}] on shelf {shelf.path} is not in the target")
            untagged_now = sum(1 for ed in (had.editions if had else ()) if not ed.tags)
            untagged_target = sum(1 for ed in shelf.editions if not ed.tags)
            if untagged_now != untagged_target:
                c.notes.append(
                    f"shelf {shelf.path}: {untagged_target} unlabelled edition"
                    f"{'s' if untagged_target != 1 else ''} in the target, {untagged_now} now"
                )
        for path in sorted(set(now_shelves) - {s.path for s in shelves(target, host)}):
            c.notes.append(f"shelf {path} in {host} is not in the target")
    for name in target.machines:
        have = {tag for image in local_images(now, name) for tag in image.tags} if name in now.machines else set()
        for image in local_images(target, name):
            for tag in image.tags:
                if tag not in have:
                    c.local_tags.add(tag)
                    c.local.add(image.digest)
                    c.notes.append(f"{machine_words(name)} has no image {tag} yet")
        gone = have - {tag for image in local_images(target, name) for tag in image.tags}
        for tag in sorted(gone):
            c.notes.append(f"{machine_words(name)}: image {tag} is not in the target")
    if not c.notes:
        c.notes.append("the library already looks like the target")
    return c


def _matching_edition(edition, candidates) -> str | None:
    """The edition now that stands for ``edition`` of the target: the same digest, else most shared labels."""
    for candidate in candidates:
        if candidate.digest == edition.digest:
            return candidate.digest
    best, shared = None, 0
    for candidate in candidates:
        n = len(set(candidate.tags) & set(edition.tags))
        if n > shared:
            best, shared = candidate.digest, n
    return best

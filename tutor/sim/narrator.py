"""The learner-facing words for what a command did: one narrator for ``explain`` and the picture's notes.

``narrate`` tells every event of a command in a full sentence, in the library metaphor (registry =
library, repository = shelf, manifest = edition, tag = label): what ``explain`` prints.
``picture_note`` says the same events as the short notes under the library picture (the TUI's and
``learn --plain``'s), ``upload_note``/``swept_note`` sum up a push's blobs and a garbage collection.
Machines are named one way everywhere: ``machine_words`` (``your laptop``, from
``tutor.sim.world.LAPTOP_WORDS``). Pure: no Textual, no I/O.
"""

from __future__ import annotations

from tutor.sim import events as ev
from tutor.sim.content import short as content_short
from tutor.sim.world import LAPTOP, LAPTOP_WORDS

# --- explain: one sentence per event ----------------------------------------------------------


def short(digest: str) -> str:
    """The first 8 hex digits after ``sha256:``."""
    return digest.split(":", 1)[1][:8] if ":" in digest else digest[:8]


def _lib(registry: str) -> str:
    return "library docker.io (Docker Hub)" if registry == "docker.io" else f"library {registry}"


def machine_words(machine: str, current: str | None = None) -> str:
    """``your laptop``; the machine you are on as ``this machine (NAME)`` when ``current`` is given;
    any other as ``machine NAME``."""
    if machine == LAPTOP:
        return LAPTOP_WORDS
    return f"this machine ({machine})" if machine == current else f"machine {machine}"


def _narrate_config(e: ev.BlobPushed | ev.BlobSkipped | ev.BlobMounted) -> str:
    """The config blob is the edition's title page (command, settings, layer list), not a layer.

    Not "index card": an index is the boxed set Docker 29 pushes, and the two words would collide.
    """
    where = _shelf(e.registry, e.repository)
    if isinstance(e, ev.BlobPushed):
        return f"The edition's title page (its config, {short(e.digest)}) was carried to {where}."
    if isinstance(e, ev.BlobSkipped):
        return f"The edition's title page (its config, {short(e.digest)}) was already on {where}."
    return f"The edition's title page (its config, {short(e.digest)}) was borrowed from shelf {e.source} for {where}."


def _shelf(registry: str, repository: str) -> str:
    return f"shelf {repository} in {_lib(registry)}"


def narrate(events: list[ev.Event], home: str | None = None) -> list[str]:
    """One sentence per event, in the library metaphor (what ``explain`` prints)."""
    untagged = {(e.registry, e.repository, e.digest) for e in events if isinstance(e, ev.ManifestUntagged)}
    told: set[tuple[str, str, str]] = set()
    lines: list[str] = []
    for e in events:
        line = _sentence(e, untagged, told, home)
        if line:
            lines.append(line)
    return lines


_NOT_MINE = object()  # a narrator family's answer for an event it does not tell about


def _sentence(e: ev.Event, untagged: set, told: set, home: str | None) -> str | None:
    for family in (_sentence_on_a_machine, _sentence_at_a_library, _sentence_elsewhere):
        said = family(e, untagged, told, home)
        if said is not _NOT_MINE:
            return said
    return f"Something happened: {e.kind}."


def _sentence_on_a_machine(e: ev.Event, untagged: set, told: set, home: str | None) -> object:  # noqa: C901
    """Builds, pulls, deletes and labels in a machine's own image store."""
    if isinstance(e, ev.ImageBuilt) and e.edition:
        # an attested build (Docker 29's default): a boxed set holding the edition and its build record
        if e.same_edition:
            return (
                f"Nothing in the sources changed, so the edition inside ({short(e.edition)}) is the one "
                f"{machine_words(e.machine)} already had; but the build packed it with a new build record "
                f"(provenance: who built it, when) into a new boxed set {short(e.digest)}, so the image ID is new."
            )
        return (
            f"A new boxed set {short(e.digest)} was made on {machine_words(e.machine)}: edition {short(e.edition)} "
            "plus its build record; it is not on any library shelf until you push it."
        )
    if isinstance(e, ev.ImageBuilt):
        if e.cached:
            return (
                f"Nothing in the sources changed, so the build gave the same edition {short(e.digest)} "
                f"that {machine_words(e.machine)} already had."
            )
        return (
            f"A new edition {short(e.digest)} was made on {machine_words(e.machine)}; "
            "it is not on any library shelf until you push it."
        )
    if isinstance(e, ev.ImagePulled):
        if e.new:
            return f"A copy of edition {short(e.digest)} came from {_shelf(e.registry, e.repository)} to {machine_words(e.machine)}."
        return (
            f"{machine_words(e.machine).capitalize()} already had edition {short(e.digest)} from "
            f"{_shelf(e.registry, e.repository)}, so nothing was fetched."
        )
    if isinstance(e, ev.ImageDeleted):
        return (
            f"Edition {short(e.digest)} was thrown away on {machine_words(e.machine)}; "
            "copies on library shelves are untouched."
        )
    if isinstance(e, ev.LocalTagAdded):
        return (
            f"On {machine_words(e.machine)}, the label `{e.tag}` of {e.name} was stuck on edition {short(e.digest)}."
        )
    if isinstance(e, ev.LocalTagMoved):
        return (
            f"On {machine_words(e.machine)}, the label `{e.tag}` of {e.name} moved from edition "
            f"{short(e.old_digest)} to edition {short(e.digest)}."
        )
    if isinstance(e, ev.LocalTagRemoved):
        return f"On {machine_words(e.machine)}, the label `{e.tag}` of {e.name} was peeled off edition {short(e.digest)}."
    if isinstance(e, ev.ImageDangling):
        return (
            f"Edition {short(e.digest)} on {machine_words(e.machine)} has no label left; it is still stored until you "
            "remove it (`docker images -a` lists it as <untagged>, or <none> in the classic table)."
        )
    if isinstance(e, ev.RepositoryCreated):
        return (
            f"{_lib(e.registry).capitalize()} got a new shelf, {e.repository}: here, as on Docker Hub, a shelf "
            "appears with its first push (some registries, such as Amazon ECR, want it created first)."
        )
    return _NOT_MINE


def _sentence_at_a_library(e: ev.Event, untagged: set, told: set, home: str | None) -> object:  # noqa: C901
    """Pushes, labels and deletes at a registry (a library)."""
    if isinstance(e, (ev.BlobPushed, ev.BlobSkipped, ev.BlobMounted)) and e.record:
        where = _shelf(e.registry, e.repository)
        done = {ev.BlobPushed: "was carried to", ev.BlobSkipped: "was already on"}.get(type(e), "was borrowed for")
        return f"A page of the build record ({short(e.digest)}) {done} {where}."
    if isinstance(e, (ev.BlobPushed, ev.BlobSkipped, ev.BlobMounted)) and e.config:
        return _narrate_config(e)
    if isinstance(e, ev.BlobPushed):
        return f"Layer {short(e.digest)} was carried to {_shelf(e.registry, e.repository)}."
    if isinstance(e, ev.BlobSkipped):
        return (
            f"Layer {short(e.digest)} was already on {_shelf(e.registry, e.repository)}, "
            'so it was not carried again ("Layer already exists").'
        )
    if isinstance(e, ev.BlobMounted):
        return (
            f"Layer {short(e.digest)} was borrowed from shelf {e.source} for {_shelf(e.registry, e.repository)} "
            f'without uploading it again ("Mounted from {e.source}").'
        )
    if isinstance(e, ev.ManifestPushed) and e.edition:
        if e.new:
            return (
                f"Boxed set {short(e.digest)} (edition {short(e.edition)} with its build record) was placed on "
                f"{_shelf(e.registry, e.repository)}."
            )
        return f"{_shelf(e.registry, e.repository).capitalize()} already had boxed set {short(e.digest)}; nothing new was placed."
    if isinstance(e, ev.ManifestPushed):
        if e.new:
            return f"Edition {short(e.digest)} was placed on {_shelf(e.registry, e.repository)}."
        return f"{_shelf(e.registry, e.repository).capitalize()} already had edition {short(e.digest)}; nothing new was placed."
    if isinstance(e, ev.RegistryTagAdded):
        return f"The label `{e.tag}` was stuck on edition {short(e.digest)} on {_shelf(e.registry, e.repository)}."
    if isinstance(e, ev.RegistryTagMoved):
        key = (e.registry, e.repository, e.old_digest)
        first = (
            f"The label `{e.tag}` on {_shelf(e.registry, e.repository)} moved from edition "
            f"{short(e.old_digest)} to edition {short(e.digest)}."
        )
        if key in untagged:
            told.add(key)
            return (
                first + " The old edition is still on the shelf, unlabelled; it can be fetched by digest "
                "until it is deleted by digest or collected with garbage-collect --delete-untagged."
            )
        return first + " The old edition is still on the shelf under its other labels."
    if isinstance(e, ev.RegistryTagRemoved):
        return f"The label `{e.tag}` was peeled off edition {short(e.digest)} on {_shelf(e.registry, e.repository)}."
    if isinstance(e, ev.ManifestUntagged):
        if (e.registry, e.repository, e.digest) in told:
            return None
        return (
            f"Edition {short(e.digest)} on {_shelf(e.registry, e.repository)} has no label left; it is still "
            "there and can be fetched by digest until it is deleted by digest or collected with "
            "garbage-collect --delete-untagged."
        )
    if isinstance(e, ev.ManifestDeleted):
        return f"Edition {short(e.digest)} was taken off {_shelf(e.registry, e.repository)}, and its labels with it."
    if isinstance(e, ev.BlobDeleted):
        return (
            f"Garbage collection in {_lib(e.registry)} swept away layer {short(e.digest)}, "
            "which no edition used any more."
        )
    if isinstance(e, ev.RepositoryRemoved):
        return f"Garbage collection removed the empty shelf {e.repository} from {_lib(e.registry)}."
    return _NOT_MINE


def _sentence_elsewhere(e: ev.Event, untagged: set, told: set, home: str | None) -> object:  # noqa: C901
    """Logins, containers, files and folders."""
    if isinstance(e, ev.LoggedIn):
        return (
            f"{machine_words(e.machine).capitalize()} now holds a library card for {_lib(e.registry)} "
            f"as {e.username}; pushes there use it."
        )
    if isinstance(e, ev.LoggedOut):
        return f"{machine_words(e.machine).capitalize()} handed back its library card for {_lib(e.registry)}."
    if isinstance(e, ev.ContainerRan):
        return (
            f"{machine_words(e.machine).capitalize()} started container {e.name} ({e.container_id[:12]}) from edition "
            f"{short(e.digest)}; the edition itself is unchanged."
        )
    if isinstance(e, ev.ContainerRemoved):
        return (
            f"Container {e.container_id[:12]} was removed from {machine_words(e.machine)}; "
            "the edition it came from is untouched."
        )
    if isinstance(e, ev.FileWritten):
        return (
            f"The file {_tilde(e.path, home)} on {machine_words(e.machine)} was written: the next docker build "
            "of a folder holding it makes a new edition."
        )
    if isinstance(e, ev.DirectoryChanged):
        return f"You moved to {_tilde(e.path, home)} on {machine_words(e.machine)}; no library changed."
    return _NOT_MINE


def _tilde(path: str, home: str | None) -> str:
    if home and (path == home or path.startswith(home.rstrip("/") + "/")):
        return "~" + path[len(home.rstrip("/")) :]
    return path


# --- the picture's notes: one short note per thing to notice ----------------------------------


def s8(digest: str) -> str:
    """The 8 hex digits the picture shows (``sha256:`` dropped)."""
    return content_short(digest, 8)


def picture_note(e: ev.Event, world=None, arrived: frozenset | set = frozenset()) -> str | None:
    """The note under the picture for one event, or None (blob uploads are summed up by ``upload_note``).

    ``arrived``: digests of images this very command built or pulled, so their tags read as names
    of the new image rather than "another name for an old image".
    """
    note = _note_at_a_library(e)
    return note if note is not _NOT_MINE else _note_on_a_machine(e, world, arrived)


def _note_at_a_library(e: ev.Event) -> object:  # noqa: C901 - one branch per event kind
    if isinstance(e, ev.RepositoryCreated):
        return f"new shelf {e.repository} in {e.registry} (created by its first push)"
    if isinstance(e, ev.ManifestPushed):
        if not e.new:
            return None
        what = f"boxed set {s8(e.digest)} (edition {s8(e.edition)} inside)" if e.edition else f"edition {s8(e.digest)}"
        return f"new {what} on shelf {e.repository}"
    if isinstance(e, ev.RegistryTagAdded):
        return f"label [{e.tag}] put on edition {s8(e.digest)} (shelf {e.repository})"
    if isinstance(e, ev.RegistryTagMoved):
        return f"`{e.tag}` moved from {s8(e.old_digest)} to {s8(e.digest)} (shelf {e.repository})"
    if isinstance(e, ev.RegistryTagRemoved):
        return f"label [{e.tag}] taken off edition {s8(e.digest)} (shelf {e.repository})"
    if isinstance(e, ev.ManifestUntagged):
        return (
            f"edition {s8(e.digest)} on shelf {e.repository} has no label left — "
            "still pullable by digest until deleted by digest or garbage-collected with --delete-untagged"
        )
    if isinstance(e, ev.ManifestDeleted):
        return f"edition {s8(e.digest)} removed from shelf {e.repository}"
    if isinstance(e, ev.RepositoryRemoved):
        return f"shelf {e.repository} removed from {e.registry} (nothing left on it)"
    if isinstance(e, ev.BlobDeleted | ev.BlobPushed | ev.BlobSkipped | ev.BlobMounted):
        return None  # summed up: upload_note, swept_note
    return _NOT_MINE


def _note_on_a_machine(e: ev.Event, world, arrived) -> str | None:  # noqa: C901 - one branch per event kind
    if isinstance(e, ev.ImageBuilt):
        return _build_note(e, world)
    if isinstance(e, ev.ImagePulled):
        where = f"{e.registry}/{e.repository}"
        if e.new:
            return f"copied edition {s8(e.digest)} from {where} to {_picture_machine(e.machine, world)}"
        return f"already had edition {s8(e.digest)} of {where}: nothing copied"
    if isinstance(e, ev.LocalTagAdded):
        if e.digest in arrived:
            return f"tag {familiar(e.name, e.tag)} names the new image {image_id(e.digest, world)}"
        return f"tag {familiar(e.name, e.tag)} now names image {image_id(e.digest, world)} (no new image)"
    if isinstance(e, ev.LocalTagMoved):
        return (
            f"tag {familiar(e.name, e.tag)} moved from {image_id(e.old_digest, world)} "
            f"to {image_id(e.digest, world)}"
        )
    if isinstance(e, ev.LocalTagRemoved):
        return f"tag {familiar(e.name, e.tag)} removed from {_picture_machine(e.machine, world)}"
    if isinstance(e, ev.ImageDangling):
        return f"image {image_id(e.digest, world)} has no tag left (still stored, shown untagged)"
    if isinstance(e, ev.ImageDeleted):
        return f"image {s8(e.digest)} deleted from {_picture_machine(e.machine, world)}"
    return None


def _build_note(e: ev.ImageBuilt, world) -> str:
    if e.cached:
        return f"nothing changed: the build gave the same image {image_id(e.digest, world)}"
    if e.edition and e.same_edition:
        return f"same edition {s8(e.edition)} inside, new build record: new boxed set {image_id(e.digest, world)}"
    built = f"built image {image_id(e.digest, world)} on {_picture_machine(e.machine, world)}"
    return f"{built}: a boxed set holding edition {s8(e.edition)} and its build record" if e.edition else built


def upload_note(repository: str, pushed: int, skipped: int, mounted: int) -> str:
    """A push's blobs for one shelf. Blobs = the layers plus the image config, so one more than the
    "Pushed" lines Docker prints."""
    parts = [f"{pushed} uploaded"] if pushed else []
    parts += [f"{skipped} already there"] if skipped else []
    parts += [f"{mounted} mounted from another shelf"] if mounted else []
    return f"blobs (layers + config) for {repository}: " + ", ".join(parts)


def swept_note(blobs: int) -> str:
    return f"garbage collection swept {blobs} blob{'s' if blobs != 1 else ''}"


def familiar(name: str, tag: str) -> str:
    """A local tag as `docker images` would let you type it: ``myapp1:latest``, no ``docker.io/library/``."""
    name = name.removeprefix("docker.io/").removeprefix("library/")
    return f"{name}:{tag}"


def _picture_machine(name: str, world) -> str:
    return machine_words(name, world.current if world is not None else None)


def image_id(digest: str, world) -> str:
    """A local image as `docker images` shows its ID: the config digest on the classic profile."""
    if world is not None:
        for machine in world.machines.values():
            image = machine.store.get(digest)
            if image is not None:
                return s8(image.image_id(world.profile))
    return s8(digest)

"""Read-only questions about a world, in the terms lessons and the picture use.

Lesson goals, the library picture and quizzes ask these instead of poking at
the model, so the wording of a goal and the state it checks stay one thing.
References are given as the learner would type them (``localhost:5000/myapp1:1.0``).
"""

from __future__ import annotations

from dataclasses import dataclass

from tutor.sim import reference
from tutor.sim.content import Image, short


def _split(ref_text: str) -> tuple[str, str, str]:
    """-> (registry host, repository path, tag-or-digest) for a reference text."""
    ref = reference.parse(ref_text)
    return ref.domain, ref.path, ref.digest or ref.tag or "latest"


def registry_digest(world, ref_text: str) -> str | None:
    """The manifest digest a registry tag (or digest) resolves to, or None."""
    host, path, what = _split(ref_text)
    registry = world.registry(host)
    if registry is None:
        return None
    image = registry.resolve(path, what)
    return image.manifest_digest if image else None


def local_digest(world, ref_text: str, machine: str | None = None) -> str | None:
    """The manifest digest a local tag points at, or None."""
    ref = reference.parse(ref_text)
    store = world.machines[machine or world.current].store
    if ref.digest:
        return store.digest_refs.get(f"{ref.name}@{ref.digest}") or (ref.digest if ref.digest in store.images else None)
    return store.tag_digest(ref.name, ref.tag or "latest")


def repositories(world, host: str) -> list[str]:
    registry = world.registry(host)
    return registry.catalog() if registry else []


def registry_tags(world, repo_text: str) -> dict[str, str]:
    """Tags of a registry repository (``localhost:5000/myapp1``) -> manifest digest."""
    ref = reference.parse(repo_text)
    registry = world.registry(ref.domain)
    repo = registry.repository(ref.path) if registry else None
    return dict(sorted(repo.tags.items())) if repo else {}


def app_version(image: Image) -> str | None:
    """What the app in an image says when run: the first print() string, if any (for goal wording)."""
    from tutor.sim.apps import printed_lines

    lines = printed_lines(image)
    return lines[0] if lines else None


@dataclass(frozen=True)
class Edition:
    """A manifest on a shelf: its digest, labels, and where it came from."""

    digest: str
    tags: tuple[str, ...]
    order: int  # push order on the shelf (1 = first)

    @property
    def short(self) -> str:
        return short(self.digest, 8)


@dataclass(frozen=True)
class Shelf:
    """A repository as the picture shows it: its editions."""

    registry: str
    path: str
    editions: tuple[Edition, ...]


def shelves(world, host: str) -> list[Shelf]:
    registry = world.registry(host)
    if registry is None:
        return []
    return [_shelf(host, path, registry.repositories[path]) for path in registry.catalog()]


def shelf(world, host: str, path: str) -> Shelf | None:
    """One shelf, without building the others (the picture redraws only the shelves that changed)."""
    registry = world.registry(host)
    repo = registry.repository(path) if registry else None
    return _shelf(host, path, repo) if repo is not None else None


def _shelf(host: str, path: str, repo) -> Shelf:
    by_digest: dict[str, list[str]] = {}  # one pass over the tags, not one per manifest
    for tag, digest in repo.tags.items():
        by_digest.setdefault(digest, []).append(tag)
    editions = tuple(
        Edition(digest, tuple(sorted(by_digest.get(digest, ()))), i + 1)  # sorted, as tags_of gives them
        for i, digest in enumerate(repo.manifests)
    )
    return Shelf(host, path, editions)


def shelf_states(world, host: str) -> dict[str, tuple]:
    """Shelf path -> a value equal between two calls exactly when the shelf's editions and labels are.

    Cheap next to ``shelves`` (no objects per edition): the picture compares these to find the
    shelves a command changed, whatever changed them (a command, undo, a loaded world).
    """
    registry = world.registry(host)
    if registry is None:
        return {}
    repos = registry.repositories
    return {path: (tuple(repos[path].manifests), tuple(repos[path].tags.items())) for path in registry.catalog()}


def machine_state(world, machine: str) -> tuple:
    """A value equal between two calls exactly when ``local_images(world, machine)`` is (same use)."""
    store = world.machines[machine].store
    return world.profile, tuple(store.images), tuple(store.tags.items()), tuple(store.digest_refs.items())


@dataclass(frozen=True)
class LocalImage:
    """A local image as the picture shows it: digest, ID and familiar tags."""

    digest: str
    image_id: str
    tags: tuple[str, ...]  # familiar "name:tag" strings
    dangling: bool


def local_images(world, machine: str | None = None) -> list[LocalImage]:
    m = world.machines[machine or world.current]
    store = m.store
    result = []
    for digest, image in store.images.items():
        tags = tuple(familiar_key(key) for key in store.tags_of(digest))
        result.append(LocalImage(digest, image.image_id(world.profile), tags, store.is_dangling(digest)))
    return result


def familiar_key(key: str) -> str:
    """``docker.io/library/myapp1:1.0`` -> ``myapp1:1.0`` (FamiliarString of a store key)."""
    return reference.parse(key).familiar_string()

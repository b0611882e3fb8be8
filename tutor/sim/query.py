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
    result = []
    for path in registry.catalog():
        repo = registry.repositories[path]
        by_digest: dict[str, list[str]] = {}  # one pass over the tags, not one per manifest
        for tag, digest in repo.tags.items():
            by_digest.setdefault(digest, []).append(tag)
        editions = tuple(
            Edition(digest, tuple(sorted(by_digest.get(digest, ()))), i + 1)  # sorted, as tags_of gives them
            for i, digest in enumerate(repo.manifests)
        )
        result.append(Shelf(host, path, editions))
    return result


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

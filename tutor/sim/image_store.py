"""A machine's local image store: images, tags, digest references, build cache.

Names are fully normalised (``docker.io/library/myapp1``); a tag key is
``name:tag``. Methods change state and return the events they caused; the
docker command layer words the output.
"""

from __future__ import annotations

from dataclasses import field

from tutor.sim import events as ev
from tutor.sim.content import Image
from tutor.sim.journal import Journaled
from tutor.sim.records import record


def split_key(key: str) -> tuple[str, str]:
    """``localhost:5000/myapp1:1.0`` -> (``localhost:5000/myapp1``, ``1.0``); the tag is after the last colon."""
    name, _, tag = key.rpartition(":")
    return name, tag


@record
class ImageStore(Journaled):
    """A machine's local images: manifests by digest, tags and digest references, build cache."""

    # bookkeeping a learner does not see as a change (same_state ignores it too)
    __journal_quiet__ = frozenset(
        {"arrived", "tagged_at", "build_cache", "blob_sources", "_keys_by_digest", "_tags_by_name"}
    )

    machine: str
    images: dict[str, Image] = field(default_factory=dict)  # manifest digest -> image, in arrival order
    tags: dict[str, str] = field(default_factory=dict)  # "name:tag" -> manifest digest
    digest_refs: dict[str, str] = field(default_factory=dict)  # "name@sha256:..." -> manifest digest
    arrived: dict[str, int] = field(default_factory=dict)  # manifest digest -> clock when stored
    # manifest digest -> clock of its last tagging (graphdriver SetLastUpdated in TagImage: docker tag and a
    # build's -t, not a pull): image inspect's Metadata.LastTagTime
    tagged_at: dict[str, int] = field(default_factory=dict)
    build_cache: dict[str, str] = field(default_factory=dict)  # build cache key -> manifest digest
    # Which registry repositories each blob is known to be in (how the daemon decides to mount).
    blob_sources: dict[str, set[tuple[str, str]]] = field(default_factory=dict)
    # Indexes over `tags` (kept in step by set_tag/remove_tag/delete_image): lookups stay O(1)
    # with thousands of tags, which the 25 apps x 40 versions benchmark has.
    _keys_by_digest: dict[str, dict[str, None]] = field(default_factory=dict, init=False, repr=False, compare=False)
    _tags_by_name: dict[str, dict[str, None]] = field(default_factory=dict, init=False, repr=False, compare=False)

    def __init__(
        self,
        machine: str,
        images: dict[str, Image] | None = None,
        tags: dict[str, str] | None = None,
        digest_refs: dict[str, str] | None = None,
        arrived: dict[str, int] | None = None,
        tagged_at: dict[str, int] | None = None,
        build_cache: dict[str, str] | None = None,
        blob_sources: dict[str, set[tuple[str, str]]] | None = None,
    ) -> None:
        self.machine = machine
        self.images = {} if images is None else images
        self.tags = {} if tags is None else tags
        self.digest_refs = {} if digest_refs is None else digest_refs
        self.arrived = {} if arrived is None else arrived
        self.tagged_at = {} if tagged_at is None else tagged_at
        self.build_cache = {} if build_cache is None else build_cache
        self.blob_sources = {} if blob_sources is None else blob_sources
        self._keys_by_digest = {}
        self._tags_by_name = {}
        self.__post_init__()

    def __post_init__(self) -> None:
        for key, digest in self.tags.items():
            self._index(key, digest)

    def _index(self, key: str, digest: str) -> None:
        name, tag = split_key(key)
        self._keys_by_digest.setdefault(digest, {})[key] = None
        self._tags_by_name.setdefault(name, {})[tag] = None

    def _unindex(self, key: str, digest: str) -> None:
        name, tag = split_key(key)
        self._keys_by_digest.get(digest, {}).pop(key, None)
        self._tags_by_name.get(name, {}).pop(tag, None)

    # --- queries --------------------------------------------------------

    def get(self, digest: str) -> Image | None:
        return self.images.get(digest)

    def tag_digest(self, name: str, tag: str) -> str | None:
        return self.tags.get(f"{name}:{tag}")

    def tags_of(self, digest: str) -> list[str]:
        return list(self._keys_by_digest.get(digest, ()))

    def digest_refs_of(self, digest: str) -> list[str]:
        return [key for key, d in self.digest_refs.items() if d == digest]

    def is_dangling(self, digest: str) -> bool:
        return not self.tags_of(digest) and not self.digest_refs_of(digest)

    def has_layer(self, layer_digest: str) -> bool:
        return any(layer.digest == layer_digest for image in self.images.values() for layer in image.layers)

    def tags_in_repository(self, name: str) -> list[str]:
        """Tags of one repository, in the order they were created."""
        return list(self._tags_by_name.get(name, ()))

    def find_by_id_prefix(self, prefix: str, profile: str) -> list[Image]:
        prefix = prefix.removeprefix("sha256:")
        return [
            image for image in self.images.values() if image.image_id(profile).removeprefix("sha256:").startswith(prefix)
        ]

    # --- changes --------------------------------------------------------

    def add_image(self, image: Image, clock: int) -> bool:
        """Store an image; False when it was already there."""
        if image.manifest_digest in self.images:
            return False
        self.images[image.manifest_digest] = image
        self.arrived[image.manifest_digest] = clock
        return True

    def set_tag(self, name: str, tag: str, digest: str) -> list[ev.Event]:
        key = f"{name}:{tag}"
        old = self.tags.get(key)
        if old == digest:
            return []
        self.tags[key] = digest
        if old is not None:
            self._unindex(key, old)
        self._index(key, digest)
        if old is None:
            return [ev.LocalTagAdded(self.machine, name, tag, digest)]
        events: list[ev.Event] = [ev.LocalTagMoved(self.machine, name, tag, old, digest)]
        if self.is_dangling(old):
            events.append(ev.ImageDangling(self.machine, old))
        return events

    def remove_tag(self, name: str, tag: str) -> list[ev.Event]:
        key = f"{name}:{tag}"
        digest = self.tags.pop(key)
        self._unindex(key, digest)
        return [ev.LocalTagRemoved(self.machine, name, tag, digest)]

    def add_digest_ref(self, name: str, digest: str) -> None:
        self.digest_refs[f"{name}@{digest}"] = digest

    def delete_image(self, digest: str) -> list[ev.Event]:
        for key in self.tags_of(digest):
            del self.tags[key]
            self._unindex(key, digest)
        for key in self.digest_refs_of(digest):
            del self.digest_refs[key]
        self.images.pop(digest, None)
        self.arrived.pop(digest, None)
        self.tagged_at.pop(digest, None)
        return [ev.ImageDeleted(self.machine, digest)]

    def note_blob_source(self, blob: str, registry: str, repository: str) -> None:
        sources = self.blob_sources.get(blob)
        if sources is None:
            sources = self.blob_sources.setdefault(blob, set())  # the stored (maybe journaled) set
        sources.add((registry, repository))

    def clone(self) -> ImageStore:
        return ImageStore(
            machine=self.machine,
            images=dict(self.images),
            tags=dict(self.tags),
            digest_refs=dict(self.digest_refs),
            arrived=dict(self.arrived),
            tagged_at=dict(self.tagged_at),
            build_cache=dict(self.build_cache),
            blob_sources={k: set(v) for k, v in self.blob_sources.items()},
        )

"""Typed events every command emits.

The UI animates them, ``explain`` narrates them in the library metaphor, and
tests assert on them. They are plain frozen dataclasses of strings so they can
be compared, hashed and serialised.

Naming: ``machine`` is a machine name (``laptop``), ``registry`` a registry
host (``localhost:5000``, ``docker.io``), ``repository`` a registry path
(``myapp1``, ``library/ubuntu``), ``name`` a fully normalised local name
(``localhost:5000/myapp1``), ``digest`` a full ``sha256:`` manifest digest.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Event:
    @property
    def kind(self) -> str:
        return type(self).__name__


# --- the local image store -------------------------------------------------


@dataclass(frozen=True)
class ImageBuilt(Event):
    machine: str
    digest: str  # manifest digest
    cached: bool  # True when nothing changed and the build reused the existing image


@dataclass(frozen=True)
class ImagePulled(Event):
    machine: str
    registry: str
    repository: str
    digest: str
    new: bool  # False for "Image is up to date"


@dataclass(frozen=True)
class ImageDeleted(Event):
    machine: str
    digest: str


@dataclass(frozen=True)
class LocalTagAdded(Event):
    machine: str
    name: str
    tag: str
    digest: str


@dataclass(frozen=True)
class LocalTagMoved(Event):
    machine: str
    name: str
    tag: str
    old_digest: str
    digest: str


@dataclass(frozen=True)
class LocalTagRemoved(Event):
    machine: str
    name: str
    tag: str
    digest: str


@dataclass(frozen=True)
class ImageDangling(Event):
    """An image lost its last tag but is still stored (``<none>`` / ``<untagged>``)."""

    machine: str
    digest: str


# --- registries ------------------------------------------------------------


@dataclass(frozen=True)
class RepositoryCreated(Event):
    registry: str
    repository: str


@dataclass(frozen=True)
class BlobPushed(Event):
    registry: str
    repository: str
    digest: str
    config: bool = False  # the image config blob rather than a layer


@dataclass(frozen=True)
class BlobSkipped(Event):
    """"Layer already exists": the repository already had this blob."""

    registry: str
    repository: str
    digest: str
    config: bool = False  # the image config blob rather than a layer


@dataclass(frozen=True)
class BlobMounted(Event):
    """"Mounted from X": the blob was in another repository of the same registry."""

    registry: str
    repository: str
    digest: str
    source: str
    config: bool = False  # the image config blob rather than a layer


@dataclass(frozen=True)
class ManifestPushed(Event):
    registry: str
    repository: str
    digest: str
    new: bool  # False when the registry already had this exact manifest


@dataclass(frozen=True)
class RegistryTagAdded(Event):
    registry: str
    repository: str
    tag: str
    digest: str


@dataclass(frozen=True)
class RegistryTagMoved(Event):
    registry: str
    repository: str
    tag: str
    old_digest: str
    digest: str


@dataclass(frozen=True)
class RegistryTagRemoved(Event):
    registry: str
    repository: str
    tag: str
    digest: str


@dataclass(frozen=True)
class ManifestUntagged(Event):
    """A manifest has no tag left in its repository; still pullable by digest until GC."""

    registry: str
    repository: str
    digest: str


@dataclass(frozen=True)
class ManifestDeleted(Event):
    registry: str
    repository: str
    digest: str


@dataclass(frozen=True)
class BlobDeleted(Event):
    """Garbage collection swept a blob."""

    registry: str
    digest: str


@dataclass(frozen=True)
class RepositoryRemoved(Event):
    """Garbage collection removed a repository that has no manifests left."""

    registry: str
    repository: str


# --- everything else ------------------------------------------------------


@dataclass(frozen=True)
class LoggedIn(Event):
    machine: str
    registry: str
    username: str


@dataclass(frozen=True)
class LoggedOut(Event):
    machine: str
    registry: str


@dataclass(frozen=True)
class ContainerRan(Event):
    machine: str
    container_id: str
    digest: str
    name: str


@dataclass(frozen=True)
class ContainerRemoved(Event):
    machine: str
    container_id: str


@dataclass(frozen=True)
class FileWritten(Event):
    machine: str
    path: str


@dataclass(frozen=True)
class DirectoryChanged(Event):
    machine: str
    path: str


EVENT_TYPES: dict[str, type[Event]] = {
    cls.__name__: cls for cls in Event.__subclasses__()  # type: ignore[misc]
}

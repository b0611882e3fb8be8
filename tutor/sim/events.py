"""Typed events every command emits.

The UI animates them, ``explain`` narrates them in the library metaphor, and
tests assert on them. They are small immutable records of strings (and a few
flags) so they can be compared, hashed and serialised. ``Event`` builds each
subclass's constructor from its annotations: every command emits a handful, and
two dozen ``@dataclass`` classes cost more start-up time than the whole shell.

Naming: ``machine`` is a machine name (``laptop``), ``registry`` a registry
host (``localhost:5000``, ``docker.io``), ``repository`` a registry path
(``myapp1``, ``library/ubuntu``), ``name`` a fully normalised local name
(``localhost:5000/myapp1``), ``digest`` a full ``sha256:`` manifest digest.
"""

from __future__ import annotations

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing at start-up (tutor.sim.lazy)
if TYPE_CHECKING:
    from typing import Any, ClassVar



class Event:
    """Base of all events: keyword or positional fields in annotation order, frozen, comparable."""

    fields: ClassVar[tuple[str, ...]] = ()
    _defaults: ClassVar[dict[str, Any]] = {}
    _required: ClassVar[int] = 0

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        own = [name for name in cls.__dict__.get("__annotations__", {})
               if name not in ("fields", "_defaults", "_required")]
        cls.fields = (*cls.fields, *own)
        cls._defaults = {**cls._defaults, **{n: cls.__dict__[n] for n in own if n in cls.__dict__}}
        # fields up to the last one without a default must be given (the positional fast path checks a count)
        cls._required = max((i + 1 for i, n in enumerate(cls.fields) if n not in cls._defaults), default=0)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        fields = self.fields
        n = len(args)
        # the common call: the leading fields in order, defaults for the rest
        if not kwargs and self._required <= n <= len(fields):
            values = self.__dict__
            if n < len(fields):
                values.update(self._defaults)  # the fields given come next and win
            values.update(zip(fields, args))  # noqa: B905 - zip stops at the shorter on purpose
            return
        if len(args) > len(self.fields):
            raise TypeError(f"{self.kind} takes {len(self.fields)} fields, got {len(args)}")
        values = dict(zip(self.fields, args, strict=False))
        for name, value in kwargs.items():
            if name not in self.fields or name in values:
                raise TypeError(f"{self.kind}: unexpected or repeated field {name!r}")
            values[name] = value
        for name in self.fields:
            if name not in values:
                if name not in self._defaults:
                    raise TypeError(f"{self.kind}: missing field {name!r}")
                values[name] = self._defaults[name]
            object.__setattr__(self, name, values[name])

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"{self.kind} is immutable")

    def _values(self) -> tuple:
        return tuple(getattr(self, name) for name in self.fields)

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and other._values() == self._values()  # type: ignore[attr-defined]

    def __hash__(self) -> int:
        return hash((type(self).__name__, self._values()))

    def __repr__(self) -> str:
        inner = ", ".join(f"{name}={getattr(self, name)!r}" for name in self.fields)
        return f"{self.kind}({inner})"

    @property
    def kind(self) -> str:
        return type(self).__name__

    def as_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, **dict(zip(self.fields, self._values(), strict=True))}


# --- the local image store -------------------------------------------------


class ImageBuilt(Event):
    machine: str
    digest: str  # manifest digest (an attested build: the index digest, its image ID)
    cached: bool  # True when nothing changed and the build reused the existing image
    # An attested build (current profile): the image manifest inside the index, and whether every step
    # came from the cache so that inner manifest is one the machine already had.
    edition: str = ""
    same_edition: bool = False


class ImagePulled(Event):
    machine: str
    registry: str
    repository: str
    digest: str
    new: bool  # False for "Image is up to date"


class ImageDeleted(Event):
    machine: str
    digest: str


class LocalTagAdded(Event):
    machine: str
    name: str
    tag: str
    digest: str


class LocalTagMoved(Event):
    machine: str
    name: str
    tag: str
    old_digest: str
    digest: str


class LocalTagRemoved(Event):
    machine: str
    name: str
    tag: str
    digest: str


class ImageDangling(Event):
    """An image lost its last tag but is still stored (``<none>`` / ``<untagged>``)."""

    machine: str
    digest: str


# --- registries ------------------------------------------------------------


class RepositoryCreated(Event):
    registry: str
    repository: str


class BlobPushed(Event):
    registry: str
    repository: str
    digest: str
    config: bool = False  # the image config blob rather than a layer
    record: bool = False  # part of an attestation (the build record), not of the image


class BlobSkipped(Event):
    """"Layer already exists": the repository already had this blob."""

    registry: str
    repository: str
    digest: str
    config: bool = False  # the image config blob rather than a layer
    record: bool = False  # part of an attestation (the build record), not of the image


class BlobMounted(Event):
    """"Mounted from X": the blob was in another repository of the same registry."""

    registry: str
    repository: str
    digest: str
    source: str
    config: bool = False  # the image config blob rather than a layer
    record: bool = False  # part of an attestation (the build record), not of the image


class ManifestPushed(Event):
    registry: str
    repository: str
    digest: str
    new: bool  # False when the registry already had this exact manifest
    edition: str = ""  # an index (attested build): the image manifest it holds


class RegistryTagAdded(Event):
    registry: str
    repository: str
    tag: str
    digest: str


class RegistryTagMoved(Event):
    registry: str
    repository: str
    tag: str
    old_digest: str
    digest: str


class RegistryTagRemoved(Event):
    registry: str
    repository: str
    tag: str
    digest: str


class ManifestUntagged(Event):
    """A manifest has no tag left in its repository; still pullable by digest until GC."""

    registry: str
    repository: str
    digest: str


class ManifestDeleted(Event):
    registry: str
    repository: str
    digest: str


class BlobDeleted(Event):
    """Garbage collection swept a blob."""

    registry: str
    digest: str


class RepositoryRemoved(Event):
    """Garbage collection removed a repository that has no manifests left."""

    registry: str
    repository: str


# --- everything else ------------------------------------------------------


class LoggedIn(Event):
    machine: str
    registry: str
    username: str


class LoggedOut(Event):
    machine: str
    registry: str


class ContainerRan(Event):
    machine: str
    container_id: str
    digest: str
    name: str


class ContainerRemoved(Event):
    machine: str
    container_id: str


class FileWritten(Event):
    machine: str
    path: str


class DirectoryChanged(Event):
    machine: str
    path: str


EVENT_TYPES: dict[str, type[Event]] = {
    cls.__name__: cls for cls in Event.__subclasses__()  # type: ignore[misc]
}

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

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        own = [name for name in cls.__dict__.get("__annotations__", {})
               if name not in ("fields", "_defaults")]
        cls.fields = (*cls.fields, *own)
        cls._defaults = {**cls._defaults, **{n: cls.__dict__[n] for n in own if n in cls.__dict__}}
        cls.__init__ = Event.__init__  # its own entry, so a generated parent constructor is never inherited

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # A class's first events are filled here; its COMPILE_AFTER-th writes the class its own constructor
        # (plain parameters, one store per field: a third of this one's cost, and events are made by the
        # thousand) and hands over to it. Not at once: compiling costs as much as ~200 fills, and the
        # default world and a first command emit a few of several kinds (registry-tutor shell's start-up).
        cls = type(self)
        uses = _USES.get(cls, 0)
        if uses < COMPILE_AFTER:
            if not uses:
                _check_names(cls)
            _USES[cls] = uses + 1  # counted here, not on the class: setting a class attribute costs more
            _fill(self, cls, args, kwargs)
            return
        cls.__init__ = init = _constructor(cls)  # type: ignore[misc]
        init(self, *args, **kwargs)

    def _bad_call(self, values: tuple, rest: tuple, extra: dict[str, Any]) -> None:
        """The generated constructor's slow path: raise what a wrong call deserves."""
        if rest:
            raise TypeError(f"{self.kind} takes {len(self.fields)} fields, got {len(self.fields) + len(rest)}")
        for name in extra:
            raise TypeError(f"{self.kind}: unexpected or repeated field {name!r}")
        missing = next(n for n, v in zip(self.fields, values, strict=True) if v is _MISSING)
        raise TypeError(f"{self.kind}: missing field {missing!r}")

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


_MISSING = object()  # a field the caller did not give
COMPILE_AFTER = 100  # events of one class filled by _fill before the class gets its own constructor
_USES: dict[type, int] = {}  # events made so far by _fill, per class
_REQUIRED: dict[type, int] = {}  # how many fields come before the last one without a default, per class


def _check_names(cls: type[Event]) -> None:
    import keyword

    if not all(n.isidentifier() and not keyword.iskeyword(n) for n in cls.fields):
        raise TypeError(f"{cls.__name__}: event fields must be plain identifiers")  # _constructor's source is only those
    _REQUIRED[cls] = max((i + 1 for i, n in enumerate(cls.fields) if n not in cls._defaults), default=0)


def _fill(self: Event, cls: type[Event], args: tuple, kwargs: dict[str, Any]) -> None:
    """What the constructor _constructor writes does, read from ``cls.fields`` (the same errors)."""
    fields = cls.fields
    if not kwargs and _REQUIRED[cls] <= len(args) <= len(fields):  # the usual call: by position, defaults after
        stored = self.__dict__
        stored.update(zip(fields, args))  # noqa: B905 - no more args than fields
        defaults = cls._defaults
        for name in fields[len(args):]:
            stored[name] = defaults[name]
        return
    given = args[:len(fields)]
    for name in fields[:len(given)]:
        if name in kwargs:  # what Python's own call binding says for the written constructor
            raise TypeError(f"{cls.__name__}.__init__() got multiple values for argument {name!r}")
    extra = dict(kwargs)
    values = list(given)
    for name in fields[len(given):]:
        values.append(extra.pop(name) if name in extra else cls._defaults.get(name, _MISSING))
    if len(args) > len(fields) or extra or any(v is _MISSING for v in values):
        self._bad_call(tuple(values), args[len(fields):], extra)
        return
    self.__dict__.update(zip(fields, values, strict=True))


def _constructor(cls: type[Event]) -> Any:
    """``cls``'s constructor: fields by position or keyword, defaults, the old messages for a wrong call."""
    fields = cls.fields
    _check_names(cls)
    params = ", ".join(f"{n}=_d[{n!r}]" if n in cls._defaults else f"{n}=_M" for n in fields)
    required = [n for n in fields if n not in cls._defaults]
    check = " or ".join(["_rest", "_extra", *(f"{n} is _M" for n in required)])
    stores = "".join(f"\n    _s[{n!r}] = {n}" for n in fields)
    values = "".join(f"{n}, " for n in fields)
    source = (f"def __init__(self, {params}{', ' if params else ''}*_rest, **_extra):\n"
              f"    if {check}:\n        return self._bad_call(({values}), _rest, _extra)\n"
              f"    _s = self.__dict__{stores}\n")
    namespace: dict[str, Any] = {"_d": cls._defaults, "_M": _MISSING}
    exec(source, namespace)  # noqa: S102 - our own field names (identifiers from class annotations)
    init = namespace["__init__"]
    init.__qualname__ = f"{cls.__name__}.__init__"
    return init


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

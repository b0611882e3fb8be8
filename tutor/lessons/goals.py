"""Goal predicates: declarative checks over the world, worded for learners.

A task's goal is a list of predicates. Each one says what it wants
(``describe``) and, against a world, whether it holds and what is actually
there (``check``), in the library words the lessons use: a registry is the
library building, a repository a shelf, a manifest an edition of a book, a tag
a label stuck on an edition. Because goals look at the state and never at the
typed text, any correct sequence of commands passes. The text shown as the
goal is the text of the predicate that is checked: there is no separate label.

In lesson YAML a goal item is a one-key mapping, ``kind: argument``; ``KINDS``
maps each kind to its builder. ``lessons/schema.json`` describes the same
kinds (a test keeps the two in step).
"""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass, field

from tutor.sim import query, reference
from tutor.sim.content import OCI_INDEX, short
from tutor.sim.errors import SimError
from tutor.sim.fs import FileSystem
from tutor.sim.world import LAPTOP, LAPTOP_WORDS

DOCKER_MANIFEST_LIST = "application/vnd.docker.distribution.manifest.list.v2+json"
DEFAULT_REGISTRY = "localhost:5000"
DEFAULT_MACHINE = LAPTOP


@dataclass(frozen=True)
class GoalStatus:
    text: str  # the goal, exactly as describe() words it
    ok: bool
    detail: str  # what is actually there, in learner words

    def __str__(self) -> str:
        return f"{'✓' if self.ok else '✗'} {self.text} — {self.detail}"


class GoalArgError(ValueError):
    """A goal written wrongly in a lesson file (the loader adds file and line)."""


# --------------------------------------------------------------------------- wording helpers


def code(text: str) -> str:
    return f"`{text}`"


def quoted(text: str) -> str:
    return f"“{text}”"


def _listing(items: list[str], limit: int = 6) -> str:
    shown = ", ".join(items[:limit])
    return shown + (f" and {len(items) - limit} more" if len(items) > limit else "")


def _where(machine: str) -> str:
    return LAPTOP_WORDS if machine == DEFAULT_MACHINE else f"the machine `{machine}`"


def _says(image) -> str | None:
    return query.app_version(image) if image is not None else None


def _shelf_name(ref: reference.Reference) -> str:
    return ref.path


@dataclass(frozen=True)
class RegistryRef:
    """A registry reference as a goal names it: host, shelf (path), label (tag) or digest."""

    text: str
    host: str
    path: str
    tag: str | None
    digest: str | None

    @property
    def label(self) -> str:
        return self.digest or self.tag or "latest"

    @property
    def repo_text(self) -> str:
        return f"{self.host}/{self.path}"

    def label_words(self) -> str:
        if self.digest:
            return f"edition {short(self.digest, 8)}"
        return f"label {code(self.label)}"


def parse_registry_ref(text: object, *, allow_tag: bool = True) -> RegistryRef:
    ref = _parse(text)
    if ref.domain == reference.DEFAULT_DOMAIN and not str(text).startswith(f"{reference.DEFAULT_DOMAIN}/"):
        raise GoalArgError(
            f"{code(str(text))} names no registry host, so it means Docker Hub; "
            f"write the host, e.g. {code(DEFAULT_REGISTRY + '/' + str(text))}"
        )
    if not allow_tag and not ref.is_name_only():
        raise GoalArgError(f"{code(str(text))}: name a repository (shelf) only, without a tag or digest")
    return RegistryRef(str(text), ref.domain, ref.path, ref.tag, ref.digest)


def _parse(text: object) -> reference.Reference:
    if not isinstance(text, str):
        raise GoalArgError(f"expected an image reference, got {text!r}")
    try:
        return reference.parse(text)
    except SimError as exc:
        raise GoalArgError(f"{code(text)} is not a valid reference: {exc}") from None


def parse_local_ref(text: object) -> str:
    _parse(text)
    return str(text)


def _registry(world, host: str):
    return world.registry(host)


def _repo(world, ref: RegistryRef):
    registry = _registry(world, ref.host)
    return registry.repository(ref.path) if registry else None


def registry_digest(world, ref: RegistryRef) -> str | None:
    repo = _repo(world, ref)
    return repo.resolve(ref.label) if repo else None


def edition_words(world, host: str, path: str, digest: str, exclude: tuple[str, ...] = ()) -> str:
    """``the `1.0` edition (3f2a9c1d)``: an edition named by its other labels, or by what it says."""
    registry = _registry(world, host)
    repo = registry.repository(path) if registry else None
    sd = short(digest, 8)
    tags = [t for t in (repo.tags_of(digest) if repo else []) if t not in exclude]
    if tags:
        return f"the {' / '.join(code(t) for t in tags)} edition ({sd})"
    says = _says(repo.manifests.get(digest)) if repo else None
    if says:
        return f"the edition that says {quoted(says)} ({sd})"
    return f"edition {sd}"


def missing_registry_ref(world, ref: RegistryRef) -> str:
    """Why a registry reference resolves to nothing, in learner words."""
    registry = _registry(world, ref.host)
    if registry is None:
        return f"there is no registry at {ref.host} in this world"
    repo = registry.repository(ref.path)
    if repo is None:
        return f"there is no shelf {ref.path} in {ref.host} yet (a shelf appears with the first push to it)"
    if ref.digest:
        return f"shelf {ref.path} has no edition {short(ref.digest, 8)}"
    labels = repo.sorted_tags()
    has = f"its labels: {_listing([code(t) for t in labels])}" if labels else "it has no labels at all"
    return f"shelf {ref.path} has no label {code(ref.label)} ({has})"


def local_image_words(world, machine: str, digest: str) -> str:
    """``image 3f2a9c1d4e5b (myapp1:1.0, localhost:5000/myapp1:1.0)``."""
    store = world.machines[machine].store
    image = store.get(digest)
    image_id = short(image.image_id(world.profile), 12) if image else short(digest, 12)
    tags = [query.familiar_key(key) for key in store.tags_of(digest)]
    return f"image {image_id}" + (f" ({_listing(tags, 4)})" if tags else " (untagged)")


def local_digest(world, machine: str, ref_text: str) -> str | None:
    if machine not in world.machines:
        return None
    return query.local_digest(world, ref_text, machine)


def missing_local_ref(world, machine: str, ref_text: str) -> str:
    if machine not in world.machines:
        return f"there is no machine `{machine}` in this world"
    ref = reference.parse(ref_text)
    store = world.machines[machine].store
    if not store.images:
        return f"{_where(machine)} has no images at all yet"
    same_name = store.tags_in_repository(ref.name)
    familiar = ref.familiar_name()
    if same_name:
        tags = _listing([code(t) for t in same_name])
        return f"there is no {code(ref_text)} on {_where(machine)} (tags of {familiar} there: {tags})"
    return f"there is no {code(ref_text)} on {_where(machine)} (no image is named {familiar} there)"


# --------------------------------------------------------------------------- counts


@dataclass(frozen=True)
class Count:
    op: str  # "exactly" | "min" | "max"
    n: int

    def words(self) -> str:
        return {"exactly": "exactly", "min": "at least", "max": "at most"}[self.op] + f" {self.n}"

    def phrase(self, singular: str, plural: str) -> str:
        """``exactly 1 shelf``, ``at least 2 shelves``."""
        return f"{self.words()} {singular if self.n == 1 else plural}"

    def holds(self, actual: int) -> bool:
        if self.op == "exactly":
            return actual == self.n
        return actual >= self.n if self.op == "min" else actual <= self.n


def parse_count(arg: object, extra: tuple[str, ...] = ()) -> tuple[Count, dict]:
    """``3`` or ``{exactly|min|max: 3, <extra keys>}`` -> (Count, the extra keys given)."""
    if isinstance(arg, int) and not isinstance(arg, bool):
        return Count("exactly", arg), {}
    if not isinstance(arg, dict):
        raise GoalArgError("expected a number or a mapping with exactly/min/max")
    ops = [op for op in ("exactly", "min", "max") if op in arg]
    if len(ops) != 1:
        raise GoalArgError("give one of exactly, min or max")
    n = arg[ops[0]]
    if not isinstance(n, int) or isinstance(n, bool) or n < 0:
        raise GoalArgError(f"{ops[0]} must be a whole number ≥ 0")
    unknown = set(arg) - {ops[0], *extra}
    if unknown:
        raise GoalArgError(f"unknown key '{sorted(unknown)[0]}'")
    return Count(ops[0], n), {k: arg[k] for k in extra if k in arg}


def _plural(n: int, word: str, plural: str | None = None) -> str:
    return f"{n} {word if n == 1 else (plural or word + 's')}"


# --------------------------------------------------------------------------- predicates


class Predicate(ABC):
    kind: str = ""
    line: int

    @abstractmethod
    def describe(self) -> str: ...

    @abstractmethod
    def _check(self, world) -> tuple[bool, str]: ...

    def check(self, world) -> GoalStatus:
        ok, detail = self._check(world)
        return GoalStatus(self.describe(), ok, detail)

    def world_problems(self, world) -> list[str]:
        """Things in the goal that cannot exist in this world (a registry host, a machine)."""
        return []


class _RegistryPredicate(Predicate):
    def refs(self) -> tuple[RegistryRef, ...]:
        return ()

    def world_problems(self, world) -> list[str]:
        return [
            f"goal {self.kind}: there is no registry at {ref.host} in the lesson's world"
            for ref in self.refs()
            if world.registry(ref.host) is None
        ]


class _LocalPredicate(Predicate):
    machine: str

    def world_problems(self, world) -> list[str]:
        if self.machine not in world.machines:
            return [f"goal {self.kind}: there is no machine '{self.machine}' (add it under start: machines)"]
        return []


@dataclass(frozen=True)
class RegistryTag(_RegistryPredicate):
    """``registry_tag: localhost:5000/myapp1:1.0`` — the label is on the shelf."""

    ref: RegistryRef
    line: int = field(default=0, compare=False)
    kind = "registry_tag"

    def refs(self):
        return (self.ref,)

    def describe(self) -> str:
        return f"{code(self.ref.text)} is in the registry ({self.ref.label_words()} on shelf {self.ref.path})"

    def _check(self, world):
        digest = registry_digest(world, self.ref)
        if digest is None:
            return False, missing_registry_ref(world, self.ref)
        if self.ref.digest:
            return True, f"shelf {self.ref.path} holds edition {short(digest, 8)}"
        others = [t for t in _repo(world, self.ref).tags_of(digest) if t != self.ref.label]
        along = f", along with {_listing([code(t) for t in others])}" if others else ""
        return True, f"label {code(self.ref.label)} is on edition {short(digest, 8)}{along}"


@dataclass(frozen=True)
class RegistryTagAbsent(_RegistryPredicate):
    ref: RegistryRef
    line: int = field(default=0, compare=False)
    kind = "registry_tag_absent"

    def refs(self):
        return (self.ref,)

    def describe(self) -> str:
        return f"{code(self.ref.text)} is not in the registry (no {self.ref.label_words()} on shelf {self.ref.path})"

    def _check(self, world):
        digest = registry_digest(world, self.ref)
        if digest is None:
            return True, missing_registry_ref(world, self.ref)
        where = edition_words(world, self.ref.host, self.ref.path, digest, (self.ref.label,))
        if self.ref.digest:
            return False, f"shelf {self.ref.path} still holds edition {short(digest, 8)}"
        return False, f"label {code(self.ref.label)} is still on shelf {self.ref.path}, on {where}"


@dataclass(frozen=True)
class RegistrySame(_RegistryPredicate):
    """``registry_same: [A, B]`` — two registry references point at the same edition."""

    a: RegistryRef
    b: RegistryRef
    line: int = field(default=0, compare=False)
    kind = "registry_same"

    def refs(self):
        return (self.a, self.b)

    def _b_words(self) -> str:
        if (self.b.host, self.b.path) == (self.a.host, self.a.path):
            return code(self.b.label) if not self.b.digest else f"edition {short(self.b.digest, 8)}"
        return code(self.b.text)

    def describe(self) -> str:
        return f"{self.a.label_words()} on shelf {self.a.path} is on the same edition as {self._b_words()}"

    def _check(self, world):
        da, db = registry_digest(world, self.a), registry_digest(world, self.b)
        if db is None:
            return False, missing_registry_ref(world, self.b)
        want = edition_words(world, self.b.host, self.b.path, db, (self.a.label,))
        if da is None:
            return False, f"{missing_registry_ref(world, self.a)}; the goal wants it on {want}"
        if da == db:
            return True, f"both are on edition {short(da, 8)}"
        have = edition_words(world, self.a.host, self.a.path, da, (self.a.label,))
        return False, f"{code(self.a.label)} on shelf {self.a.path} points at {have}; the goal wants {want}"


@dataclass(frozen=True)
class RegistryDifferent(RegistrySame):
    """``registry_different: [A, B]`` — both references exist and point at different manifests."""

    kind = "registry_different"

    def describe(self) -> str:
        return f"{self.a.label_words()} on shelf {self.a.path} is on another manifest than {self._b_words()}"

    def _check(self, world):
        da, db = registry_digest(world, self.a), registry_digest(world, self.b)
        for ref, digest in ((self.a, da), (self.b, db)):
            if digest is None:
                return False, missing_registry_ref(world, ref)
        if da == db:
            return False, f"both point at the same manifest {short(da, 8)}"
        return True, f"{short(da, 8)} and {short(db, 8)}"


@dataclass(frozen=True)
class RegistryKind(_RegistryPredicate):
    """``registry_kind: {ref: REF, is: index|manifest}`` — a boxed set (OCI image index) or a lone edition."""

    ref: RegistryRef
    is_index: bool
    line: int = field(default=0, compare=False)
    kind = "registry_kind"

    def refs(self):
        return (self.ref,)

    def describe(self) -> str:
        what = "an image index (a boxed set: edition + build record)" if self.is_index else "a single image manifest (no box)"
        return f"{code(self.ref.text)} is {what}"

    def _check(self, world):
        digest = registry_digest(world, self.ref)
        if digest is None:
            return False, missing_registry_ref(world, self.ref)
        image = _repo(world, self.ref).manifests.get(digest)
        media_type = image.manifest_media_type if image is not None else ""
        is_index = media_type in (OCI_INDEX, DOCKER_MANIFEST_LIST)  # a Docker manifest list is a box too
        return is_index == self.is_index, f"it is `{media_type}`"


@dataclass(frozen=True)
class RegistrySays(_RegistryPredicate):
    """``registry_says: {ref: REF, text: "version 3.0"}`` — the edition's app prints text containing this."""

    ref: RegistryRef
    text: str
    line: int = field(default=0, compare=False)
    kind = "registry_says"

    def refs(self):
        return (self.ref,)

    def describe(self) -> str:
        return f"the edition {code(self.ref.text)} points at says {quoted(self.text)} when run"

    def _check(self, world):
        digest = registry_digest(world, self.ref)
        if digest is None:
            return False, missing_registry_ref(world, self.ref)
        says = _says(_repo(world, self.ref).manifests.get(digest))
        if says is None:
            return False, f"edition {short(digest, 8)} prints nothing when run"
        return self.text in says, f"edition {short(digest, 8)} says {quoted(says)}"


@dataclass(frozen=True)
class RepositoryExists(_RegistryPredicate):
    ref: RegistryRef
    line: int = field(default=0, compare=False)
    kind = "repository"

    def refs(self):
        return (self.ref,)

    def describe(self) -> str:
        return f"{self.ref.host} has a shelf {self.ref.path} (repository {code(self.ref.repo_text)})"

    def _check(self, world):
        repo = _repo(world, self.ref)
        if repo is None:
            return False, missing_registry_ref(world, self.ref)
        labels = repo.sorted_tags()
        return True, (
            f"shelf {self.ref.path} holds {_plural(len(repo.manifests), 'edition')}"
            + (f", labels: {_listing([code(t) for t in labels])}" if labels else ", none labelled")
        )


@dataclass(frozen=True)
class RepositoryAbsent(_RegistryPredicate):
    ref: RegistryRef
    line: int = field(default=0, compare=False)
    kind = "repository_absent"

    def refs(self):
        return (self.ref,)

    def describe(self) -> str:
        return f"{self.ref.host} has no shelf {self.ref.path} (no repository {code(self.ref.repo_text)})"

    def _check(self, world):
        repo = _repo(world, self.ref)
        if repo is None:
            return True, f"there is no shelf {self.ref.path} in {self.ref.host}"
        return False, f"shelf {self.ref.path} is still there with {_plural(len(repo.manifests), 'edition')}"


@dataclass(frozen=True)
class RepositoryCount(_RegistryPredicate):
    host: str
    count: Count
    line: int = field(default=0, compare=False)
    kind = "repository_count"

    def refs(self):
        return (RegistryRef(self.host, self.host, "", None, None),)

    def describe(self) -> str:
        return f"{self.host} has {self.count.phrase('shelf (repository)', 'shelves (repositories)')}"

    def _check(self, world):
        names = query.repositories(world, self.host)
        listed = f": {_listing(names)}" if names else ""
        return self.count.holds(len(names)), f"it has {len(names)}{listed}"


@dataclass(frozen=True)
class UntaggedCount(_RegistryPredicate):
    ref: RegistryRef
    count: Count
    line: int = field(default=0, compare=False)
    kind = "untagged_count"

    def refs(self):
        return (self.ref,)

    def describe(self) -> str:
        return (
            f"shelf {self.ref.path} in {self.ref.host} has "
            f"{self.count.phrase('edition with no label (untagged manifest)', 'editions with no label (untagged manifests)')}"
        )

    def _check(self, world):
        repo = _repo(world, self.ref)
        if repo is None:
            return self.count.holds(0), f"there is no shelf {self.ref.path} in {self.ref.host}"
        untagged = repo.untagged()
        n = len(untagged)
        shown = f" ({_listing([short(d, 8) for d in untagged])})" if untagged else ""
        return self.count.holds(n), (
            f"it has {_plural(n, 'unlabelled edition')}{shown} out of {_plural(len(repo.manifests), 'edition')}"
        )


@dataclass(frozen=True)
class Pushed(_RegistryPredicate):
    """``pushed: REF`` — the registry's REF is the same edition as the local REF (it was pushed)."""

    local: str
    registry: RegistryRef
    machine: str = DEFAULT_MACHINE
    line: int = field(default=0, compare=False)
    kind = "pushed"

    def refs(self):
        return (self.registry,)

    def world_problems(self, world):
        extra = (
            [] if self.machine in world.machines else [f"goal pushed: there is no machine '{self.machine}'"]
        )
        return super().world_problems(world) + extra

    def describe(self) -> str:
        if self.local == self.registry.text:
            return (
                f"{code(self.local)} is pushed: the registry has the same edition as {_where(self.machine)}"
            )
        return (
            f"{code(self.registry.text)} in the registry is the same edition as the local {code(self.local)}"
        )

    def _check(self, world):
        mine = local_digest(world, self.machine, self.local)
        if mine is None:
            return False, missing_local_ref(world, self.machine, self.local)
        theirs = registry_digest(world, self.registry)
        if theirs is None:
            return False, missing_registry_ref(world, self.registry)
        if mine == theirs:
            return True, f"both are edition {short(mine, 8)}"
        have = edition_words(world, self.registry.host, self.registry.path, theirs, (self.registry.label,))
        return False, (
            f"the registry's {code(self.registry.label)} is {have}, but the local image is "
            f"{short(mine, 8)}: push it again"
        )


@dataclass(frozen=True)
class LocalTag(_LocalPredicate):
    ref: str
    machine: str = DEFAULT_MACHINE
    line: int = field(default=0, compare=False)
    kind = "local_tag"

    def describe(self) -> str:
        return f"{_where(self.machine)} has the image {code(self.ref)} (a local tag)"

    def _check(self, world):
        digest = local_digest(world, self.machine, self.ref)
        if digest is None:
            return False, missing_local_ref(world, self.machine, self.ref)
        return True, f"{code(self.ref)} is {local_image_words(world, self.machine, digest)}"


@dataclass(frozen=True)
class LocalTagAbsent(_LocalPredicate):
    ref: str
    machine: str = DEFAULT_MACHINE
    line: int = field(default=0, compare=False)
    kind = "local_tag_absent"

    def describe(self) -> str:
        return f"{_where(self.machine)} has no image {code(self.ref)}"

    def _check(self, world):
        digest = local_digest(world, self.machine, self.ref)
        if digest is None:
            return True, f"there is no {code(self.ref)} on {_where(self.machine)}"
        return False, f"{code(self.ref)} is still there: {local_image_words(world, self.machine, digest)}"


@dataclass(frozen=True)
class LocalSame(_LocalPredicate):
    a: str
    b: str
    machine: str = DEFAULT_MACHINE
    line: int = field(default=0, compare=False)
    kind = "local_same"

    def describe(self) -> str:
        return (
            f"on {_where(self.machine)}, {code(self.a)} and {code(self.b)} are the same image (same image ID)"
        )

    def _check(self, world):
        da, db = local_digest(world, self.machine, self.a), local_digest(world, self.machine, self.b)
        for ref, digest in ((self.a, da), (self.b, db)):
            if digest is None:
                return False, missing_local_ref(world, self.machine, ref)
        if da == db:
            return True, f"both are {local_image_words(world, self.machine, da)}"
        return False, (
            f"{code(self.a)} is {local_image_words(world, self.machine, da)}; "
            f"{code(self.b)} is {local_image_words(world, self.machine, db)}"
        )


def _edition(world, machine: str, digest: str) -> str:
    """The image manifest a local image holds: an attested build's platform manifest inside its index
    (containerd store), else the image itself (its manifest digest)."""
    image = world.machines[machine].store.get(digest)
    return image.platform_digest if image is not None else digest


@dataclass(frozen=True)
class LocalSameEdition(_LocalPredicate):
    """Both local names hold the same image manifest (edition), whatever box it came in: on Docker 29's
    default store an unchanged rebuild is a new index (new ID) around the same image manifest."""

    a: str
    b: str
    machine: str = DEFAULT_MACHINE
    different: bool = False
    line: int = field(default=0, compare=False)

    @property
    def kind(self) -> str:  # type: ignore[override]
        return "local_different_edition" if self.different else "local_same_edition"

    def describe(self) -> str:
        verb = "hold different editions" if self.different else "hold the same edition"
        return f"on {_where(self.machine)}, {code(self.a)} and {code(self.b)} {verb} (image manifest)"

    def _check(self, world):
        da, db = local_digest(world, self.machine, self.a), local_digest(world, self.machine, self.b)
        for ref, digest in ((self.a, da), (self.b, db)):
            if digest is None:
                return False, missing_local_ref(world, self.machine, ref)
        ea, eb = _edition(world, self.machine, da), _edition(world, self.machine, db)
        words = (
            f"{code(self.a)} holds edition {short(ea, 12)} ({local_image_words(world, self.machine, da)}); "
            f"{code(self.b)} holds edition {short(eb, 12)} ({local_image_words(world, self.machine, db)})"
        )
        return (ea != eb) if self.different else (ea == eb), words


@dataclass(frozen=True)
class LocalSays(_LocalPredicate):
    ref: str
    text: str
    machine: str = DEFAULT_MACHINE
    line: int = field(default=0, compare=False)
    kind = "local_says"

    def describe(self) -> str:
        return f"the local image {code(self.ref)} says {quoted(self.text)} when run"

    def _check(self, world):
        digest = local_digest(world, self.machine, self.ref)
        if digest is None:
            return False, missing_local_ref(world, self.machine, self.ref)
        says = _says(world.machines[self.machine].store.get(digest))
        if says is None:
            return False, f"{code(self.ref)} prints nothing when run"
        return self.text in says, f"{code(self.ref)} says {quoted(says)}"


@dataclass(frozen=True)
class LocalCount(_LocalPredicate):
    count: Count
    machine: str = DEFAULT_MACHINE
    dangling_only: bool = False
    line: int = field(default=0, compare=False)

    @property
    def kind(self) -> str:  # type: ignore[override]
        return "dangling_count" if self.dangling_only else "local_count"

    def describe(self) -> str:
        if self.dangling_only:
            what = self.count.phrase("untagged (dangling) image", "untagged (dangling) images")
        else:
            what = self.count.phrase("image", "images")
        return f"{_where(self.machine)} has {what}"

    def _check(self, world):
        images = query.local_images(world, self.machine)
        if self.dangling_only:
            dangling = [short(i.image_id, 12) for i in images if i.dangling]
            shown = f": {_listing(dangling)}" if dangling else ""
            return self.count.holds(
                len(dangling)
            ), f"it has {_plural(len(dangling), 'dangling image')}{shown}"
        return self.count.holds(len(images)), f"it has {_plural(len(images), 'image')}"


@dataclass(frozen=True)
class Pulled(_LocalPredicate):
    """``pulled: REF`` — the local REF is the edition the registry's REF points at."""

    local: str
    registry: RegistryRef
    machine: str = DEFAULT_MACHINE
    line: int = field(default=0, compare=False)
    kind = "pulled"

    def world_problems(self, world):
        extra = (
            []
            if world.registry(self.registry.host)
            else [f"goal pulled: there is no registry at {self.registry.host}"]
        )
        return super().world_problems(world) + extra

    def describe(self) -> str:
        if self.local == self.registry.text:
            return (
                f"{_where(self.machine)} has {code(self.local)}, the same edition as the registry's (pulled)"
            )
        return f"the local {code(self.local)} is the edition {code(self.registry.text)} points at in the registry"

    def _check(self, world):
        theirs = registry_digest(world, self.registry)
        if theirs is None:
            return False, missing_registry_ref(world, self.registry)
        mine = local_digest(world, self.machine, self.local)
        want = edition_words(world, self.registry.host, self.registry.path, theirs)
        if mine is None:
            return False, f"{missing_local_ref(world, self.machine, self.local)}; the registry has {want}"
        if mine == theirs:
            return True, f"both are edition {short(mine, 8)}"
        return False, f"the local {code(self.local)} is {short(mine, 8)}; the registry has {want}: pull it"


@dataclass(frozen=True)
class FileContains(_LocalPredicate):
    path: str
    text: str
    machine: str = DEFAULT_MACHINE
    line: int = field(default=0, compare=False)
    kind = "file_contains"

    def describe(self) -> str:
        where = "" if self.machine == DEFAULT_MACHINE else f" on {_where(self.machine)}"
        return f"{code(self.path)}{where} contains {quoted(self.text)}"

    def _check(self, world):
        machine = world.machines[self.machine]
        path = FileSystem.resolve(machine.cwd, self.path, machine.home)
        if not machine.fs.is_file(path):
            return False, f"there is no file {self.path}"
        text = machine.fs.read(path)
        if self.text in text:
            return True, f"{self.path} contains it"
        first = text.strip().splitlines()[0] if text.strip() else ""
        if len(first) > 60:
            first = first[:57] + "…"
        return (
            False,
            f"it does not; its first line is {quoted(first)}" if first else "it does not; the file is empty",
        )


@dataclass(frozen=True)
class ContainerGoal(_LocalPredicate):
    """``container: {name: web, says: version 1.4.0, pinned: true}`` — what a container runs, and how it was named."""

    name: str
    says: str | None = None
    pinned: bool = False
    machine: str = DEFAULT_MACHINE
    line: int = field(default=0, compare=False)
    kind = "container"

    def describe(self) -> str:
        parts = [f"{_where(self.machine)} has a container {code(self.name)}"]
        if self.says:
            parts.append(f"running an edition that says {quoted(self.says)}")
        if self.pinned:
            parts.append("started from a reference pinned by digest (`…@sha256:…`)")
        return ", ".join(parts)

    def _check(self, world):
        machine = world.machines[self.machine]
        found = [c for c in machine.containers.values() if c.name == self.name]
        if not found:
            return False, f"there is no container named {code(self.name)} (`docker ps -a` lists them)"
        container = found[0]
        if self.says:
            says = _says(machine.store.get(container.digest))
            if says is None or self.says not in says:
                return False, f"{code(self.name)} runs an edition that says {quoted(says or 'nothing')}"
        if self.pinned and "@" not in container.image:
            return False, f"{code(self.name)} was started from {code(container.image)}, a tag that can move"
        return True, f"{code(self.name)} runs {code(container.image)}"


def _build_container(arg):
    data = _mapping(arg, ("name",), ("says", "pinned", "machine"))
    return ContainerGoal(
        name=_text(data["name"], "name"),
        says=_text(data["says"], "says") if "says" in data else None,
        pinned=bool(data.get("pinned", False)),
        machine=_machine(data),
    )


# --------------------------------------------------------------------------- building from YAML


def _machine(arg: dict) -> str:
    machine = arg.get("machine", DEFAULT_MACHINE)
    if not isinstance(machine, str) or not re.fullmatch(r"[a-z][a-z0-9-]{0,30}", machine):
        raise GoalArgError(f"machine must be a machine name like 'laptop', got {machine!r}")
    return machine


def _mapping(arg: object, required: tuple[str, ...], optional: tuple[str, ...] = ()) -> dict:
    if not isinstance(arg, dict):
        raise GoalArgError(f"expected a mapping with {', '.join(required)}")
    for key in required:
        if key not in arg:
            raise GoalArgError(f"missing '{key}'")
    unknown = set(arg) - set(required) - set(optional)
    if unknown:
        raise GoalArgError(f"unknown key '{sorted(unknown)[0]}'")
    return arg


def _text(value: object, what: str) -> str:
    if not isinstance(value, str) or not value:
        raise GoalArgError(f"'{what}' must be non-empty text")
    return value


def _ref_or_mapping(arg: object) -> tuple[str, str]:
    """``REF`` or ``{ref: REF, machine: M}`` -> (ref, machine)."""
    if isinstance(arg, dict):
        arg = _mapping(arg, ("ref",), ("machine",))
        return parse_local_ref(arg["ref"]), _machine(arg)
    return parse_local_ref(arg), DEFAULT_MACHINE


def _pair(arg: object) -> tuple[object, object, dict]:
    if isinstance(arg, dict):
        arg = _mapping(arg, ("refs",), ("machine",))
        pair = arg["refs"]
    else:
        pair = arg
    if not isinstance(pair, list) or len(pair) != 2:
        raise GoalArgError("expected a list of two references")
    return pair[0], pair[1], arg if isinstance(arg, dict) else {}


def _local_registry_pair(arg: object) -> tuple[str, RegistryRef, str]:
    """``REF`` (the same name locally and in the registry) or ``{local:, registry:, machine:}``."""
    if isinstance(arg, dict):
        arg = _mapping(arg, ("local", "registry"), ("machine",))
        return parse_local_ref(arg["local"]), parse_registry_ref(arg["registry"]), _machine(arg)
    return parse_local_ref(arg), parse_registry_ref(arg), DEFAULT_MACHINE


def _says_args(arg: object) -> tuple[str, str, dict]:
    arg = _mapping(arg, ("ref", "text"), ("machine",))
    return arg["ref"], _text(arg["text"], "text"), arg


def _build_registry_same(arg):
    a, b, _ = _pair(arg)
    return RegistrySame(parse_registry_ref(a), parse_registry_ref(b))


def _build_registry_different(arg):
    a, b, _ = _pair(arg)
    return RegistryDifferent(parse_registry_ref(a), parse_registry_ref(b))


def _build_registry_kind(arg):
    data = _mapping(arg, ("ref", "is"))
    if data["is"] not in ("index", "manifest"):
        raise GoalArgError("'is' must be index or manifest")
    return RegistryKind(parse_registry_ref(data["ref"]), data["is"] == "index")


def _build_local_same(arg):
    a, b, extra = _pair(arg)
    return LocalSame(parse_local_ref(a), parse_local_ref(b), _machine(extra))


def _build_registry_says(arg):
    ref, text, _ = _says_args(_mapping(arg, ("ref", "text")))
    return RegistrySays(parse_registry_ref(ref), text)


def _build_local_edition(different: bool):
    def build(arg):
        a, b, extra = _pair(arg)
        return LocalSameEdition(parse_local_ref(a), parse_local_ref(b), _machine(extra), different)

    return build


def _build_local_says(arg):
    ref, text, extra = _says_args(arg)
    return LocalSays(parse_local_ref(ref), text, _machine(extra))


def _build_repository_count(arg):
    count, extra = parse_count(arg, ("registry",))
    host = extra.get("registry", DEFAULT_REGISTRY)
    if not isinstance(host, str) or "/" in host or not host:
        raise GoalArgError("registry must be a host like localhost:5000")
    return RepositoryCount(host, count)


def _build_untagged(arg):
    arg = _mapping(arg, ("repository",), ("exactly", "min", "max"))
    count, extra = parse_count(arg, ("repository",))
    return UntaggedCount(parse_registry_ref(extra["repository"], allow_tag=False), count)


def _build_local_count(dangling: bool):
    def build(arg):
        count, extra = parse_count(arg, ("machine",))
        return LocalCount(count, _machine(extra), dangling)

    return build


def _build_pushed(arg):
    local, registry, machine = _local_registry_pair(arg)
    return Pushed(local, registry, machine)


def _build_pulled(arg):
    local, registry, machine = _local_registry_pair(arg)
    return Pulled(local, registry, machine)


def _build_file_contains(arg):
    arg = _mapping(arg, ("path", "text"), ("machine",))
    path = _text(arg["path"], "path")
    if not (path.startswith("/") or path.startswith("~")):
        raise GoalArgError("path must start with / or ~ (goals do not depend on the current folder)")
    return FileContains(path, _text(arg["text"], "text"), _machine(arg))


def _local_tag(cls):
    def build(arg):
        ref, machine = _ref_or_mapping(arg)
        return cls(ref, machine)

    return build


KINDS: dict[str, Callable[[object], Predicate]] = {
    "registry_tag": lambda arg: RegistryTag(parse_registry_ref(arg)),
    "registry_tag_absent": lambda arg: RegistryTagAbsent(parse_registry_ref(arg)),
    "registry_same": _build_registry_same,
    "registry_different": _build_registry_different,
    "registry_kind": _build_registry_kind,
    "registry_says": _build_registry_says,
    "repository": lambda arg: RepositoryExists(parse_registry_ref(arg, allow_tag=False)),
    "repository_absent": lambda arg: RepositoryAbsent(parse_registry_ref(arg, allow_tag=False)),
    "repository_count": _build_repository_count,
    "untagged_count": _build_untagged,
    "pushed": _build_pushed,
    "local_tag": _local_tag(LocalTag),
    "local_tag_absent": _local_tag(LocalTagAbsent),
    "local_same": _build_local_same,
    "local_same_edition": _build_local_edition(False),
    "local_different_edition": _build_local_edition(True),
    "local_says": _build_local_says,
    "local_count": _build_local_count(False),
    "dangling_count": _build_local_count(True),
    "pulled": _build_pulled,
    "file_contains": _build_file_contains,
    "container": _build_container,
}


def build(kind: str, arg: object, line: int = 0) -> Predicate:
    """One goal item from a lesson file; raises GoalArgError with a message for the author."""
    if kind not in KINDS:
        raise GoalArgError(f"unknown goal '{kind}' (known goals: {', '.join(sorted(KINDS))})")
    predicate = KINDS[kind](arg)
    object.__setattr__(predicate, "line", line)  # frozen dataclass: set once, here
    return predicate


def report(goal: tuple[Predicate, ...], world) -> list[GoalStatus]:
    return [predicate.check(world) for predicate in goal]

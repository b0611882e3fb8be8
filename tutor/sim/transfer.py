"""Moving images between a machine's image store and a registry: push and pull.

Pure state changes, no wording: the ``docker push`` / ``docker pull`` commands
(``tutor/sim/shell/docker/push_pull.py``) decide what to print from the
outcomes returned here.

What the daemon does, and so what this module does:

* push: for every blob of the image (config first, then the layers), the
  repository may already have it ("Layer already exists"); otherwise the
  daemon tries a cross-repository mount from another repository of the same
  registry that it knows holds the blob ("Mounted from ..."); otherwise it
  uploads it ("Pushed"). An attested image's attestation blobs go the same way, and
  its manifests (by digest) before the index. Then it PUTs the manifest under the tag, which moves
  the tag if it pointed elsewhere. It remembers where each blob now lives
  (``ImageStore.blob_sources``: containerd's distribution-source labels, the
  graphdriver's v2 metadata) so later pushes can mount.
* pull: the manifest is fetched by tag or digest, missing layers are
  downloaded, the image is stored and the name is tagged locally.
"""

from __future__ import annotations

from dataclasses import field

from tutor.sim import events as ev
from tutor.sim.content import EMPTY_JSON_DIGEST, Image, Layer
from tutor.sim.image_store import ImageStore
from tutor.sim.records import record
from tutor.sim.registry import Registry

PUSHED = "pushed"
EXISTS = "exists"
MOUNTED = "mounted"


# records, not @dataclass: a dataclass compiles its methods when the module loads, and the first
# ``docker push`` of a session loads this module (~5M instructions for these two classes)
@record(frozen=True)
class BlobResult:
    """What pushing one blob did: pushed, already there, or mounted from another repository."""

    digest: str
    status: str  # PUSHED | EXISTS | MOUNTED
    source: str = ""  # the repository it was mounted from

    def __init__(self, digest: str, status: str, source: str = "") -> None:
        own = self.__dict__  # what the frozen dataclass's object.__setattr__ stores
        own["digest"] = digest
        own["status"] = status
        own["source"] = source


class PushOutcome:
    """What a push did, blob by blob, and its events.

    ``config``, ``layers`` (in manifest order, bottom layer first, each with its result) and ``extras``
    (an attested image's attestation blobs: the "{}" config, the in-toto statement) are made when read:
    ``docker push -q`` never reads them, and most blobs of a push are ones the repository had."""

    __slots__ = ("image", "events", "_sent")

    def __init__(self, image: Image, events: list[ev.Event], sent: dict[int, str]) -> None:
        self.image = image
        self.events = events
        # the blobs the repository lacked, by push position (0 the config, then the layers, then the
        # extras) -> the repository each was mounted from, "" for an upload
        self._sent = sent

    def _result(self, position: int, blob: str) -> BlobResult:
        source = self._sent.get(position)
        if source is None:
            return _exists(blob)
        return BlobResult(blob, MOUNTED, source) if source else BlobResult(blob, PUSHED)

    @property
    def config(self) -> BlobResult:
        return self._result(0, self.image.config_digest)

    @property
    def layers(self) -> list[tuple[Layer, BlobResult]]:
        return [(layer, self._result(i, layer.digest)) for i, layer in enumerate(self.image.layers, 1)]

    @property
    def extras(self) -> list[BlobResult]:
        start = 1 + len(self.image.layers)
        return [self._result(i, blob) for i, (blob, _) in enumerate(self.image.extra_blobs(), start)]


@record
class PullOutcome:
    """What a pull did: the image, which layers were already local, and its events."""

    image: Image
    layers: list[tuple[Layer, bool]]  # (layer, was already present), manifest order
    all_present: bool  # every blob was already local (containerd then shows no layer lines)
    image_present: bool  # the image itself was already stored (classic shows no layer lines)
    new: bool  # "Downloaded newer image" rather than "Image is up to date"
    events: list[ev.Event] = field(default_factory=list)

    def __init__(
        self,
        image: Image,
        layers: list[tuple[Layer, bool]],
        all_present: bool,
        image_present: bool,
        new: bool,
        events: list[ev.Event] | None = None,
    ) -> None:
        self.image = image
        self.layers = layers
        self.all_present = all_present
        self.image_present = image_present
        self.new = new
        self.events = [] if events is None else events


# --- Docker Hub rules -------------------------------------------------------


def hub_push_allowed(registry: Registry, path: str, username: str | None) -> bool:
    """Docker Hub lets an account push only to its own namespace (``USER/name``)."""
    if not registry.hub:
        return True
    if not username:
        return False
    namespace, _, rest = path.partition("/")
    return bool(rest) and "/" not in rest and namespace == username.lower()


# --- push -------------------------------------------------------------------


def _mount_candidates(store: ImageStore, registry: Registry, path: str, blob: str) -> list[str]:
    """Other repositories of this registry the machine knows this blob came from or went to."""
    return sorted(
        repo for host, repo in store.blob_sources.get(blob, ()) if host == registry.host and repo != path
    )


def _send(
    store: ImageStore, registry: Registry, path: str, blob: str, size: int, out: list[ev.Event],
    config: bool, record: bool,
) -> str:
    """A blob the repository lacks: mounted from another repository of the registry (-> that repository),
    or uploaded (-> "")."""
    if store.blob_sources.get(blob):  # most new blobs were never seen anywhere: no candidates to sort
        for source in _mount_candidates(store, registry, path, blob):
            # a source that lost the blob answers 202 and the daemon uploads instead
            if registry.mount_blob(path, blob, source, out, config, record):
                return source
    registry.upload_blob(path, blob, size, out, config, record)
    return ""


_EXISTING: dict[str, BlobResult] = {}  # blob digest -> its (immutable) "already exists" result


def _exists(blob: str) -> BlobResult:
    """``BlobResult(blob, EXISTS)``, made once per blob: most of every push is blobs the repository has."""
    result = _EXISTING.get(blob)
    if result is None:
        if len(_EXISTING) >= 4096:
            _EXISTING.clear()
        result = _EXISTING[blob] = BlobResult(blob, EXISTS)
    return result


_NOTHING: frozenset[str] = frozenset()

# "Layer already exists" events, kept per (registry, repository) and blob: events are immutable, and every
# push of a repository skips the same base layers again. Per place: (the (registry, repository) pair itself,
# then config blobs, layers, attestation blobs by digest). Bounded: cleared when full.
_SKIPPED: dict[tuple[str, str], tuple[tuple[str, str], dict[str, ev.Event], dict[str, ev.Event], dict[str, ev.Event]]] = {}
_SKIPPED_MAX = 8192
_skipped_count = 0


def _kept(host: str, path: str):
    global _skipped_count
    kept = _SKIPPED.get((host, path))
    if kept is None:
        if _skipped_count >= _SKIPPED_MAX:
            _SKIPPED.clear()
            _skipped_count = 0
        # the pair kept here is the one pushes add to ImageStore.blob_sources: a set lookup of that very
        # object matches by identity, without comparing the strings
        kept = _SKIPPED[(host, path)] = ((host, path), {}, {}, {})
        _skipped_count += 1
    return kept


def _skipped(kept: dict[str, ev.Event], host: str, path: str, blob: str, config: bool, record: bool) -> ev.Event:
    """``BlobSkipped(host, path, blob, config, record)``, made once per repository and blob."""
    global _skipped_count
    event = kept.get(blob)
    if event is None:
        event = kept[blob] = ev.BlobSkipped(host, path, blob, config, record)
        _skipped_count += 1
    return event


def push_image(
    store: ImageStore, registry: Registry, path: str, image: Image, tag: str, *, digest_ref_as: str | None = None
) -> PushOutcome:
    """Push ``image`` to ``registry``/``path`` under ``tag``; the caller checked access.

    Blobs go config first, then the layers, then an attested image's attestation blobs (their events
    marked ``record``). ``digest_ref_as``: the local name under which the daemon then records
    ``NAME@digest`` (the classic graphdriver daemon does: moby distribution/push_v2.go addDigestReference;
    containerd does not). The machine then knows each blob is in this repository (note_sources).
    """
    out: list[ev.Event] = []
    sent: dict[int, str] = {}
    host = registry.host
    repo = registry.repositories.get(path)
    have = _NOTHING if repo is None else repo.blobs  # the live set: a blob sent below is in it at once
    where, configs, layers, records = _kept(host, path)
    # note_sources, done blob by blob here (it only adds this repository to what each blob's sources are,
    # which no mount below looks at: a blob is never mounted from the repository it is pushed to)
    sources = store.blob_sources
    known_in = sources.get

    blob = image.config_digest
    if blob in have:
        event = configs.get(blob)
        out.append(_skipped(configs, host, path, blob, True, False) if event is None else event)
    else:
        if known_in(blob):  # seen elsewhere: _send tries a mount first
            sent[0] = _send(store, registry, path, blob, len(image.config_bytes), out, True, False)
        else:  # _send's upload, without its call (a new build's config and top layer are new blobs)
            registry.upload_blob(path, blob, len(image.config_bytes), out, True, False)
            sent[0] = ""
        have = registry.repositories[path].blobs  # the repository exists now (maybe made by this blob)
    known = known_in(blob)
    if known is None:
        sources.setdefault(blob, set()).add(where)  # ImageStore.note_blob_source (the stored, maybe journaled, set)
    elif where not in known:
        known.add(where)
    position = 1
    for layer in image.layers:
        blob = layer.digest
        if blob in have:  # the usual case: the base's layers, or every layer of a push already made
            event = layers.get(blob)
            out.append(_skipped(layers, host, path, blob, False, False) if event is None else event)
        else:
            if known_in(blob):
                sent[position] = _send(store, registry, path, blob, layer.size, out, False, False)
            else:
                registry.upload_blob(path, blob, layer.size, out, False, False)
                sent[position] = ""
        position += 1
        known = known_in(blob)
        if known is None:
            sources.setdefault(blob, set()).add(where)
        elif where not in known:  # every push of a repository notes the same blobs again: most are known
            known.add(where)
    a = image.attestation
    if a is not None:  # Image.extra_blobs(): the attestation's empty config, then the in-toto statement
        for blob, size in ((EMPTY_JSON_DIGEST, 2), (a.statement_digest, len(a.statement))):
            if blob in have:
                event = records.get(blob)
                out.append(_skipped(records, host, path, blob, False, True) if event is None else event)
            else:
                if known_in(blob):
                    sent[position] = _send(store, registry, path, blob, size, out, False, True)
                else:
                    registry.upload_blob(path, blob, size, out, False, True)
                    sent[position] = ""
            position += 1
            known = known_in(blob)
            if known is None:
                sources.setdefault(blob, set()).add(where)
            elif where not in known:
                known.add(where)
    registry.put_manifest(path, image, tag, out)
    if digest_ref_as is not None:
        store.add_digest_ref(digest_ref_as, image.manifest_digest)
    return PushOutcome(image, out, sent)


def note_sources(store: ImageStore, host: str, path: str, image: Image) -> None:
    """Remember that every blob of ``image`` is now in ``host``/``path`` (later pushes mount from it)."""
    sources, where = store.blob_sources, (host, path)
    get = sources.get
    for blob in image.blob_digests():
        known = get(blob)
        if known is None:
            store.note_blob_source(blob, host, path)
        elif where not in known:  # every push of a repository notes the same blobs again: most are known
            known.add(where)


# --- pull -------------------------------------------------------------------


def _config_present(store: ImageStore, config_digest: str) -> bool:
    return any(image.config_digest == config_digest for image in store.images.values())


def pull_into(
    store: ImageStore,
    registry: Registry,
    path: str,
    name: str,
    image: Image,
    *,
    tag: str | None,
    by_digest: bool,
    classic: bool,
    clock: int,
) -> PullOutcome:
    """Store a pulled image and name it; ``tag`` None for a pull by digest.

    ``name`` is the fully normalised local name (``localhost:5000/myapp1``).
    Whether the pull counts as "newer" follows each store: the classic store
    compares what the requested reference pointed at before (by image ID); the
    containerd store compares the image the reference resolved to before.
    """
    out: list[ev.Event] = []
    image_present = image.manifest_digest in store.images
    layers = [(layer, store.has_layer(layer.digest)) for layer in image.layers]
    all_present = all(present for _, present in layers) and _config_present(store, image.config_digest)

    digest_key = f"{name}@{image.manifest_digest}"
    if tag is not None:
        before = store.tag_digest(name, tag)
        if classic:
            old = store.get(before) if before else None
            new = old is None or old.config_digest != image.config_digest
        else:
            new = before != image.manifest_digest
    elif classic:
        new = digest_key not in store.digest_refs
    else:
        new = not image_present  # containerd resolves a digest against every stored image

    store.add_image(image, clock)
    if tag is not None:
        out.extend(store.set_tag(name, tag, image.manifest_digest))
    if by_digest or classic:
        # the classic store records a RepoDigest on every pull; both record a digest pull's name
        store.add_digest_ref(name, image.manifest_digest)
    note_sources(store, registry.host, path, image)
    out.append(ev.ImagePulled(store.machine, registry.host, path, image.manifest_digest, new))
    return PullOutcome(image, layers, all_present, image_present, new, out)

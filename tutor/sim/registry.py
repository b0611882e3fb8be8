"""A registry as CNCF Distribution keeps it: repositories, tags -> manifests, blobs, GC.

A repository exists once something was pushed to it. Tags are mutable
pointers; moving one leaves the old manifest in the repository, untagged but
fetchable by digest until ``garbage-collect --delete-untagged``. Blobs live
once in the registry and are linked into each repository that uses them.
"""

from __future__ import annotations

from dataclasses import field

from tutor.sim import events as ev
from tutor.sim.content import Image
from tutor.sim.journal import Journaled
from tutor.sim.records import record


@record
class Repository(Journaled):
    """One repository (a shelf): its tags, manifests and linked blobs."""

    __journal_quiet__ = frozenset({"blobs"})  # layer links: not something a learner sees change

    tags: dict[str, str] = field(default_factory=dict)  # tag -> manifest digest
    manifests: dict[str, Image] = field(default_factory=dict)  # manifest digest -> image, in push order
    blobs: set[str] = field(default_factory=set)  # blob digests linked into this repository
    # Manifests pushed by digest as an index's children (the image manifest and the attestation
    # manifest of an attested build): child digest -> the index image holding it. Revisions of the
    # repository like any other manifest (GET/DELETE by digest, garbage collection), never tagged.
    children: dict[str, Image] = field(default_factory=dict)

    def __init__(
        self,
        tags: dict[str, str] | None = None,
        manifests: dict[str, Image] | None = None,
        blobs: set[str] | None = None,
        children: dict[str, Image] | None = None,
    ) -> None:
        self.tags = {} if tags is None else tags
        self.manifests = {} if manifests is None else manifests
        self.blobs = set() if blobs is None else blobs
        self.children = {} if children is None else children

    def sorted_tags(self) -> list[str]:
        return sorted(self.tags)  # Go sort.Strings: ASCII, case-sensitive

    def tags_of(self, digest: str) -> list[str]:
        return sorted(tag for tag, d in self.tags.items() if d == digest)

    def untagged(self) -> list[str]:
        tagged = set(self.tags.values())
        return [d for d in self.manifests if d not in tagged]

    def resolve(self, tag_or_digest: str) -> str | None:
        """A tag or a digest -> manifest digest, or None."""
        if tag_or_digest.startswith("sha256:"):
            return tag_or_digest if tag_or_digest in self.manifests else None
        return self.tags.get(tag_or_digest)

    def manifest_bytes(self, digest: str) -> tuple[str, bytes] | None:
        """(media type, bytes) of any manifest revision stored here: pushed images and index children."""
        image = self.manifests.get(digest) or self.children.get(digest)
        return image.manifest_by_digest(digest) if image is not None else None

    def revisions(self) -> list[str]:
        """Every manifest revision, in the digest order the storage walk visits them."""
        return sorted({*self.manifests, *self.children})

    def references(self, digest: str) -> list[str]:
        image = self.manifests.get(digest) or self.children.get(digest)
        return image.references(digest) if image is not None else []

    def clone(self) -> Repository:
        return Repository(dict(self.tags), dict(self.manifests), set(self.blobs), dict(self.children))


@record
class Registry(Journaled):
    """A registry (a library): repositories, the blob store, and how it is served."""

    host: str
    repositories: dict[str, Repository] = field(default_factory=dict)
    blobs: dict[str, int] = field(default_factory=dict)  # blob digest -> size (the registry's blob store)
    delete_enabled: bool = True
    hub: bool = False  # Docker Hub rules: pushes need `docker login`, only to your own namespace
    # Serves HTTPS with a certificate the machines trust; False: plain HTTP (the `registry` program's default),
    # which a Docker daemon uses only for loopback hosts or hosts in its `insecure-registries`.
    tls: bool = False
    # The machine the registry program runs on: `localhost` there reaches it. None: a server of its own,
    # reached by its host name from every machine.
    machine: str | None = None

    def __init__(
        self,
        host: str,
        repositories: dict[str, Repository] | None = None,
        blobs: dict[str, int] | None = None,
        delete_enabled: bool = True,
        hub: bool = False,
        tls: bool = False,
        machine: str | None = None,
    ) -> None:
        self.host = host
        self.repositories = {} if repositories is None else repositories
        self.blobs = {} if blobs is None else blobs
        self.delete_enabled = delete_enabled
        self.hub = hub
        self.tls = tls
        self.machine = machine

    # --- queries --------------------------------------------------------

    def repository(self, path: str) -> Repository | None:
        return self.repositories.get(path)

    def catalog(self) -> list[str]:
        return sorted(self.repositories)

    def resolve(self, path: str, tag_or_digest: str) -> Image | None:
        repo = self.repositories.get(path)
        if repo is None:
            return None
        digest = repo.resolve(tag_or_digest)
        if digest is None and tag_or_digest in repo.children:
            # a pull by the digest of the image manifest inside an index gets that image alone
            child = repo.children[tag_or_digest]
            return child.platform_image() if tag_or_digest == child.platform_digest else None
        return repo.manifests.get(digest) if digest else None

    def blob_in(self, path: str, blob: str) -> bool:
        repo = self.repositories.get(path)
        return repo is not None and blob in repo.blobs

    def repositories_with_blob(self, blob: str) -> list[str]:
        return [path for path, repo in self.repositories.items() if blob in repo.blobs]

    # --- pushes ---------------------------------------------------------

    def _repo_for_push(self, path: str, out: list[ev.Event]) -> Repository:
        repo = self.repositories.get(path)
        if repo is None:
            repo = self.repositories[path] = Repository()
            out.append(ev.RepositoryCreated(self.host, path))
        return repo

    def upload_blob(
        self, path: str, blob: str, size: int, out: list[ev.Event], config: bool = False, record: bool = False
    ) -> None:
        """``record``: an attestation's blob (the event says so)."""
        repo = self.repositories.get(path)  # (_repo_for_push, its look-up inlined: a push uploads a few)
        if repo is None:
            repo = self._repo_for_push(path, out)
        self.blobs[blob] = size
        repo.blobs.add(blob)
        out.append(ev.BlobPushed(self.host, path, blob, config, record))

    def mount_blob(
        self, path: str, blob: str, source: str, out: list[ev.Event], config: bool = False, record: bool = False
    ) -> bool:
        """Cross-repository mount; False (the registry answers 202) when the source lacks the blob."""
        if not self.blob_in(source, blob):
            return False
        repo = self._repo_for_push(path, out)
        repo.blobs.add(blob)
        out.append(ev.BlobMounted(self.host, path, blob, source, config, record))
        return True

    def put_manifest(self, path: str, image: Image, tag: str | None, out: list[ev.Event]) -> None:
        """PUT /v2/<path>/manifests/<tag>: store the manifest (if new) and point the tag at it."""
        repo = self.repositories.get(path)  # (the blobs were pushed first: it exists unless there were none)
        if repo is None:
            repo = self._repo_for_push(path, out)
        blobs, a = self.blobs, image.attestation
        if a is not None:  # containerd pushes an index's manifests (by digest) before it (Image.children())
            children = repo.children
            for child in (a.image_manifest, a.attestation_manifest):
                if child.digest not in children:
                    children[child.digest] = image
                blobs[child.digest] = len(child.data)
        digest = image.manifest_digest
        new = digest not in repo.manifests
        if new:
            repo.manifests[digest] = image
        blobs[digest] = len(image.manifest_bytes)
        out.append(ev.ManifestPushed(self.host, path, digest, new, "" if a is None else a.image_manifest.digest))
        if tag is not None:
            self._point_tag(repo, path, tag, digest, out)

    def _point_tag(self, repo: Repository, path: str, tag: str, digest: str, out: list[ev.Event]) -> None:
        old = repo.tags.get(tag)
        if old == digest:
            return
        repo.tags[tag] = digest
        if old is None:
            out.append(ev.RegistryTagAdded(self.host, path, tag, digest))
            return
        out.append(ev.RegistryTagMoved(self.host, path, tag, old, digest))
        # newest tags first: the usual move (latest to a new version) finds the old one at once, not
        # after every version tag of the repository
        if old not in reversed(repo.tags.values()):
            out.append(ev.ManifestUntagged(self.host, path, old))

    # --- deletes (the caller checks delete_enabled) ----------------------

    def delete_tag(self, path: str, tag: str, out: list[ev.Event]) -> bool:
        repo = self.repositories.get(path)
        if repo is None or tag not in repo.tags:
            return False
        digest = repo.tags.pop(tag)
        out.append(ev.RegistryTagRemoved(self.host, path, tag, digest))
        if digest not in repo.tags.values():
            out.append(ev.ManifestUntagged(self.host, path, digest))
        return True

    def delete_manifest(self, path: str, digest: str, out: list[ev.Event]) -> bool:
        """Delete by digest: every tag pointing at it goes too (Distribution's DeleteManifest)."""
        repo = self.repositories.get(path)
        if repo is None or (digest not in repo.manifests and digest not in repo.children):
            return False
        for tag in repo.tags_of(digest):
            del repo.tags[tag]
            out.append(ev.RegistryTagRemoved(self.host, path, tag, digest))
        # only this revision goes: an index's children stay until deleted or garbage-collected
        if repo.manifests.pop(digest, None) is not None:
            out.append(ev.ManifestDeleted(self.host, path, digest))
        repo.children.pop(digest, None)
        return True

    def clone(self) -> Registry:
        return Registry(
            host=self.host,
            repositories={path: repo.clone() for path, repo in self.repositories.items()},
            blobs=dict(self.blobs),
            delete_enabled=self.delete_enabled,
            hub=self.hub,
            tls=self.tls,
            machine=self.machine,
        )


# --- garbage collection (registry/storage/garbagecollect.go MarkAndSweep) ---


@record
class GcResult:
    """What ``registry garbage-collect`` printed, emitted and counted."""

    lines: list[str] = field(default_factory=list)
    events: list[ev.Event] = field(default_factory=list)
    marked: int = 0
    blobs_eligible: int = 0
    manifests_eligible: int = 0

    def __init__(
        self,
        lines: list[str] | None = None,
        events: list[ev.Event] | None = None,
        marked: int = 0,
        blobs_eligible: int = 0,
        manifests_eligible: int = 0,
    ) -> None:
        self.lines = [] if lines is None else lines
        self.events = [] if events is None else events
        self.marked = marked
        self.blobs_eligible = blobs_eligible
        self.manifests_eligible = manifests_eligible


def _walk_key(name: str) -> str:
    """The storage walk visits repositories with '/' before every other byte (lessPath)."""
    return name.replace("/", "\x00")


def _mark_references(repo: Repository, name: str, digest: str, marked: set[str], emit) -> None:
    """markManifestReferences: mark what a manifest references ("marking blob", even for a child
    manifest), and walk into references that are manifests of the repository, once each."""
    for ref in repo.references(digest):
        if ref in marked:
            continue
        marked.add(ref)
        emit(f"{name}: marking blob {ref}")
        if ref in repo.manifests or ref in repo.children:
            _mark_references(repo, name, ref, marked, emit)


def mark_and_sweep(
    registry: Registry, *, dry_run: bool = False, delete_untagged: bool = False, quiet: bool = False
) -> GcResult:
    """What ``registry garbage-collect`` prints and does, line for line.

    Mark: every repository (walk order) prints its name, then each manifest (digest order)
    ``<repo>: marking manifest <digest> `` (with the trailing space) and each blob it references
    that no earlier manifest marked (config first, then layers). With --delete-untagged, a
    manifest no tag currently points at is set aside instead; it is only deleted if no other
    repository marked it. A repository's blob links that nothing marked so far are stale.
    Sweep: manifests set aside, then unmarked blobs of the whole registry, then stale links.
    Go map order is random for the blob and link lists; they are printed sorted here.
    """
    res = GcResult()

    def emit(line: str) -> None:
        if not quiet:
            res.lines.append(line)

    marked: set[str] = set()
    candidates: list[tuple[str, str, list[str]]] = []
    stale_links: dict[str, list[str]] = {}
    for name in sorted(registry.repositories, key=_walk_key):
        repo = registry.repositories[name]
        emit(name)
        for digest in repo.revisions():
            if delete_untagged and not repo.tags_of(digest):
                candidates.append((name, digest, repo.sorted_tags()))
                continue
            emit(f"{name}: marking manifest {digest} ")
            marked.add(digest)
            _mark_references(repo, name, digest, marked, emit)
        stale = [blob for blob in sorted(repo.blobs) if blob not in marked]
        if stale:
            stale_links[name] = stale

    doomed = []
    for name, digest, tags in candidates:  # unmarkReferencedManifest
        if digest not in marked:
            emit(f"manifest eligible for deletion: {{{name} {digest} [{' '.join(tags)}]}}")
            doomed.append((name, digest))
    if not dry_run:
        for name, digest in doomed:
            repo = registry.repositories[name]
            repo.children.pop(digest, None)
            if repo.manifests.pop(digest, None) is not None:
                res.events.append(ev.ManifestDeleted(registry.host, name, digest))

    eligible = sorted(blob for blob in registry.blobs if blob not in marked)
    emit("")  # the summary's format starts with "\n"
    emit(
        f"{len(marked)} blobs marked, {len(eligible)} blobs and {len(doomed)} manifests eligible for deletion"
    )
    for blob in eligible:
        emit(f"blob eligible for deletion: {blob}")
        if not dry_run:
            del registry.blobs[blob]
            res.events.append(ev.BlobDeleted(registry.host, blob))
    for name in sorted(stale_links):
        for blob in stale_links[name]:
            emit(f"{name}: layer link eligible for deletion: {blob}")
            if not dry_run:
                registry.repositories[name].blobs.discard(blob)
    res.marked = len(marked)
    res.blobs_eligible = len(eligible)
    res.manifests_eligible = len(doomed)
    return res

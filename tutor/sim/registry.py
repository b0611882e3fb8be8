"""A registry as CNCF Distribution keeps it: repositories, tags -> manifests, blobs, GC.

A repository exists once something was pushed to it. Tags are mutable
pointers; moving one leaves the old manifest in the repository, untagged but
fetchable by digest until ``garbage-collect --delete-untagged``. Blobs live
once in the registry and are linked into each repository that uses them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from tutor.sim import events as ev
from tutor.sim.content import Image


@dataclass
class Repository:
    tags: dict[str, str] = field(default_factory=dict)  # tag -> manifest digest
    manifests: dict[str, Image] = field(default_factory=dict)  # manifest digest -> image, in push order
    blobs: set[str] = field(default_factory=set)  # blob digests linked into this repository

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

    def clone(self) -> Repository:
        return Repository(dict(self.tags), dict(self.manifests), set(self.blobs))


@dataclass
class GcReport:
    lines: list[str]
    events: list[ev.Event]
    marked: int
    eligible: int


@dataclass
class Registry:
    host: str
    repositories: dict[str, Repository] = field(default_factory=dict)
    blobs: dict[str, int] = field(default_factory=dict)  # blob digest -> size (the registry's blob store)
    delete_enabled: bool = True
    hub: bool = False  # Docker Hub rules: pushes need `docker login`, only to your own namespace

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

    def upload_blob(self, path: str, blob: str, size: int, out: list[ev.Event]) -> None:
        repo = self._repo_for_push(path, out)
        self.blobs[blob] = size
        repo.blobs.add(blob)
        out.append(ev.BlobPushed(self.host, path, blob))

    def mount_blob(self, path: str, blob: str, source: str, out: list[ev.Event]) -> bool:
        """Cross-repository mount; False (the registry answers 202) when the source lacks the blob."""
        if not self.blob_in(source, blob):
            return False
        repo = self._repo_for_push(path, out)
        repo.blobs.add(blob)
        out.append(ev.BlobMounted(self.host, path, blob, source))
        return True

    def put_manifest(self, path: str, image: Image, tag: str | None, out: list[ev.Event]) -> None:
        """PUT /v2/<path>/manifests/<tag>: store the manifest (if new) and point the tag at it."""
        repo = self._repo_for_push(path, out)
        digest = image.manifest_digest
        new = digest not in repo.manifests
        if new:
            repo.manifests[digest] = image
        self.blobs[digest] = image.manifest_size
        out.append(ev.ManifestPushed(self.host, path, digest, new))
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
        if old not in repo.tags.values():
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
        if repo is None or digest not in repo.manifests:
            return False
        for tag in repo.tags_of(digest):
            del repo.tags[tag]
            out.append(ev.RegistryTagRemoved(self.host, path, tag, digest))
        del repo.manifests[digest]
        out.append(ev.ManifestDeleted(self.host, path, digest))
        return True

    # --- garbage collection ---------------------------------------------

    def garbage_collect(self, *, delete_untagged: bool = False, dry_run: bool = False) -> GcReport:
        """Mark and sweep as `registry garbage-collect` does, with its own output lines."""
        lines: list[str] = []
        out: list[ev.Event] = []
        marked: set[str] = set()
        doomed: list[tuple[str, str]] = []
        for path in sorted(self.repositories):
            repo = self.repositories[path]
            tagged = set(repo.tags.values())
            for digest, image in repo.manifests.items():
                if delete_untagged and digest not in tagged:
                    lines.append(f"manifest eligible for deletion: {digest}")
                    doomed.append((path, digest))
                    continue
                lines.append(f"{path}: marking manifest {digest} ")
                marked.add(digest)
                lines.append(f"{path}: marking configuration {image.config_digest}")
                marked.add(image.config_digest)
                for layer in image.layers:
                    lines.append(f"{path}: marking blob {layer.digest}")
                    marked.add(layer.digest)
        eligible = [blob for blob in self.blobs if blob not in marked]
        lines.append(f"\n{len(marked)} blobs marked, {len(eligible)} blobs and {len(doomed)} manifests eligible for deletion")
        for blob in eligible:
            lines.append(f"blob eligible for deletion: {blob}")
        if not dry_run:
            for path, digest in doomed:
                self.repositories[path].manifests.pop(digest, None)
                out.append(ev.ManifestDeleted(self.host, path, digest))
            for blob in eligible:
                del self.blobs[blob]
                for repo in self.repositories.values():
                    repo.blobs.discard(blob)
                out.append(ev.BlobDeleted(self.host, blob))
        return GcReport(lines, out, len(marked), len(eligible))

    def clone(self) -> Registry:
        return Registry(
            host=self.host,
            repositories={path: repo.clone() for path, repo in self.repositories.items()},
            blobs=dict(self.blobs),
            delete_enabled=self.delete_enabled,
            hub=self.hub,
        )

"""What a registry holds, as shelves, editions and labels, and what the article warns about.

Findings:
- ``stale-latest``: `latest` is not on the edition of the highest version tag (nothing moves
  `latest` by itself: somebody pushed a version and forgot it);
- ``no-latest``: version tags but no `latest`, so ``docker pull NAME`` fails;
- ``shared-edition``: several labels on one edition (often right — ``1.2`` and ``latest`` — listed
  so that a surprise shows);
- with a previous ``--json`` report (``--since``): ``tag-moved`` (a label now on another edition) and
  ``untagged`` (an edition that lost its last label: still stored and pullable by digest until it is
  deleted and garbage-collected, or already gone).
The Distribution API cannot list untagged manifests, so without ``--since`` nothing can say which
editions lost their labels: the report says so rather than guess.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field

from tutor.inspect.client import RegistryClient, RegistryError

_VERSION = re.compile(r"^v?(\d+(?:\.\d+)*)(?:-([0-9A-Za-z.-]+))?$")


def version_key(tag: str) -> tuple | None:
    """A sort key for version-like tags (``1``, ``1.2``, ``v1.2.4``, ``2.0-rc1``); None for others.

    A pre-release sorts below its release; ``1.2`` below ``1.2.0`` (the more precise tag wins a tie).
    """
    match = _VERSION.match(tag)
    if match is None:
        return None
    numbers = tuple(int(part) for part in match.group(1).split("."))
    padded = numbers + (0,) * (8 - len(numbers)) if len(numbers) < 8 else numbers
    return (padded, match.group(2) is None, len(numbers))


def highest_version(tags: list[str]) -> str | None:
    """The highest release tag (pre-releases only when there is no release): where `latest` belongs."""
    keyed = [(key, tag) for tag in tags if (key := version_key(tag)) is not None]
    releases = [(key, tag) for key, tag in keyed if key[1]]
    pool = releases or keyed
    return max(pool)[1] if pool else None


@dataclass
class Edition:
    digest: str
    media_type: str
    tags: list[str]


@dataclass
class Shelf:
    name: str
    tags: dict[str, str]  # tag -> manifest digest
    editions: list[Edition]
    latest: str | None  # the digest `latest` is on
    highest_version: str | None  # the highest version-like tag
    stale_latest: bool


@dataclass
class Finding:
    kind: str
    repository: str
    message: str
    tags: list[str] = field(default_factory=list)
    digest: str | None = None


@dataclass
class Report:
    registry: str
    shelves: list[Shelf]
    findings: list[Finding]
    notes: list[str]

    @property
    def stale(self) -> list[Finding]:
        return [f for f in self.findings if f.kind == "stale-latest"]

    def to_json(self) -> dict:
        return {
            "registry": self.registry,
            "repositories": [asdict(shelf) for shelf in self.shelves],
            "findings": [asdict(finding) for finding in self.findings],
            "notes": list(self.notes),
        }


def short(digest: str) -> str:
    return digest.split(":", 1)[-1][:12]


def read_shelf(client: RegistryClient, name: str) -> Shelf:
    tags: dict[str, str] = {}
    media: dict[str, str] = {}
    for tag in sorted(client.tags(name)):
        digest, media_type, _ = client.manifest(name, tag)
        tags[tag] = digest
        media.setdefault(digest, media_type)
    by_digest: dict[str, list[str]] = {}
    for tag, digest in tags.items():
        by_digest.setdefault(digest, []).append(tag)
    editions = [Edition(digest, media[digest], labels) for digest, labels in by_digest.items()]
    highest = highest_version(list(tags))
    latest = tags.get("latest")
    stale = latest is not None and highest is not None and tags[highest] != latest
    return Shelf(name, tags, editions, latest, highest, stale)


def findings_for(shelf: Shelf) -> list[Finding]:
    found: list[Finding] = []
    if shelf.stale_latest:
        on_latest = [t for t, d in shelf.tags.items() if d == shelf.latest and t != "latest"]
        where = f" (with {', '.join(on_latest)})" if on_latest else ""
        found.append(
            Finding(
                "stale-latest",
                shelf.name,
                f"`latest` is on {short(shelf.latest or '')}{where}, but the highest version "
                f"{shelf.highest_version} is {short(shelf.tags[shelf.highest_version or ''])}: "
                "nothing moves `latest` unless someone tags and pushes it",
                tags=["latest", shelf.highest_version or ""],
                digest=shelf.latest,
            )
        )
    elif shelf.latest is None and shelf.highest_version is not None:
        found.append(
            Finding(
                "no-latest",
                shelf.name,
                f"no `latest` label: `docker pull {shelf.name}` (which means :latest) fails here",
            )
        )
    for edition in shelf.editions:
        if len(edition.tags) > 1:
            found.append(
                Finding(
                    "shared-edition",
                    shelf.name,
                    f"one edition {short(edition.digest)} carries {len(edition.tags)} labels: "
                    + ", ".join(edition.tags),
                    tags=list(edition.tags),
                    digest=edition.digest,
                )
            )
    return found


def compare_with(client: RegistryClient, shelves: list[Shelf], previous: dict, whole: bool) -> list[Finding]:
    """Labels that moved and editions left without labels since an earlier ``--json`` report.

    ``whole``: every repository was read (the catalog), so one missing now is gone; with ``--repo``
    only the named ones are compared.
    """
    found: list[Finding] = []
    now = {shelf.name: shelf for shelf in shelves}
    for old in previous.get("repositories") or []:
        if not isinstance(old, dict) or not isinstance(old.get("tags"), dict):
            continue
        name = str(old.get("name", ""))
        shelf = now.get(name)
        if shelf is None and not whole:
            continue
        current = shelf.tags if shelf else {}
        for tag, digest in old["tags"].items():
            if tag in current and current[tag] != digest:
                found.append(
                    Finding(
                        "tag-moved",
                        name,
                        f"label {tag} moved from {short(str(digest))} to {short(current[tag])}",
                        tags=[str(tag)],
                        digest=current[tag],
                    )
                )
        for digest in sorted({str(d) for d in old["tags"].values()} - set(current.values())):
            try:
                stored = client.manifest_exists(name, digest)
            except RegistryError:
                stored = False
            state = (
                "untagged but still stored: pullable by digest until it is deleted and garbage-collected"
                if stored
                else "no longer in the registry"
            )
            found.append(Finding("untagged", name, f"edition {short(digest)} lost its labels: {state}", digest=digest))
    return found


def inspect_registry(
    client: RegistryClient, repositories: list[str] | None = None, previous: dict | None = None
) -> Report:
    client.ping()
    names = repositories if repositories else client.catalog()
    shelves = [read_shelf(client, name) for name in names]
    findings = [finding for shelf in shelves for finding in findings_for(shelf)]
    notes = []
    if previous is not None:
        findings.extend(compare_with(client, shelves, previous, whole=not repositories))
    else:
        notes.append(
            "The registry API cannot list editions without labels: save this report with --json and "
            "pass it to --since next time to see labels that moved and editions left untagged."
        )
    return Report(client.base, shelves, findings, notes)

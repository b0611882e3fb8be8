"""``docker image prune``: remove dangling images (``-a``: every image no container uses).

The CLI side follows docker/cli v29.7.2 cli/command/image/prune.go (warnings, the ``[y/N]`` prompt of
internal/prompt/prompt.go Confirm, the report, ``Total reclaimed space`` with units.HumanSize); the daemon
side moby docker-v29.7.2 daemon/containerd/image_prune.go (profile "current") and
daemon/images/image_prune.go (profile "classic"). Both daemons walk a Go map, so the order of the
reported images varies between real runs; here it is sorted (by name, or by image ID on classic).

The store changes go through ImageStore (and rmi's ``_Remover`` on classic, which is ImageDelete there),
so the events are rmi's: the library picture and ``explain`` show what went.
"""

from __future__ import annotations

from tutor.sim import reference
from tutor.sim.content import Image, human_size
from tutor.sim.errors import InvalidReference, SimError
from tutor.sim.shell.docker import DAEMON_DOWN, register
from tutor.sim.shell.docker.cli import NO_ARGS, Args, Command, Flag
from tutor.sim.shell.docker.context import DockerContext, daemon_error
from tutor.sim.shell.docker.images import (
    UNPACK_RATIO,
    _chain_ids,
    _Remover,
    _until_clock,
    cli_filters,
    containerd_labels_match,
    familiar,
    held_by_build_cache,
)

# cli/command/image/prune.go
ALL_IMAGE_WARNING = (
    "WARNING! This will remove all images without at least one container associated to them.",
    "Are you sure you want to continue?",
)
DANGLING_WARNING = ("WARNING! This will remove all dangling images.", "Are you sure you want to continue?")
ACCEPTED_FILTERS = ("dangling", "label", "label!", "until")  # both stores' imagesAcceptedFilters
DANGLING_PREFIX = "moby-dangling@"  # moby daemon/containerd/soft_delete.go imageNameDanglingPrefix
NO_ANSWER = (
    "registry-tutor: commands here have no standard input to type an answer on, so Docker reads no \"y\" "
    "and cancels the prune (exit status 1, nothing removed). Add -f (--force) to prune without the question."
)


def human_size_4(size: int) -> str:
    """go-units HumanSize: HumanSizeWithPrecision(size, 4), decimal units ("1.234MB", "0B")."""
    return human_size(size, 4)


# =========================================================================== filters


def _daemon_filters(filters: dict[str, list[str]], show_all: bool) -> dict[str, list[str]]:
    """The ``dangling`` value runPrune adds, then the daemon's Validate and GetBoolOrDefault."""
    bucket = filters.setdefault("dangling", [])
    if str(not show_all).lower() not in bucket:
        bucket.append(str(not show_all).lower())
    for key in filters:
        if key not in ACCEPTED_FILTERS:
            raise daemon_error(f"invalid filter '{key}'")  # daemon/internal/filters errors.go invalidFilter
    values = filters["dangling"]
    is_false = "0" in values or "false" in values
    is_true = "1" in values or "true" in values
    if is_false == is_true:  # filters.go GetBoolOrDefault: none or both truthy and falsy
        raise daemon_error(f"invalid filter 'dangling=[{' '.join(sorted(values))}]'")
    return filters


def _labels(image: Image) -> dict[str, str]:
    return (image.config.get("config") or {}).get("Labels") or {}


def _match_kv_list(values: list[str], labels: dict[str, str]) -> bool:
    """daemon/internal/filters parse.go MatchKVList: every ``key`` / ``key=value`` must hold."""
    if not values:
        return True
    if not labels:
        return False
    for value in values:
        key, eq, wanted = value.partition("=")
        if key not in labels or (eq and labels[key] != wanted):
            return False
    return True


def _classic_labels_match(filters: dict[str, list[str]], image: Image) -> bool:
    """daemon/images/image_prune.go matchLabels."""
    labels = _labels(image)
    if not _match_kv_list(filters.get("label", []), labels):
        return False
    return not (filters.get("label!") and _match_kv_list(filters["label!"], labels))


def _current_labels_match(filters: dict[str, list[str]], image: Image) -> bool:
    """daemon/containerd/image_list.go setupLabelFilter (the image config's labels; attestations skipped)."""
    return containerd_labels_match(filters, _labels(image))


# =========================================================================== containerd


def _blobs(image: Image) -> list[tuple[str, int, bool]]:
    """(digest, size, is a manifest or index) of an image's content, in containerd images.Walk order:
    the target, then depth first (a manifest's config, then its layers)."""
    own = [(image.config_digest, len(image.config_bytes), False), *((x.digest, x.size, False) for x in image.layers)]
    a = image.attestation
    if a is None:
        return [(image.manifest_digest, len(image.manifest_bytes), True), *own]
    return [
        (image.manifest_digest, len(image.manifest_bytes), True),
        (a.image_manifest.digest, a.image_manifest.size, True),
        *own,
        (a.attestation_manifest.digest, a.attestation_manifest.size, True),
        *((digest, size, False) for digest, size in image.extra_blobs()),
    ]


def _records(ctx: DockerContext) -> list[tuple[str, str]]:
    """containerd image records (name, target digest): one per tag and digest reference, and the
    ``moby-dangling@`` record an image keeps when it has no name."""
    store = ctx.store
    out = []
    for digest in store.images:
        names = store.tags_of(digest) + store.digest_refs_of(digest)
        out += [(name, digest) for name in names] or [(DANGLING_PREFIX + digest, digest)]
    return out


def _keep_for_containers(ctx: DockerContext, to_prune: dict[str, str]) -> set[str]:
    """image_prune.go filterImagesUsedByContainers: drop the names containers were made from; return the
    targets a container names by ID or digest (their last name is kept)."""
    used: set[str] = set()
    for c in ctx.machine.containers.values():
        to_prune.pop(DANGLING_PREFIX + c.digest, None)
        typed = c.image
        if c.digest.startswith("sha256:" + typed.removeprefix("sha256:")) or typed.endswith("@" + c.digest):
            used.add(c.digest)
        try:
            ref = reference.parse(typed)
        except InvalidReference:
            continue
        named = ref.tag_or_latest() if ref.is_name_only() else ref  # reference.TagNameOnly
        to_prune.pop(str(named), None)
        if named.digest is not None and named.tag is not None:
            to_prune.pop(f"{named.name}:{named.tag}", None)
    return used


def _prune_current(ctx: DockerContext, filters: dict[str, list[str]], dangling_only: bool) -> tuple[list[str], int]:
    store = ctx.store
    untils = [_until_clock(ctx, value) for value in filters.get("until", [])]
    records = _records(ctx)
    ref_count: dict[str, int] = {}
    to_prune: dict[str, str] = {}
    for name, digest in records:
        ref_count[digest] = ref_count.get(digest, 0) + 1
        if dangling_only and not name.startswith(DANGLING_PREFIX):
            continue
        arrived = store.arrived.get(digest, 0)  # the record's CreatedAt: when the image came to this store
        if all(arrived < t for t in untils) and _current_labels_match(filters, store.images[digest]):
            to_prune[name] = digest
    used = _keep_for_containers(ctx, to_prune)
    for name in sorted(to_prune):  # the last name of a target a container uses stays
        digest = to_prune[name]
        if ref_count[digest] > 1:
            ref_count[digest] -= 1
        elif digest in used:
            del to_prune[name]
    lines: list[str] = []
    reclaimed = 0
    for name in sorted(to_prune):
        digest = to_prune[name]
        image = store.images[digest]
        if name.startswith(DANGLING_PREFIX):
            shown = digest  # imageFamiliarName of a dangling record
        elif "@" in name:
            store.digest_refs.pop(name, None)
            shown = familiar(name)
        else:
            ctx.emit(store.remove_tag(*name.rsplit(":", 1)))
            shown = familiar(name)
        lines.append(f"untagged: {shown}")
        if store.tags_of(digest) or store.digest_refs_of(digest):
            continue  # other names keep the content
        ctx.emit(store.delete_image(digest))
        # what the content store's garbage collection then removed: blobs and snapshots no other image holds.
        # Layers a build on this machine used (its own and its base image's) stay with BuildKit's cache
        # records, which lease them, until `docker builder prune` (images.py held_by_build_cache): as with
        # docker rmi on the classic store, only layers no build used are freed.
        held = held_by_build_cache(store)
        kept_blobs = {d for other in store.images.values() for d, _, _ in _blobs(other)} | set(held.values())
        kept_chains = {c for other in store.images.values() for c in _chain_ids(other)} | held.keys()
        for blob, size, is_manifest in _blobs(image):
            if blob in kept_blobs:
                continue
            kept_blobs.add(blob)  # a blob listed twice is counted once
            reclaimed += size
            if is_manifest:
                lines.append(f"deleted: {blob}")
        for chain, layer in zip(_chain_ids(image), image.layers, strict=True):
            if chain not in kept_chains:
                kept_chains.add(chain)
                reclaimed += int(layer.size * UNPACK_RATIO)
    return lines, reclaimed


# =========================================================================== graphdriver


def _prune_classic(ctx: DockerContext, filters: dict[str, list[str]], dangling_only: bool) -> tuple[list[str], int]:
    store = ctx.store
    untils = filters.get("until", [])
    if len(untils) > 1:
        raise daemon_error("more than one until filter specified")
    until = _until_clock(ctx, untils[0]) if untils else None
    # every image here is a head (no image is another's parent: no legacy-builder intermediates)
    layer_sizes = {chain: int(layer.size * UNPACK_RATIO)
                   for image in store.images.values() for chain, layer in zip(_chain_ids(image), image.layers, strict=True)}
    top = [image for image in sorted(store.images.values(), key=lambda i: i.config_digest)
           if (until is None or image.created <= until) and _classic_labels_match(filters, image)]
    records: list[str] = []
    for image in top:
        digest = image.manifest_digest
        if digest not in store.images:
            continue
        refs = sorted(store.tags_of(digest) + store.digest_refs_of(digest))
        if refs:
            if dangling_only and any("@" not in ref for ref in refs):
                continue  # only images with no tag (reference.NamedTagged) are dangling here
            texts = refs
        else:
            texts = [image.config_digest.removeprefix("sha256:")]
        for text in texts:  # ImageDelete each reference (or the ID); a conflict skips it (imageDeleteFailed)
            remover = _Remover(ctx, force=False)
            try:
                remover.remove_classic(text)
            except SimError:
                continue
            records += remover.records
    lines = [record.replace("Untagged: ", "untagged: ", 1).replace("Deleted: ", "deleted: ", 1)
             for record in records]
    reclaimed = sum(layer_sizes.get(r.removeprefix("Deleted: "), 0) for r in records if r.startswith("Deleted: "))
    return lines, reclaimed


# =========================================================================== the command


def run_image_prune(ctx: DockerContext, args: Args) -> int | None:
    filters = cli_filters(ctx, args.filter, flag="--filter")
    if not args.force:
        # internal/prompt Confirm writes the question (no newline) and reads a line; with no line to
        # read (EOF) the answer is "no": runPrune returns a cancelledErr, which main prints nothing
        # for (errdefs.IsCanceled) and exits 1.
        warning = ALL_IMAGE_WARNING if args.all else DANGLING_WARNING
        ctx.out(warning[0], warning[1] + " [y/N] ")
        ctx.err(NO_ANSWER)
        return 1
    if not ctx.world.machine.daemon_running:  # only now does the CLI call the daemon (ImagesPrune)
        raise SimError(DAEMON_DOWN)
    filters = _daemon_filters(filters, args.all)
    dangling_only = "true" in filters["dangling"] or "1" in filters["dangling"]
    del filters["dangling"]
    if ctx.classic:
        lines, reclaimed = _prune_classic(ctx, filters, dangling_only)
    else:
        lines, reclaimed = _prune_current(ctx, filters, dangling_only)
    if lines:
        ctx.out("Deleted Images:", *lines, "")  # the report ends "\n", and Fprintln adds one
    ctx.out(f"Total reclaimed space: {human_size_4(reclaimed)}")
    return 0


register(
    Command(
        path="docker image prune",
        use="prune [OPTIONS]",
        short="Remove unused images",
        handler=run_image_prune,
        arity=NO_ARGS,
        asks_first=True,
        flags=[
            Flag("all", "a", help="Remove all unused images, not just dangling ones"),
            Flag("filter", kind="list", value_name="filter",
                 help='Provide filter values (e.g. "until=<timestamp>")'),
            Flag("force", "f", help="Do not prompt for confirmation"),
        ],
    )
)

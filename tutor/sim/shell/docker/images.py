"""The local-image commands: ``build``, ``tag``, ``images``, ``rmi``, ``image inspect`` and ``inspect``.

Wording follows docker/cli v29, moby v29 (both image stores) and buildx/BuildKit, checked in the
sources named next to each string; where no source settled it, the comment says the wording was
chosen. Build logic (Dockerfile, layers, cache, progress lines) lives in ``tutor.sim.builder``.

Other modules may import:

* ``resolve_local_image(ctx, text) -> Image``: the daemon's GetImage (name[:tag], name@digest or
  an ID prefix), raising ``NoSuchImage`` (``Error response from daemon: No such image: x:latest``);
* ``find_local_image(store, profile, text) -> Image``: the same without a DockerContext;
* ``repo_tags(store, digest)`` / ``repo_digests(store, image, profile)``: what ``RepoTags`` /
  ``RepoDigests`` show (familiar strings);
* ``content_size`` / ``unpacked_size`` / ``disk_usage``: the sizes ``docker images`` prints;
* ``render_template(text, data)``: the Go text/template subset used by ``--format``.
"""

from __future__ import annotations

import functools
import re

from tutor.sim import content, gopath, platforms, reference
from tutor.sim import events as ev
from tutor.sim.content import Image, human_duration, human_size, iso_time, sha256, short
from tutor.sim.errors import InvalidReference, SimError
from tutor.sim.fs import FsError
from tutor.sim.image_store import ImageStore, split_key
from tutor.sim.lazy import LazyModule, import_module
from tutor.sim.records import record
from tutor.sim.shell.docker import register, register_per_path
from tutor.sim.shell.docker.cli import Args, Command, Flag, at_least, at_most, exact
from tutor.sim.shell.docker.context import DockerContext, UnreachableRegistry, daemon_error
from tutor.sim.shell.docker.gofmt import (  # noqa: F401 (some re-exported)
    GoMethods,
    GoStruct,
    TemplateError,
    format_escapes,
    go_indent_json,
    go_json,
    go_print,
    go_quote,
    go_raw_map,
    parse_template,
    render_template,
    tabwrite,
)
from tutor.sim.shell.docker.govalues import EMPTY_STRUCT, GoNilList, GoNilMap

json = LazyModule("json")  # not at start-up: its package compiles regexes

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing at start-up (tutor.sim.lazy)
if TYPE_CHECKING:
    from typing import Any

# loaded by the first build, not by `docker images`
builder = LazyModule("tutor.sim.builder")

UNPACK_RATIO = 2.5  # an unpacked layer is about 2.5x its gzip size (no real bytes here)
UNTAGGED = "<untagged>"  # cli/command/image/tree.go untaggedName


# =========================================================================== names and sizes


def familiar(normalized: str) -> str:
    """``docker.io/library/myapp1:1.0`` -> ``myapp1:1.0`` (FamiliarString)."""
    return reference.parse(normalized).familiar_string()


def repo_tags(store: ImageStore, digest: str, profile: str = "classic") -> list[str]:
    """RepoTags: familiar ``name:tag`` strings, sorted as the daemon sorts references.

    containerd lists every image name, so a pull by digest adds ``name@sha256:…`` (moby
    daemon/containerd image_inspect.go collectRepoTagsAndDigests, image_list.go tagsByDigest);
    graphdriver keeps only tagged references (daemon/images/image_list.go: reference.NamedTagged)."""
    return [familiar(key) for key in _image_names(store, digest, profile)]


def _image_names(store: ImageStore, digest: str, profile: str) -> list[str]:
    """The references naming an image, fully normalised, in the order the store lists them."""
    keys = list(store.tags_of(digest))
    if profile != "classic":
        keys += store.digest_refs_of(digest)  # containerd: a pull by digest names the image name@digest
    return sorted(keys)


def repo_digests(store: ImageStore, image: Image, profile: str) -> list[str]:
    """RepoDigests. containerd builds one per image name from the target digest, so even a
    never-pushed image has them; graphdriver has them only after a push or pull."""
    keys = set(store.digest_refs_of(image.manifest_digest))
    if profile != "classic":
        for key in store.tags_of(image.manifest_digest):
            keys.add(f"{split_key(key)[0]}@{image.manifest_digest}")
    return [familiar(key) for key in sorted(keys)]


def content_size(image: Image) -> int:
    """Compressed layers + config: what a registry stores (CONTENT SIZE). An attested image adds its
    attestation manifest's content (moby daemon/containerd/image_list.go sums every manifest's content)."""
    a = image.attestation
    if a is None:
        return image.size
    return image.size + a.attestation_manifest.size + sum(size for _, size in image.extra_blobs())


def unpacked_size(image: Image) -> int:
    """The layers unpacked on disk (graphdriver's SIZE)."""
    return sum(int(layer.size * UNPACK_RATIO) for layer in image.layers)


def disk_usage(image: Image, profile: str) -> int:
    """containerd keeps both the compressed content and the unpacked snapshots (DISK USAGE)."""
    if profile == "classic":
        return unpacked_size(image)
    return unpacked_size(image) + content_size(image)


# The layers the machine's BuildKit cache holds. A build's snapshots keep references to every layer it used,
# its base image's and its own (moby docker-v29.7.2 daemon/internal/builder-next/adapters/snapshot/snapshot.go:
# getLayer takes LayerStore.Get and keeps it in s.refs until the cache record is removed), so when an image
# goes, the layer store releases only layers nobody else references (daemon/images/image_delete.go
# imageDeleteHelper: "Deleted: <ChainID>" for each layer imageStore.Delete released). What counts is whether
# this machine built with the layer, not how the image's history reads: a pulled official image says
# buildkit.dockerfile.v0 too. Recorded in the image store's build cache (journaled, saved with the world)
# as "layer:<ChainID>" -> the layer's blob digest; nothing here removes them (no `docker builder prune`).
_HELD_PREFIX = "layer:"


def hold_built_layers(store: ImageStore, image: Image) -> None:
    """Record the layers a build used as held by the build cache."""
    chains = _chain_ids(image)
    cache = store.build_cache
    # Top down, stopping at the first layer already held: a held ChainID's lower layers were recorded with
    # it (a build on the same base writes only its own new layers; each write is journaled).
    layers = image.layers
    for i in range(len(chains) - 1, -1, -1):
        key = _HELD_PREFIX + chains[i]
        if key in cache:
            return
        cache[key] = layers[i].digest


def held_by_build_cache(store: ImageStore) -> dict[str, str]:
    """ChainID -> blob digest of every layer this machine's build cache holds."""
    n = len(_HELD_PREFIX)
    return {key[n:]: blob for key, blob in store.build_cache.items() if key.startswith(_HELD_PREFIX)}


def _containers_using(ctx: DockerContext, digest: str) -> list:
    return [c for c in ctx.machine.containers.values() if c.digest == digest]


# =========================================================================== finding images


class NoSuchImage(SimError):
    """The daemon's NotFound (``docker rmi -f`` ignores these)."""


def _not_found(parsed: reference.Reference | reference.DigestOnly) -> NoSuchImage:
    # moby daemon/images/image.go ErrImageDoesNotExist: FamiliarString(TagNameOnly(ref))
    if isinstance(parsed, reference.Reference):
        parsed = parsed.tag_or_latest()
    return NoSuchImage(f"Error response from daemon: No such image: {parsed.familiar_string()}")


def _parse_any(text: str) -> reference.Reference | reference.DigestOnly:
    try:
        return reference.parse_any(text)
    except InvalidReference as exc:  # the daemon answers InvalidParameter
        raise daemon_error(str(exc)) from None


def _hex_prefix(text: str, shortest: int) -> str | None:
    hexpart = text.removeprefix("sha256:")
    return hexpart if re.fullmatch(rf"[a-f0-9]{{{shortest},64}}", hexpart) else None


def _by_digest_name(store: ImageStore, name: str, digest: str, profile: str) -> Image | None:
    image = store.get(digest)
    if image is None:
        return None
    if f"{name}@{digest}" in store.digest_refs:
        return image
    if profile != "classic" and any(split_key(k)[0] == name for k in store.tags_of(digest)):
        return image  # containerd matches the target digest within the repository
    return None


def find_local_image(store: ImageStore, profile: str, text: str) -> Image:
    """moby GetImage for both stores: by full ID, name[:tag], name@digest, or ID prefix."""
    # a blank name reaches GetImage's ParseAnyReference: "invalid reference format" (only rmi's route
    # checks for blank names first, see run_rmi)
    parsed = _parse_any(text)
    if isinstance(parsed, reference.DigestOnly):
        for image in store.images.values():
            if image.image_id(profile) == parsed.digest:
                return image
        raise _not_found(parsed)
    if parsed.digest is not None:
        image = _by_digest_name(store, parsed.name, parsed.digest, profile)
        if image is not None:
            return image
        raise _not_found(parsed)
    ref = parsed.tag_or_latest()
    digest = store.tag_digest(ref.name, ref.tag or "latest")
    if digest is not None:
        return store.images[digest]
    prefix = _hex_prefix(text, 1 if profile == "classic" else 4)
    if prefix is not None:
        matches = store.find_by_id_prefix(prefix, profile)
        if len(matches) == 1:
            return matches[0]
        if len(matches) > 1 and profile != "classic":
            raise NoSuchImage("Error response from daemon: ambiguous reference")  # containerd resolveImage
    raise _not_found(parsed)


def classic_platform_mismatch(text: str, wanted: platforms.Platform) -> NoSuchImage | None:
    """moby daemon/images/image.go GetImage with a platform (graphdriver): every simulated image is
    linux/amd64; another platform is this NotFound. The name is made familiar only when
    reference.ParseNamed takes it (a canonical name). OnlyPlatformWithFallback matches an image without a
    variant on OS and architecture alone, so linux/amd64/v2 finds it too."""
    if (wanted.os, wanted.architecture) == ("linux", "amd64"):
        return None
    try:
        parsed = reference.parse(text)
        shown = parsed.familiar_string() if str(parsed) == text else text
    except InvalidReference:
        shown = text
    return NoSuchImage(
        f"Error response from daemon: image with reference {shown} was found but its platform (linux/amd64) "
        f"does not match the specified platform ({wanted.format_all()})"
    )


def resolve_local_image(ctx: DockerContext, text: str) -> Image:
    """The image ``text`` names on this machine, or Docker's error for it."""
    return find_local_image(ctx.store, ctx.profile, text)


# =========================================================================== registration


# =========================================================================== docker build

BUILDX_USE = "build [OPTIONS] PATH | URL | -"
PROGRESS_MODES = ("auto", "plain", "tty", "quiet", "rawjson")
HUB_PULL_DENIED = (
    "pull access denied, repository does not exist or may require authorization: "
    "server message: insufficient_scope: authorization failed"
)  # containerd resolver, seen in BuildKit output (docker driver) for a missing Hub repository


def _build_platforms(args: Args, env: dict | None) -> list[str]:
    """--platform as typed, else DOCKER_DEFAULT_PLATFORM: buildx commands/build.go makes the variable the
    default of the --platform StringArray (``platformsDefault = []string{v}``); a typed --platform replaces it."""
    default = "platform" not in args.changed and (env or {}).get("DOCKER_DEFAULT_PLATFORM", "")
    return [default] if default else args.platform


def _check_build_platforms(values: list[str]) -> None:
    """buildx util/platformutil/parse.go Parse: comma lists, "local", else containerd platforms.Parse
    (its error printed by buildx's main); only linux/amd64 is simulated."""
    for value in values:
        for text in value.split(","):
            try:
                wanted = platforms.parse(text) if text.lower() != "local" else None
            except SimError as exc:
                raise _buildx_error(exc.message) from None
            if wanted is not None and not wanted.is_host:
                raise SimError(
                    "registry-tutor: every simulated image is linux/amd64; other platforms are not simulated."
                )


def _buildx_error(message: str) -> SimError:
    """buildx's main prints every error as ``ERROR: <message>`` and exits 1."""
    return SimError(f"ERROR: {message}", 1)


def _key_values(values: list[str], keep_bare: bool) -> dict[str, str]:
    """buildx listToMap: ``k=v``; a bare ``k`` reads the environment (empty here) or is kept empty."""
    out: dict[str, str] = {}
    for value in values:
        key, eq, val = value.partition("=")
        if not key:
            raise _buildx_error(f"invalid key-value pair {go_quote(value)}: empty key")
        if eq:
            out[key] = val
        elif keep_bare:
            out[key] = ""
    return out


GO_BOOLS = {"1": True, "t": True, "T": True, "TRUE": True, "true": True, "True": True,
            "0": False, "f": False, "F": False, "FALSE": False, "false": False, "False": False}  # strconv.ParseBool
NO_DEFAULT_ATTESTATIONS = "BUILDX_NO_DEFAULT_ATTESTATIONS"


def _parse_bool_error(value: str) -> str:
    return f"strconv.ParseBool: parsing {go_quote(value)}: invalid syntax"


def _attests(args: Args) -> dict[str, str | None]:
    """buildx commands/build.go + util/buildflags/attests.go: --attest values, then --provenance and --sbom
    as CanonicalizeAttest writes them; ToMap keeps each type's first entry, None when disabled."""
    typed = list(args.attest)
    for kind, value in (("provenance", args.provenance), ("sbom", args.sbom)):
        if value:
            typed.append(
                f"type={kind},disabled={'false' if GO_BOOLS[value] else 'true'}" if value in GO_BOOLS
                else f"type={kind},{value}"
            )
    out: dict[str, str | None] = {}
    for text in typed:
        kind, disabled = "", False
        for item in text.split(","):
            key, eq, value = item.partition("=")
            if not eq:
                raise _buildx_error(f"invalid value {item}")
            low = key.strip().lower()
            if low == "type":
                kind = value
            elif low == "disabled":
                if value not in GO_BOOLS:
                    raise _buildx_error(f"invalid value {item}: {_parse_bool_error(value)}")
                disabled = GO_BOOLS[value]
        if not kind:
            raise _buildx_error("attestation type not specified")
        out.setdefault(kind, None if disabled else text)
    return out


def _wants_provenance(ctx: DockerContext, attests: dict[str, str | None]) -> bool:
    """buildx build/opt.go toSolveOpt: explicit attestations need the containerd store (the docker driver's
    MultiPlatform feature); without --provenance/--attest type=provenance the default is mode=min provenance
    unless BUILDX_NO_DEFAULT_ATTESTATIONS parses as true."""
    wanted = {k: v for k, v in attests.items() if v is not None}
    if ctx.classic:
        if wanted:
            raise _buildx_error(  # build/utils.go notSupported, wrapped by commands/build.go
                "failed to build: Attestation is not supported for the docker driver.\n"
                "Switch to a different driver, or turn on the containerd image store, and try again.\n"
                "Learn more at https://docs.docker.com/go/attestations/"
            )
        return False
    if "sbom" in wanted:
        raise SimError("registry-tutor: SBOM attestations are not simulated; only provenance is.")
    if "provenance" in attests:
        return attests["provenance"] is not None
    value = (ctx.env or {}).get(NO_DEFAULT_ATTESTATIONS)
    if value is None:
        return True
    if value not in GO_BOOLS:
        raise _buildx_error(f"failed to build: invalid {NO_DEFAULT_ATTESTATIONS}: {_parse_bool_error(value)}")
    return not GO_BOOLS[value]


def _provenance(ctx: DockerContext, image: Image, refs: list, inp: builder.BuildInput, dockerfile_name: str,
                tags: list[str]) -> bytes:
    """The build record: who built what, when (simulated clock), from which request. mode=min leaves out
    build arguments and labels (buildkit solver/llbsolver/provenance.go scrubMinRequest). ``tags``: the -t values
    ``refs`` were parsed from."""
    finished = ctx.world.clock
    started = max(finished - 2, 0)
    invocation = sha256(f"{image.manifest_digest}@{finished}".encode())[7:32]  # "sha256:" + the first 25 hex
    if dockerfile_name == "Dockerfile" and not inp.target and not inp.no_cache:  # the request every plain build makes
        return content.min_provenance_statement(image.manifest_digest, [_build_tag_name(t) for t in tags], started,
                                                finished, invocation)
    args: dict[str, str] = {}
    if dockerfile_name != "Dockerfile":
        args["filename"] = dockerfile_name
    if inp.target:
        args["target"] = inp.target
    if inp.no_cache:
        args["no-cache"] = ""
    request = {"frontend": "dockerfile.v0", "args": args, "locals": [{"name": "context"}, {"name": "dockerfile"}]}
    return content.provenance_statement(
        image, names=[str(r) for r in refs], started=started, finished=finished, request=request,
        materials=[], invocation=invocation,
    )


def _base_resolver(ctx: DockerContext):
    store = ctx.store

    def resolve(ref: reference.Reference) -> Image:
        # The docker driver resolves local images first (buildx opt.go: image-resolve-mode prefer-local).
        local = store.get(ref.digest) if ref.digest else None
        if local is None and ref.tag is not None:
            digest = store.tag_digest(ref.name, ref.tag)
            local = store.get(digest) if digest else None
        if local is not None:
            store.build_cache.setdefault(f"base:{local.manifest_digest}", "local")
            return local
        wanted = ref.digest or ref.tag or "latest"
        try:
            registry = ctx.registry(ref.domain)
        except UnreachableRegistry as exc:
            # chosen: containerd's resolver wording for a failed HEAD request
            raise builder.BaseNotFound(
                f'failed to do request: Head "https://{ref.domain}/v2/{ref.path}/manifests/{wanted}": {exc.detail}'
            ) from None
        if registry.repository(ref.path) is None and registry.hub:
            raise builder.BaseNotFound(HUB_PULL_DENIED)
        image = registry.resolve(ref.path, wanted)
        if image is None:
            raise builder.BaseNotFound(f"{ref}: not found")
        return image

    return resolve


def _dockerfile(ctx: DockerContext, context_dir: str, flag: str) -> tuple[str | None, str]:
    """(text or None, the name BuildKit shows) for -f or the context's Dockerfile."""
    fs = ctx.machine.fs
    if flag:
        path = fs.resolve(ctx.machine.cwd, flag, ctx.machine.home)
        name = flag.rstrip("/").rsplit("/", 1)[-1]
    else:
        path, name = f"{context_dir.rstrip('/')}/Dockerfile", "Dockerfile"
        lower = f"{context_dir.rstrip('/')}/dockerfile"
        if not fs.is_file(path) and fs.is_file(lower):  # buildx handleLowercaseDockerfile
            path, name = lower, "dockerfile"
    return (fs.read(path) if fs.is_file(path) else None), name


def run_build(ctx: DockerContext, args: Args) -> int | None:
    quiet = _check_build_options(args, ctx.env)
    build_args = _key_values(args.build_arg, keep_bare=False) if args.build_arg else {}
    labels = _key_values(args.label, keep_bare=True) if args.label else {}
    refs = _build_tags(args.tag)
    context_dir = _build_context(ctx, args.positional[0])
    text, name = _dockerfile(ctx, context_dir, args.file)
    provenance = _wants_provenance(ctx, _attests(args))
    world = ctx.world
    machine = world.machine
    store = machine.store
    build = import_module("tutor.sim.builder")  # (the module itself: `builder.X` asks the LazyModule every time)
    inp = build.BuildInput(
        dockerfile=text,
        dockerfile_name=name,
        context=machine.fs.files_under(context_dir),
        build_args=build_args,
        clock=world.clock,
        cache=store.build_cache,
        classic=ctx.classic,
        no_cache=args.no_cache,
        labels=labels,
        target=args.target,
        quiet=quiet,
    )
    try:
        out = build.run_build(inp, _base_resolver(ctx))
    except build.BuildFailed as exc:
        ctx.err(*(exc.snippet if quiet else exc.lines))
        raise _buildx_error(f"failed to build: {exc}") from None

    image = out.image
    if provenance:
        # the per-build record changes the index (the image ID) even when every step was CACHED
        image = content.attest(image, _provenance(ctx, image, refs, inp, name, args.tag))
    _store_build(ctx, out, image, refs, quiet)
    image_id = image.image_id(ctx.profile)
    if quiet:
        ctx.out(image_id)
    if args.iidfile:
        _write_iidfile(ctx, args.iidfile, image_id)
    return 0


def _check_build_options(args: Args, env: dict | None = None) -> bool:
    """Refuse what buildx refuses, and what is not simulated; -> quiet (-q or --progress=quiet)."""
    if len(args.positional) != 1:
        # buildx uses docker/cli's cli.ExactArgs; its main prints "ERROR: " before any error
        raise _buildx_error(
            "docker: 'docker buildx build' requires 1 argument\n\n"
            f"Usage:  docker buildx {BUILDX_USE}\n\n"
            "Run 'docker buildx build --help' for more information"
        )
    if args.progress not in PROGRESS_MODES:
        raise _buildx_error(f"invalid progress mode {args.progress}")  # chosen: progressui.NewDisplay
    if args.quiet and args.progress not in ("auto", "quiet"):
        raise _buildx_error(f"progress={args.progress} and quiet cannot be used together")  # buildx build.go
    if args.push or args.output:
        raise SimError(
            "registry-tutor: build outputs (--push, --output) are not simulated; "
            "build the image, then use 'docker push'."
        )
    _check_build_platforms(_build_platforms(args, env))
    return args.quiet or args.progress == "quiet"


def _build_tags(tags: list[str]) -> list[reference.Reference]:
    refs = []
    for tag in tags:
        try:
            refs.append(_build_tag(tag))
        except InvalidReference as exc:
            raise _buildx_error(f"failed to build: invalid tag {go_quote(tag)}: {exc}") from None
    return refs


@functools.lru_cache(maxsize=256)
def _build_tag_name(tag: str) -> str:
    """str() of a valid -t value's reference (the provenance subject's name), kept per text."""
    return str(_build_tag(tag))


@functools.lru_cache(maxsize=256)
def _build_tag(tag: str) -> reference.Reference:
    """A -t value parsed, kept per text (a Reference is immutable; a refused one raises every time)."""
    reference.parse_strict(tag)  # buildx opt.go: reference.Parse, "invalid tag %q"
    return reference.parse(tag).tag_or_latest()


def _build_context(ctx: DockerContext, path: str) -> str:
    """The build context folder ``path`` names, absolute."""
    if path == "-" or path.startswith(("http://", "https://", "git@", "github.com/")):
        raise SimError(
            "registry-tutor: building from stdin or a URL is not simulated; give a folder, e.g. '.'"
        )
    fs = ctx.machine.fs
    context_dir = fs.resolve(ctx.machine.cwd, path, ctx.machine.home)
    if not fs.is_dir(context_dir):
        raise _buildx_error(f"failed to build: unable to prepare context: path {go_quote(path)} not found")
    return context_dir


def _store_build(ctx: DockerContext, out, image: Image, refs: list, quiet: bool) -> None:
    """The built image stored and tagged, its progress lines written, its events told."""
    store = ctx.store
    digest = image.manifest_digest
    existed = digest in store.images
    same_edition = out.executed == 0 and any(i.platform_digest == image.platform_digest for i in store.images.values())
    store.add_image(image, ctx.world.clock)
    hold_built_layers(store, image)
    if not quiet:
        names = [str(ref) for ref in refs]
        if not names and not ctx.classic:
            # moby builder-next/exporter/wrapper.go: dangling-name-prefix "moby-dangling" (empty-only), so
            # buildkit export.go names an untagged result moby-dangling@<digest>
            names = [f"moby-dangling@{image.manifest_digest}"]
        ctx.err(
            *out.lines, *builder.export_lines(out.next_vertex, image, names, ctx.classic, out.executed > 0)
        )
        ctx.err(*builder.warning_lines(out.warnings))
    ctx.emit(
        ev.ImageBuilt(  # machine, digest, cached, edition, same_edition (positional: the event's fast path)
            store.machine,
            digest,
            out.executed == 0 and existed,
            image.platform_digest if image.is_index else "",
            same_edition and image.is_index,
        )
    )
    for ref in refs:
        ctx.emit(store.set_tag(ref.name, ref.tag or "latest", digest))
    if refs:  # mobyexporter export.go: TagImage (SetLastUpdated)
        store.tagged_at[digest] = ctx.world.clock


def _write_iidfile(ctx: DockerContext, iidfile: str, image_id: str) -> None:
    fs = ctx.machine.fs
    target = fs.resolve(ctx.machine.cwd, iidfile, ctx.machine.home)
    try:
        fs.write(target, image_id, mtime=ctx.world.clock)
    except FsError as exc:
        raise _buildx_error(f"writing image ID file: open {iidfile}: {exc.strerror.lower()}") from None


_BUILD = Command(
    # docker build runs buildx: its usage errors and help name "docker buildx build"
    path="docker buildx build",
    use=BUILDX_USE,
    aliases=("docker build", "docker image build", "docker builder build"),
    alias_line="docker build, docker builder build, docker image build, docker buildx b",  # buildx annotation
    short="Start a build",
    handler=run_build,
    flags=[
        Flag(
            "attest",
            kind="list",
            value_name="stringArray",
            help='Attestation parameters (format: "type=sbom,generator=image")',
        ),
        Flag("build-arg", kind="list", value_name="stringArray", help="Set build-time variables"),
        Flag(
            "cache-from",
            kind="list",
            value_name="stringArray",
            help="External cache sources (no effect here)",
        ),
        Flag(
            "cache-to",
            kind="list",
            value_name="stringArray",
            help="Cache export destinations (no effect here)",
        ),
        Flag(
            "file", "f", kind="string", default="", help='Name of the Dockerfile (default: "PATH/Dockerfile")'
        ),
        Flag("iidfile", kind="string", default="", help="Write the image ID to a file"),
        Flag("label", kind="list", value_name="stringArray", help="Set metadata for an image"),
        Flag("load", help='Shorthand for "--output=type=docker"'),
        Flag(
            "network",
            kind="string",
            default="default",
            help='Set the networking mode for the "RUN" instructions during build',
        ),
        Flag("no-cache", help="Do not use cache when building the image"),
        Flag("output", "o", kind="list", value_name="stringArray", help="Output destination (not simulated)"),
        Flag(
            "platform",
            kind="list",
            value_name="stringArray",
            help="Set target platform for build (linux/amd64 only here)",
        ),
        Flag(
            "progress",
            kind="string",
            default="auto",
            help='Set type of progress output ("auto", "quiet", "plain", "tty", "rawjson"). '
            "Use plain to show container output",
        ),
        Flag("provenance", kind="string", default="", help='Shorthand for "--attest=type=provenance"'),
        Flag("pull", help="Always attempt to pull all referenced images"),
        Flag("push", help='Shorthand for "--output=type=registry" (not simulated)'),
        Flag("quiet", "q", help="Suppress the build output and print image ID on success"),
        Flag("sbom", kind="string", default="", help='Shorthand for "--attest=type=sbom"'),
        Flag(
            "tag",
            "t",
            kind="list",
            value_name="stringArray",
            help='Name and optionally a tag (format: "name:tag")',
        ),
        Flag("target", kind="string", default="", help="Set the target build stage to build"),
    ],
)
register(_BUILD, paths=_BUILD.aliases)  # not under "docker buildx build": buildx itself is not covered


# =========================================================================== docker tag


def run_tag(ctx: DockerContext, args: Args) -> int | None:
    source, target = args.positional
    # moby client/image_tag.go: client-side checks, then the daemon's
    try:
        parsed = reference.parse_any(source)
    except InvalidReference as exc:
        raise SimError(
            f"error parsing reference: {go_quote(source)} is not a valid repository/tag: {exc}"
        ) from None
    try:
        ref = reference.parse(target)
    except InvalidReference as exc:
        raise SimError(
            f"error parsing reference: {go_quote(target)} is not a valid repository/tag: {exc}"
        ) from None
    if ref.digest is not None:
        raise SimError("refusing to create a tag with a digest reference")
    ctx.require_daemon()
    if ref.tag is None:  # (no digest either: tag_or_latest's case)
        ref = ref.tag_or_latest()
    # image_routes.go postImagesTag (a familiar name "sha256" is a path ending so: checked only then)
    if ref.path[-6:] == "sha256" and ref.familiar_name() == "sha256":
        raise daemon_error("refusing to create an ambiguous tag using digest algorithm as name")
    world = ctx.world
    store = world.machines[world.current].store
    image = _tagged_image(store, parsed)
    if image is None:
        image = find_local_image(store, world.profile, source)
    ctx.result.events.extend(store.set_tag(ref.name, ref.tag or "latest", image.manifest_digest))
    store.tagged_at[image.manifest_digest] = world.clock  # TagImage: SetLastUpdated / a new record
    return 0


def _tagged_image(store: ImageStore, parsed: reference.Reference | reference.DigestOnly) -> Image | None:
    """find_local_image's answer for a name[:tag] tagged here (the image its tag names), without parsing the
    text again; None for anything else (find_local_image answers it)."""
    if type(parsed) is reference.Reference and parsed.digest is None:
        digest = store.tags.get(f"{parsed.name}:{parsed.tag or 'latest'}")
        if digest is not None:
            return store.images[digest]
    return None


register_per_path(
    [
        ("docker tag", "tag SOURCE_IMAGE[:TAG] TARGET_IMAGE[:TAG]"),
        ("docker image tag", "tag SOURCE_IMAGE[:TAG] TARGET_IMAGE[:TAG]"),
    ],
    "docker image tag, docker tag",
    short="Create a tag TARGET_IMAGE that refers to SOURCE_IMAGE",
    handler=run_tag,
    arity=exact(2),
    interspersed=False,  # tag.go: flags.SetInterspersed(false), flags end at SOURCE
)


# =========================================================================== docker images

IMAGE_SUBCOMMANDS = (
    "build",
    "history",
    "import",
    "inspect",
    "list",
    "load",
    "ls",
    "prune",
    "pull",
    "push",
    "rm",
    "save",
    "tag",
)
FILTER_KEYS = ("before", "dangling", "label", "reference", "since", "until")
HEADERS = {
    "ID": "IMAGE ID",
    "Repository": "REPOSITORY",
    "Tag": "TAG",
    "Digest": "DIGEST",
    "CreatedSince": "CREATED",
    "CreatedAt": "CREATED AT",
    "Size": "SIZE",
    "Containers": "CONTAINERS",
    "SharedSize": "SHARED SIZE",
    "UniqueSize": "UNIQUE SIZE",
}
DEFAULT_TABLE = "table {{.Repository}}\t{{.Tag}}\t{{.ID}}\t{{if .CreatedSince }}{{.CreatedSince}}{{else}}N/A{{end}}\t{{.Size}}"
DIGEST_TABLE = (
    "table {{.Repository}}\t{{.Tag}}\t{{.Digest}}\t{{.ID}}\t"
    "{{if .CreatedSince }}{{.CreatedSince}}{{else}}N/A{{end}}\t{{.Size}}"
)


@record
class _Summary:
    """One image as the daemon's image list returns it."""

    image: Image
    tags: list[str]  # familiar name:tag
    digests: list[str]  # familiar name@digest
    created: int
    arrived: int

    def __init__(self, image: Image, tags: list[str], digests: list[str], created: int, arrived: int) -> None:
        self.image = image
        self.tags = tags
        self.digests = digests
        self.created = created
        self.arrived = arrived

    @property
    def dangling(self) -> bool:
        return not self.tags and not self.digests


def _familiar_match(pattern: str, ref_text: str) -> bool:
    """The reference filter since Docker 29.5: the pattern is matched (Go path.Match) against the familiar
    and the canonical forms, with and without tag, so `myapp1` and `docker.io/library/myapp1` both match
    (moby daemon/containerd/image_list.go setupFilters, daemon/images/image_list.go Images)."""
    ref = reference.parse(ref_text)
    tag_name_only = ref.tag_or_latest() if ref.is_name_only() else ref  # reference.TagNameOnly
    targets = (ref.familiar_string(), ref.familiar_name(), str(tag_name_only), ref.name)
    return any(gopath.match(pattern, target) for target in targets)


def _reference_filter(ctx: DockerContext, patterns: list[str], names: list[str]) -> list[str]:
    """The names a reference filter keeps. A malformed pattern (Go path.ErrBadPattern): graphdriver's
    Images returns the error (daemon/images/image_list.go); containerd's filter func answers false for
    the image (daemon/containerd/image_list.go setupFilters), so nothing is listed."""
    kept = []
    for name in names:
        try:
            if any(_familiar_match(p, name) for p in patterns):
                kept.append(name)
        except gopath.BadPattern:
            if ctx.classic:
                raise daemon_error(gopath.BAD_PATTERN) from None
            return []
    return kept


def cli_filters(ctx: DockerContext, values: list[str], flag: str = "-f, --filter") -> dict[str, list[str]]:
    """docker/cli opts.FilterOpt.Set, while the flags are parsed: an empty value is no filter; name=value,
    the name lowered, both trimmed; a set of values per name. ``flag``: the flag as the command's usage
    names it (``docker image prune`` has no -f for it)."""
    filters: dict[str, list[str]] = {}
    for value in values:
        if not value:
            continue
        key, eq, val = value.partition("=")
        if not eq:
            raise ctx.command.usage_error(
                f'invalid argument "{value}" for "{flag}" flag: bad format of filter (expected name=value)', 125
            )
        bucket = filters.setdefault(key.strip().lower(), [])
        if val.strip() not in bucket:
            bucket.append(val.strip())
    return filters


def _parse_filters(ctx: DockerContext, values: list[str]) -> dict[str, list[str]]:
    """cli_filters, then the daemon's Validate of every name before any value is read."""
    filters = cli_filters(ctx, values)
    for key in filters:  # daemon/internal/filters parse.go Validate; containerd also accepts "label!"
        if key not in FILTER_KEYS and (ctx.classic or key != "label!"):
            raise daemon_error(f"invalid filter '{key}'")
    if "dangling" in filters:
        _dangling_only(filters["dangling"])
    return filters


def _dangling_only(values: list[str]) -> bool:
    """moby daemon/internal/filters parse.go GetBoolOrDefault: exactly "1"/"true" or "0"/"false"; none of
    them, or both kinds, is invalidFilter, whose Error() prints the values as a Go slice (errors.go)."""
    is_false = "0" in values or "false" in values
    is_true = "1" in values or "true" in values
    if is_false == is_true:
        raise daemon_error(f"invalid filter 'dangling=[{' '.join(sorted(values))}]'")
    return is_true


_GO_DURATION_UNITS = {"ns": 1e-9, "us": 1e-6, "\u00b5s": 1e-6, "\u03bcs": 1e-6, "ms": 1e-3, "s": 1, "m": 60, "h": 3600}


def _go_duration(value: str) -> float | None:
    """Go time.ParseDuration in seconds (``1h30m``, ``-10m``, ``1.5h``), or None when it is not one."""
    m = re.fullmatch(r"([-+]?)((?:(?:\d+\.?\d*|\.\d+)(?:ns|us|\u00b5s|\u03bcs|ms|s|m|h))+)", value)
    if m is None:
        return None
    parts = re.findall(r"(\d+\.?\d*|\.\d+)(ns|us|\u00b5s|\u03bcs|ms|s|m|h)", m.group(2))
    total = sum(float(n) * _GO_DURATION_UNITS[u] for n, u in parts)
    return -total if m.group(1) == "-" else total


def _until_clock(ctx: DockerContext, value: str) -> float:
    """moby daemon/internal/timestamp/timestamp.go Parse, on the simulated clock: a Go duration counts back
    from now, otherwise an RFC 3339 date or time (this machine's zone is UTC), otherwise Unix seconds."""
    import datetime as _dt

    def invalid(detail: str) -> SimError:
        return daemon_error(f"invalid value for 'until' filter: {detail}")

    if not value.strip():
        raise invalid("failed to parse value as time or duration: value is empty")
    duration = _go_duration(value)
    if duration is not None and value != "0":
        return ctx.world.clock - duration
    if "-" in value or "T" in value:
        try:
            moment = _dt.datetime.fromisoformat(value.replace("z", "Z"))
        except ValueError:
            raise SimError(
                f"registry-tutor: the date {value!r} is not one this simulator reads; try a duration "
                "(until=10m) or an RFC 3339 time (until=2026-01-01T00:05:00Z)"
            ) from None
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=_dt.UTC)
        return moment.timestamp() - content.EPOCH
    seconds, _, nanos = value.partition(".")
    if not re.fullmatch(r"[-+]?\d+", seconds):
        raise invalid(f'failed to parse value as time or duration: invalid seconds "{seconds}": invalid syntax')
    return int(seconds) + (int(nanos[:9].ljust(9, "0")) / 1e9 if nanos.isdigit() else 0) - content.EPOCH


def _summaries(ctx: DockerContext, filters: dict[str, list[str]], show_all: bool) -> list[_Summary]:
    store = ctx.store
    out: list[_Summary] = []
    patterns = filters.get("reference", [])
    dangling = filters.get("dangling")
    dangling_only = dangling is not None and _dangling_only(dangling)
    before = [find_local_image(store, ctx.profile, v).created for v in filters.get("before", [])]
    since = [find_local_image(store, ctx.profile, v).created for v in filters.get("since", [])]
    until = [_until_clock(ctx, v) for v in filters.get("until", [])]
    for image in store.images.values():
        if any(image.created >= t for t in before) or any(image.created <= t for t in since):
            continue
        # graphdriver compares the image's Created; containerd the CreatedAt of its local record (image_list.go)
        stored = image.created if ctx.classic else store.arrived.get(image.manifest_digest, image.created)
        if any(stored >= t for t in until):
            continue
        if ctx.classic:
            if not _labels_match(image, filters.get("label", [])):
                continue
        elif not containerd_labels_match(filters, (image.config.get("config") or {}).get("Labels") or {}):
            continue
        if ctx.classic:
            tags = repo_tags(store, image.manifest_digest)
            digests = repo_digests(store, image, ctx.profile)
            if patterns:
                tags = _reference_filter(ctx, patterns, tags)
                digests = _reference_filter(ctx, patterns, digests)
        else:
            names = _image_names(store, image.manifest_digest, ctx.profile)
            if patterns:
                names = _reference_filter(ctx, patterns, names)
            tags = [familiar(n) for n in names]
            # image_list.go: uniqueImages keeps the last name listed for the target, and
            # singlePlatformImage builds the one RepoDigest from it (TrimNamed(name)@target)
            digests = [familiar(f"{reference.parse(names[-1]).name}@{image.manifest_digest}")] if names else []
        summary = _Summary(image, tags, digests, image.created, store.arrived.get(image.manifest_digest, 0))
        if summary.dangling:
            # moby image list: a reference filter drops images with no matching reference
            if patterns or (dangling is not None and not dangling_only):
                continue
        elif dangling_only and tags:
            continue  # graphdriver image_list.go: danglingOnly && len(RepoTags) > 0
        if not tags and not show_all and (dangling is None or "false" in dangling):
            continue  # docker/cli list.go isDangling (len(RepoTags) == 0), removed unless -a or dangling=true
        out.append(summary)
    out.sort(key=lambda s: (-s.created, -s.arrived))  # the daemon sorts by Created, newest first
    return out


def _labels_match(image: Image, wanted: list[str]) -> bool:
    """graphdriver: daemon/internal/filters parse.go MatchKVList over the config's labels."""
    labels = (image.config.get("config") or {}).get("Labels") or {}
    for item in wanted:
        key, eq, value = item.partition("=")
        if key not in labels or (eq and labels[key] != value):
            return False
    return True


def containerd_labels_match(filters: dict[str, list[str]], labels: dict[str, str]) -> bool:
    """daemon/containerd/image_list.go setupLabelFilter: `label` and `label!` checks, `key!=value` flipping
    one; a key alone asks whether the label exists."""
    checks = []
    for name in ("label", "label!"):
        for item in filters.get(name, []):
            key, found, value = item.partition("=")
            negate = name == "label!"
            if key.endswith("!"):  # label=key!=value flips the check
                key, negate = key[:-1], not negate
            checks.append((key, value, not found, negate))
    for key, value, only_exists, negate in checks:
        exists = key in labels
        if only_exists:
            if exists == negate:
                return False
            continue
        if not exists:
            if negate:
                continue
            return False
        if (labels[key] == value) == negate:
            return False
    return True


def _row_contexts(
    ctx: DockerContext, summaries: list[_Summary], show_digests: bool, needs_digest: bool
) -> list[dict]:
    """docker/cli formatter/image.go imageFormat: one row per repository tag (or digest)."""
    rows = []
    for s in summaries:
        if s.dangling:
            rows.append({"summary": s, "repo": "<none>", "tag": "<none>", "digest": "<none>"})
            continue
        repo_tags_map: dict[str, list[str]] = {}
        for t in s.tags:
            ref = reference.parse(t)
            if ref.tag is None:
                continue  # only reference.NamedTagged names make rows (containerd lists name@digest too)
            repo_tags_map.setdefault(ref.familiar_name(), []).append(ref.tag)
        repo_digests_map: dict[str, list[str]] = {}
        for d in s.digests:
            ref = reference.parse(d)
            repo_digests_map.setdefault(ref.familiar_name(), []).append(ref.digest or "")
        for repo, tags in repo_tags_map.items():
            digests = repo_digests_map.pop(repo, []) if needs_digest else []
            repo_digests_map.pop(repo, None)
            for tag in tags:
                for dgst in digests or ["<none>"]:
                    rows.append({"summary": s, "repo": repo, "tag": tag, "digest": dgst})
        for repo, digests in repo_digests_map.items():
            if show_digests:
                rows += [{"summary": s, "repo": repo, "tag": "<none>", "digest": d} for d in digests]
            else:
                rows.append({"summary": s, "repo": repo, "tag": "<none>", "digest": ""})
    return rows


def _row_fields(ctx: DockerContext, row: dict, trunc: bool) -> dict[str, str]:
    s: _Summary = row["summary"]
    image_id = s.image.image_id(ctx.profile)
    size = disk_usage(s.image, ctx.profile)
    containers = len(_containers_using(ctx, s.image.manifest_digest))
    # docker/cli formatter/image.go imageContext methods, in the sorted order formatter.MarshalJSON's
    # map gives `--format json` (VirtualSize is gone in v29); both stores count containers on API >= 1.51
    # (moby image_routes.go noContainers), so Containers is "0", not "N/A", for an unused image.
    return {
        "Containers": str(containers),
        "CreatedAt": _go_time(s.created),
        "CreatedSince": human_duration(max(0, ctx.world.clock - s.created)) + " ago",
        "Digest": row["digest"],
        "ID": short(image_id) if trunc else image_id,
        "Repository": row["repo"],
        "SharedSize": "N/A",
        "Size": human_size(size),
        "Tag": row["tag"],
        "UniqueSize": "N/A",
    }


def _go_time(clock: int) -> str:
    """time.Time.String() in UTC: ``2026-01-01 00:00:07 +0000 UTC``."""
    return iso_time(clock).replace("T", " ").replace("Z", " +0000 UTC")




def _print_table(ctx: DockerContext, rows: list[dict], fmt: str, trunc: bool) -> None:
    # formatter.go Format.templateString: "table" cut off, spaces (only) trimmed, then \t and \n replaced
    is_table = fmt.startswith("table")
    template = "{{json .}}" if fmt == "json" else format_escapes(fmt.removeprefix("table").strip(" "))
    try:
        parse_template(template)
    except TemplateError as exc:
        raise SimError(f"template parsing error: {exc}") from None
    try:
        rendered = [
            render_template(template, GoMethods(_row_fields(ctx, row, trunc), "*formatter.imageContext"))
            for row in rows
        ]
    except TemplateError as exc:  # docker/cli formatter.go contextFormat wraps execution errors the same way
        raise SimError(f"template parsing error: {exc}") from None
    if is_table:
        header = render_template(template, HEADERS, header=True)
        cells = [line.split("\t") for line in [header, *rendered]]
        ctx.out(*tabwrite(cells))
        return
    for text in rendered:
        ctx.out(*text.split("\n"))


def _tree_rows(ctx: DockerContext, summaries: list[_Summary], expanded: bool) -> list[str]:
    """docker/cli cli/command/image/tree.go, collapsed (one row per tag) or expanded (--tree)."""
    details = {}
    platform_rows = {}  # the platform image manifest's row: its own digest and sizes (attestations hidden)
    for s in summaries:
        used = bool(_containers_using(ctx, s.image.manifest_digest))
        details[s.image.manifest_digest] = (
            short(s.image.image_id(ctx.profile)),
            human_size(disk_usage(s.image, ctx.profile)),
            human_size(content_size(s.image)),
            "U" if used else "",
        )
        platform_rows[s.image.manifest_digest] = (
            short(s.image.platform_digest),
            human_size(disk_usage(s.image, ctx.profile) - (content_size(s.image) - s.image.size)),
            human_size(s.image.size),
            "U" if used else "",
        )
    names = [t for s in summaries for t in s.tags]
    widest = max(
        [len("Image"), *map(len, names)] + ([len(UNTAGGED)] if any(not s.tags for s in summaries) else [])
    )
    if expanded and not ctx.classic:
        widest = max(widest, len("└─ linux/amd64".encode()))
    # docker/cli 29.7 tree.go printImageTree/adjustColumns: off a terminal the width is unlimited (v29.0.1,
    # aa5d00a3a4: no legend, no dropped columns) and names are never cut (NoEllipsis since v29.0.4)
    name_width = widest

    def cell(text: str) -> str:
        return text + " " * (name_width - len(text))

    def detail(digest: str, rows: dict = details) -> str:
        image_id, disk, content, extra = rows[digest]
        return f"   {image_id:<12}   {disk:>10}   {content:>12}   {extra:<5}"

    lines = [f"{'IMAGE'.ljust(name_width)}   {'ID':<12}   {'DISK USAGE':>10}   {'CONTENT SIZE':>12}   EXTRA"]
    if not expanded:
        rows = [(t, s) for s in summaries for t in s.tags]
        rows.sort(key=lambda r: r[0])
        rows += [(UNTAGGED, s) for s in summaries if not s.tags]
        lines += [cell(name) + detail(s.image.manifest_digest) for name, s in rows]
        return lines
    for s in sorted(summaries, key=lambda s: (not s.tags, sorted(s.tags)[:1])):
        digest = s.image.manifest_digest
        tag_names = sorted(s.tags) or [UNTAGGED]
        lines += [cell(t) for t in tag_names[:-1]]
        lines.append(cell(tag_names[-1]) + detail(digest))
        if ctx.classic:
            # moby daemon/images/image_list.go (graphdriver) fills no Manifests: tree.go prints no
            # platform rows, and no spacing lines between images
            continue
        lines.append(cell("└─ linux/amd64") + detail(digest, platform_rows))
        lines.append("")
    return lines


def _run_images(ctx: DockerContext, args: Args, called_as_images: bool) -> int | None:
    match_name = args.positional[0] if args.positional else ""
    if args.tree:  # docker/cli list.go
        for flag, word in (
            ("quiet", "--quiet"),
            ("no_trunc", "--no-trunc"),
            ("digests", "--show-digest"),
            ("format", "--format"),
        ):
            if getattr(args, flag):
                raise SimError(f"{word} is not yet supported with --tree")
    filters = _parse_filters(ctx, args.filter)
    if match_name:
        filters.setdefault("reference", []).append(match_name)
    summaries = _summaries(ctx, filters, args.all)
    use_tree = args.tree or not (ctx.classic or args.quiet or args.no_trunc or args.digests or args.format)
    if use_tree:
        ctx.out(*_tree_rows(ctx, summaries, expanded=args.tree))
    else:
        _print_classic(ctx, args, summaries)
    if match_name and called_as_images and not summaries and match_name in IMAGE_SUBCOMMANDS:
        # docker/cli list.go printAmbiguousHint, after the (empty) listing; its leading "\n" went in v29.5.0
        # (02dee5c2d2, with the tree view's human-readability warning)
        ctx.err(f'No images found matching "{match_name}": did you mean "docker image {match_name}"?')
    return 0


def _print_classic(ctx: DockerContext, args: Args, summaries: list[_Summary]) -> None:
    fmt = args.format
    if args.quiet and (not fmt or fmt == "table"):
        fmt = "{{.ID}}"  # formatter.DefaultQuietFormat: one line per row, as docker/cli prints it
    elif not fmt or fmt == "table":
        fmt = DIGEST_TABLE if args.digests else DEFAULT_TABLE
    elif fmt == "raw":  # formatter/image.go NewImageFormat RawFormatKey
        if args.quiet:
            fmt = "image_id: {{.ID}}"
        else:
            digest_line = "digest: {{.Digest}}\n" if args.digests else ""
            fmt = (
                "repository: {{ .Repository }}\ntag: {{.Tag}}\n" + digest_line
                + "image_id: {{.ID}}\ncreated_at: {{.CreatedAt}}\nvirtual_size: {{.Size}}\n"
            )
    elif fmt.startswith("table") and args.digests and "{{.Digest}}" not in fmt:
        fmt += "\t{{.Digest}}"
    needs_digest = args.digests or "{{.Digest}}" in fmt
    rows = _row_contexts(ctx, summaries, args.digests, needs_digest)
    _print_table(ctx, rows, fmt, trunc=not args.no_trunc)


def run_images(ctx: DockerContext, args: Args) -> int | None:
    return _run_images(ctx, args, called_as_images=True)


def run_image_ls(ctx: DockerContext, args: Args) -> int | None:
    return _run_images(ctx, args, called_as_images=False)


IMAGES_FLAGS = [
    Flag("all", "a", help="Show all images (default hides intermediate and dangling images)"),
    Flag("digests", help="Show digests"),
    Flag("filter", "f", kind="list", value_name="filter", help="Filter output based on conditions provided"),
    Flag(
        "format",
        kind="string",
        default="",
        help=(  # docker/cli cli/flags/options.go FormatHelp
            "Format output using a custom template:\n"
            "'table':            Print output in table format with column headers (default)\n"
            "'table TEMPLATE':   Print output in table format using the given Go template\n"
            "'json':             Print in JSON format\n"
            "'TEMPLATE':         Print output using the given Go template.\n"
            "Refer to https://docs.docker.com/go/formatting/ for more information about formatting output "
            "with templates"
        ),
    ),
    Flag("no-trunc", help="Don't truncate output"),
    Flag("quiet", "q", help="Only show image IDs"),
    Flag("tree", help="List multi-platform images as a tree (EXPERIMENTAL)"),
]
_IMAGES_ALIAS_LINE = "docker image ls, docker image list, docker images"
register(
    Command(path="docker images", use="images [OPTIONS] [REPOSITORY[:TAG]]",
            aliases=("docker image ls", "docker image list"), alias_line=_IMAGES_ALIAS_LINE,
            short="List images", handler=run_images, arity=at_most(1), flags=IMAGES_FLAGS),
    paths=("docker images",),
)
register(  # `docker image list` is a cobra alias: its errors still say "docker image ls"
    Command(path="docker image ls", use="ls [OPTIONS] [REPOSITORY[:TAG]]",
            aliases=("docker image list", "docker images"), alias_line=_IMAGES_ALIAS_LINE,
            short="List images", handler=run_image_ls, arity=at_most(1), flags=IMAGES_FLAGS),
    paths=("docker image ls", "docker image list"),
)


# =========================================================================== docker rmi


class Conflict(SimError):
    """A delete conflict (never a NotFound: -f does not hide it)."""


def _conflict(subject: str, hard: bool, message: str) -> Conflict:
    force = "cannot be forced" if hard else "must be forced"
    return Conflict(f"Error response from daemon: conflict: unable to delete {subject} ({force}) - {message}")


def _chain_ids(image: Image) -> list[str]:
    """Layer ChainIDs, bottom first (image-spec: ChainID(n) = sha256(ChainID(n-1) + " " + DiffID(n)))."""
    return list(_chains(tuple([layer.diff_id for layer in image.layers])))


@functools.lru_cache(maxsize=1024)
def _chains(diff_ids: tuple[str, ...]) -> tuple[str, ...]:
    """Kept per layer list, and built on the kept chains of its lower layers: every build records its
    chains (hold_built_layers), and builds on one base share all but their top layers."""
    if len(diff_ids) <= 1:
        return diff_ids
    below = _chains(diff_ids[:-1])
    return (*below, sha256(f"{below[-1]} {diff_ids[-1]}".encode()))


class _Remover:
    """One ``docker rmi`` argument: its output records and events, or an error."""

    def __init__(self, ctx: DockerContext, force: bool, wanted: list[platforms.Platform] | None = None) -> None:
        self.ctx = ctx
        self.store = ctx.store
        self.force = force
        self.wanted = wanted or []  # --platform
        self.records: list[str] = []

    def delete_platforms(self, image: Image, named: str) -> None:
        """containerd deleteImagePlatforms: each platform's manifest, or the error for the first the image
        lacks (OnlyStrict, errPlatformNotFound without a wanted platform: "any platform")."""
        for p in self.wanted:
            if p.is_host:
                raise SimError(
                    "registry-tutor: `docker rmi --platform` removing the image's own platform content (its "
                    "names stay) is not simulated; remove the image without --platform."
                )
            raise NoSuchImage(
                f"Error response from daemon: failed to delete platform {p.format_all()} for image "
                f"{image.manifest_digest}: image with reference {named} was found but does not provide any platform"
            )

    def untag(self, key: str) -> None:
        """Remove one reference (``name:tag`` or ``name@digest``) and record ``Untagged:``."""
        if "@" in key:
            self.store.digest_refs.pop(key, None)
        else:
            name, tag = split_key(key)
            self.ctx.emit(self.store.remove_tag(name, tag))
        self.records.append(f"Untagged: {familiar(key)}")

    def refs(self, digest: str) -> list[str]:
        # refstore References(): one list sorted by the full reference string (lexicalRefs), so
        # "alpine@sha256:..." comes right after "alpine:latest", before other repositories
        return sorted(self.store.tags_of(digest) + self.store.digest_refs_of(digest))

    def delete(self, image: Image, layer_lines: bool) -> None:
        digest = image.manifest_digest
        for key in self.refs(digest):
            self.untag(key)
        self.records.append(f"Deleted: {image.image_id(self.ctx.profile)}")
        others = [i for d, i in self.store.images.items() if d != digest]
        if layer_lines:
            kept = {c for other in others for c in _chain_ids(other)} | held_by_build_cache(self.store).keys()
            self.records += [f"Deleted: {c}" for c in reversed(_chain_ids(image)) if c not in kept]
        self.ctx.emit(self.store.delete_image(digest))

    def dangling_left(self, digest: str) -> None:
        if self.store.is_dangling(digest):
            self.ctx.emit(ev.ImageDangling(self.store.machine, digest))

    # --- graphdriver: moby daemon/images/image_delete.go ---------------------

    @staticmethod
    def _single_reference(refs: list[str]) -> bool:
        if len(refs) <= 1:
            return len(refs) == 1
        single = None
        names: set[str] = set()
        for ref in refs:
            name = ref.split("@")[0] if "@" in ref else split_key(ref)[0]
            if "@" in ref:
                names.add(name)
            elif single is None:
                names.add(name)
                single = name
            else:
                return False
        single = single or (refs[0].split("@")[0])
        return len(names) == 1 and single in names

    def _classic_conflict(self, image: Image, running: bool, active: bool, stopped: bool) -> Conflict | None:
        digest = image.manifest_digest
        using = _containers_using(self.ctx, digest)
        subject = short(image.config_digest)
        if running:
            for c in using:
                if c.status == "running":
                    return _conflict(subject, True, f"image is being used by running container {short(c.id)}")
        if active and self.refs(digest):
            return _conflict(subject, False, "image is referenced in multiple repositories")
        if stopped:
            for c in using:
                if c.status != "running":
                    return _conflict(
                        subject, False, f"image is being used by stopped container {short(c.id)}"
                    )
        return None

    def remove_classic(self, text: str) -> None:
        if len(self.wanted) > 1:  # daemon/images/image_delete.go ImageDelete, before GetImage
            raise daemon_error("multiple platforms are not supported")
        image = find_local_image(self.store, "classic", text)
        mismatch = classic_platform_mismatch(text, self.wanted[0]) if self.wanted else None
        if mismatch is not None:
            raise mismatch
        digest = image.manifest_digest
        image_id = image.config_digest
        refs = self.refs(digest)
        removed_repository_ref = False
        if not _is_id_prefix(image_id, text):
            using = _containers_using(self.ctx, digest)
            if not self.force and self._single_reference(refs) and using:
                raise Conflict(
                    "Error response from daemon: conflict: unable to remove repository reference "
                    f"{go_quote(text)} (must force) - container {short(using[0].id)} "
                    f"is using its referenced image {short(image_id)}"
                )
            parsed = reference.parse(text)
            key = (
                f"{parsed.name}@{parsed.digest}"
                if parsed.digest
                else f"{parsed.name}:{parsed.tag or 'latest'}"
            )
            self.untag(key)
            if parsed.digest is None:
                remaining = self.refs(digest)
                if not any("@" not in r and split_key(r)[0] == parsed.name for r in remaining):
                    for r in remaining:
                        if "@" in r and r.split("@")[0] == parsed.name:
                            self.untag(r)
            if self.refs(digest):
                return
            removed_repository_ref = True
        elif self._single_reference(refs):
            conflict = self._classic_conflict(image, running=True, active=False, stopped=not self.force)
            if conflict:
                raise conflict
            for key in refs:
                self.untag(key)
        conflict = self._classic_conflict(image, running=True, active=not self.force, stopped=not self.force)
        if conflict:
            if removed_repository_ref:  # quiet: the untag stands, the image stays
                self.dangling_left(digest)
                return
            raise conflict
        self.delete(image, layer_lines=True)

    # --- containerd: moby daemon/containerd/image_delete.go ------------------

    def _records_for(self, digest: str) -> list[str]:
        """containerd image records (names) pointing at a target, sorted as containerd lists them."""
        return sorted(self.store.tags_of(digest) + self.store.digest_refs_of(digest))

    @staticmethod
    def _same_refs(named: reference.Reference | None, records: list[str]) -> list[str]:
        """getSameReferences: records for the same name (and tag); digest records only if no other tag."""
        tag = None
        all_tags = False
        if named is not None:
            if named.tag is not None:
                tag = named.tag
            elif named.digest is not None:
                all_tags = True
        same: list[str] = []
        digest_refs: list[str] | None = []
        for rec in records:
            r = reference.parse(rec)
            if named is None:
                named, tag = r, r.tag
            elif named.name != r.name:
                continue
            elif not all_tags:
                if r.tag is not None:
                    if tag is None:
                        tag = r.tag
                    elif tag != r.tag:
                        digest_refs = None
                        continue
                else:
                    if digest_refs is not None:
                        digest_refs.append(rec)
                    continue
            same.append(rec)
        return same + (digest_refs or [])

    def _resolve_all(self, text: str) -> tuple[str | None, list[str], Image]:
        """resolveAllReferences: (the record the text names, every record of its target, the image)."""
        store = self.store
        parsed = _parse_any(text)
        prefix = _hex_prefix(text, 4)
        if isinstance(parsed, reference.DigestOnly):
            image = store.get(parsed.digest)
            if image is None:
                raise _not_found(parsed)
            return None, self._records_for(image.manifest_digest), image
        name = str(parsed if parsed.digest else parsed.tag_or_latest())
        digest = store.tags.get(name) or store.digest_refs.get(name)
        if digest is not None:
            return name, self._records_for(digest), store.images[digest]
        if parsed.digest is not None:
            image = store.get(parsed.digest)
            if image is None:
                raise _not_found(parsed)
            return None, self._records_for(image.manifest_digest), image
        if prefix is not None:
            matches = store.find_by_id_prefix(prefix, "current")
            if len(matches) > 1:
                raise NoSuchImage("Error response from daemon: ambiguous reference")
            if matches:
                return None, self._records_for(matches[0].manifest_digest), matches[0]
        raise _not_found(parsed)

    def remove_current(self, text: str) -> None:
        record, records, image = self._resolve_all(text)
        digest = image.manifest_digest
        active = stopped = not self.force
        if record is None:
            named = None if _is_id_prefix(digest, text) else reference.parse(text)
            same = self._same_refs(named, records)
            if not same and named is not None:
                raise _not_found(named)
            if self.wanted:  # every later path ends in deleteImagePlatforms
                return self.delete_platforms(image, familiar(records[0]) if records else image.manifest_digest)
            if len(same) == len(records) and not self.force:
                active = False
            if named is not None and same and len(same) != len(records):
                for rec in same:
                    self.untag(rec)
                return
        else:
            if self.wanted:
                return self.delete_platforms(image, familiar(record))
            if _is_id_prefix(digest, text):
                return self._delete_all(image, records, active, stopped)
            parsed = reference.parse(record)
            same = self._same_refs(parsed, records)
            if len(same) != len(records):
                for rec in same:
                    self.untag(rec)
                return
            if len(records) > 1 and not self.force:
                active = False
            using = _containers_using(self.ctx, digest)
            if using:
                familiar_ref = parsed.familiar_string()
                if not self.force:
                    raise Conflict(
                        f"Error response from daemon: conflict: unable to delete {familiar_ref} (must be forced) - "
                        f"container {short(using[0].id)} is using its referenced image {short(digest)}"
                    )
                # softImageDelete: the names go, the image stays for its containers
                for rec in records:
                    if "@" in rec:
                        self.store.digest_refs.pop(rec, None)
                    else:
                        self.ctx.emit(self.store.remove_tag(*split_key(rec)))
                self.records.append(f"Untagged: {familiar_ref}")
                self.dangling_left(digest)
                return
        self._delete_all(image, records, active, stopped)

    def _delete_all(self, image: Image, records: list[str], active: bool, stopped: bool) -> None:
        digest = image.manifest_digest
        subject = short(digest)
        using = _containers_using(self.ctx, digest)
        for c in using:
            if c.status == "running":
                raise _conflict(subject, True, f"image is being used by running container {short(c.id)}")
        if stopped:
            for c in using:
                raise _conflict(subject, False, f"image is being used by stopped container {short(c.id)}")
        if active and len(records) > 1:
            raise _conflict(subject, False, "image is referenced in multiple repositories")
        self.delete(image, layer_lines=False)


def _is_id_prefix(image_id: str, text: str) -> bool:
    """moby isImageIDPrefix: ``sha256:3f2a…`` or ``3f2a…``."""
    return image_id.startswith(text) or image_id.split(":", 1)[-1].startswith(text)


def run_rmi(ctx: DockerContext, args: Args) -> int | None:
    # docker/cli image/remove.go: --platform is a StringSliceVar (each value split as CSV), every element
    # parsed before any daemon call
    values = [args.platform] if isinstance(args.platform, str) else args.platform or []
    wanted = [platforms.parse(v) for value in values for v in value.split(",")]
    if args.platform and not args.force and not ctx.classic:
        # daemon/containerd/image_delete.go, em-dash included
        raise daemon_error(
            "Content will be removed from all images referencing this variant. Use —-force to force delete."
        )
    errors: list[str] = []
    fatal = False
    for text in args.positional:
        remover = _Remover(ctx, args.force, wanted)
        try:
            if not text.strip():  # image_routes.go postImagesDelete (InvalidParameter)
                raise daemon_error("image name cannot be blank")
            if ctx.classic:
                remover.remove_classic(text)
            else:
                remover.remove_current(text)
        except SimError as exc:
            if not isinstance(exc, NoSuchImage):
                fatal = True
            errors.append(str(exc))  # the daemon's reply is the error alone
            continue
        ctx.out(*remover.records)
    if errors:
        # docker/cli image/remove.go: errors joined; with -f, NotFound alone is not a failure
        ctx.err(*"\n".join(errors).split("\n"))
        return 0 if args.force and not fatal else 1
    return 0


RMI_FLAGS = [
    Flag("force", "f", help="Force removal of the image"),
    Flag("no-prune", help="Do not delete untagged parents"),
    Flag(
        "platform",
        kind="list",
        value_name="strings",  # remove.go: StringSliceVar, which pflag names "strings"
        help='Remove only the given platform variant. Formatted as "os[/arch[/variant]]" (e.g., "linux/amd64")',
    ),
]
_, _IMAGE_RM = register_per_path(
    [
        ("docker rmi", "rmi [OPTIONS] IMAGE [IMAGE...]"),
        ("docker image rm", "rm [OPTIONS] IMAGE [IMAGE...]"),
    ],
    "docker image rm, docker image remove, docker rmi",
    short="Remove one or more images",
    handler=run_rmi,
    arity=at_least(1),
    flags=RMI_FLAGS,
)
# cobra aliases of `docker image rm` (image/remove.go newImageRemoveCommand: Aliases "rmi", "remove")
register(_IMAGE_RM, paths=("docker image rm", "docker image remove", "docker image rmi"))


# =========================================================================== inspect

CONFIG_FIELDS = {  # docker image-spec DockerOCIImageConfig, in its JSON order, with Go zero values
    "User": "",
    "ExposedPorts": {},
    "Env": [],
    "Entrypoint": [],
    "Cmd": [],
    "Volumes": {},
    "WorkingDir": "",
    "Labels": {},
    "StopSignal": "",
    "ArgsEscaped": False,
    "Healthcheck": None,
    "OnBuild": [],
    "Shell": [],
}
IMAGE_FIELDS = {  # moby api/types/image InspectResponse (v29.7): its Go field names, zero values for templates
    "ID": "",  # JSON "Id": `{{.Id}}` works only through docker/cli's raw-JSON fallback
    "RepoTags": [],
    "RepoDigests": [],
    "Comment": "",
    "Created": "",
    "Author": "",
    "Config": None,
    "Architecture": "",
    "Variant": "",
    "Os": "",
    "OsVersion": "",
    "Size": 0,
    "GraphDriver": None,
    "RootFS": {"Type": "", "Layers": []},
    "Metadata": {"LastTagTime": ""},
    "Descriptor": None,
    "Manifests": [],
    "Identity": None,
}
# ocispec.Descriptor's Go field names for its JSON ones (the rest are zero)
_DESCRIPTOR_FIELDS = {"mediaType": "MediaType", "digest": "Digest", "size": "Size", "urls": "URLs",
                      "annotations": "Annotations", "data": "Data", "platform": "Platform",
                      "artifactType": "ArtifactType"}


def image_inspect_json(ctx: DockerContext, image: Image) -> dict:
    """GET /images/{name}/json as moby v29 answers it (omitempty fields left out)."""
    store = ctx.store
    config = image.config
    image_config = config.get("config") or {}
    cfg = {k: image_config[k] for k in CONFIG_FIELDS if image_config.get(k) not in (None, "", [], {}, False)}
    history = config.get("history") or []
    data: dict[str, Any] = {
        "Id": image.image_id(ctx.profile),
        "RepoTags": repo_tags(store, image.manifest_digest, ctx.profile),
        "RepoDigests": repo_digests(store, image, ctx.profile),
    }
    comment = history[-1].get("comment", "") if history else ""  # moby falls back to the last history entry
    if comment:
        data["Comment"] = comment
    data["Created"] = config.get("created") or iso_time(image.created)
    data["Config"] = cfg
    data["Architecture"] = config.get("architecture", "amd64")
    data["Os"] = config.get("os", "linux")
    data["Size"] = disk_usage(image, ctx.profile)
    if ctx.classic:
        chain = _chain_ids(image)
        top = sha256(f"overlay2:{chain[-1] if chain else image.config_digest}".encode())[7:]
        data["GraphDriver"] = {
            "Data": {
                "LowerDir": ":".join(
                    f"/var/lib/docker/overlay2/{sha256(c.encode())[7:]}/diff" for c in reversed(chain[:-1])
                ),
                "MergedDir": f"/var/lib/docker/overlay2/{top}/merged",
                "UpperDir": f"/var/lib/docker/overlay2/{top}/diff",
                "WorkDir": f"/var/lib/docker/overlay2/{top}/work",
            },
            "Name": "overlay2",
        }
        if not data["GraphDriver"]["Data"]["LowerDir"]:
            del data["GraphDriver"]["Data"]["LowerDir"]
    data["RootFS"] = {"Type": "layers", "Layers": [layer.diff_id for layer in image.layers]}
    # graphdriver: GetLastUpdated, set by TagImage only (docker tag, a build's -t; never a pull), zero
    # otherwise; containerd: the newest UpdatedAt of the target's records (a pull, a tag, a build)
    arrived = store.arrived.get(image.manifest_digest, image.created)
    tagged_at = store.tagged_at.get(image.manifest_digest)
    if ctx.classic:
        last_tag = iso_time(tagged_at) if tagged_at is not None else "0001-01-01T00:00:00Z"
    else:
        last_tag = iso_time(max(arrived, tagged_at or arrived))
    data["Metadata"] = {"LastTagTime": last_tag}
    if not ctx.classic:
        data["Descriptor"] = {
            "mediaType": image.manifest_media_type,
            "digest": image.manifest_digest,
            "size": image.manifest_size,
        }
    return data


def _go_zero(value: Any) -> Any:
    """A field the JSON omitted, as Go holds it: an empty slice or map is nil (json prints null)."""
    if isinstance(value, list):
        return GoNilList()
    if isinstance(value, dict):
        return GoNilMap()
    return value


def _config_view(config: dict) -> GoStruct:
    """*v1.DockerOCIImageConfig (moby/docker-image-spec specs-go/v1/image.go): ocispec.ImageConfig and
    DockerOCIImageConfigExt embedded, so fmt prints &{{User ... ArgsEscaped} {Healthcheck OnBuild Shell}}."""
    fields = {k: _go_zero(v) for k, v in CONFIG_FIELDS.items()}
    fields.update(json.loads(json.dumps(config)))
    for name in ("ExposedPorts", "Volumes"):  # map[string]struct{}
        if fields[name]:
            fields[name] = {k: GoStruct({}, {}, EMPTY_STRUCT) for k in fields[name]}
    check = config.get("Healthcheck")
    if isinstance(check, dict):  # *HealthcheckConfig: durations print with time.Duration's String()
        zero = {"Test": GoNilList(), "Interval": "0s", "Timeout": "0s", "StartPeriod": "0s",
                "StartInterval": "0s", "Retries": 0}
        fields["Healthcheck"] = GoStruct({**zero, "Test": check.get("Test") or GoNilList()}, check,
                                         "*v1.HealthcheckConfig")
    ext = ("Healthcheck", "OnBuild", "Shell")
    base = tuple(k for k in CONFIG_FIELDS if k not in ext)
    return GoStruct(fields, config, "*v1.DockerOCIImageConfig", embedded=(("ImageConfig", base), ("DockerOCIImageConfigExt", ext)))


def _template_view(data: dict, zero: dict) -> GoStruct:
    """The image as docker/cli's template first sees it: client.ImageInspectResult, a Go struct (embedding
    image.InspectResponse) with every field (zero values where the JSON omitted them) under its Go name;
    a name it lacks is an error."""
    fields = {k: _go_zero(json.loads(json.dumps(v))) for k, v in zero.items()}
    fields.update({k: v for k, v in data.items() if k in zero})
    fields["ID"] = data.get("Id", "")
    if isinstance(data.get("Config"), dict):
        fields["Config"] = _config_view(data["Config"])
    rootfs = {"Type": "", "Layers": GoNilList(), **data.get("RootFS", {})}
    fields["RootFS"] = GoStruct(rootfs, data.get("RootFS", {}), "image.RootFS")
    metadata = {"LastTagTime": "0001-01-01T00:00:00Z", **data.get("Metadata", {})}
    # a time.Time: templates print its String(), not the JSON RFC 3339
    metadata["LastTagTime"] = metadata["LastTagTime"].replace("T", " ").replace("Z", " +0000 UTC")
    fields["Metadata"] = GoStruct(metadata, data.get("Metadata", {}), "image.Metadata")
    if isinstance(data.get("GraphDriver"), dict):
        fields["GraphDriver"] = GoStruct({**data["GraphDriver"]}, data["GraphDriver"], "*storage.DriverData")
    if isinstance(data.get("Descriptor"), dict):  # ocispec.Descriptor (image-spec specs-go/v1/descriptor.go)
        desc = {"MediaType": "", "Digest": "", "Size": 0, "URLs": GoNilList(), "Annotations": GoNilMap(),
                "Data": GoNilList(), "Platform": None, "ArtifactType": ""}
        desc.update({_DESCRIPTOR_FIELDS[k]: v for k, v in data["Descriptor"].items() if k in _DESCRIPTOR_FIELDS})
        fields["Descriptor"] = GoStruct(desc, data["Descriptor"], "*v1.Descriptor")
    return GoStruct(fields, data, "client.ImageInspectResult", embedded=(("InspectResponse", tuple(zero)),))


def _inspect_output(ctx: DockerContext, elements: list[tuple[dict, dict]], fmt: str) -> list[str]:
    """Print the elements; returns the template errors (docker/cli cli/command/inspect/inspector.go)."""
    if not fmt or fmt == "json":
        ctx.out(*(go_indent_json([e for e, _ in elements]) if elements else ["[]"]))
        return []
    try:  # inspector.go NewTemplateInspectorFromString: the template as typed (no \t/\n replacing)
        parse_template(fmt)
    except TemplateError as exc:
        raise SimError(f"template parsing error: {exc}", 64) from None  # inspect: StatusError 64
    printed, errors = False, []
    for raw, view in elements:
        try:
            text = render_template(fmt, view)
        except TemplateError:
            # TemplateInspector.Inspect: the typed struct failed; tryRawInspectFallback runs the template
            # again on the decoded JSON with missingkey=error
            try:
                text = render_template(fmt, go_raw_map(raw))
            except TemplateError as exc:
                errors.append(f"template parsing error: {exc}")
                continue
        ctx.out(*text.split("\n"))
        printed = True
    if not printed:
        ctx.out("")  # TemplateInspector.Flush writes "\n" when nothing was inspected
    return errors


def _inspect_platform(text: str) -> str:
    """docker/cli cli/command/image/inspect.go: platforms.Parse, its error returned as it is."""
    return platforms.parse(text).format_all()


# moby client/errors.go objectNotFoundError{object: "image", id: ""}.Error()
EMPTY_IMAGE_ID = "Error: No such image: "


def run_image_inspect(ctx: DockerContext, args: Args) -> int | None:
    elements: list[tuple[dict, dict]] = []
    errors: list[str] = []
    wanted = _inspect_platform(args.platform) if args.platform else None
    for text in args.positional:
        if not text:  # moby client image_inspect.go: objectNotFoundError before any request
            errors.append(EMPTY_IMAGE_ID)
            continue
        try:
            image = resolve_local_image(ctx, text)
        except SimError as exc:
            errors.append(str(exc))
            continue
        mismatch = classic_platform_mismatch(text, platforms.parse(args.platform)) if ctx.classic and wanted else None
        if mismatch is not None:
            errors.append(str(mismatch))
            continue
        if not ctx.classic and wanted is not None and wanted != "linux/amd64":
            # moby daemon/containerd/image.go errPlatformNotFound (every simulated image is linux/amd64)
            errors.append(
                f"Error response from daemon: image with reference {text} was found but does not provide "
                f"the specified platform ({wanted})"
            )
            continue
        data = image_inspect_json(ctx, image)
        if wanted is not None and not ctx.classic:
            # image_inspect.go: with a platform the Id and Descriptor are that platform's image manifest,
            # as the index lists it (an attested build's stable part)
            data["Id"] = image.platform_digest
            data["Descriptor"] = {
                "mediaType": image.platform_media_type,
                "digest": image.platform_digest,
                "size": len(image.platform_manifest_bytes),
                **({"platform": {"architecture": "amd64", "os": "linux"}} if image.is_index else {}),
            }
        elements.append((data, _template_view(data, IMAGE_FIELDS)))
    errors += _inspect_output(ctx, elements, args.format)
    if errors:
        ctx.err(*"\n".join(errors).split("\n"))
        return 1
    return 0


def _find_container(ctx: DockerContext, text: str):
    """The container ``text`` names, or None."""
    from tutor.sim.shell.docker.containers import find_container  # containers registers after images

    try:
        return find_container(ctx, text)
    except SimError:
        return None


ZERO_TIME = "0001-01-01T00:00:00Z"  # Go's zero time.Time, as moby writes a never-finished container's


def _container_state(c) -> dict:
    """moby api/types/container/state.go State, every field (only Health is omitempty). The simulated
    containers start when created and those that exit do so at once; a running one gets a made-up,
    stable Pid (there are no processes)."""
    running = c.status == "running"
    started = iso_time(c.created) if c.status != "created" else ZERO_TIME
    return {
        "Status": c.status, "Running": running, "Paused": False, "Restarting": False, "OOMKilled": False,
        "Dead": False, "Pid": 1000 + int(c.id[:4], 16) % 30000 if running else 0, "ExitCode": c.exit_code,
        "Error": "", "StartedAt": started, "FinishedAt": ZERO_TIME if running or c.status == "created" else started,
    }


def _container_view(data: dict) -> dict:
    """The typed side of a container's inspect (docker/cli system/inspect.go inspectContainers hands over
    container.InspectResponse): State is a *container.State, so {{.State}} prints &{exited false ...}."""
    state = data["State"]
    return {**data, "State": GoStruct({**state, "Health": None}, state, "*container.State")}


def _container_json(ctx: DockerContext, c) -> dict:
    """A container's ``docker inspect`` data."""
    image = ctx.store.get(c.digest)
    return {
        "Id": c.id,
        "Created": iso_time(c.created),
        "Path": c.command.split()[0] if c.command else "",
        "Args": c.command.split()[1:],
        "State": _container_state(c),
        "Image": image.image_id(ctx.profile) if image else c.digest,
        "Name": "/" + c.name,
        "Config": {"Image": c.image, "Cmd": c.command.split()},
    }


def run_inspect(ctx: DockerContext, args: Args) -> int | None:
    kinds = (
        "config",
        "container",
        "image",
        "network",
        "node",
        "plugin",
        "secret",
        "service",
        "task",
        "volume",
    )
    # docker/cli 29.7 cli/command/system/inspect.go (newInspectCommand RunE, runInspect)
    must_be = '"' + '", "'.join(kinds) + '"'
    if "type" in args.changed and not args.type:
        raise SimError(f"type is empty: must be one of {must_be}")
    if args.type and args.type not in kinds:
        raise SimError(f'unknown type: "{args.type}": must be one of {must_be}')
    if args.type and args.type not in ("container", "image"):
        raise SimError(
            f"registry-tutor: only containers and images exist here; there is no {args.type} to inspect."
        )
    elements: list[tuple[dict, dict]] = []
    errors: list[str] = []
    for text in args.positional:
        if args.type in ("", "container") and not text.strip():
            # moby client container_inspect.go trimID: emptyIDError, an InvalidParameter isErrSkippable
            # does not skip
            errors.append("invalid container name or ID: value is empty")
            continue
        if args.type == "image" and not text:
            errors.append(EMPTY_IMAGE_ID)
            continue
        if args.type in ("", "container"):
            c = _find_container(ctx, text)
            if c is not None:
                data = _container_json(ctx, c)
                elements.append((data, _container_view(data)))
                continue
        if args.type in ("", "image"):
            try:
                image = resolve_local_image(ctx, text)
            except NoSuchImage:
                image = None
            except SimError as exc:
                # inspect.go isErrSkippable: without --type, an invalid reference moves on to the next kind
                image = None
                if args.type or "invalid reference format" not in str(exc):
                    errors.append(str(exc))
                    continue
            if image is not None:
                if args.size:  # inspectAll: images do not support --size
                    ctx.err("WARNING: --size ignored for image")
                data = image_inspect_json(ctx, image)
                elements.append((data, _template_view(data, IMAGE_FIELDS)))
                continue
        if args.type == "image":
            errors.append(str(_not_found(_parse_any(text))))
        elif args.type == "container":
            errors.append(f"Error response from daemon: No such container: {text}")
        else:
            errors.append(f"error: no such object: {text}")  # cli/command/system/inspect.go (since v29.0.0)
    errors += _inspect_output(ctx, elements, args.format)
    if errors:
        ctx.err(*"\n".join(errors).split("\n"))
        return 1
    return 0


FORMAT_FLAG = Flag(
    "format",
    "f",
    kind="string",
    default="",
    help=(  # docker/cli cli/flags/options.go InspectFormatHelp
        "Format output using a custom template:\n"
        "'json':             Print in JSON format\n"
        "'TEMPLATE':         Print output using the given Go template.\n"
        "Refer to https://docs.docker.com/go/formatting/ for more information about formatting output with "
        "templates"
    ),
)
register_per_path(
    [("docker image inspect", "inspect [OPTIONS] IMAGE [IMAGE...]")],
    "",
    short="Display detailed information on one or more images",
    handler=run_image_inspect,
    arity=at_least(1),
    flags=[
        FORMAT_FLAG,
        Flag(
            "platform",
            kind="string",
            default="",
            help=(  # docker/cli cli/command/image/inspect.go
                "Inspect a specific platform of the multi-platform image.\n"
                "If the image or the server is not multi-platform capable, the command will error out if the "
                "platform does not match.\n'os[/arch[/variant]]': Explicit platform (eg. linux/amd64)"
            ),
        ),
    ],
)
register_per_path(
    [("docker inspect", "inspect [OPTIONS] NAME|ID [NAME|ID...]")],
    "",
    short="Return low-level information on Docker objects",
    handler=run_inspect,
    arity=at_least(1),
    flags=[
        FORMAT_FLAG,
        Flag("size", "s", help="Display total file sizes if the type is container"),
        Flag("type", kind="string", default="", help="Only inspect objects of the given type"),
    ],
)

"""``docker push``, ``pull``, ``login``, ``logout`` and ``manifest inspect``: the commands that talk to registries.

Wording follows docker/cli v29 and moby v29 (both image stores), checked in the sources named next to
each string. The state changes live in ``tutor.sim.transfer``; this module decides what the learner sees.

Output is what a terminal shows once the command has finished: one final line per layer
(``<12hex>: Pushed``), no progress bars. Errors the daemon returns before it streams anything carry
``Error response from daemon: ``; errors inside the stream (after ``The push refers to repository``)
do not (moby ``image_routes.go``: once output is flushed the error is written into the stream).

Other modules may import:

* ``pull_image(ctx, ref, quiet=False, *, stderr=False) -> Image``: the daemon side of a pull (what
  ``docker run`` does for an image that is not local; it prints to stderr there).
* ``pull_missing_for_run(ctx, ref, quiet=False) -> Image``: ``Unable to find image 'x:latest' locally``
  followed by the pull, as ``docker run``/``docker create`` print it (all on stderr).
"""

from __future__ import annotations

import base64
import json

from tutor.sim import events as ev
from tutor.sim import platforms, reference
from tutor.sim.content import DOCKER_MANIFEST, OCI_INDEX, Image, short
from tutor.sim.errors import SimError
from tutor.sim.registry import Registry
from tutor.sim.shell.docker import register, register_per_path
from tutor.sim.shell.docker.cli import Args, Command, Flag, at_most, between, exact
from tutor.sim.shell.docker.context import DockerContext, UnreachableRegistry, daemon_error
from tutor.sim.transfer import EXISTS, MOUNTED, PUSHED, hub_push_allowed, pull_into, push_image

HUB = "docker.io"
INDEX_SERVER = "https://index.docker.io/v1/"  # docker/cli registry.IndexServer

# containerd resolver (core/remotes/docker/pusher.go + authorizer.go): a token without push scope
# gives "server message: insufficient_scope: authorization failed" wrapped by the pusher.
HUB_PUSH_DENIED_CONTAINERD = (
    "push access denied, repository does not exist or may require authorization: "
    "server message: insufficient_scope: authorization failed"
)
# graphdriver: the registry's errcode printed as "<code>: <message>" (DENIED).
HUB_PUSH_DENIED_CLASSIC = "denied: requested access to the resource is denied"


# --- small helpers ------------------------------------------------------------


def _host(ref: reference.Reference) -> str:
    return ref.domain or HUB


def _discard(*_lines: str) -> None:
    return None


def _writer(ctx: DockerContext, quiet: bool, stderr: bool = False):
    if quiet:
        return _discard
    return ctx.err if stderr else ctx.out


def _print_platform_note(ctx: DockerContext) -> None:
    # docker/cli cli/command/image/push.go out.PrintNote with out = tui.NewOutput(dockerCli.Out()): stdout;
    # internal/tui/note.go writes "\n" + header, then pads later lines to the header's width. The header
    # without colours (off a terminal, or NO_COLOR) is InfoHeader.Plain, " Info -> ".
    ctx.out(
        "",
        " Info -> Using --platform pushes only the specified platform manifest of a multi-platform image index.",
        "         Other components, like attestations, will not be included.",
        "         To push the complete multi-platform image, remove the --platform flag.",
        "         ",
    )


# --- docker push ----------------------------------------------------------------


def _push_status(status: str, source: str, layer: bool = True) -> str:
    """moby daemon/containerd/progress.go pushProgress: an existing blob is "Layer already exists" when
    its media type is a layer's (containerd images.IsLayerType), "Already exists" otherwise."""
    if status == PUSHED:
        return "Pushed"
    if status == EXISTS:
        return "Layer already exists" if layer else "Already exists"
    assert status == MOUNTED
    return f"Mounted from {source}"


def _layer_ids_top_first(image: Image, classic: bool) -> list[str]:
    """The per-layer IDs a push shows, top layer first (graphdriver: DiffID; containerd: blob digest)."""
    ids: list[str] = []
    for layer in reversed(image.layers):
        lid = short(layer.diff_id if classic else layer.digest)
        if classic or lid not in ids:  # containerd tracks one job per blob digest
            ids.append(lid)
    return ids


def _stream_error(ctx: DockerContext, out, image: Image, status: str, message: str) -> SimError:
    """A push that fails once layers are queued: their last status, then the error (no daemon prefix)."""
    for lid in _layer_ids_top_first(image, ctx.classic):
        out(f"{lid}: {status}")
    return SimError(message)


def _push_platform(ctx: DockerContext, text: str) -> platforms.Platform | None:
    """docker/cli cli/command/image/push.go: a bad --platform prints "Invalid platform X" (no newline)
    before the parse error; a good one prints the note."""
    if not text:
        return None
    try:
        wanted = platforms.parse(text)
    except SimError as exc:
        raise SimError(f"Invalid platform {text}{exc.message}") from None
    _print_platform_note(ctx)
    return wanted


def _refuse_platform(
    ctx: DockerContext, ref: reference.Reference, wanted: platforms.Platform | None, streaming: bool
) -> None:
    """Every simulated image is linux/amd64. moby daemon/images/image_push.go (graphdriver) asks GetImage
    for the platform of an existing tag before streaming (image.go); daemon/containerd/image_push.go
    getPushDescriptor returns errPlatformNotFound (image.go) after "The push refers to repository"."""
    if wanted is None or ctx.classic == streaming:
        return
    if ctx.classic:  # image_push.go: GetImage(ctx, ref.String(), {Platform}) before any stream
        from tutor.sim.shell.docker.images import classic_platform_mismatch, find_local_image

        find_local_image(ctx.store, "classic", str(ref))  # "No such image: NAME:TAG|latest"
        mismatch = classic_platform_mismatch(str(ref), wanted)
        if mismatch is not None:
            raise mismatch
        return
    if wanted.is_host:
        return
    raise SimError(
        f"image with reference {ref.familiar_string()} was found but does not provide the specified "
        f"platform ({wanted.format_all()})"
    )


def _missing_repo(ref: reference.Reference) -> str:
    return f"An image does not exist locally with the tag: {ref.familiar_name()}"


def _print_outcome(out, outcome, tag: str, image: Image, classic: bool) -> None:
    """One line per layer, top first (its first status), one per attestation blob, then the digest line."""
    shown: set[str] = set()
    first_status: dict[str, tuple[str, str]] = {}
    for layer, res in outcome.layers:  # a blob listed twice reports what happened the first time
        first_status.setdefault(layer.digest, (res.status, res.source))
    for layer, _ in reversed(outcome.layers):
        lid = short(layer.diff_id if classic else layer.digest)
        if not classic and lid in shown:
            continue
        shown.add(lid)
        out(f"{lid}: {_push_status(*first_status[layer.digest])}")
    for res in outcome.extras:
        # moby daemon/containerd/progress.go showBlobProgress: blobs that are not a manifest, an index
        # or an image config get a line too (the in-toto statement, the attestation's "{}" config)
        out(f"{short(res.digest)}: {_push_status(res.status, res.source, layer=False)}")
    # image_push.go: the digest and size of what the tag names (an attested build: the index)
    out(f"{tag}: digest: {image.manifest_digest} size: {image.manifest_size}")


# (text, -a) -> _push_target's answer: it depends on the text alone, and a reference is immutable. Bounded.
_TARGETS: dict[tuple[bool, str], tuple[reference.Reference, bool, str, str]] = {}


def _push_target(text: str, all_tags: bool) -> tuple[reference.Reference, bool, str, str]:
    """What ``docker push [-a] TEXT`` names: (reference, whether ``latest`` was added, its name, its string).

    An invalid one raises every time (errors are not kept)."""
    key = (all_tags, text)
    target = _TARGETS.get(key)
    if target is None:
        if len(_TARGETS) >= 1024:
            _TARGETS.clear()
        target = _TARGETS[key] = _parse_target(text, all_tags)
    return target


def _parse_target(text: str, all_tags: bool) -> tuple[reference.Reference, bool, str, str]:
    ref = reference.parse(text)
    if all_tags and not ref.is_name_only():
        raise SimError("tag can't be used with --all-tags/-a")
    defaulted = not all_tags and ref.is_name_only()
    if defaulted:
        ref = ref.tag_or_latest()
    if ref.digest is not None:
        raise SimError("cannot push a digest reference")  # moby client/image_push.go, client side
    return ref, defaulted, ref.name, str(ref)


def run_push(ctx: DockerContext, args: Args) -> int | None:
    wanted = _push_platform(ctx, args.platform)
    quiet = args.quiet
    # (a name-only reference has no digest: "Using default tag" is never followed by the digest error)
    ref, defaulted, name, shown = _push_target(args.positional[0], args.all_tags)
    if defaulted and not quiet:
        ctx.out(f"Using default tag: {ref.tag}")
    ctx.require_daemon()  # push.go: ImagePush, after the client-side checks
    out = _writer(ctx, quiet)
    world = ctx.world
    store, classic = world.machine.store, world.profile == "classic"
    host, path = ref.domain or HUB, ref.path
    if wanted is not None:
        _refuse_platform(ctx, ref, wanted, streaming=False)
    if not quiet:
        out(f"The push refers to repository [{name}]")

    def has_digest_refs() -> bool:  # a scan of every digest reference: only asked when the answer matters
        return any(key.partition("@")[0] == name for key in store.digest_refs)

    if ref.tag is None:  # -a: every local tag of the repository, in sorted order
        local_tags = sorted(store.tags_in_repository(name))
        if not local_tags:
            if classic and has_digest_refs():
                raise SimError(f"no tags to push for {ref.familiar_name()}")
            raise SimError(_missing_repo(ref))
        tags = local_tags
        tagged = ref.with_tag(tags[0])
        digests = [store.tag_digest(name, tag) for tag in tags]
    else:
        if classic and not store.tags_in_repository(name) and not has_digest_refs():
            raise SimError(_missing_repo(ref))  # graphdriver push.go: the repository has no references at all
        digest = store.tag_digest(name, ref.tag)
        if digest is None:
            raise SimError(f"tag does not exist: {ref.familiar_string()}")
        tags, tagged, digests = (ref.tag,), ref, (digest,)
    if wanted is not None:
        _refuse_platform(ctx, tagged, wanted, streaming=True)

    images = store.images
    try:
        registry = ctx.registry(host)
    except UnreachableRegistry as exc:
        if classic:  # the endpoint ping fails before any layer is prepared
            raise SimError(f'Get "{exc.ping_url}": {exc.ping_detail}') from None
        # containerd HEADs each blob first; the config blob's request is the one reported (chosen)
        first = images.get(digests[0])
        raise _stream_error(
            ctx,
            out,
            first,
            "Waiting",
            f'failed to do request: Head "https://{host}/v2/{path}/blobs/{first.config_digest}": {exc.detail}',
        ) from None

    if registry.hub and not hub_push_allowed(registry, path, ctx.machine.auth.get(host)):
        first = images.get(digests[0])
        if classic:
            raise _stream_error(ctx, out, first, "Preparing", HUB_PUSH_DENIED_CLASSIC)
        raise _stream_error(ctx, out, first, "Waiting", HUB_PUSH_DENIED_CONTAINERD)

    events = ctx.result.events
    for tag, digest in zip(tags, digests):  # noqa: B905 - one digest per tag
        image = images.get(digest)
        outcome = push_image(store, registry, path, image, tag, digest_ref_as=name if classic else None)
        events.extend(outcome.events)
        if not quiet:  # -q: none of the lines would be shown
            _print_outcome(out, outcome, tag, image, classic)
    if quiet:
        ctx.out(shown)
    return 0


# --- docker pull ----------------------------------------------------------------


def _not_found(
    ctx: DockerContext, registry: Registry, ref: reference.Reference, repo_exists: bool
) -> SimError:
    if registry.hub and not repo_exists:
        # TestImagePullNonExisting; graphdriver keeps the registry's DENIED errcode as the cause
        message = f"pull access denied for {ref.familiar_name()}, repository does not exist or may require 'docker login'"
        if ctx.classic:
            message += ": denied: requested access to the resource is denied"
        return daemon_error(message)
    if ctx.classic:
        # Distribution answers MANIFEST_UNKNOWN for a manifest GET even when the repository is unknown
        return daemon_error(
            f"manifest for {ref.familiar_string()} not found: manifest unknown: manifest unknown"
        )
    return daemon_error(f'failed to resolve reference "{ref}": {ref}: not found')


def _unreachable_pull(ctx: DockerContext, ref: reference.Reference, exc: UnreachableRegistry) -> SimError:
    host, detail = _host(ref), exc.detail
    if ctx.classic or ref.is_name_only():
        return daemon_error(f'Get "{exc.ping_url}": {exc.ping_detail}')
    obj = ref.digest or ref.tag
    return daemon_error(
        f'failed to resolve reference "{ref}": failed to do request: '
        f'Head "https://{host}/v2/{ref.path}/manifests/{obj}": {detail}'
    )


def _registry_for_pull(ctx: DockerContext, ref: reference.Reference) -> Registry:
    if ref.familiar_name() == "scratch":
        raise daemon_error("'scratch' is a reserved name")
    try:
        return ctx.registry(_host(ref))
    except UnreachableRegistry as exc:
        raise _unreachable_pull(ctx, ref, exc) from None


def _pull_one(
    ctx: DockerContext, registry: Registry, ref: reference.Reference, out, *, status: bool
) -> Image:
    """Pull one tag or digest: the stream lines, and the image stored and named locally."""
    if ref.digest is not None and ref.tag is not None:
        # moby client/image_pull.go getAPITagFromNamedRef sends only the digest: the daemon never sees the tag
        ref = ref.trimmed().with_digest(ref.digest)
    repo = registry.repository(ref.path)
    obj = ref.digest or ref.tag
    image = registry.resolve(ref.path, obj) if repo is not None and obj else None
    if image is None:
        raise _not_found(ctx, registry, ref, repo is not None)
    # moby daemon/containerd/image_pull.go: the attestation manifest comes along (referrersForPull) and
    # its blobs get progress lines of their own (progress.go showBlobProgress): never unpacked, they end
    # "Download complete", or "Already exists" when the store had them
    known = {d for i in ctx.store.images.values() for d, _ in i.extra_blobs()} if image.is_index else set()
    extras = [(blob, blob in known) for blob, _ in image.extra_blobs()]
    outcome = pull_into(
        ctx.store,
        registry,
        ref.path,
        ref.name,
        image,
        tag=None if ref.digest else ref.tag,
        by_digest=ref.digest is not None,
        classic=ctx.classic,
        clock=ctx.world.clock,
    )
    ctx.emit(outcome.events)
    # the ID of the first line is the tag, or the whole digested reference (pull_v2.go / image_pull.go)
    out(f"{ref.tag if ref.digest is None else str(ref)}: Pulling from {ref.path}")
    hide = outcome.image_present if ctx.classic else outcome.all_present and all(p for _, p in extras)
    if not hide:
        for layer, present in outcome.layers:
            out(f"{short(layer.digest)}: {'Already exists' if present else 'Pull complete'}")
        for blob, present in extras:
            out(f"{short(blob)}: {'Already exists' if present else 'Download complete'}")
    out(f"Digest: {image.manifest_digest}")
    if status:
        _status_line(out, ref.familiar_string(), outcome.new)
    return image


def _status_line(out, requested: str, new: bool) -> None:
    word = "Downloaded newer image" if new else "Image is up to date"
    out(f"Status: {word} for {requested}")


def pull_image(
    ctx: DockerContext, ref: reference.Reference, quiet: bool = False, *, stderr: bool = False
) -> Image:
    """Pull ``ref`` (``latest`` when it names no tag or digest) as the daemon does; returns the image.

    Errors are ``SimError`` with ``Error response from daemon: ...`` (they happen before the stream).
    ``stderr=True`` writes the progress to stderr, as ``docker run`` does.
    """
    ref = ref.tag_or_latest()
    registry = _registry_for_pull(ctx, ref)
    return _pull_one(ctx, registry, ref, _writer(ctx, quiet, stderr), status=True)


def pull_missing_for_run(ctx: DockerContext, ref: reference.Reference, quiet: bool = False) -> Image:
    """``docker run``/``create`` with an image that is not local (docker/cli container/create.go)."""
    ref = ref.tag_or_latest()
    if not quiet:
        ctx.err(f"Unable to find image '{ref.familiar_string()}' locally")
    return pull_image(ctx, ref, quiet, stderr=True)


def _pull_all_tags(ctx: DockerContext, ref: reference.Reference, out) -> None:
    registry = _registry_for_pull(ctx, ref)
    repo = registry.repository(ref.path)
    if repo is None:
        if registry.hub:
            raise _not_found(ctx, registry, ref, False)
        # tags/list answers NAME_UNKNOWN; translatePullError words it (derived)
        raise daemon_error(
            f"repository {ref.familiar_name()} not found: name unknown: repository name not known to registry"
        )
    any_new = False
    for tag in repo.sorted_tags():
        tagged = ref.with_tag(tag)
        before = ctx.store.tag_digest(tagged.name, tag)
        image = _pull_one(ctx, registry, tagged, out, status=not ctx.classic)
        any_new = any_new or before != image.manifest_digest
    if ctx.classic:  # pull_v2.go pullRepository: one status line for the whole repository
        _status_line(out, ref.familiar_string(), any_new)


def _check_pull_platform(text: str) -> None:
    """docker/cli cli/command/image/pull.go: platforms.Parse's error is returned as it is (after the
    "Using default tag" line); a well-formed platform other than linux/amd64 is not simulated."""
    if not text:
        return  # pull.go parses --platform only when it is set
    wanted = platforms.parse(text)
    if not wanted.is_host:
        # Real images are multi-platform and Docker would fetch that variant (another digest);
        # pretending the linux/amd64 image is it would print what Docker would not.
        raise SimError(
            f"registry-tutor: pulling --platform {wanted.format_all()} is not simulated: every simulated image "
            "has one platform, linux/amd64 (real Docker would download that platform's variant, "
            "with its own digest)."
        )


def run_pull(ctx: DockerContext, args: Args) -> int | None:
    ref = ctx.parse(args.positional[0])
    if args.all_tags and not ref.is_name_only():
        raise SimError("tag can't be used with --all-tags/-a")
    if not args.all_tags and ref.is_name_only():
        ref = ref.tag_or_latest()
        if not args.quiet:
            ctx.out(f"Using default tag: {ref.tag}")
    _check_pull_platform(ctx.platform(args))
    ctx.require_daemon()  # pull.go: ImagePull, after the client-side checks
    out = _writer(ctx, args.quiet)
    if args.all_tags:
        _pull_all_tags(ctx, ref, out)
    else:
        registry = _registry_for_pull(ctx, ref)
        _pull_one(ctx, registry, ref, out, status=True)
    ctx.out(str(ref))
    return 0


# --- docker login / logout ------------------------------------------------------------


def _hostname(server: str) -> str:
    """docker/cli credentials.ConvertToHostname: drop a scheme and anything after the host."""
    stripped = server
    if "://" in stripped:
        stripped = stripped.split("://", 1)[1]
    return stripped.split("/", 1)[0]


NO_PROMPT = (
    "registry-tutor: this simulator cannot ask for a username or password interactively. "
    "Type them on the command line instead: docker login -u NAME -p PASSWORD [SERVER] "
    "(any non-empty values work here: no real account is checked)."
)
NO_STDIN = (
    "registry-tutor: --password-stdin reads the password from standard input, and commands in this "
    "simulator have none (there are no pipes). Use -p PASSWORD instead "
    "(any non-empty value works here: no real account is checked)."
)


def _login_target(server: str) -> tuple[str, str]:
    """(registry host the credentials are for, the key ``docker logout`` would name)."""
    if server in ("", "docker.io", INDEX_SERVER):
        return HUB, INDEX_SERVER
    # docker/cli login.go: only "docker.io" (registry.DefaultNamespace) means Docker Hub's key; any other
    # name, index.docker.io and registry-1.docker.io included, is stored under its hostname
    # (command.GetDefaultAuthConfig, credentials/file_store.go Store), a key Hub pulls and pushes never
    # read (configfile getAuthConfigKey maps only docker.io and index.docker.io *lookups* to the v1 URL)
    host = _hostname(server)
    return host, host


def _config_path(ctx: DockerContext) -> str:
    return f"{ctx.machine.home}/.docker/config.json"


def _load_config(ctx: DockerContext) -> dict:
    fs = ctx.machine.fs
    path = _config_path(ctx)
    try:
        data = json.loads(fs.read(path)) if fs.is_file(path) else {}
    except ValueError:
        data = {}
    return data if isinstance(data, dict) else {}


def _save_config(ctx: DockerContext, data: dict) -> None:
    """docker/cli cli/config/configfile/file.go SaveToWriter: json.MarshalIndent(c, "", "\t"), ``auths``
    first (never omitted), map keys sorted, each entry only its base64 ``auth`` (username and password
    blanked); no newline at the end of the file."""
    doc = {"auths": {k: data.get("auths", {})[k] for k in sorted(data.get("auths", {}))}}
    doc.update((k, v) for k, v in data.items() if k != "auths")
    fs = ctx.machine.fs
    fs.mkdir(f"{ctx.machine.home}/.docker", parents=True)
    fs.write(_config_path(ctx), json.dumps(doc, indent="\t", ensure_ascii=False))


def _config_key(host: str) -> str:
    return INDEX_SERVER if host == HUB else host  # Docker Hub's credentials live under its v1 index URL


def _store_credentials(ctx: DockerContext, host: str, username: str, password: str) -> bool:
    """credentials/file_store.go Store: True when the file was written (the unencrypted warning
    follows); an identical entry is left alone ("Credentials didn't change") and nothing is printed."""
    data = _load_config(ctx)
    auths = data.setdefault("auths", {})
    if not isinstance(auths, dict):
        auths = data["auths"] = {}
    entry = {"auth": base64.b64encode(f"{username}:{password}".encode()).decode()}
    if auths.get(_config_key(host)) == entry:
        return False
    auths[_config_key(host)] = entry
    _save_config(ctx, data)
    return True


def _unencrypted_warning(ctx: DockerContext) -> None:
    # Printed by the CLI after storing credentials in the plain config file (no credential helper).
    ctx.err(
        "",
        f"WARNING! Your credentials are stored unencrypted in '{ctx.machine.home}/.docker/config.json'.",
        "Configure a credential helper to remove this warning. See",
        "https://docs.docker.com/go/credential-store/",
        "",
    )


def run_login(ctx: DockerContext, args: Args) -> int | None:
    server = args.positional[0] if args.positional else ""
    # docker/cli cli/command/registry/login.go verifyLoginFlags; since v29.6 (450df790a0) `-p -` means stdin
    dash = args.password == "-"
    if "password_stdin" in args.changed or dash:
        if "password" in args.changed and not dash:
            raise SimError("conflicting options: cannot specify both --password and --password-stdin")
        if "username" not in args.changed:
            raise SimError("the --password-stdin option requires --username to be set")
    if "username" in args.changed and not args.username:
        raise SimError("username is empty")
    if "password" in args.changed and not args.password:
        raise SimError("password is empty")
    if args.password and not dash:  # verifyLoginOptions
        ctx.err("WARNING! Using --password via the CLI is insecure. Use --password-stdin.")
    if args.password_stdin or dash:
        raise SimError(NO_STDIN)
    ctx.require_daemon()  # runLogin: RegistryLogin is the first call to the daemon

    host, _ = _login_target(server)
    username, password = args.username or "", args.password or ""
    stored = ctx.machine.auth.get(host)
    if not username and not password and stored:
        # loginWithStoredCredentials: no prompt needed
        ctx.err(
            f"Authenticating with existing credentials... [Username: {stored}]",
            "",  # internal/tui/note.go printNoteWithOptions: Fprint(o, "\n", header)
            " Info -> To login with a different account, run 'docker logout' followed by 'docker login'",
            "",
            "",
        )
        ctx.out("Login Succeeded")
        return 0
    if not username or not password:
        raise SimError(NO_PROMPT)

    if host != HUB:
        try:
            ctx.registry(host)  # the daemon pings /v2/; our local registry has no authentication configured
        except UnreachableRegistry as exc:
            raise daemon_error(f'Get "{exc.ping_url}": {exc.ping_detail}') from None
    ctx.machine.auth[host] = username
    if _store_credentials(ctx, host, username, password):
        _unencrypted_warning(ctx)
    ctx.out("Login Succeeded")
    ctx.emit(ev.LoggedIn(ctx.machine.name, host, username))
    return 0


def run_logout(ctx: DockerContext, args: Args) -> int | None:
    # docker/cli cli/command/registry/logout.go: always "Removing login credentials for <host>".
    # Quirk kept: `docker logout docker.io` erases the key "docker.io", not Docker Hub's
    # "https://index.docker.io/v1/", so it does not log you out of Docker Hub; plain `docker logout` does.
    server = args.positional[0] if args.positional else ""
    if not server:
        shown, host = INDEX_SERVER, HUB
    else:
        shown = _hostname(server)
        if server == INDEX_SERVER:
            host = HUB  # the key `docker login` stored Docker Hub's credentials under
        elif shown == HUB:
            host = ""  # "docker.io" is a key Docker Hub's credentials are never stored under
        else:
            host = shown
    ctx.out(f"Removing login credentials for {shown}")
    # credentials/file_store.go Erase deletes the key and saves the file, whether or not it was there
    data = _load_config(ctx)
    auths = data.get("auths") if isinstance(data.get("auths"), dict) else {}
    for key in {_config_key(host) if host else "", shown, server}:
        auths.pop(key, None)
    data["auths"] = auths
    _save_config(ctx, data)
    if host and host in ctx.machine.auth:
        del ctx.machine.auth[host]
        ctx.emit(ev.LoggedOut(ctx.machine.name, host))
    return 0


# --- docker manifest inspect -------------------------------------------------------------


def _go_indent(raw: bytes) -> list[str]:
    """encoding/json Indent(dst, raw, "", "\\t"): same keys in the same order, tab indentation."""
    return json.dumps(json.loads(raw), indent="\t", ensure_ascii=False).split("\n")


def _normalize(text: str) -> reference.Reference:
    """docker/cli manifest/util.go normalizeReference: ``latest`` unless there is a digest."""
    ref = reference.parse(text)
    return ref if ref.digest else ref.tag_or_latest()


def _verbose(ref: reference.Reference, image: Image) -> list[str]:
    config = image.config
    platform = {"architecture": config.get("architecture", ""), "os": config.get("os", "")}
    for key in ("os.version", "os.features", "variant"):
        if config.get(key):
            platform[key] = config[key]
    body_key = "SchemaV2Manifest" if image.manifest_media_type == DOCKER_MANIFEST else "OCIManifest"
    doc = {
        "Ref": str(ref),
        "Descriptor": {
            "mediaType": image.manifest_media_type,
            "digest": image.manifest_digest,
            "size": image.manifest_size,
            "platform": platform,
        },
        "Raw": base64.b64encode(image.manifest_bytes).decode(),
        body_key: json.loads(image.manifest_bytes),
    }
    return json.dumps(doc, indent="\t", ensure_ascii=False).split("\n")


def _index_list(ref: reference.Reference, image: Image, verbose: bool) -> list[str]:
    """An index, as docker/cli prints it (cli/command/manifest/inspect.go printManifestList): it fetches
    every manifest the index lists (internal/registryclient/fetcher.go pullManifestList, the attestation
    manifest included) and, without -v, rebuilds a list from their descriptors with manifestlist.
    FromDescriptors (distribution v2.8 client: three-space indent, descriptor fields mediaType, size,
    digest, and no annotations); with -v it prints each manifest as `docker manifest inspect -v` does."""
    index = json.loads(image.manifest_bytes)
    if not verbose:
        listed = {
            "schemaVersion": 2,
            "mediaType": OCI_INDEX,
            "manifests": [
                {"mediaType": d["mediaType"], "size": d["size"], "digest": d["digest"], "platform": d["platform"]}
                for d in index["manifests"]
            ],
        }
        return json.dumps(listed, indent=3, ensure_ascii=False).split("\n")
    docs = []
    for d in index["manifests"]:
        _media_type, data = image.manifest_by_digest(d["digest"])
        docs.append({
            "Ref": f"{ref}@{d['digest']}" if ref.digest is None else f"{ref.name}@{d['digest']}",
            "Descriptor": {
                "mediaType": d["mediaType"], "digest": d["digest"], "size": d["size"], "platform": d["platform"],
            },
            "Raw": base64.b64encode(data).decode(),
            "OCIManifest": json.loads(data),
        })
    return json.dumps(docs, indent="\t", ensure_ascii=False).split("\n")


def run_manifest_inspect(ctx: DockerContext, args: Args) -> int | None:
    if len(args.positional) == 2:
        _normalize(args.positional[0])  # the list's name is validated first, as the CLI does
        ref = _normalize(args.positional[1])
        # lists made by `docker manifest create` live in the CLI's local store; this simulator has none
        raise SimError(f"No such manifest: {ref}")
    ref = _normalize(args.positional[0])
    host = _host(ref)
    try:
        registry = ctx.registry(host)
    except UnreachableRegistry as exc:
        raise SimError(
            f'failed to configure transport: error pinging v2 registry: Get "https://{host}/v2/": {exc.detail}'
        ) from None
    # The CLI talks to the registry itself and skips plain-http endpoints unless --insecure
    # (internal/registryclient/fetcher.go iterateEndpoints): a plain-http registry such as
    # localhost:5000 (or a team registry without TLS) then reports no manifest at all, even for one that exists.
    if not registry.tls and not args.insecure:
        raise SimError(f"no such manifest: {ref}")
    if registry.hub and registry.repository(ref.path) is None:
        # Hub answers 401 with DENIED + UNAUTHORIZED for a repository it does not have; DENIED is not
        # a reason to try the next endpoint (fetcher.go continueOnError), so errcode.Errors.Error()
        # ("errors:\n" + one line each + "\n") is printed as is, Fprintln adding the blank line.
        raise SimError(
            "errors:\ndenied: requested access to the resource is denied\nunauthorized: authentication required\n"
        )
    image = registry.resolve(ref.path, ref.digest or ref.tag or "latest")
    if image is None:
        raise SimError(f"no such manifest: {ref}")
    if image.is_index:
        ctx.out(*_index_list(ref, image, args.verbose))
        return 0
    ctx.out(*(_verbose(ref, image) if args.verbose else _go_indent(image.manifest_bytes)))
    return 0


# --- docker buildx imagetools inspect -------------------------------------------------------------


def _tabwrite(rows: list[tuple[str, str]]) -> list[str]:
    """Go text/tabwriter (minwidth 0, padding 1, pad ' '): the first cell padded to the widest + 1."""
    width = max(len(cell) for cell, _ in rows) + 1
    return [cell.ljust(width) + rest for cell, rest in rows]


def run_imagetools_inspect(ctx: DockerContext, args: Args) -> int | None:
    """buildx commands/imagetools/inspect.go and util/imagetools/printers.go Print: Name, MediaType and
    Digest of what the name resolves to in the registry and, for an index, each manifest it lists
    (Name with the digest, MediaType, Platform, Annotations)."""
    if len(args.positional) != 1:
        raise SimError(
            "ERROR: docker: 'docker buildx imagetools inspect' requires 1 argument\n\n"
            "Usage:  docker buildx imagetools inspect [OPTIONS] NAME\n\n"
            "Run 'docker buildx imagetools inspect --help' for more information"
        )
    if args.format:
        raise SimError("registry-tutor: `docker buildx imagetools inspect --format` is not simulated.")
    try:
        ref = ctx.parse(args.positional[0])
    except SimError as exc:
        raise SimError(f"ERROR: {exc}") from None
    ref = ref if ref.digest else ref.tag_or_latest()
    try:
        registry = ctx.registry(_host(ref))
    except UnreachableRegistry as exc:
        wanted = ref.digest or ref.tag
        raise SimError(
            f'ERROR: failed to do request: Head "http://{_host(ref)}/v2/{ref.path}/manifests/{wanted}": {exc.detail}'
        ) from None
    image = registry.resolve(ref.path, ref.digest or ref.tag or "latest")
    if image is None:
        raise SimError(f"ERROR: {ref}: not found")  # containerd resolver
    if args.raw:
        ctx.out(*image.manifest_bytes.decode().split("\n"))
        return 0
    ctx.out(*_tabwrite([
        ("Name:", str(ref)), ("MediaType:", image.manifest_media_type), ("Digest:", image.manifest_digest)
    ]))
    if not image.is_index:
        return 0
    ctx.out(*_tabwrite([("", ""), ("Manifests:", "")]))
    rows: list[tuple[str, str]] = []
    lines: list[str] = []
    base = ref.name + (f":{ref.tag}" if ref.tag else "")
    for i, m in enumerate(json.loads(image.manifest_bytes)["manifests"]):
        if i:
            rows.append(("", ""))
        platform = m.get("platform") or {}
        rows += [
            ("  Name:", f"{base}@{m['digest']}"),
            ("  MediaType:", m["mediaType"]),
            ("  Platform:", f"{platform.get('os')}/{platform.get('architecture')}"),
        ]
        if m.get("annotations"):
            # the writer is flushed before the annotations, which a second writer aligns on their own
            # (buildx ranges over a Go map: their order varies; sorted here)
            rows.append(("  Annotations:", ""))
            lines += _tabwrite(rows)
            rows = []
            lines += _tabwrite([(f"    {k}:", v) for k, v in sorted(m["annotations"].items())])
    if rows:
        lines += _tabwrite(rows)
    ctx.out(*lines)
    return 0


# --- command specs ------------------------------------------------------------------


ONE_PLATFORM = "every simulated image has one platform, linux/amd64."


def _register_both(short_path: str, long_path: str, *, use: str, **spec) -> None:
    """``docker push`` and ``docker image push``: two cobra commands, one alias line."""
    register_per_path([(short_path, use), (long_path, use)], f"{long_path}, {short_path}", **spec)


def _trust_flag() -> Flag:
    # docker/cli 29.7 push.go / pull.go: kept only to warn, hidden from --help (pflag MarkDeprecated)
    return Flag(
        "disable-content-trust",
        default=True,
        help="Skip image verification (deprecated)",
        deprecated="support for docker content trust was removed",
    )


_register_both(
    "docker push",
    "docker image push",
    use="push [OPTIONS] NAME[:TAG]",
    short="Upload an image to a registry",
    handler=run_push,
    arity=exact(1),
    flags=[
        Flag("all-tags", "a", help="Push all tags of an image to the repository"),
        _trust_flag(),
        Flag(
            "platform",
            kind="string",
            default="",
            help="Push a platform-specific manifest as a single-platform image to the registry.\n"
            "Image index won't be pushed, meaning that other manifests, including attestations won't be "
            "preserved.\n'os[/arch[/variant]]': Explicit platform (eg. linux/amd64)",
        ),
        Flag("quiet", "q", help="Suppress verbose output"),
    ],
    sim_note=ONE_PLATFORM,
)

_register_both(
    "docker pull",
    "docker image pull",
    use="pull [OPTIONS] NAME[:TAG|@DIGEST]",
    short="Download an image from a registry",
    handler=run_pull,
    arity=exact(1),
    flags=[
        Flag("all-tags", "a", help="Download all tagged images in the repository"),
        _trust_flag(),
        Flag(
            "platform",
            kind="string",
            default="",
            help="Set platform if server is multi-platform capable",
        ),
        Flag("quiet", "q", help="Suppress verbose output"),
    ],
    sim_note=ONE_PLATFORM,
)

register(
    Command(
        path="docker login",
        use="login [OPTIONS] [SERVER]",
        short="Authenticate to a registry",
        long="Authenticate to a registry.\nDefaults to Docker Hub if no server is specified.",  # login.go
        sim_note="any non-empty username and password are accepted (no real account is checked), and commands "
        "here have no standard input, so --password-stdin and -p - cannot be used.",
        handler=run_login,
        arity=at_most(1),
        flags=[
            Flag(
                "password",
                "p",
                kind="string",
                default="",
                help='Password or Personal Access Token (PAT), or "-" to read from stdin',  # login.go
            ),
            Flag("password-stdin", help="Take the Password or Personal Access Token (PAT) from stdin"),
            Flag("username", "u", kind="string", default="", help="Username"),
        ],
    )
)

register(
    Command(
        path="docker logout",
        use="logout [SERVER]",
        short="Log out from a registry",
        long="Log out from a registry.\nIf no server is specified, the default is defined by the daemon.",  # logout.go
        handler=run_logout,
        arity=at_most(1),
    )
)

register(
    Command(
        path="docker buildx imagetools inspect",
        use="inspect [OPTIONS] NAME",
        short="Show details of an image in the registry",
        handler=run_imagetools_inspect,
        arity=at_most(99),
        flags=[
            Flag("format", kind="string", default="", help="Format the output using the given Go template (not simulated)"),
            Flag("raw", help="Show original, unformatted JSON manifest"),
        ],
    )
)

register(
    Command(
        path="docker manifest inspect",
        use="inspect [OPTIONS] [MANIFEST_LIST] MANIFEST",
        short="Display an image manifest, or manifest list",
        handler=run_manifest_inspect,
        arity=between(1, 2),
        flags=[
            Flag(
                "insecure", help="Allow communication with an insecure registry"  # manifest/inspect.go
            ),
            Flag("verbose", "v", help="Output additional info including layers and platform"),
        ],
    )
)

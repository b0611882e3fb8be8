"""``docker run``, ``ps``, ``rm`` and ``exec`` (and their ``docker container ...`` forms).

The simulator has no real containers: a container is a record (``world.Container``) with the
image it came from, its command and whether it is still "running". ``docker run`` shows what the
app would print (``tutor.sim.apps``: the literals of its ``print(...)`` calls, never executed);
servers (nginx, the registry image) keep running with ``-d``; interactive shells are not
simulated and say so.

Wording: docker/cli ``cli/command/container/{run,create,ps,rm,exec}.go`` and
``formatter/container.go`` (v29), moby ``daemon/{create,delete,list,names}.go``; columns are laid
out as docker's tabwriter does (minwidth 10, padding 3).
"""

from __future__ import annotations

import hashlib
import re

from tutor.sim import apps, platforms, reference
from tutor.sim import events as ev
from tutor.sim.content import Image, human_duration, short
from tutor.sim.errors import InvalidReference, SimError
from tutor.sim.shell.docker import ports, register
from tutor.sim.shell.docker.cli import NO_ARGS, Args, Arity, Command, Flag, at_least
from tutor.sim.shell.docker.context import DockerContext, daemon_error
from tutor.sim.shell.docker.gofmt import go_quote, tabwrite

# --- names and IDs (moby pkg/namesgenerator: "%s_%s", never "boring_wozniak") -------------------

ADJECTIVES = (
    "admiring",
    "affectionate",
    "amazing",
    "bold",
    "brave",
    "clever",
    "dreamy",
    "eager",
    "elegant",
    "festive",
    "focused",
    "friendly",
    "gallant",
    "happy",
    "jolly",
    "keen",
    "kind",
    "loving",
    "modest",
    "nifty",
    "optimistic",
    "peaceful",
    "quirky",
    "relaxed",
    "serene",
    "sharp",
    "upbeat",
    "vibrant",
    "wizardly",
    "zealous",
)
SCIENTISTS = (
    "babbage",
    "bardeen",
    "bohr",
    "curie",
    "darwin",
    "dijkstra",
    "einstein",
    "euler",
    "faraday",
    "feynman",
    "franklin",
    "galileo",
    "goodall",
    "hamilton",
    "hopper",
    "hypatia",
    "johnson",
    "kepler",
    "knuth",
    "lamarr",
    "lovelace",
    "meitner",
    "newton",
    "noether",
    "pasteur",
    "ritchie",
    "shannon",
    "tesla",
    "turing",
    "wozniak",
)

NAME_RE = re.compile(r"/?[a-zA-Z0-9][a-zA-Z0-9_.-]+")  # moby restrictedNamePattern
RUN_HELP = "Run 'docker run --help' for more information"

# What an image "does" when started: servers keep running; these exit at once without a terminal.
# SERVER_PORTS: the ports shown for a running server saved before containers kept their bindings.
SERVER_PORTS = {"nginx": "80/tcp", "registry": "5000/tcp"}
SHELLS = {
    "sh",
    "bash",
    "ash",
    "/bin/sh",
    "/bin/bash",
    "/bin/ash",
    "python",
    "python3",
    "/usr/local/bin/python3",
}
SIMULATED_COMMANDS = "the image's own app (python app.py), echo and cat"


def _random_name(ctx: DockerContext, n: int) -> str:
    taken = {c.name for c in ctx.machine.containers.values()}
    while True:
        left = ADJECTIVES[(n * 7) % len(ADJECTIVES)]
        right = SCIENTISTS[(n * 11 + n // len(ADJECTIVES)) % len(SCIENTISTS)]
        name = f"{left}_{right}"
        if name != "boring_wozniak" and name not in taken:
            return name
        n += 1


def _container_id(ctx: DockerContext, n: int) -> str:
    return hashlib.sha256(f"container {ctx.machine.name} {n}".encode()).hexdigest()


# --- looking things up -------------------------------------------------------------------------


def find_container(ctx: DockerContext, text: str):
    """Name, full ID or unique ID prefix, as the daemon's GetContainer does."""
    containers = ctx.machine.containers
    wanted = text.lstrip("/")
    if wanted in containers:
        return containers[wanted]
    for c in containers.values():
        if c.name == wanted:
            return c
    matches = [c for c in containers.values() if wanted and c.id.startswith(wanted)]
    if len(matches) > 1:
        raise daemon_error(f"multiple IDs found with provided prefix: {wanted}")
    if matches:
        return matches[0]
    raise daemon_error(f"No such container: {text}")


def _local_image(ctx: DockerContext, text: str) -> Image | None:
    """The daemon's GetImage: a name (``latest`` by default), name@digest, or an image ID (prefix)."""
    store = ctx.store
    parsed = reference.parse_any(text)
    if isinstance(parsed, reference.DigestOnly):
        found = store.find_by_id_prefix(parsed.digest, ctx.profile)
        return found[0] if found else None
    if parsed.digest:
        digest = store.digest_refs.get(f"{parsed.name}@{parsed.digest}")
        if digest is None and parsed.digest in store.images and store.tags_of(parsed.digest):
            digest = parsed.digest
    else:
        digest = store.tag_digest(parsed.name, parsed.tag or "latest")
    if digest is not None:
        return store.get(digest)
    if re.fullmatch(r"[0-9a-f]{4,64}", text):
        found = store.find_by_id_prefix(text, ctx.profile)
        if len(found) == 1:
            return found[0]
    return None


# --- docker run --------------------------------------------------------------------------------


def _run_error(message: str, code: int = 125) -> SimError:
    """docker/cli run.go toStatusError/withHelp: ``docker: <err>``, a blank line, the help hint."""
    return SimError(f"docker: {message}\n\n{RUN_HELP}", code)


def _command_text(argv: list[str]) -> str:
    """moby daemon/list.go: Path, then the args, each containing a space in single quotes."""
    if not argv:
        return ""
    args = [f"'{a}'" if " " in a else a for a in argv[1:]]
    return " ".join([argv[0], *args])


# The Hub images' entrypoint scripts (nginxinc/docker-nginx docker-entrypoint.sh, distribution-library-image
# entrypoint.sh): each ends in `exec "$@"`, the registry's after turning a config path into `registry serve`.
NGINX_ENTRYPOINT = "/docker-entrypoint.sh"
REGISTRY_ENTRYPOINT = "/entrypoint.sh"
REGISTRY_CONFIGS = ("/etc/distribution/config.yml", "/etc/docker/registry/config.yml")  # registry:3, registry:2


def _after_entrypoint_script(argv: list[str]) -> list[str]:
    """What the image's entrypoint script execs: its arguments (the registry's config path -> registry serve)."""
    if len(argv) >= 2 and argv[0] == NGINX_ENTRYPOINT:
        return argv[1:]
    if len(argv) >= 2 and argv[0] == REGISTRY_ENTRYPOINT:
        # case "$1" in *.yaml|*.yml) set -- registry serve "$@";; serve|garbage-collect|help|-*) set -- registry "$@"
        if argv[1].endswith((".yml", ".yaml")):
            return ["registry", "serve", *argv[1:]]
        if argv[1] in ("serve", "garbage-collect", "help") or argv[1].startswith("-"):
            return ["registry", *argv[1:]]
        return argv[1:]
    return argv


def _server_kind(argv: list[str]) -> str | None:
    argv = _after_entrypoint_script(argv)
    if argv and argv[0].rsplit("/", 1)[-1] in ("nginx", "nginx-debug"):
        return "nginx"
    if argv[:1] == ["registry"] and argv[1:2] == ["serve"] and argv[2:3] and argv[2] in REGISTRY_CONFIGS:
        return "registry"
    if argv[:1] and argv[0] in REGISTRY_CONFIGS:  # a container saved before the Hub record had its Entrypoint
        return "registry"
    return None


def run(ctx: DockerContext, args: Args) -> int | None:
    image_text = args.positional[0]
    override = args.positional[1:]
    image = _image_to_run(ctx, args, image_text)
    name = _container_name(ctx, args.name)
    entrypoint = [args.entrypoint] if args.entrypoint else _image_entrypoint(image)
    argv = [*entrypoint, *(override or ([] if args.entrypoint else list(image.cmd)))]
    interactive = args.interactive and args.tty
    server = _server_kind(argv)
    execs = _after_entrypoint_script(argv)  # `docker run -it nginx sh`: the entrypoint script execs sh
    shell_like = bool(execs) and execs[0] in SHELLS and len(execs) == 1
    if server and not args.detach:
        raise SimError(
            f"registry-tutor: {server} serves in the foreground until you press Ctrl+C, and the simulator "
            f"cannot wait for that. Start it in the background instead: docker run -d ... {image_text}"
        )
    out_lines, err_lines, exit_code = _what_it_prints(image, argv)
    container = _start_container(ctx, args, image, image_text, name, argv, server, exit_code)

    if args.detach:
        ctx.out(container.id)
    else:
        if interactive and shell_like:
            ctx.err(
                f"registry-tutor: interactive containers are not simulated: {execs[0]} started and stopped at "
                "once, as if you had typed exit."
            )
        ctx.out(*out_lines)
        ctx.err(*err_lines)
    if args.rm and container.status == "exited":
        del ctx.machine.containers[container.id]
        ctx.emit(ev.ContainerRemoved(ctx.machine.name, container.id))
    return 0 if args.detach else container.exit_code


def _image_entrypoint(image: Image) -> list[str]:
    """The config's Entrypoint, as the daemon reads it (a world saved before the Hub records carried
    theirs still runs nginx behind /docker-entrypoint.sh); the record's field for a config without one."""
    config = image.config.get("config") or {}
    return list(config.get("Entrypoint") or ()) if "Entrypoint" in config else list(image.entrypoint)


def _image_to_run(ctx: DockerContext, args: Args, image_text: str):
    """The image ``docker run`` starts: local, or pulled as --pull says."""
    if args.pull not in ("always", "missing", "never"):
        raise _run_error(
            f'invalid pull option: \'{args.pull}\': must be one of "always", "missing" or "never"'
        )
    _run_platform(ctx.platform(args))
    try:
        parsed = reference.parse_any(image_text)
    except InvalidReference as exc:
        raise _run_error(str(exc)) from None

    image = None if args.pull == "always" else _local_image(ctx, image_text)
    if image is not None:
        return image
    if args.pull == "never" or isinstance(parsed, reference.DigestOnly):
        shown = (
            parsed.familiar_string()
            if isinstance(parsed, reference.DigestOnly)
            else parsed.tag_or_latest().familiar_string()
        )
        raise _run_error(f"Error response from daemon: No such image: {shown}")
    from tutor.sim.shell.docker.push_pull import (
        pull_image,
        pull_missing_for_run,
    )

    try:
        if args.pull == "always":
            return pull_image(ctx, parsed, args.quiet, stderr=True)
        return pull_missing_for_run(ctx, parsed, args.quiet)
    except SimError as exc:
        raise _run_error(str(exc)) from None


def _run_platform(text: str) -> None:
    """docker/cli cli/command/container/create.go createContainer: platforms.Parse before the image
    reference (run.go toStatusError: exit 125 with the help hint). linux/amd64, however spelled, is the
    simulated host and runs as without --platform; another platform is not simulated."""
    if not text:
        return
    try:
        wanted = platforms.parse(text)
    except SimError as exc:
        raise _run_error(exc.message) from None
    if not wanted.is_host:
        # the daemon would look for (or pull) that platform's variant of the image, another digest
        raise SimError(
            f"registry-tutor: running --platform {wanted.format_all()} is not simulated: every simulated image "
            "has one platform, linux/amd64 (real Docker would use or pull that platform's variant of the "
            "image, with its own digest)."
        )


def _container_name(ctx: DockerContext, name: str | None) -> str | None:
    """--name checked as the daemon checks it (its pattern, not in use), or None."""
    if not name:
        return name
    if not NAME_RE.fullmatch(name):
        raise _run_error(
            f"Error response from daemon: Invalid container name ({name}), "
            "only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed"
        )
    name = name.lstrip("/")
    for other in ctx.machine.containers.values():
        if other.name == name:
            raise _run_error(
                f'Error response from daemon: Conflict. The container name "/{name}" is already in use by '
                f'container "{other.id}". You have to remove (or rename) that container to be able to '
                "reuse that name."
            )
    return name


def _start_container(ctx: DockerContext, args: Args, image, image_text: str, name: str | None,
                     argv: list[str], server, exit_code: int):
    """The container recorded on the machine (running for a server, else exited), or the port clash."""
    from tutor.sim.world import Container

    specs = [ports.parse_publish(spec) for spec in args.publish]  # refused before anything is created
    exposed = list((image.config.get("config") or {}).get("ExposedPorts") or {})
    if args.publish_all:  # -P: every exposed port not published by -p gets an ephemeral host port
        published = {(container_port, proto) for _ip, _host, container_port, proto in specs}
        for number, proto in sorted(_exposed_keys(exposed)):
            if (number, proto) not in published:
                specs.append((None, None, number, proto))
    n = ctx.world.next_id()
    container = Container(
        id=_container_id(ctx, n),
        name=name or _random_name(ctx, n),
        image=image_text,
        digest=image.manifest_digest,
        command=_command_text(argv),
        created=ctx.world.clock,
        status="running" if server else "exited",
        exit_code=0 if server else exit_code,
        bindings=(),
    )
    ctx.machine.containers[container.id] = container
    # the daemon binds at start, whatever the command; a container that exits at once frees them again
    bindings = _bind(ctx, container, specs)
    container.bindings = tuple(bindings)
    if server:
        container.ports = ports.displayable_ports(ports.port_summaries(exposed, bindings))
    ctx.emit(ev.ContainerRan(ctx.machine.name, container.id, container.digest, container.name))
    if server == "registry":
        _open_registry(ctx, container)
    return container


def _exposed_keys(exposed: list[str]) -> list[tuple[int, str]]:
    """ExposedPorts keys ("80/tcp") as (port, proto)."""
    keys = []
    for key in exposed:
        number, _, proto = key.partition("/")
        if number.isdigit():
            keys.append((int(number), proto or "tcp"))
    return keys


def _bind(ctx: DockerContext, container, specs) -> list:
    """The host ports the daemon binds for a running container, in -p order, or the clash as moby words it."""
    taken = _listening(ctx, container.id)
    out: list = []
    for ip, host_port, container_port, proto in specs:
        addresses = (ip,) if ip else ("0.0.0.0", "::")
        ephemeral = host_port is None
        if ephemeral:
            host_port = _ephemeral_port(ctx, proto, taken + [(b[0], b[1], b[3]) for b in out])
        for address in addresses:
            if any(port == host_port and p == proto and ports.overlaps(address, other)
                   for other, port, p in taken):
                _refuse_port(ctx, container, address, host_port, proto)
            out.append((address, host_port, container_port, proto, ephemeral))
        taken = taken + [(a, host_port, proto) for a in addresses]
    return out


def _listening(ctx: DockerContext, except_id: str) -> list[tuple[str, int, str]]:
    """(address, port, proto) already listening on this machine: running containers' bindings, and the
    registry program (`registry serve`, config `addr: :5000`: every address, both families)."""
    taken = [
        (b[0], b[1], b[3])
        for c in ctx.machine.containers.values()
        if c.status == "running" and c.id != except_id
        for b in c.bindings or ()
    ]
    served = {(port, proto) for _a, port, proto in taken}
    for registry in ctx.world.registries.values():
        if registry.machine == ctx.machine.name:
            port = int(registry.host.rpartition(":")[2])
            if (port, "tcp") not in served:  # a registry container's port is already listed by its binding
                taken += [("0.0.0.0", port, "tcp"), ("::", port, "tcp")]
    return taken


def _ephemeral_port(ctx: DockerContext, proto: str, taken: list[tuple[str, int, str]]) -> int:
    """moby portallocator: the next free port after the last one handed out (32768 first), per machine."""
    handed_out = [
        b[1] for c in ctx.machine.containers.values() for b in c.bindings or () if b[4] and b[3] == proto and b[1]
    ]
    port = max(handed_out, default=ports.EPHEMERAL_FIRST - 1) + 1
    busy = {p for _a, p, pr in taken if pr == proto}
    while port in busy:
        port += 1
    return port


def _refuse_port(ctx: DockerContext, container, address: str, host_port: int, proto: str):
    """moby v29.7.2: start_linux.go errSetupNetworking wraps libnetwork/endpoint.go's "driver failed
    programming external connectivity", which wraps portallocator/osallocator_linux.go's bind error. The
    container stays "Created"."""
    container.status = "created"
    container.ports = ""
    endpoint = hashlib.sha256(f"endpoint {container.id}".encode()).hexdigest()
    where = f"[{address}]:{host_port}" if ":" in address else f"{address}:{host_port}"
    raise _run_error(
        "Error response from daemon: failed to set up container networking: driver failed programming external "
        f"connectivity on endpoint {container.name} ({endpoint}): failed to bind host port {where}/{proto}: "
        "address already in use"
    )


# --- the registry a registry:3 container serves ---------------------------------------------------


def _registry_ports(container) -> list[int]:
    """Host ports where localhost reaches the registry inside: its config listens on :5000 (tcp)."""
    found: list[int] = []
    for address, host_port, container_port, proto, _eph in container.bindings or ():
        if container_port == 5000 and proto == "tcp" and ports.is_loopback_reachable(address):
            if host_port not in found:
                found.append(host_port)
    return found


def _open_registry(ctx: DockerContext, container) -> None:
    """A running registry:3 container with a published port is an empty Distribution registry on this
    machine: its default config (distribution-library-image config-example.yml) has no `delete` section, so
    deletes are disabled, and it serves plain HTTP, which Docker allows for localhost."""
    from tutor.sim.registry import Registry

    machine = ctx.machine.name
    for port in _registry_ports(container):
        host = f"localhost:{port}"
        if host in ctx.world.registries:  # that name is another machine's: keep both apart
            host = f"{machine}:{port}"
        ctx.world.registries[host] = Registry(host, delete_enabled=False, tls=False, machine=machine)


def _close_registry(ctx: DockerContext, container) -> None:
    """Removing the container removes what it served: no volume keeps the registry's content."""
    if container.status != "running" or _server_kind(container.command.split()) != "registry":
        return
    machine = ctx.machine.name
    for port in _registry_ports(container):
        for host, registry in list(ctx.world.registries.items()):
            if registry.machine == machine and registry.host.rpartition(":")[2] == str(port):
                del ctx.world.registries[host]


def server_name(container) -> str:
    """How a note names what runs in a container: "nginx web server", else its command."""
    kind = _server_kind(container.command.split())
    return "nginx web server" if kind == "nginx" else f"server ({container.command})"


def serving_container(world, host: str, port: int):
    """The running container on the current machine whose published port answers at ``localhost``-ish
    ``host``:``port`` (curl's note about servers that are not simulated), or None."""
    wanted = {"localhost": None, "127.0.0.1": 4, "::1": 6}.get(host.strip("[]"), 0)
    if wanted == 0:
        return None
    for c in world.machine.containers.values():
        if c.status != "running":
            continue
        for address, host_port, _cport, proto, _eph in c.bindings or ():
            if host_port == port and proto == "tcp" and ports.is_loopback_reachable(address):
                if wanted is None or ports.family(address) == wanted:
                    return c
    return None


def _what_it_prints(image: Image, argv: list[str]) -> tuple[list[str], list[str], int]:
    """(stdout lines, stderr lines, exit code) of the container's command; NotSimulated otherwise."""
    files = dict(image.files)
    if not argv:
        return [], [], 0
    program = argv[0]
    if program == "/hello" and "/hello" in files:
        return files["/hello"].removesuffix("\n").split("\n"), [], 0
    if program.rsplit("/", 1)[-1] in ("python", "python3") and len(argv) >= 2:
        script = apps.script_of(Image(**{**image.__dict__, "cmd": tuple(argv), "entrypoint": ()}))
        if script is not None and script in files:
            return apps.printed_lines(image, argv), [], 0
        # python reports a missing script itself (Python 3.12 wording), exit status 2
        return (
            [],
            [f"{program}: can't open file '{script or argv[1]}': [Errno 2] No such file or directory"],
            2,
        )
    if program in ("echo", "/bin/echo"):
        return [" ".join(argv[1:])], [], 0
    if program in ("cat", "/bin/cat") and len(argv) >= 2:
        for path in argv[1:]:
            if path not in files:
                return [], [f"cat: {path}: No such file or directory"], 1
        return "".join(files[p] for p in argv[1:]).removesuffix("\n").split("\n"), [], 0
    if _server_kind(argv):
        return [], [], 0  # a server prints nothing here: it is only started detached (-d)
    if program in (NGINX_ENTRYPOINT, REGISTRY_ENTRYPOINT) and len(argv) >= 2:
        return _what_it_prints(image, _after_entrypoint_script(argv))  # the script execs its arguments
    if program in SHELLS:
        return [], [], 0  # a shell or REPL without a terminal reads end-of-input and exits 0
    raise SimError(
        f"registry-tutor: `{program}` is not simulated inside containers; they run {SIMULATED_COMMANDS}."
    )


# --- docker ps ---------------------------------------------------------------------------------


def _ellipsis(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _image_column(ctx: DockerContext, c, trunc: bool) -> str:
    image = ctx.store.get(c.digest)
    current = None
    try:
        found = _local_image(ctx, c.image)
        current = found.manifest_digest if found else None
    except InvalidReference:
        pass
    if current != c.digest:  # the name now means another image (or nothing): show the image ID
        image_id = image.image_id(ctx.profile) if image else c.digest
        return short(image_id) if trunc else image_id
    if not trunc:
        return c.image
    try:
        ref = reference.parse(c.image)
    except InvalidReference:
        return c.image
    trimmed = reference.Reference(ref.domain, ref.path, ref.tag, None)
    return trimmed.familiar_string()


def _status(ctx: DockerContext, c) -> str:
    age = human_duration(ctx.world.clock - c.created)
    if c.status == "running":
        return f"Up {age}"
    if c.status == "created":
        return "Created"
    return f"Exited ({c.exit_code}) {age} ago"


def _ports(c) -> str:
    """Only a running container has its ports (moby view.go reads NetworkSettings.Ports, set at start)."""
    if c.status != "running":
        return ""
    if c.bindings is None:  # saved before ports were kept: what the image exposes, as then
        kind = _server_kind(c.command.split())
        return SERVER_PORTS.get(kind or "", "")
    return c.ports


def ps(ctx: DockerContext, args: Args) -> int | None:
    containers = list(ctx.machine.containers.values())
    order = {c.id: i for i, c in enumerate(containers)}
    containers.sort(key=lambda c: (c.created, order[c.id]), reverse=True)
    last = 1 if args.latest else args.last
    if last is not None and last >= 0 and (args.latest or "last" in args.changed):
        containers = containers[:last]
    elif not args.all:
        containers = [c for c in containers if c.status == "running"]
    trunc = not args.no_trunc
    if args.quiet:
        ctx.out(*(short(c.id) if trunc else c.id for c in containers))
        return 0
    rows = [["CONTAINER ID", "IMAGE", "COMMAND", "CREATED", "STATUS", "PORTS", "NAMES"]]
    for c in containers:
        command = _ellipsis(c.command, 20) if trunc else c.command
        rows.append(
            [
                short(c.id) if trunc else c.id,
                _image_column(ctx, c, trunc),
                go_quote(command),
                f"{human_duration(ctx.world.clock - c.created)} ago",
                _status(ctx, c),
                _ports(c),
                c.name,
            ]
        )
    ctx.out(*tabwrite(rows))
    return 0


# --- docker rm -----------------------------------------------------------------------------------


def rm(ctx: DockerContext, args: Args) -> int | None:
    errors: list[str] = []
    for text in args.positional:
        wanted = text.strip("/")
        try:
            if not wanted:
                raise SimError("container name cannot be empty")
            c = find_container(ctx, wanted)
            if c.status == "running" and not args.force:
                raise daemon_error(
                    f'cannot remove container "/{c.name}": container is running: '
                    "stop the container before removing or force remove"
                )
        except SimError as exc:
            if args.force and str(exc).startswith("Error response from daemon: No such container"):
                continue  # docker/cli 29.7 container/rm.go (ee4c249cc2): -f skips a missing one silently
            errors.append(str(exc))
            continue
        _close_registry(ctx, c)
        del ctx.machine.containers[c.id]
        ctx.emit(ev.ContainerRemoved(ctx.machine.name, c.id))
        ctx.out(text)
    if errors:
        raise SimError("\n".join(errors))
    return 0


# --- docker exec -----------------------------------------------------------------------------------


def exec_(ctx: DockerContext, args: Args) -> int | None:
    if not args.positional[0].strip():  # moby client container_inspect.go trimID: emptyIDError
        raise SimError("invalid container name or ID: value is empty")
    c = find_container(ctx, args.positional[0])  # the CLI inspects first: "No such container" wins
    if c.status != "running":
        raise daemon_error(f"container {c.id} is not running")
    raise SimError(
        "registry-tutor: docker exec is not simulated: the simulated containers run no processes you could "
        "join. (The registry at localhost:5000 is not a container here: it runs on the laptop, so its "
        "command `registry` is typed directly.)"
    )


# --- command specs -----------------------------------------------------------------------------


def _group(
    paths: tuple[str, ...],
    use: str,
    short_text: str,
    handler,
    flags: list[Flag],
    arity: Arity,
    interspersed: bool = True,
    partial: bool = False,  # Docker has options this simulator leaves out of the help
) -> None:
    """One Command per parent: `docker ps` and `docker container ls` are two cobra commands, while
    `docker container list` / `ps` are aliases of `ls` (container/list.go, rm.go: cmd.Aliases), whose
    usage and errors name the command itself, `docker container ls`. The first path of a parent is it."""
    verb, _, rest = use.partition(" ")
    by_parent: dict[str, list[str]] = {}
    for path in paths:
        by_parent.setdefault(path.rsplit(" ", 1)[0], []).append(path)
    for same in by_parent.values():
        path = same[0]
        command = Command(
            path,
            f"{path.rsplit(' ', 1)[-1]} {rest}".rstrip(),
            short_text,
            handler,
            flags,
            arity,
            tuple(p for p in paths if p != path),
            interspersed,
            alias_line=", ".join(paths),  # the "aliases" annotation lists the paths in this order
            sim_note=f"Docker's `{path}` has more options than these; they are not simulated." if partial else "",
        )
        register(command, paths=tuple(same))


RUN_FLAGS = [
    Flag("detach", "d", help="Run container in background and print container ID"),
    Flag("entrypoint", kind="string", default="", help="Overwrite the default ENTRYPOINT of the image"),
    Flag("env", "e", kind="list", help="Set environment variables"),
    Flag("interactive", "i", help="Keep STDIN open even if not attached"),
    Flag("name", kind="string", default="", help="Assign a name to the container"),
    Flag("platform", kind="string", default="", help="Set platform if server is multi-platform capable"),
    Flag("publish", "p", kind="list", help="Publish a container's port(s) to the host"),
    Flag("publish-all", "P", help="Publish all exposed ports to random ports"),
    Flag(
        "pull",
        kind="string",
        default="missing",
        help='Pull image before running ("always", "missing", "never")',
    ),
    Flag("quiet", "q", help="Suppress the pull output"),
    Flag("rm", help="Automatically remove the container and its associated anonymous volumes when it exits"),
    Flag("tty", "t", help="Allocate a pseudo-TTY"),
    Flag("workdir", "w", kind="string", default="", help="Working directory inside the container"),
]
PS_FLAGS = [
    Flag("all", "a", help="Show all containers (default shows just running)"),
    Flag(
        "last", "n", kind="int", default=-1,
        help="Show n last created containers (includes all states) (default -1)",  # pflag prints the default
    ),
    Flag("latest", "l", help="Show the latest created container (includes all states)"),
    Flag("no-trunc", help="Don't truncate output"),
    Flag("quiet", "q", help="Only display container IDs"),
]
RM_FLAGS = [
    Flag("force", "f", help="Force the removal of a running container (uses SIGKILL)"),
    Flag("link", "l", help="Remove the specified link"),
    Flag("volumes", "v", help="Remove anonymous volumes associated with the container"),
]
EXEC_FLAGS = [
    Flag("detach", "d", help="Detached mode: run command in the background"),
    Flag("env", "e", kind="list", help="Set environment variables"),
    Flag("interactive", "i", help="Keep STDIN open even if not attached"),
    Flag("tty", "t", help="Allocate a pseudo-TTY"),
    Flag("user", "u", kind="string", default="", help='Username or UID (format: "<name|uid>[:<group|gid>]")'),
    Flag("workdir", "w", kind="string", default="", help="Working directory inside the container"),
]

_group(
    ("docker container run", "docker run"),
    "run [OPTIONS] IMAGE [COMMAND] [ARG...]",
    "Create and run a new container from an image",
    run,
    RUN_FLAGS,
    at_least(1),
    interspersed=False,
    partial=True,
)
_group(
    ("docker container ls", "docker container list", "docker container ps", "docker ps"),
    "ps [OPTIONS]",
    "List containers",
    ps,
    PS_FLAGS,
    NO_ARGS,
    partial=True,
)
_group(
    ("docker container rm", "docker container remove", "docker rm"),
    "rm [OPTIONS] CONTAINER [CONTAINER...]",
    "Remove one or more containers",
    rm,
    RM_FLAGS,
    at_least(1),
)
_group(
    ("docker container exec", "docker exec"),
    "exec [OPTIONS] CONTAINER COMMAND [ARG...]",
    "Execute a command in a running container",
    exec_,
    EXEC_FLAGS,
    at_least(2),
    interspersed=False,
    partial=True,  # exec.go also has --detach-keys, --env-file, --privileged
)

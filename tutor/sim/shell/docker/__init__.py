"""``docker``: the simulated CLI's entry point and command table.

Command modules (``images``, ``containers``, ``push_pull``) define ``Command``
specs with Docker's own ``Use`` lines and flags, and register them here (``register``,
``register_per_path``). ``main`` runs one ``docker ...`` line; ``command_table`` is the table for
completion and help; ``cli`` is the pflag/cobra layer, ``context`` what a command sees, ``gofmt`` Go's
formatting (``--format`` templates, tabwriter) with ``gofuncs`` (the template functions and their Go
signatures) and ``govalues`` (the values a template sees and their Go types).
"""

from __future__ import annotations

from tutor.sim.errors import SimError
from tutor.sim.lazy import import_module  # not importlib's: its package is not loaded yet
from tutor.sim.result import Result
from tutor.sim.shell.docker.cli import Command, FlagError, HelpRequested, experimental_note
from tutor.sim.shell.docker.context import DockerContext

__all__ = [
    "COMMANDS", "COMMAND_MODULES", "MANAGEMENT", "command_table", "main", "register", "register_per_path",
    "top_level_help",
]

COMMANDS: dict[str, Command] = {}  # "docker push", "docker image push", ... -> spec

# Which module registers each command path, in registration order. A command's module is imported
# only when that command runs (``docker images`` never loads the builder or the push/pull code: a
# fast ``registry-tutor shell`` start); help and completion load them all (``command_table``).
# tests/sim/test_docker_lazy.py keeps this table equal to what the modules register.
COMMAND_MODULES: dict[str, str] = {
    **dict.fromkeys((
        "docker build", "docker builder build", "docker image build", "docker image inspect",
        "docker image list", "docker image ls", "docker image remove", "docker image rm", "docker image rmi", "docker image tag",
        "docker images", "docker inspect", "docker rmi", "docker tag",
    ), "images"),
    **dict.fromkeys((
        "docker container exec", "docker container list", "docker container ls", "docker container ps",
        "docker container remove", "docker container rm", "docker container run", "docker exec", "docker ps",
        "docker rm", "docker run",
    ), "containers"),
    **dict.fromkeys((
        "docker buildx imagetools inspect", "docker image pull", "docker image push", "docker login",
        "docker logout", "docker manifest inspect", "docker pull", "docker push",
    ), "push_pull"),
    **dict.fromkeys(("docker history", "docker image history"), "history"),
    **dict.fromkeys(("docker image prune",), "prune"),
}  # fmt: skip
MANAGEMENT = {"image", "container", "manifest", "builder"}

# Commands the CLI runs without calling the daemon (registry/logout.go edits the config file;
# manifest/inspect.go talks to the registry itself), or only after client-side checks, which then call
# DockerContext.require_daemon themselves (login, push, pull, tag: reference parsing, -a with a tag, ...)
NO_DAEMON = frozenset({
    "docker logout", "docker manifest inspect", "docker login", "docker push", "docker image push", "docker pull",
    "docker image pull", "docker tag", "docker image tag",
})  # fmt: skip
DAEMON_DOWN = "Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?"

# Real docker commands this simulator does not cover (it says so rather than pretend).
NOT_COVERED = {
    "compose", "network", "volume", "swarm", "stack", "service", "node", "secret", "config", "buildx",
    "save", "load", "commit", "cp", "logs", "stop", "start", "restart", "kill", "pause", "unpause", "create",
    "attach", "top", "stats", "wait", "diff", "export", "import", "port", "rename", "update", "events",
    "info", "system", "context", "plugin", "trust", "search", "scout", "init", "debug", "bake", "sbom",
    "checkpoint", "desktop", "extension", "ai", "model",
}

# Real flags of covered commands that the simulator does not model: named plainly instead of
# answering "unknown flag", which would tell the learner Docker has no such option.
REAL_BUT_NOT_COVERED: dict[str, frozenset[str]] = {
    "docker run": frozenset({
        "-v", "--volume", "-e", "--env", "--env-file", "-w", "--workdir", "--network", "--net",
        "--entrypoint", "-u", "--user", "--restart", "--mount", "-l", "--label", "--hostname", "-m", "--memory",
        "--cpus", "--pull", "--init", "--privileged", "--read-only", "--tmpfs", "--add-host", "--dns",
    }),
    "docker build": frozenset({
        "--platform", "--secret", "--ssh", "--load", "--push", "--cache-from", "--cache-to", "--network",
        "--pull", "--output", "-o", "--builder", "--add-host",
    }),
    "docker ps": frozenset({"-f", "--filter", "-n", "--last", "-l", "--latest", "-s", "--size", "--format"}),
}  # fmt: skip
for _alias, _main in (("docker container run", "docker run"), ("docker image build", "docker build"),
                      ("docker builder build", "docker build"), ("docker container ls", "docker ps"),
                      ("docker container ps", "docker ps")):  # fmt: skip
    REAL_BUT_NOT_COVERED[_alias] = REAL_BUT_NOT_COVERED[_main]


def _not_covered_flag(path: str, rest: list[str]) -> str | None:
    """The first typed flag that Docker has for this command but the simulator does not model."""
    known = REAL_BUT_NOT_COVERED.get(path, frozenset())
    for arg in rest:
        if arg == "--":
            break
        name = arg.split("=", 1)[0]
        if name in known or (name.startswith("-") and not name.startswith("--") and name[:2] in known):
            return name if name in known else name[:2]
    return None


def _create_platform_error(path: str, rest: list[str]) -> str | None:
    """`docker create` is not simulated, but its --platform is checked as create.go createContainer
    checks it: platforms.Parse's error, returned by runCreate as it is (no help hint; exit 1)."""
    if path not in ("docker create", "docker container create"):
        return None
    from tutor.sim import platforms

    for n, arg in enumerate(rest):
        # the options end at the image (interspersed=false): a word that is no flag's value
        if arg == "--" or (not arg.startswith("-") and (n == 0 or not rest[n - 1].startswith("--")
                                                        or "=" in rest[n - 1])):
            break
        value = arg[len("--platform=") :] if arg.startswith("--platform=") else None
        if arg == "--platform" and n + 2 < len(rest):  # RequiresMinArgs(1): an image must follow
            value = rest[n + 1]
        if value:
            try:
                platforms.parse(value)
            except SimError as exc:
                return exc.message
    return None


COVERED_SUMMARY = (
    "build, tag, images (image ls), rmi (image rm), image inspect, image prune, history (image history), "
    "run, ps, rm, exec, push, pull, "
    "login, logout, manifest inspect, buildx imagetools inspect"
)


def register(command: Command, paths: tuple[str, ...] | None = None) -> Command:
    """The one way a docker command joins the table: under ``paths`` (default: its path and aliases).

    Every path given runs this one spec, so its usage errors and help name ``command.path`` whichever
    was typed, as cobra does for a command's aliases (``docker image list`` answers as ``docker image ls``).
    """
    for path in (command.path, *command.aliases) if paths is None else paths:
        COMMANDS[path] = command
    return command


def register_per_path(paths: list[tuple[str, str]], alias_line: str = "", **spec) -> list[Command]:
    """Commands sharing a handler and flags, one spec per ``(path, use)``: usage errors name the path typed
    (``docker rmi`` and ``docker image rm`` are two cobra commands in docker/cli)."""
    commands = []
    for path, use in paths:
        others = tuple(p for p, _ in paths if p != path)
        commands.append(register(Command(path=path, use=use, aliases=others, alias_line=alias_line, **spec),
                                 paths=(path,)))
    return commands


_loaded = False


def _load_commands() -> None:
    """Import every command module (for their register() side effects), then put the table in
    COMMAND_MODULES order, whichever command ran first."""
    global _loaded
    if _loaded:
        return
    for module in dict.fromkeys(COMMAND_MODULES.values()):
        import_module(f"{__name__}.{module}")
    ordered = {path: COMMANDS[path] for path in COMMAND_MODULES}
    ordered.update(COMMANDS)  # anything registered outside the table keeps its place after it
    COMMANDS.clear()
    COMMANDS.update(ordered)
    _loaded = True


def _command(path: str) -> Command | None:
    """The spec for ``path``, importing the one module that registers it on first use."""
    command = COMMANDS.get(path)
    if command is None and path in COMMAND_MODULES:
        import_module(f"{__name__}.{COMMAND_MODULES[path]}")
        command = COMMANDS.get(path)
    return command


def command_table() -> dict[str, Command]:
    """Every docker command path (``docker push``, ``docker image push``, ...) and its spec, all registered.

    The public view of the table, for completion and help (read it, never change it).
    """
    _load_commands()
    return COMMANDS


# docker/cli's help lists every command, grouped (Common Commands, Management Commands, Commands, ...)
LISTS_ONLY_SIMULATED = "registry-tutor: only the commands this simulator covers are listed; real Docker lists more."


# docker/cli's "category-top" annotations (run.go, exec.go, list.go, build.go, pull.go, push.go, list.go,
# login.go, logout.go): the root help's Common Commands, in that order
TOP_COMMANDS = ("run", "exec", "ps", "build", "pull", "push", "images", "login", "logout")
GROUP_SHORTS = {  # the management commands' Short (builder/cmd.go, container/cmd.go, image/cmd.go, manifest/cmd.go)
    "builder": "Manage builds",
    "container": "Manage containers",
    "image": "Manage images",
    "manifest": "Manage Docker image manifests and manifest lists",
}
GROUP_LONGS = {  # manifest/cmd.go manifestDescription, as the usage template trims it
    "manifest": [
        "The **docker manifest** command has subcommands for managing image manifests and",
        "manifest lists. A manifest list allows you to use one name to refer to the same image",
        "built for multiple architectures.",
        "",
        "To see help for a subcommand, use:",
        "",
        "    docker manifest CMD --help",
        "",
        "For full details on using docker manifest lists, see the registry v2 specification.",
    ],
}
# cobra lists docker/cli's own `build` command (image/build.go), whose Short is not buildx's
BUILD_SHORT = "Build an image from a Dockerfile"
NAME_PADDING = 11  # cobra command.go NamePadding: minNamePadding, longer than every listed name


def _listed_short(name: str, command: Command) -> str:
    return BUILD_SHORT if name == "build" else command.short


def top_level_help() -> list[str]:
    """docker/cli cli/cobra.go usageTemplate for the root (no leading blank line since v28.0.0, 61a3b4bd50):
    Common Commands (category-top), Management Commands, Commands, then the run line and additionalHelp."""
    _load_commands()
    seen: dict[str, Command] = {}
    for path, cmd in sorted(COMMANDS.items()):
        if path.count(" ") == 1 and path.split()[1] not in MANAGEMENT:
            seen.setdefault(path.split()[1], cmd)
    lines = ["Usage:  docker [OPTIONS] COMMAND", "", "A self-sufficient runtime for containers", "", "Common Commands:"]
    # rpad (decoratedName .) (add .NamePadding 1): the name, a space, padded to 12
    lines += [f"  {(name + ' ').ljust(NAME_PADDING + 1)}{_listed_short(name, seen[name])}" for name in TOP_COMMANDS]
    lines += ["", "Management Commands:"]
    lines += [f"  {(name + ' ').ljust(NAME_PADDING + 1)}{GROUP_SHORTS[name]}" for name in sorted(MANAGEMENT)]
    lines += ["", "Commands:"]
    lines += [f"  {name.ljust(NAME_PADDING)} {cmd.short}" for name, cmd in sorted(seen.items()) if name not in TOP_COMMANDS]
    lines += [
        "", "Run 'docker COMMAND --help' for more information on a command.", "",
        "For more help on how to use Docker, head to https://docs.docker.com/go/guides/", "", LISTS_ONLY_SIMULATED,
    ]  # fmt: skip
    return lines


def _management_help(group: str) -> list[str]:
    """cli/cobra.go usageTemplate for a management command: its Short, then each subcommand by Name()
    (the first word of its Use; aliases are not listed) padded to cobra's NamePadding."""
    _load_commands()
    cmds = {
        c.use.split()[0]: c for p, c in COMMANDS.items() if p.startswith(f"docker {group} ") and p.count(" ") == 2
    }
    lines = [f"Usage:  docker {group} COMMAND", "", *GROUP_LONGS.get(group, [GROUP_SHORTS[group]])]
    if group == "manifest":  # manifest/cmd.go: experimentalCLI
        lines += ["", "EXPERIMENTAL:", *(f"  {line}" for line in experimental_note("docker manifest"))]
    lines += ["", "Commands:"]
    lines += [f"  {name.ljust(NAME_PADDING)} {_listed_short(name, cmd)}" for name, cmd in sorted(cmds.items())]
    lines += ["", f"Run 'docker {group} COMMAND --help' for more information on a command.", "", LISTS_ONLY_SIMULATED]
    return lines


def main(ctx, argv: list[str]) -> Result:
    """Run ``docker ARGV...`` against the world in ``ctx`` (a ShellContext)."""
    result = Result()
    args = argv  # read, never changed
    if not args or args[0][:1] == "-" or args[0] in ("help", "version"):  # (a slice: no startswith call)
        return _top_level_options(ctx, args, result)
    name = args[0]
    command = COMMANDS.get("docker " + name) if name not in MANAGEMENT and name != "buildx" else None
    if command is not None:  # (a loaded top-level command: what _find_command would find)
        path, rest = "docker " + name, args[1:]
    else:
        found = _find_command(args, result)
        if isinstance(found, Result):
            return found
        command, path, rest = found
    try:
        parsed = command.parse(rest)
    except HelpRequested as exc:
        result.out(*exc.notices, *command.help_text())
        return result
    except FlagError as exc:
        flag = _not_covered_flag(path, rest)
        if flag is not None:
            return _failed(result, 1,
                           f"registry-tutor: `{path} {flag}` is a real Docker option, but this simulator does not "
                           "cover it.", f"Type '{path} --help' for the options it does cover.")
        return _failed(result, 125, *str(command.usage_error(str(exc), 125)).split("\n"))
    if parsed.notices:
        result.out(*parsed.notices)  # cobra ParseFlags prints pflag's deprecation lines with c.Print (stdout)
    dctx = DockerContext(ctx.world, command, result, getattr(ctx, "env", None) or {})
    try:
        command.check_arity(parsed.positional)  # cobra validates the arguments before RunE calls the daemon
        if not ctx.world.machine.daemon_running and not command.asks_first and command.path not in NO_DAEMON:
            return _failed(result, 1, DAEMON_DOWN)  # a restart failed on daemon.json
        code = command.handler(dctx, parsed)
        result.exit_code = result.exit_code if code is None else code
    except SimError as exc:
        result.err(*str(exc).split("\n"))
        result.exit_code = exc.exit_code
    return result


def _failed(result: Result, code: int, *lines: str) -> Result:
    result.err(*lines)
    result.exit_code = code
    return result


def _top_level_options(ctx, args: list[str], result: Result) -> Result:
    """``docker``, ``docker --help``, ``docker --version`` and an unknown top-level flag."""
    if not args:  # cmd/docker/docker.go RunE: command.ShowHelp(dockerCli.Err()), exit 0
        result.err(*top_level_help())
        return result
    if args[0] == "-h":  # HandleGlobalFlags' own FlagSet prints the deprecation on os.Stderr
        result.err("Flag shorthand -h has been deprecated, use --help")
    if args[0] in ("--help", "-h", "help") and len(args) > 1:
        return _help_topic(args[1:], args[0] == "help", result)
    if args[0] in ("--help", "-h", "help"):
        result.out(*top_level_help())
        return result
    flag = args[0].split("=", 1)[0]
    if flag in GLOBAL_OPTIONS or flag[:2] in GLOBAL_OPTIONS:
        return _failed(result, 1, f"registry-tutor: `docker {flag if flag in GLOBAL_OPTIONS else flag[:2]}` is a real "
                       "Docker option, but this simulator does not cover it.", "Type the command without it.")
    if args[0] in ("-v", "--version", "version"):
        result.out(
            "registry-tutor simulates the Docker CLI and Engine 29 "
            f"({'classic graphdriver' if ctx.world.profile == 'classic' else 'containerd'} image store); "
            "it has no version string of its own to report."
        )
        return result
    arg = args[0]  # pflag's wording (parseLongArg, parseSingleShortArg), as a command's flags get it
    if arg[1:2] != "-":
        message = f"unknown shorthand flag: '{arg[1]}' in {arg}"
    elif arg[2:3] in ("", "-", "="):
        message = f"bad flag syntax: {arg}"
    else:
        message = f"unknown flag: {arg.split('=', 1)[0]}"
    return _failed(result, 125, message, "", "Usage:  docker [OPTIONS] COMMAND [ARG...]", "",
                   "Run 'docker --help' for more information")


# docker/cli cli/flags/options.go InstallFlags: the root's options (besides --help and --version)
GLOBAL_OPTIONS = frozenset({
    "--config", "-c", "--context", "-D", "--debug", "-H", "--host", "-l", "--log-level", "--tls", "--tlscacert",
    "--tlscert", "--tlskey", "--tlsverify",
})  # fmt: skip


def _help_topic(words: list[str], via_help_command: bool, result: Result) -> Result:
    """``docker help X...`` (cli/cobra.go helpCommand: Root().Find(X), then its HelpFunc, or
    "unknown help topic: " + the words Find left) and ``docker --help X...`` (the root's persistent help
    flag set, cobra runs what X finds: an unknown X leaves the root command)."""
    _load_commands()
    group = words[0] in MANAGEMENT and len(words) > 1
    path = f"docker {words[0]} {words[1]}" if group else f"docker {words[0]}"
    rest = words[2:] if group else words[1:]
    if words[:3] == ["buildx", "imagetools", "inspect"]:  # the one buildx command simulated here
        path, rest = "docker buildx imagetools inspect", words[3:]
    if words[0] in MANAGEMENT and len(words) == 1:
        result.out(*_management_help(words[0]))
    elif path in COMMANDS and (not rest or not via_help_command):
        result.out(*COMMANDS[path].help_text())
    elif not via_help_command:
        result.out(*(_management_help(words[0]) if words[0] in MANAGEMENT else top_level_help()))
    elif path in COMMANDS:
        return _failed(result, 1, f"unknown help topic: {' '.join(rest)}")
    elif words[0] in NOT_COVERED or (group and words[1] in NOT_COVERED | {"prune", "save", "load"}):
        return _failed(result, 1, f"registry-tutor: '{path}' is a real Docker command, but this simulator does "
                       "not cover it.", f"It covers: {COVERED_SUMMARY}. Type 'help docker' for details.")
    else:
        return _failed(result, 1, f"unknown help topic: {' '.join(words[1:] if group else words)}")
    return result


def _find_command(args: list[str], result: Result) -> tuple[Command, str, list[str]] | Result:
    """The command the words name, its path and the arguments after it; or the Result saying why not."""
    name = args[0]
    path, rest = f"docker {name}", args[1:]
    if name == "buildx" and rest[:2] == ["imagetools", "inspect"]:  # the one buildx command simulated here
        path, rest = "docker buildx imagetools inspect", rest[2:]
    if name in MANAGEMENT:
        if not rest or rest[0] in ("--help", "-h"):
            # without arguments the command's RunE is command.ShowHelp(dockerCli.Err()): stderr, exit 0
            lines = _management_help(name)
            if not rest and name == "manifest":  # manifest/cmd.go Run: Fprint(Err(), "\n"+cmd.UsageString())
                lines = ["", *lines]
            (result.out if rest else result.err)(*lines)
            return result
        path, rest = f"docker {name} {rest[0]}", rest[1:]
    command = _command(path)
    if command is not None:
        return command, path, rest
    bad_platform = _create_platform_error(path, rest)
    if bad_platform is not None:
        return _failed(result, 1, bad_platform)
    if name in NOT_COVERED or (name in MANAGEMENT and path.split()[-1] in NOT_COVERED | {"prune", "save", "load"}):
        return _failed(result, 1,
                       f"registry-tutor: '{path}' is a real Docker command, but this simulator does not cover it.",
                       f"It covers: {COVERED_SUMMARY}. Type 'help docker' for details.")
    group = path.rsplit(" ", 1)[0]
    # docker/cli cmd/docker/docker.go for `docker foo`; cli/required.go NoArgs for a management command,
    # which adds its UseLine (`docker image`)
    use_line = group + " COMMAND" if group == "docker manifest" else group  # manifest/cmd.go Use
    usage = ["Usage:  " + use_line, ""] if group != "docker" else []
    return _failed(result, 1, f"docker: unknown command: {path}", "", *usage, f"Run '{group} --help' for more information")

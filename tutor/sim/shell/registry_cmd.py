"""``registry``: the CNCF registry's own command (distribution v3), as installed on the learner's laptop.

The registry at localhost:5000 runs as this program on the laptop (not in a container), with
its configuration at /etc/distribution/config.yml (the path the ``registry:3`` image uses).
``registry garbage-collect`` is simulated; ``serve`` is already running and is not.

Wording: distribution ``registry/root.go`` (cobra commands and flags, ``configuration error: %v``),
``registry/storage/garbagecollect.go`` (``MarkAndSweep``: every line it prints, in order) and
cobra's usage/help templates.
"""

from __future__ import annotations

from tutor.sim.registry import GcResult, Registry, mark_and_sweep  # noqa: F401 (re-exported)
from tutor.sim.result import Result

LOCAL_REGISTRY = "localhost:5000"
CONFIG_PATH = "/etc/distribution/config.yml"
# version/get.go FprintVersion; the release build links version=${VERSION#v} (Dockerfile): no leading v
VERSION_LINE = "registry github.com/distribution/distribution/v3 3.1.1"

ROOT_USAGE = [
    "Usage:",
    "  registry [flags]",
    "  registry [command]",
    "",
    "Available Commands:",
    "  completion      Generate the autocompletion script for the specified shell",
    "  garbage-collect `garbage-collect` deletes layers not referenced by any manifests",
    "  help            Help about any command",
    "  serve           `serve` stores and distributes Docker images",
    "",
    "Flags:",
    "  -h, --help      help for registry",
    "  -v, --version   show the version and exit",
    "",
    'Use "registry [command] --help" for more information about a command.',
]
GC_USAGE = [
    "Usage:",
    "  registry garbage-collect <config> [flags]",
    "",
    "Flags:",
    "  -m, --delete-untagged   delete manifests that are not currently referenced via tag",
    "  -d, --dry-run           do everything except remove the blobs",
    "  -h, --help              help for garbage-collect",
    "  -q, --quiet             silence output",
]
GC_FLAGS = {
    "--dry-run": "dry_run",
    "-d": "dry_run",
    "--delete-untagged": "delete_untagged",
    "-m": "delete_untagged",
    "--quiet": "quiet",
    "-q": "quiet",
}


# --- the command line (cobra) -----------------------------------------------------------------


def _fail(result: Result, code: int, *lines: str) -> Result:
    result.err(*lines)
    result.exit_code = code
    return result


def main(ctx, argv: list[str]) -> Result:
    """``registry ARGS...`` (the arguments after the program name)."""
    result = Result()
    args = list(argv)
    if not args:
        result.err(*ROOT_USAGE)  # RootCmd.Run: cmd.Usage() writes to stderr, exit 0
        return result
    first = args[0]
    if first in ("-v", "--version"):
        result.out(VERSION_LINE)
        return result
    if first in ("-h", "--help"):
        result.out("`registry`", "", *ROOT_USAGE)
        return result
    if first == "help":
        if len(args) > 1 and args[1] == "garbage-collect":
            result.out("`garbage-collect` deletes layers not referenced by any manifests", "", *GC_USAGE)
        else:
            result.out("`registry`", "", *ROOT_USAGE)
        return result
    if first.startswith("-"):
        return _fail(
            result,
            1,
            f"Error: unknown flag: {first}"
            if first.startswith("--")
            else f"Error: unknown shorthand flag: '{first[1:2]}' in {first}",
            *ROOT_USAGE,
            "",
        )
    if first == "serve":
        return _fail(
            result,
            1,
            "registry-tutor: the registry is already serving localhost:5000 on this laptop "
            f"(registry serve {CONFIG_PATH}); a second `registry serve` is not simulated.",
        )
    if first == "completion":
        return _fail(
            result, 1, "registry-tutor: `registry completion` (shell completion scripts) is not simulated."
        )
    if first != "garbage-collect":
        return _fail(
            result, 1, f'Error: unknown command "{first}" for "registry"', "Run 'registry --help' for usage."
        )
    return _garbage_collect(ctx, args[1:], result)


def _garbage_collect(ctx, args: list[str], result: Result) -> Result:
    flags = {"dry_run": False, "delete_untagged": False, "quiet": False}
    positional: list[str] = []
    for i, arg in enumerate(args):
        if arg == "--":
            positional.extend(args[i + 1 :])
            break
        if arg in ("-h", "--help"):
            result.out("`garbage-collect` deletes layers not referenced by any manifests", "", *GC_USAGE)
            return result
        if arg.startswith("--"):
            name, eq, value = arg.partition("=")
            if name not in GC_FLAGS:
                return _fail(result, 1, f"Error: unknown flag: {name}", *GC_USAGE, "")
            flags[GC_FLAGS[name]] = (value.lower() in ("1", "t", "true")) if eq else True
            continue
        if arg.startswith("-") and len(arg) > 1:
            for letter in arg[1:]:
                if letter == "h":
                    result.out(
                        "`garbage-collect` deletes layers not referenced by any manifests", "", *GC_USAGE
                    )
                    return result
                if f"-{letter}" not in GC_FLAGS:
                    return _fail(
                        result, 1, f"Error: unknown shorthand flag: '{letter}' in {arg}", *GC_USAGE, ""
                    )
                flags[GC_FLAGS[f"-{letter}"]] = True
            continue
        positional.append(arg)

    config = positional[0] if positional else _env(ctx, "REGISTRY_CONFIGURATION_PATH")
    if not config:
        return _fail(result, 1, "configuration error: configuration path unspecified", *GC_USAGE)
    machine = ctx.world.machine
    path = machine.fs.resolve(machine.cwd, config, machine.home)
    if path != CONFIG_PATH:
        if not machine.fs.exists(path):
            return _fail(
                result, 1, f"configuration error: open {config}: no such file or directory", *GC_USAGE
            )
        return _fail(
            result,
            1,
            f"registry-tutor: the simulated registry's configuration is {CONFIG_PATH}; "
            f"other configuration files ({config}) are not simulated.",
        )
    registry = ctx.world.reach(LOCAL_REGISTRY)  # the registry program running on this machine, if any
    if registry is None:
        return _fail(result, 1, f"registry-tutor: no registry runs on this machine ({machine.name}) in this lesson.")
    if not registry.repositories:
        # nothing was ever pushed: the storage has no repositories folder, and MarkAndSweep's first Walk
        # (storage/catalog.go Enumerate, driver/walk.go WalkFallback) fails; root.go prints it with no newline
        return _fail(
            result,
            1,
            "failed to garbage collect: failed to mark: filesystem: Path not found: "
            "/docker/registry/v2/repositories",
        )
    gc = mark_and_sweep(
        registry, dry_run=flags["dry_run"], delete_untagged=flags["delete_untagged"], quiet=flags["quiet"]
    )
    ctx.world.tick(1)
    result.out(*gc.lines)
    result.events.extend(gc.events)
    return result


def _env(ctx, name: str) -> str:
    shell = getattr(ctx, "shell", None)
    return shell.vars.get(name, "") if shell is not None else ""

"""The ``registry-tutor`` command: one module per subcommand, mirroring ``registry-tutor --help``.

- ``shell`` (tutor.cli.shell): the simulator without the TUI, stdin to stdout
- ``validate``, ``schema``, ``learn`` (tutor.cli.lessons)
- ``quiz`` (tutor.cli.quiz)
- ``results export``, ``class-report`` (tutor.cli.classroom)
- ``serve`` (tutor.cli.serve)
- ``inspect`` (tutor.cli.inspect)
- no subcommand: the TUI (tutor.ui.app)

Each module registers its parser and a ``handler``, and imports its engine only when it runs:
``registry-tutor shell`` never loads Textual or the other subcommands, and its plain forms are read
without argparse (tests/test_startup_imports.py; start-up: benchmarks/bench_shell.py).
Nothing below the command line imports this package (pyproject's import-linter contracts).
"""

from __future__ import annotations

import sys

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing (fast start)
if TYPE_CHECKING:
    import argparse

__all__ = ["main", "build_parser"]

# the other subcommands' modules, in --help order; each has add_subcommands(sub)
SUBCOMMAND_MODULES = ("lessons", "quiz", "classroom", "serve", "inspect")

# tutor.sim.world.PROFILES, written out: building the parser must not import the simulator
# (tests/test_startup_imports.py keeps the two equal)
ENGINES = ("current", "classic")


def build_parser(extra: bool = True) -> argparse.ArgumentParser:
    """The argument parser; ``extra=False`` leaves out every subcommand but ``shell`` (fast start)."""
    import argparse

    parser = argparse.ArgumentParser(
        prog="registry-tutor",
        description="Learn how container registries, repositories, tags and `latest` really work.",
    )
    parser.add_argument("--version", action="version", version=_version())
    parser.add_argument("--profile", default="default", help="progress profile (for shared classroom machines)")
    parser.add_argument("--pack", metavar="DIR", help="open a workshop pack instead of the built-in lessons")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    shell = sub.add_parser("shell", help="the simulator without the TUI: reads command lines from stdin")
    shell.add_argument("--engine", choices=ENGINES, default="current", help="Docker engine profile to imitate")
    shell.add_argument("--world", metavar="FILE", help="start from a saved world (JSON)")

    if extra:
        import importlib

        for name in SUBCOMMAND_MODULES:
            importlib.import_module(f"tutor.cli.{name}").add_subcommands(sub)
    return parser


def _version() -> str:
    from tutor import __version__

    return f"registry-tutor {__version__}"


def main(argv: list[str] | None = None) -> int:
    """Run one subcommand; Ctrl-C, a reader that stops early (`| head`) or a full disk end it quietly."""
    from tutor.stdout_guard import run_guarded  # broken pipe -> 141, write error -> one line and 1

    try:
        return run_guarded(lambda: _dispatch(sys.argv[1:] if argv is None else argv))
    except KeyboardInterrupt:
        _quietly(sys.stderr.write, "\n")
        return 130  # what a shell reports for a command ended by SIGINT


def _quietly(write, text: str) -> None:
    try:
        write(text)
    except (OSError, ValueError):
        pass


def _shell_options(argv: list[str]) -> dict[str, str | None] | None:
    """``shell [--engine E] [--world FILE]`` read without argparse, or None for anything else.

    argparse (with gettext, locale and shutil behind it) is a tenth of the shell's start-up; the plain
    forms are read here, and everything else (``--help``, abbreviations, mistakes) goes to the parser,
    so its answers and error messages stay argparse's own (tests/test_startup_imports.py).
    """
    if argv[:1] != ["shell"]:
        return None
    options: dict[str, str | None] = {"engine": "current", "world": None}
    rest = argv[1:]
    while rest:
        name, eq, value = rest.pop(0).partition("=")
        if name not in ("--engine", "--world"):
            return None
        if not eq:
            if not rest or rest[0].startswith("-"):
                return None
            value = rest.pop(0)
        if name == "--engine" and value not in ENGINES:
            return None
        options[name[2:]] = value
    return options


def _dispatch(argv: list[str]) -> int:
    fast = _shell_options(argv)
    if fast is not None:  # `registry-tutor shell` starts fast: no argparse, no other subcommand's module
        from tutor.cli.shell import run_shell

        return run_shell(engine=fast["engine"] or "current", world_file=fast["world"])
    parser = build_parser(extra=argv[:1] != ["shell"])
    args = parser.parse_args(argv)
    if args.command == "shell":
        from tutor.cli.shell import run_shell

        return run_shell(engine=args.engine, world_file=args.world)
    refusal = _pack_refusal(args)
    if refusal:  # at once, before a TUI takes the terminal or a server listens
        _quietly(sys.stderr.write, refusal + "\n")
        return 2  # argparse's status for a bad argument
    if args.command is None:
        from tutor.ui.app import run_app

        return run_app(profile=args.profile, pack=args.pack)
    return args.handler(args)


# the subcommands that open --pack (the others ignore it, as before)
PACK_COMMANDS = (None, "learn", "quiz", "serve", "results")


def _pack_refusal(args: argparse.Namespace) -> str | None:
    """``registry-tutor[ SUBCOMMAND]: --pack NAME cannot be used: file:line: message`` for a pack that
    does not open; the same words as ``serve`` (tutor.classroom.packs.pack_problem)."""
    pack = getattr(args, "pack", None)
    if not pack or args.command not in PACK_COMMANDS:
        return None
    from tutor.classroom.packs import pack_problem

    problem = pack_problem(pack, partial=args.command == "learn")  # learn opens what loads of a pack
    if problem is None:
        return None
    words = [word for word in (args.command, getattr(args, "results_command", None)) if word]
    return f"{' '.join(['registry-tutor', *words])}: --pack {problem}"


if __name__ == "__main__":
    sys.exit(main())

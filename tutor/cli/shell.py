"""``registry-tutor shell``: the simulator without the TUI (design.md contract 2).

Reads command lines from stdin (a prompt only when stdin is a terminal), prints
each command's stdout and stderr lines to the real stdout and stderr in the
order they were written, flushing as it goes so a shared pipe (``2>&1``) keeps
that order, and goes on after errors. The exit status is the last command's. At a terminal, Ctrl-C
drops the line being typed (the world is kept, as bash keeps its state) and Ctrl-D ends.
Nothing typed is executed for real: every line goes to ``tutor.sim.shell.Shell``.

Must not import Textual or Rich (fast start).
"""

from __future__ import annotations

import sys

CLEAR_SCREEN = "\x1b[H\x1b[2J\x1b[3J"


def _error(message: str) -> None:
    from tutor.textsafe import visible  # a world file's name or contents may hold ESC

    try:
        sys.stderr.write(visible(message) + "\n")
        sys.stderr.flush()
    except (OSError, ValueError):
        pass


def load_world(engine: str, world_file: str | None):
    """The starting world, or raise ValueError with a one-line reason (the one checked world loader)."""
    from tutor.sim.world import World

    if not world_file:
        return World.default(profile=engine)
    from tutor.sim.worldfile import WorldFileError, parse_world
    from tutor.ui.worlds import read_world_bytes  # file reading only: no Textual

    try:
        data = read_world_bytes(world_file)
    except WorldFileError as exc:
        reason = str(exc).rsplit(": ", 1)[-1]
        raise ValueError(f"registry-tutor: cannot read world file '{world_file}': {reason}") from None
    try:
        world = parse_world(data)
    except WorldFileError as exc:
        raise ValueError(
            f"registry-tutor: world file '{world_file}' is not a valid saved world: {exc}"
        ) from None
    if engine != "current":  # an explicit --engine classic wins over the file's profile
        world.profile = engine
    return world


def _setup_streams() -> None:
    for stream, errors in (
        (sys.stdout, "backslashreplace"),
        (sys.stderr, "backslashreplace"),
        (sys.stdin, "replace"),
    ):
        try:
            stream.reconfigure(errors=errors)  # type: ignore[union-attr]
        except (AttributeError, ValueError, OSError):
            pass


def _defer_inspect() -> None:
    """Put off executing ``inspect`` until something reads one of its names.

    ``dataclasses`` imports ``inspect`` (with ``ast``, ``dis`` and ``tokenize``: a sixth of this
    command's start-up) only to write a signature into the ``__doc__`` of a dataclass that has no
    docstring. The simulator's dataclasses all have one (tests/test_startup_imports.py), so the shell
    never needs it. (importlib.util.LazyLoader cannot do this: ``import inspect`` reads ``__spec__``,
    which loads it.)
    """
    if "inspect" not in sys.modules:
        sys.modules["inspect"] = _Deferred("inspect")


class _Deferred(type(sys)):  # a module
    """Stands in for a module in ``sys.modules``; the first name read from it imports the real one."""

    def __getattr__(self, attr: str):
        if sys.modules.get(self.__name__) is self:
            del sys.modules[self.__name__]
        __import__(self.__name__)  # not importlib.import_module: the importlib package is not loaded yet
        real = sys.modules[self.__name__]
        self.__dict__.update(real.__dict__)  # whoever holds this stand-in now reads the real names
        return getattr(real, attr)


def run_shell(engine: str = "current", world_file: str | None = None) -> int:
    """Run the line-by-line simulator on stdin/stdout/stderr; returns the exit status."""
    import gc

    _setup_streams()
    _defer_inspect()
    # Loading the simulator and its world makes tens of thousands of objects that all stay (modules,
    # classes, the world): the cycle collector's passes over them while they are made would free nothing
    # (1.5% of start-up), so it waits until they are set aside below.
    collecting = gc.isenabled()
    gc.disable()
    try:
        shell = _start(engine, world_file)
        if isinstance(shell, int):
            return shell
        # This process is only the simulator: what exists now (the world, the loaded modules) lives as long
        # as it does, and the world is a tree without reference cycles (tests/sim/test_throughput_caches.py),
        # so the cycle collector would never free any of it. Set it aside once rather than walk it again in
        # every older-generation collection (a few per cent of a long script). Not done in Shell() itself:
        # in the TUI or `serve` it would also freeze whatever widget garbage is waiting at that moment.
        gc.freeze()
    finally:
        if collecting:
            gc.enable()
    return _session(shell)


def _session(shell) -> int:
    """Read, run and print lines until end of input or ``exit``; returns the exit status."""
    from tutor.sim.result import STDOUT

    interactive = _isatty(sys.stdin)
    if _isatty(sys.stdout):
        import shutil

        shell.columns = max(20, shutil.get_terminal_size((80, 24)).columns)
    if interactive:  # readline: line editing, arrow-key history, and Tab completing from the world
        from tutor.cli.line_editing import tab_completes

        tab_completes(lambda: shell.world)
    status = 0
    try:
        while True:
            line = _read_line(shell, interactive)
            if line is None:
                if interactive:
                    sys.stdout.write("\n")
                    sys.stdout.flush()
                break
            result = shell.run(line)
            if result.clear and _isatty(sys.stdout):
                sys.stdout.write(CLEAR_SCREEN)
            for stream, text in result.output:
                target = sys.stdout if stream == STDOUT else sys.stderr
                target.write(text + "\n")
                target.flush()
            sys.stdout.flush()
            sys.stderr.flush()
            status = shell.last_status
            if shell.exit_requested is not None:
                status = shell.exit_requested
                break
    except KeyboardInterrupt:
        try:
            sys.stdout.write("\n")
            sys.stdout.flush()
        except (OSError, ValueError):
            pass
        return 130
    return status  # a closed pipe or a full disk: tutor.stdout_guard, around every subcommand


def _start(engine: str, world_file: str | None):
    """The Shell on the starting world, or the exit status when there is none (a bad world file: 2)."""
    try:
        world = load_world(engine, world_file)
    except ValueError as exc:
        _error(" ".join(str(exc).split("\n")))
        return 2
    except KeyboardInterrupt:
        return 130
    from tutor.sim.shell import Shell

    return Shell(world)


def _read_line(shell, interactive: bool) -> str | None:
    if interactive:
        while True:
            try:
                return input(shell.prompt)
            except EOFError:  # Ctrl-D ends the simulator
                return None
            except KeyboardInterrupt:  # Ctrl-C drops the line being typed, as bash does; the world stays
                sys.stdout.write("\n")
                sys.stdout.flush()
                shell.last_status = 130
    line = sys.stdin.readline()
    if line == "":
        return None
    return line.rstrip("\n")


def _isatty(stream) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError, OSError):
        return False

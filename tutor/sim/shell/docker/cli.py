"""A small cobra/pflag look-alike: command specs, flag parsing, Docker's usage errors.

Each docker command module declares a ``Command`` and registers it; this module
parses argv the way pflag does and words every mistake as docker/cli does
(``cli/cobra.go`` FlagErrorFunc, ``cli/required.go``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import field

from tutor.sim.errors import SimError
from tutor.sim.records import record

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing at start-up (tutor.sim.lazy)
if TYPE_CHECKING:
    from typing import Any


class FlagError(SimError):
    """pflag's error; the dispatcher adds the usage block and exits 125."""


@record(frozen=True)
class Flag:
    """One pflag flag of a docker command: names, kind, default and help."""

    long: str  # "tag"
    short: str = ""  # "t"
    kind: str = "bool"  # bool | string | list | int
    default: Any = None
    help: str = ""
    value_name: str = ""  # shown in --help: "string", "list", "int"
    # pflag MarkDeprecated: hidden from --help; using it prints "Flag --x has been deprecated, <this>"
    deprecated: str = ""

    def __init__(
        self,
        long: str,
        short: str = "",
        kind: str = "bool",
        default: Any = None,
        help: str = "",
        value_name: str = "",
        deprecated: str = "",
    ) -> None:
        # what object.__setattr__ (frozen) would store, without its calls (~100 flags made at import)
        own = self.__dict__
        own["long"] = long
        own["short"] = short
        own["kind"] = kind
        own["default"] = default
        own["help"] = help
        own["value_name"] = value_name
        own["deprecated"] = deprecated

    @property
    def dest(self) -> str:
        return self.long.replace("-", "_")

    def initial(self) -> Any:
        if self.kind == "list":
            return list(self.default or [])
        if self.kind == "bool":
            return bool(self.default)
        return self.default


@record
class Args:
    """Parsed flags (attribute access by dest) and positional arguments."""

    values: dict[str, Any]
    positional: list[str]
    changed: set[str] = field(default_factory=set)
    notices: list[str] = field(default_factory=list)  # pflag's deprecation lines (cobra prints them to stdout)

    def __init__(
        self,
        values: dict[str, Any],
        positional: list[str],
        changed: set[str] | None = None,
        notices: list[str] | None = None,
    ) -> None:
        # the flags as plain attributes too: a handler reads a dozen, and a miss through __getattr__ costs an
        # exception each. A flag named like a field does not hide the field: the fields are stored over it.
        # (One new dict, not a dozen inserts into the instance's: the attributes __post_init__ leaves.)
        own = dict(values)
        own["values"] = values
        own["positional"] = positional
        own["changed"] = set() if changed is None else changed
        own["notices"] = [] if notices is None else notices
        self.__dict__ = own

    def __post_init__(self) -> None:
        """What __init__ does after storing the fields (inlined there), as a dataclass's __init__ would call it:
        the flags as attributes, the fields put back over any flag named like one."""
        own = self.__dict__
        fields = dict(own)
        own.update(self.values)
        own.update(fields)

    def __getattr__(self, name: str) -> Any:
        try:
            return self.values[name]
        except KeyError as exc:
            raise AttributeError(name) from exc


# How many positional arguments a command takes, as cli/required.go words it.
@record(frozen=True)
class Arity:
    """How many positional arguments a command takes (cobra's Args validators)."""

    kind: str  # exact | min | max | range | none | any
    low: int = 0
    high: int = 0

    def __init__(self, kind: str, low: int = 0, high: int = 0) -> None:
        object.__setattr__(self, "kind", kind)
        object.__setattr__(self, "low", low)
        object.__setattr__(self, "high", high)


def exact(n: int) -> Arity:
    return Arity("exact", n, n)


def at_least(n: int) -> Arity:
    return Arity("min", n)


def at_most(n: int) -> Arity:
    return Arity("max", 0, n)


def between(low: int, high: int) -> Arity:
    return Arity("range", low, high)


NO_ARGS = Arity("none")
ANY_ARGS = Arity("any")


def _plural(n: int) -> str:
    return "argument" if n == 1 else "arguments"


@record
class Command:
    """A docker command spec: its path, ``Use`` line, flags, arity and handler."""

    path: str  # "docker image push"
    use: str  # "push [OPTIONS] NAME[:TAG]"
    short: str
    handler: Callable[..., Any]
    flags: list[Flag] = field(default_factory=list)
    arity: Arity = ANY_ARGS
    aliases: tuple[str, ...] = ()  # other full paths: ("docker push",)
    interspersed: bool = True  # False: flags stop at the first positional (docker run, docker exec)
    # docker/cli prints one alias line for all of a command's paths ("docker image push, docker push"),
    # while usage errors name the path typed; commands registered once per path set it.
    alias_line: str = ""
    # the command asks its [y/N] question before any call to the daemon (prune.go runPrune): it checks
    # the daemon itself, after the answer, instead of main checking first
    asks_first: bool = False
    long: str = ""  # cobra's Long: the usage template prints it instead of Short when set
    # what the simulator simplifies, printed after Docker's help as a "registry-tutor:" line (never
    # inside Docker's own flag texts)
    sim_note: str = ""

    def __init__(
        self,
        path: str,
        use: str,
        short: str,
        handler: Callable[..., Any],
        flags: list[Flag] | None = None,
        arity: Arity = ANY_ARGS,
        aliases: tuple[str, ...] = (),
        interspersed: bool = True,
        alias_line: str = "",
        asks_first: bool = False,
        long: str = "",
        sim_note: str = "",
    ) -> None:
        self.path = path
        self.use = use
        self.short = short
        self.handler = handler
        self.flags = [] if flags is None else flags
        self.arity = arity
        self.aliases = aliases
        self.interspersed = interspersed
        self.alias_line = alias_line
        self.asks_first = asks_first
        self.long = long
        self.sim_note = sim_note

    @property
    def use_line(self) -> str:
        parent = self.path.rsplit(" ", 1)[0]
        return f"{parent} {self.use}"

    def usage_error(self, message: str, code: int = 1, verb: str = "Run") -> SimError:
        return SimError(
            f"{message}\n\nUsage:  {self.use_line}\n\n{verb} '{self.path} --help' for more information", code
        )

    def check_arity(self, positional: list[str]) -> None:
        n, a = len(positional), self.arity
        if a.kind == "exact" and n != a.low:
            msg = f"docker: '{self.path}' requires {a.low} {_plural(a.low)}"
        elif a.kind == "min" and n < a.low:
            msg = f"docker: '{self.path}' requires at least {a.low} {_plural(a.low)}"
        elif a.kind == "max" and n > a.high:
            msg = f"docker: '{self.path}' requires at most {a.high} {_plural(a.high)}"
        elif a.kind == "range" and not a.low <= n <= a.high:
            msg = f"docker: '{self.path}' requires at least {a.low} and at most {a.high} {_plural(a.high)}"
        elif a.kind == "none" and n:
            msg = f"docker: '{self.path}' accepts no arguments"
        else:
            return
        # docker/cli cli/required.go: only RequiresMinArgs ends with "See '… --help'"; the others say "Run"
        raise self.usage_error(msg, verb="See" if a.kind == "min" and n < a.low else "Run")

    def help_text(self) -> list[str]:
        lines = [f"Usage:  {self.use_line}", "", *(self.long or self.short).split("\n")]
        if self.path.startswith("docker manifest "):  # manifest/cmd.go: experimentalCLI (cobra.go isExperimental)
            lines += ["", "EXPERIMENTAL:", *(f"  {line}" for line in experimental_note(self.path))]
        if self.aliases or self.alias_line:
            lines += ["", "Aliases:", "  " + (self.alias_line or ", ".join((self.path, *self.aliases)))]
        shown = [f for f in self.flags if not f.deprecated]
        if shown:
            lines += ["", "Options:"]
            rows = []
            for f in shown:
                names = (f"-{f.short}, " if f.short else "    ") + f"--{f.long}"
                if f.kind != "bool":
                    names += " " + (f.value_name or {"string": "string", "list": "list", "int": "int"}[f.kind])
                rows.append((names, f.help))
            width = max(len(r[0]) for r in rows)
            for names, text in rows:
                lines += f"  {names.ljust(width)}   {_pflag_wrap(width + 5, HELP_WIDTH - 1, text)}".split("\n")
        if self.sim_note:
            lines += ["", f"registry-tutor: {self.sim_note}"]
        return lines

    def parse(self, argv: list[str]) -> Args:
        """Parse argv as pflag would; raises FlagError with pflag's wording."""
        flags = self.flags
        entry = _TABLES.get(id(flags))  # (_flag_tables, its look-up inlined)
        if entry is None or entry[0] is not flags or entry[5] != len(flags):
            _flag_tables(flags)
            entry = _TABLES[id(flags)]
        values = dict(entry[3])
        for dest, default in entry[4]:  # a fresh list each parse: --tag a --tag b appends to it
            values[dest] = list(default) if default else []
        # Most argvs are positional words and lone letters (docker tag A B, docker push -q X, docker build -q
        # -t X DIR): what _parse_flags makes of them, in one loop without its method calls. Anything else
        # (a long flag, --, a cluster, -h, a deprecated or int flag, an unknown letter, a missing value) is
        # parsed again from the start by _parse_flags, which words its errors.
        letters = entry[6]
        changed: set[str] = set()
        positional: list[str] = []
        i, n = 0, len(argv)
        while i < n:
            arg = argv[i]
            i += 1
            if arg[:1] == "-" and len(arg) > 1:  # (a slice: cheaper than a str.startswith call)
                letter = letters.get(arg[1]) if len(arg) == 2 and arg != "-h" else None
                if letter is None:
                    return self._parse_flags(_FlagParse(flags, argv), argv)
                dest, kind = letter
                if kind == "bool":
                    changed.add(dest)
                    values[dest] = True
                    continue
                if i == n:
                    return self._parse_flags(_FlagParse(flags, argv), argv)
                changed.add(dest)
                if kind == "list":
                    values[dest].append(argv[i])
                else:
                    values[dest] = argv[i]
                i += 1
                continue
            positional.append(arg)
            if not self.interspersed:
                positional.extend(argv[i:])
                break
        return Args(values, positional, changed, [])

    def _parse_flags(self, state: _FlagParse, argv: list[str]) -> Args:
        """pflag's loop, the general way: flags anywhere (or up to the first positional), ``--`` ends them."""
        positional: list[str] = []
        while state.i < len(argv):
            arg = argv[state.i]
            state.i += 1
            if arg == "--":
                positional.extend(argv[state.i:])
                break
            if arg[:2] == "--" and len(arg) > 2:
                state.long_flag(arg)
                continue
            if arg[:1] == "-" and len(arg) > 1:
                state.short_flags(arg[1:])
                continue
            positional.append(arg)
            if not self.interspersed:
                positional.extend(argv[state.i:])
                break
        if state.help:  # cobra command.go execute: flag.ErrHelp once the whole parse succeeded
            raise HelpRequested(state.notices)
        return Args(state.values, positional, state.changed, state.notices)


def experimental_note(path: str) -> list[str]:
    """docker/cli cli/cobra.go usageTemplate: the EXPERIMENTAL block."""
    return [
        f"{path} is an experimental feature.",
        "Experimental features provide early access to product functionality. These",
        "features may change between releases without warning, or can be removed from a",
        "future release. Learn more about experimental features in our documentation:",
        "https://docs.docker.com/go/experimental/",
    ]


# docker/cli cli/cobra.go wrappedFlagUsages: FlagUsagesWrapped(width - 1), width 80 when not a terminal
HELP_WIDTH = 80


def _pflag_wrap_n(i: int, slop: int, s: str) -> tuple[str, str]:
    if i + slop > len(s):
        return s, ""
    w = max(s.rfind(c, 0, i) for c in " \t\n")
    if w <= 0:
        return s, ""
    nl = s.rfind("\n", 0, i)
    if 0 < nl < w:
        return s[:nl], s[nl + 1 :]
    return s[:w], s[w + 1 :]


def _pflag_wrap(i: int, w: int, s: str) -> str:
    """spf13/pflag flag.go wrap: fit a flag's usage between column i and width w (first line unindented)."""
    wrap, r = w - i, ""
    if wrap < 24:  # not enough room: the whole text goes on the next lines, indented 16
        i, wrap = 16, w - 16
        r = "\n" + " " * i
    if wrap < 24:
        return s.replace("\n", r)
    slop = 5
    wrap -= slop
    line, s = _pflag_wrap_n(wrap, slop, s)
    r += line.replace("\n", "\n" + " " * i)
    while s:
        line, s = _pflag_wrap_n(wrap, slop, s)
        r += "\n" + " " * i + line.replace("\n", "\n" + " " * i)
    return r


def _shown(flag: Flag) -> str:
    """How pflag names a flag in its errors: ``-t, --tag`` or ``--quiet``."""
    return f"-{flag.short}, --{flag.long}" if flag.short else f"--{flag.long}"


class _FlagParse:
    """One pflag parse in progress: the flag values so far and the position in argv."""

    def __init__(self, flags: list[Flag], argv: list[str]) -> None:
        entry = _TABLES.get(id(flags))  # (_flag_tables, its look-up inlined: every command with a flag is here)
        if entry is None or entry[0] is not flags or entry[5] != len(flags):
            _flag_tables(flags)
            entry = _TABLES[id(flags)]
        self.by_long, self.by_short = entry[1], entry[2]
        self.values = values = dict(entry[3])
        for dest, default in entry[4]:  # a fresh list each parse: --tag a --tag b appends to it
            values[dest] = list(default) if default else []
        self.changed: set[str] = set()
        self.notices: list[str] = []
        self.argv, self.i = argv, 0
        self.help = False  # the root's persistent --help: pflag sets it and parses on

    def _next_arg(self) -> str | None:
        if self.i < len(self.argv):
            self.i += 1
            return self.argv[self.i - 1]
        return None

    def long_flag(self, arg: str) -> None:
        if arg[2:3] in ("-", "="):  # pflag parseLongArg: InvalidSyntaxError
            raise FlagError(f"bad flag syntax: {arg}")
        name, eq, raw = arg[2:].partition("=")
        if name == "help":
            self.help = _help_value(raw) if eq else True
            return
        flag = self.by_long.get(name)
        if flag is None:
            raise FlagError(f"unknown flag: --{name}")
        if eq:
            self.assign(flag, raw)
        elif flag.kind == "bool":
            self.assign(flag, "true")
        elif (value := self._next_arg()) is not None:
            self.assign(flag, value)
        else:
            raise FlagError(f"flag needs an argument: --{name}")

    def short_flags(self, letters: str) -> None:
        """A cluster such as ``-qa`` or ``-tmyapp``: bool letters, then at most one flag taking the rest."""
        j = 0
        while j < len(letters):
            letter = letters[j]
            j += 1
            if letter == "h":  # cli/cobra.go: MarkShorthandDeprecated("help", "use --help")
                self.notices.append("Flag shorthand -h has been deprecated, use --help")
                self.help = _help_value(letters[j + 1:]) if letters[j:j + 1] == "=" else True
                if letters[j:j + 1] == "=":
                    return
                continue
            flag = self.by_short.get(letter)
            if flag is None:
                raise FlagError(f"unknown shorthand flag: '{letter}' in -{letters}")
            rest = letters[j:]
            if flag.kind == "bool":
                if rest.startswith("="):
                    self.assign(flag, rest[1:])
                    return
                self.assign(flag, "true")
                continue
            if rest:
                self.assign(flag, rest.removeprefix("="))
            elif (value := self._next_arg()) is not None:
                self.assign(flag, value)
            else:
                raise FlagError(f"flag needs an argument: '{letter}' in -{letters}")
            return

    def assign(self, flag: Flag, raw: str) -> None:
        dest = flag.dest
        self.changed.add(dest)
        if flag.deprecated:
            self.notices.append(f"Flag --{flag.long} has been deprecated, {flag.deprecated}")
        values = self.values
        kind = flag.kind
        if kind == "bool":
            if raw == "true":  # (what a bare -q or --quiet gives: strconv.ParseBool's true, without lower())
                values[dest] = True
                return
            if raw in GO_TRUE:  # strconv.ParseBool: these spellings only ("tRuE" is an error)
                values[dest] = True
            elif raw in GO_FALSE:
                values[dest] = False
            else:
                raise FlagError(
                    f'invalid argument "{raw}" for "{_shown(flag)}" flag: strconv.ParseBool: parsing "{raw}": '
                    "invalid syntax"
                )
        elif kind == "int":
            try:
                values[dest] = int(raw)
            except ValueError:
                raise FlagError(
                    f'invalid argument "{raw}" for "{_shown(flag)}" flag: strconv.ParseInt: parsing "{raw}": '
                    "invalid syntax"
                ) from None
        elif kind == "list":
            values[dest].append(raw)
        else:
            values[dest] = raw


_TABLES: dict[int, tuple] = {}  # id(flags) -> (flags, by_long, by_short, initial values, list flags, count, letters)


def _flag_tables(flags: list[Flag]) -> tuple[dict, dict, dict, list]:
    """A command's flag lookups and initial values, built once per flag list (not on every parse).

    Keyed by the list's identity, which the entry keeps alive; a list whose length changed since
    (nothing does that, but it would be cheap to miss) is built again."""
    entry = _TABLES.get(id(flags))
    if entry is None or entry[0] is not flags or entry[5] != len(flags):
        initial = {f.dest: None if f.kind == "list" else f.initial() for f in flags}  # flag order kept
        lists = [(f.dest, tuple(f.default or ())) for f in flags if f.kind == "list"]
        # Command.parse's lone letters: (dest, kind) of each short flag it assigns itself (not int, whose
        # value is converted, nor deprecated, which prints a notice: those go the general way)
        by_short = {f.short: f for f in flags if f.short}
        letters = {c: (f.dest, f.kind) for c, f in by_short.items() if f.kind != "int" and not f.deprecated}
        entry = (flags, {f.long: f for f in flags}, by_short, initial, lists, len(flags), letters)
        _TABLES[id(flags)] = entry
    return entry[1], entry[2], entry[3], entry[4]


GO_TRUE = frozenset(("1", "t", "T", "true", "TRUE", "True"))
GO_FALSE = frozenset(("0", "f", "F", "false", "FALSE", "False"))


def _help_value(raw: str) -> bool:
    """strconv.ParseBool for --help=VALUE; pflag names the flag "--help" (its shorthand is deprecated)."""
    if raw in GO_TRUE:
        return True
    if raw in GO_FALSE:
        return False
    raise FlagError(f'invalid argument "{raw}" for "--help" flag: strconv.ParseBool: parsing "{raw}": invalid syntax')


class HelpRequested(Exception):
    """``--help`` / ``-h`` was given: print the notices pflag printed (-h's deprecation), then the command's
    usage, and exit 0."""

    def __init__(self, notices: list[str] | None = None) -> None:
        super().__init__()
        self.notices = notices or []

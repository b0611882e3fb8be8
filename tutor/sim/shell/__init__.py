"""The simulated shell: runs a typed line against the simulated world.

Nothing typed is ever executed for real. ``Shell.run(line)`` parses the line
(``tokenize.parse``), runs each simple command by looking its name up in
``PROGRAMS`` and returns one ``Result`` for the whole line (``a && b || c ; d``),
with stdout/stderr lines in order, the exit status of the last command run and
every event. It never raises: a program's unexpected exception becomes a
one-line message on stderr and exit status 1.

A program in ``PROGRAMS`` is ``(ctx: ShellContext, argv: list[str]) -> Result``
where ``argv[0]`` is the program's own name, like ``sys.argv``. The lazily
imported ``tutor.sim.shell.docker.main`` and ``tutor.sim.shell.curl.main``
are called with the arguments AFTER the program name
(``docker push x`` -> ``main(ctx, ["push", "x"])``).
"""

from __future__ import annotations

import sys
from collections.abc import Callable

from tutor.sim import events as ev
from tutor.sim.errors import SimError
from tutor.sim.fs import FsError, basename
from tutor.sim.lazy import import_module  # not importlib's: its package is not loaded yet
from tutor.sim.records import record
from tutor.sim.result import STDERR, STDOUT, Result
from tutor.sim.shell import builtins, daemon_cmd
from tutor.sim.shell.tokenize import (
    GLOB_CHARS,
    NAME_RE,
    Command,
    Part,
    Step,
    Word,
    direct_tokens,
    expand_word,
    glob_paths,
    parse_shared,
)
from tutor.textsafe import visible

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing at start-up (tutor.sim.lazy)
if TYPE_CHECKING:
    from tutor.sim.world import World

__all__ = ["PROGRAMS", "Program", "Shell", "ShellContext"]


@record
class ShellContext:
    """What a program sees: the world, the shell running it, and its stdin (always None here)."""

    world: World
    shell: Shell
    stdin: str | None = None
    #: False when stdout goes into a file (``ls > files.txt`` lists one name a line)
    stdout_is_tty: bool = True
    #: a program sets this when its output does not end with a newline (``echo -n``)
    no_trailing_newline: bool = False
    #: the program's environment: exported variables plus the line's ``NAME=value`` prefixes
    env: dict[str, str] | None = None

    def __init__(
        self,
        world: World,
        shell: Shell,
        stdin: str | None = None,
        stdout_is_tty: bool = True,
        no_trailing_newline: bool = False,
        env: dict[str, str] | None = None,
    ) -> None:
        self.world = world
        self.shell = shell
        self.stdin = stdin
        self.stdout_is_tty = stdout_is_tty
        self.no_trailing_newline = no_trailing_newline
        self.env = env

    @property
    def machine(self):  # -> Machine
        return self.world.machine

    def resolve(self, path: str) -> str:
        """An absolute, normalised path for ``path`` typed in the current folder."""
        m = self.world.machine
        return m.fs.resolve(m.cwd, path, m.home)


Program = Callable[[ShellContext, list[str]], Result]


def _lazy(module: str, program: str) -> Program:
    """A program whose module is imported on first use (``docker``, ``curl``).

    Its ``main(ctx, args)`` receives the arguments after the program name.
    """

    def run(ctx: ShellContext, argv: list[str]) -> Result:
        # sys.modules first: import_module's own look-up costs more than most commands' parsing
        loaded = sys.modules.get(module) or import_module(module)
        return loaded.main(ctx, argv[1:])

    run.__name__ = program
    return run


PROGRAMS: dict[str, Program] = {
    **builtins.BUILTINS,
    "docker": _lazy("tutor.sim.shell.docker", "docker"),
    "curl": _lazy("tutor.sim.shell.curl", "curl"),
    "registry": _lazy("tutor.sim.shell.registry_cmd", "registry"),
    "systemctl": daemon_cmd.systemctl,
    "sudo": daemon_cmd.sudo,
}


# Compound-command words: a line using them is refused whole, not word by word.
SHELL_KEYWORDS = frozenset(
    {"for", "while", "until", "if", "then", "else", "elif", "fi", "do", "done", "case", "esac", "function",
     "select", "{", "}", "[[", "]]"}
)


# Bounded work per command. A line longer than MAX_LINE is refused before it is parsed, in the
# simulator's own words (real bash would take it: Linux's ARG_MAX is about 2 MB); variables expand to at most
# MAX_EXPANSION characters per command (the kernel's limit on one argument, MAX_ARG_STRLEN),
# so `X=$X$X` cannot double its way to gigabytes.
MAX_LINE = 16 * 1024
MAX_EXPANSION = 128 * 1024


class _ExpansionTooLong(Exception):
    """Variables in one command expanded past MAX_EXPANSION characters."""


def _one_line(text: str) -> str:
    return " ".join(str(text).split())[:300]


class Shell:
    """A bash-like session on ``world``'s current machine."""

    def __init__(self, world: World) -> None:
        self.world = world
        self.vars: dict[str, str] = {}
        self.exported: set[str] = set()  # names `export` marked: only these reach a program's environment
        self.oldpwd: str | None = None
        self.last_status = 0
        self.last_events: list[ev.Event] = []
        self.last_command: str | None = None  # the text of the previous command (for explain)
        self.last_exit = 0  # and how it ended: explain retells a failure from its error lines
        self.last_errors: list[str] = []
        self.exit_requested: int | None = None  # set by `exit`; the CLI ends the session
        self.columns = 80  # terminal width, for ls's columns
        self._expansion_left = MAX_EXPANSION

    # --- what the UI shows ------------------------------------------------

    @property
    def prompt(self) -> str:
        m = self.world.machine
        where = "" if m.name == "laptop" else f"{m.name}:"  # on another machine (after `ssh`), say which
        return visible(f"{where}{self.display_path(m.cwd)} $ ")  # a folder may be named with an ESC

    def display_path(self, path: str) -> str:
        home = self.world.machine.home.rstrip("/")
        if home and path == home:
            return "~"
        if home and path.startswith(home + "/"):
            return "~" + path[len(home) :]
        return path

    # --- variables --------------------------------------------------------

    def environment(self) -> dict[str, str]:
        m = self.world.machine
        env = {
            "HOME": m.home,
            "USER": basename(m.home) or "learner",
            "LOGNAME": basename(m.home) or "learner",
            "HOSTNAME": m.name,
            "SHELL": "/bin/bash",
            "PATH": "/usr/local/bin:/usr/bin:/bin",
        }
        env.update(self.vars)
        env["PWD"] = m.cwd
        if self.oldpwd:
            env["OLDPWD"] = self.oldpwd
        return env

    def variable(self, name: str) -> str:
        if name == "?":
            return str(self.last_status)
        if name == "0":
            return "bash"
        if name == "$":
            return "4242"
        if name == "#":
            return "0"
        # what environment() would give, without building it for every `~` and `$NAME`
        m = self.world.machine
        if name == "PWD":
            return m.cwd
        if name == "OLDPWD" and self.oldpwd:
            return self.oldpwd
        value = self.vars.get(name)
        if value is not None:
            return value
        if name == "HOME":
            return m.home
        return self.environment().get(name, "")

    def explain(self) -> Result:
        """What ``explain`` would print now, without recording a command (for the UI's ^e)."""
        try:
            result = builtins.explain(self._context(), ["explain"])
        except Exception as exc:  # noqa: BLE001
            result = _fail(_one_line(f"registry-tutor: explain: internal error: {exc}"), 1)
        result.output = [(stream, visible(text)) for stream, text in result.output]  # names may hold ESC
        return result

    # --- running ----------------------------------------------------------

    def run(self, line: str) -> Result:
        """Run a whole line; never raises. Control characters in the output are shown, not sent."""
        try:
            result = self._run(line)
        except Exception as exc:  # noqa: BLE001 - nothing may reach the learner as a traceback
            result = Result()
            result.err(_one_line(f"registry-tutor: internal error: {type(exc).__name__}: {exc}"))
            result.exit_code = 1
            self.last_status = 1
        # Files and names may hold ESC & co. (echo -e, saved worlds): a real terminal must never get them.
        # (a printable line has none of the controls visible() rewrites: it is kept as it is)
        output = result.output
        if len(output) == 1:  # one line (most commands): the comprehension below, without its frame
            line = output[0]
            result.output = [line] if line[1].isprintable() else [(line[0], visible(line[1]))]
            return result
        result.output = [
            (stream, text if text.isprintable() else visible(text)) for stream, text in output
        ] if output else []  # (a new list either way, as before)
        return result

    def _run(self, line: str) -> Result:
        text = line.rstrip("\r\n")
        if len(text) > MAX_LINE:
            # the simulator's own cap, said in its name: bash would run it (ARG_MAX is about 2 MB)
            res = Result()
            res.err(f"registry-tutor: this command line has {len(text)} characters; the simulator takes "
                    f"command lines of up to {MAX_LINE} (the command was not run)")
            res.exit_code = self.last_status = 1
            return res
        if text.strip():
            world = self.world  # (world.machine without its property call: every line comes here)
            world.machines[world.current].history.append(text)
        tokens = direct_tokens(text)
        if tokens:
            result = self._run_direct(tokens)
            if result is not None:
                return result
        try:
            steps = parse_shared(text)  # shared: read only
        except SimError as exc:
            res = Result()
            res.err(*str(exc).splitlines())
            res.exit_code = exc.exit_code
            self.last_status = exc.exit_code
            return res
        keyword = None
        for step in steps:
            words = step.command.words
            if words and words[0].raw in SHELL_KEYWORDS:
                keyword = words[0]
                break
        if keyword is not None:
            res = Result()
            res.err(
                f"registry-tutor: `{keyword.raw}` is bash syntax this simulator does not run "
                "(no loops, conditionals or functions); type each command on its own line."
            )
            res.exit_code = self.last_status = 2
            return res
        if len(steps) == 1:
            return self._run_one(steps[0])
        return self._run_steps(steps)

    def _run_direct(self, tokens: list[str]) -> Result | None:
        """A line of one command, its words plain or '...', with at most a final ``> file`` or ``>> file``
        (most typed lines): run from its raw tokens, without building Words, what parse and
        ``_run_one`` would make of it. None, having changed nothing, for any line that needs the general
        way (a keyword, an assignment, another layout of ``>``, a $HOME too long for the budget)."""
        first = tokens[0]
        if first in SHELL_KEYWORDS or "=" in first:
            return None
        target = None
        if ">" in tokens or ">>" in tokens:
            # one operator, next to last (a token starting with > is one of the two operators)
            if tokens.count(">") + tokens.count(">>") != 1 or len(tokens) < 3 or tokens[-2][0] != ">":
                return None
            target = tokens[-1]
            words = tokens[:-2]
        else:
            words = tokens
        text = " ".join(words)
        home = None
        tildes = 0
        if "'" not in text and "~" not in text:  # every word plain (most docker lines): argv is the words
            argv = words[:]
        else:
            argv = []
            for token in words:
                c = token[0]
                if c == "'":
                    argv.append(token[1:-1])
                elif c == "~" and (len(token) == 1 or token[1] == "/"):
                    if home is None:  # self.variable("HOME"), without its checks for the special names
                        home = self.vars.get("HOME")
                        if home is None:
                            world = self.world
                            home = world.machines[world.current].home
                    tildes += 1
                    argv.append(home + token[1:])
                else:
                    argv.append(token)
        if target is None:
            if home is not None and len(home) * tildes > MAX_EXPANSION:
                return None  # the general way words the error
            result = self._run_unredirected(argv, (), text)
            self.last_status = result.exit_code
            return result
        c = target[0]
        if c == "'":
            name = target[1:-1]
        elif c == "~" and (len(target) == 1 or target[1] == "/"):
            if home is None:
                home = self.vars.get("HOME")
                if home is None:
                    world = self.world
                    home = world.machines[world.current].home
            tildes += 1
            name = home + target[1:]
        else:
            name = target
        if home is not None and len(home) * tildes > MAX_EXPANSION:
            return None
        result = self._run_to_file(argv, name, tokens[-2] == ">>", text)
        self.last_status = result.exit_code
        return result

    def _run_to_file(self, argv: list[str], name: str, append: bool, text: str) -> Result:
        """``_run_redirected`` for one ``> name`` or ``>> name`` (stdout into a file, stderr on the screen),
        the name already expanded: the same file opened, output routed and events in the same order."""
        world = self.world
        machine = world.machines[world.current]  # (world.machine, without its property call)
        fs = machine.fs
        exported = self.exported
        env = {key: value for key, value in self.vars.items() if key in exported} if exported else {}
        ctx = ShellContext(world, self, None, False, False, env)  # stdout goes into the file
        try:
            path = builtins.lookup_path(ctx, name) if name else ""  # (it reads ctx.world only)
            if not name:
                raise FsError("ENOENT", name)
            if fs.is_dir(path):
                raise FsError("EISDIR", path)
            if not append or not fs.is_file(path):
                fs.write(path, "", mtime=int(getattr(world, "clock", 0) or 0))  # (self._clock(), inline)
        except FsError as exc:
            return self._finish(text, _fail(f"bash: {name}: {exc.strerror}", 1))
        result = self._call(ctx, argv)
        output = result.output
        if len(output) == 1 and output[0][0] == STDOUT:  # one line into the file (echo): the loop's answer
            written, shown = [output[0][1]], []
        else:
            written = []
            shown = []
            for stream, line in output:
                if stream == STDOUT:
                    written.append(line)
                else:  # stderr stays on the screen, and so (routes.get's default) does any other stream
                    shown.append((STDERR if stream == STDERR else STDOUT, line))
        r = Result(shown, result.exit_code, list(result.events), result.clear)
        if written:
            chunk = "\n".join(written) + ("" if ctx.no_trailing_newline else "\n")
            fs.append(path, chunk, mtime=int(getattr(self.world, "clock", 0) or 0))  # (as a program left it)
        r.events.append(ev.FileWritten(machine.name, path))
        if argv[0] == "explain":
            return r
        return self._finish(text, r)

    def _run_one(self, step: Step) -> Result:
        """A line of one command (most lines): its own Result is the line's (what ``_run_steps`` would
        copy it into: the first step has no operator, and a cleared screen shows only its output)."""
        r = self._run_command(step.command)
        self.last_status = r.exit_code
        return r

    def _run_steps(self, steps: tuple[Step, ...]) -> Result:
        """Commands joined by ``&&``, ``||`` and ``;``: one Result for the line."""
        res = Result()
        status = self.last_status
        for step in steps:
            if step.op == "&&" and status != 0:
                continue
            if step.op == "||" and status == 0:
                continue
            r = self._run_command(step.command)
            if r.clear:
                res.output.clear()
                res.clear = True
            res.output.extend(r.output)
            res.events.extend(r.events)
            res.exit_code = status = self.last_status = r.exit_code
            if self.exit_requested is not None:
                break
        return res

    def _expand(self, word: Word) -> list[str]:
        m = self.world.machine
        return expand_word(word, self._budgeted, lambda pattern: glob_paths(pattern, m.cwd, m.fs))

    def _budgeted(self, name: str) -> str:
        """A variable's value, counted against this command's MAX_EXPANSION."""
        value = self.variable(name)
        self._expansion_left -= len(value)
        if self._expansion_left < 0:
            raise _ExpansionTooLong(name)
        return value

    def _run_command(self, cmd: Command) -> Result:
        words = list(cmd.words)
        assignments: list[tuple[str, Word]] = []
        while words and (assignment := _assignment(words[0])) is not None:
            assignments.append(assignment)
            words.pop(0)
        text = " ".join([w.raw for w in cmd.words])
        self._expansion_left = MAX_EXPANSION
        try:
            return self._run_expanding(cmd, words, assignments, text)
        except _ExpansionTooLong as exc:
            return self._finish(
                text,
                _fail(f"registry-tutor: ${exc} expands to more than {MAX_EXPANSION // 1024} KiB in one command; "
                      "the simulator stops there (the command was not run)", 1),
            )

    def _run_expanding(self, cmd: Command, words: list[Word], assignments: list, text: str) -> Result:
        argv: list[str] = []
        for word in words:
            part = word.parts[0] if len(word.parts) == 1 else None
            if part is not None and part.kind == "lit" and (part.quoted or GLOB_CHARS.isdisjoint(part.text)):
                argv.append(part.text)  # expand_word's first shortcut, without the two calls to reach it
            else:
                argv.extend(self._expand(word))
        if not cmd.redirects and argv:
            return self._run_unredirected(argv, assignments, text)
        return self._run_redirected(cmd, argv, assignments, text)

    def _run_redirected(self, cmd: Command, argv: list[str], assignments: list, text: str) -> Result:
        # open the redirections first, as bash does (a failing one stops the command)
        r = Result()
        routes: dict[int, object] = {1: STDOUT, 2: STDERR}
        files: dict[str, list[str]] = {}  # path -> lines written to it, in order
        opened: list[str] = []
        ends_open: dict[str, bool] = {}
        machine = self.world.machine
        for red in cmd.redirects:
            if red.dup is not None:
                routes[red.fd] = routes.get(red.dup, STDOUT if red.dup == 1 else STDERR)
                continue
            assert red.target is not None
            fields = self._expand(red.target)
            if len(fields) != 1:
                return self._finish(text, _fail(f"bash: {red.target.raw}: ambiguous redirect", 1))
            name = fields[0]
            try:
                path = builtins.lookup_path(self._context(), name) if name else ""
                if not name:
                    raise FsError("ENOENT", name)
                if machine.fs.is_dir(path):
                    raise FsError("EISDIR", path)
                if not red.append or not machine.fs.is_file(path):
                    machine.fs.write(path, "", mtime=self._clock())
            except FsError as exc:
                return self._finish(text, _fail(f"bash: {name}: {exc.strerror}", 1))
            if path not in files:
                files[path] = []
                opened.append(path)
            target = ("file", path)
            if red.fd == -1:
                routes[1] = routes[2] = target
            else:
                routes[red.fd] = target

        ctx = self._context()
        ctx.stdout_is_tty = routes[1] == STDOUT
        if not argv:
            if assignments:
                for name, value_word in assignments:
                    self.vars[name] = "".join(self._expand_assignment(value_word))
            result = Result()
        else:
            env = {name: value for name, value in self.vars.items() if name in self.exported}
            env.update((name, "".join(self._expand_assignment(w))) for name, w in assignments)
            ctx.env = env
            result = self._call(ctx, argv)

        # route the output through the redirections
        for stream, line in result.output:
            route = routes.get(stream, STDOUT)
            if isinstance(route, tuple):
                files[route[1]].append(line)
                ends_open[route[1]] = stream == STDOUT and ctx.no_trailing_newline
            else:
                r.output.append((route, line))  # type: ignore[arg-type]
        r.events.extend(result.events)
        r.exit_code = result.exit_code
        r.clear = result.clear
        for path in opened:
            lines = files[path]
            if lines:
                chunk = "\n".join(lines) + ("" if ends_open.get(path) else "\n")
                machine.fs.append(path, chunk, mtime=self._clock())
            r.events.append(ev.FileWritten(machine.name, path))
        if argv and argv[0] == "explain":
            return r
        return self._finish(text, r)

    def _run_unredirected(self, argv: list[str], assignments: list, text: str) -> Result:
        """``_run_expanding`` for a program run without redirections (most commands): nothing to open,
        and its output stays where it was written, so its own Result is returned rather than copied."""
        exported = self.exported
        env = {name: value for name, value in self.vars.items() if name in exported} if exported else {}
        if assignments:
            env.update((name, "".join(self._expand_assignment(w))) for name, w in assignments)
        ctx = ShellContext(self.world, self, None, True, False, env)
        result = self._call(ctx, argv)
        output = result.output
        for stream, _ in output:
            if stream != STDOUT and stream != STDERR:  # (never written today) goes to stdout, as routes.get says
                result.output = [(STDERR if s == STDERR else STDOUT, line) for s, line in output]
                break
        if argv[0] == "explain":
            return result
        return self._finish(text, result)

    def _finish(self, text: str, r: Result) -> Result:
        self.last_command = text
        self.last_events = [*r.events]
        self.last_exit = r.exit_code
        output = r.output  # r.stderr, without a property call and a list comprehension for no output
        if len(output) == 1:  # one line (docker push -q): the comprehension's answer, without its frame
            line = output[0]
            self.last_errors = [line[1]] if line[0] == STDERR else []
        else:
            self.last_errors = [line for stream, line in output if stream == STDERR] if output else []
        return r

    def _expand_assignment(self, word: Word) -> list[str]:
        # the value of NAME=value is not split or globbed
        parts = tuple(Part(p.kind, p.text, True) if p.kind == "var" else p for p in word.parts)
        return expand_word(Word(parts, word.raw), self._budgeted)

    def _context(self) -> ShellContext:
        return ShellContext(world=self.world, shell=self)

    def _clock(self) -> int:
        return int(getattr(self.world, "clock", 0) or 0)

    def _call(self, ctx: ShellContext, argv: list[str]) -> Result:
        name = argv[0]
        program = PROGRAMS.get(name)
        if program is None:
            if "/" in name:
                program = builtins.run_path
            elif name in builtins.OUT_OF_SCOPE:
                program = builtins.out_of_scope
            else:
                program = builtins.command_not_found
        try:
            result = program(ctx, argv)
        except Exception as exc:  # noqa: BLE001 - a program's bug must not reach the learner
            result = _program_failed(name, exc)
        if not isinstance(result, Result):
            result = _fail(f"registry-tutor: {name}: internal error: no result", 1)
        return result


def _program_failed(name: str, exc: Exception) -> Result:
    """What a program that raised shows: a SimError's own message and status, else an internal error."""
    if isinstance(exc, SimError):
        return _fail(str(exc), exc.exit_code)
    if isinstance(exc, RecursionError):
        return _fail(f"registry-tutor: {name}: internal error: too deeply nested", 1)
    return _fail(_one_line(f"registry-tutor: {name}: internal error: {type(exc).__name__}: {exc}"), 1)


def _fail(message: str, code: int) -> Result:
    r = Result()
    r.err(*message.splitlines() or [""])
    r.exit_code = code
    return r


def _assignment(word: Word) -> tuple[str, Word] | None:
    """``NAME=value`` (the name part unquoted) -> (NAME, the value as a word)."""
    if not word.parts:
        return None
    first = word.parts[0]
    if first.kind != "lit" or first.quoted or "=" not in first.text:
        return None
    name, _, rest = first.text.partition("=")
    if not NAME_RE.fullmatch(name):
        return None
    parts = ((Part("lit", rest, False),) if rest else ()) + word.parts[1:]
    return name, Word(parts, word.raw[len(name) + 1 :])

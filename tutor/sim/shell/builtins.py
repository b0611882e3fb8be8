"""The shell commands the simulator offers besides ``docker`` and ``curl``.

Every program has the signature ``(ctx, argv) -> Result`` where ``argv[0]`` is
the program's own name (like ``sys.argv``). They only touch the simulated
file system of ``ctx.world.machine``; their wording follows bash and GNU
coreutils (``ls: cannot access 'x': No such file or directory``). Options the
simulator does not offer are refused with a sentence saying so, never with a
made-up "invalid option".
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable

from tutor.sim import events as ev
from tutor.sim.fs import FsError, basename, normalize
from tutor.sim.lazy import LazyModule
from tutor.sim.result import STDOUT, Result
from tutor.sim.shell.tokenize import NAME_RE

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing at start-up (tutor.sim.lazy)
if TYPE_CHECKING:
    from tutor.sim.shell import ShellContext

Program = Callable[["ShellContext", list[str]], Result]

datetime = LazyModule("datetime")  # `ls -l` dates only: not loaded at start-up


def _fail(result: Result, code: int, *lines: str) -> Result:
    result.err(*lines)
    result.exit_code = code
    return result


def _not_simulated_option(prog: str, option: str, supported: str) -> Result:
    return _fail(
        Result(),
        2,
        f"registry-tutor: `{prog} {option}` is not simulated (this {prog} understands {supported})",
    )


def lookup_path(ctx: ShellContext, path: str) -> str:
    """Resolve a typed path like the kernel does: every folder before a ``..`` must exist.

    Raises FsError (ENOENT / ENOTDIR) naming the absolute path; ``~`` is not expanded
    here (the tokeniser already expanded the unquoted ones).
    """
    world = ctx.world
    machine = world.machines[world.current]  # (world.machine, without its property call)
    fs = machine.fs
    absolute = path[:1] == "/"
    current = "/" if absolute else machine.cwd
    parts = path.split("/")
    if ".." not in parts:  # nothing to check on the way: the loop below would only join the parts
        # (an absolute path as it is: "/" + "/" + path normalises the same, but never as already normal)
        current = normalize(path if absolute else current + "/" + path)
        parts = []
    for part in parts:
        if part in ("", "."):
            continue
        if part == "..":
            if not fs.is_dir(current):
                raise FsError("ENOTDIR" if fs.is_file(current) else "ENOENT", current)
            current = normalize(current + "/..")
            continue
        current = normalize(current + "/" + part)
    if path.endswith("/") and fs.is_file(current):
        raise FsError("ENOTDIR", current)
    return current


def _clock(ctx: ShellContext) -> int:
    return int(getattr(ctx.world, "clock", 0) or 0)


# --- cd, pwd -------------------------------------------------------------


def cd(ctx: ShellContext, argv: list[str]) -> Result:
    r = Result()
    args = argv[1:]
    while args and args[0] in ("-L", "-P", "-e", "-@"):
        args = args[1:]
    if args and args[0] == "--":
        args = args[1:]
    if len(args) > 1:
        return _fail(r, 1, "bash: cd: too many arguments")
    shell = ctx.shell
    machine = ctx.world.machine
    if not args:
        target = shell.variable("HOME")
        if not target:
            return _fail(r, 1, "bash: cd: HOME not set")
        shown = target
    elif args[0] == "-":
        if not shell.oldpwd:
            return _fail(r, 1, "bash: cd: OLDPWD not set")
        target = shown = shell.oldpwd
    else:
        target = shown = args[0]
        if target == "":
            return r
    try:
        path = lookup_path(ctx, target)
        if not machine.fs.is_dir(path):  # (a folder lists without error: only the others need listdir)
            machine.fs.listdir(path)  # raises ENOENT / ENOTDIR the way chdir would
    except FsError as exc:
        return _fail(r, 1, f"bash: cd: {shown}: {exc.strerror}")
    old = machine.cwd
    machine.cwd = path
    shell.oldpwd = old
    if args and args[0] == "-":
        r.out(path)
    if path != old:
        r.events.append(ev.DirectoryChanged(machine.name, path))
    return r


def pwd(ctx: ShellContext, argv: list[str]) -> Result:
    r = Result()
    for arg in argv[1:]:
        if arg not in ("-L", "-P"):
            if arg.startswith("-"):
                return _fail(r, 2, f"bash: pwd: {arg[:2]}: invalid option", "pwd: usage: pwd [-LP]")
            break  # bash ignores extra operands
    r.out(ctx.world.machine.cwd)
    return r


# --- ls ------------------------------------------------------------------

_SHELL_SAFE = set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-+.,:/@%=^")


def _quote_name(name: str) -> str:
    """GNU ls's default quoting on a terminal (shell-escape): 'my file'."""
    if name and all(ch in _SHELL_SAFE or ord(ch) > 127 for ch in name) and not name.startswith(("~", "#")):
        return name
    if "'" not in name:
        return f"'{name}'"
    return '"' + name.replace("\\", "\\\\").replace('"', '\\"').replace("$", "\\$").replace("`", "\\`") + '"'


def _sort_key(name: str) -> tuple[str, str, str]:
    """Roughly en_US.UTF-8 collation, as a learner's ls sorts: punctuation and case matter last."""
    base = "".join(ch for ch in name.casefold() if ch.isalnum())
    return (base, name.casefold(), name.swapcase())


def _columns(names: list[str], width: int) -> list[str]:
    """GNU ls -C: fill columns top to bottom, as many columns as fit in ``width``."""
    n = len(names)
    if n == 0:
        return []
    lengths = [len(x) for x in names]
    max_cols = max(1, min(n, width // 3))
    best_cols, best_widths = 1, [max(lengths)]
    for cols in range(max_cols, 0, -1):
        rows = (n + cols - 1) // cols
        widths = [0] * cols
        for i, length in enumerate(lengths):
            col = i // rows
            widths[col] = max(widths[col], length + (0 if col == cols - 1 else 2))
        if sum(widths) < width or cols == 1:
            best_cols, best_widths = cols, widths
            break
    rows = (n + best_cols - 1) // best_cols
    lines = []
    for row in range(rows):
        parts = []
        idx = row
        col = 0
        while idx < n:
            nxt = idx + rows
            parts.append(names[idx] if nxt >= n else names[idx].ljust(best_widths[col]))
            idx = nxt
            col += 1
        lines.append("".join(parts))
    return lines


def _human(size: int) -> str:
    if size < 1024:
        return str(size)
    value = float(size)
    for unit in "KMGTP":
        value /= 1024
        if value < 1024 or unit == "P":
            if value < 10:
                return f"{math.ceil(value * 10) / 10:.1f}{unit}"
            return f"{math.ceil(value)}{unit}"
    return str(size)  # pragma: no cover


def _date(clock: int, now: int) -> str:
    when = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC) + datetime.timedelta(seconds=clock)  # EPOCH
    if abs(now - clock) <= 182 * 24 * 3600:
        return f"{when:%b} {when.day:2d} {when:%H:%M}"
    return f"{when:%b} {when.day:2d}  {when.year}"


LS_HELP = (
    "Usage: ls [OPTION]... [FILE]...",
    "(simulated) List folders and files of the simulated machine.",
    "  -a, --all   show names starting with .     -A  like -a without . and ..",
    "  -l          long listing                   -h  sizes like 4.0K (with -l)",
    "  -1          one name a line                -d  list folders themselves",
)
LS_LONG_OPTIONS = {"--all": "a", "--almost-all": "A", "--human-readable": "h", "--directory": "d"}


def ls(ctx: ShellContext, argv: list[str]) -> Result:
    parsed = _ls_options(argv)
    if isinstance(parsed, Result):
        return parsed
    flags, operands = parsed
    r = Result()
    listing = _Listing(ctx, flags, r)
    file_ops, dir_ops, status = _ls_sort_operands(ctx, operands or ["."], flags, r)
    if file_ops:
        listing.emit(file_ops)
    headers = len(operands) > 1
    for i, (op, path) in enumerate(dir_ops):
        if file_ops or i:
            r.out("")
        if headers:
            r.out(f"{op}:")
        listing.folder(path)
    r.exit_code = status
    return r


def _ls_options(argv: list[str]) -> tuple[set[str], list[str]] | Result:
    """ls's flags (one letter each) and operands, or the Result that ends it (--help, an unknown option)."""
    flags: set[str] = set()
    operands: list[str] = []
    only_operands = False
    for arg in argv[1:]:
        if only_operands or arg == "-" or not arg.startswith("-"):
            operands.append(arg)
        elif arg == "--":
            only_operands = True
        elif arg.startswith("--"):
            if arg == "--help":
                r = Result()
                r.out(*LS_HELP)
                return r
            if arg not in LS_LONG_OPTIONS:
                return _not_simulated_option("ls", arg, "-l, -a, -A, -1, -h and -d")
            flags.add(LS_LONG_OPTIONS[arg])
        else:
            for ch in arg[1:]:
                if ch not in "laA1hd":
                    return _not_simulated_option("ls", f"-{ch}", "-l, -a, -A, -1, -h and -d")
                flags.add(ch)
    return flags, operands


def _ls_sort_operands(ctx: ShellContext, operands: list[str], flags: set[str], r: Result):
    """Operands split into files and folders (as typed, absolute), sorted; missing ones reported.
    -> (files, folders, exit status)"""
    fs = ctx.world.machine.fs
    status = 0
    file_ops: list[tuple[str, str]] = []
    dir_ops: list[tuple[str, str]] = []
    for op in operands:
        try:
            path = lookup_path(ctx, op)
            if not fs.exists(path):
                fs.read(path)  # raises the right error (ENOENT / ENOTDIR)
        except FsError as exc:
            r.err(f"ls: cannot access '{op}': {exc.strerror}")
            status = 2
            continue
        if fs.is_dir(path) and "d" not in flags:
            dir_ops.append((op, path))
        else:
            file_ops.append((op, path))
    file_ops.sort(key=lambda e: _sort_key(e[0]))
    dir_ops.sort(key=lambda e: _sort_key(e[0]))
    return file_ops, dir_ops, status


class _Listing:
    """Writes ls's entries into ``r``: columns at a terminal, one a line into a pipe, or long lines (-l)."""

    def __init__(self, ctx: ShellContext, flags: set[str], r: Result) -> None:
        self.flags, self.r = flags, r
        self.tty = ctx.stdout_is_tty
        self.width = int(getattr(ctx.shell, "columns", 80) or 80)
        self.fs = ctx.world.machine.fs
        self.now = _clock(ctx)
        self.user = basename(ctx.world.machine.home) or "learner"

    def folder(self, path: str) -> None:
        fs, flags = self.fs, self.flags
        names = fs.listdir(path)
        if not flags & {"a", "A"}:
            names = [n for n in names if not n.startswith(".")]
        entries = [(n, normalize(path + "/" + n)) for n in sorted(names, key=_sort_key)]
        if "a" in flags:
            entries = [(".", path), ("..", normalize(path + "/.."))] + entries
        if "l" in flags:
            blocks = sum(_blocks(fs, p) for _, p in entries)
            self.r.out(f"total {_human(blocks * 1024) if 'h' in flags else blocks}")
        if entries:
            self.emit(entries)

    def _links(self, path: str) -> int:
        fs = self.fs
        if fs.is_dir(path):
            return 2 + sum(1 for name in fs.listdir(path) if fs.is_dir(normalize(path + "/" + name)))
        return 1

    def _size_text(self, path: str) -> str:
        size = self.fs.size(path)
        return _human(size) if "h" in self.flags else str(size)

    def long_line(self, shown: str, path: str, widths: tuple[int, int]) -> str:
        mode = "drwxr-xr-x" if self.fs.is_dir(path) else "-rw-r--r--"
        return (
            f"{mode} {str(self._links(path)).rjust(widths[0])} {self.user} {self.user} "
            f"{self._size_text(path).rjust(widths[1])} {_date(self.fs.mtime(path), self.now)} {shown}"
        )

    def emit(self, entries: list[tuple[str, str]]) -> None:
        shown = [name for name, _ in entries]
        if self.tty:
            quoted = [_quote_name(name) for name in shown]
            if any(q != name for q, name in zip(quoted, shown, strict=True)):
                quoted = [q if q != name else " " + name for q, name in zip(quoted, shown, strict=True)]
            shown = quoted
        if "l" in self.flags:
            links_w = max([1] + [len(str(self._links(path))) for _, path in entries])
            size_w = max([1] + [len(self._size_text(path)) for _, path in entries])
            for name, (_, path) in zip(shown, entries, strict=True):
                self.r.out(self.long_line(name, path, (links_w, size_w)))
        elif "1" in self.flags or not self.tty:
            self.r.out(*shown)
        else:
            self.r.out(*_columns(shown, self.width))


def _blocks(fs, path: str) -> int:
    """1K blocks used, as ext4 counts them (4K per block)."""
    if fs.is_dir(path):
        return 4
    size = fs.size(path)
    return 4 * math.ceil(size / 4096)


# --- cat, echo -----------------------------------------------------------


def cat(ctx: ShellContext, argv: list[str]) -> Result:
    r = Result()
    number = False
    files: list[str] = []
    only_operands = False
    for arg in argv[1:]:
        if only_operands or arg == "-" or not arg.startswith("-"):
            files.append(arg)
        elif arg == "--":
            only_operands = True
        elif arg in ("-n", "--number"):
            number = True
        else:
            return _not_simulated_option("cat", arg, "file names and -n")
    if not files or "-" in files:
        return _fail(
            r,
            1,
            "registry-tutor: cat without a file name would wait for keyboard input; "
            "the simulator has none. Give a file name: cat Dockerfile",
        )
    fs = ctx.world.machine.fs
    pending = ""
    lineno = 0
    status = 0

    def put(line: str) -> None:
        nonlocal lineno
        if number:
            lineno += 1
            line = f"{lineno:6d}\t{line}"
        r.out(line)

    for name in files:
        try:
            text = fs.read(lookup_path(ctx, name))
        except FsError as exc:
            if pending:
                put(pending)
                pending = ""
            r.err(f"cat: {name}: {exc.strerror}")
            status = 1
            continue
        text = pending + text
        lines = text.split("\n")
        pending = lines.pop()
        for line in lines:
            put(line)
    if pending:
        put(pending)
        ctx.no_trailing_newline = True
    r.exit_code = status
    return r


_ECHO_ESCAPES = {
    "a": "\a",
    "b": "\b",
    "e": "\x1b",
    "E": "\x1b",
    "f": "\f",
    "n": "\n",
    "r": "\r",
    "t": "\t",
    "v": "\v",
    "\\": "\\",
}


_ECHO_HEX_DIGITS = {"x": 2, "u": 4, "U": 8}  # bash lib/sh/strtrans.c ansicstr: \xHH, \uHHHH, \UHHHHHHHH


def _echo_hex(text: str, i: int) -> tuple[str, int]:
    """The character of the ``\\x``/``\\u``/``\\U`` escape at text[i] and the index after it. Without a
    hex digit the escape stays as typed; a code point UTF-8 cannot hold is printed back as an escape
    (bash u32cconv falls back to u32tocesc)."""
    kind = text[i + 1]
    j = i + 2
    while j < len(text) and j - i - 2 < _ECHO_HEX_DIGITS[kind] and text[j] in "0123456789abcdefABCDEF":
        j += 1
    if j == i + 2:
        return "\\" + kind, j
    value = int(text[i + 2 : j], 16)
    if kind != "x" and (value > 0x10FFFF or 0xD800 <= value <= 0xDFFF):
        return (f"\\u{value:04X}" if value <= 0xFFFF else f"\\U{value:08X}"), j
    return chr(value), j


def _echo_escapes(text: str) -> tuple[str, bool]:
    """Interpret ``echo -e`` escapes; the bool is False when ``\\c`` stopped the output."""
    out: list[str] = []
    i = 0
    while i < len(text):
        ch = text[i]
        if ch != "\\" or i + 1 >= len(text):
            out.append(ch)
            i += 1
            continue
        nxt = text[i + 1]
        if nxt == "c":
            return "".join(out), False
        if nxt in _ECHO_ESCAPES:
            out.append(_ECHO_ESCAPES[nxt])
            i += 2
        elif nxt == "0":
            digits = ""
            j = i + 2
            while j < len(text) and len(digits) < 3 and text[j] in "01234567":
                digits += text[j]
                j += 1
            out.append(chr(int(digits or "0", 8)))
            i = j
        elif nxt in _ECHO_HEX_DIGITS:
            char, i = _echo_hex(text, i)
            out.append(char)
        else:
            out.append("\\" + nxt)
            i += 2
    return "".join(out), True


def echo(ctx: ShellContext, argv: list[str]) -> Result:
    r = Result()
    args = argv[1:]
    newline = True
    escapes = False
    while args and len(args[0]) > 1 and args[0][0] == "-" and all(ch in "neE" for ch in args[0][1:]):
        for ch in args[0][1:]:
            if ch == "n":
                newline = False
            elif ch == "e":
                escapes = True
            else:
                escapes = False
        args = args[1:]
    text = " ".join(args)
    if escapes:
        text, go_on = _echo_escapes(text)
        newline = newline and go_on
    if newline and "\n" not in text:  # one line (most echoes): what the split below would give
        r.output.append((STDOUT, text))
        return r
    if newline:
        text += "\n"
    if not text:
        return r
    lines = text.split("\n")
    if text.endswith("\n"):
        lines.pop()
    else:
        ctx.no_trailing_newline = True
    r.out(*lines)
    return r


# --- mkdir, touch, rm, rmdir ---------------------------------------------


def _split_flags(
    argv: list[str], allowed: str, prog: str, long_map: dict[str, str]
) -> tuple[set[str], list[str]]:
    flags: set[str] = set()
    operands: list[str] = []
    only = False
    for arg in argv[1:]:
        if only or arg == "-" or not arg.startswith("-"):
            operands.append(arg)
        elif arg == "--":
            only = True
        elif arg.startswith("--"):
            if arg not in long_map:
                raise _OptionRefused(prog, arg, allowed)
            flags.add(long_map[arg])
        else:
            for ch in arg[1:]:
                if ch not in allowed:
                    raise _OptionRefused(prog, f"-{ch}", allowed)
                flags.add(ch)
    return flags, operands


class _OptionRefused(Exception):
    def __init__(self, prog: str, option: str, allowed: str) -> None:
        super().__init__(option)
        self.result = _not_simulated_option(prog, option, ", ".join(f"-{c}" for c in allowed) or "no options")


def mkdir(ctx: ShellContext, argv: list[str]) -> Result:
    r = Result()
    try:
        flags, operands = _split_flags(argv, "pv", "mkdir", {"--parents": "p", "--verbose": "v"})
    except _OptionRefused as exc:
        return exc.result
    if not operands:
        return _fail(r, 1, "mkdir: missing operand", "Try 'mkdir --help' for more information.")
    machine = ctx.world.machine
    for op in operands:
        try:
            path = lookup_path(ctx, op)
            existed = machine.fs.exists(path)
            if "p" in flags and machine.fs.is_dir(path):
                continue
            machine.fs.mkdir(path, parents="p" in flags, mtime=_clock(ctx))
        except FsError as exc:
            r.err(f"mkdir: cannot create directory ‘{op}’: {exc.strerror}")
            r.exit_code = 1
            continue
        if "v" in flags and not existed:
            r.out(f"mkdir: created directory '{op}'")
    return r


def touch(ctx: ShellContext, argv: list[str]) -> Result:
    r = Result()
    try:
        _, operands = _split_flags(argv, "", "touch", {})
    except _OptionRefused as exc:
        return exc.result
    if not operands:
        return _fail(r, 1, "touch: missing file operand", "Try 'touch --help' for more information.")
    machine = ctx.world.machine
    for op in operands:
        try:
            path = lookup_path(ctx, op)
            created = not machine.fs.exists(path)
            machine.fs.touch(path, mtime=_clock(ctx))
        except FsError as exc:
            r.err(f"touch: cannot touch '{op}': {exc.strerror}")
            r.exit_code = 1
            continue
        if created:
            r.events.append(ev.FileWritten(machine.name, path))
    return r


def rm(ctx: ShellContext, argv: list[str]) -> Result:
    r = Result()
    try:
        flags, operands = _split_flags(
            argv, "rRfv", "rm", {"--recursive": "r", "--force": "f", "--verbose": "v"}
        )
    except _OptionRefused as exc:
        return exc.result
    recursive = bool(flags & {"r", "R"})
    force = "f" in flags
    if not operands:
        if force:
            return r
        return _fail(r, 1, "rm: missing operand", "Try 'rm --help' for more information.")
    machine = ctx.world.machine
    fs = machine.fs
    for op in operands:
        if recursive and basename(op.rstrip("/") or "/") in (".", ".."):
            r.err(f"rm: refusing to remove '.' or '..' directory: skipping '{op}'")
            r.exit_code = 1
            continue
        try:
            path = lookup_path(ctx, op)
        except FsError as exc:
            if not (force and exc.kind == "ENOENT"):
                r.err(f"rm: cannot remove '{op}': {exc.strerror}")
                r.exit_code = 1
            continue
        if path == "/" and recursive:
            r.err(
                "rm: it is dangerous to operate recursively on '/'",
                "rm: use --no-preserve-root to override this failsafe",
            )
            r.exit_code = 1
            continue
        try:
            if not fs.exists(path):
                fs.read(path)
            fs.remove(path, recursive=recursive)
        except FsError as exc:
            if force and exc.kind == "ENOENT":
                continue
            r.err(f"rm: cannot remove '{op}': {exc.strerror}")
            r.exit_code = 1
            continue
        if "v" in flags:
            r.out(f"removed '{op}'")
    return r


def rmdir(ctx: ShellContext, argv: list[str]) -> Result:
    r = Result()
    try:
        _, operands = _split_flags(argv, "", "rmdir", {})
    except _OptionRefused as exc:
        return exc.result
    if not operands:
        return _fail(r, 1, "rmdir: missing operand", "Try 'rmdir --help' for more information.")
    for op in operands:
        try:
            ctx.world.machine.fs.rmdir(lookup_path(ctx, op))
        except FsError as exc:
            r.err(f"rmdir: failed to remove '{op}': {exc.strerror}")
            r.exit_code = 1
    return r


# --- clear, history, exit, variables -------------------------------------


def clear(ctx: ShellContext, argv: list[str]) -> Result:
    r = Result()
    r.clear = True
    return r


def history(ctx: ShellContext, argv: list[str]) -> Result:
    r = Result()
    lines = ctx.world.machine.history
    args = argv[1:]
    if args and args[0] == "-c":
        lines.clear()
        return r
    start = 0
    if args:
        if args[0].startswith("-") and not args[0].lstrip("-").isdigit():
            return _not_simulated_option("history", args[0], "a count and -c")
        if not (args[0].isascii() and args[0].isdigit()):
            return _fail(r, 1, f"bash: history: {args[0]}: numeric argument required")
        if len(args) > 1:
            return _fail(r, 1, "bash: history: too many arguments")
        start = max(0, len(lines) - int(args[0]))
    for i in range(start, len(lines)):
        r.out(f"{i + 1:5d}  {lines[i]}")
    return r


def exit_(ctx: ShellContext, argv: list[str]) -> Result:
    r = Result()
    code = ctx.shell.last_status
    if len(argv) > 1:
        arg = argv[1]
        if re.fullmatch(r"\s*[+-]?[0-9]+\s*", arg):
            if len(argv) > 2:
                return _fail(r, 1, "bash: exit: too many arguments")
            code = int(arg) & 0xFF
        else:
            r.err(f"bash: exit: {arg}: numeric argument required")
            code = 2
    world = ctx.world
    if world.current != HOME_MACHINE and HOME_MACHINE in world.machines:
        # Leaving an ssh session: back to the laptop, as OpenSSH reports it.
        remote = world.current
        world.current = HOME_MACHINE
        r.out("logout")
        r.err(f"Connection to {remote} closed.")
        r.exit_code = code
        return r
    ctx.shell.exit_requested = code
    r.exit_code = code
    return r


HOME_MACHINE = "laptop"


def ssh(ctx: ShellContext, argv: list[str]) -> Result:
    """Log in to another simulated machine (a teammate's laptop, a server); its `localhost` is itself."""
    r = Result()
    world = ctx.world
    names = ", ".join(sorted(world.machines))
    args = [a for a in argv[1:] if not a.startswith("-")]
    if not args:
        return _fail(r, 255, f"registry-tutor: ssh needs a machine name; the machines here are: {names}")
    host = args[0].rpartition("@")[2]
    if host not in world.machines:
        return _fail(r, 255, f"ssh: Could not resolve hostname {host}: Name or service not known")
    if len(args) > 1:
        return _fail(r, 1, "registry-tutor: running a command through ssh is not simulated; "
                     f"type `ssh {host}`, then the command, then `exit`")
    if host == world.current:
        return r
    world.current = host
    r.events.append(ev.DirectoryChanged(host, world.machine.cwd))
    return r


def true(ctx: ShellContext, argv: list[str]) -> Result:
    return Result()


def false(ctx: ShellContext, argv: list[str]) -> Result:
    return Result(exit_code=1)


def whoami(ctx: ShellContext, argv: list[str]) -> Result:
    r = Result()
    r.out(basename(ctx.world.machine.home) or "learner")
    return r


def export(ctx: ShellContext, argv: list[str]) -> Result:
    r = Result()
    args = [a for a in argv[1:] if a not in ("-n", "--")]
    if not args or argv[1:2] == ["-p"]:
        for name, value in sorted(ctx.shell.environment().items()):
            escaped = value.replace("\\", "\\\\").replace('"', '\\"').replace("$", "\\$").replace("`", "\\`")
            r.out(f'declare -x {name}="{escaped}"')
        return r
    for arg in args:
        name, eq, value = arg.partition("=")
        if not _valid_name(name):
            r.err(f"bash: export: `{arg}': not a valid identifier")
            r.exit_code = 1
            continue
        if eq:
            ctx.shell.vars[name] = value
        else:
            ctx.shell.vars.setdefault(name, "")
        ctx.shell.exported.add(name)
    return r


def unset(ctx: ShellContext, argv: list[str]) -> Result:
    r = Result()
    for name in argv[1:]:
        if name in ("-v", "-f"):
            continue
        if not _valid_name(name):
            r.err(f"bash: unset: `{name}': not a valid identifier")
            r.exit_code = 1
            continue
        ctx.shell.vars.pop(name, None)
        ctx.shell.exported.discard(name)
    return r


def _valid_name(name: str) -> bool:
    return bool(NAME_RE.fullmatch(name))


# --- help ----------------------------------------------------------------

HELP_TOPICS: dict[str, list[str]] = {
    "": [
        "registry-tutor simulates a laptop with Docker, a registry at localhost:5000 and a",
        "read-only Docker Hub. Commands are never run for real: each one changes the simulated world.",
        "",
        "Docker:   docker build, tag, images, rmi, image inspect, image prune, history, run, ps,",
        "          push, pull, login, logout, manifest inspect, exec        (help docker)",
        "Registry: curl on the registry's HTTP API, e.g.",
        "          curl http://localhost:5000/v2/_catalog        (help curl)",
        "Shell:    cd, ls, pwd, cat, echo (> and >> into files), mkdir, touch, rm, rmdir,",
        "          clear, history, export, exit; quoting, ~, $VARS, *, &&, ||, ;, # comments",
        "          (help shell)",
        "explain:  retells what the previous command did, in library words (help explain)",
        "Machines: ssh NAME / exit, sudo systemctl restart docker; localhost is the machine you are on",
        "          (help machines)",
        "",
        "What the simulator simplifies (help simplifications):",
        "  - images have no real layer bytes: sizes and digests are computed, not downloaded",
        "  - there are no real containers: docker run only shows what the app's print() prints",
        "  - images are single-platform (linux/amd64); no multi-arch indexes are pushed (an attested",
        "    build's index holds the one image manifest and its build record)",
        "  - no pipes, command substitution, background jobs or editors, and no standard input: a command",
        "    that asks a question (docker image prune without -f) reads no answer, so it cancels",
        "  - push and pull show each layer's last status, as a terminal does once its progress bars",
        "    finish (piped, Docker also prints the Preparing/Waiting/Downloading/Extracting steps);",
        "    docker build prints BuildKit's plain progress (its piped or --progress=plain form)",
        "  - registries check no passwords: any docker login succeeds (without one, Hub refuses pushes)",
        "  - the simulated network holds only docker.io, localhost and the machines of the lesson: any",
        "    other host (ghcr.io, quay.io, ...) answers as Docker reports an unknown one (no such host)",
        "  - control characters (escape sequences) are shown as \\x1b and the like, never sent to your",
        "    terminal; command lines are capped at 16384 characters, variables at 128 KiB a command",
    ],
    "docker": [
        "docker commands the simulator understands (docker COMMAND --help for their options):",
        "  docker build -t NAME[:TAG] DIR     build the folder's Dockerfile into an image",
        "  docker tag SOURCE TARGET          stick another name/tag on the same image",
        "  docker images / docker image ls   list local images",
        "  docker rmi NAME[:TAG]             remove a tag (and the image when no tag is left)",
        "  docker image prune -f [-a]        remove dangling images (-a: every image no container uses)",
        "  docker history NAME               the build steps recorded in an image, newest first",
        "  docker image inspect NAME         the image's JSON",
        "  docker run [--rm] NAME            shows what the app's print() calls print",
        "  docker ps [-a]                    (simulated) containers",
        "  docker rm CONTAINER               remove a (simulated) container",
        "  docker exec CONTAINER CMD         simulated containers have no real processes to enter",
        "  docker push NAME[:TAG]            upload an image to its registry",
        "  docker pull NAME[:TAG|@DIGEST]    download an image",
        "  docker login / logout HOST        store or forget credentials",
        "  docker manifest inspect NAME      the manifest a registry holds",
        "  docker buildx imagetools inspect NAME   what a name holds in the registry (an index's manifests)",
        "A name without a registry host means Docker Hub: myapp1 is docker.io/library/myapp1.",
        "Follows Docker 29.7 (buildx v0.36, BuildKit v0.32) talking to CNCF Distribution v3.1.",
        "Current engine (containerd store): every build is attested as Docker 29 does by default: an OCI",
        "image index (a boxed set) holding the image manifest (the edition) and a provenance attestation",
        "(its build record, SLSA mode=min). The image ID is the index digest, so it changes on every build,",
        "even a fully CACHED one, while the image manifest inside stays the same for unchanged sources",
        "(see it with docker images --tree, docker image inspect --platform linux/amd64, or on the pushed",
        "tag docker buildx imagetools inspect / docker manifest inspect --insecure). --provenance=false, or",
        "BUILDX_NO_DEFAULT_ATTESTATIONS=1 (export it, or put it before the command), builds a single OCI",
        "image manifest instead. The classic engine has no attestations: an unchanged rebuild keeps its ID.",
        "Simplified: no real layers or containers; images are single-platform (linux/amd64), Hub's images",
        "are plain manifests (real official images are multi-platform indexes); the provenance is",
        "abbreviated (request, times, subject; no materials or build steps); no SBOMs; `docker image",
        "inspect` shows the main fields only; the long RUN scripts in Hub images' history are abridged",
        "(`docker history --no-trunc`). The build cache is kept only as the layers it holds (which rmi and",
        "image prune then leave). Not simulated: docker system df / system prune (no volumes, and no",
        "build-cache records with sizes, are modelled), container/builder prune.",
    ],
    "curl": [
        "curl talks to the simulated registry's HTTP API (CNCF Distribution), for example:",
        "  curl http://localhost:5000/v2/                       is it a registry?",
        "  curl http://localhost:5000/v2/_catalog               the repositories (shelves)",
        "  curl http://localhost:5000/v2/myapp1/tags/list       the tags (labels) on one shelf",
        "  curl -I -H 'Accept: application/vnd.oci.image.index.v1+json' \\",
        "       http://localhost:5000/v2/myapp1/manifests/1.0   the digest of what the tag names",
        "  curl -X DELETE http://localhost:5000/v2/myapp1/manifests/sha256:...",
        "On the current engine a build pushes an OCI image index (the edition's manifest plus its build",
        "record): ask for it with -H 'Accept: application/vnd.oci.image.index.v1+json', and for the manifests",
        "inside (by digest) with -H 'Accept: application/vnd.oci.image.manifest.v1+json'. Distribution v3",
        "answers MANIFEST_UNKNOWN to a client that does not accept the type it holds.",
        "Docker Hub's API (https://registry-1.docker.io/v2/...) answers as Hub does without a token:",
        "401 UNAUTHORIZED with a Bearer challenge. Getting a token is not simulated.",
        "Other hosts on the internet are not reachable from the simulator.",
        "A layer can be mounted from another shelf:",
        "  curl -X POST 'http://localhost:5000/v2/myapp2/blobs/uploads/?mount=sha256:...&from=myapp1'",
        "Not simulated: sending data (-d, -T: blob uploads and manifest PUTs; docker push does them),",
        "byte ranges, and the timings and addresses of -w; curl says so when you ask for them.",
    ],
    "registry": [
        "The registry at localhost:5000 is the CNCF Distribution `registry` program, running on this",
        "laptop (not in a container, so `docker images` stays empty). Its own commands are typed directly:",
        "  registry garbage-collect [--dry-run] [--delete-untagged] /etc/distribution/config.yml",
        "(This is Distribution v3, the registry:3 image; registry:2 kept its file at",
        "/etc/docker/registry/config.yml and deleted manifests by digest only, not by tag.)",
        "Garbage collection removes blobs no manifest references; --delete-untagged also removes",
        "editions no label points at. (With the registry in a container you would run the same command",
        "through `docker exec <container> registry garbage-collect ...`.)",
    ],
    "machines": [
        "Some lessons have more machines (a teammate's laptop, a server): `ssh NAME` goes there, `exit` comes back.",
        "`localhost` (and 127.0.0.1) always means the machine you are on. localhost:5000 is the registry running",
        "on your laptop; on a teammate's laptop the same name reaches their own machine, where no registry runs",
        "(`connect: connection refused`). A team shares a registry reached by a host name, such as",
        "registry.team.lan:5000. A Docker daemon talks plain HTTP only to loopback addresses and to the",
        "registries listed under insecure-registries in its /etc/docker/daemon.json; anything else must",
        "speak HTTPS, or Docker reports `http: server gave HTTP response to HTTPS client`. On each machine:",
        "  echo '{\"insecure-registries\": [\"registry.team.lan:5000\"]}' > /etc/docker/daemon.json",
        "  sudo systemctl restart docker      (dockerd reads daemon.json only when it starts)",
        "Simplified: no users or file permissions (sudo just runs the command); systemctl only restarts docker;",
        "a team registry with TLS has a certificate every machine already trusts; daemon.json settings other",
        "than insecure-registries are accepted but not simulated.",
    ],
    "shell": [
        "Shell commands (all on the simulated folders, never on your real disk):",
        "  cd [DIR|-]  pwd  ls [-l -a -A -1 -h -d]  cat FILE  echo [-n -e] TEXT",
        "  echo TEXT > FILE (overwrite)   echo TEXT >> FILE (append)   2> and 2>&1 work too",
        "  mkdir [-p]  touch  rm [-r -f]  rmdir  clear  history [N]  export NAME=VALUE  exit",
        "Quoting ('...', \"...\", \\), ~, $HOME and other variables, globs (*.py), a && b,",
        "a || b, a ; b and # comments work as in bash. Not simulated: pipes (|), $(...),",
        "background jobs (&), input redirection (<), editors (use echo ... >> FILE instead).",
        "echo -e and cat show control characters as \\x1b (ESC) and the like: the simulator shows",
        "escape sequences rather than sending them to your terminal.",
    ],
    "explain": [
        "explain retells the previous command's effects in library words:",
        "  registry = a library          repository = a shelf in it",
        "  image / manifest = an edition of a book, known by its digest (sha256:…)",
        "  tag = a label stuck on an edition; `latest` is just another label",
        "A label moves only when a command names it: docker tag, build -t or pull at your desk, a push",
        "to the library, or a registry DELETE that removes it. (Tools that write to a registry directly,",
        "such as crane or docker buildx imagetools create, can also set labels there.)",
    ],
}
# `help simplifications`: the overview's closing section, from its heading down
HELP_TOPICS["simplifications"] = HELP_TOPICS[""][
    next(i for i, line in enumerate(HELP_TOPICS[""]) if line.startswith("What the simulator simplifies")) :
]


def help_(ctx: ShellContext, argv: list[str]) -> Result:
    r = Result()
    topic = argv[1].lower() if len(argv) > 1 else ""
    if topic in ("ssh", "sudo", "systemctl", "localhost", "daemon.json"):
        topic = "machines"
    if topic in (
        "cd",
        "ls",
        "pwd",
        "cat",
        "echo",
        "mkdir",
        "touch",
        "rm",
        "rmdir",
        "history",
        "clear",
        "export",
    ):
        topic = "shell"
    if topic not in HELP_TOPICS:
        topics = ", ".join(sorted(t for t in HELP_TOPICS if t))
        return _fail(r, 1, f"registry-tutor: no help on '{argv[1]}'. Topics: {topics}")
    r.out(*HELP_TOPICS[topic])
    return r


# --- explain (its sentences: tutor/sim/narrator.py) -------------------------


def explain(ctx: ShellContext, argv: list[str]) -> Result:
    r = Result()
    shell = ctx.shell
    if shell.last_command is None:
        r.out("Nothing to explain yet: no command has run.")
        return r
    events = list(shell.last_events)
    if shell.last_exit != 0 and not events:
        from tutor.sim.shell.failures import failure_story

        r.out(*failure_story(shell.last_command, shell.last_exit, shell.last_errors))
        return r
    if not events:
        r.out(
            f"`{shell.last_command}` changed nothing: no image, label, shelf, library or file "
            "was touched, so there is nothing to retell."
        )
        return r
    from tutor.sim.narrator import narrate

    r.out(f"What `{shell.last_command}` did:")
    r.out(*(f"  {line}" for line in narrate(events, ctx.world.machine.home)))
    return r


# --- programs the simulator does not run ---------------------------------

_EDITOR = "to change a file here, use echo 'TEXT' > FILE (replace) or echo 'TEXT' >> FILE (append)"
OUT_OF_SCOPE: dict[str, str] = {
    "sudo": "no root is needed here; type the command without sudo",
    "su": "no root is needed here; type the command without su",
    "vim": _EDITOR,
    "vi": _EDITOR,
    "nano": _EDITOR,
    "emacs": _EDITOR,
    "code": _EDITOR,
    "ed": _EDITOR,
    "python": "the apps run inside images: docker build, then docker run shows what app.py prints",
    "python3": "the apps run inside images: docker build, then docker run shows what app.py prints",
    "pip": "dependencies would be installed by the Dockerfile; the simulated apps need none",
    "pip3": "dependencies would be installed by the Dockerfile; the simulated apps need none",
    "node": "the simulated apps are Python apps run with docker run",
    "npm": "the simulated apps are Python apps run with docker run",
    "git": "the app folders are not repositories; this tutorial is about image repositories on a registry",
    "kubectl": "there is no cluster here; the tutorial stops at registries",
    "helm": "there is no cluster here; the tutorial stops at registries",
    "podman": "the simulator imitates the docker CLI; type docker instead",
    "buildah": "the simulator imitates the docker CLI; use docker build",
    "skopeo": "use docker or curl on the registry API (help curl)",
    "crane": "use docker or curl on the registry API (help curl)",
    "oras": "use docker or curl on the registry API (help curl)",
    "regctl": "use docker or curl on the registry API (help curl)",
    "docker-compose": "use docker build, docker push and docker run",
    "wget": "use curl on the registry API (help curl)",
    "scp": "there is only your laptop here",
    "apt": "nothing needs installing: docker and curl are ready",
    "apt-get": "nothing needs installing: docker and curl are ready",
    "yum": "nothing needs installing: docker and curl are ready",
    "dnf": "nothing needs installing: docker and curl are ready",
    "brew": "nothing needs installing: docker and curl are ready",
    "snap": "nothing needs installing: docker and curl are ready",
    "systemctl": "the Docker daemon and the registry are always running here",
    "service": "the Docker daemon and the registry are always running here",
    "dockerd": "the Docker daemon is always running here",
    "registry": "the registry at localhost:5000 is always running here",
    "grep": "read the whole output instead (pipes are not simulated either)",
    "head": "use cat FILE",
    "tail": "use cat FILE",
    "less": "use cat FILE",
    "more": "use cat FILE",
    "sed": _EDITOR,
    "awk": "read the whole output instead",
    "jq": "curl's output is shown as the registry sends it",
    "find": "use ls DIR",
    "tree": "use ls DIR",
    "cp": "create the file with echo 'TEXT' > FILE",
    "mv": "create the file anew with echo 'TEXT' > FILE and rm the old one",
    "chmod": "file permissions are not simulated",
    "chown": "file owners are not simulated",
    "tar": "build contexts are sent by docker build; no archives needed",
    "make": "use docker build",
    "source": "there are no scripts to run here",
    "man": "type help, or help docker / help curl / help shell",
    "which": "docker and curl are simulated; type help to see every command",
    "bash": "you are already in the simulated shell",
    "sh": "you are already in the simulated shell",
    "zsh": "you are already in the simulated shell",
}


def out_of_scope(ctx: ShellContext, argv: list[str]) -> Result:
    name = argv[0]
    return _fail(
        Result(),
        127,
        f"registry-tutor: `{name}` is a real program this simulator does not run; "
        f"{OUT_OF_SCOPE.get(name, 'type help to see what it runs')}.",
    )


def command_not_found(ctx: ShellContext, argv: list[str]) -> Result:
    return _fail(
        Result(),
        127,
        f"bash: {argv[0]}: command not found",
        "(registry-tutor simulates docker, curl and a few shell commands; type `help` for the list)",
    )


def run_path(ctx: ShellContext, argv: list[str]) -> Result:
    """``./app.py`` or ``/usr/bin/x``: the simulated files are not executable."""
    name = argv[0]
    try:
        path = lookup_path(ctx, name)
    except FsError as exc:
        return _fail(Result(), 127, f"bash: {name}: {exc.strerror}")
    fs = ctx.world.machine.fs
    if fs.is_dir(path):
        return _fail(Result(), 126, f"bash: {name}: Is a directory")
    if fs.is_file(path):
        return _fail(
            Result(),
            126,
            f"bash: {name}: Permission denied",
            "(the simulator runs no programs from files: build an image and `docker run` it)",
        )
    return _fail(Result(), 127, f"bash: {name}: No such file or directory")


BUILTINS: dict[str, Program] = {
    "ssh": ssh,
    "cd": cd,
    "pwd": pwd,
    "ls": ls,
    "cat": cat,
    "echo": echo,
    "mkdir": mkdir,
    "touch": touch,
    "rm": rm,
    "rmdir": rmdir,
    "clear": clear,
    "history": history,
    "help": help_,
    "explain": explain,
    "exit": exit_,
    "true": true,
    "false": false,
    "whoami": whoami,
    "export": export,
    "unset": unset,
}

"""Turn a typed command line into simple commands, the way bash would read it.

This is a parser only — nothing is ever executed. It understands quoting
(``'…'``, ``"…"``, ``$'…'``, backslashes), ``#`` comments, ``~`` and
``$VARIABLE`` expansion, unquoted globs (``*``, ``?``, ``[…]``), the list
operators ``&&``, ``||`` and ``;`` (and newlines), and output redirection
(``>``, ``>>``, ``2>``, ``2>&1``, ``&>``…). Syntax errors are worded as bash
words them. Features the simulator does not offer (pipes, command
substitution, background jobs, input redirection, subshells) are refused with
a plain sentence saying so.

``parse(line)`` gives a list of ``Step``s; expansion of each word happens
later, when its command runs (so ``false; echo $?`` sees the right status):
``expand_words(words, lookup, glob)``. ``split(line)`` is a convenience like
``shlex.split`` for tests and simple callers.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable
from dataclasses import field

from tutor.sim.errors import SimError
from tutor.sim.fs import FileSystem, normalize
from tutor.sim.globmatch import compile_glob
from tutor.sim.lazy import LazyPattern
from tutor.sim.records import record

NAME_RE = LazyPattern(r"[A-Za-z_][A-Za-z0-9_]*")
SPECIAL_PARAMS = set("?$#0123456789@*!-")
WORD_BREAK = set(" \t\n;&|<>()")
GLOB_CHARS = set("*?[")


class ShellSyntaxError(SimError):
    """What bash says about a line it cannot parse (exit status 2)."""

    exit_code = 2


class NotSimulated(SimError):
    """Valid shell the simulator deliberately does not run (pipes, ``$(...)``...)."""

    exit_code = 2


def not_simulated(what: str, advice: str) -> NotSimulated:
    return NotSimulated(f"registry-tutor: {what} is not simulated: {advice}")


def unexpected(token: str) -> ShellSyntaxError:
    return ShellSyntaxError(f"bash: syntax error near unexpected token `{token}'")


# --- words ---------------------------------------------------------------


@record(frozen=True)
class Part:
    """A piece of a word: literal text, a ``$variable`` or a leading ``~``."""

    kind: str  # "lit", "var" or "tilde"
    text: str  # the literal text, or the variable's name
    quoted: bool = False

    def __init__(self, kind: str, text: str, quoted: bool = False) -> None:
        object.__setattr__(self, "kind", kind)
        object.__setattr__(self, "text", text)
        object.__setattr__(self, "quoted", quoted)


@record(frozen=True)
class Word:
    """A shell word: its quoted and unquoted parts, and the text as typed."""

    parts: tuple[Part, ...]
    raw: str  # the text as typed (for messages such as "ambiguous redirect")

    def __init__(self, parts: tuple[Part, ...], raw: str) -> None:
        object.__setattr__(self, "parts", parts)
        object.__setattr__(self, "raw", raw)

    @property
    def quoted(self) -> bool:
        return any(p.quoted for p in self.parts)

    @property
    def literal(self) -> str | None:
        """The word's text when it has no expansions at all, else None."""
        if all(p.kind == "lit" for p in self.parts):
            return "".join(p.text for p in self.parts)
        return None


@record(frozen=True)
class Redirect:
    """``fd`` is redirected: to a file (``target``) or to a copy of another fd (``dup``)."""

    fd: int  # 1 (stdout), 2 (stderr), other digits only create the file; -1 = both (&>)
    append: bool
    target: Word | None = None
    dup: int | None = None

    def __init__(self, fd: int, append: bool, target: Word | None = None, dup: int | None = None) -> None:
        object.__setattr__(self, "fd", fd)
        object.__setattr__(self, "append", append)
        object.__setattr__(self, "target", target)
        object.__setattr__(self, "dup", dup)


@record
class Command:
    """A simple command: its words and redirections."""

    words: list[Word] = field(default_factory=list)
    redirects: list[Redirect] = field(default_factory=list)

    def __init__(self, words: list[Word] | None = None, redirects: list[Redirect] | None = None) -> None:
        self.words = [] if words is None else words
        self.redirects = [] if redirects is None else redirects


@record
class Step:
    """One simple command and the operator that joins it to the one before (``""`` first)."""

    op: str  # "", ";", "&&", "||"
    command: Command

    def __init__(self, op: str, command: Command) -> None:
        self.op = op
        self.command = command


# --- the scanner ---------------------------------------------------------


class _WordBuilder:
    def __init__(self) -> None:
        self.parts: list[Part] = []
        self.buf: list[str] = []
        self.buf_quoted = False
        self.started = False
        self.start = 0
        self.only_digits = True  # for "2>": an IO number is an all-digit, unquoted word

    def add(self, text: str, quoted: bool) -> None:
        if self.buf and self.buf_quoted != quoted:
            self.flush()
        self.buf_quoted = quoted
        self.buf.append(text)
        self.started = True
        if quoted or not (text.isascii() and text.isdigit()):
            self.only_digits = False

    def add_part(self, part: Part) -> None:
        self.flush()
        self.parts.append(part)
        self.started = True
        self.only_digits = False

    def mark_quoted_empty(self) -> None:
        self.add("", True)

    def flush(self) -> None:
        if self.buf:
            self.parts.append(Part("lit", "".join(self.buf), self.buf_quoted))
            self.buf = []

    def build(self, raw: str) -> Word:
        self.flush()
        return Word(tuple(self.parts), raw)


@record(frozen=True)
class _Op:
    """A control operator between commands (``&&``, ``||``, ``;``, newline)."""

    text: str

    def __init__(self, text: str) -> None:
        object.__setattr__(self, "text", text)


def _scan(line: str) -> list[Word | _Op]:
    if _SIMPLE_LINE.fullmatch(line) is not None:
        # Only plain words between spaces/tabs (most typed lines): what the scanner below would make
        return [_simple_word(text) for text in line.replace("\t", " ").split(" ") if text]
    tokens = _scan_common(line)
    return tokens if tokens is not None else _Scanner(line).scan()


# Blank-separated plain words, '...' words and `>`/`>>` (echo '...' > file): the scanner's result for them,
# token by token; anything else (None) goes to the scanner.
_COMMON_TOKEN = LazyPattern(
    r"[ \t]+|'([^']*)'(?=[ \t]|\Z)|(>>?)(?=[ \t])|([^ \t\r\n#\\'\"`$<>;&|()]+)(?=[ \t]|\Z)"
)


def _scan_common(line: str) -> list[Word | _Op] | None:
    tokens: list[Word | _Op] = []
    match = _COMMON_TOKEN.match
    pos, n = 0, len(line)
    while pos < n:
        m = match(line, pos)
        if m is None:
            return None
        kind = m.lastindex
        if kind == 1:
            tokens.append(Word((Part("lit", m.group(1), True),), m.group(0)))
        elif kind == 2:
            tokens.append(_Op(m.group(2)))
        elif kind == 3:
            tokens.append(_simple_word(m.group(3)))
        pos = m.end()
    return tokens


# The shell's direct path (Shell._run_direct): a line of plain words (no quotes, $, glob characters, operators
# or #), '...' words and `>`/`>>` between blanks is run from its raw tokens, without Word objects: the same
# strings as _scan_common's tokens (which `>` layouts qualify is the caller's to check).
# A line without quotes is checked for the characters it may not hold (bytes.translate for ASCII: the
# regex engine costs ~80 instructions a character), including those str.split() splits at but blank and
# tab, so that it splits with str.split(); a `>` glued to a word goes the general way.
_DIRECT_CHARS = LazyPattern(
    "[^\\r\\n#\\\\\"`$<;&|()*?\\[\\x0b\\x0c\\x1c-\\x1f\\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]*+"
)
_DIRECT_ASCII_NOT = b"\r\n#\\\"`$<;&|()*?[\x0b\x0c\x1c\x1d\x1e\x1f"  # _DIRECT_CHARS's ASCII exclusions
_GLUED_GT = LazyPattern(r"[^ \t>]>|>[^ \t>]|>>>")
# With quotes: one token per match, blanks before it skipped; where no token starts (a glued quote, a $...)
# the match is empty, and an empty token sends the line the general way.
_DIRECT_TOKEN = LazyPattern(
    r"[ \t]*+(?:('[^']*+'(?=[ \t]|\Z)|>>?+(?=[ \t])|[^ \t\r\n#\\'\"`$<>;&|()*?\[]++(?=[ \t]|\Z))|(?=[^ \t]))"
)


def direct_tokens(line: str) -> list[str] | None:
    """The raw tokens of a line the shell may run directly (see _DIRECT_CHARS), else None.

    A token starting with ``'`` is a quoted word (its text between the quotes), ``>``/``>>`` an operator,
    anything else a plain word (``~`` or ``~/...`` expands). An empty or blank line gives ``[]``."""
    if "'" in line:
        tokens = _DIRECT_TOKEN.findall(line)
        return None if "" in tokens else tokens
    if line.isascii():
        if len(line.encode().translate(None, _DIRECT_ASCII_NOT)) != len(line):
            return None
    elif _DIRECT_CHARS.fullmatch(line) is None:
        return None
    if ">" in line and _GLUED_GT.search(line) is not None:
        return None
    return line.split()  # (only blanks and tabs part these words)


_SIMPLE_WORDS: dict[str, Word] = {}  # word text -> its Word (immutable, so shared): docker, push, -q ...


def _simple_word(text: str) -> Word:
    """A word without quotes, ``$``, operators or ``#``: one literal, or ``~`` then one."""
    word = _SIMPLE_WORDS.get(text)
    if word is None:
        if text[0] == "~" and (len(text) == 1 or text[1] == "/"):  # `~` and `~/x` expand; `~x` is literal
            rest = text[1:]
            parts = (Part("tilde", ""), Part("lit", rest, False)) if rest else (Part("tilde", ""),)
        else:
            parts = (Part("lit", text, False),)
        word = Word(parts, text)
        if len(_SIMPLE_WORDS) >= 4096:
            _SIMPLE_WORDS.clear()
        _SIMPLE_WORDS[text] = word
    return word


class _Scanner:
    """One line split into words and operators, as bash's reader does (no expansion yet)."""

    def __init__(self, line: str) -> None:
        self.line, self.n, self.i = line, len(line), 0
        self.tokens: list[Word | _Op] = []
        self.word: _WordBuilder | None = None

    def scan(self) -> list[Word | _Op]:
        line, n = self.line, self.n
        plain = _PLAIN_RUN.match
        while self.i < n:
            i = self.i
            # A run of ordinary characters goes in at once (the scanner is on every command's path);
            # none of them is one the handlers below claim, so trying it first changes nothing.
            m = plain(line, i)
            if m is not None:
                end = m.end()
                self.current().add(line[i:end], False)
                self.i = end
                continue
            c = line[i]
            if c == " ":
                self.finish()
                self.i = i + 1
                continue
            if self._blank_or_comment(c) or self._quoted(c) or self._expansion(c) or self._operator(c):
                continue
            self.current().add(c, False)  # `#` or `~` inside a word
            self.i = i + 1
        self.finish()
        return self.tokens

    def finish(self) -> None:
        word = self.word
        if word is not None and word.started:
            self.tokens.append(word.build(self.line[word.start : self.i]))
        self.word = None

    def current(self) -> _WordBuilder:
        if self.word is None:
            self.word = _WordBuilder()
            self.word.start = self.i
        return self.word

    def _at_word_start(self) -> bool:
        return self.word is None or not self.word.started

    def _blank_or_comment(self, c: str) -> bool:
        line, n = self.line, self.n
        if c in " \t\r":
            self.finish()
            self.i += 1
        elif c == "\n":
            self.finish()
            self.tokens.append(_Op("\n"))
            self.i += 1
        elif c == "#" and self._at_word_start():
            while self.i < n and line[self.i] != "\n":
                self.i += 1
        else:
            return False
        return True

    def _quoted(self, c: str) -> bool:
        """A backslash escape, '...' or "..."."""
        line, i = self.line, self.i
        if c == "\\":
            if i + 1 < self.n:
                if line[i + 1] != "\n":  # else a line continuation: both characters go
                    self.current().add(line[i + 1], True)
                self.i += 2
            else:
                self.current().add("\\", False)
                self.i += 1
        elif c == "'":
            end = line.find("'", i + 1)
            if end < 0:
                raise ShellSyntaxError("bash: unexpected EOF while looking for matching `''")
            self.current().add(line[i + 1 : end], True)
            self.i = end + 1
        elif c == '"':
            self.i = _scan_double(line, i + 1, self.current())
        else:
            return False
        return True

    def _expansion(self, c: str) -> bool:
        """``$...``, a leading ``~``; a backquote is refused (command substitution)."""
        line, i = self.line, self.i
        if c == "`":
            raise _command_substitution()
        if c == "$":
            self.i = _scan_dollar(line, i, self.current(), quoted=False)
            return True
        if c == "~" and self._at_word_start():
            nxt = line[i + 1] if i + 1 < self.n else ""
            if nxt == "" or nxt == "/" or nxt in WORD_BREAK:
                self.current().add_part(Part("tilde", ""))
                self.i += 1
                return True
        return False

    def _operator(self, c: str) -> bool:
        word = self.word
        if c in "<>" and word is not None and word.started and word.only_digits and not word.parts:
            # "2>file": the digits before the operator name a file descriptor
            fd = "".join(word.buf)
            self.word = None
            op, self.i = _read_operator(self.line, self.i)
            self.tokens.append(_Op(fd + op))
            return True
        if c in ";&|<>()":
            self.finish()
            op, self.i = _read_operator(self.line, self.i)
            self.tokens.append(_Op(op))
            return True
        return False


_PLAIN_RUN = LazyPattern(r"[^ \t\r\n#\\'\"`$~<>;&|()]+")
_SIMPLE_LINE = LazyPattern(r"[^\r\n#\\'\"`$<>;&|()]*")  # _PLAIN_RUN's characters, blanks and `~`
_DOUBLE_RUN = LazyPattern(r'[^"\\`$]+')


def _read_operator(line: str, i: int) -> tuple[str, int]:
    for op in ("&>>", ">>", ">&", ">|", "&>", "&&", "||", ";;", ";&", "|&", "<<<", "<<", "<&", "<>"):
        if line.startswith(op, i):
            return op, i + len(op)
    return line[i], i + 1


def _scan_double(line: str, i: int, word: _WordBuilder) -> int:
    n = len(line)
    word.mark_quoted_empty()
    while i < n:
        c = line[i]
        if c == '"':
            return i + 1
        if c == "\\" and i + 1 < n and line[i + 1] in '$`"\\\n':
            if line[i + 1] != "\n":
                word.add(line[i + 1], True)
            i += 2
            continue
        if c == "`":
            raise _command_substitution()
        if c == "$":
            i = _scan_dollar(line, i, word, quoted=True)
            continue
        m = _DOUBLE_RUN.match(line, i)
        end = m.end() if m else i + 1
        word.add(line[i:end], True)
        i = end
    raise ShellSyntaxError("bash: unexpected EOF while looking for matching `\"'")


_ANSI_C = {
    "n": "\n",
    "t": "\t",
    "r": "\r",
    "a": "\a",
    "b": "\b",
    "e": "\x1b",
    "E": "\x1b",
    "f": "\f",
    "v": "\v",
    "\\": "\\",
    "'": "'",
    '"': '"',
    "?": "?",
}


def _scan_dollar(line: str, i: int, word: _WordBuilder, quoted: bool) -> int:
    """``line[i]`` is ``$``: a variable, ``$'…'``, or a literal dollar sign."""
    n = len(line)
    nxt = line[i + 1] if i + 1 < n else ""
    if nxt == "(":
        raise _command_substitution()
    if nxt == "{":
        end = line.find("}", i + 2)
        if end < 0:
            raise ShellSyntaxError("bash: unexpected EOF while looking for matching `}'")
        name = line[i + 2 : end]
        if NAME_RE.fullmatch(name) or (len(name) == 1 and name in SPECIAL_PARAMS):
            word.add_part(Part("var", name, quoted))
            return end + 1
        if name == "":
            raise ShellSyntaxError("bash: ${}: bad substitution")
        raise not_simulated(
            f"the parameter expansion ${{{name}}}", "only plain variables such as ${HOME} are expanded"
        )
    if nxt == "'" and not quoted:
        j = i + 2
        out: list[str] = []
        while j < n and line[j] != "'":
            if line[j] == "\\" and j + 1 < n:
                hex_digits = (
                    re.match(r"[0-9a-fA-F]{1,2}", line[j + 2 : j + 4]) if line[j + 1] == "x" else None
                )
                if hex_digits:
                    out.append(chr(int(hex_digits.group(0), 16)))
                    j += 2 + len(hex_digits.group(0))
                    continue
                out.append(_ANSI_C.get(line[j + 1], "\\" + line[j + 1]))
                j += 2
            else:
                out.append(line[j])
                j += 1
        if j >= n:
            raise ShellSyntaxError("bash: unexpected EOF while looking for matching `''")
        word.add("".join(out), True)
        return j + 1
    if nxt == '"' and not quoted:
        return _scan_double(line, i + 2, word)
    m = NAME_RE.match(line, i + 1)
    if m:
        word.add_part(Part("var", m.group(0), quoted))
        return m.end()
    if nxt and nxt in SPECIAL_PARAMS:
        word.add_part(Part("var", nxt, quoted))
        return i + 2
    word.add("$", quoted)
    return i + 1


def _command_substitution() -> NotSimulated:
    return not_simulated(
        "command substitution ($(...) and `...`)",
        "the simulator does not run a command inside another; type the inner command on its own",
    )


# --- the parser ----------------------------------------------------------

_LIST_OPS = {"&&", "||", ";", "\n"}


def parse(line: str) -> list[Step]:
    """Parse a line into steps; raises ShellSyntaxError or NotSimulated."""
    tokens = _scan(line)
    if tokens and _Op not in map(type, tokens):  # words only (most lines): what _steps makes of them
        return [Step("", Command(list(tokens)))]
    return _steps(tokens)


def _steps(tokens: list[Word | _Op]) -> list[Step]:
    """The scanned tokens as steps: commands with their redirections, joined by list operators."""
    steps: list[Step] = []
    cmd: Command | None = None
    pending_op = ""
    k = 0
    while k < len(tokens):
        tok = tokens[k]
        if isinstance(tok, Word):
            if cmd is None:
                cmd = Command()
            cmd.words.append(tok)
            k += 1
            continue
        op = tok.text
        if op in _LIST_OPS:
            if cmd is None:
                if op == "\n" and pending_op in ("", ";", "\n"):
                    k += 1
                    continue
                if op == "\n":  # "a &&" then a newline: bash reads on
                    k += 1
                    continue
                raise unexpected(op)
            steps.append(Step(";" if pending_op == "\n" else pending_op, cmd))
            cmd = None
            pending_op = op
            k += 1
            continue
        redirect, k = _parse_redirect(tokens, k)
        if redirect is not None:
            if cmd is None:
                cmd = Command()
            cmd.redirects.append(redirect)
            continue
        raise _refuse_operator(op, at_start=cmd is None)
    if cmd is not None:
        steps.append(Step(";" if pending_op == "\n" else pending_op, cmd))
    elif pending_op in ("&&", "||"):
        raise ShellSyntaxError("bash: syntax error: unexpected end of file")
    return steps


@functools.lru_cache(maxsize=256)
def parse_shared(line: str) -> tuple[Step, ...]:
    """``parse(line)``, shared by every caller that gives the same text: read it, never change it.

    A line is parsed the same way whatever the world holds (expansion comes later), so the text is the
    whole key: a learner's repeated lines (the up arrow, a lesson's build-push loop) are read once.
    A line that fails raises each time (errors are not cached)."""
    return tuple(parse(line))


_REDIRECT_RE = LazyPattern(r"([0-9]*)(>>|>\||>&|>|&>>|&>)")


def _parse_redirect(tokens: list[Word | _Op], k: int) -> tuple[Redirect | None, int]:
    op = tokens[k].text  # type: ignore[union-attr]
    m = _REDIRECT_RE.fullmatch(op)
    if not m:
        if re.fullmatch(r"[0-9]*(<|<<|<<<|<&|<>)", op):
            raise not_simulated(
                f"input redirection ({op.lstrip('0123456789')})",
                "commands here do not read from files or the keyboard; give the file name as an argument",
            )
        return None, k
    digits, kind = m.groups()
    nxt = tokens[k + 1] if k + 1 < len(tokens) else None
    if not isinstance(nxt, Word):
        raise unexpected("newline" if nxt is None or nxt.text == "\n" else nxt.text)
    if kind.startswith("&>"):
        if digits:  # "2&>f" is "2" then "&>f" in bash; rare enough to refuse plainly
            raise unexpected("&>")
        return Redirect(-1, kind == "&>>", target=nxt), k + 2
    fd = int(digits) if digits else 1
    if kind == ">&":
        text = nxt.literal
        if text is not None and text.isdigit():
            if int(text) not in (1, 2):
                raise ShellSyntaxError(f"bash: {text}: Bad file descriptor", exit_code=1)
            return Redirect(fd, False, dup=int(text)), k + 2
        if text == "-":
            raise not_simulated("closing a file descriptor (>&-)", "redirect to a file instead")
        if fd != 1:
            raise ShellSyntaxError(f"bash: {nxt.raw}: ambiguous redirect", exit_code=1)
        return Redirect(-1, False, target=nxt), k + 2
    return Redirect(fd, kind == ">>", target=nxt), k + 2


def _refuse_operator(op: str, at_start: bool) -> SimError:
    if op in ("|", "|&"):
        if at_start:
            return unexpected(op)
        return not_simulated(
            f"a pipe ({op})", "run the command on its own and read its output (`>` into a file works)"
        )
    if op == "&":
        if at_start:
            return unexpected("&")
        return not_simulated("running a command in the background (&)", "run it without the trailing &")
    if op == "(" and at_start:
        return not_simulated("a subshell ( ... )", "type the commands without the parentheses")
    return unexpected(op)


# --- expansion -----------------------------------------------------------


def _has_glob(word: Word) -> bool:
    return any(
        p.kind == "lit" and not p.quoted and not GLOB_CHARS.isdisjoint(p.text) for p in word.parts
    )


def expand_word(
    word: Word,
    lookup: Callable[[str], str],
    glob: Callable[[str], list[str]] | None = None,
) -> list[str]:
    """The fields a word expands to (none for an unquoted empty variable; several after splitting).

    ``lookup(name)`` gives a variable's value (``"HOME"`` for ``~``); ``glob(pattern)`` the
    matching paths for a pattern (quoted glob characters arrive escaped as ``[*]``).
    """
    parts = word.parts
    if len(parts) == 1:  # the usual word: one literal, nothing to split or (quoted or no * ? [) glob
        part = parts[0]
        if part.kind == "lit" and (part.quoted or glob is None or GLOB_CHARS.isdisjoint(part.text)):
            return [part.text]
    elif len(parts) == 2 and parts[0].kind == "tilde":  # ~/path: one field, $HOME and the rest
        part = parts[1]
        if part.kind == "lit" and (part.quoted or glob is None or GLOB_CHARS.isdisjoint(part.text)):
            return [lookup("HOME") + part.text]
    fields: list[tuple[str, str]] = []
    cur: list[str] = []
    pat: list[str] = []
    have = False  # the current field exists (even if empty, e.g. "")
    globbing = glob is not None and _has_glob(word)

    def push(text: str, quoted: bool) -> None:
        cur.append(text)
        if globbing:
            pat.append(text if not quoted else "".join(f"[{ch}]" if ch in "*?[]" else ch for ch in text))

    def end_field() -> None:
        nonlocal have
        if have or cur:
            fields.append(("".join(cur), "".join(pat)))
        cur.clear()
        pat.clear()
        have = False

    for part in word.parts:
        if part.kind == "lit":
            push(part.text, part.quoted)
            have = True
        elif part.kind == "tilde":
            push(lookup("HOME"), True)
            have = True
        else:
            value = lookup(part.text)
            if part.quoted:
                push(value, True)
                have = True
                continue
            pieces = value.split()
            if not pieces:
                continue
            if value[:1].isspace():
                end_field()
            for j, piece in enumerate(pieces):
                if j:
                    end_field()
                push(piece, True)
                have = True
            if value[-1:].isspace():
                end_field()
    end_field()
    result: list[str] = []
    for text, pattern in fields:
        if globbing and glob is not None and not GLOB_CHARS.isdisjoint(pattern):
            matches = glob(pattern)
            if matches:
                result.extend(matches)
                continue
        result.append(text)
    return result


def expand_words(
    words: Iterable[Word],
    lookup: Callable[[str], str],
    glob: Callable[[str], list[str]] | None = None,
) -> list[str]:
    out: list[str] = []
    for word in words:
        out.extend(expand_word(word, lookup, glob))
    return out


def glob_paths(pattern: str, cwd: str, fs: FileSystem) -> list[str]:
    """Bash pathname expansion against a simulated tree: ``*.py``, ``myapp*/Dockerfile``, ``/tmp/?``.

    Results keep the pattern's form (relative stays relative), sorted; hidden names match
    only a pattern segment that starts with a dot. No match gives an empty list.
    """
    absolute = pattern.startswith("/")
    segments = [s for s in pattern.split("/") if s]
    if not segments:
        return []
    candidates = [("/" if absolute else "", "/" if absolute else cwd)]  # (as shown, absolute)
    for idx, seg in enumerate(segments):
        last = idx == len(segments) - 1
        found: list[tuple[str, str]] = []
        matcher = compile_glob(seg) if any(ch in GLOB_CHARS for ch in seg) else None  # once per segment
        for shown, real in candidates:
            prefix = shown if (shown == "" or shown.endswith("/")) else shown + "/"
            if matcher is not None:
                if not fs.is_dir(real):
                    continue
                for name in fs.listdir(real):
                    if name.startswith(".") and not seg.startswith("."):
                        continue
                    if matcher(name):
                        path = normalize(real + "/" + name)
                        if last or fs.is_dir(path):
                            found.append((prefix + name, path))
            else:
                path = normalize(real + "/" + seg)
                if fs.is_dir(path) or (last and fs.exists(path)):
                    found.append((prefix + seg, path))
        candidates = found
        if not candidates:
            return []
    if pattern.endswith("/"):
        return sorted(s + "/" for s, r in candidates if fs.is_dir(r))
    return sorted(s for s, _ in candidates)


def split(line: str, env: dict[str, str] | None = None) -> list[str]:
    """All words of a line, expanded with ``env`` (``HOME`` for ``~``), operators dropped.

    Like ``shlex.split`` with bash's quoting rules; raises ShellSyntaxError/NotSimulated.
    """
    env = env or {}
    words: list[Word] = []
    for step in parse(line):
        words.extend(step.command.words)
    return expand_words(words, lambda name: env.get(name, ""))
